"""``argmap show``, ``chains``, ``find`` and ``stats``: explore a debate in the terminal.

Each command loads the graph, asks :mod:`argmap.analysis.queries`, :mod:`argmap.analysis.chains` or
:mod:`argmap.analysis.stats`, and either prints JSON (``--json``, keys in docs/commands/show.md) or
draws the answer with rich. Every string from the corpus goes through
:func:`argmap.cli.console.plain` into a ``Text``, never through markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from argmap.check.findings import quoted
from argmap.cli.app import CorpusOption, JsonOption, command, emit, load_graph, load_graph_around, query_corpus
from argmap.cli.console import make_console, plain
from argmap.cli.present import count, dumps

if TYPE_CHECKING:
    import re
    from collections.abc import Mapping, Sequence

    import networkx as nx
    from rich.console import Console, RenderableType
    from rich.text import Text

    from argmap.analysis.chains import ChainSearch
    from argmap.analysis.queries import DocumentOverview, Match, TreeNode
    from argmap.analysis.stats import CorpusStats, Edge
    from argmap.cli.lines import Lines
    from argmap.views.evaluation import Verdict

    #: Each node's verdict, for ``--status``; ``None``: no marks.
    Marks = Mapping[str, Verdict] | None

# The defaults of argmap.analysis.chains and argmap.analysis.stats, repeated: importing those modules here
# would cost every command ~30 ms of start-up. tests/test_cli_show.py checks they agree.
DEFAULT_MAX_LENGTH = 10
DEFAULT_LIMIT = 100
DEFAULT_TOP = 5

DepthOption = Annotated[
    int | None,
    typer.Option(
        "--depth", "-d", min=0, help="How many relations deep trees go. Default: no limit.", show_default=False
    ),
]

#: The mark of each relation in trees (a true minus sign for attacks). ``with``: a premise of a linked group.
SIGN = {
    "supports": "+",
    "attacks": "\u2212",
    "undercuts": "\u2298",
    "with": "&",
    "qualifies": "~",
    "explains": "\u2235",
    "outweighs": ">",
}
SIGN_STYLE = {
    "supports": "bold green",
    "attacks": "bold red",
    "undercuts": "bold red",
    "with": "bold green",
    "qualifies": "bold yellow",
    "explains": "bold cyan",
    "outweighs": "bold",
}
DIM = "dim"
#: `argmap chains` prints this many chains per call to rich (each call costs, one Text for all holds all).
CHAINS_PER_PRINT = 100
#: JSON trees nest one level per relation; Python's encoder manages this many under the CLI.
JSON_MAX_TREE_DEPTH = 300
#: Columns a tree keeps for the text of its deepest level (rich stops drawing when none are left).
TREE_TEXT_COLUMNS = 32


# --- show ---------------------------------------------------------------------------------------


@command("show")
def show_command(
    claim: Annotated[
        str | None,
        typer.Argument(
            help="A claim: doc-id#id, or a bare id unique in the corpus. Default: an overview of the corpus."
        ),
    ] = None,
    depth: DepthOption = None,
    status: Annotated[
        bool,
        typer.Option("--status", help="Mark each claim IN \u2713, OUT \u2717 or UNDEC ? (see argmap eval)."),
    ] = False,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the argument around a claim as a tree, or (with no CLAIM) an overview of the corpus."""
    from argmap.analysis.queries import argument_tree, overview, resolve_id

    if claim is None or status:  # an overview, and the verdicts, read the whole graph
        G = load_graph(corpus)
        marks = _verdicts(G) if status else None
    else:  # a claim's trees read its part of the graph
        G, node = load_graph_around(corpus, claim)
        marks = None
    if claim is None:
        documents = overview(G, depth)
        if as_json:
            emit(dumps(_overview_json(G, documents, depth, marks)))
        else:
            _print_overview(make_console(), G, documents, marks)
        return
    if status:
        node = resolve_id(G, claim)
    seen: set[str] = set()
    incoming = argument_tree(G, node, depth, "in", seen)
    outgoing = argument_tree(G, node, depth, "out", seen)
    if as_json:
        ids = {t.id for tree in (incoming, outgoing) for t in tree.walk() if not t.group}
        emit(
            dumps(
                {
                    "id": node,
                    "depth": depth,
                    "incoming": _tree_json(incoming),
                    "outgoing": _tree_json(outgoing),
                    "nodes": _nodes_json(G, ids, marks),
                }
            )
        )
        return
    _print_claim(make_console(), G, node, incoming, outgoing, marks)


