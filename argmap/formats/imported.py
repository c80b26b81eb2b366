"""What every importer produces, the AM5xx finding codes, and helpers the exporters share.

An importer reads a file of another tool into an :class:`ImportedMap`: the
claims and relations it could carry, every finding (a
:class:`~argmap.errors.Diagnostic` with an ``AM5xx`` code) and a tally of what
it read, carried and skipped. :mod:`argmap.formats.markdown` turns the map into
an annotated corpus document. Nothing here prints or exits.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from argmap.codes import CODES, Code
from argmap.errors import Diagnostic, Location
from argmap.model import ALLOWED_RELATIONS, NodeKind, RelationType

if TYPE_CHECKING:
    import networkx as nx

#: Findings of the importers (``argmap import``). Errors: something in the input
#: is broken and was skipped; warnings: something was carried in a changed form,
#: or is a construct argmap does not model and was left out.
#: These are the codes importers report (AM5xx); the table itself is :data:`argmap.codes.CODES`.
IMPORT_CODES: dict[str, Code] = {code: entry for code, entry in CODES.items() if code.startswith("AM5")}


def import_diag(loc: Location, code: str, message: str) -> Diagnostic:
    """A finding with the code's default severity."""
    return Diagnostic(loc, code, message, IMPORT_CODES[code].severity)


#: A lone UTF-16 surrogate (U+D800..U+DFFF). JSON (``"\ud800"``) and YAML escapes can make one, and
#: a file name that is not UTF-8 arrives with some (Python's ``surrogateescape``); no UTF-8 file can
#: hold one, so nothing an importer writes may keep it.
_SURROGATE = re.compile("[\ud800-\udfff]")

