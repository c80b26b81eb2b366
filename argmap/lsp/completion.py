"""Completion inside attribute blocks: ids in relation values, kinds after ``.``, attribute names.

Ids come in two groups: this document's spans first (bare ids, in text order),
then every other document's as ``doc#id``, each with its label. In a large
corpus the list is filtered by what has been typed and marked incomplete, so
the editor asks again as the word grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lsprotocol import types

from argmap.lsp.context import typing_at
from argmap.lsp.diagnostics import lsp_range
from argmap.lsp.index import ATTRIBUTE_KEYS, REFERENCE_KEYS, split_reference
from argmap.lsp.state import CorpusState, DocumentState
from argmap.model import ID_SEPARATOR

#: Above this many ids, only those containing what was typed are sent (at most this many).
MAX_ITEMS = 1000
_KINDS = {
    "claim": "what the author (or `by=`) asserts",
    "premise": "a reason that supports a claim",
    "rebuttal": "an objection that attacks a claim",
}
_KEYS = {
    "supports": "ids this span is a reason for",
    "attacks": "ids this span is a reason against",
    "with": "premises that support the same targets together with this one (a linked argument)",
    "undercuts": "relations (`a>c`) this span attacks, not their ends",
    "outweighs": "ids this span is preferred to: their attacks on it do not defeat it",
    "qualifies": "ids whose scope or force this span limits",
    "explains": "ids this span explains (not a reason to believe them)",
    "label": "a short paraphrase, shown in maps and trees",
    "by": "who holds this, when not the document's authors",
    "cite": "an http(s) URL the span cites",
    "tags": "your own categories, separated by spaces",
    "ref": "the span a reference span `[]{ref=...}` declares relations for",
}
_PRESENT_KEY = re.compile(r"([^\s\"'={}#.][^\s\"'={}]*)=")


def complete(
    corpus: CorpusState, state: DocumentState, offset: int, encoding: str, snippets: bool = True
) -> types.CompletionList | None:
    typing = typing_at(state.text, offset)
    if typing is None:
        return None
    replace = lsp_range(state.positions(encoding), typing.prefix_start, offset)
    prefix = state.text[typing.prefix_start : offset]
    if typing.what == "kind":
        return types.CompletionList(
            is_incomplete=False,
            items=[
                types.CompletionItem(
                    label=kind,
                    kind=types.CompletionItemKind.Class,
                    detail=f".{kind}",
                    documentation=about,
                    text_edit=types.TextEdit(replace, kind),
                    sort_text=f"{n}",
                )
                for n, (kind, about) in enumerate(_KINDS.items())
            ],
        )
    if typing.what == "key":
        present = set(_PRESENT_KEY.findall(state.text, typing.block_start, typing.prefix_start))
        items = []
        for n, key in enumerate(ATTRIBUTE_KEYS):
            if key in present:
                continue
            text = f'{key}="$1"' if snippets else f'{key}=""'
            items.append(
                types.CompletionItem(
                    label=key,
                    kind=types.CompletionItemKind.Property,
                    detail=f'{key}="..."',
                    documentation=_KEYS[key],
                    text_edit=types.TextEdit(replace, text),
                    insert_text_format=types.InsertTextFormat.Snippet if snippets else types.InsertTextFormat.PlainText,
                    sort_text=f"{n:02d}",
                )
            )
        return types.CompletionList(is_incomplete=False, items=items)
    if typing.what == "value" and typing.key in REFERENCE_KEYS:
        candidates = list(_ids(corpus, state, prefix))
        incomplete = len(candidates) > MAX_ITEMS
        if incomplete:
            wanted = prefix.lower()
            candidates = [c for c in candidates if wanted in c[0].lower()][:MAX_ITEMS]
        items = [
            types.CompletionItem(
                label=label,
                kind=types.CompletionItemKind.Reference,
                detail=detail,
                documentation=words,
                text_edit=types.TextEdit(replace, label),
                filter_text=label,
                sort_text=sort,
            )
            for label, detail, words, sort in candidates
        ]
        return types.CompletionList(is_incomplete=incomplete, items=items)
    return None


def _ids(corpus: CorpusState, state: DocumentState, prefix: str) -> Iterator[tuple[str, str, str, str]]:
    """``(label, detail, words, sort key)`` for each id that may be named here: this document's first."""
    doc_part, _ = split_reference(prefix)
    if doc_part is None:
        for n, span in enumerate(state.index.spans):
            if span.local_id is not None:
                yield span.local_id, _detail(span.kind, span.label, span.text), span.text, f"0{n:07d}"
    for d, other in enumerate(corpus.by_doc_id().values()):
        if other is state and doc_part is None:
            continue
        if doc_part is not None and other.doc_id != doc_part:
            continue
        for n, span in enumerate(other.index.spans):
            if span.local_id is not None:
                label = f"{other.doc_id}{ID_SEPARATOR}{span.local_id}"
                yield label, _detail(span.kind, span.label, span.text), span.text, f"1{d:05d}{n:07d}"


def _detail(kind: str | None, label: str | None, text: str) -> str:
    shown = label or (text if len(text) <= 60 else text[:59] + "…")
    return f"{kind}: {shown}" if kind else shown
