"""One annotated document -> spans, relations and diagnostics (no printing, no exit)."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from typing import Any

from argmap.bulk import builder
from argmap.codes import severity_of
from argmap.corpus.files import normalize_newlines
from argmap.errors import Diagnostic, Location
from argmap.model import (
    ALLOWED_RELATIONS,
    ID_SEPARATOR,
    LINKED_KEY,
    RELATION_SEPARATOR,
    Document,
    NodeKind,
    Relation,
    RelationType,
    Span,
)
from argmap.source.frontmatter import ID_PATTERN, ID_REGEX, read_front_matter
from argmap.source.hints import curly_value_hint, has_curly_quotes
from argmap.source.scanner import (
    ARGMAP_KEYS,
    KIND_CLASSES,
    SIMPLE_KV,
    Attr,
    RawSpan,
    scan,
    span_attributes,
    unescape,
)
from argmap.source.urls import url_problem

_TARGET = re.compile(r"\S+")
#: ``local-id`` or ``doc-id#local-id``, each part an :data:`~argmap.source.frontmatter.ID_PATTERN`.
_REFERENCE = re.compile(rf"(?:{ID_REGEX}{ID_SEPARATOR})?{ID_REGEX}\Z")
_REFERENCE_PART = rf"(?:{ID_REGEX}{ID_SEPARATOR})?{ID_REGEX}"
#: ``a>c``: a relation named by its two ends (the target of ``undercuts=``).
_RELATION_NAME = re.compile(rf"({_REFERENCE_PART}){RELATION_SEPARATOR}({_REFERENCE_PART})\Z")
_KIND_OF = {kind.value: kind for kind in NodeKind}
#: Keys a span of each kind may have with no finding (the short way in :func:`_interpret`).
_FAST_KEYS = {
    kind: frozenset(
        {"label", "by", "cite", "tags"}
        | {rel.value for rel in ALLOWED_RELATIONS[kind]}
        | ({LINKED_KEY} if RelationType.SUPPORTS in ALLOWED_RELATIONS[kind] else set())
    )
    for kind in NodeKind
}
_RELATION_TYPES = tuple(RelationType)
_UNDERCUTS = RelationType.UNDERCUTS
#: Each relation attribute's (place in _RELATION_TYPES, type).
_RELATION_ORDER = {t.value: (n, t) for n, t in enumerate(_RELATION_TYPES)}
#: The attributes that declare relations: a misspelling of one of them loses a relation (AM132).
RELATION_KEYS = frozenset({*(t.value for t in RelationType), LINKED_KEY, "ref"})
#: Why a kind may not declare a relation type (AM116), with the fix.
_NOT_ALLOWED = {
    (NodeKind.PREMISE, RelationType.ATTACKS): "a premise supports, it cannot attack: make it a .rebuttal or a .claim",
    (NodeKind.REBUTTAL, RelationType.SUPPORTS): "a rebuttal attacks, it cannot support: make it a .premise or a .claim",
    (NodeKind.REBUTTAL, RelationType.QUALIFIES): (
        "a qualification limits a claim, it does not oppose it: make it a .premise (or use attacks= for an objection)"
    ),
    (NodeKind.REBUTTAL, RelationType.EXPLAINS): "a rebuttal attacks, it cannot explain: make it a .premise or a .claim",
}


#: Frozen records made quickly (:func:`argmap.bulk.builder`): a parse makes millions of them.
_Location = builder(Location)
_Span = builder(Span)
_Relation = builder(Relation)


class _Positions:
    """Offsets -> 1-based (line, column) in one text."""

    __slots__ = ("length", "path", "starts")

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.length = len(text)

    def loc(self, offset: int, end: int | None = None) -> Location:
        length = self.length
        if offset < 0:
            offset = 0
        elif offset > length:
            offset = length
        starts = self.starts
        line = bisect_right(starts, offset)
        line_start = starts[line - 1]
        if end is None:
            return _Location(self.path, line, offset - line_start + 1)
        if end < offset:
            end = offset
        elif end > length:
            end = length
        if line == len(starts) or end < starts[line]:  # ends on the line it starts on
            return _Location(self.path, line, offset - line_start + 1, line, end - line_start + 1)
        end_line = bisect_right(starts, end)
        return _Location(self.path, line, offset - line_start + 1, end_line, end - starts[end_line - 1] + 1)

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, max(0, min(offset, self.length)))


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space and trim: how span texts are compared and stored."""
    # str.split() and the regular expression \s agree on what whitespace is (Py_UNICODE_ISSPACE);
    # joining the words is several times faster than substituting every run.
    return " ".join(text.split())


