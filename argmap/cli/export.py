"""``argmap export``: the graph in machine formats and the formats other argument tools read."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

import typer

from argmap.cli.app import CorpusOption, OutputOption, command, corpus_path, emit


class ExportFormat(StrEnum):
    JSON = "json"
    AIF = "aif"
    ARGDOWN = "argdown"
    GRAPHML = "graphml"
    MERMAID = "mermaid"
    SADFACE = "sadface"
    AF = "af"
    APX = "apx"
    TGF = "tgf"


@command("export")
def export_command(
    corpus: CorpusOption = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="json (node-link), aif (OVA/AIFdb), argdown, graphml, mermaid, sadface; or the attack graph "
            "'argmap eval' decides on as af (ICCMA'23), apx (ASPARTIX) or tgf.",
        ),
    ] = ExportFormat.JSON,
    doc: Annotated[
        str | None,
        typer.Option(
            "--doc", help="Export only this document (relations to other documents are left out).", show_default=False
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """Export the argument graph: the whole corpus, or one document with --doc."""
    from argmap.bulk import gc_paused
    from argmap.check.findings import printable
    from argmap.corpus.resolve import build_graph, load_corpus
    from argmap.formats.imported import select_document

    with gc_paused(freeze=True):  # the corpus lives as long as the command: collections need not walk it
        loaded = load_corpus(corpus_path(corpus))
    if output_format is ExportFormat.JSON and doc is None:  # streamed from the corpus: no graph is built
        from argmap.formats.nodelink import iter_corpus_node_link_json

        emit(iter_corpus_node_link_json(loaded), output)
        return
    graph = build_graph(loaded)
    del loaded
    selection = select_document(graph, doc)
    if selection.cross_document:
        n = selection.cross_document
        typer.echo(
            f"note: {n} relation{'s' if n != 1 else ''} between '{printable(str(doc))}' and other documents left out "
            "(export the whole corpus to keep them)",
            err=True,
        )
    if output_format in _ASIDE:
        _note_aside(selection.graph, output_format)
    emit(_render(selection.graph, output_format), output)


#: Relations a format has no construct for, and where its export keeps them (argmap's import reads them back).
_ASIDE: dict[ExportFormat, tuple[tuple[str, ...], str]] = {
    ExportFormat.AIF: (("qualifies", "explains"), "the 'argmap' object"),
    ExportFormat.SADFACE: (("qualifies", "explains"), "the 'argmap' metadata"),
    ExportFormat.ARGDOWN: (("undercuts of attacks", "outweighs", "qualifies", "explains"), "the statements' data"),
}


def _note_aside(graph: object, output_format: ExportFormat) -> None:
    from argmap.formats.imported import relation_counts

    kinds, where = _ASIDE[output_format]
    counts = relation_counts(graph)  # type: ignore[arg-type]
    aside = {kind: counts[kind] for kind in sorted(kinds) if counts[kind]}
    if aside:
        total = sum(aside.values())
        what = ", ".join(f"{n} {kind}" for kind, n in aside.items())
        typer.echo(
            f"note: {total} relation{'s' if total != 1 else ''} with no {output_format} counterpart ({what}) "
            f"written in {where}, which only argmap reads",
            err=True,
        )


def _render(graph: object, output_format: ExportFormat) -> str | Iterator[bytes]:
    if output_format in (ExportFormat.AF, ExportFormat.APX, ExportFormat.TGF):
        from argmap.formats import iccma

        af = iccma.attack_framework(graph)  # type: ignore[arg-type]
        writer = {ExportFormat.AF: iccma.to_iccma, ExportFormat.APX: iccma.to_apx, ExportFormat.TGF: iccma.to_tgf}
        return writer[output_format](af)
    if output_format is ExportFormat.SADFACE:
        from argmap.formats.sadface import to_sadface_json

        return to_sadface_json(graph)  # type: ignore[arg-type]
    if output_format is ExportFormat.AIF:
        from argmap.formats.aif import to_aif_json

        return to_aif_json(graph)  # type: ignore[arg-type]
    if output_format is ExportFormat.ARGDOWN:
        from argmap.formats.argdown import to_argdown

        return to_argdown(graph)  # type: ignore[arg-type]
    if output_format is ExportFormat.GRAPHML:
        from argmap.formats.graphml import to_graphml

        return to_graphml(graph)  # type: ignore[arg-type]
    if output_format is ExportFormat.MERMAID:
        from argmap.formats.mermaid import MAX_EDGES, MAX_TEXT_SIZE, to_mermaid

        text = to_mermaid(graph)  # type: ignore[arg-type]
        edges = graph.number_of_edges()  # type: ignore[attr-defined]
        if len(text) > MAX_TEXT_SIZE or edges > MAX_EDGES:
            typer.echo(
                f"warning: {len(text)} characters and {edges} edges: above Mermaid's default limits "
                f"(maxTextSize {MAX_TEXT_SIZE}, maxEdges {MAX_EDGES}); pages may refuse to draw it (try --doc)",
                err=True,
            )
        return text
    from argmap.formats.nodelink import iter_node_link_json

    return iter_node_link_json(graph)  # type: ignore[arg-type]
