"""Positions in one text: offsets, argmap's (line, column), and LSP's (line, character).

argmap counts columns in Unicode code points from 1 (:class:`argmap.errors.Location`);
the Language Server Protocol counts lines from 0 and characters in code units of
the encoding agreed at start-up: UTF-16 unless client and server agree on UTF-8
or UTF-32. A character outside the Basic Multilingual Plane (most emoji, ``🚲``)
is one code point, two UTF-16 units and four UTF-8 bytes. Offsets are indexes
into the Python string (code points). Lines end at ``\\n``, as in the parser.
"""

from __future__ import annotations

from bisect import bisect_right

#: The encodings LSP knows (``PositionEncodingKind``).
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str = UTF16) -> int:
    """The length of ``text`` in code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def code_points(line: str, count: int, encoding: str = UTF16) -> int:
    """How many code points of ``line`` make its first ``count`` code units (a unit inside a character rounds up)."""
    if encoding == UTF32 or line.isascii():
        return max(0, min(count, len(line)))
    seen = 0
    for index, ch in enumerate(line):
        if seen >= count:
            return index
        code = ord(ch)
        if encoding == UTF8:
            seen += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        else:
            seen += 2 if code > 0xFFFF else 1
    return len(line)


class TextPositions:
    """Conversions for one text. A leading byte-order mark is in the text but not in argmap's columns."""

    __slots__ = ("bom", "encoding", "starts", "text")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.bom = 1 if text.startswith("\ufeff") else 0
        starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.starts = starts

    def line_text(self, line: int) -> str:
        """Line ``line`` (0-based) without its line break."""
        if not 0 <= line < len(self.starts):
            return ""
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].removesuffix("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """The LSP ``(line, character)`` of ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of an LSP position; past the end of a line means its end, past the last line the text's end."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        return self.starts[line] + code_points(self.line_text(line), character, self.encoding)

    def offset_of(self, line: int, col: int) -> int:
        """The offset of argmap's 1-based ``line`` and code-point ``col`` (as in a finding)."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        end = start + len(self.line_text(line - 1))
        return min(start + (self.bom if line == 1 else 0) + max(col - 1, 0), end)
