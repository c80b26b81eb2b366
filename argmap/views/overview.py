"""The corpus at a glance: documents, theses, questions (map definitions), outlines, who says what."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.views.base import View

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import networkx as nx

    from argmap.analysis.queries import TreeNode
    from argmap.render.maps import MapSpec


@dataclass(frozen=True, slots=True)
class DocumentRow(View):
    """A document as the front page lists it.

    ``counts`` has every kind (``claim``, ``premise``, ``rebuttal``), zero
    included; ``theses`` are its theses in document order; ``url`` is its
    front matter's ``url`` as written (a consumer checks it before linking).
    """

    id: str
    title: str
    authors: tuple[str, ...]
    date: str | None
    publisher: str | None
    url: str | None
    licence: str | None
    path: str
    counts: dict[str, int]
    theses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuestionView(View):
    """A map definition (``maps/NAME.toml``) as a question the debate turns on.

    ``claims`` are its root claims (resolved keys), ``documents`` its whole
    documents; ``theses`` the theses its map shows.
    """

    name: str
    title: str
    question: str | None
    claims: tuple[str, ...]
    documents: tuple[str, ...]
    theses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutlineNode(View):
    """One line of an argument outline (what ``argmap show`` prints as a tree).

    ``relation`` links it to its parent (``supports``, ``attacks``, ``undercuts``,
    ``qualifies``, ``explains``, ``with`` for a premise of a linked group;
    ``None`` at the root); ``group`` marks a linked inference, whose ``id`` is the
    inference's name; ``repeat``: shown in full elsewhere; ``outside``: another
    document's node, not expanded here; ``hidden``: relations not followed
    (depth); ``answered``: an attack its target outweighs.
    """

    id: str
    relation: str | None
    children: tuple[OutlineNode, ...] = ()
    repeat: bool = False
    outside: bool = False
    hidden: int = 0
    group: bool = False
    answered: bool = False


@dataclass(frozen=True, slots=True)
class DocumentOutline(View):
    """A document's argument trees, one per main thesis (the outline ``argmap show`` prints)."""

    doc: str
    trees: tuple[OutlineNode, ...]


@dataclass(frozen=True, slots=True)
class Stance(View):
    """What one holder says about one thesis: their spans whose chains support it, and those that oppose it."""

    holder: str
    thesis: str
    supports: tuple[str, ...]
    attacks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WhoSaysWhat(View):
    """Holders against theses: ``cells`` has one :class:`Stance` per holder and thesis that meet.

    A span of a holder counts for a thesis when a chain of at most
    ``max_length`` supports, attacks and undercuts leads from it to the thesis;
    its sign is the product of the steps' signs (an attack on an attacker
    supports), as ``argmap chains`` counts. ``holds`` maps each thesis to its holder.
    """

    holders: tuple[str, ...]
    theses: tuple[str, ...]
    cells: tuple[Stance, ...]
    holds: dict[str, str | None]
    max_length: int


def document_rows(G: nx.MultiDiGraph[str]) -> tuple[DocumentRow, ...]:
    """Every document, oldest first (as ``argmap show`` lists them)."""
    from argmap.analysis.queries import document_order, nodes_by_document, theses
    from argmap.model import NodeKind

    documents: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {})
    groups = nodes_by_document(G)
    rows = []
    for doc_id in document_order(G):
        meta = documents[doc_id]
        nodes = groups.get(doc_id, [])
        counts = {str(kind): 0 for kind in NodeKind}
        for n in nodes:
            kind = str(G.nodes[n].get("kind"))
            counts[kind] = counts.get(kind, 0) + 1
        authors = meta.get("authors")
        names = tuple(str(a) for a in authors) if isinstance(authors, list) else ((str(authors),) if authors else ())
        rows.append(
            DocumentRow(
                id=doc_id,
                title=str(meta.get("title") or doc_id),
                authors=names,
                date=_text(meta.get("date")),
                publisher=_text(meta.get("publisher")),
                url=_text(meta.get("url")),
                licence=_text(meta.get("licence")),
                path=str(meta.get("path") or ""),
                counts=counts,
                theses=tuple(theses(G, doc_id, nodes)),
            )
        )
    return tuple(rows)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def question_view(
    G: nx.MultiDiGraph[str], spec: MapSpec, shown: Iterable[str], all_theses: Iterable[str]
) -> QuestionView:
    """The question a map definition asks; ``shown`` are its map's nodes, ``all_theses`` the corpus's theses."""
    from argmap.analysis.queries import resolve_id
    from argmap.render.maps import default_title

    nodes = set(shown)
    return QuestionView(
        name=spec.name,
        title=spec.title or default_title(G, spec),
        question=spec.question,
        claims=tuple(resolve_id(G, c) for c in spec.claims),
        documents=spec.documents,
        theses=tuple(t for t in all_theses if t in nodes),
    )


