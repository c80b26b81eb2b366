"""brat stand-off annotations (``.ann`` with its ``.txt``) -> an :class:`ImportedMap`.

The argument-mining layout (Stab & Gurevych's persuasive essays and corpora like it)::

    T1<TAB>MajorClaim 503 575<TAB>we should attach more importance to cooperation
    T2<TAB>Premise 716 851<TAB>through cooperation, children can learn ...
    R1<TAB>supports Arg1:T2 Arg2:T3
    A1<TAB>Stance T3 For

Offsets count characters of the ``.txt`` (which is kept exactly, ``\\r`` included).
Findings point at the ``.ann`` line and the column of the field at fault.

A Claim's ``Stance`` (For/Against) is how the corpus relates it to the essay's
MajorClaims (Stab & Gurevych's scheme states no ``R`` line between a Claim and a
MajorClaim). With ``stance_relations`` (the default) each such Claim supports or
attacks every MajorClaim of its essay, and those relations are marked: the Claim gets
the tag ``stance-for`` or ``stance-against`` and the relations ``via="stance"``, so
they are counted apart from the file's own ``R`` relations. Without it the Claim keeps
only the tag. A title is inferred from the first line of the ``.txt`` when that line
stands alone (a blank line after it), as the essays' prompts do; ``notes:`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from argmap.errors import Location
from argmap.formats.imported import ImportedClaim, ImportedMap, ImportedRelation, fit_kind
from argmap.model import NodeKind, RelationType
from argmap.source.parse import normalize_space

#: brat entity type -> argmap kind (a MajorClaim also keeps its type as a tag).
ENTITY_KINDS: dict[str, NodeKind] = {
    "MajorClaim": NodeKind.CLAIM,
    "Claim": NodeKind.CLAIM,
    "Premise": NodeKind.PREMISE,
}
#: brat relation type (any case) -> argmap relation: the persuasive essays' ``supports``/``attacks``,
#: and AbstRCT's ``Support``/``Attack``/``Partial-Attack`` (Mayer et al. 2020).
RELATION_TYPES: dict[str, RelationType] = {
    "supports": RelationType.SUPPORTS,
    "attacks": RelationType.ATTACKS,
    "support": RelationType.SUPPORTS,
    "attack": RelationType.ATTACKS,
    "partial-attack": RelationType.ATTACKS,
}
#: Relation types that are kinds of another: the type is kept as the relation's scheme (front matter ``schemes:``).
RELATION_SCHEMES: dict[str, str] = {"partial-attack": "Partial-Attack"}
#: Stance values -> the relation a claim then has to each MajorClaim.
STANCES: dict[str, RelationType] = {"For": RelationType.SUPPORTS, "Against": RelationType.ATTACKS}

_OFFSETS = re.compile(r"(\d+) (\d+)\Z")


@dataclass(slots=True)
class _Entity:
    key: str
    type: str
    start: int
    end: int
    loc: Location
    line: int


#: The tag a Claim with a stance gets, by stance value.
STANCE_TAGS = {"For": "stance-for", "Against": "stance-against"}
_TITLE_LINE = re.compile(r"[^\S\r\n]*([^\r\n]{1,200}?)[^\S\r\n]*\r?\n[^\S\r\n]*\r?\n")


def read_brat(ann: str, txt: str, ann_path: str, txt_path: str, *, stance_relations: bool = True) -> ImportedMap:
    """Read one ``.ann`` file against its ``.txt``. Problems become findings; nothing raises."""
    result = ImportedMap(path=ann_path, text=txt, text_path=txt_path)
    title = _TITLE_LINE.match(txt)
    if title:
        result.title_hint = title.group(1)
        name = txt_path.rsplit("/", 1)[-1]
        result.title_note = f"Inferred: the first line of {name!r}, which stands alone."
    entities: dict[str, _Entity] = {}
    seen_ids: dict[str, int] = {}
    relations: list[tuple[str, str, RelationType, str | None, Location, int]] = []
    stances: list[tuple[str, str, Location]] = []

    for number, raw in enumerate(ann.split("\n"), 1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue

        def at(col: int, n: int = number) -> Location:
            return Location(ann_path, n, col)

        ann_id, tab, rest = line.partition("\t")
        if not tab or not ann_id:
            result.report(at(1), "AM502", "expected 'ID<TAB>annotation': this line has no tab after an id")
            result.skip("malformed lines")
            continue
        prefix = ann_id[0]
        if prefix in "TRAM" and ann_id in seen_ids:
            result.report(
                at(1), "AM505", f"id '{ann_id}' is already used on line {seen_ids[ann_id]}: this line is skipped"
            )
            result.skip("annotations with a duplicate id")
            continue
        field_col = len(ann_id) + 2
        if prefix == "T":
            result.read["entities"] += 1
            seen_ids[ann_id] = number
            entity = _entity(result, ann_id, rest, txt, at, field_col, number)
            if entity is not None:
                entities[ann_id] = entity
        elif prefix == "R":
            result.read["relations"] += 1
            seen_ids[ann_id] = number
            parsed = _relation(result, ann_id, rest, at, field_col)
            if parsed is not None:
                relations.append((*parsed, at(field_col), number))
        elif prefix in "AM":
            result.read["attributes"] += 1
            seen_ids[ann_id] = number
            parts = rest.split()
            if len(parts) != 3:
                result.report(
                    at(field_col), "AM502", f"attribute '{ann_id}': expected 'Name TARGET VALUE', got {rest!r}"
                )
                result.skip("malformed lines")
            elif parts[0] != "Stance":
                result.report(
                    at(field_col), "AM503", f"unknown attribute {parts[0]!r}: only 'Stance' (For/Against) is read"
                )
                result.skip("attributes of an unknown name")
            elif parts[2] not in STANCES:
                col = field_col + rest.find(parts[2], len(parts[0]) + len(parts[1]) + 1)
                result.report(at(col), "AM503", f"unknown stance {parts[2]!r}: expected For or Against")
                result.skip("stances with an unknown value")
            else:
                stances.append((parts[1], parts[2], at(field_col)))
        elif prefix == "#":
            result.read["notes"] += 1
            result.skip("annotator notes (argmap has no field for them)")
        elif prefix in "EN*":
            result.read["other annotations"] += 1
            what = {"E": "event", "N": "normalization", "*": "equivalence"}[prefix]
            result.report(at(1), "AM509", f"brat {what} '{ann_id}' has no argmap counterpart: not carried")
            result.skip(f"{what} annotations")
        else:
            result.report(
                at(1), "AM502", f"unknown annotation id {ann_id!r}: brat ids start with T, R, A, M, E, N, # or *"
            )
            result.skip("malformed lines")

    kept = _drop_crossing(result, entities)
    _claims_and_relations(result, entities, kept, relations, stances, stance_relations)
    return result


def _entity(
    result: ImportedMap, ann_id: str, rest: str, txt: str, at: Callable[[int], Location], field_col: int, number: int
) -> _Entity | None:
    head, tab, quoted = rest.partition("\t")
    type_name, _, offsets = head.partition(" ")
    if not type_name or not offsets:
        result.report(at(field_col), "AM502", f"entity '{ann_id}': expected 'Type START END', got {head!r}")
        result.skip("malformed lines")
        return None
    offsets_col = field_col + len(type_name) + 1
    fragments = offsets.split(";")
    parsed: list[tuple[int, int]] = []
    for fragment in fragments:
        m = _OFFSETS.match(fragment.strip())
        if m is None:
            result.report(at(offsets_col), "AM502", f"entity '{ann_id}': offsets {offsets!r} are not 'START END'")
            result.skip("malformed lines")
            return None
        if max(len(g.lstrip("0")) for g in m.groups()) > len(str(len(txt))):  # keeps int() under its 4300-digit limit
            result.report(
                at(offsets_col),
                "AM506",
                f"entity '{ann_id}' has offsets {_clip(offsets)!r}: past the end of the text ({len(txt)} characters)",
            )
            result.skip("entities with offsets out of range")
            return None
        parsed.append((int(m.group(1)), int(m.group(2))))
    if type_name not in ENTITY_KINDS:
        known = ", ".join(ENTITY_KINDS)
        result.report(at(field_col), "AM503", f"unknown entity type {type_name!r} on '{ann_id}': expected {known}")
        result.skip("entities of an unknown type")
        return None
    if len(parsed) > 1:
        result.report(
            at(offsets_col),
            "AM506",
            f"entity '{ann_id}' is discontinuous ({len(parsed)} fragments): an argmap span is one stretch of text",
        )
        result.skip("discontinuous entities")
        return None
    start, end = parsed[0]
    if end > len(txt) or start >= end:
        why = f"past the end of the text ({len(txt)} characters)" if end > len(txt) else "empty or reversed"
        result.report(at(offsets_col), "AM506", f"entity '{ann_id}' has offsets {start}-{end}: {why}")
        result.skip("entities with offsets out of range")
        return None
    span_text = txt[start:end]
    if not span_text.strip():
        result.report(at(offsets_col), "AM506", f"entity '{ann_id}' covers only whitespace ({start}-{end})")
        result.skip("entities with no text")
        return None
    if tab and normalize_space(quoted) != normalize_space(span_text):
        result.report(
            at(field_col + len(head) + 1),
            "AM508",
            f"entity '{ann_id}' quotes {_clip(quoted)!r} but the text at {start}-{end} is {_clip(span_text)!r}; "
            "the offsets are used (is this the right .txt?)",
        )
    return _Entity(ann_id, type_name, start, end, at(1), number)


def _relation(
    result: ImportedMap, ann_id: str, rest: str, at: Callable[[int], Location], field_col: int
) -> tuple[str, str, RelationType, str | None] | None:
    """Source, target, type and scheme (:data:`RELATION_SCHEMES`) of an ``R`` line, or None (reported)."""
    parts = rest.split()
    if len(parts) != 3:
        result.report(at(field_col), "AM502", f"relation '{ann_id}': expected 'type Arg1:ID Arg2:ID', got {rest!r}")
        result.skip("malformed lines")
        return None
    rel_type = RELATION_TYPES.get(parts[0].lower())
    if rel_type is None:
        result.report(
            at(field_col),
            "AM503",
            f"unknown relation type {parts[0]!r} on '{ann_id}': expected supports or attacks "
            "(or AbstRCT's Support, Attack, Partial-Attack)",
        )
        result.skip("relations of an unknown type")
        return None
    roles: dict[str, str] = {}
    for arg in parts[1:]:
        role, colon, target = arg.partition(":")
        if not colon or role not in ("Arg1", "Arg2") or not target:
            col = field_col + rest.find(arg)
            result.report(at(col), "AM502", f"relation '{ann_id}': argument {arg!r} is not 'Arg1:ID' or 'Arg2:ID'")
            result.skip("malformed lines")
            return None
        roles[role] = target
    if len(roles) != 2:
        result.report(at(field_col), "AM502", f"relation '{ann_id}' needs both Arg1 and Arg2")
        result.skip("malformed lines")
        return None
    return roles["Arg1"], roles["Arg2"], rel_type, RELATION_SCHEMES.get(parts[0].lower())


def _drop_crossing(result: ImportedMap, entities: dict[str, _Entity]) -> dict[str, _Entity]:
    """Spans may nest; of two that overlap without nesting, the one that starts later is skipped."""
    ordered = sorted(entities.values(), key=lambda e: (e.start, -e.end, e.line))
    kept: dict[str, _Entity] = {}
    stack: list[_Entity] = []
    for entity in ordered:
        while stack and stack[-1].end <= entity.start:
            stack.pop()
        if stack and entity.end > stack[-1].end:
            other = stack[-1]
            result.report(
                entity.loc,
                "AM507",
                f"entity '{entity.key}' ({entity.start}-{entity.end}) overlaps '{other.key}' "
                f"({other.start}-{other.end}, "
                f"line {other.line}) without nesting: argmap spans nest or stay apart; '{entity.key}' is skipped",
            )
            result.skip("entities overlapping another without nesting")
            continue
        kept[entity.key] = entity
        stack.append(entity)
    return kept


def _claims_and_relations(
    result: ImportedMap,
    entities: dict[str, _Entity],
    kept: dict[str, _Entity],
    relations: list[tuple[str, str, RelationType, str | None, Location, int]],
    stances: list[tuple[str, str, Location]],
    stance_relations: bool,
) -> None:
    carried: list[ImportedRelation] = []
    stance_of: dict[str, str] = {}
    for source, target, rel_type, scheme, loc, _ in relations:
        missing = [x for x in (source, target) if x not in entities]
        if missing:
            result.report(loc, "AM504", f"relation names {', '.join(repr(m) for m in missing)}, which no entity has")
            result.skip("relations to an id that does not exist")
            continue
        if source not in kept or target not in kept:
            result.skip("relations to or from a skipped entity")
            continue
        carried.append(ImportedRelation(source, target, rel_type, loc, scheme=scheme))
    majors = [e.key for e in sorted(kept.values(), key=lambda e: e.start) if e.type == "MajorClaim"]
    for target, value, loc in stances:
        entity = entities.get(target)
        if entity is None:
            result.report(loc, "AM504", f"Stance is on {target!r}, which no entity has")
            result.skip("stances on an id that does not exist")
        elif target not in kept:
            result.skip("stances on a skipped entity")
        elif entity.type != "Claim":
            result.report(loc, "AM503", f"Stance on a {entity.type} ('{target}'): a stance is read on a Claim only")
            result.skip("stances on an entity that is not a Claim")
        else:
            stance_of[target] = value
            if not stance_relations:
                result.skip(
                    "relations from stances (left out: --no-stance-relations; the Claims keep the stance tag)",
                    len(majors),
                )
            elif not majors:
                result.report(
                    loc, "AM509", f"Stance {value} on '{target}', but there is no MajorClaim for it to relate to"
                )
                result.skip("stances with no MajorClaim")
            else:
                for major in majors:
                    carried.append(ImportedRelation(target, major, STANCES[value], loc, via="stance"))
    declares: dict[str, set[RelationType]] = {}
    for rel in carried:
        declares.setdefault(rel.source, set()).add(rel.type)
    for entity in sorted(kept.values(), key=lambda e: (e.start, -e.end, e.line)):
        preferred = ENTITY_KINDS[entity.type]
        types = declares.get(entity.key, set())
        kind = fit_kind(preferred, RelationType.SUPPORTS in types, RelationType.ATTACKS in types)
        tags: tuple[str, ...] = (entity.type,) if entity.type == "MajorClaim" or kind is not preferred else ()
        if entity.key in stance_of:
            tags += (STANCE_TAGS[stance_of[entity.key]],)
        result.claims.append(
            ImportedClaim(
                key=entity.key,
                text=result.text[entity.start : entity.end] if result.text is not None else "",
                kind=kind,
                loc=entity.loc,
                id_hint=entity.key,
                tags=tags,
                start=entity.start,
                end=entity.end,
            )
        )
    result.relations = carried


def _clip(text: str, width: int = 40) -> str:
    text = normalize_space(text)
    return text if len(text) <= width else text[: width - 1] + "…"