#: What a lone surrogate becomes. Replacing rather than skipping the text that holds it keeps the
#: user's data best: a lone surrogate is half of a UTF-16 pair whose other half is missing, so it
#: encodes no character and replacing it loses nothing that could be recovered, while skipping would
#: drop a whole claim (and its relations) over one unreadable character. U+FFFD is Unicode's own
#: replacement character: it stays visible, so the damage can be found, and the change is reported
#: (AM510) where it was made.
REPLACEMENT = "\ufffd"


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length: offsets stay valid)."""
    return _SURROGATE.sub(REPLACEMENT, text)


def surrogate_message(what: str) -> str:
    """The AM510 message for a lone surrogate replaced in ``what``."""
    return (
        f"{what}: a lone UTF-16 surrogate (half of a pair, not a character; no UTF-8 file can hold it), "
        "replaced by U+FFFD"
    )


@dataclass(slots=True)
class ImportedClaim:
    """A claim as an importer found it.

    ``key`` is its id in the input (a brat ``T`` id, an AIF ``nodeID``, an
    Argdown title); relations name claims by it. ``start``/``end`` are
    character offsets into :attr:`ImportedMap.text` (stand-off formats only).
    """

    key: str
    text: str
    kind: NodeKind
    loc: Location
    id_hint: str | None = None
    label: str | None = None
    by: str | None = None
    cite: str | None = None
    tags: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    #: The argmap document the claim came from, when the input says (AIF and SADFace written by argmap).
    doc: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedRelation:
    """``source`` bears on ``target`` (both claim keys) as ``type`` says (docs/argument-model.md).

    A support is one premise's part of an inference; premises that support only together are
    also grouped in :attr:`ImportedMap.inferences`. An undercut (``type`` undercuts) attacks the
    relation from :attr:`of` to ``target`` (a support or an attack, :attr:`of_type`), not its ends.
    ``outweighs`` is a preference (``source`` preferred to ``target``).
    """

    source: str
    target: str
    type: RelationType
    loc: Location
    #: The input's name for the inference or conflict (an AIF scheme such as ``Argument From Expert Opinion``).
    scheme: str | None = None
    #: What the relation was made from when the input does not state it as a relation (brat: ``stance``).
    via: str | None = None
    #: Undercuts only: the source of the relation undercut (the relation runs from ``of`` to ``target``).
    of: str | None = None
    #: Undercuts only: the type of the relation undercut, supports or attacks.
    of_type: RelationType | None = None


@dataclass(frozen=True, slots=True)
class ImportedInference:
    """One inference as the input groups it: premises that together support a conclusion (claim keys).

    AIF RA-nodes, SADFace schemes, Argdown's premise-conclusion structures, a microtext support
    with its ``add`` premises. Each premise also has its support in :attr:`ImportedMap.relations`;
    the writer joins the premises of an inference of two or more with ``with=`` (a linked inference).
    """

    key: str
    premises: tuple[str, ...]
    conclusion: str
    scheme: str | None
    loc: Location


@dataclass(slots=True)
class ImportedMap:
    """Everything an importer got out of one input file."""

    path: str
    claims: list[ImportedClaim] = field(default_factory=list)
    relations: list[ImportedRelation] = field(default_factory=list)
    #: Inferences as the input groups them (see :class:`ImportedInference`); two or more premises: linked.
    inferences: list[ImportedInference] = field(default_factory=list)
    #: Front-matter fields found in the input (title, authors, date, ...).
    meta: dict[str, Any] = field(default_factory=dict)
    #: The original text, for stand-off formats (brat): spans are marked in it.
    text: str | None = None
    #: The file ``text`` came from (reports about offsets point into it).
    text_path: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: What was read, by kind of record ("entities", "nodes", ...).
    read: Counter[str] = field(default_factory=Counter)
    #: What was not carried, by reason ("TA nodes (dialogue transitions)", ...).
    skipped: Counter[str] = field(default_factory=Counter)
    #: Earliest date found in the input (AIF timestamps), for the front matter.
    date_hint: str | None = None
    #: The argmap documents the input holds (id -> front matter), when it says (AIF or SADFace from argmap).
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Claims of other documents that relations here point at: key -> ``doc#local-id`` (see :func:`split_documents`).
    external: dict[str, str] = field(default_factory=dict)
    #: A title the input implies without stating it (a brat essay's first line), and the note saying so.
    title_hint: str | None = None
    title_note: str | None = None

    def report(self, loc: Location, code: str, message: str) -> None:
        self.diagnostics.append(import_diag(loc, code, message))

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count


def split_documents(imported: ImportedMap, fallback: str) -> list[tuple[str, ImportedMap]]:
    """One map per argmap document the input holds, relations across them kept as ``doc#id`` references.

    A claim with no document goes to ``fallback``. Each relation stays with its source's document, each
    linked inference with every document that holds one of its premises (the writer declares it where
    its first premise is); a claim of another document that they name (a target, the source of an
    undercut relation, a premise) is in that map's :attr:`ImportedMap.external` by the local id the
    writer will give it (the writer's :func:`~argmap.formats.markdown.assign_ids` on that document).
    """
    from dataclasses import replace

    from argmap.formats.markdown import assign_ids

    order = list(imported.documents)
    groups: dict[str, list[ImportedClaim]] = {}
    for claim in imported.claims:
        doc = claim.doc if claim.doc in imported.documents else fallback
        if doc not in order:
            order.append(doc)
        groups.setdefault(doc, []).append(claim)
    doc_of = {c.key: doc for doc, claims in groups.items() for c in claims}
    ids = {doc: assign_ids(claims) for doc, claims in groups.items()}
    maps: list[tuple[str, ImportedMap]] = []
    for doc in order:
        if doc not in groups:
            continue
        relations = [r for r in imported.relations if doc_of.get(r.source) == doc]
        inferences = [i for i in imported.inferences if any(doc_of.get(p) == doc for p in i.premises)]
        named = [r.target for r in relations] + [r.of for r in relations if r.of is not None]
        named += [key for i in inferences for key in (*i.premises, i.conclusion)]
        external = {key: f"{doc_of[key]}#{ids[doc_of[key]][key]}" for key in named if doc_of.get(key, doc) != doc}
        meta = imported.documents.get(doc, imported.meta)
        part = replace(
            imported,
            claims=groups[doc],
            relations=relations,
            inferences=inferences,
            meta=dict(meta) if isinstance(meta, dict) else {},
            documents={},
            external=external,
            diagnostics=list(imported.diagnostics) if doc == order[0] else [],
            read=imported.read if doc == order[0] else Counter(),
            skipped=imported.skipped if doc == order[0] else Counter(),
        )
        maps.append((doc, part))
    return maps


class Positions:
    """Offsets -> 1-based (line, column) locations in one text."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def loc(self, offset: int) -> Location:
        line = self.line_of(offset)
        return Location(self.path, line, offset - self.starts[line - 1] + 1)


def kind_for(
    preferred: NodeKind | None, types: Iterable[RelationType], undercut: Iterable[RelationType] = ()
) -> NodeKind:
    """The kind closest to ``preferred`` that may declare the relations ``types``.

    A premise may declare everything but attacks, a rebuttal only attacks, undercuts and preferences,
    a claim everything (:data:`argmap.model.ALLOWED_RELATIONS`); a premise linked to others counts as
    declaring ``supports``. ``undercut`` holds the types of the relations the span undercuts: without
    a ``preferred`` kind that allows everything, an undercut of a support makes a rebuttal and an
    undercut of an attack a premise (the other way is warning AM310); a span on both sides is a claim.
    """
    wanted = set(types)
    if preferred is not None and wanted <= ALLOWED_RELATIONS[preferred]:
        return preferred
    sides = set(undercut)
    premise_side = bool(wanted & _PREMISE_SIDE) or RelationType.ATTACKS in sides
    rebuttal_side = RelationType.ATTACKS in wanted or RelationType.SUPPORTS in sides
    if premise_side and not rebuttal_side:
        return NodeKind.PREMISE
    if rebuttal_side and not premise_side:
        return NodeKind.REBUTTAL
    return NodeKind.CLAIM


_PREMISE_SIDE = frozenset({RelationType.SUPPORTS, RelationType.QUALIFIES, RelationType.EXPLAINS})


def fit_kind(preferred: NodeKind, supports: bool, attacks: bool) -> NodeKind:
    """The kind closest to ``preferred`` that may support and attack as given (see :func:`kind_for`)."""
    return kind_for(preferred, _types(supports, attacks))


def kind_from_relations(supports: bool, attacks: bool) -> NodeKind:
    """The kind of a span the input gives no kind for: what its relations allow, else a claim."""
    return kind_for(None, _types(supports, attacks))


def _types(supports: bool, attacks: bool) -> set[RelationType]:
    return {t for t, on in ((RelationType.SUPPORTS, supports), (RelationType.ATTACKS, attacks)) if on}


def relation_kinds(relations: list[ImportedRelation]) -> dict[str, tuple[set[RelationType], set[RelationType]]]:
    """Claim key -> (the relation types it declares, the types of the relations it undercuts), for :func:`kind_for`."""
    out: dict[str, tuple[set[RelationType], set[RelationType]]] = {}
    for rel in relations:
        types, sides = out.setdefault(rel.source, (set(), set()))
        types.add(rel.type)
        if rel.type is RelationType.UNDERCUTS and rel.of_type is not None:
            sides.add(rel.of_type)
    return out


def outgoing(relations: list[ImportedRelation]) -> dict[str, set[RelationType]]:
    """Claim key -> the relation types it declares."""
    out: dict[str, set[RelationType]] = {}
    for rel in relations:
        out.setdefault(rel.source, set()).add(rel.type)
    return out


_INVALID_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


def slug(text: str, fallback: str = "c") -> str:
    """An argmap id made from ``text``: letters, digits, ``-``, ``_``, starting with a letter."""
    value = _INVALID_ID_CHARS.sub("-", text).strip("-")
    if not value:
        return fallback
    if not value[0].isascii() or not value[0].isalpha():
        value = f"{fallback}{value}" if value[0] in "-_" else f"{fallback}-{value}"
    return value


# -- export side ----------------------------------------------------------


@dataclass(slots=True)
class Selection:
    """The graph an exporter writes, and what ``--doc`` left out."""

    graph: nx.MultiDiGraph[str]
    #: Relations between the chosen document and another one, left out.
    cross_document: int = 0


def select_document(graph: nx.MultiDiGraph[str], doc_id: str | None) -> Selection:
    """The whole graph, or only ``doc_id``'s spans and the relations among them.

    Relations that cross to another document are left out (counted in
    :attr:`Selection.cross_document`): an exported document stands alone, and
    its other end would otherwise come back as a claim of this document. So
    are those that rest on another document's span: a support linked with a
    premise there, an undercut of a relation from there. The graph's
    ``inferences`` keep those of the supports kept.
    """
    if doc_id is None:
        return Selection(graph)
    documents = graph.graph.get("documents", {})
    if doc_id not in documents:
        from argmap.errors import UnknownIdError

        known = ", ".join(sorted(documents)) or "none"
        raise UnknownIdError(f"no document has id {doc_id!r} (documents: {known})", sorted(documents))
    keep = [n for n, data in graph.nodes(data=True) if data.get("doc") == doc_id]
    keep_set = set(keep)
    sub = graph.subgraph(keep).copy()
    sub.graph["documents"] = {doc_id: documents[doc_id]}
    crossing = sum(1 for u, v in graph.edges() if (u in keep_set) != (v in keep_set))
    # A relation between two of its spans crosses too when it rests on a span elsewhere: a support
    # whose inference has a premise in another document (with=), an undercut of such a step or of
    # a relation from another document.
    inferences = graph.graph.get("inferences", {})

    def elsewhere(name: object) -> bool:
        info = inferences.get(name)
        return isinstance(info, dict) and any(p not in keep_set for p in info.get("premises", ()))

    reaching = [
        (u, v, key)
        for u, v, key, data in sub.edges(keys=True, data=True)
        if elsewhere(data.get("inference"))
        or (data.get("type") == "undercuts" and str(data.get("relation") or "").partition(">")[0] not in keep_set)
    ]
    sub.remove_edges_from(reaching)
    kept = {data.get("inference") for _, _, data in sub.edges(data=True) if data.get("type") == "supports"}
    sub.graph["inferences"] = {name: info for name, info in inferences.items() if name in kept}
    return Selection(sub, crossing + len(reaching))


def relation_counts(graph: nx.MultiDiGraph[str]) -> Counter[str]:
    """Relations by type; undercuts split into ``undercuts of supports`` and ``undercuts of attacks``."""
    counts: Counter[str] = Counter()
    for _, _, data in graph.edges(data=True):
        kind = str(data.get("type"))
        if kind == "undercuts":
            kind = f"undercuts of {data.get('relation_type')}"
        counts[kind] += 1
    return counts


def scheme_names(graph: nx.MultiDiGraph[str]) -> dict[tuple[str, str], str]:
    """(source, target) -> the scheme name a document's front matter gives the relation (``schemes:``).

    An import writes the input's scheme names (AIF's ``Argument From Expert Opinion``, Argdown's
    inference rules) as ``schemes: {"a>c": name}``, each relation named as in ``undercuts=`` (a
    linked inference by any of its premises); the exporters write them back.
    """
    found: dict[tuple[str, str], str] = {}
    for doc, info in graph.graph.get("documents", {}).items():
        schemes = info.get("schemes") if isinstance(info, dict) else None
        if not isinstance(schemes, dict):
            continue
        for name, scheme in schemes.items():
            source, sep, target = str(name).partition(">")
            if not sep or not isinstance(scheme, str) or not scheme.strip():
                continue
            keys = tuple(ref if "#" in ref else f"{doc}#{ref}" for ref in (source.strip(), target.strip()))
            found.setdefault((keys[0], keys[1]), scheme.strip())
    return found


def scheme_of(schemes: dict[tuple[str, str], str], premises: Iterable[str], conclusion: str) -> str | None:
    """The scheme name (from :func:`scheme_names`) of the relation from any of ``premises`` to ``conclusion``."""
    return next((schemes[(p, conclusion)] for p in premises if (p, conclusion) in schemes), None)


def sorted_nodes(graph: nx.MultiDiGraph[str]) -> list[tuple[str, dict[str, Any]]]:
    """Nodes in a stable order: documents in corpus order, then by position in the file."""
    order = {doc: i for i, doc in enumerate(graph.graph.get("documents", {}))}

    def key(item: tuple[str, dict[str, Any]]) -> tuple[int, str, int, int, str]:
        node, data = item
        doc = str(data.get("doc") or "")
        return (order.get(doc, len(order)), doc, int(data.get("line") or 0), int(data.get("col") or 0), node)

    return sorted(((n, d) for n, d in graph.nodes(data=True)), key=key)


def sorted_edges(graph: nx.MultiDiGraph[str]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges sorted by source, target and type."""
    return sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))


@dataclass(frozen=True, slots=True)
class SchemeUnit:
    """One scheme node of an AIF-like export (AIF's RA, CA and PA nodes; SADFace's schemes).

    Edges run from each of ``premises`` into the scheme node, and from it to
    ``target`` or, for an undercut, to the scheme node called ``undercut``.
    """

    #: SUPPORTS (an inference), ATTACKS, UNDERCUTS (an attack on a scheme node) or OUTWEIGHS (a preference).
    relation: RelationType
    #: The source of the graph edge the unit comes from (its document dates the scheme node).
    source: str
    #: That edge's target and key.
    target: str
    key: str
    #: The nodes with an edge into the scheme node: an inference's premises, else ``(source,)``.
    premises: tuple[str, ...]
    #: The name an undercut finds this unit by (an inference's name; an attack's ``"a>b"``), else None.
    name: str | None = None
    #: For an undercut: the name of the unit it attacks.
    undercut: str | None = None
    #: The scheme the corpus names for the relation (front matter ``schemes:``), if any.
    scheme: str | None = None


def scheme_units(
    graph: nx.MultiDiGraph[str],
) -> tuple[list[SchemeUnit], list[tuple[RelationType, str, str]]]:
    """The scheme nodes an AIF-like export writes, in its order, and the relations that have none.

    Supports (one unit per inference, however many premises) and attacks come
    first, in :func:`sorted_edges` order, then undercuts (each after the unit it
    attacks; one whose target is not a unit is left out) and preferences.
    Qualifications and explanations have no scheme node in either format: they
    are returned apart as ``(type, source, target)``, for the exporter's side data.
    """
    schemes = scheme_names(graph)
    inferences = graph.graph.get("inferences", {})
    edges = sorted_edges(graph)
    units: list[SchemeUnit] = []
    named: set[str] = set()
    for source, target, key, data in edges:
        rel_type = data.get("type")
        if rel_type == RelationType.SUPPORTS:
            name = str(data.get("inference") or f"{source}>{target}")
            if name in named:
                continue
            info = inferences.get(name)
            premises = tuple(str(p) for p in info["premises"]) if isinstance(info, dict) else (source,)
            scheme = scheme_of(schemes, premises, target)
            units.append(SchemeUnit(RelationType.SUPPORTS, source, target, key, premises, name, scheme=scheme))
            named.add(name)
        elif rel_type == RelationType.ATTACKS:
            name = f"{source}>{target}"
            scheme = schemes.get((source, target))
            units.append(SchemeUnit(RelationType.ATTACKS, source, target, key, (source,), name, scheme=scheme))
            named.add(name)
    side: list[tuple[RelationType, str, str]] = []
    for source, target, key, data in edges:
        rel_type = data.get("type")
        if rel_type == RelationType.UNDERCUTS:
            attacked = str(data.get("inference") or data.get("relation"))
            if attacked in named:  # every undercut names a support or attack of the graph
                units.append(SchemeUnit(RelationType.UNDERCUTS, source, target, key, (source,), undercut=attacked))
        elif rel_type == RelationType.OUTWEIGHS:
            units.append(SchemeUnit(RelationType.OUTWEIGHS, source, target, key, (source,)))
        elif rel_type in (RelationType.QUALIFIES, RelationType.EXPLAINS):
            side.append((RelationType(rel_type), source, target))
    return units, side