def _lines(console: Console) -> Lines:
    from argmap.cli.lines import Lines

    return Lines(console.file, console.width, _colour(console))


def _write(console: Console, text: str) -> None:
    """Text already laid out (plain lines), straight to the console's file."""
    console.file.write(text + "\n")


def _colour(console: Console) -> bool:
    return console.color_system is not None and not console.no_color


def _verdicts(G: nx.MultiDiGraph[str]) -> Mapping[str, Verdict]:
    from argmap.views.evaluation import grounded_verdicts

    return grounded_verdicts(G)


def _status_legend(console: Console) -> None:
    """What the status marks mean and what produced them (every status display carries it)."""
    from rich.text import Text

    from argmap.views.evaluation import LEGEND, semantics_line

    body = Text(f"Status: {semantics_line()}. {LEGEND}", DIM)
    console.print(_hanging(console, Text(), body))


def _print_claim(
    console: Console, G: nx.MultiDiGraph[str], node: str, incoming: TreeNode, outgoing: TreeNode, marks: Marks = None
) -> None:
    from rich.text import Text

    if marks is not None:
        _status_legend(console)
        console.print()
    console.print(_claim_heading(G, node, marks, console.width))
    console.print()
    shown: set[str] = set()
    supports = sum(c.relation == "supports" for c in incoming.children)
    attacks = sum(c.relation == "attacks" for c in incoming.children)
    if incoming.children:
        heading = Text.assemble(
            ("For and against it", "bold"), f" ({count(supports, 'support')}, {count(attacks, 'attack')} directly)"
        )
        _write(
            console, _tree(G, incoming, heading, True, shown, marks=marks, width=console.width, colour=_colour(console))
        )
    elif incoming.hidden:
        console.print(Text(f"{count(incoming.hidden, 'relation')} into it (raise --depth to see them)", DIM))
    else:
        console.print(Text("Nothing in the corpus supports or attacks it.", DIM))
    console.print()
    if outgoing.children:
        heading = Text("What it supports and attacks", "bold")
        tree = _tree(
            G, outgoing, heading, True, shown, verbs=True, marks=marks, width=console.width, colour=_colour(console)
        )
        _write(console, tree)
    elif outgoing.hidden:
        console.print(Text(f"It bears on {count(outgoing.hidden, 'claim')} (raise --depth to see them)", DIM))
    else:
        console.print(Text("It supports or attacks nothing.", DIM))


