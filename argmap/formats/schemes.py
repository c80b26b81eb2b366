"""Graphs of claims and scheme nodes (AIF, SADFace) -> the relations of the argument model.

Both formats put a node between claims for each relation, edges running from the premises (or
the attacker, or the preferred claim) through the scheme node to the conclusion (the attacked,
the less preferred). The readers turn their nodes into a :class:`SchemeGraph` of these types:

====== ================================= ==============================================
type   node                               carried as
====== ================================= ==============================================
``I``  a claim (``I?``: one not carried)  a span
``RA`` an inference                       supports; several premises: a linked inference
``CA`` a conflict                         attacks (to a claim); undercuts (to an ``RA``:
                                          of the inference; to a ``CA``: of the attack)
``PA`` a preference                       ``outweighs``, between claims in conflict
``MA`` a rephrase                         not carried (AM509)
====== ================================= ==============================================

argmap has one inference per premise and conclusion, so ``RA`` nodes that share a premise and a
conclusion become one: the same premises again is counted once (AM513), other premises are
joined into one linked inference (AM510). A conflict from several premises (a linked attack)
becomes one attack or undercut per premise (AM510). Findings name the nodes as the format does
(:attr:`SchemeGraph.name`), so that a SADFace file is never reported as AIF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argmap.errors import Location
from argmap.formats.imported import ImportedClaim, ImportedInference, ImportedMap, ImportedRelation, kind_for
from argmap.model import NodeKind, RelationType
from argmap.source.parse import normalize_space

#: Scheme node types argmap reads: inference, conflict, preference (and the rephrase it reports).
SCHEMES = ("RA", "CA", "PA", "MA")
#: Scheme texts that name no particular scheme (not kept as a scheme name).
DEFAULT_SCHEMES = frozenset(
    {"default inference", "default conflict", "default preference", "support", "conflict", "preference"}
)


@dataclass(slots=True)
class SchemeGraph:
    """Claims and scheme nodes with the edges between them, as a reader found them."""

    #: Node id -> (type, text, location); types as in the module docstring.
    nodes: dict[str, tuple[str, str, Location]]
    #: Node id -> the ids of the nodes with an edge into it, in input order.
    incoming: dict[str, list[str]]
    #: Node id -> the ids of the nodes it has an edge to, in input order.
    outgoing: dict[str, list[str]]
    #: How a finding names a node: ``RA node 3`` (AIF), ``SADFace scheme 3 (support)``.
    name: Callable[[str], str]
    #: How the summary names the nodes of a type: ``RA nodes``, ``SADFace support schemes``.
    plural: Callable[[str], str]

    def ends(self, node_id: str) -> _Ends:
        def of(ids: list[str], types: tuple[str, ...]) -> list[str]:
            return list(dict.fromkeys(n for n in ids if self.nodes[n][0] in types))

        before, after = self.incoming.get(node_id, []), self.outgoing.get(node_id, [])
        return _Ends(of(before, ("I", "I?")), of(after, ("I", "I?")), of(after, SCHEMES), of(before, SCHEMES))


@dataclass(frozen=True, slots=True)
class _Ends:
    """What a scheme node joins: claims into it and out of it, scheme nodes out of it and into it."""

    before: list[str]
    after: list[str]
    onto: list[str]
    from_schemes: list[str]


@dataclass(slots=True)
class _Unit:
    """One inference node into one of its conclusions."""

    node: str
    premises: list[str]
    conclusion: str
    scheme: str | None
    loc: Location


def scheme_name(text: str) -> str | None:
    """The scheme a node names, or None for a default (``Default Inference``, ``support``, ...)."""
    name = normalize_space(text)
    return None if not name or name.lower() in DEFAULT_SCHEMES else name


def read_relations(result: ImportedMap, graph: SchemeGraph) -> list[ImportedRelation]:
    """Supports (linked when an inference has several premises), attacks, undercuts and preferences."""
    relations: list[ImportedRelation] = []
    reader = _Reader(result, graph, relations)
    inference_of = reader.inferences()
    attacks_of = reader.conflicts(inference_of)
    reader.preferences(attacks_of)
    return relations


@dataclass(slots=True)
class _Reader:
    result: ImportedMap
    graph: SchemeGraph
    relations: list[ImportedRelation]

    def usable(self, keys: list[str]) -> list[str]:
        """The claims that were carried; relations to skipped ones are counted."""
        good = [k for k in keys if self.graph.nodes[k][0] == "I"]
        if len(good) < len(keys):
            self.result.skip("relations to or from a skipped claim", len(keys) - len(good))
        return good

    def no_end(self, node_id: str, node_type: str, loc: Location, missing: str) -> None:
        what = "claim" if missing in ("premise", "conclusion") else "claim it prefers"
        self.result.report(loc, "AM502", f"{self.graph.name(node_id)} has no {missing} ({what}): not carried")
        self.result.skip(f"{self.graph.plural(node_type)} with no {missing}")

    def inferences(self) -> dict[str, list[tuple[str, str]]]:
        """Inference nodes -> supports and linked inferences; node -> the (premise, conclusion) naming each."""
        result, graph = self.result, self.graph
        units: list[_Unit] = []
        for node_id, (node_type, node_text, loc) in graph.nodes.items():
            if node_type != "RA":
                continue
            found = graph.ends(node_id)
            if found.onto:
                result.report(
                    loc,
                    "AM509",
                    f"{graph.name(node_id)} points at {', '.join(graph.name(n) for n in found.onto)} (a support of "
                    "a relation): argmap supports claims only; not carried",
                )
                result.skip(f"{graph.plural('RA')} aimed at another scheme node")
                continue
            if not found.before or not found.after:
                self.no_end(node_id, "RA", loc, "premise" if not found.before else "conclusion")
                continue
            if len(found.after) > 1:
                result.report(
                    loc, "AM510", f"{graph.name(node_id)} has {len(found.after)} conclusions: an inference to each"
                )
            premises = self.usable(found.before)
            for conclusion in self.usable(found.after):
                if premises:
                    units.append(_Unit(node_id, premises, conclusion, scheme_name(node_text), loc))
        first_unit: dict[tuple[str, str], int] = {}
        parent = list(range(len(units)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, unit in enumerate(units):
            for premise in unit.premises:
                j = first_unit.setdefault((premise, unit.conclusion), i)
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        groups: dict[int, list[_Unit]] = {}
        for i, unit in enumerate(units):
            groups.setdefault(find(i), []).append(unit)
        inference_of: dict[str, list[tuple[str, str]]] = {}
        for members in groups.values():
            head = members[0]
            premises = list(dict.fromkeys(p for unit in members for p in unit.premises))
            for unit in members[1:]:
                if set(unit.premises) == set(head.premises):
                    result.report(
                        unit.loc,
                        "AM513",
                        f"{graph.name(unit.node)} gives the inference {'+'.join(unit.premises)} -> {unit.conclusion} "
                        f"that {graph.name(head.node)} gives already: counted once",
                    )
                    result.skip(f"relations given again by another of the {graph.plural('RA')}", len(unit.premises))
                else:
                    result.report(
                        unit.loc,
                        "AM510",
                        f"{graph.name(unit.node)} and {graph.name(head.node)} share a premise of {unit.conclusion}: "
                        f"argmap has one inference per premise and conclusion, so they are one inference of "
                        f"{len(premises)} premises",
                    )
            for unit in members:
                inference_of.setdefault(unit.node, []).append((unit.premises[0], unit.conclusion))
            for premise in premises:
                self.relations.append(
                    ImportedRelation(premise, head.conclusion, RelationType.SUPPORTS, head.loc, head.scheme)
                )
            if len(premises) > 1:
                result.inferences.append(
                    ImportedInference(head.node, tuple(premises), head.conclusion, head.scheme, head.loc)
                )
        return inference_of

    def conflicts(self, inference_of: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
        """Conflict nodes -> attacks (to a claim) and undercuts (to an inference or an attack).

        Returns conflict node -> the attacks it gives. An undercut of an undercut has no argmap
        counterpart (AM509).
        """
        result, graph = self.result, self.graph
        attacks_of: dict[str, list[tuple[str, str]]] = {}
        given: dict[tuple[str, str, str | None], str] = {}
        undercutting: list[tuple[str, list[str], list[str], Location]] = []

        def add(rel: ImportedRelation, node_id: str) -> bool:
            first = given.setdefault((rel.source, rel.target, rel.of), node_id)
            if first != node_id:
                what = f"{rel.source} -> {rel.target}" + (f" (of {rel.of} -> {rel.target})" if rel.of else "")
                result.report(
                    rel.loc,
                    "AM513",
                    f"{graph.name(node_id)} gives the relation {what} that {graph.name(first)} gives already: "
                    "counted once",
                )
                result.skip(f"relations given again by another of the {graph.plural('CA')}")
                return False
            self.relations.append(rel)
            return True

        for node_id, (node_type, node_text, loc) in graph.nodes.items():
            if node_type != "CA":
                continue
            found = graph.ends(node_id)
            if not found.before or not (found.after or found.onto):
                self.no_end(node_id, "CA", loc, "premise" if not found.before else "conclusion")
                continue
            if len(found.before) > 1:
                result.report(
                    loc,
                    "AM510",
                    f"{graph.name(node_id)} links {len(found.before)} premises (a linked attack): "
                    f"carried as {len(found.before)} separate ones",
                )
            attackers = self.usable(found.before)
            scheme = scheme_name(node_text)
            for target in self.usable(found.after):
                for attacker in attackers:
                    if add(ImportedRelation(attacker, target, RelationType.ATTACKS, loc, scheme), node_id):
                        attacks_of.setdefault(node_id, []).append((attacker, target))
            if found.onto:
                undercutting.append((node_id, attackers, found.onto, loc))
        undercutters = {node_id for node_id, *_ in undercutting}
        for node_id, attackers, onto, loc in undercutting:
            for target_node in onto:
                target_type = graph.nodes[target_node][0]
                if target_type == "RA":
                    named = [(via, to, RelationType.SUPPORTS) for via, to in inference_of.get(target_node, [])]
                elif target_type == "CA":
                    named = [(via, to, RelationType.ATTACKS) for via, to in attacks_of.get(target_node, [])]
                else:
                    result.report(
                        loc,
                        "AM509",
                        f"{graph.name(node_id)} points at {graph.name(target_node)}: argmap undercuts supports and "
                        "attacks only; not carried",
                    )
                    result.skip(f"{graph.plural('CA')} aimed at a {graph.plural(target_type)[:-1]}")
                    continue
                if not named and target_node in undercutters:
                    result.report(
                        loc,
                        "AM509",
                        f"{graph.name(node_id)} undercuts {graph.name(target_node)}, itself an undercut: argmap "
                        "undercuts supports and attacks only; not carried",
                    )
                    result.skip("undercuts of an undercut")
                    continue
                if not named:
                    result.skip("undercuts of a relation that was not carried")
                    continue
                for via, target, via_type in named:
                    for attacker in attackers:
                        rel = ImportedRelation(attacker, target, RelationType.UNDERCUTS, loc, of=via, of_type=via_type)
                        add(rel, node_id)
        return attacks_of

    def preferences(self, attacks_of: dict[str, list[tuple[str, str]]]) -> None:
        """Preference nodes between claims -> ``outweighs`` (preferred -> PA -> less preferred).

        argmap keeps a preference only between a claim and its attacker (AM211) and one way
        (AM213); a preference between scheme nodes (of inferences or conflicts) has no
        counterpart (AM509).
        """
        result, graph = self.result, self.graph
        conflicts = {frozenset(pair) for pairs in attacks_of.values() for pair in pairs}
        done: set[tuple[str, str]] = set()
        for node_id, (node_type, _, loc) in graph.nodes.items():
            if node_type != "PA":
                continue
            found = graph.ends(node_id)
            if found.onto or found.from_schemes:
                result.report(
                    loc,
                    "AM509",
                    f"{graph.name(node_id)} prefers one scheme node to another (an inference or a conflict): argmap "
                    "prefers claims only; not carried",
                )
                result.skip(f"{graph.plural('PA')} between scheme nodes")
                continue
            if not found.before or not found.after:
                self.no_end(node_id, "PA", loc, "preferred" if not found.before else "dispreferred")
                continue
            for better in self.usable(found.before):
                for worse in self.usable(found.after):
                    if frozenset((better, worse)) not in conflicts:
                        result.report(
                            loc,
                            "AM509",
                            f"{graph.name(node_id)} prefers {better} to {worse}, but neither attacks the other: "
                            "argmap keeps a preference only between a claim and its attacker; not carried",
                        )
                        result.skip("preferences between claims that do not conflict")
                    elif (worse, better) in done:
                        result.report(
                            loc,
                            "AM509",
                            f"{graph.name(node_id)} prefers {better} to {worse}, and another node the reverse: "
                            "the second is not carried",
                        )
                        result.skip("preferences both ways (the second)")
                    elif (better, worse) not in done:
                        done.add((better, worse))
                        self.relations.append(ImportedRelation(better, worse, RelationType.OUTWEIGHS, loc))


# -- what AIF and SADFace files share: JSON values, argmap's side data ------


def json_id(value: Any) -> str | None:
    """A node id as a string (ids are strings or integers), or ``None`` for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value)


