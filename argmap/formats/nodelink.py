"""Node-link JSON: argmap's canonical machine format.

Shape (stable; ``networkx.node_link_graph(data, edges="links")`` reads it back)::

    {"directed": true, "multigraph": true,
     "graph": {"documents": {doc_id: {front matter..., "path": ...}}},
     "nodes": [{"id", "kind", "text", "label", "doc", "local_id", "by", "path", "line", "col", "cite", "tags"}],
     "links": [{"source", "target", "key", "type", "path", "line", "col"}]}

Nodes and links are sorted (by id; by source, target, type) so the output is
the same for the same corpus.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

NODE_KEYS = ("kind", "text", "label", "doc", "local_id", "by", "path", "line", "col", "cite", "tags")
LINK_KEYS = ("type", "path", "line", "col")


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = [{"id": node, **{k: data.get(k) for k in NODE_KEYS}} for node, data in sorted(graph.nodes(data=True))]
    links = [
        {"source": u, "target": v, "key": key, **{k: data.get(k) for k in LINK_KEYS}}
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"documents": graph.graph.get("documents", {})},
        "nodes": nodes,
        "links": links,
    }


def to_node_link_json(graph: nx.MultiDiGraph) -> str:
    return json.dumps(to_node_link(graph), indent=2, ensure_ascii=False, default=str) + "\n"