def _claim_heading(G: nx.MultiDiGraph[str], node: str, marks: Marks = None, width: int = 80) -> RenderableType:
    """The claim in full: id; kind, holder, place (on the same line if it fits); label; exact words."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.text import Text

    data = G.nodes[node]
    name = Text.assemble(_mark(marks, node), (plain(node), "bold"))
    about = f"{plain(data.get('kind'))} \u00b7 {_holder(data)} \u00b7 {plain(data.get('path'))}:{data.get('line')}"
    if name.cell_len + 2 + cell_len(about) <= width:
        parts: list[RenderableType] = [name.append(f"  {about}", DIM)]
    else:
        parts = [name, Text(about, DIM)]
    if data.get("label"):
        parts.append(Text(plain(data["label"]), "bold"))
    parts.append(Text(quoted(plain(data.get("text") or "")), "italic"))
    if marks is not None:
        parts.append(Text(plain(marks[node].sentence), DIM))
    return Group(*parts)


def _tree(
    G: nx.MultiDiGraph[str],
    root: TreeNode,
    heading: Text,
    detail: bool,
    shown: set[str] | None = None,
    home: str | None = None,
    verbs: bool = False,
    marks: Marks = None,
    width: int = 80,
    colour: bool = False,
) -> str:
    """``root``'s children as a tree under ``heading``, as text lines (drawn as rich's Tree drew them).

    ``shown`` (updated) holds the nodes already drawn, so a repeat says whether it
    is shown above or below. With ``detail`` each node has a second line (holder,
    id, line); without, nodes of document ``home`` are named by ``#local-id``.
    ``verbs`` spells the relation out after its sign (for trees of what a node
    supports and attacks, read downwards). ``marks`` puts each node's label first.
    Levels too deep for ``width`` columns are left out, with a line saying how to see them.
    Plain lines, not rich's layout: an overview of a large corpus is one row per node.
    """
    from rich.text import Text

    from argmap.cli.lines import Lines, tree_lines

    levels = max(2, (width - TREE_TEXT_COLUMNS) // 4)  # each level indents by 4
    shown = set() if shown is None else shown
    shown.add(root.id)
    # (label, children) built in the order rich's Tree was: labels are made (and ``shown`` updated) as drawn.
    top: list[_Branch] = []
    if root.hidden:
        top.append(_Branch(_hidden(root.hidden)))
    stack: list[tuple[list[_Branch], TreeNode, int]] = [(top, child, 1) for child in reversed(root.children)]
    while stack:
        parent, item, level = stack.pop()
        branch = _Branch(_tree_label(G, item, detail, item.id in shown, home, verbs, marks))
        parent.append(branch)
        shown.add(item.id)
        if item.hidden:
            branch.children.append(_Branch(_hidden(item.hidden)))
        if item.children and level >= levels:
            more = count(len(item.children), "more relation")
            too_deep = Text(f"\u2026 {more}, too deep to draw here: argmap show {plain(item.id)}", DIM)
            branch.children.append(_Branch(too_deep))
            continue
        stack.extend((branch.children, child, level + 1) for child in reversed(item.children))
    lines = Lines(width=width, colour=colour)
    items: list[tuple[int, bool, list[tuple[str, str]], list[bool]]] = []
    walk: list[tuple[list[_Branch], int, list[bool]]] = [(top, 1, [])]
    while walk:
        siblings, level, above = walk.pop()
        if not siblings:
            continue
        branch, rest = siblings[0], siblings[1:]
        last = not rest
        label = branch.label
        items.append((level, last, label.segments if isinstance(label, _Label) else _segments(label), above))
        walk.append((rest, level, above))
        walk.append((branch.children, level + 1, [*above, not last]))
    out = [lines.hanging((), _segments(heading))]
    out.extend(tree_lines(lines, items))
    return "\n".join(out)


class _Branch:
    """A label and its children, while a tree is built."""

    __slots__ = ("children", "label")

    def __init__(self, label: Text | _Label) -> None:
        self.label = label
        self.children: list[_Branch] = []


def _segments(text: Text) -> list[tuple[str, str]]:
    """A rich Text made of appended pieces as ``(text, style)`` segments."""
    plain_text = text.plain
    spans = sorted(text.spans, key=lambda span: span.start)
    out: list[tuple[str, str]] = []
    position = 0
    for span in spans:
        if span.start > position:
            out.append((plain_text[position : span.start], str(text.style or "")))
        if span.end > span.start:
            out.append((plain_text[max(span.start, position) : span.end], str(span.style)))
        position = max(position, span.end)
    if position < len(plain_text):
        out.append((plain_text[position:], str(text.style or "")))
    return out


class _Label:
    """A tree's row as ``(text, style)`` segments, the segments :func:`_segments` finds in the rich
    ``Text`` that the same appends make (control codes removed as rich removes them; text without a
    style runs on in one segment): a tree has a row per node, and rich's Text is slow to build."""

    __slots__ = ("cut", "segments")

    def __init__(self) -> None:
        self.segments: list[tuple[str, str]] = []
        #: Whether the next text without a style starts a segment (rich's empty span of a style cuts one).
        self.cut = False

    def append(self, text: str, style: str = "") -> None:
        from rich.control import strip_control_codes

        if not text:
            return
        text = strip_control_codes(text)
        if not text:  # only control codes: rich keeps an empty span of the style
            self.cut = self.cut or bool(style)
            return
        segments = self.segments
        if not style and segments and not segments[-1][1] and not self.cut:
            segments[-1] = (segments[-1][0] + text, "")
        else:
            segments.append((text, style))
        self.cut = False


