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


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = [{"id": node, **{k: data.get(k) for k in NODE_KEYS}} for node, data in sorted(graph.nodes(data=True))]
    links = [
        {
            "source": u,
            "target": v,
            "key": key,
            **{k: data.get(k) for k in LINK_KEYS},
            **{k: data[k] for k in OPTIONAL_LINK_KEYS if k in data},
        }
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"documents": graph.graph.get("documents", {}), "inferences": graph.graph.get("inferences", {})},
        "nodes": nodes,
        "links": links,
    }


def to_node_link_json(graph: nx.MultiDiGraph) -> str:
    return json.dumps(to_node_link(graph), indent=2, ensure_ascii=False, default=str) + "\n"
