"""What every command's terminal and JSON output shares: status marks, counts, paragraphs, JSON text.

Written once here so that ``eval``, ``eval FILE.af``, ``show`` and the rest
word and draw the same things the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from argmap.analysis.labels import Label

if TYPE_CHECKING:
    from rich.text import Text

    from argmap.cli.lines import Lines, Segment

T = TypeVar("T")

#: Colours of the labels; the text mark carries the label without them (greyscale, NO_COLOR, pipes).
STATUS_STYLE = {Label.IN: "bold green", Label.OUT: "bold red", Label.UNDEC: "bold yellow"}
#: Width of the status column: the widest mark and a space.
MARK_WIDTH = len(Label.UNDEC.mark) + 1


def status_text(label: Label) -> Text:
    """The label as a styled rich mark: ``IN ✓`` green, ``OUT ✗`` red, ``UNDEC ?`` yellow."""
    from rich.text import Text

    return Text(label.mark, STATUS_STYLE[label])


def status_row(lines: Lines, label: Label, body: Iterable[Segment]) -> str:
    """One entry of a status list: the mark in its column, then ``body`` under a hanging indent."""
    mark = [(label.mark, STATUS_STYLE[label]), (" " * (MARK_WIDTH - len(label.mark)), "")]
    return lines.hanging(mark, list(body))


def say(lines: Lines, text: str, style: str = "") -> None:
    """One paragraph, wrapped to the terminal without trailing spaces."""
    lines.write(lines.paragraph(text, style))


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 claim``, ``2 claims``, ``1,000 theses`` (``plural`` when adding an s is wrong)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def labels_line(counts: Mapping[Label, int]) -> str:
    """``3 in, 1 out, 0 undecided``."""
    return f"{counts[Label.IN]} in, {counts[Label.OUT]} out, {counts[Label.UNDEC]} undecided"


def extensions_or_hint(compute: Callable[[], T]) -> T:
    """``compute()``, an enumeration of extensions; past its bound on extensions, the error names the option."""
    from argmap.errors import EnumerationLimitError

    try:
        return compute()
    except EnumerationLimitError as exc:
        if exc.limit != "max_extensions":
            raise
        raise EnumerationLimitError(f"{exc} (--max-extensions N)", exc.limit) from None


def dumps(data: Any) -> str:
    """JSON for ``--json``: indented, UTF-8 as written, a final newline (orjson's speed, the standard text)."""
    from argmap.cli import jsontext

    return jsontext.dumps(data, default=str)
