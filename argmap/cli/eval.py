"""``argmap eval``: which claims stand, and why (grounded, preferred, stable), or how strongly (gradual).

The command loads the graph, asks :mod:`argmap.analysis` through
:mod:`argmap.views.evaluation`, and prints either JSON (``--json``, keys in
docs/commands/eval.md) or one entry per node: the label as colour *and* a text mark
(``IN ✓``, ``OUT ✗``, ``UNDEC ?``), the node, and why in one sentence.
:func:`status_text` is the one way a label is drawn in the terminal, for
``show --status`` too.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from argmap.analysis.labels import MAX_EXTENSIONS, Label
from argmap.cli.app import CorpusOption, JsonOption, command, emit, load_graph
from argmap.cli.console import make_lines, plain
from argmap.cli.present import count, dumps, labels_line, say, status_row
from argmap.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

    from argmap.analysis import Framework, NodeExtensions, Scores
    from argmap.cli.lines import Lines

DIM = "dim"


class EvalSemantics(StrEnum):
    """What ``argmap eval --semantics`` computes."""

    GROUNDED = "grounded"
    PREFERRED = "preferred"
    STABLE = "stable"
    GRADUAL = "gradual"


class ReachOption(StrEnum):
    DOCUMENT = "document"
    CORPUS = "corpus"


@command("eval")
def eval_command(
    claim: Annotated[
        str | None,
        typer.Argument(
            help="A claim: doc-id#id, or a bare id unique in the corpus; it and the nodes around it are shown. "
            "Default: each document's theses. Or a framework file (ICCMA'23 .af, ASPARTIX .apx, TGF .tgf): "
            "its arguments are labelled.",
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            "-d",
            min=0,
            help="With CLAIM: relations followed out from it, both ways (default 1).",
            show_default=False,
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every node, by document, not only the theses.")] = False,
    semantics: Annotated[
        EvalSemantics,
        typer.Option(
            "--semantics",
            "-s",
            help="grounded (one labelling, with reasons), preferred, stable, or gradual (a score in [0, 1]).",
        ),
    ] = EvalSemantics.GROUNDED,
    reach: Annotated[
        ReachOption,
        typer.Option(
            "--reach",
            help="document: a claim rests only on the reasons its own document gives (default); "
            "corpus: on reasons from any document.",
        ),
    ] = ReachOption.DOCUMENT,
    max_extensions: Annotated[
        int,
        typer.Option("--max-extensions", min=1, help="Preferred and stable: refuse when there are more extensions."),
    ] = MAX_EXTENSIONS,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Say which claims stand in the map, and why (or score them with --semantics gradual).

    An attack defeats its target unless the target outweighs it (a preference)
    or it is undercut; an inference holds while all its premises stand; a claim
    with reasons in its document needs one of them to hold (docs/semantics.md).
    """
    from argmap.analysis import Framework
    from argmap.analysis.queries import resolve_id
    from argmap.cli.eval_af import is_framework_file

    if is_framework_file(claim):
        from argmap.cli.eval_af import eval_framework

        if depth is not None or every or corpus is not None or reach is not ReachOption.DOCUMENT:
            raise UsageError(
                "a framework file (.af, .apx, .tgf) is evaluated on its own: --depth, --all, --corpus and --reach "
                "do not apply"
            )
        eval_framework(str(claim), str(semantics), max_extensions, as_json)
        return
    if depth is not None and claim is None:
        raise UsageError("--depth goes with a CLAIM: argmap eval CLAIM --depth N")
    if every and claim is not None:
        raise UsageError("--all lists every node; it does not go with a CLAIM")
    G = load_graph(corpus)
    root = resolve_id(G, claim) if claim is not None else None
    scope, groups = _chosen(G, root, depth, every)
    af = Framework.from_graph(G, str(reach))
    context = _Context(
        G, str(semantics), str(reach), scope, root, depth if root is None else (1 if depth is None else depth)
    )
    if semantics is EvalSemantics.GRADUAL:
        _gradual(context, af, groups, as_json)
    elif semantics is EvalSemantics.GROUNDED:
        _grounded(context, af, groups, as_json)
    else:
        _extensions(context, af, groups, as_json, max_extensions)


class _Context:
    """What every output of one ``eval`` run names: the graph and the options."""

    def __init__(
        self, G: nx.MultiDiGraph[str], semantics: str, reach: str, scope: str, root: str | None, depth: int | None
    ) -> None:
        self.G = G
        self.semantics = semantics
        self.reach = reach
        self.scope = scope
        self.root = root
        self.depth = depth

    def head(self) -> dict[str, Any]:
        return {
            "semantics": self.semantics,
            "reach": self.reach,
            "scope": self.scope,
            "root": self.root,
            "depth": self.depth,
        }


