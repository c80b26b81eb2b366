"""``argmap render``: argument maps as SVG, PNG, PDF or DOT."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import networkx as nx

    from argmap.render.maps import MapSpec

from argmap.cli.app import CorpusOption, OutputOption, command, emit, load_graph, query_corpus
from argmap.errors import UsageError


class RenderFormat(StrEnum):
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    DOT = "dot"


class Direction(StrEnum):
    BT = "BT"
    TB = "TB"
    LR = "LR"
    RL = "RL"


class Relation(StrEnum):  # the types a map definition's relations= takes (argmap.render.dot.RELATIONS)
    SUPPORTS = "supports"
    ATTACKS = "attacks"
    UNDERCUTS = "undercuts"
    OUTWEIGHS = "outweighs"
    QUALIFIES = "qualifies"
    EXPLAINS = "explains"


_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}


@command("render")
def render_command(
    target: Annotated[
        str | None,
        typer.Argument(
            help="A map definition (maps/NAME.toml, or NAME: a definition wins over a document of the same "
            "name), a document id, a claim id (the argument around it), or nothing for the whole corpus.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    output_format: Annotated[
        RenderFormat | None,
        typer.Option(
            "--format", "-f", help="svg, png, pdf or dot. Default: from -o's suffix, else svg.", show_default=False
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            "-d",
            min=0,
            help="Relations to follow out from the claim (default 2) or document (default 0).",
            show_default=False,
        ),
    ] = None,
    relation: Annotated[
        list[Relation] | None,
        typer.Option(
            "--relation",
            "-r",
            help="Only this relation type (repeat for more). Default: every type.",
            show_default=False,
        ),
    ] = None,
    direction: Annotated[
        Direction | None,
        typer.Option("--direction", help="Layout: BT puts claims on top (default), TB, LR or RL.", show_default=False),
    ] = None,
    group: Annotated[
        bool | None,
        typer.Option(
            "--group/--no-group",
            help="Draw documents as labelled clusters. Default: when the map spans several.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title printed on the map.", show_default=False)] = None,
    legend: Annotated[
        bool | None,
        typer.Option(
            "--legend/--no-legend", help="Draw the legend. Default: the definition's, else yes.", show_default=False
        ),
    ] = None,
    ids: Annotated[bool, typer.Option("--ids/--no-ids", help="Show each box's doc#id line.")] = True,
    size: Annotated[
        str | None,
        typer.Option(
            "--size",
            help="Shrink the map to fit this size: 6.5in, 16cm, 6.5x9in (width, or width x height); "
            "warn when its text would be smaller than --min-font.",
            show_default=False,
        ),
    ] = None,
    fit: Annotated[
        bool,
        typer.Option(
            "--fit",
            help="Fit the map to a page (6.5x9in, or --size); refuse when its text would be smaller than --min-font.",
        ),
    ] = False,
    min_font: Annotated[
        float, typer.Option("--min-font", min=1.0, help="With --size or --fit: the smallest readable text, in points.")
    ] = 6.0,
    all_maps: Annotated[
        bool, typer.Option("--all", help="Write every maps/*.toml definition to maps/NAME.svg.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="With --all: write nothing; exit 1 naming each SVG that is not current.")
    ] = False,
    maps_dir: Annotated[Path, typer.Option("--maps", help="Folder of map definitions.")] = Path("maps"),
    status: Annotated[
        bool,
        typer.Option("--status", help="Mark each box IN \u2713, OUT \u2717 or UNDEC ? (see argmap eval)."),
    ] = False,
    corpus: CorpusOption = None,
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help="With -o: draw again on every save; Ctrl-C stops (130).")
    ] = False,
) -> None:
    """Draw an argument map with Graphviz: SVG (with tooltips and source links), PNG, PDF or DOT."""
    if watch:  # this same command, again on every save (argmap/cli/watch.py)
        _watch({**locals(), "watch": False})
    from argmap.render.maps import map_dot, spec_for_target, with_options

    if check and not all_maps:
        raise UsageError("--check goes with --all: argmap render --all --check")
    page = _page_size(size, fit)
    if all_maps:
        if status:
            raise UsageError("--status goes with one map, not --all")
        if page or legend is not None or not ids:
            raise UsageError("--size, --fit, --legend and --no-ids go with one map, not --all")
        if target is not None or output is not None or output_format not in (None, RenderFormat.SVG):
            raise UsageError("--all writes maps/NAME.svg for every definition: give no TARGET, -o or --format")
        _render_all(load_graph(corpus), maps_dir, check)
        return
    fmt = output_format.value if output_format else _SUFFIXES.get(output.suffix.lower(), "svg") if output else "svg"
    if output is None and fmt in ("png", "pdf"):
        raise UsageError(f"{fmt} is binary: give -o FILE")

    def chosen(spec: MapSpec) -> MapSpec:  # the map, with the options given here in place of its own
        return with_options(
            spec,
            depth=depth,
            relations=[r.value for r in relation] if relation else None,
            direction=direction.value if direction else None,
            group=group,
            title=title,
            legend=legend,
            ids=ids,
            size=page,
        )

    if status:  # the verdicts read the whole graph
        graph = load_graph(corpus)
        spec = chosen(spec_for_target(graph, target, maps_dir))
    else:  # the graph of what the map draws and reads (argmap.render.maps.nodes_in_corpus)
        from argmap.corpus.resolve import build_graph
        from argmap.render.maps import nodes_in_corpus, spec_in_corpus

        with query_corpus(corpus) as loaded:
            spec = chosen(spec_in_corpus(loaded, target, maps_dir))
            graph = build_graph(loaded, nodes_in_corpus(loaded, spec))
    from argmap.render.graphviz import MAX_DOT_BYTES

    limit = None if fmt == "dot" else MAX_DOT_BYTES  # DOT itself can be any size; Graphviz cannot read it all
    marks, note = _status_marks(graph) if status else (None, None)
    source, count = map_dot(graph, spec, marks, max_bytes=limit, status_note=note)
    _warn_if_big(count)
    if page and fmt != "dot":
        svg = _draw(source, "svg")
        _check_fit(svg, page, min_font, refuse=fit)
        data = svg if fmt == "svg" else _draw(source, fmt)
    else:
        data = source.encode("utf-8") if fmt == "dot" else _draw(source, fmt)
    emit(data, output)


def _watch(arguments: dict[str, object]) -> None:
    from argmap.cli.watch import watch_command
    from argmap.corpus.resolve import default_corpus_path

    output, corpus, target = arguments["output"], arguments["corpus"], arguments["target"]
    if not isinstance(output, Path) or arguments["all_maps"]:
        raise UsageError("--watch redraws one map into a file: give -o FILE (and not --all)")
    roots = [default_corpus_path(str(corpus) if corpus else None)]
    maps_dir = arguments["maps_dir"]
    if isinstance(maps_dir, Path) and maps_dir.is_dir():
        roots.append(maps_dir)
    if isinstance(target, str) and target.endswith(".toml"):
        roots.append(Path(target).parent)
    raise typer.Exit(watch_command(roots, lambda: render_command(**arguments), output))  # type: ignore[arg-type]


def _page_size(size: str | None, fit: bool) -> tuple[float, float] | None:
    from argmap.render.dot import PAGE, parse_size

    if size is None:
        return PAGE if fit else None
    try:
        return parse_size(size)
    except ValueError as exc:
        raise UsageError(f"--size: {exc}") from None


def _check_fit(svg: bytes, page: tuple[float, float], min_font: float, refuse: bool) -> None:
    """Warn, or with ``refuse`` fail, when fitting ``page`` shrank the map's smallest text below ``min_font``."""
    from argmap.errors import ArgmapError
    from argmap.render.dot import SMALLEST_FONT, UNLIMITED
    from argmap.render.graphviz import drawing_scale

    scale = drawing_scale(svg)
    smallest = SMALLEST_FONT * scale
    if smallest >= min_font:
        return
    where = f"{page[0]:g} in wide" if page[1] >= UNLIMITED else f"{page[0]:g} x {page[1]:g} in"
    message = (
        f"the map does not fit {where} at a readable size: it would be shrunk to {scale:.0%}, its smallest text "
        f"to {smallest:.1f} pt (--min-font {min_font:g}); narrow it (a claim TARGET with --depth 1, --relation, "
        "--no-legend, --no-ids), try another --direction, or give a larger --size"
    )
    if refuse:
        raise ArgmapError(message)
    typer.echo(f"warning: {message}", err=True)


