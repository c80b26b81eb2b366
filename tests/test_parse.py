"""Parsing one document: nodes, relations and each diagnostic's exact position."""

from __future__ import annotations

import pytest

from argmap.errors import Location
from argmap.model import NodeKind, RelationType
from argmap.source.parse import parse_document

HEAD = "---\nid: d\ntitle: T\nauthors: [A, B]\ndate: 2024-01-31\n---\n"


def parse(body: str):
    return parse_document(HEAD + body, "d.md")


def found(body: str) -> list[tuple[int, int, str]]:
    return [(d.loc.line, d.loc.col, d.code) for d in sorted(parse(body).diagnostics)]


def test_front_matter_fields():
    doc = parse("")
    assert doc.id == "d"
    assert doc.authors == ["A", "B"]
    assert doc.meta["date"] == "2024-01-31"  # YAML dates become ISO text


def test_span_attributes_become_a_span():
    doc = parse('\n[Words  here\nand there]{#c1 .claim label="Short" by="CSIS" cite="https://example.org" tags="x y"}')
    (span,) = doc.spans
    assert span.local_id == "c1"
    assert span.kind is NodeKind.CLAIM
    assert span.text == "Words here and there"
    assert (span.label, span.by, span.cite, span.tags) == ("Short", "CSIS", "https://example.org", ("x", "y"))
    assert span.loc == Location("d.md", 8, 1, 9, 85)


def test_relations_carry_the_position_of_each_target():
    doc = parse('[p]{#p .premise supports="c1  other#c2"}')
    assert [(r.source, r.target, r.type, r.loc.line, r.loc.col) for r in doc.relations] == [
        ("p", "c1", RelationType.SUPPORTS, 7, 27),
        ("p", "other#c2", RelationType.SUPPORTS, 7, 31),
    ]


