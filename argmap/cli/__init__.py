"""The command line. :func:`main` is the console script's entry point.

Each command group lives in its own module and registers itself on the typer
app of :mod:`argmap.cli.app`; :mod:`argmap.cli.commands` imports them all and
is what tests drive.
"""

from __future__ import annotations

import sys

#: The module that registers each command (:mod:`argmap.cli.commands` imports them all).
COMMAND_MODULES = {
    "new": "new",
    "check": "check",
    "show": "show",
    "chains": "show",
    "find": "show",
    "stats": "show",
    "eval": "eval",
    "render": "render",
    "report": "report",
    "export": "export",
    "import": "import_",
    "lsp": "lsp",
}


def main() -> None:
    """Entry point. ``--version`` answers before typer is even imported (start-up time).

    A command line that names a command registers that command alone: typer makes
    every registered command's parameters before running one (15 ms for all of them,
    and their modules' imports), and a command needs only its own. Anything else
    (``--help``, no command, a misspelt one) gets every command.
    """
    if sys.argv[1:] in (["--version"], ["-V"]):
        from argmap import __version__

        sys.stdout.write(f"argmap {__version__}\n")
        return
    try:
        module = COMMAND_MODULES.get(command_named(sys.argv[1:]) or "")
        if module is not None:
            import importlib

            importlib.import_module(f"argmap.cli.{module}")
            from argmap.cli.app import app
        else:
            from argmap.cli.commands import app
    except KeyboardInterrupt:  # Ctrl-C while starting up: the exit status every command gives (130)
        raise SystemExit(130) from None
    app(prog_name="argmap")


def command_named(args: list[str]) -> str | None:
    """The command ``args`` run: the first word that is not an option (``argmap``'s own options take no
    value), unless a help option comes before it or ``--`` ends the options."""
    for arg in args:
        if arg in ("-h", "--help", "--"):
            return None
        if not arg.startswith("-"):
            return arg
    return None
