"""``argmap export``: the graph in machine formats."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from argmap.cli.app import CorpusOption, OutputOption, command, emit


class ExportFormat(StrEnum):
    JSON = "json"


@command("export")
def export_command(
    corpus: CorpusOption = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.JSON,
    output: OutputOption = None,
) -> None:
    """Export the whole argument graph (node-link JSON: nodes and links)."""
    from argmap.corpus import build_graph, default_corpus_path, load_corpus
    from argmap.formats.nodelink import to_node_link_json

    graph = build_graph(load_corpus(default_corpus_path(str(corpus) if corpus else None)))
    emit(to_node_link_json(graph), output)