def _tree_label(
    G: nx.MultiDiGraph[str],
    item: TreeNode,
    detail: bool,
    shown_before: bool,
    home: str | None,
    verbs: bool,
    marks: Marks = None,
) -> _Label:
    text = _Label()
    if item.relation is not None:
        verb = f" {plain(item.relation)}" if verbs and item.relation != "with" else ""
        text.append(f"{SIGN.get(item.relation, '?')}{verb} ", SIGN_STYLE.get(item.relation, ""))
    if item.group:
        text.append("together:", "bold")
        return text
    data = G.nodes[item.id]
    if marks is not None:  # as _mark makes it: the mark and a space, in the label's style
        from argmap.cli.present import STATUS_STYLE

        label = marks[item.id].label
        text.append(label.mark + " ", STATUS_STYLE[label])
    if item.relation == "qualifies" and not verbs:
        text.append("qualified: ", "italic")
    elif item.relation == "explains" and not verbs:
        text.append("explained by: ", "italic")
    text.append(_title(data), "" if item.repeat else "bold" if data.get("kind") == "claim" else "")
    if item.via and verbs:
        via = plain(item.via)
        text.append(f"  (the step from {via})" if item.relation == "undercuts" else f"  (together with {via})", DIM)
    if item.answered:
        conceded = "concession" in (data.get("tags") or ())
        text.append("  conceded and answered" if conceded else "  answered", "italic")
    name = _short_id(G, item.id, None if detail else home)
    if item.repeat:
        text.append(f"  {name}, see {'above' if shown_before else 'below'}", DIM)
        return text
    if item.outside:  # the overview: another document's node, expanded under that document
        more = f", more in {plain(data.get('doc'))}" if G.pred[item.id] else ""
        text.append(f"  {name}{more}", DIM)
        return text
    if detail:
        text.append(f"\n{_holder(data)} \u00b7 {name} \u00b7 line {data.get('line')}", DIM)
    else:
        by = _holder_if_reported(G, data)
        text.append((f" (by {by})" if by else "") + f"  {name}", DIM)
    return text


def _short_id(G: nx.MultiDiGraph[str], node: str, home: str | None) -> str:
    """``#local-id`` for a node of document ``home``, else the full ``doc#local-id``."""
    data = G.nodes[node]
    if home is not None and data.get("doc") == home and data.get("local_id"):
        return "#" + plain(data["local_id"])
    return plain(node)


def _mark(marks: Marks, node: str) -> Text:
    """The node's label as a coloured mark and a space (see ``argmap eval``), or nothing without ``marks``."""
    from rich.text import Text

    from argmap.cli.present import status_text

    return status_text(marks[node].label) + Text(" ") if marks is not None else Text()


def _hidden(hidden: int) -> Text:
    from rich.text import Text

    return Text(f"\u2026 {count(hidden, 'more relation')} (raise --depth)", DIM)


