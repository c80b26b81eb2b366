"""Quick fixes: the fixes that findings already suggest, one edit each.

A finding's message names its fix (``did you mean 'X'?``, ``write 'X'``,
``rename 'X'?``; see :mod:`argmap.source.hints`); the fix replaces the token the
finding points at, read again from the current text. The first suggestion of
a finding is the preferred fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from argmap.lsp.diagnostics import lsp_range, token_end
from argmap.lsp.state import DocumentState, uri_of_path
from argmap.model import ID_SEPARATOR
from argmap.source.hints import CURLY_QUOTES

_DID_YOU_MEAN = re.compile(r"did you mean ((?:'[^']*'(?: or |, )?)+)\?")
_WRITE = re.compile(r"write ((?:'[^']*'(?: or )?)+)")
_RENAME = re.compile(r"rename '([^']*)'\?")
_QUOTED = re.compile(r"'([^']*)'")
_YAML_WRITE = re.compile(r"must be quoted: write (.+)\Z")


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    start: int
    end: int
    new_text: str


def fixes(code: str, message: str, text: str, start: int) -> list[Fix]:
    """The fixes a finding (``code``, ``message``, at offset ``start`` of ``text``) suggests."""
    end = token_end(text, start)
    token = text[start:end]
    if "curly quotes" in message:
        fix = _straight_quotes(text, start)
        return [fix] if fix is not None else []
    if code == "AM101" and (m := _YAML_WRITE.search(message)):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        indent = len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip())
        return [Fix(f"Quote the value: {m.group(1)}", line_start + indent, line_end, m.group(1))]
    if code == "AM102" and (m := _RENAME.search(message)):
        wanted = _QUOTED.findall(message)[0]
        if token.rstrip(":") == m.group(1):
            return [Fix(f"Rename '{m.group(1)}' to '{wanted}'", start, start + len(m.group(1)), wanted)]
        return []
    suggestions = []
    if (m := _DID_YOU_MEAN.search(message)) or (m := _WRITE.search(message)):
        suggestions = _QUOTED.findall(m.group(1))
    found = []
    for suggestion in suggestions:
        new_text = suggestion
        doc, sep, local = token.rpartition(ID_SEPARATOR)
        if code == "AM201" and sep and ID_SEPARATOR not in suggestion:
            new_text = f"{doc}{sep}{suggestion}"  # a local id: the document part stays
        elif code == "AM202" and sep:
            new_text = f"{suggestion}{sep}{local}"  # a document id: the local part stays
        if new_text != token:
            found.append(Fix(f"Change '{token}' to '{new_text}'", start, end, new_text))
    return found


def _straight_quotes(text: str, start: int) -> Fix | None:
    """Replace the typographic quotes around the value at ``start`` with straight ones."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    opening = next((i for i in range(start, line_end) if text[i] in CURLY_QUOTES), -1)
    if opening < 0:
        return None
    closing = next((i for i in range(opening + 1, line_end) if text[i] in CURLY_QUOTES or text[i] == "}"), -1)
    if closing < 0 or text[closing] == "}":
        return None
    inner = text[opening + 1 : closing].replace("\\", "\\\\").replace('"', '\\"')
    return Fix("Use straight quotes", opening, closing + 1, f'"{inner}"')


def code_actions(state: DocumentState, diagnostics: list[types.Diagnostic], encoding: str) -> list[types.CodeAction]:
    """One quick fix per suggestion of each of argmap's ``diagnostics`` (as the client sent them)."""
    positions = state.positions(encoding)
    uri = uri_of_path(state.path)
    actions = []
    for diagnostic in diagnostics:
        if diagnostic.source != "argmap" or not isinstance(diagnostic.code, str):
            continue
        start = positions.offset(diagnostic.range.start.line, diagnostic.range.start.character)
        for n, fix in enumerate(fixes(diagnostic.code, diagnostic.message, state.text, start)):
            edit = types.TextEdit(lsp_range(positions, fix.start, fix.end), fix.new_text)
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                    is_preferred=n == 0,
                )
            )
    return actions
