"""The scanner's grammar, case by case, and its promises under any input (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.source.scanner import parse_attr_block, scan


def spans(text: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    return [(s.text, [(a.type, a.name, a.value) for a in s.attrs]) for s in scan(text).spans]


def test_simple_span():
    assert spans("Say [hello world]{#h .claim}.") == [("hello world", [("id", "h", ""), ("class", "claim", "")])]


def test_nested_spans_outer_text_includes_inner_words():
    result = spans("[[inner]{#p .premise supports=c} outer]{#c .claim}")
    assert result[0][0] == "inner outer"
    assert result[1][0] == "inner"


def test_quoted_values_with_spaces_and_escapes():
    result = spans(r'[x]{#a .claim label="a \"quoted\" word" by=' + "'Single Q'" + "}")
    assert ("kv", "label", 'a "quoted" word') in result[0][1]
    assert ("kv", "by", "Single Q") in result[0][1]


def test_attribute_block_may_span_lines():
    assert spans("[x]{#a\n  .claim}")[0][1] == [("id", "a", ""), ("class", "claim", "")]


@pytest.mark.parametrize(
    "text",
    [
        "`[x]{#a .claim}`",
        "``code with ` inside [x]{#a .claim}``",
        "```\n[x]{#a .claim}\n```",
        "~~~~\n[x]{#a .claim}\n~~~~",
        "para\n\n    [x]{#a .claim}\n",
        "<!-- [x]{#a .claim} -->",
        "<!--\n[x]{#a .claim}\n-->",
        r"\[x]{#a .claim}",
        "[x](http://example.org) {not a span}",
        "![alt]{#a .claim}",
        "[x] {.plain}",
        "[x]{.smallcaps}",
    ],
)
def test_not_annotations(text):
    assert spans(text) == []


def test_balanced_brackets_inside_a_span_are_text():
    assert spans("[both [South Korea and Japan] agree]{#a .claim}")[0][0] == "both [South Korea and Japan] agree"


def test_escaped_brackets_are_unescaped_in_span_text():
    assert spans(r"[a \] b]{#a .claim}")[0][0] == "a ] b"


def test_span_does_not_cross_a_blank_line():
    assert spans("[start\n\nend]{#a .claim}") == []


def test_unmatched_backticks_are_text():
    assert spans("a ` b [x]{#a .claim}")[0][0] == "x"


def test_list_items_indented_are_not_code():
    assert spans("- item\n\n    [x]{#a .claim}\n")[0][0] == "x"


def test_reference_span_is_empty():
    assert spans('[]{ref="a" supports="b"}') == [("", [("kv", "ref", "a"), ("kv", "supports", "b")])]


@pytest.mark.parametrize(
    ("block", "offset", "message"),
    [
        ("{#a .claim", 0, "attribute block is not closed: '}' expected"),
        ('{label="x}', 7, "quoted value of 'label' is not closed: \" expected"),
        ("{label=' x'}", 7, "quoted value of 'label' starts with a space, which Pandoc does not read as a value"),
        ('{label="x\ny" #b c}', 7, "quoted value of 'label' is not closed on its line: \" expected"),
        (
            "{#a =x}",
            4,
            "'=x' is not an attribute: write #id, .class or key=value, with a name that starts with a letter",
        ),
        ("{label}", 1, "'label' needs a value: write label=\"...\""),
        ("{x-1 .claim}", 1, "'x-1' is not an attribute: an id starts with '#': write '#x-1'"),
        (
            "{#a 1k=1}",
            4,
            "'1k=1' is not an attribute: write #id, .class or key=value, with a name that starts with a letter",
        ),
        ('{#a a"tags=x}', 4, "'a\"tags=x' is not an attribute: write #id, .class or key=value"),
        (
            "{#a k=v [Next span}",
            8,
            "'[Next' is not an attribute: write #id, .class or key=value (is a '}' missing before it?)",
        ),
        ('{a="x"b}', 6, "'b' is not an attribute: an id starts with '#': write '#b'"),
        ("{# .claim}", 1, "id name expected after '#': a name starts with a letter"),
        ("{#9lives .claim}", 1, "id name expected after '#': a name starts with a letter"),
        ("{#a .²}", 4, "class name expected after '.': a name starts with a letter"),
    ],
)
def test_malformed_attribute_blocks(block, offset, message):
    problem = parse_attr_block(block, 0, len(block))
    assert not isinstance(problem, tuple)
    assert (problem.offset, problem.message) == (offset, message)


def test_problem_offsets_for_orphans():
    result = scan("words]{#a .claim}\nand {#b .claim}")
    assert [(p.offset, p.code) for p in result.problems] == [(5, "AM119"), (22, "AM119")]


def test_plain_lines_drop_markup_and_keep_positions():
    text = "---\nx: 1\n---\n[a]{#a .claim} b\n\n[]{ref=a supports=b}\nc"
    result = scan(text, 12)
    assert result.lines == [("a b", text.index("a]")), ("c", len(text) - 1)]


# -- properties ------------------------------------------------------------

_alphabet = st.sampled_from([*list("ab []{}#.=\"'\\`\n<!->()*x"), "{#a .claim}", "]{", "```", "\n\n", "    "])
_texts = st.lists(_alphabet, max_size=60).map("".join) | st.text(max_size=80)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_scanner_never_raises_and_offsets_point_into_the_text(text):
    result = scan(text)
    n = len(text)
    for span in result.spans:
        assert 0 <= span.start < span.content_start <= span.content_end < span.end <= n
        assert text[span.start] == "["
        assert text[span.content_end] == "]"
        for attr in span.attrs:
            assert 0 <= attr.offset < n
    for problem in result.problems:
        assert 0 <= problem.offset < max(n, 1)
    for line, offset in result.lines:
        assert 0 <= offset < n
        assert line.strip()


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_characters="[]{}\\`<\r", blacklist_categories=("Cs",)), min_size=1, max_size=40
    )
)
def test_any_plain_words_round_trip_through_a_span(words):
    text = f"[{words}]{{#a .claim}}"
    result = scan(text)
    if "\n\n" in words or not words.strip():
        return
    if any(line.strip() == "" for line in words.split("\n")[1:-1]):
        return
    assert [s.text for s in result.spans] == [words]


_attr_alphabet = st.sampled_from(
    [*" \t\n#.=\"'\\}{ab-1_:²é\xa0&—", "label=", '"x y"', "#id", ".claim", '\\"', "id=", "class=", "\\ ", "&amp;"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_attr_alphabet, max_size=25).map("".join))
def test_fast_and_careful_attribute_readers_agree(body):
    from argmap.source.scanner import _parse_attr_block_slowly

    block = "{" + body + "}"
    fast = parse_attr_block(block, 0, len(block))
    slow = _parse_attr_block_slowly(block, 0, len(block))
    if isinstance(slow, tuple):
        assert isinstance(fast, tuple)
        assert [(a.type, a.name, a.value, a.offset, a.value_offset, a.raw_value) for a in fast[0]] == [
            (a.type, a.name, a.value, a.offset, a.value_offset, a.raw_value) for a in slow[0]
        ]
        assert fast[1] == slow[1]
    else:
        assert fast == slow
