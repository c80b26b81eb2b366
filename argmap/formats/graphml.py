"""GraphML: the graph with every node and edge attribute, for networkx, yEd and Gephi.

Written with :mod:`xml.etree.ElementTree` (never by string concatenation).
Each attribute of the schema in :mod:`argmap.model` is a ``<key>``: ``line`` and
``col`` are ``int``, the rest ``string``; ``tags`` is the tags joined by one
space (a tag has no whitespace); an absent value (``None``) is left out, as
GraphML intends. Edges have unique ids ``e0``, ``e1``, ...; the relation is the
``type`` attribute. The documents' front matter is one graph attribute,
``documents``, holding JSON. Gephi shows the ``label`` attribute as the node
label; in yEd, map ``label`` (or ``text``) to the node label with
Edit > Properties Mapper. Characters XML 1.0 cannot hold (most control
characters) become U+FFFD.

:func:`graph_from_graphml` reads such a file back into argmap's schema
(``networkx.read_graphml`` reads it too, with the raw values).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from argmap.formats.imported import sorted_edges, sorted_nodes
from argmap.formats.nodelink import LINK_KEYS, NODE_KEYS, OPTIONAL_LINK_KEYS

if TYPE_CHECKING:
    import networkx as nx

NS = "http://graphml.graphdrawing.org/xmlns"
_INT_KEYS = frozenset({"line", "col", "end_line", "end_col"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value)
    return _NOT_XML.sub("\ufffd", text)


def to_graphml(graph: nx.MultiDiGraph[str]) -> str:
    """The graph as a GraphML document (UTF-8 text, stable order)."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    for domain, keys in (("node", NODE_KEYS), ("edge", LINK_KEYS + OPTIONAL_LINK_KEYS)):
        for name in keys:
            ET.SubElement(
                root,
                f"{{{NS}}}key",
                {
                    "id": f"{domain}.{name}",
                    "for": domain,
                    "attr.name": name,
                    "attr.type": "int" if name in _INT_KEYS else "string",
                },
            )
    for name in ("documents", "inferences"):
        ET.SubElement(
            root, f"{{{NS}}}key", {"id": f"graph.{name}", "for": "graph", "attr.name": name, "attr.type": "string"}
        )
    g = ET.SubElement(root, f"{{{NS}}}graph", {"id": "argmap", "edgedefault": "directed"})
    documents = json.dumps(graph.graph.get("documents", {}), ensure_ascii=False, sort_keys=False, default=str)
    ET.SubElement(g, f"{{{NS}}}data", {"key": "graph.documents"}).text = documents
    inferences = json.dumps(graph.graph.get("inferences", {}), ensure_ascii=False)
    ET.SubElement(g, f"{{{NS}}}data", {"key": "graph.inferences"}).text = inferences
    for node, data in sorted_nodes(graph):
        element = ET.SubElement(g, f"{{{NS}}}node", {"id": _xml_text(node)})
        for name in NODE_KEYS:
            value = data.get(name)
            if value is None or (name == "tags" and not value):
                continue
            ET.SubElement(element, f"{{{NS}}}data", {"key": f"node.{name}"}).text = _xml_text(value)
    for n, (source, target, key, data) in enumerate(sorted_edges(graph)):
        element = ET.SubElement(
            g, f"{{{NS}}}edge", {"id": f"e{n}", "source": _xml_text(source), "target": _xml_text(target)}
        )
        for name in LINK_KEYS + OPTIONAL_LINK_KEYS:
            value = data.get(name, key.partition(":")[0] if name == "type" else None)
            if value is None:
                continue
            ET.SubElement(element, f"{{{NS}}}data", {"key": f"edge.{name}"}).text = _xml_text(value)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _edge_key(values: dict[str, Any]) -> str:
    """The edge key argmap's graph uses: the type, and for an undercut the relation it undercuts."""
    rel_type = str(values["type"])
    if rel_type != "undercuts":
        return rel_type
    return f"{rel_type}:{values.get('inference') or values.get('relation')}"


def graph_from_graphml(source: str | bytes) -> nx.MultiDiGraph[str]:
    """Read GraphML written by :func:`to_graphml` back into argmap's graph schema.

    Edge keys become the relation type again, absent attributes ``None``,
    ``tags`` a list, and ``documents`` a dict.
    """
    import io

    import networkx as nx

    data = source.encode("utf-8") if isinstance(source, str) else source
    raw = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for name in ("documents", "inferences"):
        try:
            graph.graph[name] = json.loads(raw.graph.get(name) or "{}")
        except json.JSONDecodeError:
            graph.graph[name] = {}
    for node, attrs in raw.nodes(data=True):
        values = {name: attrs.get(name) for name in NODE_KEYS}
        values["tags"] = str(values["tags"]).split() if values["tags"] else []
        graph.add_node(node, **values)
    for source_node, target_node, attrs in raw.edges(data=True):
        values = {name: attrs.get(name) for name in LINK_KEYS}
        values.update({name: attrs[name] for name in OPTIONAL_LINK_KEYS if name in attrs})
        graph.add_edge(source_node, target_node, key=_edge_key(values), **values)
    return graph
