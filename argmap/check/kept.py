"""The words-kept check (AM206): the words of an annotated document are its source's, in order.

A document's *plain text* (its body with the annotation markup removed, see
:mod:`argmap.source.scanner`) must be the text of its ``source`` file with some whole
lines left out (page furniture): no word changed, added, moved, or left out
from the middle of a line. Words are compared with whitespace normalised
(:meth:`str.split`), so either text may be wrapped anywhere: a document whose
paragraphs are re-wrapped at 72 columns keeps its source's words, and so does
one that joins a source's hard-wrapped lines into paragraphs. A form feed,
vertical tab, NEL or U+2028 is whitespace like any other.

How: the source is a list of lines, each a tuple of words. Reading the
document's words from the start, the next words must be a whole source line
after the last one used (a line left out is skipped). Where no line fits, the
first word that differs is reported, at its exact line and column, beside the
source's words; the comparison then resumes at the next place where a whole
source line fits again, so that each changed passage is one finding.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from argmap.errors import Location

_WORD = re.compile(r"\S+")
#: Candidate source lines tried at one place of the document (they start with the same word).
CANDIDATES = 32
#: Words shown on each side of the first differing one.
CONTEXT_WORDS = 4
#: Longest quotation (of the document or the source) in a message.
QUOTE_WIDTH = 72
#: Source lines compared with the document before the comparison stops (after a first
#: difference, finding where the words agree again is a search; it stays linear).
MAX_TRIES = 1_000_000


@dataclass(frozen=True, slots=True)
class Difference:
    """Where the document's words stop being the source's."""

    #: Where the first differing word of the document is.
    loc: Location
    message: str


class _PlainText:
    """The document's plain text as words, each word's location computed when asked."""

    def __init__(self, pieces: Sequence[tuple[str, Location]]) -> None:
        self.pieces = pieces
        self.piece_starts: list[int] = []
        total = 0
        for text, _ in pieces:
            self.piece_starts.append(total)
            total += len(text)
        plain = "".join(text for text, _ in pieces)
        self.words: list[str] = []
        self.starts: list[int] = []
        for m in _WORD.finditer(plain):
            self.words.append(m.group())
            self.starts.append(m.start())

    def loc(self, index: int) -> Location:
        """The location of the first character of word ``index``."""
        offset = self.starts[index]
        k = bisect_right(self.piece_starts, offset) - 1
        text, where = self.pieces[k]
        within = offset - self.piece_starts[k]
        breaks = text.count("\n", 0, within)
        if not breaks:
            return Location(where.path, where.line, where.col + within)
        return Location(where.path, where.line + breaks, within - text.rfind("\n", 0, within))


class _Source:
    """The source's non-blank lines as tuples of words, indexed by their first word."""

    def __init__(self, text: str) -> None:
        self.lines: list[tuple[str, ...]] = []
        self.numbers: list[int] = []  # 1-based line numbers in the source file
        self.by_first: dict[str, list[int]] = {}
        #: Lines compared so far (see :data:`MAX_TRIES`).
        self.tries = 0
        for number, line in enumerate(text.split("\n"), 1):
            words = tuple(line.split())
            if words:
                self.by_first.setdefault(words[0], []).append(len(self.lines))
                self.lines.append(words)
                self.numbers.append(number)

    def candidates(self, word: str, after: int) -> list[int]:
        """Source lines at index ``after`` or later that start with ``word`` (the first few)."""
        places = self.by_first.get(word)
        if not places:
            return []
        k = bisect_left(places, after)
        return places[k : k + CANDIDATES]

    def fits(self, index: int, words: list[str], at: int) -> bool:
        """Whether source line ``index`` is the document's words from ``at`` on."""
        self.tries += 1
        line = self.lines[index]
        end = at + len(line)
        if end > len(words) or words[end - 1] != line[-1]:
            return False
        return tuple(words[at:end]) == line


