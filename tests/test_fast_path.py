"""The fast path of the scanner and the parser gives what the general way gives, on any input.

``scan(..., fast=True)`` reads simple paragraphs with one regular expression
(:data:`argmap.source.scanner.SIMPLE_SPAN`) and ``parse_document`` interprets
their usual spans the short way; both fall back to the general reader for
anything else. These tests generate paragraphs from pieces chosen to sit on
the edges of the simple form (quotes, escapes, brackets in values, names the
regular expression does not read, repeated ids and keys, blank lines) and
compare the two ways field by field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.source.parse import parse_document
from argmap.source.scanner import SIMPLE_SPAN, scan, span_attributes

ROOT = Path(__file__).parent.parent

_ATTRS = [
    "#a",
    "#b",
    "#a1",
    "#a:b",
    "#a.b",
    "#9x",
    "#é",
    ".claim",
    ".premise",
    ".rebuttal",
    ".claims",
    ".other",
    "-",
    'supports="a"',
    'supports="a b"',
    'supports="doc#a"',
    "supports=a",
    "supports='a'",
    'supports=""',
    'supports=" a"',
    'supports="a\nb"',
    'attacks="b"',
    'undercuts="a>b"',
    'undercuts="a"',
    'outweighs="a"',
    'qualifies="b"',
    'explains="a"',
    'with="b"',
    'label="Two  words"',
    'label="x"y',
    'label="[x]"',
    'label="{x}"',
    'label=a"b',
    'by="Someone"',
    'cite="https://example.org/a"',
    'cite="javascript:x"',
    'tags="one two"',
    'ref="a"',
    'id="a"',
    'class="claim"',
    'unknown="v"',
    'supprots="a"',
    "k=\xa0v",
    'k="\\"q"',
    "k=v\\ w",
]
_SEPARATORS = [" ", "  ", "\t", "\n", " \n ", ""]
_WORDS = ["Words", "more words", "two\nlines", "", " ", "a\xa0b", "é", "x*y*", "](", "!", "$", "^", "<", "`", "\\["]


@st.composite
def blocks(draw: st.DrawFn) -> str:
    attrs = draw(st.lists(st.sampled_from(_ATTRS), min_size=0, max_size=5))
    if draw(st.booleans()):
        attrs = [
            draw(st.sampled_from(["#a", "#b", "#c", "#a1"])),
            draw(st.sampled_from([".claim", ".premise", ".rebuttal"])),
            *attrs,
        ]
    out = "{" + draw(st.sampled_from(["", " ", "\n"]))
    for number, attr in enumerate(attrs):
        out += (draw(st.sampled_from(_SEPARATORS)) if number else "") + attr
    return out + draw(st.sampled_from(["", " ", "\t", "\n"])) + "}"


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 9))
        if choice <= 5:
            parts.append("[" + draw(st.sampled_from(_WORDS)) + "]" + draw(blocks()))
        elif choice == 6:
            parts.append(
                draw(
                    st.sampled_from(
                        ["[", "]", "{", "}", "[x]", "[x](y)", "![i]{#i .claim}", "[[a]{#n .claim} b]{#o .claim}"]
                    )
                )
            )
        elif choice == 7:
            parts.append(
                draw(
                    st.sampled_from(
                        ["\n\n", "\n", "\n    code [c]{#c .claim}\n", "\n```\n[f]{#f .claim}\n```\n", "\n# "]
                    )
                )
            )
        else:
            parts.append(draw(st.sampled_from(_WORDS)))
        parts.append(draw(st.sampled_from([" ", "", "\n", ". "])))
    return "".join(parts)


FRONT = "---\nid: doc\ntitle: T\nauthors: [A]\ndate: 2020\n---\n\n"
FRONT_KEPT = "---\nid: doc\ntitle: T\nauthors: [A]\ndate: 2020\nsource: s.txt\n---\n\n"


def _scanned(text: str, fast: bool, body_start: int = 0) -> dict[str, Any]:
    result = scan(text, body_start, fast=fast, pieces=True)
    return {
        "spans": [
            (
                s.start,
                s.content_start,
                s.content_end,
                s.end,
                s.text,
                [(a.type, a.name, a.offset, a.value, a.value_offset, a.raw_value) for a in span_attributes(s, text)],
            )
            for s in result.spans
        ],
        "problems": [(p.offset, p.code, p.message) for p in result.problems],
        "notes": [(p.offset, p.code, p.message) for p in result.notes],
        "orphans": [(o.start, o.end) for o in result.orphans],
        "pieces": result.pieces,
        "lines": result.lines,
    }


def _parsed(text: str, fast: bool) -> dict[str, Any]:
    doc = parse_document(text, "doc.md", fast=fast)
    return {
        "meta": doc.meta,
        "spans": doc.spans,
        "relations": doc.relations,
        "diagnostics": doc.diagnostics,
        "lines": doc.lines,
        "broken": doc.broken_ids,
    }


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraphs(), min_size=1, max_size=4).map("\n\n".join))
def test_the_fast_scan_reads_what_the_general_scan_reads(body):
    assert _scanned(body, True) == _scanned(body, False)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraphs(), min_size=1, max_size=4).map("\n\n".join), st.booleans())
def test_the_fast_parse_gives_the_same_document(body, kept):
    text = (FRONT_KEPT if kept else FRONT) + body
    assert _parsed(text, True) == _parsed(text, False)


@pytest.mark.parametrize(
    "paragraph",
    [
        '[Words]{#a .claim label="L" by="B" tags="x y" cite="https://example.org/"}',
        '[Words]{#p .premise supports="a doc#b"} [More]{#q .premise\n  supports="p"}',
        "[Words]{#r .rebuttal attacks=a}",
        "[Words]{.smallcaps} [x]{#x .claim}",
    ],
)
def test_usual_paragraphs_take_the_fast_path(paragraph):
    result = scan(paragraph, fast=True)
    assert result.spans
    assert all(span.fast is not None for span in result.spans)
    assert _scanned(paragraph, True) == _scanned(paragraph, False)


@pytest.mark.parametrize(
    "paragraph",
    [
        "[a [b]{#b .claim}]{#a .claim}",  # nested
        "[a]{#a .claim} [link](https://example.org)",  # a link
        "[a]{#a .claim} `code`",  # a code span
        "[a\\]]{#a .claim}",  # an escape
        '[a]{#a .claim label=""}',  # an empty value
        "[a]{#a .claim} {#b .claim}",  # a stray block
    ],
)
def test_other_paragraphs_take_the_general_way(paragraph):
    result = scan(paragraph, fast=True)
    assert all(span.fast is None for span in result.spans)
    assert _scanned(paragraph, True) == _scanned(paragraph, False)


@pytest.mark.parametrize(
    "paragraph",
    [
        '[w]{#a .claim cite="javascript:x" unknown="v"}',  # a finding, then a key the short way does not take
        '[w]{#a .claim supports="?" unknown="v"}',
        '[w]{#a .premise supports="a" supports="b"}',
        '[w]{#a .claim} [v]{#a .claim cite="javascript:x"}',
        '[w]{#a .claim with="b" supports="c"}',
        '[w]{#a .rebuttal supports="c"}',
        '[ ]{#a .claim cite="javascript:x"}',
        '[w]{#a .claim undercuts="b" attacks="c d" supports="doc#e"}',
    ],
)
def test_spans_the_short_way_refuses_are_read_once(paragraph):
    text = FRONT + paragraph
    assert _parsed(text, True) == _parsed(text, False)


def test_the_shipped_corpus_and_fixtures_parse_the_same_either_way():
    paths = [
        p
        for folder in ("corpus", "tests/fixtures/clean", "tests/fixtures/broken", "tests/fixtures/eval")
        for p in sorted((ROOT / folder).glob("*.md"))
        if p.name != "README.md"
    ]
    assert paths
    for path in paths:
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        assert _parsed(text, True) == _parsed(text, False), path


def test_the_simple_span_expression_reads_the_usual_span():
    m = SIMPLE_SPAN.fullmatch('[Two words]{#t1 .claim label="Thesis" supports="x"}')
    assert m is not None
    assert (m.group("text"), m.group("id"), m.group("kind"), m.group("kvs")) == (
        "Two words",
        "t1",
        "claim",
        ' label="Thesis" supports="x"',
    )


def test_a_builder_makes_the_same_frozen_record():
    import dataclasses

    from argmap.bulk import builder
    from argmap.errors import Location
    from argmap.model import NodeKind, Span

    make = builder(Location)
    made, usual = make("a.md", 1, 2), Location("a.md", 1, 2)
    assert type(made) is Location
    assert (made, hash(made), repr(made)) == (usual, hash(usual), repr(usual))
    assert made < Location("a.md", 1, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 3  # type: ignore[misc]
    assert builder(Span)("a", NodeKind.CLAIM, "t", made) == Span("a", NodeKind.CLAIM, "t", usual)
    with pytest.raises(TypeError):
        builder(dataclasses.make_dataclass("Open", ["x"], slots=True))
