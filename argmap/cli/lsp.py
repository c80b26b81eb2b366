"""``argmap lsp``: the language server, for editors (stdio)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.app import command


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
    from argmap.lsp.server import serve  # pygls loads only here: other commands start as fast as before

    serve(debounce / 1000, corpus.resolve() if corpus else None)
