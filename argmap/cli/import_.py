"""``argmap import``: a file of another tool (AIF, brat, Argdown) -> an annotated corpus document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.app import command
from argmap.formats.importing import ImportFormat


@command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="The file to import (brat: the .ann; its .txt sits beside it).",
                                           show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The document to write, e.g. corpus/NEW.md.",
                                         show_default=False)],
    input_format: Annotated[
        ImportFormat | None,
        typer.Option("--format", "-f", help="aif, brat or argdown. Default: from the file name (.json, .ann, .argdown).",
                     show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")] = False,
    doc_id: Annotated[str | None, typer.Option("--id", help="Document id. Default: OUTPUT's file name without .md.",
                                               show_default=False)] = None,
    txt: Annotated[Path | None, typer.Option("--txt", help="brat: the text file. Default: SOURCE with .txt.",
                                             show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help="Front matter title.", show_default=False)] = None,
    author: Annotated[list[str] | None, typer.Option("--author", help="Front matter author (repeat for several).",
                                                     show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", help="Front matter date (YYYY, YYYY-MM or YYYY-MM-DD).",
                                             show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """Import AIF JSON, brat (.ann + .txt) or Argdown as an annotated document that 'argmap check' accepts.

    Findings go to stderr as 'path:line:col: CODE severity: message', then a summary of what was read,
    carried and left out. Exit 1 when nothing could be imported or OUTPUT exists (without --force).
    """
    from argmap.errors import ArgmapError
    from argmap.fileio import atomic_write
    from argmap.formats.importing import document_id, guess_format, import_file, outcome_json, summary_lines
    from argmap.formats.interchange import ImportFailed
    from argmap.report import printable

    fmt = input_format or guess_format(source)
    doc = document_id(output, doc_id)
    if output.exists() and not force:
        raise ArgmapError(f"{str(output)!r} exists: give --force to overwrite it")
    if not source.is_file():
        raise ArgmapError(f"{str(source)!r} is not a file")
    try:
        outcome = import_file(source, fmt, doc, txt=txt, title=title, authors=author or None, date=date)
    except ImportFailed as exc:
        for d in exc.diagnostics:
            typer.echo(printable(str(d)), err=True)
        raise
    try:
        atomic_write(output, outcome.text)
    except OSError as exc:
        raise ArgmapError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None
    for d in outcome.diagnostics:
        typer.echo(printable(str(d)), err=True)
    for line in summary_lines(outcome, source.as_posix(), output.as_posix()):
        typer.echo(printable(line), err=True)
    if as_json:
        typer.echo(json.dumps(outcome_json(outcome, source.as_posix(), output.as_posix()), indent=2, ensure_ascii=False))
