"""``argmap report``: one self-contained HTML file to explore the debate, or a live preview of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.app import CorpusOption, OutputOption, command, emit, load_graph
from argmap.errors import UsageError


@command("report")
def report_command(
    target: Annotated[
        str | None,
        typer.Argument(
            help="What the map shows, as in argmap render: a map definition (maps/NAME.toml, or NAME), "
            "a document id or a claim id. Default: every map definition, and the whole corpus.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    serve: Annotated[
        bool,
        typer.Option("--serve", help="Serve the report on 127.0.0.1 and reload it when a corpus file changes."),
    ] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="With --serve: the port (0: a free one).")] = 0,
    title: Annotated[str | None, typer.Option("--title", help="The report's title.", show_default=False)] = None,
    maps_dir: Annotated[Path, typer.Option("--maps", help="Folder of map definitions.")] = Path("maps"),
    corpus: CorpusOption = None,
) -> None:
    """Write the debate as one HTML file (no network needed): map, documents, claims, who says what."""
    from argmap.corpus.resolve import default_corpus_path
    from argmap.html.report import ReportOptions, build_report

    if serve and output is not None:
        raise UsageError("--serve shows the report in a browser: give no -o")
    if port and not serve:
        raise UsageError("--port goes with --serve")
    corpus_path = default_corpus_path(str(corpus) if corpus else None)
    options = ReportOptions(target=target, maps_dir=maps_dir, corpus_path=corpus_path, title=title)
    if not serve:
        graph = load_graph(corpus)
        emit(build_report(graph, options), output)
        if output is not None:
            typer.echo(f"wrote {output.as_posix()}", err=True)
        return
    from argmap.html.serve import serve as run_server

    def build() -> str:
        return build_report(load_graph(corpus), options, live=True)

    run_server(build, [corpus_path, maps_dir], port=port, say=lambda line: typer.echo(line, err=True))
