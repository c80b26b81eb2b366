"""The rich Console every terminal view uses, and the one way user text reaches it.

Colour is on only when stdout is a terminal and ``NO_COLOR`` is unset (or empty);
output is 80 columns wide when stdout is not a terminal. Text from the corpus is
never parsed as rich markup: it goes in :class:`rich.text.Text` objects, after
:func:`plain` has made control characters visible.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from argmap.check.findings import printable

if TYPE_CHECKING:
    from rich.console import Console

    from argmap.cli.lines import Lines

#: Width of output that does not go to a terminal.
PIPE_WIDTH = 80


def plain(text: object) -> str:
    """``text`` as one line a terminal shows as written: :func:`~argmap.check.findings.printable`, tabs as ``\\t``."""
    return printable(str(text)).replace("\t", "\\t")


def make_console() -> Console:
    """A Console on the current stdout (created per command, so tests' captured stdout is used)."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(
        file=sys.stdout,
        force_terminal=tty,
        color_system="auto" if tty else None,
        no_color=os.environ.get("NO_COLOR", "") != "",
        width=None if tty else PIPE_WIDTH,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def make_lines() -> Lines:
    """Plain-line output (:mod:`argmap.cli.lines`) with the console's width and colour."""
    from argmap.cli.lines import Lines

    console = make_console()
    colour = console.color_system is not None and not console.no_color
    return Lines(sys.stdout, console.width, colour)