def json_text(value: Any) -> str | None:
    """A scalar as text, or ``None`` when it is missing, not a scalar, or blank."""
    return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None


def claim_from(
    node_id: str,
    text: str,
    loc: Location,
    extra: dict[str, Any],
    declares: dict[str, tuple[set[RelationType], set[RelationType]]],
    id_hint: str,
    holder: str | None = None,
) -> ImportedClaim:
    """An I-node or atom as a claim, with what argmap's side data (``extra``) says of it.

    Its kind is the one argmap wrote (``extra["kind"]``) where that fits the
    relations it declares, else the one they imply; its id, label, holder,
    citation and tags come from the side data, the holder else from ``holder``.
    """
    types, sides = declares.get(node_id, (set(), set()))
    try:
        given: NodeKind | None = NodeKind(extra["kind"])
    except (KeyError, ValueError):
        given = None
    tags = extra.get("tags")
    written_id = json_text(extra.get("id"))
    return ImportedClaim(
        key=node_id,
        text=text,
        kind=kind_for(given, types, sides),
        loc=loc,
        id_hint=written_id or id_hint,
        doc=(written_id or "").rpartition("#")[0] or None,
        label=json_text(extra.get("label")),
        by=json_text(extra.get("by")) or holder,
        cite=json_text(extra.get("cite")),
        tags=tuple(str(t) for t in tags if str(t).strip() and not any(c.isspace() for c in str(t)))
        if isinstance(tags, list)
        else (),
    )


