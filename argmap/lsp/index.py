"""What is where in one document: its id, its spans, and every id that a relation names.

Built from the scanner (:func:`argmap.source.scanner.scan`), not from the parsed
document: the language server needs the place of every token (a span's
``#id``, each target in ``supports="a b"``, each side of ``undercuts="a>c"``),
also in spans that have errors, and for attributes the parser may not know
yet. Offsets are into the text as the editor has it (a byte-order mark
included).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from argmap.model import ID_SEPARATOR
from argmap.source.frontmatter import read_front_matter
from argmap.source.scanner import KIND_CLASSES, scan

#: Attributes whose values are relation targets: ids, ``doc-id#id``, or (``undercuts``) ``a>c`` relation names.
RELATION_KEYS = ("supports", "attacks", "with", "undercuts", "outweighs", "qualifies", "explains")
#: Attributes whose values name spans: the relations, and ``ref`` (the span a reference span speaks for).
REFERENCE_KEYS = (*RELATION_KEYS, "ref")
#: Every attribute argmap reads, in the order completion offers them.
ATTRIBUTE_KEYS = (*RELATION_KEYS, "label", "by", "cite", "tags", "ref")
#: The character that joins the two ends of a relation's name in ``undercuts="a>c"``.
RELATION_JOINER = ">"

_ID = r"[A-Za-z][A-Za-z0-9_-]*"
_REFERENCE = re.compile(rf"(?:({_ID}){ID_SEPARATOR})?({_ID})\Z")
_TOKEN = re.compile(r"\S+")
_DOC_ID_VALUE = re.compile(rf"([\"']?)({_ID})\1[ \t]*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SpanInfo:
    """One annotation span, where it is and what it says (``None`` for what it does not have)."""

    #: The span's ``#id`` (the first one), or ``None``.
    local_id: str | None
    #: Offsets of the id's name (after ``#``); ``-1`` without an id.
    id_start: int
    id_end: int
    #: The first of argmap's kinds among the span's classes.
    kind: str | None
    #: ``[`` to just after ``}``; the words are ``content_start`` to ``content_end``.
    start: int
    end: int
    content_start: int
    content_end: int
    #: The words, markup removed and whitespace collapsed.
    text: str
    label: str | None
    by: str | None
    cite: str | None
    #: The value of ``ref=`` for a reference span (``[]{ref="x" ...}``), else ``None``.
    ref: str | None
    #: Position in :attr:`DocIndex.spans` of the innermost span around this one.
    parent: int | None


@dataclass(frozen=True, slots=True)
class Reference:
    """One id named in an attribute value: ``x`` or ``doc#x`` (each side of ``a>c`` is one)."""

    #: The attribute: a relation (``supports``, ...) or ``ref``.
    key: str
    #: The whole token.
    start: int
    end: int
    #: The document part of ``doc#x``, with its offsets, or ``None`` for a bare id.
    doc: str | None
    doc_start: int
    doc_end: int
    #: The span's id, with its offsets.
    local: str
    local_start: int
    local_end: int
    #: Position in :attr:`DocIndex.spans` of the span whose attribute this is.
    span: int


@dataclass(slots=True)
class DocIndex:
    """The spans and references of one document, in text order."""

    #: The ``id:`` of the front matter (``None`` when missing or invalid), and the offsets of its value.
    doc_id: str | None = None
    doc_id_start: int = -1
    doc_id_end: int = -1
    #: Offset where the body starts (after the front matter).
    body_start: int = 0
    spans: list[SpanInfo] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    _by_id: dict[str, SpanInfo] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def span_named(self, local_id: str) -> SpanInfo | None:
        """The first span with ``#local_id``."""
        return self._by_id.get(local_id)

    def spans_at(self, offset: int) -> list[SpanInfo]:
        """The spans around ``offset`` (``[`` to ``}`` inclusive), outermost first."""
        found = []
        for span in self.spans[: bisect_right(self._starts, offset)]:
            if span.start <= offset <= span.end:
                found.append(span)
        return found

    def reference_at(self, offset: int) -> Reference | None:
        """The reference whose token holds ``offset`` (its end included: the cursor just after a word is on it)."""
        for ref in self.references:
            if ref.start <= offset <= ref.end:
                return ref
        return None

    def span_id_at(self, offset: int) -> SpanInfo | None:
        """The span whose ``#id`` holds ``offset`` (the ``#`` and the end included)."""
        for span in self.spans_at(offset):
            if span.local_id is not None and span.id_start - 1 <= offset <= span.id_end:
                return span
        return None

    def on_doc_id(self, offset: int) -> bool:
        """Whether ``offset`` is on the front matter's ``id:`` value."""
        return self.doc_id is not None and self.doc_id_start <= offset <= self.doc_id_end


