"""Findings (:class:`argmap.errors.Diagnostic`) -> LSP diagnostics, with ranges in the client's encoding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from argmap.errors import Severity

if TYPE_CHECKING:
    from argmap.errors import Diagnostic
    from argmap.lsp.positions import TextPositions

#: Characters that end the token a finding without an end points at.
TOKEN_STOP = frozenset(" \t\r\n\"'{}=")
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def token_end(text: str, start: int) -> int:
    """The end of the token at ``start``: an id, ``doc#id``, ``.kind``, a key (up to ``=``); at least one character."""
    end = start
    while end < len(text) and text[end] not in TOKEN_STOP:
        end += 1
    if end == start and start < len(text) and text[start] != "\n":
        end += 1
    return end


def lsp_range(positions: TextPositions, start: int, end: int) -> types.Range:
    (line, character), (end_line, end_character) = positions.position(start), positions.position(end)
    return types.Range(types.Position(line, character), types.Position(end_line, end_character))


def to_lsp(finding: Diagnostic, positions: TextPositions) -> types.Diagnostic:
    """One finding: its range (the token it names when it gives no end), severity, code and message."""
    loc = finding.loc
    start = positions.offset_of(loc.line, loc.col)
    if loc.end_line is not None and loc.end_col is not None:
        end = max(start, positions.offset_of(loc.end_line, loc.end_col))
    else:
        end = token_end(positions.text, start)
    return types.Diagnostic(
        range=lsp_range(positions, start, end),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
        code=finding.code,
        source="argmap",
    )
