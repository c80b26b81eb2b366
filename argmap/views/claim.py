"""One claim (any marked span) as every consumer shows it: its words, citation, relations and status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.views.base import View

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx

    from argmap.views.status import Status


@dataclass(frozen=True, slots=True)
class RelationView(View):
    """One relation into or out of a claim.

    ``other`` is the node at the other end; ``type`` one of ``supports``,
    ``attacks``, ``undercuts``, ``outweighs``, ``qualifies``, ``explains``.
    For an undercut, ``step`` names the relation undercut (``a>c``). For a
    support of a linked inference, ``together`` names the other premises.
    ``answered``: an attack that its target outweighs (it does not defeat).
    """

    type: str
    other: str
    step: str | None = None
    together: tuple[str, ...] = ()
    answered: bool = False


@dataclass(frozen=True, slots=True)
class ClaimView(View):
    """A marked span with what the report's side panel shows.

    ``holder`` is who holds it (``by=``, else the document's authors);
    ``reported`` is true when that is not the document's authors (a position
    the author reports). ``line``/``col`` locate the opening ``[`` in ``path``.
    ``incoming`` are relations whose target is this claim, ``outgoing`` those
    it declares, each in document order of the other end.
    """

    id: str
    kind: str
    text: str
    label: str | None
    holder: str | None
    reported: bool
    doc: str
    local_id: str
    path: str
    line: int
    col: int
    cite: str | None
    tags: tuple[str, ...]
    incoming: tuple[RelationView, ...]
    outgoing: tuple[RelationView, ...]
    status: Status | None


def authors_of(meta: Mapping[str, Any]) -> str | None:
    """A document's authors as the graph's default holder (joined with ``", "``)."""
    authors = meta.get("authors")
    if isinstance(authors, list):
        return ", ".join(str(a) for a in authors) or None
    return str(authors) if authors else None


def is_reported(G: nx.MultiDiGraph[str], node: str) -> bool:
    """Whether ``node`` is a position its document reports (held by someone other than the authors)."""
    data = G.nodes[node]
    by = data.get("by")
    meta = G.graph.get("documents", {}).get(data.get("doc"), {})
    return bool(by) and by != authors_of(meta)


def _relation(
    G: nx.MultiDiGraph[str], source: str, target: str, key: str, data: Mapping[str, Any], out: bool
) -> RelationView:
    rel_type = str(data.get("type") or key.partition(":")[0])
    other = target if out else source
    step = str(data["relation"]) if rel_type == "undercuts" and data.get("relation") else None
    together: tuple[str, ...] = ()
    if rel_type == "supports" and data.get("inference"):
        premises = G.graph.get("inferences", {}).get(data["inference"], {}).get("premises") or ()
        if len(premises) > 1:
            together = tuple(p for p in premises if p != source)
    answered = rel_type == "attacks" and any(
        d.get("type", k) == "outweighs" for k, d in G.succ[target].get(source, {}).items()
    )
    return RelationView(rel_type, other, step, together, answered)


_ORDER = {"supports": 0, "attacks": 1, "undercuts": 2, "qualifies": 3, "explains": 4, "outweighs": 5}


def _sorted(G: nx.MultiDiGraph[str], found: list[RelationView]) -> tuple[RelationView, ...]:
    def key(r: RelationView) -> tuple[Any, ...]:
        data = G.nodes[r.other] if r.other in G else {}
        return (_ORDER.get(r.type, 9), str(data.get("doc") or ""), int(data.get("line") or 0), r.other, r.step or "")

    return tuple(sorted(found, key=key))


def claim_view(G: nx.MultiDiGraph[str], node: str, status: Status | None = None) -> ClaimView:
    """The view of ``node`` (a key of ``G``) with ``status`` from :func:`argmap.views.status.statuses`."""
    data = G.nodes[node]
    incoming = [
        _relation(G, source, node, key, d, out=False)
        for source, keys in G.pred[node].items()
        for key, d in keys.items()
    ]
    outgoing = [
        _relation(G, node, target, key, d, out=True) for target, keys in G.succ[node].items() for key, d in keys.items()
    ]
    return ClaimView(
        id=node,
        kind=str(data.get("kind")),
        text=str(data.get("text") or ""),
        label=data.get("label"),
        holder=data.get("by"),
        reported=is_reported(G, node),
        doc=str(data.get("doc")),
        local_id=str(data.get("local_id")),
        path=str(data.get("path") or ""),
        line=int(data.get("line") or 0),
        col=int(data.get("col") or 0),
        cite=data.get("cite"),
        tags=tuple(data.get("tags") or ()),
        incoming=_sorted(G, incoming),
        outgoing=_sorted(G, outgoing),
        status=status,
    )


def claim_views(G: nx.MultiDiGraph[str], statuses: Mapping[str, Status] | None = None) -> tuple[ClaimView, ...]:
    """Every node's view, in document order (document id, line, column)."""
    from argmap.analysis.queries import position

    found = statuses or {}
    return tuple(claim_view(G, n, found.get(n)) for n in sorted(G, key=lambda n: position(G, n)))
