"""SADFace JSON (Simon Wells' Simple Argument Description Format), both ways.

A SADFace document is ``{"metadata": {"core": {...}}, "resources": [...], "nodes": [...],
"edges": [...]}``: ``atom`` nodes hold the claims (``text``), ``scheme`` nodes (``name``)
the relations between them, and edges run ``atom -> scheme -> atom``, premise to conclusion,
as in AIF. A scheme named ``conflict`` (or ``attack``, ``rebuttal``, ...) is an attack, one
named ``preference`` a preference (``preferred -> scheme -> less preferred``, as arguebuf reads
SADFace), ``rephrase`` a rephrase; any other name (``support`` or an argumentation scheme's
name) is a support, the name kept. SADFace says nothing of edges between schemes; as in AIF,
whose node model it follows, a conflict scheme aimed at another scheme is an undercut: of the
inference (a support scheme) or of the attack (a conflict scheme).

Export: an atom per span; a ``support`` scheme per inference with an edge from each of its
premises (a linked inference is one scheme with several premises), named after the scheme a
document's front matter gives it (``schemes:``); a ``conflict`` scheme per attack and per
undercut (the undercut's aimed at the inference's or the attack's scheme); a ``preference``
scheme per preference. Ids are UUIDs derived from the span keys (the same corpus gives the same
bytes). What SADFace has no place for (argmap ids, kinds, labels, holders, citations, tags, the
documents' front matter, an attack's scheme name, qualifications and explanations) goes in an
``argmap`` metadata namespace, which SADFace reserves for such use: on atoms and schemes
(``metadata.argmap``) and globally (``metadata.argmap.documents``, ``metadata.argmap.relations``).

Import: :func:`read_sadface` is called by :func:`argmap.formats.aif.read_json_map` once the
JSON is parsed and recognised as SADFace; the relations are read as
:mod:`argmap.formats.schemes` reads AIF's, and findings say "SADFace", never "AIF".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from argmap.errors import ImportFailed
from argmap.formats.imported import (
    ImportedMap,
    ImportedRelation,
    Positions,
    SchemeUnit,
    import_diag,
    relation_kinds,
    scheme_units,
    sorted_nodes,
)
from argmap.formats.schemes import SchemeGraph, claim_from, json_id, json_text, read_relations, side_relations
from argmap.model import RelationType
from argmap.source.parse import normalize_space

if TYPE_CHECKING:
    import networkx as nx

#: Scheme names read as an attack (compared in lower case); every other name is a support.
CONFLICT_NAMES = frozenset({"conflict", "attack", "rebut", "rebuttal", "default conflict", "contradiction"})
_NAMESPACE = uuid.UUID("5b0c7a52-4a7e-4f7e-9d53-5a1c6a0e2f10")  # argmap's namespace for the UUIDs it derives
_META_KEYS = ("kind", "label", "by", "cite", "tags")


# -- export ---------------------------------------------------------------


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def _scheme_of_unit(unit: SchemeUnit, scheme: Callable[[str, str, dict[str, Any] | None], str]) -> str:
    """The SADFace scheme node of ``unit``: its name, and a key that makes its UUID stable."""
    source, target = unit.source, unit.target
    if unit.relation == RelationType.SUPPORTS:
        premises = unit.premises
        key = "\x1f".join((*premises, target, "supports")) if len(premises) > 1 else f"{source}\x1f{target}\x1fsupports"
        return scheme(unit.scheme or "support", key, None)
    if unit.relation == RelationType.ATTACKS:
        return scheme("conflict", f"{source}\x1f{target}\x1fattacks", {"scheme": unit.scheme} if unit.scheme else None)
    if unit.relation == RelationType.UNDERCUTS:
        return scheme("conflict", f"{source}\x1f{unit.key}", None)
    return scheme("preference", f"{source}\x1f{target}\x1foutweighs", None)


def to_sadface(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The graph as a SADFace document (see the module docstring)."""
    documents = graph.graph.get("documents", {})
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    atom: dict[str, str] = {}
    for key, data in sorted_nodes(graph):
        atom[key] = _uuid("atom", key)
        extra = {"id": key, **{k: data.get(k) for k in _META_KEYS if data.get(k) not in (None, [], "")}}
        nodes.append(
            {
                "id": atom[key],
                "type": "atom",
                "text": data.get("text") or "",
                "sources": [],
                "metadata": {"argmap": extra},
            }
        )

    def scheme(name: str, key: str, extra: dict[str, Any] | None = None) -> str:
        node_id = _uuid("scheme", key)
        nodes.append({"id": node_id, "type": "scheme", "name": name, "metadata": {"argmap": extra} if extra else {}})
        return node_id

    def edge(source: str, target: str) -> None:
        edges.append({"id": _uuid("edge", source, target), "source_id": source, "target_id": target})

    units, side = scheme_units(graph)
    scheme_node: dict[str, str] = {}  # an inference's name or an attack's "a>b" -> its scheme's id
    for unit in units:
        into = scheme_node[unit.undercut] if unit.undercut is not None else atom[unit.target]
        s_id = _scheme_of_unit(unit, scheme)
        if unit.name is not None:
            scheme_node[unit.name] = s_id
        for premise in unit.premises:
            edge(atom[premise], s_id)
        edge(s_id, into)
    side_relations = [{"type": str(kind), "from": atom[a], "to": atom[b]} for kind, a, b in side]
    titles = [str(info.get("title")) for info in documents.values() if info.get("title")]
    dates = sorted(str(info.get("date")) for info in documents.values() if info.get("date"))
    docs_meta = {doc: {k: v for k, v in info.items() if k != "path"} for doc, info in documents.items()}
    argmap_meta: dict[str, Any] = {"version": 1, "documents": docs_meta}
    if side_relations:
        argmap_meta["relations"] = side_relations
    core = {
        "analyst_email": "",
        "analyst_name": "",
        "created": dates[0] if dates else "",
        "edited": dates[-1] if dates else "",
        "id": _uuid("document", *sorted(documents)),
        "title": titles[0] if len(titles) == 1 else "argmap corpus",
        "version": "0.2",
    }
    return {
        "metadata": {"core": core, "argmap": argmap_meta},
        "resources": [],
        "nodes": nodes,
        "edges": edges,
    }


