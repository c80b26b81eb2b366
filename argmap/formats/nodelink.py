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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

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


def _graph(graph: nx.MultiDiGraph) -> dict[str, Any]:
    return {"documents": graph.graph.get("documents", {}), "inferences": graph.graph.get("inferences", {})}


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = [_node(node, data) for node, data in sorted(graph.nodes(data=True))]
    links = [_link(u, v, key, data) for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=_edge_order)]
    return {"directed": True, "multigraph": True, "graph": _graph(graph), "nodes": nodes, "links": links}


def _edge_order(edge: tuple[str, str, str, Any]) -> tuple[str, str, str]:
    return (edge[0], edge[1], edge[2])


def to_node_link_json(graph: nx.MultiDiGraph) -> str:
    """The whole document as one string (:func:`iter_node_link_json` writes the same bytes piece by piece)."""
    return b"".join(iter_node_link_json(graph)).decode("utf-8")


#: Records per chunk that :func:`iter_node_link_json` yields.
CHUNK_RECORDS = 2000


def iter_node_link_json(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """The node-link JSON of ``graph`` as UTF-8 chunks: the same bytes as ``json.dumps(..., indent=2)``.

    Nodes and links are encoded one by one (orjson, which writes what the
    standard library's encoder writes for strings, integers, lists and
    ``null``; the standard encoder for any record orjson refuses), so the
    whole document is never held in memory: streaming a 100,000-claim
    corpus needs a few megabytes beyond the graph.
    """
    head = json.dumps(
        {"directed": True, "multigraph": True, "graph": _graph(graph)}, indent=2, ensure_ascii=False, default=str
    )
    yield head[:-2].encode("utf-8") + b',\n  "nodes": ['
    yield from _records(_node(node, data) for node, data in sorted(graph.nodes(data=True)))
    yield b',\n  "links": ['
    edges = sorted(graph.edges(keys=True, data=True), key=_edge_order)
    yield from _records(_link(u, v, key, data) for u, v, key, data in edges)
    yield b"\n}\n"


def _records(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """``records`` as the items of a JSON list indented at level 2, then the list's closing bracket."""
    dumps = _encoder()
    parts: list[bytes] = []
    first = True
    for record in records:
        encoded = dumps(record).replace(b"\n", b"\n    ")
        parts.append((b"\n    " if first else b",\n    ") + encoded)
        first = False
        if len(parts) >= CHUNK_RECORDS:
            yield b"".join(parts)
            parts = []
    parts.append(b"]" if first else b"\n  ]")
    yield b"".join(parts)


def _encoder() -> Callable[[Any], bytes]:
    """orjson's encoder (indented), falling back to the standard library's for what orjson refuses."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; the fallback keeps the output identical
        orjson = None

    def standard(value: Any) -> bytes:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str).encode("utf-8")

    if orjson is None:
        return standard
    option = orjson.OPT_INDENT_2

    def fast(value: Any) -> bytes:
        try:
            return orjson.dumps(value, option=option)
        except TypeError:  # an integer beyond 64 bits, a value of another type: the standard encoder decides
            return standard(value)

    return fast
