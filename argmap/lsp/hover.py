"""Hover: the span under the cursor (or the one a relation names), as a reader needs it.

The quoted words, the label, who holds it, the document, the line, the
citation, and the claim's status with its reason (:mod:`argmap.lsp.status`).
"""

from __future__ import annotations

from lsprotocol import types

from argmap.lsp.diagnostics import lsp_range
from argmap.lsp.navigation import Target, span_of, target_at
from argmap.lsp.state import CorpusState, DocumentState
from argmap.lsp.status import claim_status
from argmap.model import qualify


def hover(corpus: CorpusState, state: DocumentState, offset: int, encoding: str) -> types.Hover | None:
    target = target_at(corpus, state, offset)
    if target is None:
        around = [span for span in state.index.spans_at(offset) if span.local_id is not None]
        if not around:
            return None
        inner = around[-1]
        assert inner.local_id is not None
        target = Target(state.doc_id, inner.local_id, state, inner.start, inner.end)
    text = document_text(target) if target.local_id is None else span_text(corpus, target)
    if text is None:
        return None
    content = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return types.Hover(contents=content, range=lsp_range(state.positions(encoding), target.start, target.end))


def span_text(corpus: CorpusState, target: Target) -> str | None:
    span = span_of(target)
    if span is None or target.document is None or target.local_id is None:
        return None
    doc = target.document.parsed
    meta = doc.meta
    node = qualify(target.doc_id, target.local_id)
    title = f"**{span.kind or 'span'}** `{node}`"
    lines = [title, "", _quote(span.text)]
    if span.label:
        lines += ["", f"*label:* {_escape(span.label)}"]
    holder = span.by or ", ".join(doc.authors)
    facts = []
    if holder:
        facts.append(f"*held by:* {_escape(holder)}")
    doc_title = meta.get("title")
    where = f"`{target.doc_id}`" + (f", {_escape(str(doc_title))}" if doc_title else "")
    line = target.document.positions().position(span.start)[0] + 1
    facts.append(f"*document:* {where}, line {line}")
    if span.cite:
        facts.append(f"*cites:* <{span.cite}>")
    status = claim_status(corpus.graph(), node)
    if status is not None:
        facts.append(f"*status:* **{status.mark}** {_escape(status.reason)}")
    lines += ["", "  \n".join(facts)]
    return "\n".join(lines)


def document_text(target: Target) -> str | None:
    if target.document is None:
        return None
    doc = target.document.parsed
    meta = doc.meta
    parts = [f"**document** `{target.doc_id}`"]
    if meta.get("title"):
        parts.append(_escape(str(meta["title"])))
    byline = ", ".join(filter(None, [", ".join(doc.authors), str(meta.get("date") or "")]))
    if byline:
        parts.append(_escape(byline))
    spans = sum(1 for span in target.document.index.spans if span.local_id is not None)
    parts.append(f"{spans} span{'s' if spans != 1 else ''}")
    return "\n\n".join(parts)


def _quote(text: str) -> str:
    return "> " + _escape(text) if text else "> (no words)"


def _escape(text: str) -> str:
    """Text shown as written, not read as Markdown."""
    return "".join("\\" + ch if ch in "\\`*_[]<>" else ch for ch in text)