def _print_overview(
    console: Console, G: nx.MultiDiGraph[str], documents: list[DocumentOverview], marks: Marks = None
) -> None:
    from rich import box
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    # networkx counts a multigraph's edges by summing every node's degree; the adjacency is quicker
    nodes, edges = len(G), sum(len(keys) for targets in G.succ.values() for keys in targets.values())
    console.print(
        Text.assemble(
            ("The corpus: ", "bold"),
            f"{count(len(documents), 'document')}, {count(nodes, 'node')}, {count(edges, 'relation')}",
        )
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Document")
    table.add_column("Author, date", max_width=22)
    for column in ("Cla.", "Pre.", "Reb."):
        table.add_column(column, justify="right", no_wrap=True)
    for doc in documents:
        table.add_row(
            Text.assemble((plain(doc.id), "bold"), "\n", plain(doc.meta.get("title") or "")),
            Text(f"{_authors(doc.meta)}\n{plain(doc.meta.get('date') or '')}"),
            *(str(doc.counts.get(kind, 0)) for kind in ("claim", "premise", "rebuttal")),
        )
    console.print(table)
    console.print(Text("Cla., Pre., Reb.: claims, premises and rebuttals marked in each document.", DIM))
    console.print(Text("In the trees, + marks a support and \u2212 an attack of the line above it;", DIM))
    console.print(
        Text(
            "\u2298 an undercut of that step (it denies that the reason supports, or that the objection "
            "defeats); + together: premises that support only together, each marked &; ~ a qualification "
            "and \u2235 an explanation of the line above; 'answered': an objection whose target is held above it;",
            DIM,
        )
    )
    console.print(Text("#id is an id in the document at hand: see one with 'argmap show DOC#ID'.", DIM))
    if marks is not None:
        _status_legend(console)
    for doc in documents:
        console.print()
        console.print(Rule(Text(plain(doc.id), "bold"), align="left", style=DIM))
        console.print(Text(plain(doc.meta.get("title") or ""), "bold"))
        byline = f"{_authors(doc.meta)}, {plain(doc.meta.get('date') or 'undated')}"
        console.print(Text(f"{byline} \u00b7 {count(len(doc.theses), 'thesis', 'theses')}", DIM))
        if not doc.trees:
            console.print(Text("No thesis found (mark one with an id starting 'thesis').", DIM))
        shown: set[str] = set()
        for tree in doc.trees:
            data = G.nodes[tree.id]
            heading = Text.assemble(
                ("Thesis  ", "bold"),
                _mark(marks, tree.id),
                (_title(data), "bold"),
                (f"  {_short_id(G, tree.id, doc.id)}", DIM),
            )
            drawn = _tree(
                G, tree, heading, False, shown, home=doc.id, marks=marks, width=console.width, colour=_colour(console)
            )
            _write(console, "\n" + drawn)  # a blank line, then the tree (one write: 8,000 trees at 100,000 claims)


def _authors(meta: dict[str, Any]) -> str:
    authors = meta.get("authors")
    return plain(", ".join(str(a) for a in authors) if isinstance(authors, list) else authors or "authors unknown")


# --- chains ---------------------------------------------------------------------------------------


@command("chains")
def chains_command(
    claim: Annotated[str, typer.Argument(help="A claim: doc-id#id, or a bare id unique in the corpus.")],
    support: Annotated[
        bool, typer.Option("--support", help="Only chains whose net effect supports the claim.")
    ] = False,
    oppose: Annotated[bool, typer.Option("--oppose", help="Only chains whose net effect opposes the claim.")] = False,
    max_length: Annotated[
        int, typer.Option("--max-length", "-m", min=1, help="Longest chain searched, in relations.")
    ] = DEFAULT_MAX_LENGTH,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="Most chains listed; 0: all (an exhaustive search).")
    ] = DEFAULT_LIMIT,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every chain of relations ending at CLAIM, shortest first, with its net polarity.

    A support counts +, an attack -: an attack on an attacker defends the claim,
    a support of an attacker opposes it. Cycles are never followed.
    """
    from argmap.analysis.chains import Polarity, chains

    polarity = None if support == oppose else Polarity.SUPPORT if support else Polarity.OPPOSE
    G, node = load_graph_around(corpus, claim, downstream=False)  # chains read what bears on the claim
    found = chains(G, node, polarity, max_length, limit or None)
    if as_json:
        emit(dumps(_chains_json(G, found, polarity, max_length, limit or None)))
        return
    _print_chains(make_console(), G, found, polarity, max_length, limit)


def _chains_json(
    G: nx.MultiDiGraph[str], found: ChainSearch, polarity: Any, max_length: int, limit: int | None
) -> dict[str, Any]:
    return {
        "id": found.claim,
        "polarity": str(polarity) if polarity else None,
        "max_length": max_length,
        "limit": limit,
        "count": len(found.chains),
        "truncated": found.truncated,
        "stopped": found.stopped,
        "longer": found.longer,
        "chains": [
            {
                "length": len(c),
                "polarity": str(c.polarity),
                "nodes": list(c.nodes),
                "relations": list(c.relations),
                "signs": list(c.signs),
                "undercut": list(c.undercut),
            }
            for c in found.chains
        ],
        "nodes": _nodes_json(G, {found.claim} | {n for c in found.chains for n in c.nodes}),
    }


def _print_chains(
    console: Console, G: nx.MultiDiGraph[str], found: ChainSearch, polarity: Any, max_length: int, limit: int
) -> None:
    which = {"support": "support", "oppose": "oppose"}.get(str(polarity), "end at")
    data = G.nodes[found.claim]
    lines = _lines(console)
    # Plain lines, written a batch of chains at a time: one string for everything would hold the
    # whole output (a million chains) in memory.
    legend = (
        "A support counts +, an attack \u2212; an undercut \u2212 when it is of a reason, + when of an "
        "objection; a chain's sign is their product."
    )
    out = [
        lines.render([(f"Chains that {which} ", "bold"), (plain(found.claim), "bold")]),
        lines.hanging((), [(_title(data), "italic")]),
        lines.hanging((), [(legend, DIM)]),
    ]
    for number, chain in enumerate(found.chains, 1):
        support = chain.polarity == "support"
        out.append("")
        out.append(
            lines.render(
                [
                    (f"{number}. ", "bold"),
                    ("+ supports" if support else "\u2212 opposes", "bold green" if support else "bold red"),
                    (f" \u00b7 {count(len(chain), 'relation')}", DIM),
                ]
            )
        )
        out.append(lines.hanging([("   ", "")], _chain_node(G, chain.nodes[0])))
        undercuts = chain.undercut or (None,) * len(chain)
        for relation, sign, undercut, target in zip(
            chain.relations, chain.signs, undercuts, chain.nodes[1:], strict=True
        ):
            verb = plain(relation)
            if relation == "undercuts":
                verb += " an objection to" if sign > 0 else " a reason for"
            step = [(f"   {SIGN.get(relation, '?')} {verb} ", SIGN_STYLE.get(relation, ""))]
            via = [(f"(the step from {plain(undercut.split('>', 1)[0])}) ", DIM)] if undercut else []
            out.append(lines.hanging(step, [*via, *_chain_node(G, target, final=target == found.claim)]))
        if number % CHAINS_PER_PRINT == 0:
            _write(console, "\n".join(out))
            out = []
    out.append("")
    out.append(lines.hanging((), [(_chains_summary(found, which, max_length, limit), DIM)]))
    _write(console, "\n".join(out))


def _chain_node(G: nx.MultiDiGraph[str], node: str, final: bool = False) -> list[tuple[str, str]]:
    if final:
        return [(plain(node), DIM)]
    return [(_title(G.nodes[node]), ""), (f"  {plain(node)}", DIM)]


def _chains_summary(found: ChainSearch, which: str, max_length: int, limit: int) -> str:
    n = len(found.chains)
    if not n:
        line = f"No chain {'ends at' if which == 'end at' else which + 's'} {found.claim}"
        line += f" within {count(max_length, 'relation')}." if found.longer or found.stopped else "."
    else:
        line = f"{count(n, 'chain')}, shortest first."
    if found.truncated:
        line += f" More exist: only the first {limit} are listed (raise --limit, or --limit 0 for all)."
    if found.stopped:
        line += (
            f" The search stopped after following {found.steps - 1:,} relations, so more may exist"
            " (raise --limit to search further)."
        )
    if found.longer:
        line += f" Longer chains exist beyond --max-length {max_length}."
    return line


# --- find ---------------------------------------------------------------------------------------------


@command("find")
def find_command(
    text: Annotated[str, typer.Argument(help="Words to look for in claims' text and labels (case-insensitive).")],
    regex: Annotated[bool, typer.Option("--regex", "-r", help="TEXT is a regular expression.")] = False,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find claims whose text or label contains TEXT."""
    from argmap.analysis.queries import find, text_pattern
    from argmap.corpus.focus import matching
    from argmap.corpus.resolve import build_graph

    pattern = text_pattern(text, regex)
    with query_corpus(corpus) as loaded:
        G = build_graph(loaded, matching(loaded, pattern))  # the graph of what it finds
    matches = find(G, pattern)
    if as_json:
        emit(dumps(_find_json(G, text, regex, matches)))
        return
    _print_matches(make_console(), G, text, pattern, matches)