def _status_marks(graph: nx.MultiDiGraph[str]) -> tuple[dict[str, str], str]:
    """Each box's status line (naming what decides an OUT) and the line saying what produced them."""
    from argmap.views.evaluation import grounded_verdicts, map_mark, semantics_line

    def short(node: str) -> str:
        return node

    verdicts = grounded_verdicts(graph)
    marks = {node: map_mark(verdict, short) for node, verdict in verdicts.items()}
    note = "Status marks: " + semantics_line() + ". Labels of this map, not verdicts on the articles."
    return marks, note


def _draw(source: str, fmt: str) -> bytes:
    from argmap.render.graphviz import run_dot, stamp_svg

    drawn = run_dot(source, fmt)
    return stamp_svg(drawn, source) if fmt == "svg" else drawn


def _warn_if_big(count: int) -> None:
    from argmap.render.dot import FAST_LAYOUT_THRESHOLD

    if count > FAST_LAYOUT_THRESHOLD:
        typer.echo(
            f"warning: the map has {count} claims, premises and rebuttals; above {FAST_LAYOUT_THRESHOLD} Graphviz "
            "gets slow and a map hard to read, so it uses its fast layout. Narrow the map: a claim TARGET with "
            "--depth 1 or 2, one document, or --relation attacks",
            err=True,
        )


def _render_all(graph: object, maps_dir: Path, check: bool) -> None:
    from argmap.check.findings import printable
    from argmap.render.maps import plan_all, stale_maps

    planned = plan_all(graph, maps_dir)  # type: ignore[arg-type]
    if not planned:
        raise UsageError(f"no map definitions in {str(maps_dir)!r} (expected {maps_dir.as_posix()}/NAME.toml)")
    if check:
        stale = stale_maps(planned)
        for path, why in stale:
            typer.echo(printable(f"{path.as_posix()}: stale: {why}"), err=True)
        if stale:
            summary = f"{len(stale)} of {len(planned)} maps are stale; run 'argmap render --all' and commit them"
            typer.echo(summary, err=True)
            raise typer.Exit(1)
        typer.echo(f"all {len(planned)} maps are current", err=True)
        return
    for item in planned:
        _warn_if_big(item.nodes)
        emit(_draw(item.dot, "svg"), item.spec.svg_path)
        typer.echo(printable(f"wrote {item.spec.svg_path.as_posix()} ({item.nodes} nodes)"), err=True)
