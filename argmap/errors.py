"""Two kinds of error.

* Problems in the input are :class:`Diagnostic` values, collected and reported
  together (``argmap check`` is a linter and never stops at the first one).
* Failures to do what was asked (an unknown claim id, an unreadable corpus
  folder, Graphviz missing) raise an :class:`ArgmapError` subclass; the CLI
  prints it as one line on stderr and exits with 1 (2 for a :class:`UsageError`).

Every error class argmap raises to its callers is here. (A few exceptions stay
private to the module that raises and catches them: control flow, never seen
by a caller.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is. ``error`` fails a check; ``warning`` fails it under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a source file: 1-based line, 1-based column in Unicode code points.

    ``end_line``/``end_col`` (inclusive-exclusive, like SARIF regions) are optional.
    Locations are totally ordered: by path, line, column, then end; a location
    without an end comes before one with an end that starts at the same place.
    """

    path: str
    line: int
    col: int
    end_line: int | None = None
    end_col: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def sort_key(self) -> tuple[str, int, int, bool, int, bool, int]:
        """The key locations are ordered by (``None`` ends compare without raising)."""
        end_line, end_col = self.end_line, self.end_col
        return (
            self.path,
            self.line,
            self.col,
            end_line is not None,
            end_line or 0,
            end_col is not None,
            end_col or 0,
        )

    def __lt__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Location) -> bool:
        if other.__class__ is not Location:
            return NotImplemented
        return self.sort_key() >= other.sort_key()


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
    """A failure to do what the user asked. The CLI shows ``Error: <message>``.

    ``options`` names what would remedy it, by the command's parameter names
    (``("target", "depth", "relation")``): the core says what is missing and
    leaves how a user supplies it to the presentation (the CLI spells them
    ``TARGET, --depth, --relation``; see :func:`argmap.cli.app.error_text`).
    """

    options: tuple[str, ...] = ()

    def __init__(self, message: str, *, options: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.options = options


class UsageError(ArgmapError):
    """The command line itself is wrong (bad option value, missing corpus folder)."""


class UnknownIdError(ArgmapError):
    """An id given on the command line matches no node, or several."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class GraphvizMissingError(ArgmapError):
    """Rendering needs Graphviz's ``dot`` on PATH."""


class RenderError(ArgmapError):
    """``dot`` failed, timed out, or was given too much."""


class MapError(ArgmapError):
    """A map definition is malformed or names something the corpus does not have."""


class ImportFailed(ArgmapError):
    """Nothing could be imported (the findings say why; ``read``/``skipped`` tally what was seen, if anything)."""

    def __init__(
        self,
        message: str,
        diagnostics: list[Diagnostic],
        read: Counter[str] | None = None,
        skipped: Counter[str] | None = None,
        *,
        options: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, options=options)
        self.diagnostics = diagnostics
        self.read: Counter[str] = read if read is not None else Counter()
        self.skipped: Counter[str] = skipped if skipped is not None else Counter()


class EnumerationLimitError(ArgmapError):
    """Preferred or stable extensions are too many, or too costly, to enumerate within the bounds.

    ``limit`` names the bound that was hit: ``"max_undecided"`` or ``"max_extensions"``.
    """

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit
