"""The scanner: finds bracketed spans in a Markdown body, with exact offsets.

It knows the syntax only (which text is a span, what its attributes are);
:mod:`argmap.source.parse` gives the spans their meaning. It never raises on any input
and every offset it returns points into the text it was given.

Grammar (a subset of Pandoc Markdown; see also docs/format.md)::

    body        = block*                    ; blocks are separated by blank lines; a line
                                            ; ends at LF, CRLF or a lone CR
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

from argmap.source.hints import CURLY_QUOTES, bare_word_message, curly_value_hint

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

#: What the inline lexer stops at; everything else in a paragraph is plain text.
INLINE_SPECIAL = re.compile(r"[\\`\[\]{<]")
BACKTICK_RUN = re.compile(r"`+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
#: The underline of a setext heading: the lines above it are a heading, as in Pandoc.
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*\Z")
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>")
#: What may make Pandoc read a paragraph's spans otherwise (see :mod:`argmap.source.divergence`).
_PANDOC_TRIGGER = re.compile(r"[$\\<^]|\][(\[]|``")
#: A line ends at LF, CRLF or a lone CR (:func:`argmap.corpus.files.normalize_newlines`).
_EOL = re.compile(r"\r\n?|\n")
_WS = " \t\r\n"
#: The characters a backslash escapes (CommonMark); before any other, a backslash is text.
ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
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
    #: A span read by the fast path (``scan(..., fast=True)``, see :data:`SIMPLE_SPAN`): its match,
    #: whose groups hold the id, the kind and the key-value attributes. ``attrs`` is then empty
    #: unless the block has another form (:func:`span_attributes` reads them in either case).
    fast: re.Match[str] | None = None


@dataclass(slots=True)
class Problem:
    offset: int
    code: str
    message: str
    #: For a malformed attribute block: the attributes read before the problem.
    attrs: list[Attr] | None = None


@dataclass(slots=True)
class ScanResult:
    spans: list[RawSpan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Non-blank lines of the plain text, with the source offset of their first character.
    lines: list[tuple[str, int]] = field(default_factory=list)
    #: The plain text in pieces, each contiguous in the source, with the source offset of its
    #: first character; joined, they are the plain text of the body (when asked for).
    pieces: list[tuple[str, int]] = field(default_factory=list)
    #: Warnings about markup Pandoc reads otherwise than argmap does (AM122, AM123): the
    #: syntax stands, but the document does not render as it is annotated.
    notes: list[Problem] = field(default_factory=list)
    #: Attribute blocks of argmap's that make no span because of a problem reported
    #: (a missing ``[``, an unclosed block): what they declare is known, so that what
    #: they would have related is not reported again (see :mod:`argmap.source.parse`).
    orphans: list[RawSpan] = field(default_factory=list)


def is_annotation(attrs: list[Attr]) -> bool:
    """A span is argmap's when it has an id, a kind, or one of argmap's keys."""
    ident = ""
    for attr in attrs:
        if attr.type == "id":
            ident = attr.name  # the last id is the span's, as in Pandoc, and id="" gives none
        elif attr.type == "kv":
            if attr.name in ARGMAP_KEYS:
                return True
        elif attr.name in KIND_CLASSES or _looks_like_kind(attr.name):
            return True
    return bool(ident)


def _looks_like_kind(name: str) -> bool:
    import difflib

    return bool(difflib.get_close_matches(name.lower(), KIND_CLASSES, n=1, cutoff=0.75))


#: Haskell's ``isSpace`` (what Pandoc's parsers call a space): no quoted value may start with one.
_SPACE_CHARS = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: A name (of an id, a class or a key): a letter, then letters, digits, ``-``, ``_``, ``:``, ``.``.
#: (``[^\W\d_]`` also lets through numeric characters that are not letters, such as ``²``:
#: :func:`_names_ok` checks the first character.)
_IDENT = r"[^\W\d_][\w:.-]*"
#: A backslash before a character that is not a letter or digit escapes it; before a letter or a
#: digit (or at the end) it is a backslash. The three alternatives never overlap (no backtracking).
_ESCAPED = r"\\[\W_]|\\(?![\W_])"
_ATTR_BODY = rf"""
    (?:
        (?P<sigil>[\#.])(?P<name>{_IDENT})
      | (?P<dash>-)
      | (?P<key>{_IDENT})=
        (?: "(?P<dq>(?![{_SPACE_CHARS}"])(?:{_ESCAPED}|[^"\\])+)"
          | '(?P<sq>(?![{_SPACE_CHARS}'])(?:{_ESCAPED}|[^'\\])+)'
          | (?P<empty>""|'')
          | (?P<bare>(?:{_ESCAPED}|[^ \t\r\n}}\\])*) )
    )"""
#: One step through a well-formed block: the closing ``}`` (group 1) or one attribute.
_ATTR_STEP = re.compile(r"[ \t\r\n]*(?:(\})|" + _ATTR_BODY + ")", re.VERBOSE)
_IDENT_AT = re.compile(_IDENT)
_VALUE_ESCAPE = re.compile(r"\\([\W_])|\n")


def _value(raw: str, quoted: bool) -> str:
    """An attribute value as Pandoc reads it: escapes resolved; in quotes, a line break is a space.

    Character references (``&amp;``) are kept as written (Pandoc decodes them; see
    docs/format.md, "The grammar").
    """
    if "\\" not in raw and not (quoted and "\n" in raw):
        return raw
    return _VALUE_ESCAPE.sub(lambda m: m.group(1) if m.group(1) is not None else " " if quoted else "\n", raw)


def unescape(raw: str) -> str:
    """``raw`` with its backslash escapes resolved (a backslash before a character that is not a letter or digit)."""
    return _VALUE_ESCAPE.sub(lambda m: m.group(1) if m.group(1) is not None else "\n", raw) if "\\" in raw else raw


def _names_ok(attrs: list[Attr]) -> bool:
    """Whether every name starts with a letter (the regular expression lets through ``²`` and the like)."""
    return all(a.name[:1].isalpha() for a in attrs if a.type != "class" or a.name != "unnumbered")


def _attribute(attrs: list[Attr], key: str, offset: int, raw: str, value_offset: int, quoted: bool) -> None:
    """Add ``key=raw``; ``id=`` and ``class=`` are an id and classes, as in Pandoc."""
    value = _value(raw, quoted)
    if key == "id":
        attrs.append(Attr("id", value, offset))
    elif key == "class":
        attrs.extend(Attr("class", word, offset) for word in value.split())
    else:
        attrs.append(Attr("kv", key, offset, value, value_offset, raw))


def parse_attr_block(text: str, start: int, end: int) -> tuple[list[Attr], int] | Problem:
    """Parse the attribute block whose ``{`` is at ``start``; stop before ``end``.

    Returns the attributes and the offset just after ``}``, or a :class:`Problem`.
    The grammar is Pandoc's (``attributes`` in its Markdown reader); see the
    module docstring. A regular expression reads well-formed blocks; a
    character-by-character reader finds the exact place of the problem in
    malformed ones, and the two agree (a property test holds them to it).
    """
    attrs: list[Attr] = []
    step = _ATTR_STEP.match
    pos = start + 1
    odd = False  # a name that starts with a character outside ASCII: is it a letter? (see _IDENT)
    while True:
        m = step(text, pos, end)
        if m is None:
            return _parse_attr_block_slowly(text, start, end)
        closing, sigil, name, dash, key, dq, sq, empty, bare = m.groups()
        if closing:
            if odd and not _names_ok(attrs):
                return _parse_attr_block_slowly(text, start, end)
            return attrs, m.end()
        if sigil:
            attrs.append(Attr("id" if sigil == "#" else "class", name, m.start(2)))
            odd = odd or name[0] > "\x7f"
            pos = m.end()
            continue
        if dash:
            attrs.append(Attr("class", "unnumbered", m.start(4)))
            pos = m.end()
            continue
        odd = odd or key[0] > "\x7f"
        raw = dq if dq is not None else sq
        if raw is not None:  # quoted: the usual value, read inline when it needs no decoding
            value_offset = m.start(6 if dq is not None else 7)
            if key == "id" or key == "class" or "\\" in raw or "\n" in raw:
                _attribute(attrs, key, m.start(5), raw, value_offset, True)
            else:
                attrs.append(Attr("kv", key, m.start(5), raw, value_offset, raw))
        elif empty is not None:
            _attribute(attrs, key, m.start(5), "", m.start(8) + 1, True)
        else:
            if bare[:1] in "\"'":  # a quote never closed: refused (docs/format.md)
                return _parse_attr_block_slowly(text, start, end)
            _attribute(attrs, key, m.start(5), bare, m.start(9), False)
        pos = m.end()


def _curly_value(attr: Attr) -> Problem | None:
    """A bare value cut short after a typographic quote (``label=“two words”``), as the problem to report."""
    value = attr.raw_value
    bare = attr.value_offset == attr.offset + len(attr.name) + 1
    if attr.type == "kv" and bare and value[:1] in CURLY_QUOTES and (len(value) == 1 or value[-1] not in CURLY_QUOTES):
        return Problem(attr.value_offset, "AM110", curly_value_hint(attr.name))
    return None


def _quoted_end(text: str, pos: int, end: int) -> int:
    """Where the quoted value opening at ``pos`` ends (just after its closing quote), or -1."""
    quote = text[pos]
    i = pos + 1
    if i >= end or text[i] == quote or text[i] in _SPACE_SET:
        return -1
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end and not text[i + 1].isalnum():
            i += 2
            continue
        if ch == quote:
            return i + 1
        i += 1
    return -1


def _bare_end(text: str, pos: int, end: int) -> int:
    i = pos
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end and not text[i + 1].isalnum():
            i += 2
        elif ch in " \t\r\n}":
            break
        else:
            i += 1
    return i


_SPACE_SET = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000") | frozenset(map(chr, range(0x2000, 0x200B)))


def _parse_attr_block_slowly(text: str, start: int, end: int) -> tuple[list[Attr], int] | Problem:
    """The same grammar as :func:`parse_attr_block`, one step at a time, to name what is wrong and where."""
    attrs: list[Attr] = []
    pos = start + 1
    # A quote that opened no quoted value (read as a bare one), or a quoted value that ran
    # over a line break: when the block then fails, that quote is the likely cause.
    quote_trouble: Problem | None = None

    def problem(offset: int, message: str) -> Problem:
        return quote_trouble if quote_trouble is not None else Problem(offset, "AM110", message, attrs)

    while True:
        while pos < end and text[pos] in _WS:
            pos += 1
        if pos >= end:
            return problem(start, "attribute block is not closed: '}' expected")
        ch = text[pos]
        if ch == "}":
            return attrs, pos + 1
        if ch in "#.":
            m = _IDENT_AT.match(text, pos + 1, end)
            if m is None or not m.group()[0].isalpha():
                what = "id" if ch == "#" else "class"
                return problem(pos, f"{what} name expected after {ch!r}: a name starts with a letter")
            attrs.append(Attr("id" if ch == "#" else "class", m.group(), pos))
            pos = m.end()
            continue
        if ch == "-":
            attrs.append(Attr("class", "unnumbered", pos))
            pos += 1
            continue
        m = _IDENT_AT.match(text, pos, end)
        if m is None or not m.group()[0].isalpha() or m.end() >= end or text[m.end()] != "=":
            token_end = pos
            while token_end < end and text[token_end] not in _WS and text[token_end] != "}":
                token_end += 1
            token = text[pos:token_end]
            if attrs and (curly := _curly_value(attrs[-1])) is not None:  # label=“two words”: 'words”' is stray
                return quote_trouble or curly
            if m is not None and m.group()[0].isalpha() and m.end() == token_end:  # a bare word: '#' or '.' forgotten?
                return problem(pos, bare_word_message(token))
            if attrs and token_end < end and text[token_end] in _WS:
                hint = " (is a '}' missing before it?)"
            elif m is None or not m.group()[0].isalpha():
                hint = ", with a name that starts with a letter"
            else:
                hint = ""
            return problem(pos, f"{token!r} is not an attribute: write #id, .class or key=value{hint}")
        key, key_offset = m.group(), pos
        pos = m.end() + 1
        if pos < end and text[pos] in "\"'":
            after = _quoted_end(text, pos, end)
            if after >= 0:
                raw = text[pos + 1 : after - 1]
                if "\n" in raw and quote_trouble is None:
                    quote = text[pos]
                    quote_trouble = Problem(
                        pos, "AM110", f"quoted value of '{key}' is not closed on its line: {quote} expected", attrs
                    )
                _attribute(attrs, key, key_offset, raw, pos + 1, True)
                pos = after
                continue
            if pos + 1 < end and text[pos + 1] == text[pos]:
                _attribute(attrs, key, key_offset, "", pos + 1, True)
                pos += 2
                continue
            # Pandoc would read a bare value that begins with the quote; argmap refuses it
            quote = text[pos]
            if pos + 1 < end and text[pos + 1] in _SPACE_SET:
                why = f"quoted value of '{key}' starts with a space, which Pandoc does not read as a value"
            else:
                why = f"quoted value of '{key}' is not closed: {quote} expected"
            return quote_trouble or Problem(pos, "AM110", why, attrs)
        value_end = _bare_end(text, pos, end)
        _attribute(attrs, key, key_offset, text[pos:value_end], pos, False)
        pos = value_end


def scan(text: str, body_start: int = 0, *, lines: bool = True, pieces: bool = False, fast: bool = False) -> ScanResult:
    """Scan ``text[body_start:]`` for annotation spans; fill ``lines`` and ``pieces`` when asked.

    ``fast``: read the paragraphs of the simple form (:func:`_simple_paragraph`) with one
    regular expression; their spans carry their match (``RawSpan.fast``) instead of ``attrs``.
    """
    result = ScanResult()
    removals: list[tuple[int, int]] = []  # source ranges left out of the plain text
    unclosed: list[int] = []
    open_comments: list[tuple[int, int]] = []
    open_brackets: list[int] = []
    found = blocks(text, body_start, unclosed)
    slow = 0  # spans whose text must be cut from the plain text (not read by the fast path)
    # the characters that make a paragraph not simple: when the body has none, no paragraph is searched
    unsafe = fast and (any(text.find(ch, body_start) >= 0 for ch in _NOT_SIMPLE_CHARS) or "![" in text)
    for kind, start, end in found:
        if kind == "para":
            before = len(result.spans)
            if fast and _simple_paragraph(text, start, end, result, removals, unsafe):
                continue
            _scan_inline(text, start, end, result, removals, open_comments, open_brackets)
            if _PANDOC_TRIGGER.search(text, start, end) and (
                len(result.spans) > before or SPAN_SYNTAX.search(text, start, end)
            ):
                from argmap.source.divergence import check_paragraph

                check_paragraph(text, start, end, result.spans[before:], result)
            slow += len(result.spans) - before
    joins = len(found) > 1 and ("`" in text or bool(unclosed))
    for start in unclosed:
        _hidden_spans(text, start, len(text), result)
    for start, end in open_comments:
        close = text.find("-->", end)
        if close >= 0:
            _hidden_spans(text, start, close, result, across=True)
    if open_brackets and SPAN_SYNTAX.search(text, open_brackets[0]):
        from argmap.source.divergence import check_open_brackets

        check_open_brackets(text, sorted(found, key=lambda b: b[1]), open_brackets, result)
    if joins:  # a paragraph or heading that Pandoc may read on into the next block
        from argmap.source.divergence import check_joined_blocks

        check_joined_blocks(text, sorted(found, key=lambda b: b[1]), unclosed, result)
    if len(found) > 1 and result.spans and "\\" in text:
        from argmap.source.divergence import check_trailing_commands

        check_trailing_commands(text, sorted(found, key=lambda b: b[1]), result)
    if not (slow or lines or pieces):  # every span was read by the fast path, with its text
        return result
    removals.sort()
    plain, offsets = _plain_text(text, body_start, removals)
    _fill_span_texts(result.spans, plain, offsets)
    if lines:
        result.lines = _plain_lines(plain, offsets)
    if pieces:
        result.pieces = [(plain[start : start + length], source) for start, source, length in offsets]
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


def blocks(text: str, body_start: int, unclosed: list[int] | None = None) -> list[tuple[str, int, int]]:
    """Split the body into ``(kind, start, end)`` blocks: ``para`` or ``code``.

    A fence or an HTML comment never closed runs to the end of the body; its
    offset is added to ``unclosed`` when given.
    """
    found: list[tuple[str, int, int]] = []
    pos = body_start
    n = len(text)
    para_start = -1
    fence: tuple[str, int] | None = None
    in_comment = False
    comment_margin = False
    in_list = False
    prev_blank = True
    code_start = -1

    def close_para(at: int) -> None:
        nonlocal para_start
        if para_start >= 0:
            found.append(("para", para_start, at))
            para_start = -1

    lone_cr = "\r" in text  # argmap.source.parse gives "\n" only; other callers may not
    while pos < n:
        if lone_cr:
            eol = _EOL.search(text, pos)
            line_end = n if eol is None else eol.start()
            next_pos = n if eol is None else eol.end()
        else:
            nl = text.find("\n", pos)
            line_end = n if nl < 0 else nl
            next_pos = n if nl < 0 else nl + 1
        line = text[pos:line_end]
        blank = not line.strip(" \t")  # as in Pandoc: a line of a no-break space is not blank
        # a line that ends an HTML comment block, with nothing after the "-->": as in Pandoc (and CommonMark),
        # the next line starts a block, and one indented 4 spaces is code
        comment_block = False
        if fence is not None:
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and not m.group(2).strip():
                found.append(("code", code_start, line_end))
                fence = None
        elif in_comment:
            if "-->" in line:
                close = pos + line.index("-->") + 3
                found.append(("code", code_start, close))
                in_comment = False
                code_start = -1
                if text[close:line_end].strip(" \t"):  # text after "-->" is read, as Pandoc reads it
                    para_start = close
                else:
                    comment_block = comment_margin  # (one opened after an indent is inline for Pandoc)
        elif code_start >= 0 and (blank or _indent(line) >= 4):
            pass  # indented code goes on
        else:
            if code_start >= 0:
                found.append(("code", code_start, pos))
                code_start = -1
            m = _FENCE.match(line)
            if blank:
                close_para(pos)
            elif m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                close_para(pos)
                if prev_blank and _indent(line) == 0:
                    in_list = False  # a block at the margin after a blank line ends a list, as in Pandoc
                fence = (m.group(1)[0], len(m.group(1)))
                code_start = pos
            elif line.lstrip().startswith("<!--") and para_start < 0 and "-->" not in line:
                in_comment = True  # (a comment closed on its line is read inline, with what follows it)
                comment_margin = line.startswith("<!--")
                code_start = pos
                if prev_blank and _indent(line) == 0:
                    in_list = False
            elif para_start < 0 and line.startswith("<!--") and _comment_alone(line):
                found.append(("para", pos, line_end))  # a comment alone on its line: a block of its own
                comment_block = True
                if prev_blank:
                    in_list = False
            elif para_start < 0 and prev_blank and not in_list and _indent(line) >= 4:
                code_start = pos
            elif para_start < 0 and _HEADING.match(line):  # as in Pandoc, a heading follows a blank line
                found.append(("para", pos, line_end))
            elif para_start >= 0 and _SETEXT.match(line):  # the paragraph above is a heading; this line ends it
                close_para(pos)
            else:
                if _LIST_ITEM.match(line):
                    in_list = True
                elif _indent(line) == 0 and prev_blank:
                    in_list = False
                if para_start < 0:
                    para_start = pos
        prev_blank = comment_block or (blank if fence is None and not in_comment and code_start < 0 else False)
        pos = next_pos
    close_para(n)
    if code_start >= 0:
        found.append(("code", code_start, n))
        if unclosed is not None and (fence is not None or in_comment):
            unclosed.append(code_start)
    return found


def _comment_alone(line: str) -> bool:
    """Whether ``line`` (which starts with ``<!--``) is an HTML comment closed on it with nothing after it."""
    close = line.find("-->", 4)
    return close >= 0 and not line[close + 3 :].strip(" \t")


_OPENER = re.compile(r"`|~|<!--")
#: Span syntax (``]{`` then an id, a class or a key): what an unclosed block would hide.
SPAN_SYNTAX = re.compile(r"\]\{[ \t\r\n]*(?:[#.-]|[^ \t\r\n\"'={}#.][^ \t\r\n\"'={}]*=)")
#: Places that look like span syntax checked after an unclosed block (a bound for huge inputs).
_HIDDEN_CHECKS = 1000


def _hidden_spans(text: str, start: int, stop: int, result: ScanResult, *, across: bool = False) -> None:
    """Warn (AM122) at a fence or comment that hides the annotation markup up to ``stop``.

    Either it is never closed (argmap reads the rest as code, Pandoc does not),
    or (``across``) it is an HTML comment opened in a paragraph and not closed
    there, which Pandoc reads on, across blank lines, up to the next ``-->``.
    """
    line_end = text.find("\n", start)
    line = text[start : len(text) if line_end < 0 else line_end]
    marker = _OPENER.search(line)
    at = start + (marker.start() if marker else 0)  # the fence or the "<!--", after any indentation
    for checked, m in enumerate(SPAN_SYNTAX.finditer(text, start, stop)):
        if checked >= _HIDDEN_CHECKS:
            return
        parsed = parse_attr_block(text, m.start() + 1, len(text))
        if isinstance(parsed, Problem) or not is_annotation(parsed[0]):
            continue
        if across:
            close_line = text.count("\n", 0, stop) + 1
            result.notes.append(
                Problem(
                    start,
                    "AM122",
                    "this HTML comment is not closed in its paragraph: Pandoc reads everything up to the next"
                    f" '-->' (line {close_line}) as the comment, annotations included; close it in its"
                    " paragraph",
                )
            )
            return
        fence = re.match(r"`+|~+", text[at:])
        opened = "HTML comment" if fence is None else "code fence"
        closing = "'-->'" if fence is None else f"a line of {fence.group()}"
        result.notes.append(
            Problem(
                at,
                "AM122",
                f"this {opened} is never closed, so the rest of the document is read as code and its "
                f"annotations are ignored (Pandoc reads them); close it with {closing}",
            )
        )
        return


# -- the fast path ---------------------------------------------------------

# Most paragraphs of a corpus are words and annotation spans and nothing else. Such a
# paragraph is read with one regular expression, :data:`SIMPLE_SPAN`, and gives exactly
# what the character-by-character reader gives (a property test holds the two to it).
# A paragraph is *simple* when
#
# * it has no backslash, backtick, ``<``, ``$``, ``^`` or ``![`` (so no escape, code
#   span, comment, autolink, raw HTML, image, nor anything that makes Pandoc read its
#   spans otherwise: :data:`_PANDOC_TRIGGER`), and
# * each of its ``[``, ``]``, ``{`` and ``}`` belongs to a match of SIMPLE_SPAN:
#
#   simple-span = "[" text "]{" ws* (common | other) ws* "}"
#   text        = any characters but [ ] { }          ; newlines too: a paragraph has no blank line
#   common      = "#" id ws+ "." kind (ws+ name "=" value)*
#   other       = attr (ws+ attr)*                     ; read by parse_attr_block, as before
#   attr        = ("#" | ".") name | name "=" value
#   id          = [A-Za-z][A-Za-z0-9_-]*               ; ID_PATTERN
#   kind        = "claim" | "premise" | "rebuttal"
#   name        = [A-Za-z][A-Za-z0-9_:.-]*             ; ASCII: no name needs the letter check
#   value       = '"' v '"' | "'" v "'" | bare         ; v: no quote of its kind, no newline,
#                                                      ; not empty, not starting with a space
#   bare        = 1+ characters but whitespace, [ ] { }, quotes first
#   ws          = " " | TAB | LF
#
# Anything else (nested brackets, escapes, a block the regular expression does not
# read) sends the whole paragraph to the general reader. Values hold no bracket or brace
# either, so counting the four characters tells whether every one was matched.

_V = r"[^\s\"'\\{}\[\]]"  # the first character of a value
_VALUE = rf""""{_V}[^"\\{{}}\[\]\n]*"|'{_V}[^'\\{{}}\[\]\n]*'|{_V}[^\s\\{{}}\[\]]*"""
_SIMPLE_NAME = r"[A-Za-z][A-Za-z0-9_:.-]*"
_SIMPLE_ATTR = rf"[#.]{_SIMPLE_NAME}|{_SIMPLE_NAME}=(?:{_VALUE})"
#: A span of a simple paragraph; groups ``text``, ``id``, ``kind``, ``kvs`` (the key-value
#: attributes after the kind, each after its whitespace: the first one's ``key`` and ``value``, as
#: written, then ``more``), or ``other`` (a block of another form). Their numbers: 1 text, 2 id,
#: 3 kind, 4 kvs, 5 key, 6 value, 7 more, 8 other.
SIMPLE_SPAN = re.compile(
    rf"\[(?P<text>[^\[\]{{}}]*)\]\{{[ \t\n]*(?:"
    rf"\#(?P<id>[A-Za-z][A-Za-z0-9_-]*)[ \t\n]+\.(?P<kind>claim|premise|rebuttal)"
    rf"(?P<kvs>(?:[ \t\n]+(?P<key>{_SIMPLE_NAME})=(?P<value>{_VALUE})"
    rf"(?P<more>(?:[ \t\n]+{_SIMPLE_NAME}=(?:{_VALUE}))*))?)"
    rf"|(?P<other>(?:{_SIMPLE_ATTR})(?:[ \t\n]+(?:{_SIMPLE_ATTR}))*)"
    rf")[ \t\n]*\}}"
)
#: One key-value attribute of a ``kvs`` group: the key, then the value as written (quotes included;
#: a bare value never starts with a quote).
SIMPLE_KV = re.compile(rf"""[ \t\n]+({_SIMPLE_NAME})=("[^"]*"|'[^']*'|[^ \t\n}}]+)""")
_NOT_SIMPLE_CHARS = "\\`<$^"
_NOT_SIMPLE = re.compile(r"[\\`<$^]|!\[")


