"""Rename a span id or a document id across the corpus: the declaration and every reference to it.

A new name that is not a valid id, or that is taken (another span of the same
document, another document of the corpus), is refused with a message that
says so; nothing is changed then.
"""

from __future__ import annotations

from lsprotocol import types

from argmap.lsp.diagnostics import lsp_range
from argmap.lsp.navigation import Target, mentions, span_of, target_at
from argmap.lsp.state import CorpusState, DocumentState, uri_of_path
from argmap.source.frontmatter import ID_PATTERN


class RenameRefused(Exception):
    """A rename that cannot be done; the message says why (shown by the editor)."""


def renamable(corpus: CorpusState, state: DocumentState, offset: int) -> Target:
    """The target at ``offset`` if it can be renamed, else :class:`RenameRefused`."""
    target = target_at(corpus, state, offset)
    if target is None:
        raise RenameRefused("put the cursor on a span's id, an id in a relation or ref=, or the document's id")
    if target.document is None:
        raise RenameRefused(f"no document has id '{target.doc_id}': there is nothing to rename")
    if target.local_id is not None and span_of(target) is None:
        raise RenameRefused(f"no span '{target.local_id}' in document '{target.doc_id}': there is nothing to rename")
    if target.local_id is None and target.document.index.doc_id_start < 0:
        raise RenameRefused(
            f"document '{target.doc_id}' takes its id from its file name: add 'id: {target.doc_id}' to its front matter"
        )
    return target


def rename(corpus: CorpusState, state: DocumentState, offset: int, new_name: str, encoding: str) -> types.WorkspaceEdit:
    """The edits that rename what is at ``offset`` to ``new_name`` everywhere in the corpus."""
    target = renamable(corpus, state, offset)
    what = "span" if target.local_id is not None else "document"
    if not ID_PATTERN.match(new_name):
        raise RenameRefused(f"'{new_name}' is not a valid {what} id: use a letter, then letters, digits, '-' or '_'")
    old = target.local_id if target.local_id is not None else target.doc_id
    if new_name == old:
        return types.WorkspaceEdit(changes={})
    _refuse_collision(corpus, target, new_name)
    changes: dict[str, list[types.TextEdit]] = {}
    for mention in mentions(corpus, target):
        uri = uri_of_path(mention.document.path)
        positions = mention.document.positions(encoding)
        edit = types.TextEdit(lsp_range(positions, mention.part_start, mention.part_end), new_name)
        changes.setdefault(uri, []).append(edit)
    return types.WorkspaceEdit(changes=changes)


def _refuse_collision(corpus: CorpusState, target: Target, new_name: str) -> None:
    assert target.document is not None
    if target.local_id is not None:
        taken = target.document.index.span_named(new_name)
        if taken is not None:
            line = target.document.positions().position(taken.start)[0] + 1
            raise RenameRefused(
                f"document '{target.doc_id}' already has a span '{new_name}' (line {line}): "
                "ids are unique in a document; choose another id"
            )
        return
    for other in corpus.ordered():
        if other is not target.document and other.doc_id == new_name:
            raise RenameRefused(
                f"document id '{new_name}' is already used by {other.path}: "
                "document ids are unique in a corpus; choose another id"
            )
