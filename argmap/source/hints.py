"""Hints that turn a finding into its fix: what the author most likely meant, in one sentence.

The modules that find problems (:mod:`argmap.source.frontmatter`, :mod:`argmap.source.scanner`,
:mod:`argmap.source.parse`, :mod:`argmap.corpus.resolve`) call these helpers; each returns text
to put in a message and decides nothing else. The fixes the language server
offers (:mod:`argmap.lsp.actions`) read the suggestions back from the messages,
so a suggestion is always written ``write 'X'`` or ``did you mean 'X'?``.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Typographic quotes that word processors put where straight quotes were typed.
CURLY_QUOTES = frozenset("\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_KINDS = ("claim", "premise", "rebuttal")
#: Keys that take a value (``key=value``); a bare key in a block means a value was forgotten.
_VALUE_KEYS = frozenset(
    {"supports", "attacks", "with", "undercuts", "outweighs", "qualifies", "explains", "label", "by", "cite", "tags"}
    | {"ref"}
)


def has_curly_quotes(text: str) -> bool:
    """Whether ``text`` contains a typographic quote (one of :data:`CURLY_QUOTES`)."""
    return any(ch in CURLY_QUOTES for ch in text)


def curly_value_hint(key: str) -> str:
    """The sentence for a value written between typographic quotes."""
    return f'the value of \'{key}\' is in curly quotes: write {key}="..." with straight quotes (")'


def bare_word_message(word: str) -> str:
    """The message for a bare word in an attribute block (``{thesis .claim}``): what it was probably meant to be."""
    if word in _KINDS:
        return f"'{word}' is not an attribute: a kind starts with '.': write '.{word}'"
    if word in _VALUE_KEYS:
        return f"'{word}' needs a value: write {word}=\"...\""
    if _ID.match(word):
        return f"'{word}' is not an attribute: an id starts with '#': write '#{word}'"
    return f"'{word}' is not an attribute: write #id, .class or key=value"


def elsewhere_hint(local: str, owners: list[str]) -> str:
    """A bare id that names no span here but one in other documents: write it qualified."""
    choices = " or ".join(f"'{doc}#{local}'" for doc in owners[:3])
    where = f"document '{owners[0]}'" if len(owners) == 1 else "documents " + ", ".join(f"'{d}'" for d in owners[:3])
    return f"; '{local}' is a span of {where}: write {choices}"


# -- YAML -----------------------------------------------------------------


def explain_yaml_error(exc: Any, text: str) -> tuple[int, int, str]:
    """``(line, column, message)``, 0-based, for a PyYAML ``MarkedYAMLError`` raised on ``text``.

    The position is that of the mistake, which is not always where YAML noticed
    it: an unclosed quote or bracket is noticed at the end of the text, a tab at
    the start of a token. The message names the mistake and its fix.
    """
    problem = str(exc.problem or exc.context or "invalid YAML")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    lines = text.split("\n")
    start = exc.context_mark
    tab = _tab_near(lines, line, start.line if start is not None else line)
    if tab is not None:
        return (
            tab[0],
            tab[1],
            "invalid YAML: a tab character; YAML indents with spaces only: replace the tab with spaces",
        )
    if "quoted scalar" in context and start is not None:
        quote = _char_at(lines, start.line, start.column) or '"'
        return (
            start.line,
            start.column,
            f"invalid YAML: the quote {quote} opened here is not closed: add the closing {quote} on this line",
        )
    if ("flow sequence" in context or "flow mapping" in context) and start is not None:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        return (
            start.line,
            start.column,
            f"invalid YAML: the '{opener}' opened here is not closed: add '{closer}'"
            " (or quote the value if the bracket is part of the text)",
        )
    if problem.startswith("mapping values are not allowed"):
        fixed = _quoted_line(lines[line] if line < len(lines) else "")
        if fixed is not None:
            return line, column, f"invalid YAML: a value that contains ': ' must be quoted: write {fixed}"
        return line, column, "invalid YAML: this line is indented, or the line above is not finished"
    after_quote = re.compile(r"\s*[^:#]+:\s*([\"']).*?\1\s*\S")
    if context.startswith("while parsing a block mapping") and line < len(lines) and after_quote.match(lines[line]):
        return line, column, "invalid YAML: text after a quoted value: quote the whole value"
    return line, column, f"invalid YAML: {problem}"


def _tab_near(lines: list[str], line: int, context_line: int) -> tuple[int, int] | None:
    """The first tab in the indentation of the problem line (or the context line), if any."""
    for number in (line, context_line):
        if 0 <= number < len(lines):
            text = lines[number]
            indent = len(text) - len(text.lstrip(" \t"))
            where = text.find("\t", 0, indent)
            if where >= 0:
                return number, where
    return None


def _char_at(lines: list[str], line: int, column: int) -> str:
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _quoted_line(text: str) -> str | None:
    """``key: "value: more"`` for a line ``key: value: more``; ``None`` if it is not of that form."""
    m = re.match(r"(\s*(?:-\s+)?)([^\s:#\"'][^:#]*?):\s+(\S.*?)\s*\Z", text)
    if m is None or ": " not in m.group(3) + " ":
        return None
    value = m.group(3)
    if value[0] in "\"'[{":
        return None
    dash = m.group(1).strip()
    return f"{dash}{' ' if dash else ''}{m.group(2)}: {json.dumps(value, ensure_ascii=False)}"