def _simple_paragraph(
    text: str, start: int, end: int, result: ScanResult, removals: list[tuple[int, int]], unsafe: bool = True
) -> bool:
    """Read ``text[start:end]`` by the fast path if it is simple (see above); whether it was.

    ``unsafe``: whether the text may hold a character that makes a paragraph not simple.
    """
    if unsafe and _NOT_SIMPLE.search(text, start, end) is not None:
        return False
    matches = list(SIMPLE_SPAN.finditer(text, start, end))
    count = len(matches)
    if (
        text.count("[", start, end) != count
        or text.count("]", start, end) != count
        or text.count("{", start, end) != count
        or text.count("}", start, end) != count
    ):
        return False
    found: list[RawSpan] = []
    for m in matches:  # groups: 1 text, 8 other (see SIMPLE_SPAN)
        open_at, after = m.span()
        close = m.end(1)
        if m.start(8) < 0:
            found.append(RawSpan(open_at, open_at + 1, close, after, [], m.group(1), m))
            continue
        parsed = parse_attr_block(text, close + 1, end)
        if type(parsed) is not tuple or parsed[1] != after:  # never expected: the general reader decides
            return False
        attrs = parsed[0]
        if is_annotation(attrs):
            found.append(RawSpan(open_at, open_at + 1, close, after, attrs, m.group(1), m))
    result.spans.extend(found)
    for span in found:
        removals.append((span.start, span.content_start))
        removals.append((span.content_end, span.end))
    return True


