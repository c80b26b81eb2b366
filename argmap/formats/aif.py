"""AIF JSON (the Argument Interchange Format as OVA and AIFdb write it), both ways.

Export: an I-node per span with its text. An RA-node per inference, with an edge from each
of its premises (a linked inference is one RA with several premises, convergent reasons one
RA each); a CA-node per attack, ``I(attacker) -> CA -> I(attacked)``; an undercut is a CA-node
from the undercutter to the RA of the inference it undercuts (``I -> CA -> RA``) or to the CA of
the attack (``I -> CA -> CA``); a preference a PA-node, ``I(preferred) -> PA -> I(less
preferred)`` (the AIF ontology's preferred and dispreferred elements, as Bex, Prakken and
Reed 2013 read them). Scheme nodes are ``Default Inference`` / ``Default Conflict`` /
``Default Preference``, or the scheme name a document's front matter gives the relation
(``schemes:``). Who holds a claim is an L-node (``"holder : text"``, AIFdb's locution
convention) anchored to the I-node by a YA-node ``Asserting``; its ``locutions`` entry names the
holder (``personID``) and the document (``source``). What AIF has no place for (ids, kinds,
labels, citations, tags, the documents' front matter, and qualifications and explanations,
which are not inferences, conflicts or preferences) goes in an ``"argmap"`` object beside
``nodes``/``edges``/``locutions``, keyed by I-node id; AIF readers ignore it, argmap's
importer uses it when it is there.

Import: claims from I-nodes; supports from RA-nodes (several premises: a linked inference;
RA-nodes that share a premise and a conclusion are one inference), attacks from CA-nodes
aimed at I-nodes, undercuts from CA-nodes aimed at an RA or a CA, preferences from PA-nodes
between I-nodes in conflict; scheme names other than the defaults kept (``schemes:``);
holders from the L-nodes anchored to an I-node; the rest is counted and, where it carried
argument content (MA, a PA between scheme nodes, an undercut of an undercut), reported.
"""

from __future__ import annotations

import datetime as _dt
import json
import json.decoder
import json.scanner
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from argmap.errors import ImportFailed, Location
from argmap.formats.imported import (
    ImportedMap,
    Positions,
    has_surrogates,
    import_diag,
    relation_kinds,
    replace_surrogates,
    scheme_units,
    sorted_nodes,
    surrogate_message,
)
from argmap.formats.schemes import SchemeGraph, claim_from, json_id, read_relations, side_relations
from argmap.model import RelationType
from argmap.source.parse import normalize_space

if TYPE_CHECKING:
    import networkx as nx

SCHEME_OF: dict[str, tuple[str, str]] = {
    RelationType.SUPPORTS: ("RA", "Default Inference"),
    RelationType.ATTACKS: ("CA", "Default Conflict"),
    RelationType.UNDERCUTS: ("CA", "Default Conflict"),
    RelationType.OUTWEIGHS: ("PA", "Default Preference"),
}
_META_KEYS = ("kind", "label", "by", "cite", "tags")
_TIMESTAMP = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?")
#: Node types that are expected and deliberately not carried: counted, not reported one by one.
_DIALOGUE = {
    "L": "L nodes (locutions: their speaker becomes the claim's holder)",
    "YA": "YA nodes (illocutionary anchors of the dialogue layer)",
    "TA": "TA nodes (transitions between locutions)",
}


# -- export ---------------------------------------------------------------


def _timestamp(date: object) -> str:
    text = str(date or "")
    parts = [*text.split("-"), "01", "01"][:3] if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text) else ["1970", "01", "01"]
    return f"{parts[0]}-{parts[1]}-{parts[2]} 00:00:00"