def side_relations(
    result: ImportedMap, raw: Any, carried: Callable[[str], bool], noun: str, where: Callable[[Any], Location]
) -> list[ImportedRelation]:
    """Qualifications and explanations from argmap's side data (neither format has a node type for them).

    ``carried`` says whether an id is a claim being carried; ``noun`` names such
    a node in findings (``"I-node"``, ``"atom"``).
    """
    if not isinstance(raw, list):
        return []
    wanted = {str(t): t for t in (RelationType.QUALIFIES, RelationType.EXPLAINS)}
    relations: list[ImportedRelation] = []
    for entry in raw:
        kind = wanted.get(str(entry.get("type"))) if isinstance(entry, dict) else None
        ends = [json_id(entry.get(k)) for k in ("from", "to")] if isinstance(entry, dict) else [None, None]
        source, target = ends
        if kind is None or source is None or target is None:
            result.report(
                where(entry), "AM502", "an 'argmap' relation needs 'type' (qualifies or explains), 'from', 'to'"
            )
            result.skip("malformed argmap relations")
            continue
        result.read["argmap relations (qualifies, explains)"] += 1
        if not (carried(source) and carried(target)):
            result.report(where(entry), "AM504", f"argmap relation {source} -> {target} names no carried {noun}")
            result.skip(f"argmap relations to a node that is not a carried {noun}")
            continue
        relations.append(ImportedRelation(source, target, kind, where(entry)))
    return relations
