"""SADFace JSON (Simon Wells' Simple Argument Description Format), both ways.

A SADFace document is ``{"metadata": {"core": {...}}, "resources": [...], "nodes": [...],
"edges": [...]}``: ``atom`` nodes hold the claims (``text``), ``scheme`` nodes (``name``)
the relations between them, and edges run ``atom -> scheme -> atom``, premise to conclusion,
as in AIF. A scheme named ``conflict`` (or ``attack``, ``rebuttal``, ...) is an attack; any
other name (``support`` or an argumentation scheme's name) is a support, the name kept.

Export: an atom per span, a ``support`` or ``conflict`` scheme per relation; ids are UUIDs
derived from the span keys (the same corpus gives the same bytes). What SADFace has no place
for (argmap ids, kinds, labels, holders, citations, tags, the documents' front matter) goes in
an ``argmap`` metadata namespace, which SADFace reserves for such use: on atoms
(``metadata.argmap``) and globally (``metadata.argmap.documents``).

Import: :func:`read_sadface` is called by :func:`argmap.formats.aif.read_json_map` once the
JSON is parsed and recognised as SADFace; findings say "SADFace", never "AIF".
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from argmap.formats.interchange import (
    ImportedClaim,
    ImportedInference,
    ImportedMap,
    ImportedRelation,
    ImportFailed,
    Positions,
    fit_kind,
    import_diag,
    kind_from_relations,
    sorted_edges,
    sorted_nodes,
)
from argmap.model import NodeKind, RelationType
from argmap.parse import normalize_space

if TYPE_CHECKING:
    import networkx as nx

#: Scheme names read as an attack (compared in lower case); every other name is a support.
CONFLICT_NAMES = frozenset({"conflict", "attack", "rebut", "rebuttal", "default conflict", "contradiction"})
_NAMESPACE = uuid.UUID("5b0c7a52-4a7e-4f7e-9d53-5a1c6a0e2f10")  # argmap's namespace for the UUIDs it derives
_META_KEYS = ("kind", "label", "by", "cite", "tags")


# -- export ---------------------------------------------------------------


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


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
    for source, target, rel_type, _ in sorted_edges(graph):
        if rel_type not in (RelationType.SUPPORTS, RelationType.ATTACKS):
            continue
        name = "support" if rel_type == RelationType.SUPPORTS else "conflict"
        scheme = _uuid("scheme", source, target, str(rel_type))
        nodes.append({"id": scheme, "type": "scheme", "name": name, "metadata": {}})
        edges.append({"id": _uuid("edge", atom[source], scheme), "source_id": atom[source], "target_id": scheme})
        edges.append({"id": _uuid("edge", scheme, atom[target]), "source_id": scheme, "target_id": atom[target]})
    titles = [str(info.get("title")) for info in documents.values() if info.get("title")]
    dates = sorted(str(info.get("date")) for info in documents.values() if info.get("date"))
    docs_meta = {doc: {k: v for k, v in info.items() if k != "path"} for doc, info in documents.items()}
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
        "metadata": {"core": core, "argmap": {"version": 1, "documents": docs_meta}},
        "resources": [],
        "nodes": nodes,
        "edges": edges,
    }


def to_sadface_json(graph: nx.MultiDiGraph[str]) -> str:
    return json.dumps(to_sadface(graph), indent=2, ensure_ascii=False, default=str) + "\n"


# -- import ---------------------------------------------------------------


def _id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value)


def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None


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
    elif not result.documents and _str(core.get("title")):
        result.meta["title"] = normalize_space(str(core["title"]))
    nodes: dict[str, tuple[str, str, Any, dict[str, Any]]] = {}
    for node in raw_nodes:
        loc = where(node)
        if not isinstance(node, dict):
            result.report(loc, "AM502", "a SADFace node is not a JSON object")
            result.skip("malformed nodes")
            continue
        node_id, node_type = _id(node.get("id")), node.get("type")
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
        source = _id(edge.get("source_id")) if isinstance(edge, dict) else None
        target = _id(edge.get("target_id")) if isinstance(edge, dict) else None
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
    given_by: dict[tuple[str, str, RelationType], str] = {}
    for node_id, (node_type, name, loc, _) in nodes.items():
        if node_type != "scheme":
            continue
        rel_type = RelationType.ATTACKS if name.lower() in CONFLICT_NAMES else RelationType.SUPPORTS
        scheme = name if name.lower() not in ("support", "conflict") and name else None
        premises = [n for n in incoming.get(node_id, []) if nodes[n][0].startswith("atom")]
        conclusions = [n for n in outgoing.get(node_id, []) if nodes[n][0].startswith("atom")]
        if any(nodes[n][0] == "scheme" for n in outgoing.get(node_id, [])):
            result.report(
                loc, "AM509", f"SADFace scheme {node_id} points at another scheme (an undercut): not carried yet"
            )
            result.skip("schemes aimed at another scheme (undercuts)")
            continue
        if not premises or not conclusions:
            lacking = "premise" if not premises else "conclusion"
            result.report(
                loc, "AM502", f"SADFace scheme {node_id} ({name or 'unnamed'}) has no {lacking} atom: not carried"
            )
            result.skip(f"schemes with no {lacking}")
            continue
        if len(premises) > 1:
            result.report(
                loc,
                "AM510",
                f"SADFace scheme {node_id} links {len(premises)} premises: "
                f"carried as {len(premises)} separate relations",
            )
            if rel_type is RelationType.SUPPORTS and len(conclusions) == 1:
                result.inferences.append(ImportedInference(node_id, tuple(premises), conclusions[0], scheme, loc))
        for premise in premises:
            for conclusion in conclusions:
                if nodes[premise][0] != "atom" or nodes[conclusion][0] != "atom":
                    result.skip("relations to or from a skipped atom")
                    continue
                first = given_by.setdefault((premise, conclusion, rel_type), node_id)
                if first != node_id:
                    result.report(
                        loc,
                        "AM513",
                        f"SADFace scheme {node_id} gives the relation {premise} -> {conclusion} "
                        f"that scheme {first} gives already: counted once",
                    )
                    result.skip("relations given again by another scheme")
                    continue
                result.relations.append(ImportedRelation(premise, conclusion, rel_type, loc, scheme=scheme))
    declares: dict[str, set[RelationType]] = {}
    for rel in result.relations:
        declares.setdefault(rel.source, set()).add(rel.type)
    for n, (node_id, (node_type, text, loc, extra)) in enumerate(nodes.items(), 1):
        if node_type != "atom":
            continue
        types = declares.get(node_id, set())
        supports, attacks = RelationType.SUPPORTS in types, RelationType.ATTACKS in types
        try:
            kind = fit_kind(NodeKind(extra["kind"]), supports, attacks)
        except (KeyError, ValueError):
            kind = kind_from_relations(supports, attacks)
        tags = extra.get("tags")
        result.claims.append(
            ImportedClaim(
                key=node_id,
                text=text,
                kind=kind,
                loc=loc,
                id_hint=_str(extra.get("id")) or f"a{n}",
                label=_str(extra.get("label")),
                by=_str(extra.get("by")),
                cite=_str(extra.get("cite")),
                tags=tuple(str(t) for t in tags if str(t).strip() and not any(c.isspace() for c in str(t)))
                if isinstance(tags, list)
                else (),
                doc=(_str(extra.get("id")) or "").rpartition("#")[0] or None,
            )
        )
    return result