def test_reference_span_adds_relations_to_an_existing_span():
    doc = parse('[c]{#c .claim}\n[]{ref="other#x" attacks="c"}')
    assert [s.local_id for s in doc.spans] == ["c"]
    (rel,) = doc.relations
    assert (rel.source, rel.target, rel.type) == ("other#x", "c", RelationType.ATTACKS)
    assert (rel.source_loc.line, rel.source_loc.col) == (8, 9)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[x]{#a .cliam}", [(7, 8, "AM111")]),
        ("[x]{#a}", [(7, 1, "AM112")]),
        ("[x]{.claim}", [(7, 1, "AM113")]),
        ("[x]{#1a .claim}", [(7, 5, "AM110")]),
        ("[x]{#a.b .claim}", [(7, 5, "AM114")]),
        ("[x]{#a #b .claim}", [(7, 8, "AM115")]),
        ("[x]{#a .claim label=a label=b}", [(7, 23, "AM115")]),
        ("[x]{#a .rebuttal supports=b}\n[b]{#b .claim}", [(7, 18, "AM116")]),
        ("[x]{ref=a label=b supports=c}", [(7, 1, "AM118"), (7, 5, "AM118")]),
        ("[x]{ref=a supports=c}", [(7, 1, "AM118")]),
        ("[]{ref=a}", [(7, 4, "AM118")]),
        ("x]{#a .claim}", [(7, 2, "AM119")]),
        ("[two\n\nparagraphs]{#a .claim}", [(9, 11, "AM119")]),  # a span cannot cross a blank line
        ("[x]{#a .claim colour=red}", [(7, 15, "AM120")]),
        ("[  ]{#a .claim}", [(7, 1, "AM121")]),
        ("[x]{#a .claim}\n[y]{#a .claim}", [(8, 5, "AM203")]),
        ('[x]{#a .claim cite="javascript:alert(1)"}', [(7, 21, "AM205")]),
        ('[x]{#a .claim supports="b#"}', [(7, 25, "AM208")]),
        ('[x]{#a .claim supports=""}', [(7, 15, "AM208")]),
        ('[]{ref= supports="a"} [a]{#a .claim}', [(7, 4, "AM208")]),  # an empty ref: at 'ref', not at the blank
        ('[]{ref="" supports="a"} [a]{#a .claim}', [(7, 4, "AM208")]),
        ('[x]{#a .claim label="open}', [(7, 21, "AM110")]),
        ("é [x]{#a .claim cite=ftp://h}", [(7, 22, "AM205")]),
    ],
)
def test_each_diagnostic_at_its_exact_position(body, expected):
    assert found(body) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no front matter", [(1, 1, "AM102")]),
        ("---\nid: d\n", [(1, 1, "AM104")]),
        ("---\nid: [d\n---\n", [(2, 5, "AM101")]),  # the unclosed "[", not where YAML noticed it
        ("---\nid: d\ntitle: T\nauthors: [A]\n---\n", [(2, 1, "AM102")]),
        ("---\nid: 9d\ntitle: T\nauthors: [A]\ndate: 2020\n---\n", [(2, 5, "AM103")]),
        ("---\nid: d\ntitle: T\nauthors: [A]\ndate: 2020-13\n---\n", [(5, 7, "AM103")]),
        ("---\nid: d\ntitle: T\nauthors: [A]\ndate: 2020\nurl: www.x.org\n---\n", [(6, 6, "AM205")]),
        ("---\n- a list\n---\n", [(2, 1, "AM101")]),
        # a character YAML refuses is placed at itself (libyaml counts UTF-8 bytes, not characters)
        ("---\n\nid: d\ntitle: T \u00e9\u65e5\nauthors: [A. \x00uthor]\n---\n", [(5, 14, "AM101")]),
        ("---\nid: d\ntitle: '\u0085\u65e5 x \x07'\n---\n", [(3, 14, "AM101")]),
    ],
)
def test_front_matter_diagnostics(text, expected):
    doc = parse_document(text, "d.md")
    assert "position" not in " ".join(d.message for d in doc.diagnostics)  # the reader's offset is not shown
    assert [(d.loc.line, d.loc.col, d.code) for d in sorted(doc.diagnostics)] == expected


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "---\nid: d\ntitle: T\nauthor: A\ndate: 2020\n---\n",
            4,
            "front matter has no 'authors' field; rename 'author'?",
        ),
        (
            "---\nid: d\nTitle: T\nauthors: [A]\ndate: 2020\n---\n",
            3,
            "front matter has no 'title' field; rename 'Title'?",
        ),
        ("---\nid: d\ntitle: T\nauthors: []\ndate: 2020\n---\n", 4, "front matter field 'authors' is empty"),
        ("---\nid: d\ntitle: T\nauthors: [A]\npublisher: P\n---\n", 2, "front matter has no 'date' field"),
    ],
)
def test_a_missing_field_points_at_its_likely_misspelling(text, line, message):
    [diagnostic] = parse_document(text, "d.md").diagnostics
    assert (diagnostic.code, diagnostic.loc.line, diagnostic.message) == ("AM102", line, message)


def test_broken_span_ids_are_remembered_so_references_do_not_cascade():
    doc = parse("[x]{#a .cliam}")
    assert doc.broken_ids == {"a"}


def test_windows_line_endings_and_bom():
    text = "\ufeff" + (HEAD + "[x]{#a .claim}\n").replace("\n", "\r\n")
    doc = parse_document(text, "d.md")
    assert doc.diagnostics == []
    assert [s.text for s in doc.spans] == ["x"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_pieces = st.sampled_from(
    [
        "---\n",
        "id: d\n",
        "title: [\n",
        "date: 2020-02-30\n",
        "[x]{#a .claim}",
        "[",
        "]",
        "{",
        "}",
        "#",
        ".claim",
        'supports="a b#c"',
        "ref=a",
        "\n",
        "\n\n",
        "`",
        "\\",
        "é",
        "\t",
        "\r\n",
        '"',
        "label='x",
        "cite=javascript:x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=40).map("".join) | st.text(max_size=120))
def test_parse_never_raises_and_every_position_is_in_the_file(text):
    doc = parse_document(text, "f.md")
    lines = text.removeprefix("\ufeff").split("\n")
    for d in doc.diagnostics:
        assert 1 <= d.loc.line <= len(lines)
        assert 1 <= d.loc.col <= len(lines[d.loc.line - 1]) + 1
    for span in doc.spans:
        assert 1 <= span.loc.line <= len(lines)
    for rel in doc.relations:
        assert lines[rel.loc.line - 1][rel.loc.col - 1 :].startswith(rel.target)