def to_aif(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The graph as an AIF JSON object (see the module docstring). Ids are numbered in a stable order."""
    documents = graph.graph.get("documents", {})
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    meta: dict[str, dict[str, Any]] = {}
    i_node: dict[str, str] = {}
    people: dict[str, int] = {}
    counter = 0

    def new_id() -> str:
        nonlocal counter
        counter += 1
        return str(counter)

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None})

    ordered = sorted_nodes(graph)
    for key, data in ordered:
        stamp = _timestamp(documents.get(data.get("doc"), {}).get("date"))
        node_id = i_node[key] = new_id()
        nodes.append({"nodeID": node_id, "text": data.get("text") or "", "type": "I", "timestamp": stamp})
        meta[node_id] = {"id": key, **{k: data.get(k) for k in _META_KEYS if data.get(k) not in (None, [], "")}}
    for key, data in ordered:
        holder = data.get("by") or "unknown"
        stamp = _timestamp(documents.get(data.get("doc"), {}).get("date"))
        l_id, ya_id = new_id(), new_id()
        person = people.setdefault(holder, len(people) + 1)
        nodes.append({"nodeID": l_id, "text": f"{holder} : {data.get('text') or ''}", "type": "L", "timestamp": stamp})
        nodes.append({"nodeID": ya_id, "text": "Asserting", "type": "YA", "timestamp": stamp})
        locutions.append(
            {
                "nodeID": l_id,
                "personID": person,
                "timestamp": stamp,
                "start": None,
                "end": None,
                "source": data.get("doc"),
            }
        )
        edge(l_id, ya_id)
        edge(ya_id, i_node[key])

    def scheme(rel_type: RelationType, name: str | None, source: str) -> str:
        node_type, default = SCHEME_OF[rel_type]
        text = name or default
        stamp = _timestamp(documents.get(graph.nodes[source].get("doc"), {}).get("date"))
        s_id = new_id()
        nodes.append({"nodeID": s_id, "text": text, "type": node_type, "timestamp": stamp, "scheme": text})
        return s_id

    units, side_relations = scheme_units(graph)
    scheme_node: dict[str, str] = {}  # an inference's name, or an attack's "a>b" -> its RA or CA node
    for unit in units:
        into = scheme_node[unit.undercut] if unit.undercut is not None else i_node[unit.target]
        s_id = scheme(unit.relation, unit.scheme, unit.source)
        if unit.name is not None:
            scheme_node[unit.name] = s_id
        for premise in unit.premises:
            edge(i_node[premise], s_id)
        edge(s_id, into)
    argmap_relations = [{"type": str(kind), "from": i_node[a], "to": i_node[b]} for kind, a, b in side_relations]

    docs_meta = {doc: {k: v for k, v in info.items() if k != "path"} for doc, info in documents.items()}
    side: dict[str, Any] = {"version": 1, "documents": docs_meta, "nodes": meta}
    if argmap_relations:
        side["relations"] = argmap_relations
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": [{"participantID": n, "firstname": name, "surname": ""} for name, n in people.items()],
        "argmap": side,
    }


def to_aif_json(graph: nx.MultiDiGraph[str]) -> str:
    return json.dumps(to_aif(graph), indent=2, ensure_ascii=False, default=str) + "\n"


# -- import ---------------------------------------------------------------


class _Located(dict[str, Any]):
    """A JSON object that remembers the offset of its ``{``."""

    offset = 0


@dataclass(frozen=True, slots=True)
class LongNumber:
    """A JSON integer with more digits than Python converts (``sys.get_int_max_str_digits()``, 4300).

    Kept as its digits so that reading goes on; where an id is expected it is reported (AM502).
    """

    digits: str

    def __str__(self) -> str:
        return self.digits


def _int_limit() -> int:
    return getattr(sys, "get_int_max_str_digits", lambda: 0)() or 4300


def _parse_int(digits: str) -> int | LongNumber:
    try:
        return int(digits)
    except ValueError:  # more digits than the interpreter converts
        return LongNumber(digits)


#: One escape in the raw text of a JSON string.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)


def _lone_surrogates(s: str, start: int, end: int) -> list[re.Match[str]]:
    """The escapes in the raw JSON string ``s[start:end]`` that make a lone surrogate (not half of a pair)."""
    lone: list[re.Match[str]] = []
    pending: re.Match[str] | None = None  # a high surrogate waiting for its low half
    for m in _ESCAPE.finditer(s, start, end):
        code = int(m.group(1), 16) if m.group(1) else -1
        if pending is not None and 0xDC00 <= code <= 0xDFFF and m.start() == pending.end():
            pending = None
            continue
        if pending is not None:
            lone.append(pending)
            pending = None
        if 0xD800 <= code <= 0xDBFF:
            pending = m
        elif 0xDC00 <= code <= 0xDFFF:
            lone.append(m)
    if pending is not None:
        lone.append(pending)
    return lone


def load_located(text: str, surrogates: list[tuple[int, str]] | None = None) -> Any:
    """``json.loads`` whose objects are :class:`_Located` (for findings with a line and column).

    Integers too long to convert become :class:`LongNumber`. Lone surrogates (``"\\ud800"``) in
    strings and keys become U+FFFD; each change is appended to ``surrogates`` as (offset, what).
    """
    found = surrogates if surrogates is not None else []

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        offset = s_and_end[1] - 1
        if any(has_surrogates(k) for k in obj):  # keys do not go through parse_string
            found.append((offset, "a key of this object holds one"))
            obj = {replace_surrogates(k): v for k, v in obj.items()}
        located = _Located(obj)
        located.offset = offset
        return located, end

    def parse_string(s: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, after = json.decoder.scanstring(s, end, strict)  # type: ignore[attr-defined]
        if has_surrogates(value):
            lone = _lone_surrogates(s, end, after - 1)
            if lone:
                more = f" (and {len(lone) - 1} more in this string)" if len(lone) > 1 else ""
                found.append((lone[0].start(), f"the escape {lone[0].group()}{more}"))
            else:  # the text itself holds one (only when called with a str that did not come from UTF-8)
                found.append((end - 1, "this string holds one"))
            value = replace_surrogates(value)
        return value, after

    decoder = json.JSONDecoder(parse_int=_parse_int)
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


def read_aif(text: str, path: str) -> ImportedMap:
    """Read AIF JSON (also xAIF, whose AIF is under an ``"AIF"`` key). Raises :class:`ImportFailed` if unusable."""
    return read_json_map(text, path, "aif")


T = TypeVar("T")


def _typed(value: Any, kind: type[T], default: T) -> T:
    """``value`` if it is a ``kind`` (a JSON field of the expected type), else ``default``."""
    return value if isinstance(value, kind) else default


def is_sadface(data: Any) -> bool:
    """SADFace's shape: ``nodes`` of type ``atom``/``scheme``, or edges with ``source_id``, or ``metadata.core``."""
    if not isinstance(data, dict):
        return False
    nodes = _typed(data.get("nodes"), list, [])
    edges = _typed(data.get("edges"), list, [])
    if any(isinstance(n, dict) and n.get("type") in ("atom", "scheme") for n in nodes):
        return True
    if any(isinstance(e, dict) and "source_id" in e for e in edges):
        return True
    meta = data.get("metadata")
    return isinstance(meta, dict) and isinstance(meta.get("core"), dict) and "locutions" not in data


def read_json_map(text: str, path: str, wanted: str | None = None) -> ImportedMap:
    """Read AIF or SADFace JSON, told apart by structure; ``wanted`` ("aif" or "sadface") is what the user named
    with ``--format`` (None: let the structure decide).

    A SADFace file given as AIF (or the reverse) fails with a finding that names the format it is.
    """
    text = text.removeprefix("\ufeff")  # positions count from after a byte order mark, as the Argdown reader's do
    pos = Positions(text, path)
    result = ImportedMap(path=path)
    surrogates: list[tuple[int, str]] = []
    try:
        data = load_located(text, surrogates)
    except json.JSONDecodeError as exc:
        loc = Location(path, exc.lineno, exc.colno)
        raise ImportFailed("the file is not valid JSON", [import_diag(loc, "AM501", f"not JSON: {exc.msg}")]) from None
    except RecursionError:
        loc = Location(path, 1, 1)
        raise ImportFailed(
            "the file is nested too deeply",
            [import_diag(loc, "AM501", "JSON nested too deeply (arrays or objects hundreds of levels deep)")],
        ) from None
    except ValueError as exc:  # pragma: no cover - json reports its errors as JSONDecodeError
        loc = Location(path, 1, 1)
        raise ImportFailed("the file is not valid JSON", [import_diag(loc, "AM501", f"not JSON: {exc}")]) from None
    for offset, what in surrogates:
        result.report(pos.loc(offset), "AM510", surrogate_message(what))
    sadface = is_sadface(data)
    if sadface:
        if wanted == "aif":
            loc = pos.loc(getattr(data, "offset", 0))
            raise ImportFailed(
                "the file is SADFace, not AIF",
                [
                    import_diag(
                        loc,
                        "AM501",
                        "this is SADFace JSON (nodes of type 'atom'/'scheme', edges with 'source_id'), not AIF: "
                        "give --format sadface, or leave --format out",
                    )
                ],
            )
        from argmap.formats.sadface import read_sadface

        return read_sadface(data, result, pos)
    if wanted == "sadface":
        loc = pos.loc(getattr(data, "offset", 0))
        raise ImportFailed(
            "the file is not SADFace",
            [
                import_diag(
                    loc,
                    "AM501",
                    "SADFace JSON is an object with 'metadata' ('core'), 'nodes' of type 'atom' and 'scheme' and "
                    "'edges' with 'source_id' and 'target_id'"
                    + (
                        ": this looks like AIF (give --format aif)"
                        if isinstance(data, dict) and "nodes" in data
                        else ""
                    ),
                )
            ],
        )
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict) and "nodes" not in data:
        data = data["AIF"]
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        loc = pos.loc(getattr(data, "offset", 0))
        raise ImportFailed(
            "the file is not AIF",
            [import_diag(loc, "AM501", "AIF JSON is an object with a 'nodes' list (and 'edges')")],
        )

    def where(obj: Any) -> Location:
        return pos.loc(getattr(obj, "offset", 0))

    nodes = _read_nodes(result, data["nodes"], where)
    edges_raw = data.get("edges", [])
    if not isinstance(edges_raw, list):
        result.report(where(data), "AM502", "'edges' is not a list: no relations can be read")
        edges_raw = []
    incoming: dict[str, list[tuple[str, Location]]] = {}
    outgoing_: dict[str, list[tuple[str, Location]]] = {}
    for edge in edges_raw:
        result.read["edges"] += 1
        source, target = (json_id(edge.get(k)) if isinstance(edge, dict) else None for k in ("fromID", "toID"))
        too_long = [k for k in ("fromID", "toID") if isinstance(edge, dict) and isinstance(edge.get(k), LongNumber)]
        if too_long:
            result.report(where(edge), "AM502", f"an edge's {_long_number(too_long[0], edge[too_long[0]])}")
            result.skip("malformed edges")
            continue
        if source is None or target is None:
            result.report(where(edge), "AM502", "an edge needs 'fromID' and 'toID'")
            result.skip("malformed edges")
            continue
        missing = [x for x in (source, target) if x not in nodes]
        if missing:
            result.report(
                where(edge), "AM504", f"edge {source} -> {target} names node {', '.join(missing)}, which does not exist"
            )
            result.skip("edges to a node that does not exist")
            continue
        outgoing_.setdefault(source, []).append((target, where(edge)))
        incoming.setdefault(target, []).append((source, where(edge)))

    side = _typed(data.get("argmap"), dict, {})
    side_nodes = _typed(side.get("nodes"), dict, {})
    documents = _typed(side.get("documents"), dict, {})
    result.documents = {str(k): dict(v) for k, v in documents.items() if isinstance(v, dict)}
    if len(documents) == 1:
        only = next(iter(documents.values()))
        if isinstance(only, dict):
            result.meta = dict(only)

    graph = SchemeGraph(
        nodes,
        {k: [n for n, _ in v] for k, v in incoming.items()},
        {k: [n for n, _ in v] for k, v in outgoing_.items()},
        lambda node_id: f"{nodes[node_id][0].rstrip('?')} node {node_id}",
        lambda node_type: f"{node_type} nodes",
    )
    relations = read_relations(result, graph)
    relations += side_relations(
        result, side.get("relations"), lambda n: n in nodes and nodes[n][0] == "I", "I-node", where
    )
    holders = _read_holders(nodes, incoming, outgoing_, _participants(data))
    declares = relation_kinds(relations)
    for node_id, (node_type, node_text, loc) in nodes.items():
        if node_type == "I":
            extra = _typed(side_nodes.get(node_id), dict, {})
            result.claims.append(
                claim_from(node_id, node_text, loc, extra, declares, f"n{node_id}", holders.get(node_id))
            )
    result.relations = relations
    result.date_hint = _earliest_date(result, data["nodes"], where)
    return result


def _earliest_date(result: ImportedMap, raw_nodes: list[Any], where: Any) -> str | None:
    """The earliest day of the nodes' timestamps; one that is no calendar date is reported (AM510) and not used."""
    dates: list[str] = []
    for node in raw_nodes:
        stamp = node.get("timestamp") if isinstance(node, dict) else None
        m = _TIMESTAMP.match(stamp) if isinstance(stamp, str) else None
        if m is None:
            continue
        day = m.group(1)
        if _is_day(day):
            dates.append(day)
        else:
            result.report(
                where(node), "AM510", f"timestamp {stamp!r} is not a calendar date: not used for the document's date"
            )
            result.skip("timestamps that are not a calendar date")
    return min(dates) if dates else None


def _is_day(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _long_number(key: str, value: LongNumber) -> str:
    digits = len(value.digits.lstrip("-"))
    return (
        f"'{key}' is a number of {digits} digits, more than the {_int_limit()} argmap can read: "
        "skipped (write the id as a string)"
    )


def _read_nodes(result: ImportedMap, raw_nodes: list[Any], where: Any) -> dict[str, tuple[str, str, Location]]:
    nodes: dict[str, tuple[str, str, Location]] = {}
    first_line: dict[str, int] = {}
    for node in raw_nodes:
        loc = where(node)
        if not isinstance(node, dict):
            result.report(loc, "AM502", "a node is not a JSON object")
            result.skip("malformed nodes")
            continue
        node_id, node_type = json_id(node.get("nodeID")), node.get("type")
        if isinstance(node.get("nodeID"), LongNumber):
            result.report(loc, "AM502", f"a node's {_long_number('nodeID', node['nodeID'])}")
            result.skip("malformed nodes")
            continue
        if node_id is None or not isinstance(node_type, str):
            result.report(loc, "AM502", "a node needs 'nodeID' (text or number) and 'type'")
            result.skip("malformed nodes")
            continue
        result.read[f"{node_type} nodes"] += 1
        if node_id in nodes:
            result.report(loc, "AM505", f"nodeID {node_id!r} is already used at line {first_line[node_id]}: skipped")
            result.skip("nodes with a duplicate nodeID")
            continue
        text = _typed(node.get("text"), str, "")
        if node_type == "I":
            text = normalize_space(text)
            if not text:
                result.report(loc, "AM506", f"I-node {node_id} has no text: skipped")
                result.skip("I nodes with no text")
                node_type = "I?"  # kept so that edges to it are not reported as dangling too
        elif node_type in ("RA", "CA", "PA") or node_type in _DIALOGUE:
            pass
        elif node_type == "MA":
            result.report(loc, "AM509", f"rephrase (MA) node {node_id} has no argmap counterpart: not carried")
            result.skip("MA nodes (rephrase)")
        else:
            result.report(
                loc,
                "AM503",
                f"unknown node type {node_type!r} (node {node_id}): expected I, RA, CA, MA, PA, L, YA or TA",
            )
            result.skip("nodes of an unknown type")
        nodes[node_id] = (node_type, text, loc)
        first_line[node_id] = loc.line
        if node_type in _DIALOGUE:
            result.skip(_DIALOGUE[node_type])
    return nodes


#: ``Speaker : words`` (AIFdb) or ``Speaker: words`` (OVA and others): the speaker before the first colon.
_SPEAKER = re.compile(r"\s*([^:\n]*?[^\s:])\s*:\s")


def _participants(data: dict[str, Any]) -> dict[str, str]:
    """L-node id -> the name of the participant its ``locutions`` entry names (xAIF and AIFdb's
    ``locutions``/``participants``: ``personID`` -> ``participantID``, ``firstname`` and ``surname``).
    Entries of another shape are passed over: the names are a fallback for locutions whose text names
    no speaker."""
    names: dict[str, str] = {}
    for person in _typed(data.get("participants"), list, []):
        person_id = json_id(person.get("participantID")) if isinstance(person, dict) else None
        if person_id is not None:
            parts = [person.get(k) for k in ("firstname", "surname")]
            name = normalize_space(" ".join(p for p in parts if isinstance(p, str)))
            if name:
                names.setdefault(person_id, name)
    speaker_of: dict[str, str] = {}
    for locution in _typed(data.get("locutions"), list, []):
        if isinstance(locution, dict):
            node_id, person_id = json_id(locution.get("nodeID")), json_id(locution.get("personID"))
            if node_id is not None and person_id in names:
                speaker_of.setdefault(node_id, names[person_id])
    return speaker_of


def _read_holders(
    nodes: dict[str, tuple[str, str, Location]],
    incoming: dict[str, list[tuple[str, Location]]],
    outgoing_: dict[str, list[tuple[str, Location]]],
    participants: dict[str, str],
) -> dict[str, str]:
    """I-node -> the speaker of the locution anchored to it (``L -> YA -> I``, L text ``"Speaker : words"``).

    AIFdb writes ``Speaker : words``, other tools ``Speaker: words``; both are read. A locution whose
    text has no colon followed by a space names the participant its ``locutions`` entry names, if any
    (:func:`_participants`: xAIF writes the words alone).
    """
    holders: dict[str, str] = {}
    for node_id, (node_type, _, _) in nodes.items():
        if node_type != "YA":
            continue
        speakers = [
            m.group(1) if (m := _SPEAKER.match(nodes[n][1])) is not None else participants.get(n, "")
            for n, _ in incoming.get(node_id, [])
            if nodes[n][0] == "L"
        ]
        speakers = [s for s in speakers if s]
        for target, _ in outgoing_.get(node_id, []):
            if nodes[target][0] == "I" and speakers and speakers[0]:
                holders.setdefault(target, normalize_space(speakers[0]))
    return holders
