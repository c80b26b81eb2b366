"""Plain lines for the terminal: wrapping, hanging indents, trees and colour, without rich's layout engine.

rich lays out every renderable through its console (measuring, wrapping,
segmenting, asking the terminal's size), which costs tens of microseconds per
call: for output of one line per claim that is most of a command's time at
100,000 claims. The views here are plain lines, so they are written directly:
:class:`Lines` wraps text the way rich does (greedy, by terminal cells, words
longer than a line folded, trailing spaces dropped), indents, draws tree guides
(``├── ``, ``│   ``, ``└── ``) and adds colour as ANSI escapes only when the
console has colour. The output is the same text rich printed.

A *segment* is ``(text, style)``; ``style`` is a space-separated subset of
:data:`SGR` (``"bold green"``, ``"dim"``, ``""``). Text must already be safe to
print (:func:`argmap.cli.console.plain`).
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from typing import IO

#: The styles views use, as ANSI SGR parameters.
SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "reverse": "7",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
_WORD = re.compile(r"\s*\S+\s*")

Segment = tuple[str, str]

#: Tree guides, as rich draws them.
BRANCH, LAST, PIPE, SPACE = "\u251c\u2500\u2500 ", "\u2514\u2500\u2500 ", "\u2502   ", "    "


#: Characters rich measures as one cell each, learnt as met (``·``, ``—``, curly quotes, letters...).
_SINGLE: set[str] = set()


def cells(text: str) -> int:
    """The terminal cells ``text`` takes (rich's measure: its length when each character takes one cell)."""
    if text.isascii() or _SINGLE.issuperset(text):
        return len(text)
    from rich.cells import cell_len, get_character_cell_size

    # rich's sum of character widths (joiners and variation selectors, of width 0, are never learnt)
    _SINGLE.update(ch for ch in set(text) if ch.isprintable() and get_character_cell_size(ch) == 1)
    return cell_len(text)


def _chop(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` cells (rich's ``chop_cells``)."""
    if word.isascii():
        return [word[i : i + width] for i in range(0, len(word), width)] or [""]
    from rich.cells import chop_cells

    return chop_cells(word, width)


def breaks(text: str, width: int) -> list[int]:
    """Offsets at which to break ``text`` (one line, no newline) to fit ``width`` cells, as rich does.

    The usual line (every character one cell wide, only spaces between words, no word
    wider than the line) is broken by jumping a line's width at a time; anything else
    word by word (:func:`_breaks_by_word`). Both give rich's breaks (a test holds them to it).
    """
    if (
        width > 0
        and text[:1] != " "
        and text.isprintable()
        and (text.isascii() or _SINGLE.issuperset(text))
        and max(map(len, text.split()), default=0) <= width
    ):
        return _greedy_breaks(text, width)
    return _breaks_by_word(text, width)


_NON_SPACE = re.compile("[^ ]")


def _greedy_breaks(text: str, width: int) -> list[int]:
    """:func:`breaks` for a line of one-cell characters, words apart by spaces, none wider than ``width``.

    rich keeps a word on the line when the line's cells up to the word's end fit, so
    each line ends before the word that crosses its last cell: look at the character
    just past the line; inside a word, break where that word starts; on a space, break
    at the next word.
    """
    found: list[int] = []
    length = len(text)
    start = 0
    while True:
        past = start + width
        if past >= length:
            return found
        if text[past] != " ":
            start = text.rfind(" ", start, past) + 1
        else:
            word = _NON_SPACE.search(text, past)
            if word is None:
                return found
            start = word.start()
        found.append(start)


def _breaks_by_word(text: str, width: int) -> list[int]:
    """:func:`breaks` word by word, as rich's ``divide_line`` does."""
    found: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            pieces = _chop(word, width)
            for number, piece in enumerate(pieces):
                if start:
                    found.append(start)
                if number == len(pieces) - 1:
                    offset = cells(piece)
                else:
                    start += len(piece)
        elif offset and start:
            found.append(start)
            offset = cells(word)
    return found


class Lines:
    """Writes plain lines to ``file``, ``width`` cells wide, with ANSI colour when ``colour``."""

    def __init__(self, file: IO[str] | None = None, width: int = 80, colour: bool = False) -> None:
        self.file = file if file is not None else sys.stdout
        self.width = width
        self.colour = colour
        self._codes: dict[str, str] = {}

    def paint(self, text: str, style: str = "") -> str:
        """``text`` in ``style`` (ANSI escapes only with colour)."""
        if not style or not self.colour or not text:
            return text
        code = self._codes.get(style)
        if code is None:
            code = self._codes[style] = ";".join(SGR[word] for word in style.split() if word in SGR)
        return f"\x1b[{code}m{text}\x1b[0m" if code else text

    def render(self, segments: Iterable[Segment]) -> str:
        return "".join(self.paint(text, style) for text, style in segments)

    def wrap(self, segments: Sequence[Segment], width: int | None = None) -> list[list[Segment]]:
        """``segments`` as lines of at most ``width`` cells; newlines in the text start new lines."""
        width = max(1, self.width if width is None else width)
        lines: list[list[Segment]] = [[]]
        for text, style in segments:
            parts = text.split("\n")
            for number, part in enumerate(parts):
                if number:
                    lines.append([])
                if part:
                    lines[-1].append((part, style))
        out: list[list[Segment]] = []
        for line in lines:
            plain = "".join(text for text, _ in line)
            if cells(plain) <= width:
                out.append(_rstrip(line))
                continue
            cuts = breaks(plain, width)
            out.extend(_rstrip(piece) for piece in _split(line, [0, *cuts, len(plain)]))
        return out

    def wrap_plain(self, text: str, width: int | None = None) -> list[str]:
        """:meth:`wrap` without styles: ``text``'s lines as strings (what :meth:`render` makes of them
        without colour)."""
        width = max(1, self.width if width is None else width)
        out: list[str] = []
        for line in text.split("\n"):
            if cells(line) <= width:
                out.append(line.rstrip())
                continue
            cuts = [0, *breaks(line, width), len(line)]
            out.extend(line[a:b].rstrip() for a, b in itertools.pairwise(cuts))
        return out

    def hanging(self, prefix: Sequence[Segment], body: Sequence[Segment], width: int | None = None) -> str:
        """``prefix`` then ``body`` wrapped to the width left, later lines indented under the body's start."""
        width = self.width if width is None else width
        head_text = "".join(text for text, _ in prefix)
        indent = cells(head_text)
        if not self.colour:  # the text alone: no segments to keep apart
            pad = " " * indent
            plain = self.wrap_plain("".join(text for text, _ in body), max(20, width - indent))
            return "\n".join((head_text if n == 0 else pad) + line for n, line in enumerate(plain))
        lines = self.wrap(body, max(20, width - indent))
        head = self.render(prefix)
        pad = " " * indent
        return "\n".join((head if n == 0 else pad) + self.render(line) for n, line in enumerate(lines))

    def paragraph(self, text: str, style: str = "") -> str:
        return self.hanging((), ((text, style),))

    def write(self, text: str = "") -> None:
        self.file.write(text + "\n")


def _rstrip(line: list[Segment]) -> list[Segment]:
    while line and not line[-1][0].rstrip():
        line = line[:-1]
    if line:
        text, style = line[-1]
        line = [*line[:-1], (text.rstrip(), style)]
    return line


def _split(line: list[Segment], cuts: list[int]) -> list[list[Segment]]:
    """``line`` cut at the character offsets ``cuts`` (first 0, last its length), styles kept."""
    pieces: list[list[Segment]] = []
    position = 0
    index = 0
    for start, end in itertools.pairwise(cuts):
        piece: list[Segment] = []
        while index < len(line) and position < end:
            text, style = line[index]
            seg_start = position
            seg_end = position + len(text)
            lo, hi = max(seg_start, start), min(seg_end, end)
            if lo < hi:
                piece.append((text[lo - seg_start : hi - seg_start], style))
            if seg_end <= end:
                position = seg_end
                index += 1
            else:
                break
        pieces.append(piece)
    return pieces


def tree_lines(
    lines: Lines,
    items: Iterable[tuple[int, bool, Sequence[Segment], Sequence[bool]]],
) -> list[str]:
    """Draw a tree: each item is ``(level, last, label, open_above)``, in pre-order.

    ``level`` 1 is a child of the heading; ``last`` says whether the item is
    its parent's last child; ``open_above`` has, for each level above the
    item's, whether that ancestor has siblings still to come (so a ``│`` runs
    down beside). Each label is wrapped to the width left at its level; its
    later lines continue under its guide.
    """
    out: list[str] = []
    dim = "dim"
    for level, last, label, open_above in items:
        guides = "".join(PIPE if more else SPACE for more in open_above[: level - 1])
        first = guides + (LAST if last else BRANCH)
        rest = guides + (SPACE if last else PIPE)
        width = lines.width - cells(first)
        if not lines.colour:  # the text alone: no segments to keep apart
            for number, text in enumerate(lines.wrap_plain("".join(text for text, _ in label), width)):
                out.append((first if number == 0 else rest) + text)
            continue
        for number, line in enumerate(lines.wrap(label, width)):
            guide = first if number == 0 else rest
            out.append(lines.paint(guide, dim) + lines.render(line))
    return out
