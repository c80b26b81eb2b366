"""A parsed document as nested tuples of plain values, and back: for the parse cache and worker processes.

``pickle`` rebuilds each frozen dataclass through ``__setstate__``; on a
100,000-claim corpus that took longer than parsing again. This encoding holds
only ``str``, ``int``, ``float``, ``bool``, ``None``, ``bytes``, tuples, lists,
dicts and sets, so :mod:`marshal` writes and reads it at C speed, and
:func:`decode` rebuilds every object through its constructor. Being data
only, an entry from an untrusted cache can make wrong findings but cannot run code.

Locations in a document almost always name the document's own file: they are
stored as ``(line, col, end_line, end_col)`` and get the path back on decoding
(any other path is stored with the location).

:func:`encode` raises :class:`Unencodable` for what it cannot represent
exactly (a front-matter value of a type YAML's safe loader does not make, or a
model class that gained a field this module does not know): the caller then
does without (parses again, or parses in the main process).
"""

from __future__ import annotations

import datetime as _dt
import marshal
from dataclasses import fields
from typing import Any

from argmap.bulk import builder
from argmap.errors import Diagnostic, Location, Severity
from argmap.model import Document, NodeKind, Relation, RelationType, Span

#: Bumped whenever the layout below changes (it is part of every cache key).
FORMAT = 2

_EXPECTED_FIELDS = {
    Document: ("path", "meta", "spans", "relations", "meta_locs", "lines", "broken_ids", "diagnostics"),
    Span: ("local_id", "kind", "text", "loc", "label", "by", "cite", "cite_loc", "tags"),
    Relation: ("source", "target", "type", "loc", "source_loc", "partner"),
    Location: ("path", "line", "col", "end_line", "end_col"),
    Diagnostic: ("loc", "code", "message", "severity"),
}
#: Whether the model classes still have exactly the fields encoded here.
SUPPORTED = all(tuple(f.name for f in fields(cls)) == names for cls, names in _EXPECTED_FIELDS.items())

#: The records, made as the parser makes them (:func:`argmap.bulk.builder`).
_new_location = builder(Location)
_new_span = builder(Span)
_new_relation = builder(Relation)

_KINDS = {kind.value: kind for kind in NodeKind}
_TYPES = {rel.value: rel for rel in RelationType}
_SEVERITIES = {sev.value: sev for sev in Severity}
_SCALARS = (str, int, float, bool, type(None), bytes)
_DATE, _DATETIME = "date", "datetime"


class Unencodable(ValueError):
    """The document holds something this encoding cannot carry exactly."""


# -- encoding -------------------------------------------------------------


def encode(doc: Document) -> tuple[Any, ...]:
    """``doc`` as nested plain values (see the module docstring)."""
    if not SUPPORTED:
        raise Unencodable("the model has changed: update argmap.corpus.codec")
    path = doc.path

    def loc(value: Location) -> tuple[Any, ...]:
        if value.path == path:
            return (value.line, value.col, value.end_line, value.end_col)
        return (value.path, value.line, value.col, value.end_line, value.end_col)

    return (
        path,
        _encode_value(doc.meta),
        tuple((key, loc(value)) for key, value in doc.meta_locs.items()),
        tuple((text, loc(where)) for text, where in doc.lines),
        tuple(
            (
                s.local_id,
                s.kind.value,
                s.text,
                loc(s.loc),
                s.label,
                s.by,
                s.cite,
                None if s.cite_loc is None else loc(s.cite_loc),
                s.tags,
            )
            for s in doc.spans
        ),
        tuple((r.source, r.target, r.type.value, loc(r.loc), loc(r.source_loc), r.partner) for r in doc.relations),
        tuple(sorted(doc.broken_ids)),
        tuple((loc(d.loc), d.code, d.message, d.severity.value) for d in doc.diagnostics),
    )


#: Front matter bigger or deeper than this is not cached: YAML aliases can make a small text a
#: huge (or, with a recursive alias, an endless) value, which the text parser shares and an encoding would copy.
MAX_META_VALUES = 10_000
MAX_META_DEPTH = 50


def _encode_value(value: Any, budget: list[int] | None = None, depth: int = 0) -> Any:
    """A front-matter value: what YAML's safe loader makes. Dates become tagged tuples (it makes no tuples)."""
    if budget is None:
        budget = [MAX_META_VALUES]
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_META_DEPTH:
        raise Unencodable("the front matter is too large or too deep to cache")
    kind = type(value)
    if kind in _SCALARS:
        return value
    depth += 1
    if kind is list:
        return [_encode_value(v, budget, depth) for v in value]
    if kind is dict:
        return {_encode_value(k, budget, depth): _encode_value(v, budget, depth) for k, v in value.items()}
    if kind is set:
        return {_encode_value(v, budget, depth) for v in value}
    if kind is _dt.datetime:
        return (_DATETIME, value.isoformat())
    if kind is _dt.date:
        return (_DATE, value.isoformat())
    raise Unencodable(f"cannot encode a front-matter value of type {kind.__name__}")


def dumps(doc: Document) -> bytes:
    """``doc`` encoded, as bytes."""
    return marshal.dumps((FORMAT, encode(doc)))


# -- decoding -------------------------------------------------------------


def decode(data: tuple[Any, ...]) -> Document:
    """The :class:`Document` that :func:`encode` encoded. Raises on malformed input (a corrupt cache entry)."""
    path, meta, meta_locs, lines, spans, relations, broken_ids, diagnostics = data
    new_loc = _new_location

    def loc(value: tuple[Any, ...]) -> Location:
        return new_loc(path, *value) if len(value) == 4 else new_loc(*value)

    kinds, types, severities = _KINDS, _TYPES, _SEVERITIES
    new_span, new_relation, new_diagnostic = _new_span, _new_relation, Diagnostic
    doc = Document(path, _decode_value(meta))
    doc.meta_locs = {key: loc(value) for key, value in meta_locs}
    doc.lines = [(text, loc(where)) for text, where in lines]
    doc.spans = [
        new_span(
            local_id, kinds[kind], text, loc(where), label, by, cite, None if cite_loc is None else loc(cite_loc), tags
        )
        for local_id, kind, text, where, label, by, cite, cite_loc, tags in spans
    ]
    doc.relations = [
        new_relation(source, target, types[rel_type], loc(where), loc(source_loc), partner)
        for source, target, rel_type, where, source_loc, partner in relations
    ]
    doc.broken_ids = set(broken_ids)
    doc.diagnostics = [
        new_diagnostic(loc(where), code, message, severities[sev]) for where, code, message, sev in diagnostics
    ]
    return doc


def _decode_value(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_decode_value(v) for v in value]
    if kind is dict:
        return {_decode_value(k): _decode_value(v) for k, v in value.items()}
    if kind is set:
        return {_decode_value(v) for v in value}
    if kind is tuple and len(value) == 2:
        tag, text = value
        if tag == _DATETIME:
            return _dt.datetime.fromisoformat(text)
        if tag == _DATE:
            return _dt.date.fromisoformat(text)
    raise ValueError(f"not an encoded front-matter value: {value!r}")


def loads(data: bytes) -> Document:
    """The document :func:`dumps` wrote. Raises ``ValueError`` (or another error) on anything else."""
    version, body = marshal.loads(data)
    if version != FORMAT:
        raise ValueError(f"encoding {version!r}, expected {FORMAT}")
    return decode(body)
