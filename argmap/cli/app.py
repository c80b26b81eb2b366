"""The typer app, the options every command shares, and the one place errors become exit codes."""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from argmap import __version__
from argmap.errors import ArgmapError

#: Every command, in the order a user meets them, with the line ``argmap --help`` shows for it.
#: A line fits the listing at 80 columns (66 characters) so that click does not cut it short.
COMMANDS: dict[str, str] = {
    "new": "A new document from a source text, ready to annotate.",
    "check": "Check the corpus: syntax, broken citation links, structure.",
    "show": "The corpus at a glance, or the argument around one claim.",
    "chains": "Every chain of relations ending at a claim, with its polarity.",
    "find": "Claims whose text or label contains TEXT.",
    "stats": "Counts: kinds, relations, the most supported and attacked claims.",
    "eval": "Which claims stand (in, out, undecided) and why; or a score.",
    "render": "Draw a map with Graphviz: SVG, PNG, PDF or DOT.",
    "report": "One self-contained HTML file to explore the debate in.",
    "export": "The graph for scripts and other tools: JSON, AIF, Argdown, GraphML.",
    "import": "Other tools' files (AIF, SADFace, brat, ...) as documents.",
    "lsp": "The language server for editors: findings as you type, and more.",
}

#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


class _Commands(TyperGroup):
    """``argmap --help`` lists the commands in the order of :data:`COMMANDS`, not the order of import."""

    def list_commands(self, ctx: Any) -> list[str]:
        order = list(COMMANDS)
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: order.index(name) if name in order else len(order))


app = typer.Typer(
    name="argmap",
    cls=_Commands,
    help="Argument maps from annotated documents: check, explore, render.\n\n"
    "--no-cache and --version work after a command as well. Documentation: docs/README.md.\n\n"
    "The cache: .argmap-cache/ in the working folder, or $ARGMAP_CACHE_DIR.",
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
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts (keys: docs/commands/).")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout.", show_default=False),
]

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


#: Set by ``--no-cache``, before the command or after it: no command reads or writes the parse cache.
_no_cache = False

_NO_CACHE_HELP = (
    "Neither read nor write any cache (parsed documents, check results, live links); so does ARGMAP_NO_CACHE=1."
)
VersionOption = Annotated[
    bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help=_NO_CACHE_HELP)]


@app.callback()
def _root(version: VersionOption = False, no_cache: NoCacheOption = False) -> None:
    """Argument maps from annotated documents: check, explore, render."""
    global _no_cache
    _no_cache = no_cache


#: The options every command takes after its name as well as before it (``argmap eval --no-cache``).
_SHARED = (
    inspect.Parameter("no_cache", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoCacheOption),
    inspect.Parameter(
        "version",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool,
            typer.Option(
                "--version", "-V", callback=_version, is_eager=True, hidden=True, help="Print the version and exit."
            ),
        ],
    ),
)


def cli_cache(disabled: bool = False) -> Any:
    """The parse cache for this command (an :class:`argmap.corpus.cache.ParseCache`), or ``None`` when it is off."""
    from argmap.corpus.cache import cache_from_environment

    return cache_from_environment(enabled=not (disabled or _no_cache))


def caches_disabled() -> bool:
    """Whether ``argmap --no-cache`` (or ``ARGMAP_NO_CACHE``) turned every cache off."""
    from argmap.corpus.cache import disabled_by_environment

    return _no_cache or disabled_by_environment()


def command(name: str, **kwargs: Any) -> Callable[[F], F]:
    """Register a command, with the options every command shares (``--no-cache``, ``--version``).

    An :class:`ArgmapError` it raises becomes one line on stderr and its exit
    code; Ctrl-C exits 130. Its line in ``argmap --help`` is its entry in
    :data:`COMMANDS`.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, no_cache: bool = False, version: bool = False, **kw: Any) -> Any:
            global _no_cache
            _no_cache = _no_cache or no_cache
            try:
                return func(*args, **kw)
            except ArgmapError as exc:
                fail(error_text(exc), exit_code_of(exc))
            except BrokenPipeError:  # `argmap ... | head`
                sys.stderr.close()
                raise typer.Exit(1) from None
            except KeyboardInterrupt:
                raise typer.Exit(INTERRUPTED) from None

        own = inspect.signature(func, eval_str=True)
        wrapper.__signature__ = own.replace(parameters=[*own.parameters.values(), *_SHARED])  # type: ignore[attr-defined]
        app.command(name, short_help=COMMANDS[name], **kwargs)(wrapper)
        return func

    return decorate


#: How the command line spells a parameter an error names as its remedy (else ``--name``).
_SPELLING = {
    "target": "TARGET",
    "paths": "PATHS",
    "corpus": "--corpus DIR",
    "maps": "--maps DIR",
    "title": "--title TEXT",
    "author": "--author NAME",
    "date": "--date YYYY[-MM[-DD]]",
    "meta": "--meta FILE",
}


def error_text(error: ArgmapError) -> str:
    """The error's message, and the options that remedy it as the command line spells them."""
    if not error.options:
        return str(error)
    spelt = ", ".join(_SPELLING.get(name, "--" + name.replace("_", "-")) for name in error.options)
    return f"{error} ({spelt})"


def exit_code_of(error: ArgmapError) -> int:
    """2 for a usage error (the command line is wrong), 1 for any other failure."""
    from argmap.errors import UsageError

    return 2 if isinstance(error, UsageError) else 1


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
    from argmap.corpus.resolve import build_graph

    with gc_paused(freeze=True):  # the graph lives as long as the command: collections need not walk it
        return build_graph(_load_for_query(corpus))


#: Importing networkx costs about as much as parsing this many bytes of corpus (0.1 s, at 0.06 s
#: per MB; measured on the project's machine, docs/performance.md): the commands that make a graph
#: import it while the parse workers parse, and parse that much less themselves.
NETWORKX_IMPORT_BYTES = 1_500_000


def _import_networkx() -> None:
    import networkx  # noqa: F401


def load_graph_around(corpus: Path | None, claim: str, *, downstream: bool = True) -> tuple[Any, str]:
    """The key ``claim`` names, and the graph of the nodes its argument trees (or, without
    ``downstream``, the chains ending at it) can read: :mod:`argmap.corpus.focus`."""
    from argmap.corpus.focus import find_node, reach
    from argmap.corpus.resolve import build_graph

    with query_corpus(corpus) as loaded:
        node = find_node(loaded, claim)
        return build_graph(loaded, reach(loaded, node, downstream=downstream)), node


@contextlib.contextmanager
def query_corpus(corpus: Path | None) -> Iterator[Any]:
    """The loaded corpus (an :class:`argmap.corpus.resolve.Corpus`) for a query that makes the graph
    of part of it (``build_graph(loaded, nodes)``), as :func:`load_graph` loads it."""
    from argmap.bulk import gc_paused

    with gc_paused(freeze=True):  # what is made here lives as long as the command
        yield _load_for_query(corpus)


def _load_for_query(corpus: Path | None) -> Any:
    from argmap.corpus.load import Meanwhile
    from argmap.corpus.resolve import load_corpus
    from argmap.errors import Severity

    meanwhile = Meanwhile(_import_networkx, NETWORKX_IMPORT_BYTES)  # every query makes a graph
    loaded = load_corpus(corpus_path(corpus), cache=cli_cache(), meanwhile=meanwhile)
    errors = sum(d.severity is Severity.ERROR for d in loaded.diagnostics)
    if errors:
        typer.echo(f"note: the corpus has {errors} error(s); run 'argmap check' for details", err=True)
    return loaded
