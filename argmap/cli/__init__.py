"""The command line. :func:`main` is the console script's entry point.

Each command group lives in its own module and registers itself on the typer
app of :mod:`argmap.cli.app`; :mod:`argmap.cli.commands` imports them all and
is what tests drive.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point. ``--version`` answers before typer is even imported (start-up time)."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from argmap import __version__

        sys.stdout.write(f"argmap {__version__}\n")
        return
    try:
        from argmap.cli.commands import app
    except KeyboardInterrupt:  # Ctrl-C while starting up: the exit status every command gives (130)
        raise SystemExit(130) from None
    app(prog_name="argmap")
