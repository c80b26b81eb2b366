"""``argmap new``: a new document from a source text, ready to annotate."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.app import command


@command("new")
def new_command(
    doc_id: Annotated[
        str, typer.Argument(metavar="ID", help="The document's id: a letter, then letters, digits, - or _.")
    ],
    source: Annotated[
        Path, typer.Option("--source", "-s", help="The source text (UTF-8), copied verbatim to CORPUS/sources/ID.txt.")
    ],
    authors: Annotated[
        list[str],
        typer.Option("--authors", "-a", help="An author, as printed (repeat, or separate names with ';')."),
    ],
    date: Annotated[str, typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    title: Annotated[
        str | None,
        typer.Option("--title", "-t", help="The title. Default: the source's first line.", show_default=False),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the source is published.", show_default=False)] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            "-c",
            envvar="ARGMAP_CORPUS",
            help="Corpus folder to write into (created if missing). Default: ./corpus.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write CORPUS/ID.md (front matter and the source's text) and CORPUS/sources/ID.txt; never overwrite."""
    from argmap.corpus.scaffold import new_document

    made = new_document(corpus or Path("corpus"), doc_id, source, authors=authors, date=date, title=title, url=url)
    shown = os.path.relpath(made.document) if not made.document.is_absolute() else str(made.document)
    copy = (
        f" and its source {made.source.as_posix()}"
        if made.copied
        else f"; its source {made.source.as_posix()} was there"
    )
    typer.echo(f"wrote {Path(shown).as_posix()} ({made.lines} lines of text){copy}", err=True)
    if made.title_guessed:
        typer.echo(f"note: the title is the source's first line, {made.title!r}: check it (or give --title)", err=True)
    typer.echo("next: mark the argument's words as [words]{#id .claim}, then run 'argmap check'", err=True)
    typer.echo(made.document.as_posix())
