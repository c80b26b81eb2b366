"""The writer: imported claims -> a document that parses back to the same text (hostile strings, hypothesis)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_support import plain_and_spans

from argmap.errors import ImportFailed, Location, Severity
from argmap.formats.aif import read_aif
from argmap.formats.argdown import read_argdown
from argmap.formats.brat import read_brat
from argmap.formats.imported import ImportedClaim, ImportedMap, ImportedRelation, Positions
from argmap.formats.markdown import assign_ids, is_date, quote_value, write_document
from argmap.model import NodeKind, RelationType
from argmap.source.parse import normalize_space, parse_document
from argmap.source.scanner import parse_attr_block

#: Front matter the inputs here lack (argmap never invents it).
META = {"title": "T", "authors": ["A"], "date": "2026"}

HOSTILE = [
    "quotes \"double\" and 'single'",
    "back\\slash and \\\\ two",
    "<script>alert(1)</script>",
    "javascript:alert(document.cookie)",
    "[bold] rich [/bold] markup",
    "brackets [a] [b]{#x .claim} ]{ [",
    'braces { } {#id .claim supports="x"}',
    "backslash before bracket \\[ and \\]",
    "`code [x]` and ``double `tick``",
    "odd ` backtick",
    "<!-- html comment --> after",
    "<!-- unclosed comment",
    "<https://example.org/[x]> autolink",
    "bang![not an image]",
    "# heading-like",
    "```fence-like",
    "control \x01\x07 chars",
    "emoji 🦜 and RTL \u202e text",
    "ends with backslash \\",
]


def _map(claims: list[tuple[str, str | None]]) -> ImportedMap:
    imported = ImportedMap(path="in.json")
    for n, (text, label) in enumerate(claims):
        imported.claims.append(
            ImportedClaim(
                key=f"k{n}", text=text, kind=NodeKind.CLAIM, loc=Location("in.json", n + 1, 1), label=label, by=label
            )
        )
    for n in range(1, len(claims)):
        imported.relations.append(ImportedRelation(f"k{n}", "k0", RelationType.SUPPORTS, Location("in.json", 1, 1)))
    return imported


def _check_paragraphs(imported: ImportedMap) -> None:
    result = write_document(imported, "doc", **META)
    doc = parse_document(result.text, "doc.md")
    errors = [d for d in doc.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    changed = {d.loc.line for d in result.diagnostics if d.code == "AM510"}
    dropped = {d.loc.line for d in result.diagnostics if d.code == "AM511"}
    spans = {s.local_id: s for s in doc.spans}
    for n, claim in enumerate(imported.claims, 1):
        if n in dropped:
            assert claim.key not in result.ids
            continue
        span = spans[result.ids[claim.key]]
        if n not in changed:
            assert span.text == normalize_space(claim.text)
            assert span.label == (normalize_space(claim.label) or None if claim.label else None)
            # a holder equal to the document's authors is the default, so the writer leaves by= out
            assert span.by == (None if span.label == ", ".join(META["authors"]) else span.label)
    assert len(doc.relations) == sum(1 for r in imported.relations if r.source in result.ids and r.target in result.ids)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_and_attributes_read_back_exactly(text):
    _check_paragraphs(_map([(text, text), ("plain", None)]))


def test_backslash_before_bracket_is_reported_not_silently_changed():
    result = write_document(_map([("a \\[ b", None)]), "doc", **META)
    assert [d.code for d in result.diagnostics] == ["AM510"]
    assert "backslash" in result.diagnostics[0].message


@settings(max_examples=150, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=40).filter(lambda t: normalize_space(t) != ""),
            st.one_of(st.none(), st.text(max_size=20)),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_text_reads_back(claims):
    _check_paragraphs(_map(claims))


@pytest.mark.parametrize("value", ['a "b" c', "back\\slash", 'both \\" mixed', "}{#x"])
def test_quote_value_round_trips_through_the_attribute_parser(value):
    block = "{label=" + quote_value(value) + "}"
    attrs, end = parse_attr_block(block, 0, len(block))
    assert end == len(block)
    assert attrs[0].value == value


def test_ids_keep_local_parts_and_qualify_only_clashes():
    claims = [
        ImportedClaim(key=k, text="t", kind=NodeKind.CLAIM, loc=Location("x", 1, 1), id_hint=k)
        for k in ("kim#thesis", "sny#thesis", "sny#other", "3 bad id!", "3 bad id?")
    ]
    assert list(assign_ids(claims).values()) == ["kim-thesis", "sny-thesis", "other", "c-3-bad-id", "c-3-bad-id-2"]


# -- stand-off (brat) -----------------------------------------------------

ALPHABET = st.sampled_from([*list("ab  []{}\\`<!->#*_.:\n\r"), "\n\n", "    ", "```", "<!--", "-->", "é"])


@st.composite
def standoff(draw):
    text = "".join(draw(st.lists(ALPHABET, max_size=60)))
    lines = []
    for n in range(draw(st.integers(0, 6))):
        if len(text) < 1:
            break
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        kind = draw(st.sampled_from(["Claim", "Premise", "MajorClaim"]))
        lines.append(f"T{n + 1}\t{kind} {a} {b}\t{text[a:b]}".replace("\n", " ").replace("\r", " "))
    return text, "\n".join(lines) + "\n"


def _check_standoff(txt: str, ann: str) -> None:
    imported = read_brat(ann, txt, "e.ann", "e.txt")
    result = write_document(imported, "doc", **META)
    plain, spans = plain_and_spans(result.text)
    # The one change the format forces: a backslash right before a bracket is doubled (AM510, at its offset).
    positions = Positions(txt, "e.txt")
    doubled = sorted(positions.starts[d.loc.line - 1] + d.loc.col - 1 for d in result.diagnostics if d.code == "AM510")
    expected = txt
    for offset in reversed(doubled):
        expected = expected[:offset] + "\\" + expected[offset:]
    assert plain == expected
    for claim in imported.claims:
        if claim.key in result.ids:
            # a span keeps its words; one holding a doubled backslash gains it too (it is not dropped)
            shift = sum(1 for offset in doubled if offset < claim.start)
            shift_end = sum(1 for offset in doubled if offset < claim.end)
            assert spans[result.ids[claim.key]] == (claim.start + shift, claim.end + shift_end)
            words = txt[claim.start : claim.end]
            for offset in reversed([d - claim.start for d in doubled if claim.start <= d < claim.end]):
                words = words[:offset] + "\\" + words[offset:]
            assert plain[claim.start + shift : claim.end + shift_end] == words
    doc = parse_document(result.text, "doc.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []
    written = set(result.ids)
    dropped = {d.message.split("'")[1] for d in result.diagnostics if d.code == "AM511"}
    assert written | dropped == {c.key for c in imported.claims}


@settings(max_examples=300, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
@given(standoff())
def test_standoff_keeps_text_and_offsets_exactly(case):
    _check_standoff(*case)


def test_standoff_backslash_before_bracket_shifts_later_offsets_and_says_so():
    _check_standoff("a\\[b\nc d", "T1\tClaim 6 7\td\n")


@pytest.mark.parametrize("text", HOSTILE)
def test_standoff_hostile_text(text):
    ann = f"T1\tClaim 0 {len(text)}\t{text}\nT2\tPremise 0 1\t{text[0]}\n"
    _check_standoff(text, ann)


# -- front matter and lone surrogates ---------------------------------------


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2024", True),
        ("2024-02", True),
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-02-30", False),
        ("2024-13", False),
        ("0000", False),
        ("9999-99-99", False),
        ("2024-2-3", False),
        ("garbage", False),
    ],
)
def test_is_date_accepts_what_check_accepts(text, ok):
    assert is_date(text) is ok
    doc = parse_document(f"---\nid: d\ntitle: T\nauthors: [A]\ndate: '{text}'\n---\n\n[x]{{#a .claim}}\n", "d.md")
    assert ("AM103" not in [d.code for d in doc.diagnostics]) is ok


def test_dates_that_are_no_calendar_dates_fall_back_and_are_noted():
    imported = _map([("a", None)])
    imported.meta = {"date": "2024-02-30", "authors": 5}  # e.g. from AIF's argmap.documents
    imported.date_hint = "2021-13-01"
    result = write_document(imported, "doc", title="T", authors=["A"])
    assert result.missing == ["date"]
    assert "date: The input's date '2024-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)." in result.text
    result = write_document(imported, "doc", title="T", authors=["A"], date="2023-02-29")
    assert "The date given (--date) '2023-02-29' is not a date" in result.text
    imported.date_hint = "2021-12-01"
    result = write_document(imported, "doc", title="T", authors=["A"])
    assert "date: '2021-12-01'" in result.text


def test_nothing_is_invented_for_the_front_matter():
    imported = _map([("a", None)])
    result = write_document(imported, "doc")
    assert result.missing == ["title", "authors", "date"]
    (finding,) = [d for d in result.diagnostics if d.code == "AM512"]
    assert "give --title TEXT and --author NAME and --date YYYY[-MM[-DD]]" in finding.message
    assert "unknown" not in result.text
    result = write_document(imported, "doc", meta={"title": "From a sidecar", "authors": ["S"], "date": "2020"})
    assert result.missing == []
    assert "title: From a sidecar" in result.text
    imported.title_hint, imported.title_note = "First line", "The first line of the text."
    result = write_document(imported, "doc", authors=["A"], date="2020")
    assert "title: First line" in result.text
    assert "title: The first line of the text." in result.text


def test_lone_surrogates_that_reach_the_writer_are_replaced_and_reported():
    imported = read_brat("T1\tClaim 0 3\tabc\n", "a\ud800c d", "s\udce9.ann", "s.txt")
    imported.claims[0].label = "l\udfff"
    imported.meta = {"title": "t\ud800", "notes": {"k": "\udc00"}}
    result = write_document(imported, "doc", authors=["A"], date="2026")
    result.text.encode("utf-8")
    assert [(d.loc.path, d.loc.line, d.loc.col, d.code) for d in result.diagnostics] == [
        ("s\udce9.ann", 1, 1, "AM510"),
        ("s.txt", 1, 2, "AM510"),
        ("s\udce9.ann", 1, 1, "AM510"),
    ]
    assert "claim 'T1' (text, label): a lone UTF-16 surrogate" in result.diagnostics[0].message
    assert '[a\ufffdc]{#T1 .claim label="l\ufffd"} d' in result.text
    assert "title: t\ufffd" in result.text
    assert "s\ufffd.ann" in result.text
    assert [d for d in parse_document(result.text, "doc.md").diagnostics if d.severity is Severity.ERROR] == []


# -- any input: findings or ImportFailed, and a document argmap reads without errors --

_JSON_TEXT = st.text(st.characters(codec=None), max_size=8) | st.sampled_from(
    ["I", "RA", "CA", "L", "YA", "MA", "x", "\ud800", "a\udc00b", "Bob : hi", "2024-02-30 10:00:00", "2020-01-01 10:00"]
)
_JSON_SCALAR = st.none() | st.booleans() | st.integers() | st.sampled_from([0, 1, 2, 3]) | _JSON_TEXT
_JSON = st.recursive(
    _JSON_SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_TEXT, inner, max_size=3),
    max_leaves=8,
)
_NODE = st.fixed_dictionaries(
    {
        "nodeID": st.sampled_from([0, 1, 2, 3, "1", "2"]) | _JSON,
        "type": st.sampled_from(["I", "RA", "CA", "L", "YA"]) | _JSON,
    },
    optional={"text": _JSON_TEXT | _JSON, "timestamp": _JSON_TEXT},
)
_EDGE = st.fixed_dictionaries(
    {"fromID": st.sampled_from([0, 1, 2, 3]) | _JSON, "toID": st.sampled_from([0, 1, 2, 3]) | _JSON}
)
_AIF = st.fixed_dictionaries(
    {"nodes": st.lists(_NODE, max_size=5) | _JSON},
    optional={
        "edges": st.lists(_EDGE, max_size=5) | _JSON,
        "argmap": st.fixed_dictionaries(
            {
                "nodes": st.dictionaries(
                    st.sampled_from(["0", "1", "2"]),
                    _JSON
                    | st.fixed_dictionaries(
                        {}, optional=dict.fromkeys(("id", "kind", "label", "by", "cite", "tags"), _JSON)
                    ),
                    max_size=3,
                ),
                "documents": st.dictionaries(
                    _JSON_TEXT,
                    _JSON
                    | st.fixed_dictionaries(
                        {}, optional=dict.fromkeys(("title", "authors", "date", "notes", "url"), _JSON)
                    ),
                    max_size=2,
                ),
            }
        ),
    },
)
_ARGDOWN = st.lists(
    st.sampled_from(
        [
            "[A]: ",
            "[B]",
            "<C>: ",
            "\n",
            "\n\n",
            "  + ",
            "  - ",
            "  +> ",
            "  -> ",
            "  _> ",
            "(1) ",
            "----",
            "# h",
            "text ",
            "#tag ",
            '{label: "x\\ud800"}',
            "{kind: premise, tags: [a, 1]}",
            "{a: {b: [",
            "}",
            "]",
            "{a: 2019-02-30}",
            "\\",
            "*",
            "_",
            "===\ntitle: T\n===\n",
            "//",
            "/*",
            "é",
            "\ufeff",
        ]
    ),
    max_size=25,
).map("".join)
_BRAT_ANN = st.lists(
    st.sampled_from(
        [
            "T1\tClaim 0 3\tabc",
            "T2\tPremise 2 9",
            "T3\tMajorClaim 0 99999999999999999999999",
            "T4\tClaim 1 2;3 4",
            "R1\tsupports Arg1:T2 Arg2:T1",
            "R2\tattacks Arg1:T1 Arg2:T9",
            "A1\tStance T1 For",
            "T5 Claim 0 1",
            "E1\tx",
            "#1\tnote",
            "T1\tClaim 1 2",
            "",
            "\r",
            "X",
        ]
    ),
    max_size=8,
).map("\n".join)


def _imports_cleanly(read) -> None:
    failed: ImportFailed | None = None
    try:
        imported = read()
    except ImportFailed as exc:
        failed = exc
    if failed is not None:  # nothing could be imported: the findings say why
        assert failed.diagnostics
        assert all(d.code.startswith("AM5") for d in failed.diagnostics)
        return
    result = write_document(imported, "doc", **META)
    result.text.encode("utf-8")
    doc = parse_document(result.text, "doc.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_AIF | _JSON, st.booleans())
def test_any_json_imports_as_aif_without_raising(data, ascii_only):
    _imports_cleanly(lambda: read_aif(json.dumps(data, ensure_ascii=ascii_only), "any.json"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60) | _ARGDOWN)
def test_any_text_imports_as_argdown_without_raising(text):
    _imports_cleanly(lambda: read_argdown(text, "any.argdown"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60) | _BRAT_ANN, st.text(max_size=30) | st.just("abcdefghij"))
def test_any_text_imports_as_brat_without_raising(ann, txt):
    _imports_cleanly(lambda: read_brat(ann, txt, "any.ann", "any.txt"))


def test_claim_without_text_is_skipped_not_written_empty():
    result = write_document(_map([(" \t", None), ("b", None)]), "doc", **META)
    assert [d.code for d in result.diagnostics] == ["AM511"]
    assert [d for d in parse_document(result.text, "doc.md").diagnostics if d.severity is Severity.ERROR] == []
