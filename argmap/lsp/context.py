"""What is being typed at the cursor, read from the text around it (which is usually not well-formed yet).

The cursor is *in an attribute block* when a ``]{`` opens before it, in the
same paragraph, and no ``}`` closes it first. Inside, a small lexer reads
the block up to the cursor: an ``#id``, a ``.kind``, an attribute name, or the
value of ``key=``, quoted or not, with the part of the current word typed so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How far back the cursor's block may open (an attribute block is one or a few lines).
LOOK_BEHIND = 4000
_STOP = frozenset(" \t\r\n\"'={}")


@dataclass(frozen=True, slots=True)
class Typing:
    """What the cursor is in: ``what`` is ``"kind"`` (after ``.``), ``"id"`` (after ``#``),
    ``"key"`` (an attribute name, or between attributes) or ``"value"`` (of ``key``).
    ``prefix_start`` is the offset where the word being typed starts (the text to replace)."""

    what: Literal["kind", "id", "key", "value"]
    prefix_start: int
    key: str = ""
    #: The block's ``{``.
    block_start: int = -1


def typing_at(text: str, offset: int) -> Typing | None:
    """The attribute-block context at ``offset``, or ``None`` outside any block."""
    block = _block_start(text, offset)
    if block < 0:
        return None
    pos = block + 1
    while True:
        while pos < offset and text[pos] in " \t\r\n":
            pos += 1
        if pos >= offset:
            return Typing("key", offset, block_start=block)
        token = pos
        ch = text[pos]
        if ch in "#.":
            pos += 1
            while pos < offset and text[pos] not in _STOP:
                pos += 1
            if pos >= offset:
                return Typing("id" if ch == "#" else "kind", token + 1, block_start=block)
            continue
        while pos < offset and text[pos] not in _STOP:
            pos += 1
        if pos >= offset:
            return Typing("key", token, block_start=block)
        if text[pos] != "=":
            if text[pos] in "\"'":  # a stray quote: skip to its end
                pos = _skip_quoted(text, pos, offset)
                if pos >= offset:
                    return None
            continue
        key = text[token:pos]
        pos += 1
        if pos < offset and text[pos] in "\"'":
            quote = text[pos]
            value_start = pos + 1
            end = text.find(quote, value_start, offset)
            while end >= 0 and text[end - 1] == "\\":
                end = text.find(quote, end + 1, offset)
            if end < 0:
                return Typing("value", _word_start(text, value_start, offset, key), key, block)
            pos = end + 1
            continue
        value_start = pos
        while pos < offset and text[pos] not in _STOP:
            pos += 1
        if pos >= offset:
            return Typing("value", _word_start(text, value_start, offset, key), key, block)


def _block_start(text: str, offset: int) -> int:
    """The ``{`` of the ``]{`` block that is open at ``offset``, or -1."""
    limit = max(0, offset - LOOK_BEHIND)
    pos = offset - 1
    while pos >= limit:
        ch = text[pos]
        if ch == "}":
            return -1
        if ch == "{":
            return pos if pos > 0 and text[pos - 1] == "]" else -1
        if ch == "\n":
            previous = text.rfind("\n", limit, pos)
            if not text[max(previous + 1, limit) : pos].strip():
                return -1  # a blank line: a block does not cross paragraphs
        pos -= 1
    return -1


def _skip_quoted(text: str, pos: int, offset: int) -> int:
    end = text.find(text[pos], pos + 1, offset)
    return offset if end < 0 else end + 1


def _word_start(text: str, value_start: int, offset: int, key: str) -> int:
    """Where the word at the cursor starts in a value: after the last space (or ``>`` in ``undercuts``)."""
    start = value_start
    for pos in range(offset - 1, value_start - 1, -1):
        if text[pos] in " \t\r\n" or (key == "undercuts" and text[pos] == ">"):
            start = pos + 1
            break
    return start
