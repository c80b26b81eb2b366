"""Counts over the corpus graph: by document, kind and relation; the most supported and attacked claims."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, ne
from typing import TYPE_CHECKING, Any, NamedTuple

from argmap.analysis.queries import document_order, oldest_first, position
from argmap.model import NodeKind, RelationType, Span, qualify

if TYPE_CHECKING:
    import networkx as nx

    from argmap.corpus.resolve import Corpus

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

    keys: list[str] = []
    kinds: list[Any] = []
    docs: list[Any] = []
    for node, data in G.nodes(data=True):
        keys.append(node)
        kinds.append(data.get("kind"))
        docs.append(data.get("doc"))
    sources: list[str] = []
    targets: list[str] = []
    types: list[str] = []
    for source, target, key, data in G.edges(keys=True, data=True):
        sources.append(source)
        targets.append(target)
        # the relation's type; an undercut's key also names the step it undercuts ("undercuts:a>c")
        types.append(str(data.get("type") or key.partition(":")[0]))
    nodes = _Nodes(keys, kinds, docs)
    edges = _Edges(sources, targets, types)
    return _count(nodes, edges, G.graph.get("documents", {}), document_order(G), lambda n: position(G, n), top)


def corpus_stats_of(corpus: Corpus, top: int = DEFAULT_TOP) -> CorpusStats:
    """:func:`corpus_stats` of ``build_graph(corpus)``, counted from the corpus without making the graph."""
    from argmap.corpus.resolve import NAMES as names
    from argmap.corpus.resolve import graph_attributes

    keys: list[str] = []
    kinds: list[Any] = []
    docs: list[Any] = []
    placed: dict[str, tuple[str, Span]] = {}
    for doc in corpus.documents:  # (column by column: the spans are read by C loops, 100,000 of them)
        doc_id, spans = doc.id, doc.spans
        prefix = qualify(doc_id, "")
        doc_keys = [prefix + local_id for local_id in map(_LOCAL_ID, spans)]
        keys += doc_keys
        kinds += map(names.__getitem__, map(_KIND, spans))
        docs += repeat(doc_id, len(spans))
        placed.update(zip(doc_keys, zip(repeat(doc_id), spans, strict=False), strict=True))

    def place(node: str) -> tuple[str, int, int, str]:  # position(G, node) of the graph's node
        doc_id, span = placed[node]
        return doc_id, span.loc.line, span.loc.col, node

    # (a relation declared twice is linked once, AM306: one link per edge of the graph)
    links = corpus.links
    edges = _Edges(
        list(map(_SOURCE, links)), list(map(_TARGET, links)), list(map(names.__getitem__, map(_TYPE, links)))
    )
    documents = graph_attributes(corpus, inferences=False)["documents"]
    return _count(_Nodes(keys, kinds, docs), edges, documents, oldest_first(documents), place, top)


_LOCAL_ID = attrgetter("local_id")
_KIND = attrgetter("kind")
_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
_TYPE = attrgetter("type")


class _Nodes(NamedTuple):
    """The nodes as columns: key, kind and document of each."""

    keys: list[str]
    kinds: list[Any]
    docs: list[Any]


class _Edges(NamedTuple):
    """The relations as columns: source, target and type of each."""

    sources: list[str]
    targets: list[str]
    types: list[str]


def _count(
    nodes: _Nodes,
    edges: _Edges,
    doc_meta: Mapping[str, Mapping[str, Any]],
    order: list[str],
    place: Callable[[str], tuple[str, int, int, str]],
    top: int,
) -> CorpusStats:
    """The counts of ``nodes`` and ``edges``: documents in ``order`` (then any other, by id), nodes
    within one in the order of ``place``.

    Everything that visits every node or relation is a C loop over columns (``Counter``, ``map``,
    ``zip``, ``compress``). ``Counter`` keeps the order in which each pair was first met: a kind or
    type outside the schema is added where a loop over the nodes would add it.
    """
    kinds = [str(k) for k in NodeKind]
    types = [str(t) for t in RelationType]
    doc_ids = list(order)
    doc_ids += sorted({str(d) for d in set(nodes.docs) if d is not None} - set(doc_ids))
    by_doc_kind = {d: dict.fromkeys(kinds, 0) for d in doc_ids}
    by_doc_rel = {d: dict.fromkeys(types, 0) for d in doc_ids}
    total_kinds = dict.fromkeys(kinds, 0)
    total_rels = dict.fromkeys(types, 0)
    node_docs = list(map(str, nodes.docs))
    doc_of = dict(zip(nodes.keys, node_docs, strict=True))
    for (doc_id, kind), n in Counter(zip(node_docs, map(str, nodes.kinds), strict=True)).items():
        by_doc_kind[doc_id][kind] = by_doc_kind[doc_id].get(kind, 0) + n
        total_kinds[kind] = total_kinds.get(kind, 0) + n
    source_docs = list(map(doc_of.__getitem__, edges.sources))
    for (doc_id, rel_type), n in Counter(zip(source_docs, edges.types, strict=True)).items():
        by_doc_rel[doc_id][rel_type] = by_doc_rel[doc_id].get(rel_type, 0) + n
        total_rels[rel_type] = total_rels.get(rel_type, 0) + n
    incoming: defaultdict[str, Counter[str]] = defaultdict(Counter)  # relation type -> target -> count
    for (rel_type, target), n in Counter(zip(edges.types, edges.targets, strict=True)).items():
        incoming[rel_type][target] = n
    across = map(ne, source_docs, map(doc_of.__getitem__, edges.targets))
    cross = [Edge(*edge) for edge in compress(zip(*edges, strict=True), across)]
    documents = tuple(
        DocumentStats(d, str(doc_meta.get(d, {}).get("title") or ""), by_doc_kind[d], by_doc_rel[d]) for d in doc_ids
    )
    rank = {d: i for i, d in enumerate(doc_ids)}

    def in_order(node: str) -> tuple[int, tuple[str, int, int, str]]:
        return rank.get(doc_of[node], len(rank)), place(node)

    supported = incoming["supports"]
    claims = compress(nodes.keys, map(NodeKind.CLAIM.__eq__, nodes.kinds))
    unsupported = tuple(sorted(set(claims) - supported.keys(), key=in_order))
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
