"""Counts over the corpus graph: by document, kind and relation; the most supported and attacked claims."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from argmap.analysis.queries import document_order, position
from argmap.model import NodeKind, RelationType

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx

#: How many of the most supported and most attacked nodes are listed unless asked otherwise.
DEFAULT_TOP = 5


@dataclass(frozen=True, slots=True)
class DocumentStats:
    """Counts for one document. A relation counts for the document of its source."""

    id: str
    title: str
    #: Nodes of each kind (every kind present, zero included).
    kinds: dict[str, int]
    #: Relations of each type declared from this document's nodes.
    relations: dict[str, int]


@dataclass(frozen=True, slots=True)
class Edge:
    """One relation: ``source`` supports or attacks ``target``."""

    source: str
    target: str
    type: str


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """What :func:`corpus_stats` counts."""

    documents: tuple[DocumentStats, ...]
    kinds: dict[str, int]
    relations: dict[str, int]
    #: Relations whose source and target are in different documents, ordered like ``unsupported`` by source.
    cross_document: tuple[Edge, ...]
    #: ``(node, number of direct supports)``, most first; ties like ``unsupported``; only nodes with some.
    most_supported: tuple[tuple[str, int], ...]
    #: ``(node, number of direct attacks)``, most first; ties like ``unsupported``; only nodes with some.
    most_attacked: tuple[tuple[str, int], ...]
    #: Nodes of kind ``claim`` that nothing supports, by document (oldest first), then in document order.
    unsupported: tuple[str, ...]


def corpus_stats(G: nx.MultiDiGraph[str], top: int = DEFAULT_TOP) -> CorpusStats:
    """Count the graph. Documents are oldest first (:func:`~argmap.analysis.queries.document_order`).

    Every list is in a fixed order.
    """
    kinds = [str(k) for k in NodeKind]
    types = [str(t) for t in RelationType]
    doc_meta: dict[str, dict[str, Any]] = G.graph.get("documents", {})
    doc_ids = document_order(G)
    doc_ids += sorted({str(d) for _, d in G.nodes(data="doc") if d is not None} - set(doc_ids))
    by_doc_kind = {d: dict.fromkeys(kinds, 0) for d in doc_ids}
    by_doc_rel = {d: dict.fromkeys(types, 0) for d in doc_ids}
    total_kinds = dict.fromkeys(kinds, 0)
    total_rels = dict.fromkeys(types, 0)
    for _, data in G.nodes(data=True):
        kind = str(data.get("kind"))
        by_doc_kind[str(data.get("doc"))][kind] = by_doc_kind[str(data.get("doc"))].get(kind, 0) + 1
        total_kinds[kind] = total_kinds.get(kind, 0) + 1
    cross = []
    incoming: defaultdict[str, Counter[str]] = defaultdict(Counter)  # relation type -> target -> count
    for source, target, key, data in G.edges(keys=True, data=True):
        # the relation's type; an undercut's key also names the step it undercuts ("undercuts:a>c")
        rel_type = str(data.get("type") or key.partition(":")[0])
        source_doc = str(G.nodes[source].get("doc"))
        by_doc_rel[source_doc][rel_type] = by_doc_rel[source_doc].get(rel_type, 0) + 1
        total_rels[rel_type] = total_rels.get(rel_type, 0) + 1
        incoming[rel_type][target] += 1
        if source_doc != str(G.nodes[target].get("doc")):
            cross.append(Edge(source, target, rel_type))
    documents = tuple(
        DocumentStats(d, str(doc_meta.get(d, {}).get("title") or ""), by_doc_kind[d], by_doc_rel[d]) for d in doc_ids
    )
    rank = {d: i for i, d in enumerate(doc_ids)}

    def in_order(node: str) -> tuple[int, tuple[str, int, int, str]]:
        return rank.get(str(G.nodes[node].get("doc")), len(rank)), position(G, node)

    # the view yields (node, its kind) pairs; networkx's stubs say (node, attribute dict)
    node_kinds = cast("Iterable[tuple[str, object]]", G.nodes(data="kind"))
    unsupported = tuple(
        sorted(
            (n for n, kind in node_kinds if kind == NodeKind.CLAIM and not incoming["supports"][n]),
            key=in_order,
        )
    )
    return CorpusStats(
        documents=documents,
        kinds=total_kinds,
        relations=total_rels,
        cross_document=tuple(sorted(cross, key=lambda e: (in_order(e.source), in_order(e.target), e.type))),
        most_supported=_top(incoming["supports"], top, in_order),
        most_attacked=_top(incoming["attacks"], top, in_order),
        unsupported=unsupported,
    )


def _top(counts: Counter[str], top: int, in_order: Callable[[str], Any]) -> tuple[tuple[str, int], ...]:
    # Only the nodes counted at least as often as the top-th one can be among the top: the others are
    # left out before ordering (placing a node in the corpus costs more than comparing counts).
    values = sorted((c for c in counts.values() if c), reverse=True)
    if not values:
        return ()
    least = values[min(top, len(values)) - 1]
    ranked = sorted((n for n, c in counts.items() if c >= least), key=lambda n: (-counts[n], in_order(n)))
    return tuple((n, counts[n]) for n in ranked[:top])
