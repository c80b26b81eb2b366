"""``argmap check``: the linter for CI."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.app import CorpusOption, OutputOption, cli_cache, command, emit

class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


@command("check")
def check_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Documents or folders to check. Default: the corpus.", show_default=False),
    ] = None,
    corpus: CorpusOption = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text, json, sarif (SARIF 2.1.0) or github (annotations).")
    ] = CheckFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output: OutputOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache of parsed documents and check results.")
    ] = False,
) -> None:
    """Check the corpus: syntax, broken citation links, structure. Exit 1 on errors (and warnings with --strict)."""
    from argmap.check import check_paths, has_errors
    from argmap.corpus import default_corpus_path, discover
    from argmap.errors import UsageError
    from argmap.report import format_github, format_json, format_sarif, format_text

    roots = list(paths) if paths else [default_corpus_path(str(corpus) if corpus else None)]
    for root in roots:
        if not root.exists():
            raise UsageError(f"{str(root)!r} does not exist")
    files = sorted({p for root in roots for p in discover(root)}, key=lambda p: p.as_posix())
    run = check_paths(roots[0], files, cli_cache(no_cache))
    findings = run.findings
    documents = len(files)
    lines = _LineCache()
    if output_format is CheckFormat.JSON:
        text = format_json(findings, documents)
    elif output_format is CheckFormat.SARIF:
        text = format_sarif(findings)
    elif output_format is CheckFormat.GITHUB:
        text = format_github(findings, documents, lines)
    else:
        text = format_text(findings, documents, lines)
    emit(text, output)
    if has_errors(findings, strict):
        raise typer.Exit(1)


class _LineCache:
    """Reads each reported file once, for the excerpts under each finding."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def __call__(self, path: str, line: int) -> str | None:
        if path not in self._files:
            try:
                self._files[path] = Path(path).read_text(encoding="utf-8").removeprefix("\ufeff").split("\n")
            except (OSError, UnicodeDecodeError):
                self._files[path] = None
        lines = self._files[path]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]
