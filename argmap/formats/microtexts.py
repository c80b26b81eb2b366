"""The Potsdam argumentative microtexts (arggraph XML, Peldszus and Stede 2016) -> an :class:`ImportedMap`.

An ``arggraph`` holds the text as elementary discourse units (``edu``, in order), the
argumentative units (``adu``, ``type`` pro or opp: the proponent's or the opponent's voice),
``joint`` nodes that gather several EDUs into one ADU, and edges:

====== ================================ =====================================================
edge   from -> to                        carried as
====== ================================ =====================================================
seg    EDU or joint -> joint or ADU      the ADU's span: its EDUs, joined (a joint's too)
sup    ADU -> ADU                        a support
exa    ADU -> ADU                        a support whose scheme is ``Example`` (front matter
                                         ``schemes:``); the source gets the tag ``example``
reb    ADU -> ADU                        an attack
und    ADU -> edge (sup, exa or reb)     an undercut of that support or attack
add    ADU -> edge (sup or exa)          a premise linked to the support's (``with=``)
====== ================================ =====================================================

The document body is the EDUs' text joined by single spaces, as the corpus's ``.txt`` files
are, so every ADU is marked on its exact words. EDUs marked ``implicit`` (the central claim of
some texts of the second part, not written by the author) are a paragraph of their own after
the text, their spans tagged ``implicit``. An ADU's tag says whose voice it is
(``proponent``, ``opponent``); the central claim (the ADU with no outgoing edge) is a
``.claim``.

What argmap has no construct for is reported and counted: an undercut of an undercut (``und``
aimed at an ``und``: AM509; its ADU is kept, as the premise or rebuttal it is by the side it
takes, each undercut down the chain changing sides, not as a second ``.claim``); a premise added
to an attack or an undercut (``add`` aimed at a ``reb`` or ``und``), which argmap cannot link, is
carried as an attack or undercut of its own (AM510); an ADU whose EDUs are not adjacent is marked
on its first run of adjacent EDUs, the rest left as text (AM510).
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

from argmap.errors import ImportFailed, Location
from argmap.formats.imported import (
    ImportedClaim,
    ImportedInference,
    ImportedMap,
    ImportedRelation,
    import_diag,
    kind_for,
    relation_kinds,
)
from argmap.model import NodeKind, RelationType

#: ADU types -> the tag saying whose voice it is.
VOICES = {"pro": "proponent", "opp": "opponent"}
#: Edge types between ADUs (function edges), with the relation they become.
FUNCTIONS = {"sup": RelationType.SUPPORTS, "exa": RelationType.SUPPORTS, "reb": RelationType.ATTACKS}
#: The scheme name of a support by example (``exa``).
EXAMPLE_SCHEME = "Example"
EDGE_TYPES = ("seg", "sup", "exa", "reb", "und", "add")


@dataclass(slots=True)
class _Element:
    tag: str
    attrs: dict[str, str]
    loc: Location
    text: list[str] = field(default_factory=list)


def _parse(text: str, path: str) -> tuple[_Element, list[_Element]]:
    """The root element and its children (with their text and positions); malformed XML is AM501."""
    parser = xml.parsers.expat.ParserCreate()
    stack: list[_Element] = []
    found: list[_Element] = []
    root: list[_Element] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = _Element(tag, attrs, Location(path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))
        if not stack:
            root.append(element)
        elif len(stack) == 1:
            found.append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if stack:
            stack[-1].text.append(chunk)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        loc = Location(path, exc.lineno, exc.offset + 1)
        message = xml.parsers.expat.ErrorString(exc.code)
        raise ImportFailed(
            "the file is not well-formed XML", [import_diag(loc, "AM501", f"not XML: {message}")]
        ) from None
    if not root or root[0].tag != "arggraph":
        loc = root[0].loc if root else Location(path, 1, 1)
        what = f"<{root[0].tag}>" if root else "nothing"
        raise ImportFailed(
            "the file is no arggraph",
            [import_diag(loc, "AM501", f"an arg-microtexts file is an <arggraph> of edu, adu and edge; found {what}")],
        )
    return root[0], found


@dataclass(slots=True)
class _Edge:
    id: str
    src: str
    trg: str
    type: str
    loc: Location


def read_microtext(text: str, path: str) -> ImportedMap:
    """Read one arggraph XML file (see the module docstring). Raises :class:`ImportFailed` if unusable."""
    root, children = _parse(text.removeprefix("\ufeff"), path)
    result = ImportedMap(path=path, text_path=path)
    reader = _Reader(result)
    reader.elements(children)
    reader.body()
    reader.spans()
    reader.functions()
    reader.claims()
    graph_id = root.attrs.get("id")
    topic, stance = root.attrs.get("topic_id"), root.attrs.get("stance")
    if graph_id:
        about = ", ".join(part for part in (topic and topic.replace("_", " "), stance and f"stance {stance}") if part)
        result.title_hint = f"{graph_id} ({about})" if about else graph_id
        result.title_note = f"Inferred: the arggraph's id{', topic and stance' if about else ''} in its file."
    return result


@dataclass(slots=True)
class _Reader:
    result: ImportedMap
    edus: dict[str, _Element] = field(default_factory=dict)
    joints: dict[str, _Element] = field(default_factory=dict)
    adus: dict[str, _Element] = field(default_factory=dict)
    edges: dict[str, _Edge] = field(default_factory=dict)
    #: EDU id -> (start, end) in the body.
    offsets: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: ADU id -> the EDUs it is made of, in text order.
    segments: dict[str, list[str]] = field(default_factory=dict)
    #: Claims carried (ADU ids), for the relations.
    carried: set[str] = field(default_factory=set)
    tags: dict[str, list[str]] = field(default_factory=dict)
    #: ADU id -> its kind by the side it takes, for an undercut of an undercut (not carried).
    sides: dict[str, NodeKind] = field(default_factory=dict)

    def elements(self, children: list[_Element]) -> None:
        result = self.result
        seen: dict[str, _Element] = {}
        for element in children:
            tag = element.tag
            if tag not in ("edu", "adu", "joint", "edge"):
                result.report(element.loc, "AM503", f"unknown element <{tag}> (expected edu, adu, joint or edge)")
                result.skip("elements of an unknown kind")
                continue
            key = element.attrs.get("id")
            if not key:
                result.report(element.loc, "AM502", f"<{tag}> has no id: skipped")
                result.skip(f"{tag} elements with no id")
                continue
            if key in seen:
                result.report(element.loc, "AM505", f"id {key!r} is already used at line {seen[key].loc.line}: skipped")
                result.skip("elements with a duplicate id")
                continue
            seen[key] = element
            if tag == "edu":
                self.edus[key] = element
                result.read["EDUs"] += 1
            elif tag == "joint":
                self.joints[key] = element
                result.read["joints"] += 1
            elif tag == "adu":
                voice = element.attrs.get("type")
                if voice not in VOICES:
                    result.report(element.loc, "AM503", f"ADU {key} has type {voice!r}, not pro or opp: no voice tag")
                self.adus[key] = element
                result.read[f"ADUs ({voice})"] += 1
            else:
                src, trg, kind = (element.attrs.get(k, "") for k in ("src", "trg", "type"))
                result.read[f"{kind or 'untyped'} edges"] += 1
                if kind not in EDGE_TYPES:
                    result.report(
                        element.loc, "AM503", f"edge {key} has type {kind!r}: expected {', '.join(EDGE_TYPES)}"
                    )
                    result.skip("edges of an unknown type")
                    continue
                if not src or not trg:
                    result.report(element.loc, "AM502", f"edge {key} needs 'src' and 'trg'")
                    result.skip("malformed edges")
                    continue
                self.edges[key] = _Edge(key, src, trg, kind, element.loc)

    def body(self) -> None:
        """The EDUs' text joined by spaces; implicit EDUs in a paragraph of their own after it."""
        parts: list[str] = []
        pos = 0
        explicit = [k for k, e in self.edus.items() if e.attrs.get("implicit") != "true"]
        implicit = [k for k, e in self.edus.items() if e.attrs.get("implicit") == "true"]
        for group, separator in ((explicit, ""), (implicit, "\n\n")):
            for n, key in enumerate(group):
                gap = (separator if n == 0 else " ") if parts else ""
                words = "".join(self.edus[key].text)
                parts.append(gap + words)
                pos += len(gap)
                self.offsets[key] = (pos, pos + len(words))
                pos += len(words)
        self.result.text = "".join(parts) + "\n"

    def spans(self) -> None:
        """Each ADU's EDUs (through joints), and its span over the first run of adjacent ones."""
        result = self.result
        into: dict[str, list[str]] = {}
        for edge in self.edges.values():
            if edge.type != "seg":
                continue
            if edge.src not in self.edus and edge.src not in self.joints:
                result.report(edge.loc, "AM504", f"seg edge {edge.id} starts at {edge.src!r}, which is no EDU or joint")
                result.skip("seg edges from no EDU or joint")
                continue
            if edge.trg not in self.adus and edge.trg not in self.joints:
                result.report(edge.loc, "AM504", f"seg edge {edge.id} ends at {edge.trg!r}, which is no ADU or joint")
                result.skip("seg edges to no ADU or joint")
                continue
            into.setdefault(edge.trg, []).append(edge.src)
        order = {key: n for n, key in enumerate(self.edus)}

        def edus_of(node: str) -> set[str]:
            """The EDUs under ``node``, each node visited once: joints may be gathered twice, nest
            deep or form a cycle in a file, and the walk stays linear in the seg edges."""
            found: set[str] = set()
            seen = {node}
            stack = [node]
            while stack:
                here = stack.pop()
                if here in self.edus:
                    found.add(here)
                    continue
                for part in into.get(here, ()):
                    if part not in seen:
                        seen.add(part)
                        stack.append(part)
            return found

        of_adu = {key: edus_of(key) for key in self.adus}
        for key, element in self.adus.items():
            parts = sorted(of_adu[key], key=order.__getitem__)
            if not parts:
                result.report(element.loc, "AM506", f"ADU {key} has no text (no seg edge from an EDU): skipped")
                result.skip("ADUs with no text")
                continue
            run = [parts[0]]
            for edu in parts[1:]:
                if order[edu] == order[run[-1]] + 1 and self._same_paragraph(run[-1], edu):
                    run.append(edu)
            left = [edu for edu in parts if edu not in run]
            if left:
                result.report(
                    element.loc,
                    "AM510",
                    f"ADU {key} is made of EDUs {', '.join(parts)}, which are not adjacent: marked on "
                    f"{', '.join(run)}; the words of {', '.join(left)} stay in the text, unmarked",
                )
                result.skip("EDUs of an ADU not adjacent to its first (left unmarked, their text kept)", len(left))
            if not "".join("".join(self.edus[edu].text) for edu in run).strip():
                # An empty span would not parse back, and the body is one line: every span would go.
                result.report(element.loc, "AM506", f"ADU {key} has no text (its EDUs are empty): skipped")
                result.skip("ADUs with no text")
                continue
            self.segments[key] = run
        used = {edu for parts in of_adu.values() for edu in parts}
        unused = [edu for edu in self.edus if edu not in used]
        if unused:
            result.skip("EDUs in no ADU (text kept, not marked)", len(unused))

    def _same_paragraph(self, a: str, b: str) -> bool:
        return (self.edus[a].attrs.get("implicit") == "true") == (self.edus[b].attrs.get("implicit") == "true")

    def functions(self) -> None:
        """sup, exa, reb between ADUs; und and add aimed at an edge."""
        result = self.result
        adus = self.segments
        relations = result.relations
        carried: dict[str, ImportedRelation] = {}  # edge id -> the relation it became
        for edge in self.edges.values():
            if edge.type not in FUNCTIONS:
                continue
            missing = [end for end in (edge.src, edge.trg) if end not in self.adus]
            if missing:
                result.report(edge.loc, "AM504", f"{edge.type} edge {edge.id} names {missing[0]!r}, which is no ADU")
                result.skip(f"{edge.type} edges to or from no ADU")
                continue
            if any(end not in adus for end in (edge.src, edge.trg)):
                result.skip(f"{edge.type} edges to or from a skipped ADU")
                continue
            example = edge.type == "exa"
            rel = ImportedRelation(
                edge.src, edge.trg, FUNCTIONS[edge.type], edge.loc, scheme=EXAMPLE_SCHEME if example else None
            )
            if example:
                self.tags.setdefault(edge.src, []).append("example")
            relations.append(rel)
            carried[edge.id] = rel
        pending = [e for e in self.edges.values() if e.type in ("und", "add")]
        undercuts: dict[str, ImportedRelation] = {}
        for _ in range(len(pending) + 1):  # an add may point at an und that comes later in the file
            waiting = []
            for edge in pending:
                done = self._aimed(edge, carried, undercuts)
                if done is None:
                    waiting.append(edge)
            if len(waiting) == len(pending):
                break
            pending = waiting
        for edge in pending:
            target = self.edges.get(edge.trg)
            result.report(
                edge.loc,
                "AM504",
                f"{edge.type} edge {edge.id} is aimed at {edge.trg!r}, which is no edge argmap carried"
                + (f" (a {target.type} edge)" if target else ""),
            )
            result.skip(f"{edge.type} edges aimed at an edge that was not carried")
            side = self._side(edge)  # an add joining an undercut of an undercut, say
            if side is not None and edge.src in self.segments:
                self.sides.setdefault(edge.src, side)
        groups: dict[str, list[str]] = {}
        for edge in self.edges.values():
            if edge.type == "add" and edge.trg in carried and carried[edge.trg].type is RelationType.SUPPORTS:
                groups.setdefault(edge.trg, []).append(edge.src)
        for edge_id, added in groups.items():
            support = carried[edge_id]
            premises = tuple(dict.fromkeys([support.source, *added]))
            result.inferences.append(ImportedInference(edge_id, premises, support.target, support.scheme, support.loc))

    def _aimed(
        self, edge: _Edge, carried: dict[str, ImportedRelation], undercuts: dict[str, ImportedRelation]
    ) -> bool | None:
        """An und or add edge: True once carried (or reported), None while its target is not settled yet."""
        result = self.result
        if edge.src not in self.adus:
            result.report(edge.loc, "AM504", f"{edge.type} edge {edge.id} starts at {edge.src!r}, which is no ADU")
            result.skip(f"{edge.type} edges from no ADU")
            return True
        if edge.src not in self.segments:
            result.skip(f"{edge.type} edges from a skipped ADU")
            return True
        target = self.edges.get(edge.trg)
        if target is None:
            if edge.trg in self.adus:
                result.report(
                    edge.loc, "AM503", f"{edge.type} edge {edge.id} is aimed at ADU {edge.trg}: it must aim at an edge"
                )
            else:
                result.report(
                    edge.loc, "AM504", f"{edge.type} edge {edge.id} is aimed at {edge.trg!r}, which is no edge"
                )
            result.skip(f"{edge.type} edges aimed at no edge")
            return True
        if edge.type == "und":
            if target.type == "und":
                result.report(
                    edge.loc,
                    "AM509",
                    f"und edge {edge.id} undercuts und edge {target.id}, itself an undercut: argmap undercuts supports "
                    "and attacks only; not carried (the ADU is)",
                )
                result.skip("und edges aimed at an undercut (undercuts of an undercut)")
                side = self._side(edge)
                if side is not None:
                    self.sides.setdefault(edge.src, side)
                return True
            if target.type == "add":
                target = self.edges.get(target.trg, target)  # the linked inference the added premise belongs to
            relation = carried.get(target.id)
            if relation is None:
                return None
            rel = ImportedRelation(
                edge.src, relation.target, RelationType.UNDERCUTS, edge.loc, of=relation.source, of_type=relation.type
            )
            result.relations.append(rel)
            undercuts[edge.id] = rel
            return True
        # add
        if target.type in ("sup", "exa"):
            relation = carried.get(target.id)
            if relation is None:
                return None
            result.relations.append(
                ImportedRelation(edge.src, relation.target, RelationType.SUPPORTS, edge.loc, relation.scheme)
            )
            return True
        if target.type == "reb" and target.id in carried:
            relation = carried[target.id]
            result.report(
                edge.loc,
                "AM510",
                f"add edge {edge.id} adds ADU {edge.src} to the attack {target.id} ({relation.source} on "
                f"{relation.target}): argmap links premises of a support only, so it is an attack of its own",
            )
            result.relations.append(ImportedRelation(edge.src, relation.target, RelationType.ATTACKS, edge.loc))
            return True
        if target.type == "und":
            relation = undercuts.get(target.id)
            if relation is None:
                return None
            result.report(
                edge.loc,
                "AM510",
                f"add edge {edge.id} adds ADU {edge.src} to the undercut {target.id}: argmap links premises of a "
                "support only, so it is an undercut of its own",
            )
            result.relations.append(
                ImportedRelation(
                    edge.src,
                    relation.target,
                    RelationType.UNDERCUTS,
                    edge.loc,
                    of=relation.of,
                    of_type=relation.of_type,
                )
            )
            return True
        return None

    def _side(self, edge: _Edge) -> NodeKind | None:
        """The kind an undercut of an undercut takes, though its edge is not carried: down the chain of
        undercuts to the support or attack at its foot, each undercut changes sides (an undercut of a
        support is against it, a rebuttal; one of that undercut for it, a premise). None if the chain
        ends at no support or attack."""
        against, at = False, edge
        seen: set[str] = set()
        while at.type in ("und", "add") and at.id not in seen:  # an add stands where the edge it joins does
            seen.add(at.id)
            if at.type == "und":
                against = not against
            target = self.edges.get(at.trg)
            if target is None:
                return None
            at = target
        if at.type not in FUNCTIONS:
            return None
        return NodeKind.REBUTTAL if against == (FUNCTIONS[at.type] is RelationType.SUPPORTS) else NodeKind.PREMISE

    def claims(self) -> None:
        result = self.result
        declares = relation_kinds(result.relations)
        for key, element in self.adus.items():
            run = self.segments.get(key)
            if not run:
                continue
            start, end = self.offsets[run[0]][0], self.offsets[run[-1]][1]
            types, sides = declares.get(key, (set(), set()))
            tags = [VOICES[v] for v in [element.attrs.get("type", "")] if v in VOICES]
            tags += list(dict.fromkeys(self.tags.get(key, [])))
            if any(self.edus[e].attrs.get("implicit") == "true" for e in run):
                tags.append("implicit")
            result.claims.append(
                ImportedClaim(
                    key=key,
                    text=(result.text or "")[start:end],
                    kind=self.sides[key]
                    if not types and not sides and key in self.sides
                    else kind_for(None, types, sides),
                    loc=element.loc,
                    id_hint=key,
                    tags=tuple(tags),
                    start=start,
                    end=end,
                )
            )
