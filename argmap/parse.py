"""One annotated document -> spans, relations and diagnostics (no printing, no exit)."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right

from argmap.codes import severity_of
from argmap.errors import Diagnostic, Location
from argmap.frontmatter import ID_PATTERN, read_front_matter
from argmap.model import ALLOWED_RELATIONS, ID_SEPARATOR, Document, NodeKind, Relation, RelationType, Span
from argmap.scanner import ARGMAP_KEYS, KIND_CLASSES, Attr, RawSpan, scan
from argmap.urls import url_problem

_WS_RUN = re.compile(r"\s+")
_TARGET = re.compile(r"\S+")


class _Positions:
    """Offsets -> 1-based (line, column) in one text."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.length = len(text)

    def loc(self, offset: int, end: int | None = None) -> Location:
        offset = max(0, min(offset, self.length))
        line = bisect_right(self.starts, offset)
        col = offset - self.starts[line - 1] + 1
        if end is None:
            return Location(self.path, line, col)
        end = max(offset, min(end, self.length))
        end_line = bisect_right(self.starts, end)
        return Location(self.path, line, col, end_line, end - self.starts[end_line - 1] + 1)


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space and trim: how span texts are compared and stored."""
    return _WS_RUN.sub(" ", text).strip()


def is_valid_reference(ref: str) -> bool:
    """``local-id`` or ``doc-id#local-id``."""
    parts = ref.split(ID_SEPARATOR)
    return len(parts) <= 2 and all(ID_PATTERN.match(p) for p in parts)


def parse_document(text: str, path: str) -> Document:
    """Parse one corpus document. Problems become ``doc.diagnostics``; nothing raises."""
    text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the text
    pos = _Positions(text, path)
    fm = read_front_matter(text)
    doc = Document(path=path, meta=fm.meta)
    doc.meta_locs = {key: pos.loc(value) for key, (_, value) in fm.locs.items()}
    for offset, code, message in fm.problems:
        _add(doc, pos.loc(offset), code, message)
    result = scan(text, fm.body_start)
    for problem in result.problems:
        _add(doc, pos.loc(problem.offset), problem.code, problem.message)
    doc.lines = [(line, pos.loc(offset)) for line, offset in result.lines]
    seen: dict[str, Location] = {}
    for raw in result.spans:
        _interpret(raw, doc, pos, seen)
    return doc


def _add(doc: Document, loc: Location, code: str, message: str) -> None:
    doc.diagnostics.append(Diagnostic(loc, code, message, severity_of(code)))


