"""What the cursor names (a span or a document), where that is, and everything that names it.

A *target* is a span (``#id`` where it is declared, ``x`` or ``doc#x`` in a
relation or ``ref=``) or a document (its ``id:`` in the front matter, or the
``doc`` of ``doc#x``). Go to definition, find references, hover and rename all
start from :func:`target_at`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lsprotocol import types

from argmap.lsp.diagnostics import lsp_range
from argmap.lsp.index import RELATION_JOINER, SpanInfo
from argmap.lsp.state import CorpusState, DocumentState, uri_of_path


@dataclass(frozen=True, slots=True)
class Target:
    """A span (``local_id`` set) or a whole document (``local_id`` ``None``) of ``document``, or of a
    document the corpus does not have (``document`` ``None``; ``doc_id`` says which)."""

    doc_id: str
    local_id: str | None
    document: DocumentState | None
    #: The part of the text under the cursor that names the target (what rename replaces).
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A place that names a target: ``start``/``end`` the whole token, ``part_start``/``part_end`` the name."""

    document: DocumentState
    start: int
    end: int
    part_start: int
    part_end: int
    declaration: bool = False


def target_at(corpus: CorpusState, state: DocumentState, offset: int) -> Target | None:
    """The span or document named at ``offset`` in ``state``, or ``None``."""
    index = state.index
    ref = index.reference_at(offset)
    if ref is not None:
        if ref.doc is not None and offset < ref.local_start:
            return Target(ref.doc, None, corpus.by_doc_id().get(ref.doc), ref.doc_start, ref.doc_end)
        holder = state if ref.doc is None else corpus.by_doc_id().get(ref.doc)
        doc_id = ref.doc or state.doc_id
        return Target(doc_id, ref.local, holder, ref.local_start, ref.local_end)
    span = index.span_id_at(offset)
    if span is not None and span.local_id is not None:
        return Target(state.doc_id, span.local_id, state, span.id_start, span.id_end)
    if index.on_doc_id(offset) and index.doc_id is not None:
        return Target(index.doc_id, None, state, index.doc_id_start, index.doc_id_end)
    return None


def span_of(target: Target) -> SpanInfo | None:
    """The span a target names, if its document has it."""
    if target.document is None or target.local_id is None:
        return None
    return target.document.index.span_named(target.local_id)


def definition(target: Target) -> tuple[DocumentState, int, int] | None:
    """Where the target is declared: the span's ``#id``, or the document's ``id:`` (else its first line)."""
    if target.document is None:
        return None
    if target.local_id is None:
        index = target.document.index
        if index.doc_id_start >= 0:
            return target.document, index.doc_id_start, index.doc_id_end
        return target.document, 0, 0
    span = span_of(target)
    if span is None:
        return None
    return target.document, span.id_start, span.id_end


def mentions(corpus: CorpusState, target: Target, *, declaration: bool = True) -> Iterator[Mention]:
    """Every place in the corpus that names ``target`` (its declaration first, when asked for)."""
    if declaration and (declared := definition(target)) is not None and declared[2] > declared[1]:
        state, start, end = declared
        yield Mention(state, start, end, start, end, declaration=True)
    holder = target.document
    ids = corpus.by_doc_id()
    for state in corpus.ordered():
        for ref in state.index.references:
            if target.local_id is None:
                if ref.doc == target.doc_id:
                    yield Mention(state, ref.start, ref.end, ref.doc_start, ref.doc_end)
                continue
            if ref.local != target.local_id:
                continue
            names = state if ref.doc is None else ids.get(ref.doc)
            same = names is holder if holder is not None else (ref.doc or state.doc_id) == target.doc_id
            if same:
                yield Mention(state, ref.start, ref.end, ref.local_start, ref.local_end)


def location(state: DocumentState, start: int, end: int, encoding: str) -> types.Location:
    return types.Location(uri_of_path(state.path), lsp_range(state.positions(encoding), start, end))


# -- document symbols ------------------------------------------------------------

_SYMBOL_KINDS = {
    "claim": types.SymbolKind.Class,
    "premise": types.SymbolKind.Property,
    "rebuttal": types.SymbolKind.Event,
}


def document_symbols(state: DocumentState, encoding: str) -> list[types.DocumentSymbol]:
    """The spans of a document as a tree (nested spans inside the span around them), in text order."""
    index = state.index
    positions = state.positions(encoding)
    relations: dict[int, list[str]] = {}
    joined: int | None = None  # where the last undercut's first end stops: "a>c" is one relation, not two
    for ref in index.references:
        if ref.key != "ref":
            named = relations.setdefault(ref.span, [])
            if ref.key == "undercuts" and joined is not None and state.text[joined : ref.start] == RELATION_JOINER:
                named[-1] += state.text[joined : ref.end]
                joined = None
                continue
            named.append(f"{ref.key} {state.text[ref.start : ref.end]}")
            joined = ref.end if ref.key == "undercuts" else None
    symbols: list[types.DocumentSymbol] = []
    children: list[list[types.DocumentSymbol]] = []
    for position, span in enumerate(index.spans):
        if span.local_id is not None:
            name = span.local_id
            kind = _SYMBOL_KINDS.get(span.kind or "", types.SymbolKind.Object)
            detail = " · ".join(part for part in (span.kind, span.label or _clip(span.text)) if part)
            selection = lsp_range(positions, span.id_start, span.id_end)
        else:
            name = f"ref {span.ref}" if span.ref else "(no id)"
            kind = types.SymbolKind.Key if span.ref else types.SymbolKind.Object
            detail = ", ".join(relations.get(position, []))
            selection = lsp_range(positions, span.start, span.end)
        inside: list[types.DocumentSymbol] = []
        symbol = types.DocumentSymbol(
            name=name,
            kind=kind,
            range=lsp_range(positions, span.start, span.end),
            selection_range=selection,
            detail=detail or None,
            children=inside,
        )
        children.append(inside)
        (symbols if span.parent is None else children[span.parent]).append(symbol)
    return symbols


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
