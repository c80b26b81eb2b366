"""``argmap export``: the graph in machine formats and the formats other argument tools read."""

from __future__ import annotations

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
    from argmap.corpus import build_graph, load_corpus
    from argmap.formats.interchange import select_document
    from argmap.report import printable

    graph = build_graph(load_corpus(corpus_path(corpus)))
    selection = select_document(graph, doc)
    if selection.cross_document:
        n = selection.cross_document
        typer.echo(
            f"note: {n} relation{'s' if n != 1 else ''} between '{printable(str(doc))}' and other documents left out "
            "(export the whole corpus to keep them)",
            err=True,
        )
    if output_format in _PLAIN:
        _note_uncarried(selection.graph, output_format)
    emit(_render(selection.graph, output_format), output)


#: Formats whose writers carry supports and attacks only (undercuts, preferences, ... and linked premises: later).
_PLAIN = {ExportFormat.AIF, ExportFormat.ARGDOWN, ExportFormat.MERMAID, ExportFormat.SADFACE}


def _note_uncarried(graph: object, output_format: ExportFormat) -> None:
    from argmap.formats.interchange import uncarried

    left, linked = uncarried(graph)  # type: ignore[arg-type]
    if left:
        what = ", ".join(f"{n} {kind}" for kind, n in left.items())
        total = sum(left.values())
        typer.echo(
            f"note: {total} relation{'s' if total != 1 else ''} that {output_format} export does not carry yet "
            f"left out ({what})",
            err=True,
        )
    if linked:
        typer.echo(
            f"note: {linked} linked inference{'s' if linked != 1 else ''} (premises that support together) "
            "written as one support per premise",
            err=True,
        )


def _render(graph: object, output_format: ExportFormat) -> str:
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
    from argmap.formats.nodelink import to_node_link_json

    return to_node_link_json(graph)  # type: ignore[arg-type]