def _chosen(
    G: nx.MultiDiGraph[str], root: str | None, depth: int | None, every: bool
) -> tuple[str, list[tuple[str | None, list[str]]]]:
    """The scope (``theses``, ``all`` or ``claim``) and the nodes shown, grouped by document (in show's order)."""
    from argmap.analysis.queries import document_order, neighbourhood, nodes_by_document, position, theses

    if root is not None:
        around = neighbourhood(G, [root], 1 if depth is None else depth) - {root}
        return "claim", [(None, [root, *sorted(around, key=lambda n: position(G, n))])]
    by_doc = nodes_by_document(G)
    groups: list[tuple[str | None, list[str]]] = []
    order = document_order(G)
    for doc_id in [*order, *sorted(set(by_doc) - set(order))]:
        nodes = by_doc.get(doc_id, [])
        groups.append((doc_id, nodes if every else theses(G, doc_id, nodes)))
    return ("all" if every else "theses"), groups


# --- grounded -------------------------------------------------------------------------------------


def _grounded(context: _Context, af: Framework, groups: list[tuple[str | None, list[str]]], as_json: bool) -> None:
    from argmap.analysis import grounded
    from argmap.views.evaluation import grounded_verdicts

    G = context.G
    labelling = grounded(af)
    chosen = [n for _, nodes in groups for n in nodes]
    verdicts = grounded_verdicts(G, chosen, labelling=labelling)
    counts = {label: len(labelling.labelled(label)) for label in Label}
    shown = {label: sum(v.label is label for v in verdicts.values()) for label in Label}
    summary = {
        "nodes": len(af.nodes),
        **{str(label): n for label, n in counts.items()},
        "shown": {str(label): n for label, n in shown.items()},
        "attacks": len(af.attacks),
        "blocked_attacks": sum(a.blocked for a in af.attacks),
        "inferences": len(af.inferences),
        "undercuts": sum(len(a.undercutters) for a in af.attacks) + sum(len(i.undercutters) for i in af.inferences),
    }
    if as_json:
        arguments = [{**_brief(G, node), **verdicts[node].to_json()} for node in chosen]
        emit(dumps({**context.head(), "summary": summary, "arguments": arguments}))
        return
    from argmap.views.evaluation import LEGEND, semantics_line

    console = make_lines()
    say(console, "Which claims stand: " + semantics_line(context.semantics, context.reach), "bold")
    say(console, LEGEND, DIM)
    total = f"{count(len(af.nodes), 'node')}: {labels_line(counts)}"
    if context.scope == "theses":
        total = f"{count(len(chosen), 'thesis', 'theses')}: {labels_line(shown)} \u00b7 " + total
    say(console, total)
    for doc_id, nodes in groups:
        if doc_id is not None and nodes:
            console.write()
            _document_heading(console, G, doc_id)
        _print_rows(console, G, [(verdicts[n].label, n, [verdicts[n].sentence]) for n in nodes])
    console.write()
    if context.scope == "theses":
        say(console, "argmap eval --all lists every node; argmap eval CLAIM explains one and what is around it.", DIM)


def _document_heading(console: Lines, G: nx.MultiDiGraph[str], doc_id: str) -> None:
    meta = G.graph.get("documents", {}).get(doc_id, {})
    authors = meta.get("authors")
    names = ", ".join(str(a) for a in authors) if isinstance(authors, list) else str(authors or "")
    byline = ", ".join(p for p in (names, str(meta.get("date") or "")) if p)
    title = str(meta.get("title") or "")
    say(console, f"{plain(doc_id)} \u00b7 {plain(title)} \u00b7 {plain(byline)}", "bold")


# --- preferred and stable -------------------------------------------------------------------------


def _extensions(
    context: _Context, af: Framework, groups: list[tuple[str | None, list[str]]], as_json: bool, max_extensions: int
) -> None:
    from argmap.analysis import extensions, grounded

    G = context.G
    chosen = [n for _, nodes in groups for n in nodes]
    from argmap.cli.present import extensions_or_hint
    from argmap.views.evaluation import acceptance_counts

    found = extensions_or_hint(lambda: extensions(af, context.semantics, max_extensions=max_extensions))
    counts = acceptance_counts(found.acceptance)
    if as_json:
        emit(
            dumps(
                {
                    **context.head(),
                    "summary": {"extensions": len(found.extensions), **{str(k): v for k, v in counts.items()}},
                    "extensions": [list(ext) for ext in found.extensions],
                    "arguments": [
                        {
                            **_brief(G, node),
                            "status": str(found.acceptance[node].label),
                            "in_extensions": found.acceptance[node].in_count,
                            "out_extensions": found.acceptance[node].out_count,
                        }
                        for node in chosen
                    ],
                }
            )
        )
        return
    _print_extensions(make_lines(), context, found, groups, counts, set(grounded(af).labelled(Label.IN)))


