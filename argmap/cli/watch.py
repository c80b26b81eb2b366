"""``--watch``: run a command again whenever a document, a source text or a map definition is saved.

:func:`watch` is the loop (watchfiles, which uses the system's file
notifications); :func:`watch_check` is ``argmap check --watch``, which prints
the whole report once and then, after each save, what changed: the findings
that are new and those that are fixed. Findings are matched by file, code and
message, not by line, so a line inserted above a finding does not show it as
fixed and new again. Ctrl-C stops the loop: exit status 130, as for any
command interrupted.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import ArgmapError

if TYPE_CHECKING:
    from argmap.check.findings import LineSource
    from argmap.errors import Diagnostic

#: Files whose change runs the command again: documents, source texts, map definitions.
WATCHED_SUFFIXES = (".md", ".txt", ".toml")
#: How long the watcher waits for changes before it says it is ready, and between empty batches (ms).
READY_MS = 200
#: Exit status after Ctrl-C (128 + SIGINT), as shells report an interrupted command.
INTERRUPTED = 130


def watched(path: str, folders: Collection[Path], ignore: Collection[Path] = ()) -> bool:
    """Whether a change to ``path`` (in one of ``folders``) runs the command again.

    Documents, source texts and map definitions do; files in hidden folders
    (the cache, ``.git``) and the command's own output do not.
    """
    p = Path(path)
    if p.suffix not in WATCHED_SUFFIXES or p.resolve() in ignore:
        return False
    for folder in folders:
        if p.is_relative_to(folder):
            return not any(part.startswith(".") for part in p.relative_to(folder).parts)
    return True


def watch(
    roots: Sequence[Path],
    run: Callable[[list[str]], None],
    *,
    ignore: Iterable[Path] = (),
    stop_event: Any = None,
    step_ms: int = 100,
) -> int:
    """``run([])`` now, then ``run(changed paths)`` after each batch of changes under ``roots``, until Ctrl-C.

    A failure of one run (:class:`ArgmapError`) is printed and the watch goes on:
    the next save may fix it. Returns :data:`INTERRUPTED` after Ctrl-C, 0 when
    ``stop_event`` is set.
    """
    import watchfiles

    skipped = {Path(p).resolve() for p in ignore}
    folders = sorted({(root if root.is_dir() else root.parent).resolve() for root in roots})
    shown = ", ".join(_shown(folder) for folder in folders)
    # The watcher starts before the first run (its first, empty, batch says it is ready), so a
    # file saved while the first run works is seen; after that, empty batches are timeouts.
    batches = watchfiles.watch(
        *folders,
        watch_filter=lambda _change, path: watched(path, folders, skipped),
        step=step_ms,
        stop_event=stop_event,
        raise_interrupt=True,
        rust_timeout=READY_MS,
        yield_on_timeout=True,
    )
    try:
        ready = False
        for changes in batches:
            if not ready:
                ready = True
                _attempt(run, [])
                _note(f"watching {shown} for changes (Ctrl-C to stop)")
            elif changes:
                _attempt(run, sorted({_shown(Path(path)) for _, path in changes}))
    except KeyboardInterrupt:
        _note("stopped")
        return INTERRUPTED
    return 0


def _attempt(run: Callable[[list[str]], None], changed: list[str]) -> None:
    from argmap.check.findings import printable

    try:
        run(changed)
    except ArgmapError as exc:
        from argmap.cli.app import error_text

        sys.stderr.write(f"Error: {printable(error_text(exc))}\n")
        sys.stderr.flush()


def _note(text: str) -> None:
    from argmap.check.findings import printable

    sys.stderr.write(printable(text) + "\n")
    sys.stderr.flush()


def _shown(path: Path) -> str:
    from argmap.corpus.load import display_path

    return display_path(path)


# -- check ------------------------------------------------------------------------


def finding_changes(before: list[Diagnostic], after: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """``(new, fixed)``: findings of ``after`` that ``before`` did not have, and the other way round.

    Two findings are the same when file, code and message are (the line may have moved).
    """

    def key(f: Diagnostic) -> tuple[str, str, str]:
        return (f.loc.path, f.code, f.message)

    remaining = Counter(key(f) for f in before)
    new = []
    for f in after:
        if remaining[key(f)] > 0:
            remaining[key(f)] -= 1
        else:
            new.append(f)
    gone = Counter(key(f) for f in after)
    fixed = []
    for f in before:
        if gone[key(f)] > 0:
            gone[key(f)] -= 1
        else:
            fixed.append(f)
    return new, fixed


def changes_report(new: list[Diagnostic], fixed: list[Diagnostic], findings: list[Diagnostic], documents: int) -> str:
    """What a re-check prints: each new and fixed finding, then the summary with the counts."""
    from argmap.check.findings import printable, summary

    lines = [f"new: {printable(str(f))}" for f in new] + [f"fixed: {printable(str(f))}" for f in fixed]
    counts = f"{len(new)} new, {len(fixed)} fixed" if new or fixed else "nothing new, nothing fixed"
    lines.append(f"{summary(findings, documents)} ({counts})")
    return "\n".join(lines) + "\n"


def watch_check(
    roots: Sequence[Path],
    check: Callable[[], tuple[list[Diagnostic], int]],
    line_source: LineSource | None = None,
    *,
    stop_event: Any = None,
) -> int:
    """``argmap check --watch``: ``check()`` gives the findings and the number of documents."""
    from argmap.check.findings import format_text

    previous: list[Diagnostic] | None = None

    def run(changed: list[str]) -> None:
        nonlocal previous
        findings, documents = check()
        if previous is None:
            out = format_text(findings, documents, line_source)
        else:
            stamp = time.strftime("%H:%M:%S")
            out = f"\n[{stamp}] {', '.join(changed)} changed\n" + changes_report(
                *finding_changes(previous, findings), findings, documents
            )
        previous = findings
        sys.stdout.write(out)
        sys.stdout.flush()

    return watch(roots, run, stop_event=stop_event)


def watch_command(roots: Sequence[Path], command: Callable[[], object], output: Path, *, stop_event: Any = None) -> int:
    """``argmap render --watch -o FILE``: run ``command`` (which writes ``output``) after each change."""
    import typer

    def run(changed: list[str]) -> None:
        before = output.read_bytes() if output.is_file() else None
        with contextlib.suppress(typer.Exit):  # the command's own exit status does not end the watch
            command()
        after = output.read_bytes() if output.is_file() else None
        if not changed:
            _note(f"wrote {_shown(output)}")
            return
        what = "redrawn" if after != before else "unchanged"
        _note(f"[{time.strftime('%H:%M:%S')}] {', '.join(changed)} changed: {_shown(output)} {what}")

    return watch(roots, run, ignore=[output], stop_event=stop_event)
