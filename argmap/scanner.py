"""The scanner: finds bracketed spans in a Markdown body, with exact offsets.

It knows the syntax only (which text is a span, what its attributes are);
:mod:`argmap.parse` gives the spans their meaning. It never raises on any input
and every offset it returns points into the text it was given.

Grammar (a subset of Pandoc Markdown; see also the README's format reference)::

    body        = block*                    ; blocks are separated by blank lines
    block       = fenced-code | indented-code | html-comment | heading | paragraph
    fenced-code = 0-3 spaces, 3+ "`" or "~", info, lines..., closing fence of the
                  same character at least as long (or the end of the body)
    indented    = lines indented 4+ spaces (a tab counts 4) after a blank line,
                  outside a list
    paragraph   = consecutive non-blank lines; inline elements never cross a blank line
    inline      = escape | code-span | comment | autolink | span | link | char
    escape      = "\\" ASCII-punctuation          ; the punctuation is text
    code-span   = N backticks ... N backticks    ; unmatched backticks are text
    span        = "[" inline* "]" attr-block     ; brackets nest; the innermost
                                                 ; unmatched "[" pairs with "]"
    link        = "[" inline* "]" "(" ... ")"    ; not a span; "![...]" is an image
    attr-block  = "{" ws* (attr (ws+ attr)*)? ws* "}"
    attr        = "#" name | "." name | key "=" value
    name, key   = 1+ characters other than whitespace, quotes, "=", "{", "}"
    value       = '"' (char | '\\"' | '\\\\')* '"' | "'" ... "'" | bare
                                                 ; a quoted value stays on one line
    bare        = 1+ characters other than whitespace, quotes, "{", "}"

A ``[...]`` not followed by ``{`` or ``(`` is plain text, as in Markdown.
Text outside code that looks like an attribute block but follows no ``]`` is
reported (it usually means a missing ``]`` or a space before ``{``).

The *plain text* of the body is the body with the markup of annotation spans
removed (their ``[`` and their ``]{...}``) and the escapes ``\\[ \\] \\{ \\}``
resolved. Span texts are slices of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

from argmap.hints import CURLY_QUOTES, bare_word_message, curly_value_hint

#: Classes and keys that make a span an argmap annotation.
KIND_CLASSES = frozenset({"claim", "premise", "rebuttal"})
ARGMAP_KEYS = frozenset(
    {
        "supports",
        "attacks",
        "undercuts",
        "outweighs",
        "qualifies",
        "explains",
        "with",
        "label",
        "by",
        "cite",
        "tags",
        "ref",
    }
)

_SPECIAL = re.compile(r"[\\`\[\]{<]")
_BACKTICKS = re.compile(r"`+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>")
_WS = " \t\r\n"
_NAME_STOP = frozenset(" \t\r\n\"'={}")
_BARE_STOP = frozenset(" \t\r\n\"'{}")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_UNESCAPE = frozenset("[]{}")
_START = attrgetter("start")


@dataclass(slots=True)
class Attr:
    """One attribute of a block: ``#name``, ``.name`` or ``name=value``."""

    type: Literal["id", "class", "kv"]
    name: str
    offset: int
    value: str = ""
    value_offset: int = -1
    #: The value's characters as written (between the quotes, if quoted).
    raw_value: str = ""


@dataclass(slots=True)
class RawSpan:
    """A bracketed span with an attribute block that makes it an annotation."""

    start: int
    content_start: int
    content_end: int
    end: int
    attrs: list[Attr]
    #: The content's plain text (nested markup removed, escapes resolved).
    text: str = ""


@dataclass(slots=True)
class Problem:
    offset: int
    code: str
    message: str