def span_attributes(raw: RawSpan, text: str) -> list[Attr]:
    """The attributes of ``raw`` (a span of ``text``), also when the fast path left them unread."""
    if raw.attrs or raw.fast is None:
        return raw.attrs
    parsed = parse_attr_block(text, raw.content_end + 1, raw.end)
    if type(parsed) is not tuple:  # never expected: the fast path reads only well-formed blocks
        raise AssertionError(f"the block at offset {raw.content_end + 1} is not well-formed")
    raw.attrs = parsed[0]
    return raw.attrs


# -- inline ---------------------------------------------------------------


# -- the inline lexer ----------------------------------------------------------
#
# A paragraph is plain text up to the next INLINE_SPECIAL character. "[", "]"
# and "{" are span syntax (the scanner's own business); the others open what
# the lexer skips as a whole, decided by skip_inline, the one definition shared
# by the scanner and by everything that must read a paragraph as the scanner
# does (the Markdown writer of imported maps):
#
#   \x    an escape when x is ASCII punctuation, else a plain backslash
#   `...`  a code span: a run of n backticks closed by the next run of exactly
#          n; a run with no such closer is text (CommonMark)
#   <!--   an HTML comment up to the next "-->"; with none, "<" is text
#   <...>  an autolink (AUTOLINK); any other "<" is text