def _find_json(G: nx.MultiDiGraph[str], text: str, regex: bool, matches: list[Match]) -> dict[str, Any]:
    from argmap.analysis.queries import node_record

    return {
        "query": text,
        "regex": regex,
        "count": len(matches),
        "matches": [{**node_record(G, m.id), "matched": list(m.fields)} for m in matches],
    }


def _print_matches(
    console: Console, G: nx.MultiDiGraph[str], text: str, pattern: re.Pattern[str], matches: list[Match]
) -> None:
    lines = _lines(console)
    out = [lines.render([(f"{count(len(matches), 'match', 'matches')} for {plain(repr(text))}", "bold")])]
    for match in matches:
        data = G.nodes[match.id]
        where = f"{plain(data.get('path'))}:{data.get('line')}"
        out.append("")
        out.append(
            lines.hanging(
                (),
                [
                    (plain(match.id), "bold"),
                    (f"  {plain(data.get('kind'))} \u00b7 {_holder(data)} \u00b7 {where}", DIM),
                ],
            )
        )
        if data.get("label"):
            out.append(lines.hanging([("  ", "")], _highlighted(str(data["label"]), pattern, "bold")))
        out.append(lines.hanging([("  ", "")], _highlighted(quoted(str(data.get("text") or "")), pattern, "")))
    _write(console, "\n".join(out))


def _highlighted(value: str, pattern: re.Pattern[str], style: str) -> list[tuple[str, str]]:
    """``value`` made printable, with the matches of ``pattern`` in reverse video."""
    found: list[tuple[str, str]] = []
    at = 0
    for m in pattern.finditer(value):
        if m.end() == m.start():
            continue
        found.append((plain(value[at : m.start()]), style))
        found.append((plain(m.group()), f"{style} reverse".strip()))
        at = m.end()
    found.append((plain(value[at:]), style))
    return [segment for segment in found if segment[0]]