def outline_node(tree: TreeNode) -> OutlineNode:
    """A :class:`argmap.analysis.queries.TreeNode` as a view (built without recursion: trees can be deep)."""
    done: dict[int, OutlineNode] = {}
    stack: list[tuple[TreeNode, bool]] = [(tree, False)]
    while stack:
        item, expanded = stack.pop()
        if not expanded:
            stack.append((item, True))
            stack.extend((child, False) for child in item.children)
            continue
        done[id(item)] = OutlineNode(
            id=item.id,
            relation=item.relation,
            children=tuple(done.pop(id(child)) for child in item.children),
            repeat=item.repeat,
            outside=item.outside,
            hidden=item.hidden,
            group=item.group,
            answered=item.answered,
        )
    return done[id(tree)]


def outlines(G: nx.MultiDiGraph[str], depth: int | None = None) -> tuple[DocumentOutline, ...]:
    """Every document's argument trees, as ``argmap show`` prints them (oldest document first)."""
    from argmap.analysis.queries import overview

    return tuple(DocumentOutline(doc.id, tuple(outline_node(t) for t in doc.trees)) for doc in overview(G, depth))


#: Relation signs along a chain (docs/commands/show.md, ``argmap chains``).
_SIGN = {"supports": 1, "attacks": -1}


def who_says_what(G: nx.MultiDiGraph[str], theses: Iterable[str], max_length: int = 4) -> WhoSaysWhat:
    """Holders (``by``) against ``theses``: which of their spans bear on each thesis, and with what sign.

    A breadth-first walk back from each thesis over supports, attacks and
    undercuts (an undercut counts against the target of the step it undercuts
    when that step is a support, for it when it is an attack), at most
    ``max_length`` steps, each (span, sign) visited once.
    """
    chosen = list(dict.fromkeys(theses))
    cells: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for thesis in chosen:
        seen = {(thesis, 1)}
        queue = deque([(thesis, 1, 0)])
        while queue:
            node, sign, length = queue.popleft()
            if length >= max_length:
                continue
            for source, keys in G.pred[node].items():
                for key, data in keys.items():
                    rel_type = data.get("type") or key.partition(":")[0]
                    step = _SIGN.get(rel_type)
                    if step is None and rel_type == "undercuts":
                        step = -1 if data.get("relation_type") == "supports" else 1
                    if step is None or source == thesis:
                        continue
                    item = (source, sign * step)
                    if item in seen:
                        continue
                    seen.add(item)
                    queue.append((source, sign * step, length + 1))
                    holder = G.nodes[source].get("by")
                    if holder:
                        pair = cells.setdefault((str(holder), thesis), (set(), set()))
                        pair[0 if sign * step > 0 else 1].add(source)
    from argmap.analysis.queries import position

    def ordered(nodes: set[str]) -> tuple[str, ...]:
        return tuple(sorted(nodes, key=lambda n: position(G, n)))

    holds = {t: G.nodes[t].get("by") for t in chosen}
    holders = sorted({h for h, _ in cells} | {str(h) for h in holds.values() if h}, key=str.casefold)
    stances = tuple(
        Stance(h, t, ordered(cells[h, t][0]), ordered(cells[h, t][1]))
        for t in chosen
        for h in holders
        if (h, t) in cells
    )
    return WhoSaysWhat(tuple(holders), tuple(chosen), stances, holds, max_length)
