"""Node-link JSON: argmap's canonical machine format.

Shape (stable; ``networkx.node_link_graph(data, edges="links")`` reads it back)::

    {"directed": true, "multigraph": true,
     "graph": {"documents": {doc_id: {front matter..., "path": ...}},
               "inferences": {name: {"conclusion": id, "premises": [id, ...]}}},
     "nodes": [{"id", "kind", "text", "label", "doc", "local_id", "by", "path",
                "line", "col", "end_line", "end_col", "cite", "tags"}],
     "links": [{"source", "target", "key", "type", "path", "line", "col",
                + "inference" (supports; undercuts of a support),
                + "relation", "relation_type" (undercuts)}]}

Nodes and links are sorted (by id; by source, target, key) so the output is
the same for the same corpus. The optional link keys appear only on the links
that have them (docs/argument-model.md, "In the graph").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from argmap.model import qualify

if TYPE_CHECKING:
    import networkx as nx

    from argmap.corpus.resolve import Corpus

NODE_KEYS = (
    "kind",
    "text",
    "label",
    "doc",
    "local_id",
    "by",
    "path",
    "line",
    "col",
    "end_line",
    "end_col",
    "cite",
    "tags",
)
LINK_KEYS = ("type", "path", "line", "col")
#: Link keys only some links have: written only where present.
OPTIONAL_LINK_KEYS = ("inference", "relation", "relation_type")


def _node(node: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"id": node, **{k: data.get(k) for k in NODE_KEYS}}


def _link(u: str, v: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": u,
        "target": v,
        "key": key,
        **{k: data.get(k) for k in LINK_KEYS},
        **{k: data[k] for k in OPTIONAL_LINK_KEYS if k in data},
    }


def _link_record(u: str, v: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
    """:func:`_link` for attributes made by ``edge_attributes`` (in order unless the link is an undercut)."""
    if "relation" in data:
        return _link(u, v, key, data)
    return {"source": u, "target": v, "key": key, **data}


def _graph(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    return {"documents": graph.graph.get("documents", {}), "inferences": graph.graph.get("inferences", {})}


def to_node_link(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    # (node, attributes) pairs: networkx's stubs make the view a set of nodes, which sorted() then sorts
    node_data = cast("Iterable[tuple[str, dict[str, Any]]]", graph.nodes(data=True))
    nodes = [_node(node, data) for node, data in sorted(node_data)]
    links = [_link(u, v, key, data) for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=_edge_order)]
    return {"directed": True, "multigraph": True, "graph": _graph(graph), "nodes": nodes, "links": links}


def _edge_order(edge: tuple[str, str, str, Any]) -> tuple[str, str, str]:
    return (edge[0], edge[1], edge[2])


def to_node_link_json(graph: nx.MultiDiGraph[str]) -> str:
    """The whole document as one string (:func:`iter_node_link_json` writes the same bytes piece by piece)."""
    return b"".join(iter_node_link_json(graph)).decode("utf-8")


#: Records per chunk that :func:`iter_node_link_json` yields.
CHUNK_RECORDS = 2000


def iter_node_link_json(graph: nx.MultiDiGraph[str]) -> Iterator[bytes]:
    """The node-link JSON of ``graph`` as UTF-8 chunks: the same bytes as ``json.dumps(..., indent=2)``.

    Nodes and links are encoded one by one (orjson, which writes what the
    standard library's encoder writes for strings, integers, lists and
    ``null``; the standard encoder for any record orjson refuses), so the
    whole document is never held in memory: streaming a 100,000-claim
    corpus needs a few megabytes beyond the graph.
    """
    # (node, attributes) pairs: networkx's stubs make the view a set of nodes, which sorted() then sorts
    node_data = cast("Iterable[tuple[str, dict[str, Any]]]", graph.nodes(data=True))
    nodes = (_node(node, data) for node, data in sorted(node_data))
    edges = sorted(graph.edges(keys=True, data=True), key=_edge_order)
    links = (_link(u, v, key, data) for u, v, key, data in edges)
    return _document(_graph(graph), nodes, links)


def iter_corpus_node_link_json(corpus: Corpus) -> Iterator[bytes]:
    """What :func:`iter_node_link_json` writes for ``build_graph(corpus)``, without building the graph.

    Each node's and link's record is made from the corpus as it is written (the
    same attributes, :func:`argmap.corpus.resolve.node_attributes`), so an export
    holds the corpus and one record at a time: a networkx graph of 100,000
    claims takes more memory than the corpus it is built from.
    """
    from argmap.corpus.resolve import default_holder, edge_attributes, edge_key, graph_attributes, node_attributes

    documents = corpus.documents
    order = sorted(
        (qualify(doc.id, span.local_id), d, s) for d, doc in enumerate(documents) for s, span in enumerate(doc.spans)
    )
    holders = [(doc.id, doc.path, default_holder(doc)) for doc in documents]
    # node_attributes gives NODE_KEYS in order, and edge_attributes LINK_KEYS then the optional keys
    # (but for undercuts, whose optional keys _link puts in order): the records are merged at once.
    nodes = ({"id": key, **node_attributes(documents[d].spans[s], *holders[d])} for key, d, s in _unique(order, 1))
    links = corpus.links
    keyed = sorted((link.source, link.target, edge_key(corpus, link), n) for n, link in enumerate(links))
    edges = (_link_record(u, v, key, edge_attributes(corpus, links[n])[1]) for u, v, key, n in _unique(keyed, 3))
    graph: dict[str, Any] = graph_attributes(corpus, inferences=False)
    graph["inferences"] = (
        (name, {"conclusion": conclusion, "premises": list(premises)})
        for name, (conclusion, premises) in corpus.inferences.items()
    )
    return _document(graph, nodes, edges)


def _unique(items: list[tuple[Any, ...]], width: int) -> Iterator[tuple[Any, ...]]:
    """Sorted ``items``, the last of each run with the same first ``width`` fields (the key): a graph keeps
    one node or edge per key, with the attributes given last. (Keys are unique in a corpus; this keeps
    the output the graph's if they were not.)"""
    for n, item in enumerate(items):
        if n + 1 < len(items) and items[n + 1][:width] == item[:width]:
            continue
        yield item


def _document(
    graph: dict[str, Any], nodes: Iterable[dict[str, Any]], links: Iterable[dict[str, Any]]
) -> Iterator[bytes]:
    # The graph's attributes but its inferences (one per support: as many as the links) with the
    # standard encoder; the inferences, nodes and links record by record.
    rest = {key: value for key, value in graph.items() if key != "inferences"}
    head = json.dumps({"directed": True, "multigraph": True, "graph": rest}, indent=2, ensure_ascii=False, default=str)
    if "inferences" not in graph:
        yield head[:-2].encode("utf-8")
    else:
        # the graph object is last: its closing '\n  }\n}' (or, empty, '{}\n}') is cut off, the inferences added
        opening = head[:-6] + ",\n" if rest else head[:-4] + "{\n"
        yield opening.encode("utf-8") + b'    "inferences": '
        inferences = graph["inferences"]
        yield from _members(inferences.items() if isinstance(inferences, dict) else inferences)
        yield b"\n  }"
    yield b',\n  "nodes": ['
    yield from _records(nodes)
    yield b',\n  "links": ['
    yield from _records(links)
    yield b"\n}\n"


def _records(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """``records`` as the items of a JSON list indented at level 2, then the list's closing bracket.

    Records are encoded a chunk at a time, as one list: orjson indents the list's items
    one level, and one level more is added (what encoding each record alone gives, in
    one call instead of thousands).
    """
    first = True
    chunk: list[dict[str, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK_RECORDS:
            yield (b"" if first else b",") + _items(chunk)
            first = False
            chunk = []
    if chunk:
        yield (b"" if first else b",") + _items(chunk)
        first = False
    yield b"]" if first else b"\n  ]"


def _items(records: list[dict[str, Any]]) -> bytes:
    """Records as list items indented at level 2, each on new lines: ``\\n    {...},\\n    {...}``."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; the standard encoder writes the same
        pass
    else:
        try:
            whole = orjson.dumps(records, option=orjson.OPT_INDENT_2)  # b'[\\n  {...},\\n  {...}\\n]'
        except TypeError:  # an integer beyond 64 bits, a value of another type: record by record
            pass
        else:
            return whole[1:-2].replace(b"\n", b"\n  ")
    dumps = _encoder()
    return b",".join(b"\n    " + dumps(record).replace(b"\n", b"\n    ") for record in records)


def _members(members: Iterable[tuple[Any, Any]]) -> Iterator[bytes]:
    """An object's ``(key, value)`` members as a JSON object indented at level 2 (its members at level 3),
    a chunk of members at a time (:func:`_member_items`)."""
    first = True
    chunk: list[tuple[Any, Any]] = []
    for member in members:
        chunk.append(member)
        if len(chunk) >= CHUNK_RECORDS:
            yield _member_items(chunk, first)
            first = False
            chunk = []
    if chunk:
        yield _member_items(chunk, first)
        first = False
    yield b"{}" if first else b"\n    }"


def _member_items(chunk: list[tuple[Any, Any]], first: bool) -> bytes:
    """Members on their own lines at level 3, after the object's ``{`` (the first chunk) or a comma.

    One orjson call for the chunk as an object, indented one level more (what encoding
    each member alone gives); member by member when a key is not a string, is repeated,
    or orjson refuses a value.
    """
    lead = b"{" if first else b","
    keys = {key for key, _ in chunk}
    if len(keys) == len(chunk) and all(type(key) is str for key in keys):
        try:
            import orjson

            whole = orjson.dumps(dict(chunk), option=orjson.OPT_INDENT_2)  # b'{\n  "k": {...},\n  ...\n}'
        except (ImportError, TypeError):  # (orjson is a dependency; the standard encoder writes the same)
            pass
        else:
            return lead + whole[1:-2].replace(b"\n", b"\n    ")
    dumps = _encoder()
    parts = []
    for key, value in chunk:
        name = json.dumps(key, ensure_ascii=False) if isinstance(key, str) else json.dumps(str(key))
        parts.append(b"\n      " + name.encode("utf-8") + b": " + dumps(value).replace(b"\n", b"\n      "))
    return lead + b",".join(parts)


def _encoder() -> Callable[[Any], bytes]:
    """orjson's encoder (indented), falling back to the standard library's for what orjson refuses."""

    def standard(value: Any) -> bytes:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str).encode("utf-8")

    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; the fallback keeps the output identical
        return standard
    option = orjson.OPT_INDENT_2

    def fast(value: Any) -> bytes:
        try:
            return orjson.dumps(value, option=option)
        except TypeError:  # an integer beyond 64 bits, a value of another type: the standard encoder decides
            return standard(value)

    return fast
