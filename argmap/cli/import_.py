"""``argmap import``: a file of another tool (AIF, brat, Argdown) -> an annotated corpus document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from argmap.cli.app import command
from argmap.formats.importing import ImportFormat


@command("import")
def import_command(
    source: Annotated[
        Path, typer.Argument(help="The file to import (brat: the .ann; its .txt sits beside it).", show_default=False)
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The document to write, e.g. corpus/NEW.md.", show_default=False)
    ],
    input_format: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="aif, brat or argdown. Default: from the file name (.json, .ann, .argdown).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")] = False,
    doc_id: Annotated[
        str | None,
        typer.Option("--id", help="Document id. Default: OUTPUT's file name without .md.", show_default=False),
    ] = None,
    txt: Annotated[
        Path | None, typer.Option("--txt", help="brat: the text file. Default: SOURCE with .txt.", show_default=False)
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Front matter title.", show_default=False)] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", help="Front matter author (repeat for several).", show_default=False)
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Front matter date (YYYY, YYYY-MM or YYYY-MM-DD).", show_default=False)
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON on stdout (also when nothing is written).")
    ] = False,
) -> None:
    """Import AIF JSON, brat (.ann + .txt) or Argdown as an annotated document that 'argmap check' accepts.

    Findings go to stderr as 'path:line:col: CODE severity: message', then a summary of what was read,
    carried and left out. Exit 1 when nothing could be imported, OUTPUT exists (without --force) or cannot
    be written; 2 for a bad option. With --json the report is also on stdout, failures included.
    """
    from argmap.errors import ArgmapError

    state: dict[str, Any] = {}
    try:
        _import(source, output, input_format, force, doc_id, txt, title, author, date, state)
    except ArgmapError as exc:
        if as_json:  # scripts get a report on stdout whatever happened; stderr and the exit code as without --json
            from argmap.formats.importing import failure_json

            failed = state.get("failed")
            report = failure_json(
                source.as_posix(),
                output.as_posix(),
                state.get("format"),
                state.get("document"),
                str(exc),
                getattr(failed, "diagnostics", None),
                getattr(failed, "read", None),
                getattr(failed, "skipped", None),
            )
            typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        raise
    if as_json:
        from argmap.formats.importing import outcome_json

        typer.echo(
            json.dumps(
                outcome_json(state["outcome"], source.as_posix(), output.as_posix()), indent=2, ensure_ascii=False
            )
        )


def _shown(text: str) -> str:
    """A line for stderr: control characters and lone surrogates (file names that are not UTF-8) made visible."""
    from argmap.report import printable

    return printable(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _check_option(name: str, value: str | None) -> None:
    from argmap.errors import UsageError
    from argmap.formats.interchange import has_surrogates

    if value is not None and has_surrogates(value):  # bytes that are not UTF-8 on the command line
        raise UsageError(f"{name} {value!r} is not valid UTF-8 text")


def _import(
    source: Path,
    output: Path,
    input_format: ImportFormat | None,
    force: bool,
    doc_id: str | None,
    txt: Path | None,
    title: str | None,
    author: list[str] | None,
    date: str | None,
    state: dict[str, Any],
) -> None:
    """The import; what is known so far goes into ``state`` (format, document, the outcome or the failure)."""
    from argmap.errors import ArgmapError
    from argmap.fileio import atomic_write
    from argmap.formats.importing import document_id, guess_format, import_file, summary_lines
    from argmap.formats.interchange import ImportFailed

    for name, value in [("--title", title), ("--date", date)] + [("--author", a) for a in author or []]:
        _check_option(name, value)
    fmt = state["format"] = input_format or guess_format(source)
    doc = state["document"] = document_id(output, doc_id)
    try:
        exists = output.exists()
    except OSError as exc:  # e.g. a name too long for the file system
        raise ArgmapError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None
    if exists and not force:
        raise ArgmapError(f"{str(output)!r} exists: give --force to overwrite it")
    try:
        is_file = source.is_file()
    except OSError as exc:
        raise ArgmapError(f"cannot read {str(source)!r}: {exc.strerror or exc}") from None
    if not is_file:
        raise ArgmapError(f"{str(source)!r} is not a file")
    try:
        outcome = import_file(source, fmt, doc, txt=txt, title=title, authors=author or None, date=date)
    except ImportFailed as exc:
        state["failed"] = exc
        for d in exc.diagnostics:
            typer.echo(_shown(str(d)), err=True)
        raise
    try:
        atomic_write(output, outcome.text)
    except OSError as exc:
        raise ArgmapError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None
    state["outcome"] = outcome
    for d in outcome.diagnostics:
        typer.echo(_shown(str(d)), err=True)
    for line in summary_lines(outcome, source.as_posix(), output.as_posix()):
        typer.echo(_shown(line), err=True)