def is_valid_reference(ref: str) -> bool:
    """``local-id`` or ``doc-id#local-id``."""
    return _REFERENCE.match(ref) is not None


def parse_document(text: str, path: str, *, fast: bool = True) -> Document:
    """Parse one corpus document. Problems become ``doc.diagnostics``; nothing raises.

    ``fast``: read simple paragraphs and usual spans the short way (the same document
    either way; ``False`` is for the tests that hold the two ways to it).
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the text
    text = normalize_newlines(text)  # one definition of a line (LF, CRLF, lone CR) for every position
    pos = _Positions(text, path)
    fm = read_front_matter(text)
    doc = Document(path=path, meta=fm.meta)
    doc.meta_locs = {key: pos.loc(value) for key, (_, value) in fm.locs.items()}
    for offset, code, message in fm.problems:
        _add(doc, pos.loc(offset), code, message)
    source = fm.meta.get("source")
    kept = isinstance(source, str) and bool(source)  # the words-kept check (AM206) needs the plain text
    result = scan(text, fm.body_start, lines=False, pieces=kept, fast=fast)
    for problem in result.problems + result.notes:
        _add(doc, pos.loc(problem.offset), problem.code, problem.message)
    doc.lines = [(piece, pos.loc(offset)) for piece, offset in result.pieces]
    seen: dict[str, int] = {}  # local id -> offset of its first declaration
    for raw in result.spans:
        m = raw.fast  # (not `fast`, the parameter: a match of the scanner's fast path, or None)
        if m is not None and (m.start("id") < 0 or not _interpret_fast(raw, m, text, doc, pos, seen)):
            span_attributes(raw, text)
            m = None
        if m is None:
            _interpret(raw, doc, pos, seen)
    for raw in result.orphans:
        _interpret_orphan(raw, doc, pos, seen)
    return doc


def _add(doc: Document, loc: Location, code: str, message: str) -> None:
    doc.diagnostics.append(Diagnostic(loc, code, message, severity_of(code)))


def _interpret(raw: RawSpan, doc: Document, pos: _Positions, seen: dict[str, int]) -> None:
    # The hot path of parsing: one call per annotation span. The usual span,
    # `[words]{#id .kind key="value" ...}` with nothing wrong, takes the short
    # way; anything else the long way, which finds and reports every problem.
    attrs = raw.attrs
    if len(attrs) >= 2:
        first, second = attrs[0], attrs[1]
        kind = _KIND_OF.get(second.name) if first.type == "id" and second.type == "class" else None
        local_id = first.name
        if kind is not None and local_id not in seen and ID_PATTERN.match(local_id):
            values: dict[str, Attr] = {}
            allowed = _FAST_KEYS[kind]
            for attr in attrs[2:]:
                if attr.type != "kv" or attr.name not in allowed or attr.name in values:
                    break
                values[attr.name] = attr
            else:
                text = normalize_space(raw.text)
                if text:
                    seen[local_id] = first.offset
                    _add_span(raw, doc, pos, local_id, kind, text, values, first.offset)
                    return
    _interpret_slowly(raw, doc, pos, seen)


def _interpret_fast(
    raw: RawSpan, m: re.Match[str], text: str, doc: Document, pos: _Positions, seen: dict[str, int]
) -> bool:
    """A span the scanner read by its fast path (``[words]{#id .kind key=value ...}``), if it is a usual one.

    Returns ``False``, having added nothing, when the span is not of the usual kind
    (its id repeated, no text, a key the short way of :func:`_interpret` does not
    take): the general way then reads it. Otherwise the span and its relations are
    added as :func:`_add_span` adds them, with the same findings (a malformed cite or
    target).
    """
    local_id, kind_name, key, value, more = m.group(2, 3, 5, 6, 7)  # SIMPLE_SPAN's groups
    if local_id in seen:
        return False
    span_text = " ".join(raw.text.split())  # normalize_space
    if not span_text:
        return False
    kind = _KIND_OF[kind_name]
    label = by = cite = None
    cite_loc: Any = None  # the value's offset, then its Location
    tags: tuple[str, ...] = ()
    relations: list[tuple[int, RelationType, str, int]] = []  # (order, type, value, offset of the value)
    if key is not None:
        allowed = _FAST_KEYS[kind]
        if more:  # several attributes: each read again, in its place
            kvs: Any = (
                (kv.group(1), kv.group(2), kv.start(2)) for kv in SIMPLE_KV.finditer(text, m.start(4), m.end(4))
            )
        else:
            kvs = ((key, value, m.start(6)),)
        keys: list[str] = []
        for key, value, offset in kvs:
            if key not in allowed or key in keys or key == LINKED_KEY:
                return False
            keys.append(key)
            if value[0] in "\"'":
                value = value[1:-1]
                offset += 1
            relation = _RELATION_ORDER.get(key)
            if relation is not None:
                relations.append((*relation, value, offset))
            elif key == "label":
                label = " ".join(value.split()) or None
            elif key == "by":
                by = " ".join(value.split()) or None
            elif key == "tags":
                tags = tuple(value.split())
            else:  # cite, checked below: nothing is reported before the span is known to be a usual one
                cite = value
                cite_loc = offset
        if len(relations) > 1:
            relations.sort()  # in the order of _RELATION_TYPES, as _declare declares them
    seen[local_id] = id_offset = m.start(2) - 1
    if cite is not None:
        cite_loc = pos.loc(cite_loc)
        problem = url_problem(cite)
        if problem:
            _add(doc, cite_loc, "AM205", f"cite {cite!r} is not a well-formed http(s) URL: {problem}")
    # Locations as _Positions.loc makes them, inline: a span usually lies on one line.
    path, starts, start, end = pos.path, pos.starts, raw.start, raw.end
    line = bisect_right(starts, start)
    line_start = starts[line - 1]
    line_end = starts[line] if line < len(starts) else pos.length + 1  # offsets before it are on this line
    if end < line_end:
        span_loc = _Location(path, line, start - line_start + 1, line, end - line_start + 1)
    else:
        span_loc = pos.loc(start, end)
    doc.spans.append(_Span(local_id, kind, span_text, span_loc, label, by, cite, cite_loc, tags))
    if not relations:
        return True
    source_loc = _Location(path, line, id_offset - line_start + 1) if id_offset < line_end else pos.loc(id_offset)
    declared = doc.relations
    for _, rel_type, value, base in relations:
        words = value.split()
        if len(words) == 1 and len(words[0]) == len(value):  # one target, as most relations have
            if rel_type is not _UNDERCUTS and _REFERENCE.match(value) is not None:
                stop = base + len(value)
                if stop < line_end:
                    loc = _Location(path, line, base - line_start + 1, line, stop - line_start + 1)
                else:
                    loc = pos.loc(base, stop)
                declared.append(_Relation(local_id, value, rel_type, loc, source_loc))
                continue
            targets = [(value, base, base + len(value))]
        else:
            targets = [(t.group(), base + t.start(), base + t.end()) for t in _TARGET.finditer(value)]
        _add_relations(doc, pos, targets, rel_type, local_id, source_loc)
    return True


def _add_span(
    raw: RawSpan,
    doc: Document,
    pos: _Positions,
    local_id: str,
    kind: NodeKind,
    text: str,
    values: dict[str, Attr],
    id_offset: int,
) -> None:
    """Add a span whose id, kind and text are sound, with its relations (both ways end here)."""
    cite_attr = values.get("cite")
    cite = cite_loc = None
    if cite_attr is not None:
        cite = cite_attr.value
        cite_loc = pos.loc(cite_attr.value_offset)
        problem = url_problem(cite)
        if problem:
            _add(doc, cite_loc, "AM205", f"cite {cite!r} is not a well-formed http(s) URL: {problem}")
    label = values.get("label")
    by = values.get("by")
    tags = values.get("tags")
    doc.spans.append(
        Span(
            local_id,
            kind,
            text,
            pos.loc(raw.start, raw.end),
            None if label is None else _text_value(label),
            None if by is None else _text_value(by),
            cite,
            cite_loc,
            () if tags is None else tuple(tags.value.split()),
        )
    )
    _declare(doc, pos, values, kind, local_id, pos.loc(id_offset))


def _declare(
    doc: Document, pos: _Positions, values: dict[str, Attr], kind: NodeKind | None, source: str, source_loc: Location
) -> None:
    """The relations one attribute block declares from ``source`` (a span of ``kind``, or a reference span)."""
    allowed = ALLOWED_RELATIONS[kind] if kind is not None else None
    for rel_type in _RELATION_TYPES:
        attr = values.get(rel_type)
        if attr is None:
            continue
        if allowed is not None and kind is not None and rel_type not in allowed:
            _add(doc, pos.loc(attr.offset), "AM116", _NOT_ALLOWED[(kind, rel_type)])
            continue
        _relations(doc, pos, attr, rel_type, source, source_loc)
    linked = values.get(LINKED_KEY)
    if linked is not None:
        _linked(doc, pos, linked, values.get(RelationType.SUPPORTS), kind, source)


def _linked(
    doc: Document, pos: _Positions, attr: Attr, supports: Attr | None, kind: NodeKind | None, source: str
) -> None:
    """``with="p ..."``: each ``p`` supports each of this block's support targets together with ``source``."""
    if kind is NodeKind.REBUTTAL:
        _add(doc, pos.loc(attr.offset), "AM116", "a rebuttal attacks, it cannot support with others: remove with=")
        return
    if supports is None:
        _add(
            doc,
            pos.loc(attr.offset),
            "AM130",
            f"with= names premises that support together with '{source}', but this block declares no supports=: "
            'add supports="conclusion-id"',
        )
        return
    # as Pandoc reads them, 'a\-b' is 'a-b' (as for the other relation attributes)
    targets = [(unescape(t) if "\\" in t else t, start) for t, start, _ in _tokens(supports)]
    targets = [(t, start) for t, start in targets if _REFERENCE.match(t)]
    partners = _tokens(attr)
    if not partners:
        _add(doc, pos.loc(attr.offset), "AM208", "'with' names no span")
    relations = doc.relations
    for partner, start, end in partners:
        loc = pos.loc(start, end)
        if "\\" in partner:
            partner = unescape(partner)
        if _REFERENCE.match(partner) is None:
            _add(doc, loc, "AM208", f"{partner!r} in with= is not an id or 'doc-id#id'")
            continue
        for target, _ in targets:
            relations.append(Relation(partner, target, RelationType.SUPPORTS, loc, loc, source))


def _interpret_slowly(raw: RawSpan, doc: Document, pos: _Positions, seen: dict[str, int]) -> None:
    span_loc = pos.loc(raw.start, raw.end)
    ids: list[Attr] = []
    kinds: list[NodeKind] = []
    values: dict[str, Attr] = {}
    ok = True
    for attr in raw.attrs:
        attr_type = attr.type
        if attr_type == "id":
            ids.append(attr)
        elif attr_type == "class":
            kind_of = _KIND_OF.get(attr.name)
            if kind_of is not None:
                kinds.append(kind_of)
            else:
                hint = difflib.get_close_matches(attr.name.lower(), sorted(KIND_CLASSES), n=1, cutoff=0.6)
                advice = f"did you mean '.{hint[0]}'?" if hint else 'use tags="..." for your own categories'
                _add(
                    doc,
                    pos.loc(attr.offset),
                    "AM111",
                    f"unknown kind '.{attr.name}': expected .claim, .premise or .rebuttal; {advice}",
                )
                ok = False
        elif attr.name in values:
            _add(doc, pos.loc(attr.offset), "AM115", f"attribute '{attr.name}' is given twice in one block")
        else:
            values[attr.name] = attr
            if attr.name not in ARGMAP_KEYS:
                _unknown_attribute(doc, pos, attr)
    if "ref" in values:  # its ids and kinds are reported there, once
        _interpret_reference(raw, doc, pos, values, ids, kinds)
        return
    for extra in ids[1:]:
        _add(doc, pos.loc(extra.offset), "AM115", f"a span has one id; '#{extra.name}' is a second one")
    if len(kinds) > 1:
        _add(doc, span_loc, "AM115", "a span has one kind; it has " + ", ".join(f".{k}" for k in kinds))
        ok = False

    if not ids:
        _add(doc, span_loc, "AM113", "span has no id: add one, e.g. {#my-claim .claim}")
        return
    id_attr = ids[0]
    local_id = id_attr.name
    if not ID_PATTERN.match(local_id):
        _add(
            doc,
            pos.loc(id_attr.offset),
            "AM114",
            f"invalid id '#{local_id}': use a letter, then letters, digits, '-' or '_'",
        )
        return
    first = seen.get(local_id)
    if first is not None:
        _add(
            doc,
            pos.loc(id_attr.offset),
            "AM203",
            f"id '{local_id}' is already used at line {pos.line(first)}; ids are unique in a document",
        )
        return
    seen[local_id] = id_attr.offset
    if not kinds and ok:
        _add(doc, span_loc, "AM112", f"span '{local_id}' has no kind: add .claim, .premise or .rebuttal")
    text = normalize_space(raw.text)
    if not text:
        _add(
            doc,
            span_loc,
            "AM121",
            f"span '{local_id}' has no text: mark the words it stands for, or use a reference span []{{ref=...}}",
        )
        ok = False
    if not ok or len(kinds) != 1:
        _declare_broken(doc, pos, local_id, values, id_attr.offset)
        return
    _add_span(raw, doc, pos, local_id, kinds[0], text, values, id_attr.offset)


def _declare_broken(doc: Document, pos: _Positions, local_id: str, values: dict[str, Attr], id_offset: int) -> None:
    """A span that cannot become a node (its error is reported): its id and relations are still known.

    References to it are not reported again (``broken_ids``), and the relations it
    declares are kept: they resolve to nothing (their source is broken), but they
    count as declared, so their targets are not reported as related to nothing.
    """
    doc.broken_ids.add(local_id)
    source_loc = pos.loc(id_offset)
    for rel_type in _RELATION_TYPES:
        attr = values.get(rel_type)
        if attr is not None:
            _relations(doc, pos, attr, rel_type, local_id, source_loc)


def _interpret_orphan(raw: RawSpan, doc: Document, pos: _Positions, seen: dict[str, int]) -> None:
    """An attribute block that makes no span, already reported (a missing '[', an unclosed block)."""
    ids = [attr for attr in raw.attrs if attr.type == "id"]
    if not ids or not ID_PATTERN.match(ids[0].name) or ids[0].name in seen:
        return
    values: dict[str, Attr] = {}
    for attr in raw.attrs:
        if attr.type == "kv":
            values.setdefault(attr.name, attr)
    _declare_broken(doc, pos, ids[0].name, values, ids[0].offset)


def _unknown_attribute(doc: Document, pos: _Positions, attr: Attr) -> None:
    """AM120, or AM132 when the name is a misspelt relation attribute (its relations would be lost)."""
    name = attr.name
    relation = difflib.get_close_matches(name.lower(), sorted(RELATION_KEYS), n=1, cutoff=0.75)
    if relation:
        _add(
            doc,
            pos.loc(attr.offset),
            "AM132",
            f"unknown attribute '{name}': did you mean '{relation[0]}'? As written, its relations are lost",
        )
        return
    hint = difflib.get_close_matches(name, sorted(ARGMAP_KEYS), n=1, cutoff=0.6)
    advice = f"; did you mean '{hint[0]}'?" if hint else ""
    _add(doc, pos.loc(attr.offset), "AM120", f"unknown attribute '{name}' is ignored{advice}")


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
        _add(doc, pos.loc(raw.start), "AM118", 'a reference span must be empty: write []{ref="id" supports="..."}')
    source = ref.value.strip()
    source_loc = pos.loc(ref.value_offset) if source else where  # an empty value: at 'ref', not at a blank
    if not is_valid_reference(source):
        hint = f"; {curly_value_hint('ref')}" if has_curly_quotes(source) else ""
        _add(doc, source_loc, "AM208", f"ref {ref.value!r} is not an id or 'doc-id#id'{hint}")
        return
    if not any(t in values for t in _RELATION_TYPES) and LINKED_KEY not in values:
        _add(doc, where, "AM118", 'a reference span declares nothing: add supports="..." or attacks="..."')
    _declare(doc, pos, values, None, source, source_loc)


def _tokens(attr: Attr) -> list[tuple[str, int, int]]:
    """The space-separated words of an attribute's value, with their offsets in the text."""
    raw_value = attr.raw_value
    base = attr.value_offset
    words = raw_value.split()
    if len(words) == 1 and len(words[0]) == len(raw_value):  # one target, no spaces: most relations
        return [(raw_value, base, base + len(raw_value))]
    return [(m.group(), base + m.start(), base + m.end()) for m in _TARGET.finditer(raw_value)]


def _relations(
    doc: Document, pos: _Positions, attr: Attr, rel_type: RelationType, source: str, source_loc: Location
) -> None:
    targets = _tokens(attr)
    if not targets:
        _add(doc, pos.loc(attr.offset), "AM208", f"'{rel_type}' names no target")
    _add_relations(doc, pos, targets, rel_type, source, source_loc)


def _add_relations(
    doc: Document,
    pos: _Positions,
    targets: list[tuple[str, int, int]],
    rel_type: RelationType,
    source: str,
    source_loc: Location,
) -> None:
    relations = doc.relations
    undercut = rel_type is RelationType.UNDERCUTS
    for target, start, end in targets:
        loc = pos.loc(start, end)
        if "\\" in target:  # as Pandoc reads it: 'a\-b' is 'a-b'
            target = unescape(target)
        if undercut:
            if _RELATION_NAME.match(target) is None:
                hint = f"; write the relation as 'source>{target}'" if _REFERENCE.match(target) else ""
                _add(
                    doc,
                    loc,
                    "AM131",
                    f"undercuts= names a relation by its two ends, 'source>target' (ids or 'doc-id#id'); "
                    f"{target!r} is not one{hint}",
                )
                continue
        elif _REFERENCE.match(target) is None:
            hint = f"; {curly_value_hint(rel_type)}" if has_curly_quotes(target) else ""
            _add(doc, loc, "AM208", f"target {target!r} is not an id or 'doc-id#id'{hint}")
            continue
        relations.append(_Relation(source, target, rel_type, loc, source_loc))


def relation_ends(name: str) -> tuple[str, str] | None:
    """The two written ends of a relation name ``a>c``, or ``None`` if it is not one."""
    match = _RELATION_NAME.match(name)
    return None if match is None else (match.group(1), match.group(2))


def _text_value(attr: Attr | None) -> str | None:
    if attr is None:
        return None
    value = normalize_space(attr.value)
    return value or None
