"""The typer app, the options every command shares, and the one place errors become exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from argmap import __version__
from argmap.errors import ArgmapError

app = typer.Typer(
    name="argmap",
    help="Argument maps from annotated documents: check, explore, render.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        "-c",
        envvar="ARGMAP_CORPUS",
        help="Corpus folder (or one document). Default: ./corpus; else (not for check) the sample argmap ships with.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts (keys documented in the README).")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout.", show_default=False),
]

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


#: Set by ``argmap --no-cache COMMAND``: no command reads or writes the parse cache.
_no_cache = False


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write any cache (parsed documents, check results, live links); "
            "so does ARGMAP_NO_CACHE=1. The cache is .argmap-cache/ in the working folder, or $ARGMAP_CACHE_DIR.",
        ),
    ] = False,
) -> None:
    """Argument maps from annotated documents: check, explore, render."""
    global _no_cache
    _no_cache = no_cache


def cli_cache(disabled: bool = False) -> Any:
    """The parse cache for this command (an :class:`argmap.corpus.cache.ParseCache`), or ``None`` when it is off."""
    from argmap.corpus.cache import cache_from_environment

    return cache_from_environment(enabled=not (disabled or _no_cache))


def caches_disabled() -> bool:
    """Whether ``argmap --no-cache`` (or ``ARGMAP_NO_CACHE``) turned every cache off."""
    from argmap.corpus.cache import disabled_by_environment

    return _no_cache or disabled_by_environment()


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command; an :class:`ArgmapError` it raises becomes one line on stderr and its exit code."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kw: Any) -> Any:
            try:
                return func(*args, **kw)
            except ArgmapError as exc:
                fail(str(exc), exc.exit_code)
            except BrokenPipeError:  # `argmap ... | head`
                sys.stderr.close()
                raise typer.Exit(1) from None

        app.command(name, **kwargs)(wrapper)
        return func

    return decorate


def fail(message: str, code: int = 1) -> None:
    """Print ``Error: message`` on stderr and exit with ``code``."""
    from argmap.check.findings import printable

    typer.echo(f"Error: {printable(message)}", err=True)
    raise typer.Exit(code)


def emit(data: str | bytes | Iterable[bytes], output: Path | None = None) -> None:
    """Machine output (text, bytes such as a PNG, or UTF-8 chunks as made): to ``output`` atomically, else to
    stdout unchanged. Chunks are written as they come, so a large export is never held whole."""
    if output is None:
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            sys.stdout.flush()
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                for chunk in data:
                    sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        return
    from argmap.corpus.files import atomic_write

    try:
        atomic_write(output, data)
    except OSError as exc:
        raise ArgmapError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None


def corpus_path(corpus: Path | None) -> Path:
    """The corpus a command reads: ``--corpus``, ``$ARGMAP_CORPUS``, ``./corpus``, else the sample argmap ships with.

    Falling back to the sample is said on stderr, so that nobody takes its
    findings or maps for their own (``argmap check`` never falls back).
    """
    from argmap.corpus.resolve import default_corpus_path, packaged_corpus

    path = default_corpus_path(str(corpus) if corpus else None)
    if corpus is None and path == packaged_corpus():
        from argmap.check.findings import printable

        typer.echo(
            printable(
                f"note: no --corpus, ARGMAP_CORPUS or ./corpus here: this is the sample corpus argmap ships with "
                f"({path})"
            ),
            err=True,
        )
    return path


def load_graph(corpus: Path | None) -> Any:
    """Load the corpus graph for a query command.

    Problems in the corpus do not stop a query (the graph holds what parsed);
    a one-line note on stderr says how many errors ``argmap check`` would report.
    Parsed documents come from the cache when their files did not change.
    """
    from argmap.bulk import gc_paused
    from argmap.corpus.resolve import build_graph, load_corpus
    from argmap.errors import Severity

    with gc_paused(freeze=True):  # the graph lives as long as the command: collections need not walk it
        loaded = load_corpus(corpus_path(corpus), cache=cli_cache())
        errors = sum(d.severity is Severity.ERROR for d in loaded.diagnostics)
        if errors:
            typer.echo(f"note: the corpus has {errors} error(s); run 'argmap check' for details", err=True)
        return build_graph(loaded)
