"""The writer: imported claims -> a document that parses back to the same text (hostile strings, hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_support import plain_and_spans

from argmap.errors import Location, Severity
from argmap.formats.brat import read_brat
from argmap.formats.interchange import ImportedClaim, ImportedMap, ImportedRelation, Positions
from argmap.formats.writer import assign_ids, quote_value, write_document
from argmap.model import NodeKind, RelationType
from argmap.parse import normalize_space, parse_document
from argmap.scanner import parse_attr_block

HOSTILE = [
    'quotes "double" and \'single\'',
    "back\\slash and \\\\ two",
    "<script>alert(1)</script>",
    "javascript:alert(document.cookie)",
    "[bold] rich [/bold] markup",
    "brackets [a] [b]{#x .claim} ]{ [",
    "braces { } {#id .claim supports=\"x\"}",
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
            ImportedClaim(key=f"k{n}", text=text, kind=NodeKind.CLAIM, loc=Location("in.json", n + 1, 1), label=label,
                          by=label)
        )
    for n in range(1, len(claims)):
        imported.relations.append(ImportedRelation(f"k{n}", "k0", RelationType.SUPPORTS, Location("in.json", 1, 1)))
    return imported


def _check_paragraphs(imported: ImportedMap) -> None:
    result = write_document(imported, "doc", today=dt.date(2026, 1, 1))
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
            assert span.by == span.label
    assert len(doc.relations) == sum(1 for r in imported.relations if r.source in result.ids and r.target in result.ids)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_and_attributes_read_back_exactly(text):
    _check_paragraphs(_map([(text, text), ("plain", None)]))


def test_backslash_before_bracket_is_reported_not_silently_changed():
    result = write_document(_map([("a \\[ b", None)]), "doc", today=dt.date(2026, 1, 1))
    assert [d.code for d in result.diagnostics] == ["AM510"]
    assert "backslash" in result.diagnostics[0].message


@settings(max_examples=150, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(min_size=1, max_size=40).filter(lambda t: normalize_space(t) != ""),
                          st.one_of(st.none(), st.text(max_size=20))), min_size=1, max_size=4))
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

ALPHABET = st.sampled_from(list("ab  []{}\\`<!->#*_.:\n\r") + ["\n\n", "    ", "```", "<!--", "-->", "é"])


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
    result = write_document(imported, "doc", today=dt.date(2026, 1, 1))
    plain, spans = plain_and_spans(result.text)
    # The one change the format forces: a backslash right before a bracket is doubled (AM510, at its offset).
    positions = Positions(txt, "e.txt")
    doubled = sorted(
        positions.starts[d.loc.line - 1] + d.loc.col - 1 for d in result.diagnostics if d.code == "AM510"
    )
    expected = txt
    for offset in reversed(doubled):
        expected = expected[:offset] + "\\" + expected[offset:]
    assert plain == expected
    for claim in imported.claims:
        if claim.key in result.ids:
            shift = sum(1 for offset in doubled if offset < claim.start)
            assert spans[result.ids[claim.key]] == (claim.start + shift, claim.end + shift)
            assert plain[claim.start + shift : claim.end + shift] == txt[claim.start : claim.end]
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