def build_index(text: str) -> DocIndex:
    """Index ``text``, a whole document as the editor has it. Never raises."""
    shift = 1 if text.startswith("\ufeff") else 0
    body = text[shift:]
    fm = read_front_matter(body)
    index = DocIndex(body_start=fm.body_start + shift)
    doc_id = fm.meta.get("id")
    if isinstance(doc_id, str) and "id" in fm.locs:
        m = _DOC_ID_VALUE.match(body, fm.locs["id"][1])
        if m is not None and m.group(2) == doc_id:
            index.doc_id = doc_id
            index.doc_id_start, index.doc_id_end = m.start(2) + shift, m.end(2) + shift
    raw_spans = scan(body, fm.body_start).spans  # sorted by start
    open_spans: list[tuple[int, int]] = []  # (end, position) of the spans around the current one
    for position, raw in enumerate(raw_spans):
        while open_spans and open_spans[-1][0] <= raw.start:
            open_spans.pop()
        parent = open_spans[-1][1] if open_spans else None
        open_spans.append((raw.end, position))
        local_id = id_start = None
        kind = label = by = cite = ref = None
        for attr in raw.attrs:
            if attr.type == "id":
                if local_id is None:
                    local_id, id_start = attr.name, attr.offset + 1
            elif attr.type == "class":
                if kind is None and attr.name in KIND_CLASSES:
                    kind = attr.name
            elif attr.name in REFERENCE_KEYS:
                if attr.name == "ref" and ref is None:
                    ref = attr.value.strip()
                _add_references(index.references, attr.name, attr.raw_value, attr.value_offset + shift, position)
            elif attr.name == "label" and label is None:
                label = " ".join(attr.value.split()) or None
            elif attr.name == "by" and by is None:
                by = " ".join(attr.value.split()) or None
            elif attr.name == "cite" and cite is None:
                cite = attr.value.strip() or None
        start = -1 if id_start is None else id_start + shift
        span = SpanInfo(
            local_id,
            start,
            -1 if local_id is None else start + len(local_id),
            kind,
            raw.start + shift,
            raw.end + shift,
            raw.content_start + shift,
            raw.content_end + shift,
            " ".join(raw.text.split()),
            label,
            by,
            cite,
            ref,
            parent,
        )
        index.spans.append(span)
        index._starts.append(span.start)
        if local_id is not None:
            index._by_id.setdefault(local_id, span)
    index.references.sort(key=lambda ref: ref.start)  # text order (a nested span's block comes first)
    return index


def _add_references(found: list[Reference], key: str, raw_value: str, base: int, span: int) -> None:
    for token in _TOKEN.finditer(raw_value):
        parts = [(token.group(), token.start())]
        if key == "undercuts":  # a>c: both ends name spans
            parts, at = [], token.start()
            for piece in token.group().split(RELATION_JOINER):
                parts.append((piece, at))
                at += len(piece) + 1
        for piece, at in parts:
            m = _REFERENCE.match(piece)
            if m is None:
                continue
            start = base + at
            doc = m.group(1)
            local_start = start + m.start(2)
            found.append(
                Reference(
                    key,
                    start,
                    start + len(piece),
                    doc,
                    start if doc else -1,
                    start + len(doc) if doc else -1,
                    m.group(2),
                    local_start,
                    local_start + len(m.group(2)),
                    span,
                )
            )


def split_reference(token: str) -> tuple[str | None, str]:
    """``doc#x`` -> ``("doc", "x")``; ``x`` -> ``(None, "x")``."""
    doc, sep, local = token.rpartition(ID_SEPARATOR)
    return (doc if sep else None), local
