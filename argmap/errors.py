"""Two kinds of error.

* Problems in the input are :class:`Diagnostic` values, collected and reported
  together (``argmap check`` is a linter and never stops at the first one).
* Failures to do what was asked (an unknown claim id, an unreadable corpus
  folder, Graphviz missing) raise an :class:`ArgmapError` subclass; the CLI
  prints it as one line on stderr and exits with its ``exit_code``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is. ``error`` fails a check; ``warning`` fails it under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A position in a source file: 1-based line, 1-based column in Unicode code points.

    ``end_line``/``end_col`` (inclusive-exclusive, like SARIF regions) are optional.
    """

    path: str
    line: int
    col: int
    end_line: int | None = None
    end_col: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    """One finding: ``path:line:col: CODE message``. Sorted, diagnostics are in file order."""

    loc: Location
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        return f"{self.loc}: {self.code} {self.severity}: {self.message}"


class ArgmapError(Exception):
    """A failure to do what the user asked. The CLI shows ``Error: <message>``."""

    exit_code = 1


class UsageError(ArgmapError):
    """The command line itself is wrong (bad option value, missing corpus folder)."""

    exit_code = 2


class UnknownIdError(ArgmapError):
    """An id given on the command line matches no node, or several."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class GraphvizMissingError(ArgmapError):
    """Rendering needs Graphviz's ``dot`` on PATH."""