#: What :func:`skip_inline` found (the first item of its answer).
ESCAPE, BACKSLASH, CODE, BACKTICKS, COMMENT, OPEN_COMMENT, AUTOLINK_SPAN, LESS_THAN = (
    "escape",
    "backslash",
    "code",
    "backticks",
    "comment",
    "open comment",
    "autolink",
    "less-than",
)


def backtick_runs(text: str, start: int, end: int) -> dict[int, list[int]]:
    """Every run of backticks in ``text[start:end]``, by length: ``{length: [offsets, ascending]}``."""
    runs: dict[int, list[int]] = {}
    for run in BACKTICK_RUN.finditer(text, start, end):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    return runs


def skip_inline(text: str, i: int, end: int, runs: dict[int, list[int]], comment_limit: int) -> tuple[str, int]:
    """What starts at ``text[i]`` (a backslash, a backtick or ``<``), and the offset just after it.

    ``runs`` is :func:`backtick_runs` of the paragraph; ``comment_limit`` an
    offset at or after which no ``-->`` is known to start (the paragraph's end
    when nothing is known), so that a paragraph of unclosed comments stays linear.
    """
    ch = text[i]
    if ch == "\\":
        if i + 1 < end and text[i + 1] in ASCII_PUNCT:
            return ESCAPE, i + 2
        return BACKSLASH, i + 1
    if ch == "`":
        run_end = i
        while run_end < end and text[run_end] == "`":
            run_end += 1
        length = run_end - i
        starts = runs.get(length, [])
        k = bisect_right(starts, i)
        return (CODE, starts[k] + length) if k < len(starts) else (BACKTICKS, run_end)
    if text.startswith("<!--", i):
        close = text.find("-->", i + 4, end) if i + 4 < comment_limit else -1
        return (COMMENT, close + 3) if close >= 0 else (OPEN_COMMENT, i + 1)
    link = AUTOLINK.match(text, i, end)
    return (AUTOLINK_SPAN, link.end()) if link else (LESS_THAN, i + 1)


