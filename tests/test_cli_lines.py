"""argmap.cli.lines: plain lines wrap exactly as rich wrapped them, trees draw as rich's Tree did."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from argmap.cli.lines import Lines, tree_lines

WORDS = st.text(alphabet=st.sampled_from("ab cd  ef\u00e9\u4e2d\u6587\U0001f600-,."), min_size=0, max_size=120)


def rich_wrap(text: str, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    lines = Text(text).wrap(console, width)
    return [line.plain.rstrip() for line in lines]


@settings(max_examples=400, deadline=None)
@given(WORDS, st.integers(2, 40))  # a double-width character cannot fit 1 cell; argmap never wraps below 20
def test_wrap_agrees_with_rich(text, width):
    ours = ["".join(t for t, _ in line) for line in Lines(width=width).wrap([(text, "")], width)]
    assert ours == rich_wrap(text, width)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(WORDS, st.sampled_from(["", "bold", "dim"])), max_size=4), st.integers(5, 40))
def test_styles_survive_wrapping(segments, width):
    lines = Lines(width=width).wrap(segments, width)
    assert "".join(t for line in lines for t, _ in line).replace(" ", "") == "".join(
        t.replace("\n", "") for t, _ in segments
    ).replace(" ", "")
    styles = {s for line in lines for _, s in line}
    assert styles <= {s for _, s in segments}


def test_colour_only_when_asked():
    assert Lines(colour=False).paint("x", "bold green") == "x"
    assert Lines(colour=True).paint("x", "bold green") == "\x1b[1;32mx\x1b[0m"
    assert Lines(colour=True).paint("", "bold") == ""


def test_hanging_indent():
    out = Lines(width=30).hanging([("IN ✓    ", "")], [("one two three four five six", "")])
    assert out == "IN ✓    one two three four\n        five six"


def test_tree_lines_draw_as_rich_tree_does():
    console = Console(width=30, file=io.StringIO(), color_system=None)
    tree = Tree("top")
    a = tree.add("alpha beta gamma delta epsilon zeta")
    a.add("child one")
    tree.add("last one")
    console.print(tree)
    expected = console.file.getvalue().splitlines()[1:]
    items = [
        (1, False, [("alpha beta gamma delta epsilon zeta", "")], [True]),
        (2, True, [("child one", "")], [True, False]),
        (1, True, [("last one", "")], [False]),
    ]
    assert [line.rstrip() for line in tree_lines(Lines(width=30), items)] == [e.rstrip() for e in expected]


# -- the fast way to break a line gives rich's breaks --------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "bb", "word", "longerword", " ", "  ", "·", "—", "“q”", "é", "界", "\t"]), max_size=40
    ).map("".join),
    st.integers(1, 30),
)
def test_breaks_jumping_and_word_by_word_agree(text, width):
    from argmap.cli.lines import _breaks_by_word, breaks, cells

    cells(text)  # learn its characters' widths, as a view measuring its text first does
    assert breaks(text, width) == _breaks_by_word(text, width)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a b", "word ", " x", "\n", "long words here", "·—", "  ", "界 y"]),
            st.sampled_from(["", "bold", "dim"]),
        ),
        max_size=12,
    ),
    st.integers(1, 30),
)
def test_plain_wrapping_is_the_segments_wrapping_without_colour(segments, width):
    from argmap.cli.lines import Lines

    lines = Lines(width=width, colour=False)
    expected = [lines.render(line) for line in lines.wrap(segments, width)]
    assert lines.wrap_plain("".join(text for text, _ in segments), width) == expected


# -- --json output at C speed, the standard encoder's text -----------------------------------------

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=6) | st.integers(0, 3), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=1500, deadline=None)
@given(_json_values)
def test_json_text_is_the_standard_encoders(data):
    import json

    from argmap.cli.jsontext import dumps

    try:
        expected = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    except ValueError:  # (never: no circular data here)
        return
    assert dumps(data, default=str) == expected


def test_json_text_of_enums_dates_and_circular_data():
    import datetime
    import json

    from argmap.analysis.abstract import Label
    from argmap.cli.jsontext import dumps

    data = {"label": Label.IN, "date": datetime.date(2020, 1, 2), "at": datetime.datetime(2020, 1, 2, 3, 4)}
    assert dumps(data, default=str) == json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)
