"""argmap.cli.lines: plain lines wrap exactly as rich wrapped them, trees draw as rich's Tree did."""

from __future__ import annotations

import io

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