@dataclass(slots=True)
class ScanResult:
    spans: list[RawSpan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Non-blank lines of the plain text, with the source offset of their first character.
    lines: list[tuple[str, int]] = field(default_factory=list)


def is_annotation(attrs: list[Attr]) -> bool:
    """A span is argmap's when it has an id, a kind, or one of argmap's keys."""
    for attr in attrs:
        if attr.type == "id":
            return True
        if attr.type == "class" and (attr.name in KIND_CLASSES or _looks_like_kind(attr.name)):
            return True
        if attr.type == "kv" and attr.name in ARGMAP_KEYS:
            return True
    return False


def _looks_like_kind(name: str) -> bool:
    import difflib

    return bool(difflib.get_close_matches(name.lower(), KIND_CLASSES, n=1, cutoff=0.75))


_ATTR_BODY = r"""
    (?:
        (?P<sigil>[#.])(?P<name>[^ \t\r\n"'={}]+)
      | (?P<key>[^ \t\r\n"'={}#.][^ \t\r\n"'={}]*)=
        (?: "(?P<dq>(?:[^"\\\n]|\\.)*)"
          | '(?P<sq>(?:[^'\\\n]|\\.)*)'
          | (?P<bare>[^ \t\r\n"'{}]+) )
    )
    (?=[ \t\r\n}])"""
_ATTR = re.compile(r"[ \t\r\n]*" + _ATTR_BODY, re.VERBOSE)
_BLOCK_END = re.compile(r"[ \t\r\n]*\}")
#: One step through a well-formed block: the closing ``}`` (group 1) or one attribute
#: (groups 2-7, as in :data:`_ATTR`). Whitespace is never part of a name, so trying
#: ``}`` first and an attribute second reads what ``_BLOCK_END`` then ``_ATTR`` read.
_ATTR_STEP = re.compile(r"[ \t\r\n]*(?:(\})|" + _ATTR_BODY + ")", re.VERBOSE)
_DQ_ESCAPE = re.compile(r'\\([\\"])')
_SQ_ESCAPE = re.compile(r"\\([\\'])")


def parse_attr_block(text: str, start: int, end: int) -> tuple[list[Attr], int] | Problem:
    """Parse the attribute block whose ``{`` is at ``start``; stop before ``end``.

    Returns the attributes and the offset just after ``}``, or a :class:`Problem`.
    A regular expression reads well-formed blocks; a character-by-character
    reader finds the exact place of the problem in malformed ones.
    """
    attrs: list[Attr] = []
    step = _ATTR_STEP.match
    pos = start + 1
    while True:
        m = step(text, pos, end)
        if m is None:
            return _parse_attr_block_slowly(text, start, end)
        closing, sigil, name, key, dq, sq, bare = m.groups()
        if closing:
            return attrs, m.end()
        if sigil:
            attrs.append(Attr("id" if sigil == "#" else "class", name, m.start(2)))
        elif dq is not None:
            value = _DQ_ESCAPE.sub(r"\1", dq) if "\\" in dq else dq
            attrs.append(Attr("kv", key, m.start(4), value, m.start(5), dq))
        elif sq is not None:
            value = _SQ_ESCAPE.sub(r"\1", sq) if "\\" in sq else sq
            attrs.append(Attr("kv", key, m.start(4), value, m.start(6), sq))
        else:
            attrs.append(Attr("kv", key, m.start(4), bare, m.start(7), bare))
        pos = m.end()


def _parse_attr_block_slowly(text: str, start: int, end: int) -> tuple[list[Attr], int] | Problem:
    attrs: list[Attr] = []
    pos = start + 1
    while True:
        while pos < end and text[pos] in _WS:
            pos += 1
        if pos >= end:
            return Problem(start, "AM110", "attribute block is not closed: '}' expected")
        ch = text[pos]
        if ch == "}":
            return attrs, pos + 1
        token_start = pos
        if ch in "#.":
            pos += 1
            while pos < end and text[pos] not in _NAME_STOP:
                pos += 1
            name = text[token_start + 1 : pos]
            if not name:
                return Problem(token_start, "AM110", f"{'id' if ch == '#' else 'class'} name expected after {ch!r}")
            attrs.append(Attr("id" if ch == "#" else "class", name, token_start))
        elif ch not in _NAME_STOP:
            while pos < end and text[pos] not in _NAME_STOP:
                pos += 1
            key = text[token_start:pos]
            if pos >= end or text[pos] != "=":
                if attrs and (curly := _curly_value(attrs[-1])) is not None:  # label=“two words”: 'words”' is stray
                    return curly
                return Problem(token_start, "AM110", bare_word_message(key))
            pos += 1
            if pos < end and text[pos] in "\"'":
                quote = text[pos]
                pos += 1
                value_offset = pos
                chars: list[str] = []
                while pos < end and text[pos] != quote and text[pos] != "\n":
                    if text[pos] == "\\" and pos + 1 < end and text[pos + 1] in (quote, "\\"):
                        pos += 1
                    chars.append(text[pos])
                    pos += 1
                if pos >= end or text[pos] == "\n":
                    return Problem(
                        value_offset - 1, "AM110", f"quoted value of '{key}' is not closed: {quote} expected"
                    )
                raw = text[value_offset:pos]
                pos += 1
                attrs.append(Attr("kv", key, token_start, "".join(chars), value_offset, raw))
            else:
                value_offset = pos
                while pos < end and text[pos] not in _BARE_STOP:
                    pos += 1
                if pos == value_offset:
                    if pos < end and text[pos] in "\"'":
                        pass  # unreachable: quotes handled above
                    return Problem(value_offset, "AM110", f"value expected after '{key}='")
                value = text[value_offset:pos]
                attrs.append(Attr("kv", key, token_start, value, value_offset, value))
        else:
            return Problem(pos, "AM110", f"unexpected {ch!r} in attribute block")
        if pos < end and text[pos] not in _WS and text[pos] != "}":
            if (curly := _curly_value(attrs[-1])) is not None:
                return curly
            return Problem(
                pos, "AM110", f"unexpected {text[pos]!r} in attribute block: attributes are separated by spaces"
            )


def _curly_value(attr: Attr) -> Problem | None:
    """A bare value cut short after a typographic quote (``label=“two words”``), as the problem to report."""
    value = attr.raw_value
    bare = attr.value_offset == attr.offset + len(attr.name) + 1
    if attr.type == "kv" and bare and value[:1] in CURLY_QUOTES and (len(value) == 1 or value[-1] not in CURLY_QUOTES):
        return Problem(attr.value_offset, "AM110", curly_value_hint(attr.name))
    return None


def scan(text: str, body_start: int = 0) -> ScanResult:
    """Scan ``text[body_start:]`` for annotation spans."""
    result = ScanResult()
    removals: list[tuple[int, int]] = []  # source ranges left out of the plain text
    for kind, start, end in _blocks(text, body_start):
        if kind == "para":
            _scan_inline(text, start, end, result, removals)
    removals.sort()
    plain, offsets = _plain_text(text, body_start, removals)
    _fill_span_texts(result.spans, plain, offsets)
    result.lines = _plain_lines(plain, offsets)
    return result


# -- blocks ---------------------------------------------------------------


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _blocks(text: str, body_start: int) -> list[tuple[str, int, int]]:
    """Split the body into ``(kind, start, end)`` blocks: ``para`` or ``code``."""
    blocks: list[tuple[str, int, int]] = []
    pos = body_start
    n = len(text)
    para_start = -1
    fence: tuple[str, int] | None = None
    in_comment = False
    in_list = False
    prev_blank = True
    code_start = -1

    def close_para(at: int) -> None:
        nonlocal para_start
        if para_start >= 0:
            blocks.append(("para", para_start, at))
            para_start = -1

    while pos < n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        next_pos = n if nl < 0 else nl + 1
        line = text[pos:line_end]
        blank = not line.strip()
        if fence is not None:
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and not m.group(2).strip():
                blocks.append(("code", code_start, line_end))
                fence = None
        elif in_comment:
            if "-->" in line:
                blocks.append(("code", code_start, line_end))
                in_comment = False
        elif code_start >= 0 and (blank or _indent(line) >= 4):
            pass  # indented code goes on
        else:
            if code_start >= 0:
                blocks.append(("code", code_start, pos))
                code_start = -1
            m = _FENCE.match(line)
            if blank:
                close_para(pos)
            elif m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                close_para(pos)
                fence = (m.group(1)[0], len(m.group(1)))
                code_start = pos
            elif line.lstrip().startswith("<!--") and para_start < 0:
                if "-->" in line:
                    blocks.append(("code", pos, line_end))
                else:
                    in_comment = True
                    code_start = pos
            elif para_start < 0 and prev_blank and not in_list and _indent(line) >= 4:
                code_start = pos
            elif _HEADING.match(line):
                close_para(pos)
                blocks.append(("para", pos, line_end))
            else:
                if _LIST_ITEM.match(line):
                    in_list = True
                elif _indent(line) == 0 and prev_blank:
                    in_list = False
                if para_start < 0:
                    para_start = pos
        if fence is None and not in_comment and code_start < 0:
            prev_blank = blank
        else:
            prev_blank = False
        pos = next_pos
    close_para(n)
    if code_start >= 0:
        blocks.append(("code", code_start, n))
    return blocks


# -- inline ---------------------------------------------------------------


def _scan_inline(text: str, start: int, end: int, result: ScanResult, removals: list[tuple[int, int]]) -> None:
    runs: dict[int, list[int]] = {}
    for run in _BACKTICKS.finditer(text, start, end):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    stack: list[tuple[int, bool]] = []  # (offset of "[", is image)
    search = _SPECIAL.search
    spans = result.spans
    closers: dict[int, int] | None = None  # "(" offset -> just after its ")", made when a link first needs it
    no_comment_end = end  # no "-->" starts at or after this offset (so an unclosed "<!--" costs one search)
    pos = start
    while True:
        m = search(text, pos, end)
        if m is None:
            return
        i = m.start()
        ch = text[i]
        if ch == "[":
            stack.append((i, i > start and text[i - 1] == "!" and not _escaped(text, i - 1, start)))
            pos = i + 1
        elif ch == "]":
            if stack and i + 1 < end and text[i + 1] == "{":
                # the common case, `[words]{...}`, inline; everything else in _close_bracket
                parsed = parse_attr_block(text, i + 1, end)
                if type(parsed) is tuple:
                    open_at, is_image = stack.pop()
                    attrs, pos = parsed
                    if not is_image and is_annotation(attrs):
                        spans.append(RawSpan(open_at, open_at + 1, i, pos, attrs))
                        removals.append((open_at, open_at + 1))
                        removals.append((i, pos))
                    continue
            if stack and i + 1 < end and text[i + 1] == "(":  # a link: skip its destination
                stack.pop()
                if closers is None:
                    closers = _matching_parens(text, start, end)
                pos = closers.get(i + 1, i + 2)
                continue
            pos = _close_bracket(text, i, end, stack, result, removals)
        elif ch == "\\":
            if i + 1 < end and text[i + 1] in _ASCII_PUNCT:
                if text[i + 1] in _UNESCAPE:
                    removals.append((i, i + 1))
                pos = i + 2
            else:
                pos = i + 1
        elif ch == "`":
            run_end = i
            while run_end < end and text[run_end] == "`":
                run_end += 1
            length = run_end - i
            starts = runs.get(length, [])
            k = bisect_right(starts, i)
            pos = starts[k] + length if k < len(starts) else run_end
        elif ch == "<":
            if text.startswith("<!--", i):
                close = text.find("-->", i + 4, end) if i + 4 < no_comment_end else -1
                if close < 0:
                    no_comment_end = min(no_comment_end, i + 4)
                pos = close + 3 if close >= 0 else i + 1
            else:
                a = _AUTOLINK.match(text, i, end)
                pos = a.end() if a else i + 1
        else:  # "{" not after "]"
            pos = _stray_block(text, i, end, result)


def _escaped(text: str, i: int, start: int) -> bool:
    count = 0
    while i - 1 >= start and text[i - 1] == "\\":
        count += 1
        i -= 1
    return count % 2 == 1


def _close_bracket(
    text: str, i: int, end: int, stack: list[tuple[int, bool]], result: ScanResult, removals: list[tuple[int, int]]
) -> int:
    nxt = text[i + 1] if i + 1 < end else ""
    if not stack:
        if nxt == "{":
            parsed = parse_attr_block(text, i + 1, end)
            if not isinstance(parsed, Problem) and is_annotation(parsed[0]):
                result.problems.append(
                    Problem(
                        i,
                        "AM119",
                        "']{' closes no span: the opening '[' is missing or in an earlier paragraph"
                        " (a span cannot cross a blank line); or escape it as '\\]'",
                    )
                )
                return parsed[1]
        return i + 1
    open_at, is_image = stack.pop()  # (a link, "](", never comes here: _scan_inline skips it)
    if nxt != "{":
        return i + 1
    parsed = parse_attr_block(text, i + 1, end)
    if isinstance(parsed, Problem):
        result.problems.append(parsed)
        return i + 2
    attrs, after = parsed
    if is_image or not is_annotation(attrs):
        return after
    result.spans.append(RawSpan(open_at, open_at + 1, i, after, attrs))
    removals.append((open_at, open_at + 1))
    removals.append((i, after))
    return after


_PAREN_TOKEN = re.compile(r"\\.|[()]", re.DOTALL)


def _matching_parens(text: str, start: int, end: int) -> dict[int, int]:
    """For each ``(`` in ``text[start:end]`` that is closed, the offset just after its ``)``.

    Parentheses nest; a backslash escapes the character after it. One pass
    for the whole paragraph, so that skipping link destinations stays linear
    (scanning ahead from each ``](`` for its ``)`` is quadratic in a paragraph
    of unclosed ``](``). The ``(`` after a ``]`` is never the escaped
    character of a backslash, so its match here is the one a scan starting
    at it would find.
    """
    closers: dict[int, int] = {}
    opened: list[int] = []
    for m in _PAREN_TOKEN.finditer(text, start, end):
        token = m.group()
        if token == "(":
            opened.append(m.start())
        elif token == ")" and opened:
            closers[opened.pop()] = m.end()
    return closers


def _stray_block(text: str, i: int, end: int, result: ScanResult) -> int:
    j = i + 1
    while j < end and text[j] in " \t":
        j += 1
    if j < end and text[j] in "#.":
        parsed = parse_attr_block(text, i, end)
        if not isinstance(parsed, Problem) and any(
            (a.type == "class" and a.name in KIND_CLASSES) or (a.type == "kv" and a.name in ARGMAP_KEYS)
            for a in parsed[0]
        ):
            result.problems.append(
                Problem(
                    i,
                    "AM119",
                    "attribute block follows no span: write '[words]{...}' with no space before '{'",
                )
            )
            return parsed[1]
    return i + 1


# -- plain text -----------------------------------------------------------


def _plain_text(text: str, body_start: int, removals: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """The body without ``removals``, and ``(plain offset, source offset, length)`` of each kept piece."""
    pieces: list[str] = []
    offsets: list[tuple[int, int, int]] = []
    plain_len = 0
    pos = body_start
    for r_start, r_end in removals:
        r_start = max(r_start, pos)
        if r_start > pos:
            pieces.append(text[pos:r_start])
            offsets.append((plain_len, pos, r_start - pos))
            plain_len += r_start - pos
        pos = max(pos, r_end)
    if pos < len(text):
        pieces.append(text[pos:])
        offsets.append((plain_len, pos, len(text) - pos))
    return "".join(pieces), offsets


def _to_plain(source_offset: int, offsets: list[tuple[int, int, int]], source_starts: list[int]) -> int:
    """Map a source offset to the plain text; an offset inside removed markup maps to where it was cut."""
    k = bisect_right(source_starts, source_offset) - 1
    if k < 0:
        return 0
    plain_start, src_start, length = offsets[k]
    return plain_start + min(source_offset - src_start, length)


def _to_source(plain_offset: int, offsets: list[tuple[int, int, int]], plain_starts: list[int]) -> int:
    k = bisect_right(plain_starts, plain_offset) - 1
    if k < 0:
        return offsets[0][1] if offsets else 0
    plain_start, src_start, _ = offsets[k]
    return src_start + (plain_offset - plain_start)


def _fill_span_texts(spans: list[RawSpan], plain: str, offsets: list[tuple[int, int, int]]) -> None:
    source_starts = [s for _, s, _ in offsets]
    for span in spans:
        start, end = span.content_start, span.content_end
        k = bisect_right(source_starts, start) - 1
        if k >= 0:
            plain_start, src_start, length = offsets[k]
            if end - src_start <= length:  # no markup inside: one kept piece holds the whole content
                a = plain_start + start - src_start
                span.text = plain[a : a + end - start] if end > start else ""
                continue
        a = _to_plain(start, offsets, source_starts)
        b = _to_plain(end, offsets, source_starts)
        span.text = plain[a:b] if b > a else ""
    spans.sort(key=_START)


def _plain_lines(plain: str, offsets: list[tuple[int, int, int]]) -> list[tuple[str, int]]:
    plain_starts = [p for p, _, _ in offsets]
    lines: list[tuple[str, int]] = []
    pos = 0
    for line in plain.split("\n"):
        stripped = line.strip()
        if stripped:
            first = pos + (len(line) - len(line.lstrip()))
            lines.append((line, _to_source(first, offsets, plain_starts)))
        pos += len(line) + 1
    return lines