def _scan_inline(
    text: str,
    start: int,
    end: int,
    result: ScanResult,
    removals: list[tuple[int, int]],
    open_comments: list[tuple[int, int]] | None = None,
    open_brackets: list[int] | None = None,
) -> None:
    runs = backtick_runs(text, start, end)
    stack: list[tuple[int, bool]] = []  # (offset of "[", is image)
    search = INLINE_SPECIAL.search
    spans = result.spans
    closers: dict[int, int] | None = None  # "(" offset -> just after its ")", made when a link first needs it
    no_comment_end = end  # no "-->" starts at or after this offset (so an unclosed "<!--" costs one search)
    pos = start
    while True:
        m = search(text, pos, end)
        if m is None:
            if open_brackets is not None and stack:
                open_brackets.extend(at for at, _ in stack)  # each "[" left open in this paragraph
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
        elif ch == "{":  # not after "]"
            pos = _stray_block(text, i, end, result)
        else:
            what, pos = skip_inline(text, i, end, runs, no_comment_end)
            if what is ESCAPE:
                if text[i + 1] in _UNESCAPE:
                    removals.append((i, i + 1))
            elif what is OPEN_COMMENT:
                if open_comments is not None and no_comment_end == end:
                    open_comments.append((i, end))  # the first comment left open in this paragraph
                no_comment_end = min(no_comment_end, i + 4)


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
                result.orphans.append(RawSpan(i, i, i, parsed[1], parsed[0]))
                return parsed[1]
        return i + 1
    open_at, is_image = stack.pop()  # (a link, "](", never comes here: _scan_inline skips it)
    if nxt in " \t" and not is_image:
        return _spaced_block(text, open_at, i, end, result, removals)
    if nxt != "{":
        return i + 1
    parsed = parse_attr_block(text, i + 1, end)
    if isinstance(parsed, Problem):
        result.problems.append(parsed)
        if parsed.attrs and not is_image and is_annotation(parsed.attrs):
            result.orphans.append(RawSpan(open_at, open_at + 1, i, i + 1, parsed.attrs))
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


