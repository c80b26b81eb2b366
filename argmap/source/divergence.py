"""Where Pandoc reads a paragraph's spans differently from argmap's scanner (AM123).

argmap's grammar (:mod:`argmap.source.scanner`) is a subset of Pandoc Markdown. A few
inline constructs of Pandoc are not part of it: TeX math (``$...$``,
``$$...$$``), raw TeX (``\\cmd[...]{...}``), raw HTML tags (``<b title="...">``),
footnote references (``[^1]``) and inline footnotes (``^[...]``); and inside
brackets Pandoc does not protect the brackets of autolinks and link
destinations. argmap reads those characters as it always does, and this
module finds the paragraphs where that makes a difference for a span: a
span's ``[``, ``]`` or attribute block inside such a construct, or unbalanced
brackets in one that a span encloses, or a span that Pandoc reads as a
footnote. Each is a warning (AM123): the document does not render as it is
annotated. docs/format.md ("The grammar") lists these divergences.

The check runs only on paragraphs that have a span and one of ``$ \\ < ^`` or
``](`` or ``][``, so the usual paragraph costs one regular-expression search.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from argmap.source.scanner import ASCII_PUNCT, AUTOLINK, SPAN_SYNTAX, Problem, RawSpan, ScanResult, backtick_runs

#: What may make Pandoc read a paragraph differently.
TRIGGER = re.compile(r"[$\\<^]|\]\(")
_TOKEN = re.compile(r"[`\\$<]|\]\(")
#: An HTML open or closing tag, or a processing instruction, as CommonMark defines raw HTML.
_HTML_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
)
_TEX_NAME = re.compile(r"\\[^\W\d_]+")  # Pandoc's TeX reads letters of any script in a command name
#: A TeX command followed by TeX math, ``\\b\\[...\\]``, which Pandoc reads as its argument if it knows the command.
_TEX_MATH_ARGUMENT = re.compile(r"\\[^\W\d_]+[ \t]*(?:\n[ \t]*)?\\[\[(]")
#: TeX commands Pandoc reads with an argument of one token, found after any space, blank lines too: the
#: accents (``\\b x``) and the usual text commands. A paragraph that ends with one loses the next one's ``[``.
_ARGUMENT_COMMAND = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?:[bcdGHkrtuv]|emph|text(?:bf|it|tt|sc|sf|rm|up|sl|md|normal)|underline)[ \t\r\n]*\Z"
)
#: Haskell's isSpace, what Pandoc means by a space after an opening ``$``.
_SPACE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000") | frozenset(map(chr, range(0x2000, 0x200B)))

_WHY = {
    "code": "Pandoc reads {quote} as code (a run of backticks with no match is text there one backtick at a"
    " time), so the span markup or brackets in it are not read as argmap reads them; escape the backticks",
    "uncode": "Pandoc does not read {quote} as code (it pairs the backticks otherwise), so it reads span markup or"
    " brackets in it that argmap does not; escape the backticks",
    "block": "this block {quote} is inside another span, and Pandoc counts the brackets in its values when it looks"
    " for the end of that span, so it does not read them as argmap does; escape them (\\[, \\])",
    "math": "Pandoc reads {quote} as TeX math, so the span markup or brackets in it are not read as argmap reads"
    " them; escape the dollar sign ('\\$') if it is not math",
    "tex": "Pandoc reads {quote} as raw TeX, so the span markup or brackets in it are not read as argmap reads"
    " them; escape the backslash ('\\\\') if it is not TeX",
    "texmath": "Pandoc reads {quote} as raw TeX if it knows the command (as \\emph or \\b): it takes the TeX math"
    " after it as its argument, so the span markup or brackets in it are not read as argmap reads them; escape"
    " the backslashes ('\\\\') if it is not TeX",
    "html": "Pandoc reads {quote} as a raw HTML tag, so the span markup or brackets in it are not read as argmap"
    " reads them",
    "autolink": "inside brackets Pandoc reads the brackets of the autolink {quote} as brackets, so it does not read"
    " this span as argmap does; percent-encode them (%5B, %5D)",
    "link": "inside brackets Pandoc reads the brackets of the link destination {quote} as brackets, so it does not"
    " read this span as argmap does; percent-encode them (%5B, %5D)",
    "reference": "Pandoc reads a bracket right after ']' as the label of a reference link ('[text][label]'), not as"
    " a span; put a space or other text between them",
    "footnote": "Pandoc reads '[^' as the start of a footnote reference, not of a span; write the caret as '\\^'",
    "note": "Pandoc reads '^[' as the start of an inline footnote, not of a span; write the caret as '\\^'",
}


@dataclass(frozen=True, slots=True)
class _Region:
    start: int
    end: int
    kind: str


def check_paragraph(text: str, start: int, end: int, spans: list[RawSpan], result: ScanResult) -> None:
    """Add an AM123 warning to ``result`` wherever Pandoc reads ``spans`` of ``text[start:end]`` otherwise."""
    for span in spans:
        if text.startswith("^", span.content_start):
            _warn(result, span.start, "footnote", "")
        elif span.start > start and text[span.start - 1] == "]" and not _odd_backslashes(text, span.start - 2, start):
            _warn(result, span.start, "reference", "")
        elif (
            span.start > start
            and text[span.start - 1] == "^"
            and not text.startswith("^", span.end)  # "^[x]{...}^" is a superscript
            and _opens_note(text, span.start - 1, start)
        ):
            _warn(result, span.start - 1, "note", "")
    # The attribute blocks Pandoc parses as blocks: those of spans in no other span. Inside brackets it
    # first finds the closing ']' by a scan in which math, TeX and HTML hide brackets, blocks or not.
    blocks: list[tuple[int, int]] = []
    outer_end = -1
    for span in sorted(spans, key=lambda s: s.start):  # spans nest: one in another starts before its "]"
        if span.start >= outer_end:
            blocks.append((span.content_end, span.end))
            outer_end = span.content_end
        elif not _balanced(text, span.content_end + 1, span.end):
            # Pandoc finds the outer span's "]" by counting brackets, those in this block's values too
            _warn(result, span.content_end + 1, "block", _quote(text[span.content_end + 1 : span.end]))
    block_starts = [a for a, _ in blocks]
    for region in _regions(text, start, end, blocks, block_starts):
        if _differs(text, region, spans):
            _warn(result, region.start, region.kind, _quote(text[region.start : region.end]))


_BRACKET_TOKEN = re.compile(r"\\.|`+|[\[\]]", re.DOTALL)


def check_open_brackets(
    text: str, blocks: list[tuple[str, int, int]], open_brackets: list[int], result: ScanResult
) -> None:
    """Warn (AM123) at a ``[`` that argmap leaves open in its paragraph and Pandoc closes.

    Pandoc finds a bracket's ``]`` by counting brackets in the raw text: across
    blank lines and code blocks, and inside the attribute values, autolinks and
    link destinations argmap skips. It then reads a bracket pair where argmap
    reads none (and 2.17 drops the text between when it is no link): any span
    markup from the ``[`` to the end of the block holding that ``]`` is read
    otherwise. Brackets are matched over the whole body in one pass (escapes
    and code spans skipped), so this stays linear.
    """
    match: dict[int, int] = {}
    stack: list[int] = []
    for kind, start, end in blocks:
        code_ends: dict[int, int] = {}
        if kind == "para":
            runs = backtick_runs(text, start, end)
            code_ends = dict(_argmap_code(runs, start))
        pos = start
        for m in _BRACKET_TOKEN.finditer(text, start, end):
            i = m.start()
            if i < pos:
                continue
            token = m.group()
            if token[0] == "`":
                pos = code_ends.get(i, i + len(token))
            elif token == "[":
                stack.append(i)
            elif token == "]" and stack:
                match[stack.pop()] = i
    starts = sorted(span.start for span in result.spans)
    block_starts = [start for _, start, _ in blocks]
    reported = {p.offset for p in result.problems if p.code == "AM119"}  # "']{' closes no span" says it already
    # span syntax, found once (a search from each "[" would be quadratic in a paragraph of them)
    syntax = [(m.start(), m.end()) for m in SPAN_SYNTAX.finditer(text, min(open_brackets))]
    covered = -1  # a "[" inside the pair of one warned about is read with it
    for opening in sorted(open_brackets):
        closing = match.get(opening)
        if closing is None or closing in reported or opening < covered:
            continue
        k = bisect_right(block_starts, closing) - 1
        limit = max(blocks[k][2], closing + 1) if k >= 0 else closing + 1
        n = bisect_right(starts, opening)
        s = bisect_right(syntax, (opening, -1))
        if not (n < len(starts) and starts[n] < limit) and not (s < len(syntax) and syntax[s][1] <= limit):
            continue
        covered = closing
        line = text.count("\n", 0, closing) + 1
        home = bisect_right(block_starts, opening) - 1
        where = "further in its paragraph" if home == k else "after a blank line"
        result.notes.append(
            Problem(
                opening,
                "AM123",
                f"this '[' is not closed in its paragraph as argmap reads it: Pandoc pairs it with the ']' on line"
                f" {line} ({where}), so it does not read the spans there as argmap does; escape it ('\\[')",
            )
        )


_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")


def check_joined_blocks(text: str, blocks: list[tuple[str, int, int]], unclosed: list[int], result: ScanResult) -> None:
    """Warn (AM123) where Pandoc reads the line after a paragraph or a heading as part of it, and its spans otherwise.

    argmap ends a paragraph at a code fence, and a heading at its line. Pandoc
    reads a fence that is never closed as text of the paragraph above, and a
    code span opened in a paragraph or a heading closes on the lines after it,
    over a fence or the heading's end. Each such pair of blocks (no blank line
    between) is read again as one paragraph, up to the next blank line or the
    end of the second block, and compared: each pair once, so this stays linear.
    """
    spans = sorted(result.spans, key=lambda s: s.start)
    span_starts = [s.start for s in spans]
    for k in range(len(blocks) - 1):
        kind, start, end = blocks[k]
        _, next_start, next_end = blocks[k + 1]
        gap = text[end:next_start]  # "" after a paragraph a fence ends, a line break after a heading's line
        if kind != "para" or not (gap == "" or (gap in ("\n", "\r\n", "\r") and text[end - 1] not in "\r\n")):
            continue
        never_closed = next_start in unclosed
        if not never_closed and text.find("`", start, end) < 0:
            continue  # only a code span opened here runs on to the next block
        blank = _BLANK_LINE.search(text, next_start)
        joined_end = min(next_end, blank.start() if blank else len(text))
        if never_closed:
            joined_end = blank.start() if blank else len(text)
        if joined_end <= next_start:
            continue
        if not _read_otherwise(text, start, joined_end, spans, span_starts, result):
            continue
        line = text.count("\n", 0, next_start) + 1
        if never_closed:
            why = (
                "this code fence is never closed, so Pandoc reads it as a line of the paragraph above, with what"
                " follows up to a blank line, and does not read the spans there as argmap does; put a blank line"
                " before it, or close it"
            )
        else:
            why = (
                f"Pandoc reads line {line} as part of the {'heading' if end < next_start else 'paragraph'} above:"
                " a code span opened there closes on it (a code span is not ended by a code fence or the end of"
                " a heading), so it does not read the spans there as argmap does; escape the backticks ('\\`')"
                " or put a blank line between them"
            )
        result.notes.append(Problem(next_start, "AM123", why))


def check_trailing_commands(text: str, blocks: list[tuple[str, int, int]], result: ScanResult) -> None:
    """Warn (AM123) at a TeX command that ends a paragraph and takes an argument (``\\b``, ``\\emph``): Pandoc
    reads the next token as its argument, over blank lines, and so the ``[`` of a span that starts the next one."""
    starts = {s.start for s in result.spans}
    for k in range(len(blocks) - 1):
        kind, start, end = blocks[k]
        next_kind, next_start, next_end = blocks[k + 1]
        if kind != "para" or next_kind != "para" or text.find("\\", start, end) < 0:
            continue
        m = _ARGUMENT_COMMAND.search(text, max(start, end - 40), end)
        first = next_start
        while first < next_end and text[first] in " \t":
            first += 1
        if m is not None and first in starts:
            at = text.rfind("\\", m.start(), m.end())
            result.notes.append(
                Problem(
                    at,
                    "AM123",
                    f"Pandoc reads the TeX command {_quote(text[at : m.end()].strip())} with its argument, the next"
                    " character, over the blank line: the '[' of the span that starts the next paragraph, so it"
                    " does not read that span; escape the backslash ('\\\\') if it is not TeX",
                )
            )


def _read_otherwise(
    text: str, start: int, end: int, spans: list[RawSpan], span_starts: list[int], result: ScanResult
) -> bool:
    """Whether ``text[start:end]`` read as one paragraph has other spans than argmap read there, or other warnings."""
    from argmap.source.scanner import _scan_inline

    joined = ScanResult()
    _scan_inline(text, start, end, joined, [])
    check_paragraph(text, start, end, joined.spans, joined)
    a, b = bisect_right(span_starts, start - 1), bisect_right(span_starts, end - 1)
    ours = [(s.start, s.content_end, s.end) for s in spans[a:b] if s.end <= end]
    theirs = sorted((s.start, s.content_end, s.end) for s in joined.spans)
    if ours != theirs:
        return True
    known = {p.offset for p in result.notes if p.code == "AM123"}
    return any(p.offset not in known for p in joined.notes)


def _warn(result: ScanResult, offset: int, kind: str, quote: str) -> None:
    result.notes.append(Problem(offset, "AM123", _WHY[kind].format(quote=quote)))


def _quote(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= width else text[: width - 1] + "…") + "'"


def _opens_note(text: str, caret: int, start: int) -> bool:
    """Whether the ``^`` at ``caret`` opens an inline note (``^[...]``) rather than closing a superscript.

    A superscript is ``^`` text without spaces ``^``: a caret after an unpaired
    one in the same word closes it. (A superscript that starts with a bracket
    is not recognised; see docs/format.md.)
    """
    if caret > start and text[caret - 1] == "\\" and _odd_backslashes(text, caret - 1, start):
        return False
    word_start = caret
    floor = max(start, caret - 1000)  # a bound: a word of a thousand characters is no superscript
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    carets = [i for i in range(word_start, caret) if text[i] == "^" and not _odd_backslashes(text, i - 1, start)]
    if carets and carets[-1] == caret - 1:
        return True  # "^^[": an empty superscript is no superscript
    return len(carets) % 2 == 0


def _odd_backslashes(text: str, i: int, start: int) -> bool:
    count = 0
    while i >= start and text[i] == "\\":
        count += 1
        i -= 1
    return count % 2 == 1


def _regions(text: str, start: int, end: int, blocks: list[tuple[int, int]], block_starts: list[int]) -> list[_Region]:
    """Math, raw TeX, HTML tags, autolinks and link destinations, left to right as Pandoc meets them."""
    runs = backtick_runs(text, start, end)
    groups = _Groups(text, start, end)
    no_comment_end = end
    regions: list[_Region] = []
    argmap_code = _argmap_code(runs, start)
    pandoc_code: set[tuple[int, int]] = set()
    pos = start
    while True:
        k = bisect_right(block_starts, pos) - 1
        if k >= 0 and blocks[k][0] <= pos < blocks[k][1]:
            pos = blocks[k][1]  # an attribute block is Pandoc's too: nothing in it is math or TeX
            continue
        m = _TOKEN.search(text, pos, end)
        if m is None:
            regions += [_Region(a, b, "uncode") for a, b in sorted(argmap_code - pandoc_code)]
            return regions
        i = m.start()
        k = bisect_right(block_starts, i) - 1
        if k >= 0 and blocks[k][0] <= i < blocks[k][1]:
            pos = blocks[k][1]
            continue
        token = m.group()
        pos = i + 1
        if token == "`":
            # Pandoc: the run closes at the next run of the same length; with none, the first backtick
            # is text and the rest of the run tries again (argmap, as CommonMark, leaves the run as text)
            run_end = i
            while run_end < end and text[run_end] == "`":
                run_end += 1
            starts = runs.get(run_end - i, [])
            n = bisect_right(starts, run_end - 1)
            if n < len(starts):
                pos = starts[n] + run_end - i
                pandoc_code.add((i, pos))
                if (i, pos) not in argmap_code:
                    regions.append(_Region(i, pos, "code"))
        elif token == "\\":
            nxt = text[i + 1] if i + 1 < end else ""
            if nxt in ASCII_PUNCT:
                pos = i + 2
            elif nxt.isalpha():
                pos = _tex_end(text, i, end, groups)
                regions.append(_Region(i, pos, "texmath" if _TEX_MATH_ARGUMENT.match(text, i, pos) else "tex"))
        elif token == "$":
            math_end = _math_end(text, i, end)
            if math_end > 0:
                regions.append(_Region(i, math_end, "math"))
                pos = math_end
        elif token == "](":
            close = groups.end_of(i + 1)
            if close > 0:
                regions.append(_Region(i + 1, close, "link"))
                pos = close
        elif text.startswith("<!--", i):
            close = text.find("-->", i + 4, end) if i + 4 < no_comment_end else -1
            if close < 0:
                no_comment_end = min(no_comment_end, i + 4)
            pos = close + 3 if close >= 0 else i + 1
        else:
            tag = _HTML_TAG.match(text, i, end)
            if tag is not None:
                regions.append(_Region(i, tag.end(), "html"))
                pos = tag.end()
            elif (link := AUTOLINK.match(text, i, end)) is not None:
                regions.append(_Region(i, link.end(), "autolink"))
                pos = link.end()


def _argmap_code(runs: dict[int, list[int]], start: int) -> set[tuple[int, int]]:
    """The code spans argmap reads (as :func:`argmap.source.scanner._scan_inline`): a run closes at the next run of
    its length, and a run with none is text."""
    order = sorted((at, length) for length, starts in runs.items() for at in starts)
    found: set[tuple[int, int]] = set()
    pos = start
    for at, length in order:
        if at < pos:
            continue
        starts = runs[length]
        n = bisect_right(starts, at)
        if n < len(starts):
            pos = starts[n] + length
            found.add((at, pos))
        else:
            pos = at + length
    return found


def _differs(text: str, region: _Region, spans: list[RawSpan]) -> bool:
    """Whether Pandoc's reading of ``region`` changes a span argmap read."""
    a, b = region.start, region.end
    if region.kind == "uncode":
        # argmap reads this as code, Pandoc does not: span markup in it is a span for Pandoc only
        return SPAN_SYNTAX.search(text, a, b) is not None or (
            not _balanced(text, a, b) and any(s.start < b and a < s.end for s in spans)
        )
    if region.kind in ("autolink", "link"):
        # argmap skips these whole; Pandoc, inside brackets, counts their brackets
        return not _balanced(text, a, b) and any(s.content_start <= a and b <= s.content_end for s in spans)
    for span in spans:
        if a <= span.start < b or a <= span.content_end < b or a < span.end <= b:
            return True  # a span's own markup is inside what Pandoc reads as math, TeX or HTML
    return not _balanced(text, a, b) and any(s.start < b and a < s.end for s in spans)


def _balanced(text: str, a: int, b: int) -> bool:
    depth = 0
    i = a
    while i < b:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0


def _math_end(text: str, i: int, end: int) -> int:
    """Just after the TeX math that opens at ``i`` (Pandoc's ``tex_math_dollars`` rules), or -1."""
    if text.startswith("$$", i):
        close = text.find("$$", i + 2, end)
        return close + 2 if close > i + 2 else -1
    j = i + 1
    if j >= end or text[j] in _SPACE or text[j] == "$":
        return -1
    while j < end:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "$":
            if text[j - 1] in " \t\n":
                return -1  # a closing dollar follows no space
            if j + 1 < end and text[j + 1] in "0123456789":
                return -1  # "$20,000 and $30,000" is not math
            return j + 1
        j += 1
    return -1


class _Groups:
    """The matching closer of every ``(``, ``[`` and ``{`` of a paragraph, found in one pass (escapes skipped)
    when first needed, so that reading many unclosed groups stays linear."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start, self.end = start, end
        self._close: dict[int, int] | None = None
        self._ends: dict[str, list[int]] = {}

    def _match(self) -> dict[int, int]:
        text, start, end = self.text, self.start, self.end
        close: dict[int, int] = {}
        stacks: dict[str, list[int]] = {"(": [], "[": [], "{": []}
        pairs = {")": "(", "]": "[", "}": "{"}
        i = start
        while i < end:
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch in stacks:
                stacks[ch].append(i)
            elif ch in pairs and stacks[pairs[ch]]:
                close[stacks[pairs[ch]].pop()] = i + 1
            i += 1
        return close

    def end_of(self, i: int) -> int:
        """Just after the closer of the opener at ``i``, or -1."""
        if self._close is None:
            self._close = self._match()
        return self._close.get(i, -1)

    def math_end(self, opener: str, after: int) -> int:
        """Just after the first ``\\]`` (``opener`` "[") or ``\\)`` (``opener`` "(") at or after ``after``, or -1."""
        closing = "\\]" if opener == "[" else "\\)"
        ends = self._ends.get(closing)
        if ends is None:
            ends = self._ends[closing] = [
                i + 2
                for i in _find_all(self.text, closing, self.start, self.end)
                if not _odd_backslashes(self.text, i - 1, self.start)
            ]
        k = bisect_right(ends, after + 1)
        return ends[k] if k < len(ends) else -1

    def environment_end(self, name: str, after: int) -> int:
        """Just after the first ``\\end{name}`` at or after ``after``, or -1."""
        ends = self._ends.get(name)
        if ends is None:
            closing = "\\end{" + name + "}"
            pattern = re.compile(re.escape(closing))
            ends = self._ends[name] = [m.end() for m in pattern.finditer(self.text, self.start, self.end)]
        k = bisect_right(ends, after)
        while k < len(ends) and ends[k] - len(name) - 6 < after:
            k += 1
        return ends[k] if k < len(ends) else -1


def _find_all(text: str, needle: str, start: int, end: int) -> list[int]:
    found = []
    i = text.find(needle, start, end)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1, end)
    return found


def _tex_end(text: str, i: int, end: int, groups: _Groups) -> int:
    """Just after the raw TeX command at ``i``: ``\\name``, then (after spaces) its ``[...]``, ``{...}`` arguments."""
    m = _TEX_NAME.match(text, i, end)
    pos = m.end() if m else i + 1
    after_name = pos
    while pos < end and text[pos] in " \t":
        pos += 1
    if pos < end and text[pos] == "\n":
        pos += 1
        while pos < end and text[pos] in " \t":
            pos += 1
    args = pos
    if m is not None and text.startswith(("\\[", "\\("), pos):
        # TeX math right after a command: Pandoc reads it as the argument of one it knows (\emph, \b...)
        close = groups.math_end(text[pos + 1], pos + 2)
        if close > 0:
            return close
    while pos < end and text[pos] in "[{":
        close = groups.end_of(pos)
        if close < 0:
            break
        pos = close
    if pos == args:
        return after_name
    if m is not None and m.group() == "\\begin" and text[args] == "{":
        finish = groups.environment_end(text[args + 1 : groups.end_of(args) - 1], pos)
        if finish >= 0:
            return finish
    return pos
