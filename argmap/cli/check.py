"""``argmap check``: the linter for CI."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli.app import CorpusOption, OutputOption, caches_disabled, cli_cache, command, emit
from argmap.corpus.files import read_text_file

if TYPE_CHECKING:
    from argmap.errors import Diagnostic
    from argmap.model import Document


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
    online: Annotated[
        bool, typer.Option("--online", help="Also request every cited URL (cite=, url:); report dead links (AM4xx).")
    ] = False,
    changed_since: Annotated[
        str | None,
        typer.Option("--changed-since", metavar="REV", help="With --online: only documents changed since git REV."),
    ] = None,
    accept: Annotated[
        str | None,
        typer.Option("--accept", metavar="CODES", help="With --online: status codes of live links ('200-299,403')."),
    ] = None,
    exclude_url: Annotated[
        list[str] | None,
        typer.Option("--exclude-url", metavar="REGEX", help="With --online: skip URLs REGEX matches (repeatable)."),
    ] = None,
    timeout: Annotated[
        str | None, typer.Option("--timeout", metavar="DURATION", help="With --online: per request ('20s').")
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", min=1, metavar="N", help="With --online: requests in flight at once.")
    ] = None,
    max_cache_age: Annotated[
        str | None,
        typer.Option("--max-cache-age", metavar="DURATION", help="With --online: how long successes stay cached."),
    ] = None,
    exclude_private: Annotated[
        bool, typer.Option("--exclude-private", help="With --online: do not request addresses of private networks.")
    ] = False,
    exclude_loopback: Annotated[
        bool, typer.Option("--exclude-loopback", help="With --online: do not request loopback addresses (localhost).")
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help="Check again on every save and show what changed; Ctrl-C stops (130).")
    ] = False,
) -> None:
    """Check the corpus: syntax, broken citation links, structure. Exit 1 on errors (and warnings with --strict)."""
    from argmap.check.findings import format_github, format_json, format_sarif, format_text
    from argmap.check.rules import check_paths, has_errors
    from argmap.errors import UsageError

    link_settings: dict[str, object] = {
        "accept": accept,
        "exclude": exclude_url or None,
        "timeout": timeout,
        "concurrency": concurrency,
        "max_cache_age": max_cache_age,
        "exclude_private": exclude_private or None,
        "exclude_loopback": exclude_loopback or None,
    }
    if not online and (changed_since is not None or any(v is not None for v in link_settings.values())):
        raise UsageError("--changed-since and the other link options need --online")
    root, files, checked = _files_to_check(paths or [], corpus)
    no_cache = caches_disabled()  # --no-cache (before or after the command) or ARGMAP_NO_CACHE=1
    if watch:  # the same check, again on every save (argmap/cli/watch.py)
        _watch(paths or [], corpus, no_cache, online or output_format is not CheckFormat.TEXT or output is not None)
    from argmap.bulk import gc_paused

    with gc_paused(freeze=True):  # what is checked lives as long as the command: collections need not walk it
        run = check_paths(root, files, cli_cache(no_cache), need_corpus=online)
    findings = run.findings
    if online and run.corpus is not None:
        loaded = run.corpus
        documents_checked = [
            doc for doc in loaded.documents + loaded.duplicates if checked is None or doc.path in checked
        ]
        found = _check_online(documents_checked, root, link_settings, no_cache, changed_since)
        findings = sorted(set(findings).union(found))
    if checked is not None:
        findings = [f for f in findings if f.loc.path in checked]
    documents = len(files) if checked is None else len(checked)
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


def _files_to_check(paths: list[Path], corpus: Path | None) -> tuple[Path, list[Path], set[str] | None]:
    """The corpus root, the files to read, and the paths (as shown) whose findings are reported (``None``: all).

    With no PATHS, the corpus (``--corpus``, ``$ARGMAP_CORPUS``, ``./corpus``; never
    the sample argmap ships with: a CI job must not pass by checking it). With
    PATHS, those documents, read together with the corpus when there is one, so
    that their references into it resolve; only their findings are reported.
    """
    from argmap.corpus.load import display_path
    from argmap.corpus.resolve import default_corpus_path, discover
    from argmap.errors import UsageError

    def documents(root: Path) -> list[Path]:
        if not root.exists():
            raise UsageError(f"{str(root)!r} does not exist")
        return discover(root)

    if not paths:
        root = default_corpus_path(str(corpus) if corpus else None, sample=False)
        return root, documents(root), None
    given = {p.resolve(): p for path in paths for p in documents(path)}
    if corpus is None and not Path("corpus").is_dir():
        return paths[0], sorted(given.values(), key=lambda p: p.as_posix()), None
    root = default_corpus_path(str(corpus) if corpus else None, sample=False)
    every = {p.resolve(): p for p in documents(root)} | given
    checked = {display_path(p) for p in given.values()}
    return root, sorted(every.values(), key=lambda p: p.as_posix()), checked


def _watch(paths: list[Path], corpus: Path | None, no_cache: bool, unsupported: bool) -> None:
    from argmap.check.rules import check_paths
    from argmap.cli.watch import watch_check
    from argmap.errors import UsageError

    if unsupported:
        raise UsageError("--watch prints a text report to the terminal: it does not go with --online, --format or -o")
    root, _, _ = _files_to_check(paths, corpus)
    watched = list(dict.fromkeys([root, *paths]))

    def check() -> tuple[list[Diagnostic], int]:
        root, files, checked = _files_to_check(paths, corpus)
        findings = check_paths(root, files, cli_cache(no_cache)).findings
        if checked is None:
            return findings, len(files)
        return [f for f in findings if f.loc.path in checked], len(checked)

    raise typer.Exit(watch_check(watched, check, _LineCache()))


def _check_online(
    documents: list[Document], root: Path, settings: dict[str, object], no_cache: bool, changed_since: str | None
) -> list[Diagnostic]:
    """The AM4xx findings; a progress line and a summary on stderr."""
    import time

    from argmap.check.findings import printable
    from argmap.links.online import check_online
    from argmap.links.online import settings as link_config

    config = link_config(root, settings)
    started = time.monotonic()
    run = check_online(
        documents,
        config,
        use_cache=not no_cache,
        changed_since=changed_since,
        repo=root,
        progress=_progress_line() if sys.stderr.isatty() else None,
    )
    for note in run.notes:
        typer.echo(f"note: {printable(note)}", err=True)
    stats = run.report.stats
    typer.echo(
        f"online: {stats.urls} link{'s' if stats.urls != 1 else ''} in {run.documents} "
        f"document{'s' if run.documents != 1 else ''}: {stats.cached} from the cache, {stats.fetched} checked "
        f"({stats.requests} request{'s' if stats.requests != 1 else ''}) in {time.monotonic() - started:.1f} s",
        err=True,
    )
    return run.report.diagnostics


def _progress_line() -> Callable[[int, int], None]:
    """``checking links: done/total`` on stderr, rewritten in place, once the check has taken a second."""
    import time

    started = time.monotonic()
    shown = 0.0

    def show(done: int, total: int) -> None:
        nonlocal shown
        now = time.monotonic()
        if done == total:
            if shown:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
            return
        if now - started >= 1.0 and now - shown >= 0.1:
            shown = now
            sys.stderr.write(f"\rchecking links: {done}/{total}")
            sys.stderr.flush()

    return show


class _LineCache:
    """Reads each reported file once, for the excerpts under each finding."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def __call__(self, path: str, line: int) -> str | None:
        if path not in self._files:
            try:
                self._files[path] = read_text_file(path).removeprefix("\ufeff").split("\n")
            except (OSError, ValueError):  # ValueError: not UTF-8
                self._files[path] = None
        lines = self._files[path]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]