def to_sadface_json(graph: nx.MultiDiGraph[str]) -> str:
    return json.dumps(to_sadface(graph), indent=2, ensure_ascii=False, default=str) + "\n"


# -- import ---------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read_sadface(data: dict[str, Any], result: ImportedMap, pos: Positions) -> ImportedMap:
    """Claims from atoms, supports and attacks from schemes (every premise to every conclusion)."""

    def where(obj: Any) -> Any:
        return pos.loc(getattr(obj, "offset", 0))

    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, list):
        raise ImportFailed(
            "the SADFace document has no nodes",
            [import_diag(where(data), "AM501", "SADFace JSON needs a 'nodes' list (atoms and schemes)")],
        )
    meta = _mapping(data.get("metadata"))
    core = _mapping(meta.get("core"))
    documents = _mapping(_mapping(meta.get("argmap")).get("documents"))
    result.documents = {str(k): dict(v) for k, v in documents.items() if isinstance(v, dict)}
    if len(result.documents) == 1:
        result.meta = dict(next(iter(result.documents.values())))
    elif not result.documents and json_text(core.get("title")):
        result.meta["title"] = normalize_space(str(core["title"]))
    nodes: dict[str, tuple[str, str, Any, dict[str, Any]]] = {}
    for node in raw_nodes:
        loc = where(node)
        if not isinstance(node, dict):
            result.report(loc, "AM502", "a SADFace node is not a JSON object")
            result.skip("malformed nodes")
            continue
        node_id, node_type = json_id(node.get("id")), node.get("type")
        if node_id is None or node_type not in ("atom", "scheme"):
            result.report(
                loc,
                "AM502" if node_id is None else "AM503",
                "a SADFace node needs an 'id' and a 'type' of 'atom' or 'scheme'",
            )
            result.skip("malformed nodes" if node_id is None else "nodes of an unknown type")
            continue
        result.read[f"{node_type} nodes"] += 1
        if node_id in nodes:
            result.report(loc, "AM505", f"SADFace node id {node_id!r} is already used: skipped")
            result.skip("nodes with a duplicate id")
            continue
        text = node.get("text") if node_type == "atom" else node.get("name")
        text = normalize_space(text) if isinstance(text, str) else ""
        if node_type == "atom" and not text:
            result.report(loc, "AM506", f"SADFace atom {node_id} has no text: skipped")
            result.skip("atoms with no text")
            node_type = "atom?"
        extra = node.get("metadata", {}).get("argmap") if isinstance(node.get("metadata"), dict) else None
        nodes[node_id] = (node_type, text, loc, extra if isinstance(extra, dict) else {})
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    raw_edges = data.get("edges", [])
    if not isinstance(raw_edges, list):
        result.report(where(data), "AM502", "SADFace 'edges' is not a list: no relations can be read")
        raw_edges = []
    for edge in raw_edges:
        result.read["edges"] += 1
        source = json_id(edge.get("source_id")) if isinstance(edge, dict) else None
        target = json_id(edge.get("target_id")) if isinstance(edge, dict) else None
        if source is None or target is None:
            result.report(where(edge), "AM502", "a SADFace edge needs 'source_id' and 'target_id'")
            result.skip("malformed edges")
            continue
        missing = [x for x in (source, target) if x not in nodes]
        if missing:
            result.report(
                where(edge),
                "AM504",
                f"SADFace edge {source} -> {target} names node {', '.join(missing)}, which does not exist",
            )
            result.skip("edges to a node that does not exist")
            continue
        outgoing.setdefault(source, []).append(target)
        incoming.setdefault(target, []).append(source)
    graph = SchemeGraph(
        {node_id: (_graph_type(t, name), name, loc) for node_id, (t, name, loc, _) in nodes.items()},
        incoming,
        outgoing,
        lambda node_id: (
            f"SADFace {nodes[node_id][0].rstrip('?')} {node_id}"
            + (f" ({nodes[node_id][1] or 'unnamed'})" if nodes[node_id][0] == "scheme" else "")
        ),
        lambda node_type: _PLURAL.get(node_type, "SADFace nodes"),
    )
    result.relations = read_relations(result, graph)
    for node_id, (node_type, name, loc, _) in nodes.items():
        if node_type == "scheme" and graph.nodes[node_id][0] == "MA":
            result.report(
                loc, "AM509", f"SADFace scheme {node_id} ({name}) is a rephrase: argmap has none; not carried"
            )
            result.skip("SADFace rephrase schemes")
    named_attacks = {
        node_id: extra.get("scheme")
        for node_id, (node_type, _, _, extra) in nodes.items()
        if node_type == "scheme" and isinstance(extra.get("scheme"), str)
    }
    if named_attacks:  # an attack's scheme name, which argmap keeps in the scheme's metadata
        result.relations = [
            replace(rel, scheme=named_attacks.get(_scheme_between(incoming, outgoing, rel), rel.scheme))
            if rel.type is RelationType.ATTACKS
            else rel
            for rel in result.relations
        ]
    result.relations += side_relations(
        result,
        _mapping(meta.get("argmap")).get("relations"),
        lambda n: n in nodes and nodes[n][0] == "atom",
        "atom",
        where,
    )
    declares = relation_kinds(result.relations)
    for n, (node_id, (node_type, text, loc, extra)) in enumerate(nodes.items(), 1):
        if node_type == "atom":
            result.claims.append(claim_from(node_id, text, loc, extra, declares, f"a{n}"))
    return result


#: Scheme names read as a preference or a rephrase (compared in lower case).
PREFERENCE_NAMES = frozenset({"preference", "default preference"})
REPHRASE_NAMES = frozenset({"rephrase", "default rephrase"})
_PLURAL = {
    "RA": "SADFace support schemes",
    "CA": "SADFace conflict schemes",
    "PA": "SADFace preference schemes",
    "MA": "SADFace rephrase schemes",
}


def _graph_type(node_type: str, name: str) -> str:
    """A SADFace node's type in a :class:`~argmap.formats.schemes.SchemeGraph`."""
    if node_type != "scheme":
        return {"atom": "I", "atom?": "I?"}.get(node_type, node_type)
    lowered = name.lower()
    if lowered in CONFLICT_NAMES:
        return "CA"
    if lowered in PREFERENCE_NAMES:
        return "PA"
    return "MA" if lowered in REPHRASE_NAMES else "RA"


def _scheme_between(incoming: dict[str, list[str]], outgoing: dict[str, list[str]], rel: ImportedRelation) -> str:
    """The scheme an attack runs through (the first from its attacker into its target)."""
    into = set(incoming.get(rel.target, []))
    return next((s for s in outgoing.get(rel.source, []) if s in into), "")