def _print_extensions(
    console: Lines,
    context: _Context,
    found: NodeExtensions,
    groups: list[tuple[str | None, list[str]]],
    counts: dict[Label, int],
    base: set[str],
) -> None:
    from argmap.views.evaluation import acceptance_sentence, semantics_line

    G = context.G
    name = str(found.semantics).capitalize()
    total = len(found.extensions)
    say(console, semantics_line(context.semantics, context.reach), DIM)
    if not total:
        say(console, f"{name} semantics: no extension", "bold")
        say(
            console,
            "No conflict-free set of the map's elements defeats everything outside it; an odd circle of "
            "objections is the usual cause. Grounded semantics labels every node.",
            DIM,
        )
        return
    say(console, f"{name} semantics: {count(total, 'extension')}; {labels_line(counts)} of the nodes", "bold")
    say(console, "IN: in every extension; OUT: defeated in every extension; UNDEC: the rest", DIM)
    for doc_id, nodes in groups:
        if doc_id is not None and nodes:
            console.write()
            _document_heading(console, G, doc_id)
        rows = [(found.acceptance[n].label, n, [acceptance_sentence(found.acceptance[n])]) for n in nodes]
        _print_rows(console, G, rows)
    console.write()
    say(console, f"The extensions: the {count(len(base), 'node')} grounded semantics labels IN, and", "bold")
    for number, ext in enumerate(found.extensions, 1):
        extra = [plain(n) for n in ext if n not in base]
        say(console, f"  {number}. " + (", ".join(extra) if extra else "nothing more"))


# --- gradual ----------------------------------------------------------------------------------------


def _gradual(context: _Context, af: Framework, groups: list[tuple[str | None, list[str]]], as_json: bool) -> None:
    from argmap.analysis import gradual
    from argmap.views.evaluation import score_json, score_sentence, semantics_line

    G = context.G
    scores = gradual(af)
    chosen = [n for _, nodes in groups for n in nodes]
    if as_json:
        emit(
            dumps(
                {
                    **context.head(),
                    "converged": scores.converged,
                    "lipschitz": round(scores.lipschitz, 6),
                    "components": [
                        {
                            "nodes": list(c.nodes),
                            "iterations": c.iterations,
                            "change": c.change,
                            "converged": c.converged,
                        }
                        for c in scores.components
                    ],
                    "arguments": [
                        {**_brief(G, n), **score_json(scores, n), "explanation": score_sentence(scores, n)}
                        for n in chosen
                    ],
                }
            )
        )
        return
    console = make_lines()
    say(console, semantics_line("gradual", context.reach), "bold")
    say(
        console,
        "A score in [0, 1]: 0.50 is where a claim starts with nothing for or against it; reasons lift it, "
        "objections lower it, the strongest of each counting. A measure of this map, not of the articles.",
        DIM,
    )
    if not scores.converged:
        say(console, "Some circles of relations did not settle: their scores are approximate.", "bold")
    for doc_id, nodes in groups:
        if doc_id is not None and nodes:
            console.write()
            _document_heading(console, G, doc_id)
        _print_scores(console, G, scores, nodes)


def _print_scores(console: Lines, G: nx.MultiDiGraph[str], scores: Scores, nodes: list[str]) -> None:
    from argmap.views.evaluation import score_sentence

    out = []
    for node in nodes:
        data = G.nodes[node]
        body = [
            (plain(data.get("label") or data.get("text") or ""), ""),
            (f"  {plain(node)}", DIM),
            ("\n" + plain(score_sentence(scores, node)), DIM),
        ]
        out.append("\n" + console.hanging([(f"{scores.score(node):.2f}".ljust(8), "bold")], body))
    if out:
        console.write("\n".join(out))


# --- shared ---------------------------------------------------------------------------------------


def _print_rows(console: Lines, G: nx.MultiDiGraph[str], rows: list[tuple[Label, str, list[str]]]) -> None:
    """One entry per node: the mark, then its title and id, then the reasons (dim), under a hanging indent.

    Written as plain lines (no rich layout): a corpus's every node is one call.
    """
    out = []
    for label, node, reasons in rows:
        data = G.nodes[node]
        body = [(plain(data.get("label") or data.get("text") or ""), ""), (f"  {plain(node)}", DIM)]
        body.extend(("\n" + plain(reason), DIM) for reason in reasons)
        out.append("\n" + status_row(console, label, body))
    if out:
        console.write("\n".join(out))


def _brief(G: nx.MultiDiGraph[str], node: str) -> dict[str, Any]:
    data = G.nodes[node]
    return {
        "id": node,
        "kind": data.get("kind"),
        "label": data.get("label"),
        "text": data.get("text"),
        "by": data.get("by"),
        "doc": data.get("doc"),
    }