def compare(
    pieces: Sequence[tuple[str, Location]],
    source_text: str,
    source_name: str,
    excused: Callable[[Location], bool] = lambda loc: False,
) -> list[Difference]:
    """Every place where the plain text (``pieces``, see :attr:`argmap.model.Document.lines`)
    stops keeping the words of ``source_text`` (already read, line breaks as ``\\n``).

    ``excused(loc)`` says a difference at ``loc`` follows from an error reported
    there already (markup the scanner could not remove); it is not reported.
    """
    doc = _PlainText(pieces)
    source = _Source(source_text)
    words = doc.words
    n = len(words)
    found: list[Difference] = []
    cursor = 0  # the first source line that may still be used
    at = 0
    while at < n:
        line = _next_line(source, words, at, cursor)
        if line is not None:
            at += len(source.lines[line])
            cursor = line + 1
            continue
        differs, message = _describe(source, source_name, words, at, cursor)
        loc = doc.loc(differs)
        if not excused(loc):
            found.append(Difference(loc, message))
        at = _resume(source, words, differs + 1 if differs > at else at + 1, cursor)
        if source.tries > MAX_TRIES:
            break  # a difference is reported already: the check fails either way
    return found


def _next_line(source: _Source, words: list[str], at: int, cursor: int) -> int | None:
    """The source line (index ``cursor`` or later) whose words come next in the document, if any.

    Of the lines that fit, the first one after which the document can go on
    (it ends, or its next word starts a later source line) wins: a short line
    ("Yes.") that is the start of a longer one is not taken when that would
    leave the rest of the longer one unmatched.
    """
    first: int | None = None
    for index in source.candidates(words[at], cursor):
        if not source.fits(index, words, at):
            continue
        after = at + len(source.lines[index])
        if after == len(words) or source.candidates(words[after], index + 1):
            return index
        if first is None:
            first = index
    return first


def _resume(source: _Source, words: list[str], start: int, cursor: int) -> int:
    """The first word at or after ``start`` where a whole source line (``cursor`` or later) fits again."""
    for at in range(start, len(words)):
        for index in source.candidates(words[at], cursor):
            if source.fits(index, words, at):
                return at
        if source.tries > MAX_TRIES:
            break
    return len(words)


def _describe(source: _Source, name: str, words: list[str], at: int, cursor: int) -> tuple[int, str]:
    """The index of the first differing word from ``at``, and what to say about it."""
    best, common = -1, 0
    for index in source.candidates(words[at], cursor):
        line = source.lines[index]
        length = 0
        while length < len(line) and at + length < len(words) and words[at + length] == line[length]:
            length += 1
        if length > common:
            best, common = index, length
    if best >= 0:
        line = source.lines[best]
        number = source.numbers[best]
        if at + common == len(words):  # the document ends inside the line
            last = at + common - 1
            rest = _quote(line[common : common + 2 * CONTEXT_WORDS], left=False, right=common + 8 < len(line))
            return last, (
                f"the document ends inside line {number} of the source {name!r}, which goes on: {rest}; "
                "leave out whole lines only"
            )
        differs = at + common
        return differs, (
            f"the words differ from the source {name!r}: the document has {_around(words, differs, at)} "
            f"where line {number} of the source has {_around(line, common, 0)}"
        )
    earlier = [index for index in source.candidates(words[at], 0) if index < cursor and source.fits(index, words, at)]
    if earlier:
        number = source.numbers[earlier[-1]]
        return at, (
            f"the words {_around(words, at, at)} are in the source {name!r} (line {number}), "
            "but before words kept earlier: the lines are out of order"
        )
    if cursor < len(source.lines):
        number = source.numbers[cursor]
        return at, (
            f"the words differ from the source {name!r}: the document has {_around(words, at, at)} "
            f"where the source goes on at line {number} with {_around(source.lines[cursor], 0, 0)}"
        )
    return at, (
        f"the words {_around(words, at, at)} are not in the source {name!r}: "
        "the document goes on after the source's last line kept"
    )


def _around(words: Sequence[str], index: int, floor: int) -> str:
    """``'… a few words around the one at index …'`` (none before ``floor``), quoted."""
    start = max(floor, index - CONTEXT_WORDS)
    stop = min(len(words), index + CONTEXT_WORDS + 1)
    return _quote(words[start:stop], left=start > floor, right=stop < len(words))


def _quote(words: Sequence[str], *, left: bool, right: bool) -> str:
    text = " ".join(words)
    if len(text) > QUOTE_WIDTH:
        text, right = text[: QUOTE_WIDTH - 1].rstrip(), True
    return repr(("… " if left else "") + text + (" …" if right else ""))
