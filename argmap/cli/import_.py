"""``argmap import``: other tools' files (AIF, SADFace, brat, Argdown, Kialo, arg-microtexts) -> annotated documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from argmap.cli.app import command, error_text
from argmap.formats import ImportFormat


@command("import")
def import_command(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="Files to import (brat: the .ann; its .txt sits beside it), folders of them, or quoted globs.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The document to write (corpus/NEW.md), or the folder for many inputs (one NAME.md each).",
            show_default=False,
        ),
    ],
    input_format: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="aif, brat, argdown, sadface, kialo or microtexts (arggraph XML). Default: from the file (.json "
            "AIF or SADFace by content, .ann, .argdown, .xml, a .txt starting 'Discussion Title:').",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite outputs that exist.")] = False,
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
        str | None,
        typer.Option("--date", help="The date (front matter): YYYY, YYYY-MM or YYYY-MM-DD.", show_default=False),
    ] = None,
    meta: Annotated[
        Path | None,
        typer.Option(
            "--meta",
            help="YAML file of front-matter fields (title, authors, date, ...) for every input; an input's own "
            "NAME.meta.yaml beside it overrides it, the options override both.",
            show_default=False,
        ),
    ] = None,
    stance_relations: Annotated[
        bool,
        typer.Option(
            "--stance-relations/--no-stance-relations",
            help="brat: each Claim's Stance becomes a support or attack of its essay's MajorClaims (tagged "
            "stance-for/stance-against, counted apart).",
        ),
    ] = True,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON on stdout (also when nothing is written).")
    ] = False,
) -> None:
    """Import AIF, SADFace, brat, Argdown, Kialo or arg-microtexts files as documents that 'argmap check' accepts.

    One file and '-o NEW.md' writes one document; several files, a folder or a glob and '-o DIR' write one
    document per input (an AIF map of several argmap documents gives one each). Findings go to stderr as
    'path:line:col: CODE severity: message', then a summary of what was read, carried and left out. Exit 1
    when a file could not be imported, an output exists (without --force) or cannot be written; 2 for a bad
    option. With --json the report is also on stdout, failures included.
    """
    from argmap.errors import ArgmapError, UsageError
    from argmap.formats.importing import Options, is_batch, read_meta_file

    for name, value in [("--title", title), ("--date", date)] + [("--author", a) for a in author or []]:
        _check_option(name, value)
    opts = Options(
        txt=txt,
        title=title,
        authors=author or None,
        date=date,
        meta=read_meta_file(meta) if meta is not None else None,
        stance_relations=stance_relations,
        explicit_format=input_format is not None,
    )
    if is_batch(sources, output):
        for name, given in (("--id", doc_id), ("--txt", txt), ("--title", title)):
            if given is not None:
                raise UsageError(f"{name} names one document: it cannot be used with several inputs or -o DIR")
        _batch(sources, output, input_format, force, opts, as_json)
        return
    source = sources[0]
    state: dict[str, Any] = {}
    try:
        _import(source, output, input_format, force, doc_id, opts, state)
    except ArgmapError as exc:
        if as_json:  # scripts get a report on stdout whatever happened; stderr and the exit code as without --json
            from argmap.formats.importing import failure_json

            failed = state.get("failed")
            report = failure_json(
                source.as_posix(),
                output.as_posix(),
                state.get("format"),
                state.get("document"),
                error_text(exc),
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


def _batch(sources: list[Path], folder: Path, fmt: ImportFormat | None, force: bool, opts: Any, as_json: bool) -> None:
    """Every input into ``folder``: all read first, then every output checked, then each written atomically."""
    from argmap.corpus.files import atomic_write
    from argmap.errors import ArgmapError
    from argmap.formats.importing import (
        batch_json,
        batch_outputs,
        batch_summary,
        expand_sources,
        import_batch,
    )

    files = expand_sources(sources, fmt)
    results = import_batch(files, fmt, opts)
    for item in results:
        findings = item.failed.diagnostics if item.failed else [d for o in item.outcomes for d in o.diagnostics]
        for d in findings:
            typer.echo(_shown(str(d)), err=True)
    error: str | None = None
    targets: dict[int, Path] = {}
    try:
        planned = batch_outputs(results, folder, force)
        if planned:
            folder.mkdir(parents=True, exist_ok=True)
        for path, outcome in planned:
            atomic_write(path, outcome.text)
            targets[id(outcome)] = path
    except OSError as exc:
        error = f"cannot write into {str(folder)!r}: {exc.strerror or exc}"
    except ArgmapError as exc:
        error = error_text(exc)
    for line in batch_summary(results, folder.as_posix()):
        typer.echo(_shown(line), err=True)
    if as_json:
        typer.echo(json.dumps(batch_json(results, targets, folder.as_posix(), error), indent=2, ensure_ascii=False))
    if error is not None:
        raise ArgmapError(error)
    if any(item.error is not None for item in results):
        raise typer.Exit(1)


def _shown(text: str) -> str:
    """A line for stderr: control characters and lone surrogates (file names that are not UTF-8) made visible."""
    from argmap.check.findings import printable

    return printable(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _check_option(name: str, value: str | None) -> None:
    from argmap.errors import UsageError
    from argmap.formats.imported import has_surrogates

    if value is not None and has_surrogates(value):  # bytes that are not UTF-8 on the command line
        raise UsageError(f"{name} {value!r} is not valid UTF-8 text")


def _import(
    source: Path,
    output: Path,
    input_format: ImportFormat | None,
    force: bool,
    doc_id: str | None,
    opts: Any,
    state: dict[str, Any],
) -> None:
    """The import; what is known so far goes into ``state`` (format, document, the outcome or the failure)."""
    from argmap.corpus.files import atomic_write
    from argmap.errors import ArgmapError, ImportFailed
    from argmap.formats.importing import document_id, guess_format, import_file, summary_lines

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
        outcome = import_file(source, fmt, doc, options=opts)
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