def _interpret(raw: RawSpan, doc: Document, pos: _Positions, seen: dict[str, Location]) -> None:
    span_loc = pos.loc(raw.start, raw.end)
    ids: list[Attr] = []
    kinds: list[NodeKind] = []
    values: dict[str, Attr] = {}
    ok = True
    for attr in raw.attrs:
        if attr.type == "id":
            ids.append(attr)
        elif attr.type == "class":
            if attr.name in KIND_CLASSES:
                kinds.append(NodeKind(attr.name))
            else:
                hint = difflib.get_close_matches(attr.name.lower(), sorted(KIND_CLASSES), n=1, cutoff=0.6)
                advice = f"did you mean '.{hint[0]}'?" if hint else "use tags=\"...\" for your own categories"
                _add(doc, pos.loc(attr.offset), "AM111", f"unknown kind '.{attr.name}': expected .claim, .premise or .rebuttal; {advice}")
                ok = False
        elif attr.name in values:
            _add(doc, pos.loc(attr.offset), "AM115", f"attribute '{attr.name}' is given twice in one block")
        else:
            values[attr.name] = attr
            if attr.name not in ARGMAP_KEYS:
                hint = difflib.get_close_matches(attr.name, sorted(ARGMAP_KEYS), n=1, cutoff=0.6)
                advice = f"; did you mean '{hint[0]}'?" if hint else ""
                _add(doc, pos.loc(attr.offset), "AM120", f"unknown attribute '{attr.name}' is ignored{advice}")
    for extra in ids[1:]:
        _add(doc, pos.loc(extra.offset), "AM115", f"a span has one id; '#{extra.name}' is a second one")
    if len(kinds) > 1:
        _add(doc, span_loc, "AM115", "a span has one kind; it has " + ", ".join(f".{k}" for k in kinds))
        ok = False

    if "ref" in values:
        _interpret_reference(raw, doc, pos, values, ids, kinds)
        return

    local_id = ids[0].name if ids else None
    if local_id is not None and not ID_PATTERN.match(local_id):
        _add(doc, pos.loc(ids[0].offset), "AM114", f"invalid id '#{local_id}': use a letter, then letters, digits, '-' or '_'")
        return
    if local_id is None:
        _add(doc, span_loc, "AM113", "span has no id: add one, e.g. {#my-claim .claim}")
        return
    if local_id in seen:
        first = seen[local_id]
        _add(doc, pos.loc(ids[0].offset), "AM203", f"id '{local_id}' is already used at line {first.line}; ids are unique in a document")
        return
    seen[local_id] = pos.loc(ids[0].offset)
    if not kinds and ok:
        _add(doc, span_loc, "AM112", f"span '{local_id}' has no kind: add .claim, .premise or .rebuttal")
    text = normalize_space(raw.text)
    if not text:
        _add(doc, span_loc, "AM121", f"span '{local_id}' has no text: mark the words it stands for, or use a reference span []{{ref=...}}")
        ok = False
    if not ok or len(kinds) != 1:
        doc.broken_ids.add(local_id)
        return
    kind = kinds[0]
    cite_attr = values.get("cite")
    cite = cite_attr.value if cite_attr else None
    cite_loc = pos.loc(cite_attr.value_offset) if cite_attr else None
    if cite_attr is not None and cite is not None:
        problem = url_problem(cite)
        if problem:
            _add(doc, pos.loc(cite_attr.value_offset), "AM205", f"cite {cite!r} is not a well-formed http(s) URL: {problem}")
    doc.spans.append(
        Span(
            local_id=local_id,
            kind=kind,
            text=text,
            loc=span_loc,
            label=_text_value(values.get("label")),
            by=_text_value(values.get("by")),
            cite=cite,
            cite_loc=cite_loc,
            tags=tuple(values["tags"].value.split()) if "tags" in values else (),
        )
    )
    for rel_type in RelationType:
        attr = values.get(rel_type.value)
        if attr is None:
            continue
        if rel_type not in ALLOWED_RELATIONS[kind]:
            verb = "supports" if kind is NodeKind.PREMISE else "attacks"
            _add(doc, pos.loc(attr.offset), "AM116", f"a {kind} {verb}, it cannot have '{rel_type}': make it a .claim or change the relation")
            continue
        _relations(doc, pos, attr, rel_type, local_id, pos.loc(ids[0].offset))


def _interpret_reference(
    raw: RawSpan, doc: Document, pos: _Positions, values: dict[str, Attr], ids: list[Attr], kinds: list[NodeKind]
) -> None:
    ref = values["ref"]
    where = pos.loc(ref.offset)
    extras = [f"#{a.name}" for a in ids] + [f".{k}" for k in kinds]
    extras += [name for name in ("label", "by", "cite", "tags") if name in values]
    if extras:
        _add(doc, where, "AM118", f"a reference span only declares relations; remove {', '.join(extras)}")
    if normalize_space(raw.text):
        _add(doc, pos.loc(raw.start), "AM118", "a reference span must be empty: write []{ref=\"id\" supports=\"...\"}")
    source = ref.value.strip()
    if not is_valid_reference(source):
        _add(doc, pos.loc(ref.value_offset), "AM208", f"ref {ref.value!r} is not an id or 'doc-id#id'")
        return
    relation_attrs = [(t, values[t.value]) for t in RelationType if t.value in values]
    if not relation_attrs:
        _add(doc, where, "AM118", "a reference span declares nothing: add supports=\"...\" or attacks=\"...\"")
    for rel_type, attr in relation_attrs:
        _relations(doc, pos, attr, rel_type, source, pos.loc(ref.value_offset))


def _relations(doc: Document, pos: _Positions, attr: Attr, rel_type: RelationType, source: str, source_loc: Location) -> None:
    targets = list(_TARGET.finditer(attr.raw_value))
    if not targets:
        _add(doc, pos.loc(attr.offset), "AM208", f"'{rel_type}' names no target")
    for m in targets:
        target = m.group()
        loc = pos.loc(attr.value_offset + m.start(), attr.value_offset + m.end())
        if not is_valid_reference(target):
            _add(doc, loc, "AM208", f"target {target!r} is not an id or 'doc-id#id'")
            continue
        doc.relations.append(Relation(source, target, rel_type, loc, source_loc))


def _text_value(attr: Attr | None) -> str | None:
    if attr is None:
        return None
    value = normalize_space(attr.value)
    return value or None
