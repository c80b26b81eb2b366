"""``argmap lsp``: the language server, for editors (stdio)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli.app import INTERRUPTED, command

if TYPE_CHECKING:
    from types import FrameType


@command("lsp")
def lsp_command(
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            "-c",
            envvar="ARGMAP_CORPUS",
            help="Corpus folder. Default: the workspace's corpus/ folder, else each document's own folder.",
            show_default=False,
        ),
    ] = None,
    debounce: Annotated[
        int, typer.Option("--debounce", min=0, metavar="MS", help="Check this long after the last keystroke.")
    ] = 150,
    stdio: Annotated[
        bool,
        typer.Option("--stdio", help="Accepted for editors that pass it: stdin and stdout are the only transport."),
    ] = False,
) -> None:
    """Run the language server: diagnostics as you type, go to definition, references, completion, hover, rename."""
    import signal

    from argmap.lsp.server import serve  # pygls loads only here: other commands start as fast as before

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        # pygls would stop quietly (exit 0), and only once its thread reading stdin returns, which it does
        # when the editor's pipe (or the terminal) closes: leave now, with the status of every command.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a write may be under way: flushing it would be a reentrant call
                stream.flush()
        os._exit(INTERRUPTED)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        serve(debounce / 1000, corpus.resolve() if corpus else None)
    finally:
        signal.signal(signal.SIGINT, previous)