# --- stats ----------------------------------------------------------------------------------------


@command("stats")
def stats_command(
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many most supported and attacked claims.")
    ] = DEFAULT_TOP,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Counts by document, kind and relation; the most supported and attacked claims; claims with no support."""
    from argmap.analysis.stats import corpus_stats_of
    from argmap.corpus.resolve import build_graph

    with query_corpus(corpus) as loaded:  # counted from the corpus; the graph of the claims listed
        stats = corpus_stats_of(loaded, top)
        G = build_graph(loaded, {n for n, _ in (*stats.most_supported, *stats.most_attacked)} | set(stats.unsupported))
    if as_json:
        emit(dumps(_stats_json(G, stats)))
        return
    _print_stats(make_console(), G, stats)


def _stats_json(G: nx.MultiDiGraph[str], stats: CorpusStats) -> dict[str, Any]:
    def brief(node: str) -> dict[str, Any]:
        data = G.nodes[node]
        return {"id": node, "kind": data.get("kind"), "label": data.get("label"), "by": data.get("by")}

    return {
        "documents": [
            {"id": d.id, "title": d.title, "kinds": d.kinds, "relations": d.relations} for d in stats.documents
        ],
        "kinds": stats.kinds,
        "relations": stats.relations,
        "cross_document": [{"source": e.source, "target": e.target, "type": e.type} for e in stats.cross_document],
        "most_supported": [{**brief(n), "count": c} for n, c in stats.most_supported],
        "most_attacked": [{**brief(n), "count": c} for n, c in stats.most_attacked],
        "unsupported": [brief(n) for n in stats.unsupported],
    }


def _print_stats(console: Console, G: nx.MultiDiGraph[str], stats: CorpusStats) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True, title_justify="left")
    table.add_column("Document", footer="All")
    columns = [("claim", "Claims"), ("premise", "Premises"), ("rebuttal", "Rebuttals")]
    for key, heading in columns:
        table.add_column(heading, justify="right", footer=str(stats.kinds.get(key, 0)))
    for key, heading in (("supports", "Supports"), ("attacks", "Attacks")):
        table.add_column(heading, justify="right", footer=str(stats.relations.get(key, 0)))
    for d in stats.documents:
        table.add_row(
            Text(plain(d.id)),
            *(str(d.kinds.get(k, 0)) for k, _ in columns),
            str(d.relations.get("supports", 0)),
            str(d.relations.get("attacks", 0)),
        )
    console.print(Text("Nodes and relations by document", "bold"))
    console.print(table)
    console.print(Text("A relation counts for the document of the node it goes from.", DIM))
    others = [f"{n} {kind}" for kind, n in stats.relations.items() if n and kind not in ("supports", "attacks")]
    if others:  # (not columns: the table keeps to 80 columns)
        console.print(Text(f"Other relations: {', '.join(others)}.", DIM))

    console.print()
    console.print(Text(f"Relations across documents: {len(stats.cross_document)}", "bold"))
    if stats.cross_document:
        _write(console, _relation_lines(_lines(console), stats.cross_document))
    for title, ranked in (("Most supported", stats.most_supported), ("Most attacked", stats.most_attacked)):
        console.print()
        console.print(Text.assemble((title, "bold"), (" (direct relations)", DIM)))
        if not ranked:
            console.print(Text("  none", DIM))
        _ranked(console, G, ranked)
    console.print()
    console.print(Text.assemble((f"Claims with no support: {len(stats.unsupported)}", "bold")))
    _ranked(console, G, [(n, None) for n in stats.unsupported])
    console.print()
    console.print(Text("(by ...) marks a position the author reports rather than holds.", DIM))


def _relation_lines(lines: Lines, edges: Sequence[Edge]) -> str:
    """A relation a line (``  source + supports target``), wrapped as rich wraps a line (plain lines:
    a corpus can have thousands)."""
    out = []
    for edge in edges:
        segments = [
            ("  " + plain(edge.source), ""),
            (f" {SIGN.get(edge.type, '?')} {plain(edge.type)} ", SIGN_STYLE.get(edge.type, "")),
            (plain(edge.target), ""),
        ]
        out += [lines.render(line) for line in lines.wrap(segments)]
    return "\n".join(out)


def _ranked(console: Console, G: nx.MultiDiGraph[str], rows: Sequence[tuple[str, int | None]]) -> None:
    """One node a line (its count first, if any), wrapped with a hanging indent; written at once."""
    if not rows:
        return
    lines = _lines(console)
    digits = max((len(str(n)) for _, n in rows if n is not None), default=0)
    out = []
    for node, n in rows:
        data = G.nodes[node]
        by = _holder_if_reported(G, data)
        prefix = [(f"  {'' if n is None else n:>{digits}} " if digits else "  - ", "")]
        body = [(_title(data), ""), ((f" (by {by})" if by else "") + f"  {plain(node)}", DIM)]
        out.append(lines.hanging(prefix, body))
    _write(console, "\n".join(out))


# --- shared helpers -----------------------------------------------------------------------------------


def _title(data: dict[str, Any]) -> str:
    """What a node is called in a list: its label, else its text."""
    return plain(data.get("label") or data.get("text") or "")


def _holder(data: dict[str, Any]) -> str:
    return plain(data.get("by") or "author unknown")


def _holder_if_reported(G: nx.MultiDiGraph[str], data: dict[str, Any]) -> str | None:
    """The holder, when it is not the document's own authors (a position the author reports)."""
    by = data.get("by")
    meta = G.graph.get("documents", {}).get(data.get("doc"), {})
    authors = meta.get("authors")
    own = ", ".join(str(a) for a in authors) if isinstance(authors, list) else authors
    return plain(by) if by and by != own else None