def _ours(attrs: list[Attr]) -> bool:
    """Whether a block names one of argmap's kinds or keys (an id alone is ordinary Pandoc markup)."""
    return any(
        (a.type == "class" and a.name in KIND_CLASSES) or (a.type == "kv" and a.name in ARGMAP_KEYS) for a in attrs
    )


def _spaced_block(
    text: str, open_at: int, close_at: int, end: int, result: ScanResult, removals: list[tuple[int, int]]
) -> int:
    """``[words] {#id .kind}``: a space between ``]`` and an attribute block of argmap's.

    Pandoc reads no span there. argmap reports it (AM119) and reads the span the
    author meant, so that nothing else is reported because of it (its relations,
    the words kept). Anything else after ``] `` is text, as before.
    """
    j = close_at + 1
    while j < end and text[j] in " \t":
        j += 1
    if j >= end or text[j] != "{":
        return close_at + 1
    parsed = parse_attr_block(text, j, end)
    if isinstance(parsed, Problem) or not _ours(parsed[0]):
        return close_at + 1
    attrs, after = parsed
    result.problems.append(
        Problem(j, "AM119", "space before '{': the attribute block must follow ']' directly, '[words]{...}'")
    )
    result.spans.append(RawSpan(open_at, open_at + 1, close_at, after, attrs))
    removals.append((open_at, open_at + 1))
    removals.append((close_at, after))
    return after


def _stray_block(text: str, i: int, end: int, result: ScanResult) -> int:
    j = i + 1
    while j < end and text[j] in " \t":
        j += 1
    if j < end and text[j] in "#.":
        parsed = parse_attr_block(text, i, end)
        if not isinstance(parsed, Problem) and _ours(parsed[0]):
            result.problems.append(
                Problem(
                    i,
                    "AM119",
                    "attribute block follows no span: write '[words]{...}' with no space before '{'",
                )
            )
            result.orphans.append(RawSpan(i, i, i, parsed[1], parsed[0]))
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
        if span.fast is not None:  # its text is its content, filled by the fast path
            continue
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