def _hanging(console: Console, prefix: Text, body: Text, width: int | None = None) -> Text:
    """``prefix`` then ``body`` wrapped to ``width`` (the console's), later lines indented under its start."""
    width = console.width if width is None else width
    indent = prefix.cell_len
    out = prefix.copy()
    if indent + body.cell_len <= width:  # the common case, and much cheaper than wrapping
        out.append_text(body)
        return out
    for number, line in enumerate(body.wrap(console, max(20, width - indent))):
        line.rstrip()
        if number:
            out.append("\n" + " " * indent)
        out.append_text(line)
    return out


def _tree_json(tree: TreeNode) -> dict[str, Any]:
    """``tree`` as nested JSON-ready dicts (built without recursion: arguments can be deep).

    Raises :class:`ArgmapError` for a tree deeper than :data:`JSON_MAX_TREE_DEPTH`.
    """
    from argmap.errors import ArgmapError

    def shell(item: TreeNode) -> dict[str, Any]:
        return {
            "id": item.id,
            "relation": item.relation,
            "repeat": item.repeat,
            "hidden": item.hidden,
            "outside": item.outside,
            **({"group": True} if item.group else {}),
            **({"answered": True} if item.answered else {}),
            **({"via": item.via} if item.via else {}),
            "children": [],
        }

    root = shell(tree)
    stack = [(tree, root, 0)]
    while stack:
        item, made, level = stack.pop()
        if item.children and level >= JSON_MAX_TREE_DEPTH:
            raise ArgmapError(
                f"the tree of '{tree.id}' is more than {JSON_MAX_TREE_DEPTH} relations deep, too deep to nest "
                f"in JSON; limit it with --depth {JSON_MAX_TREE_DEPTH}"
            )
        for child in item.children:
            made["children"].append(shell(child))
            stack.append((child, made["children"][-1], level + 1))
    return root


def _nodes_json(G: nx.MultiDiGraph[str], ids: set[str], marks: Marks = None) -> dict[str, dict[str, Any]]:
    """Node records; with ``marks`` each has ``status`` (``in``, ``out`` or ``undecided``) and ``explanation``."""
    from argmap.analysis.queries import node_record

    records = {node: node_record(G, node) for node in sorted(ids)}
    if marks is not None:
        for node, record in records.items():
            record["status"] = str(marks[node].label)
            record["explanation"] = marks[node].sentence
    return records


def _overview_json(
    G: nx.MultiDiGraph[str], documents: list[DocumentOverview], depth: int | None, marks: Marks = None
) -> dict[str, Any]:
    ids = {t.id for doc in documents for tree in doc.trees for t in tree.walk() if not t.group}
    return {
        "depth": depth,
        "documents": [
            {
                "id": doc.id,
                "title": doc.meta.get("title"),
                "authors": doc.meta.get("authors"),
                "date": doc.meta.get("date"),
                "path": doc.meta.get("path"),
                "counts": doc.counts,
                "theses": list(doc.theses),
                "trees": [_tree_json(tree) for tree in doc.trees],
            }
            for doc in documents
        ],
        "nodes": _nodes_json(G, ids, marks),
    }
