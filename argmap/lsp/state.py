"""The corpora being edited: each document's text (the editor's, else the file's), parsed once per text.

A *corpus* is a folder of documents, as for ``argmap check``: the folder the
client names (``initializationOptions.corpus``, or ``ARGMAP_CORPUS``), else the
``corpus/`` folder of a workspace folder, else the folder of the document
opened. Every document of a corpus is read from disk when the corpus is first
needed; an open document's text then comes from the editor. A change parses
only the changed document again; references are resolved and the rules run
over the whole corpus (both are linear and fast), so findings in other
documents that depend on the edited one are current too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.corpus.files import read_regular_file
from argmap.lsp.index import DocIndex, build_index
from argmap.lsp.positions import UTF16, TextPositions
from argmap.source.frontmatter import ID_PATTERN

if TYPE_CHECKING:
    import networkx as nx

    from argmap.corpus.load import CorpusFile
    from argmap.corpus.resolve import Corpus
    from argmap.errors import Diagnostic
    from argmap.model import Document


def is_document(path: Path) -> bool:
    """Whether ``path`` is a corpus document (as :func:`argmap.corpus.resolve.discover` finds them)."""
    return (
        path.suffix == ".md"
        and path.name.lower() != "readme.md"
        and not any(part.startswith(".") for part in path.parts[-8:])
    )


class DocumentState:
    """One document: its text and what is derived from it, each made once per text."""

    __slots__ = ("_index", "_parsed", "_positions", "file", "open", "path", "text", "version")

    def __init__(self, path: str, text: str, version: int | None = None, file: CorpusFile | None = None) -> None:
        self.path = path
        self.text = text
        #: The editor's version of the text; ``None`` when the text is the file's.
        self.version = version
        self.open = version is not None
        #: The file as read, when it could not be read or decoded (it is then parsed as ``argmap check`` does: AM100).
        self.file = file
        self._parsed: Document | None = None
        self._index: DocIndex | None = None
        self._positions: TextPositions | None = None

    @classmethod
    def from_disk(cls, path: Path) -> DocumentState:
        from argmap.corpus.load import CorpusFile

        resolved = str(path.resolve())
        try:
            data = read_regular_file(path)
        except OSError as exc:
            return cls(resolved, "", None, CorpusFile(path, resolved, None, str(exc.strerror or exc)))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return cls(resolved, data.decode("utf-8", "replace"), None, CorpusFile(path, resolved, data))
        return cls(resolved, text.replace("\r\n", "\n").replace("\r", "\n"))

    def set_text(self, text: str, version: int | None) -> bool:
        """Replace the text; whether it changed."""
        self.version = version
        if text == self.text and self.file is None:
            return False
        self.text = text
        self.file = None
        self._parsed = self._index = self._positions = None
        return True

    @property
    def parsed(self) -> Document:
        if self._parsed is None:
            from argmap.corpus.load import document_from
            from argmap.source.parse import parse_document

            if self.file is not None:
                self._parsed = document_from(self.file)
                return self._parsed
            doc = parse_document(self.text, self.path)
            stem = Path(self.path).stem
            if not doc.id and ID_PATTERN.match(stem):
                doc.meta["id"] = stem  # as argmap check does: the file name stands in
            self._parsed = doc
        return self._parsed

    @property
    def index(self) -> DocIndex:
        if self._index is None:
            self._index = build_index(self.text)
        return self._index

    def positions(self, encoding: str = UTF16) -> TextPositions:
        if self._positions is None or self._positions.encoding != encoding:
            self._positions = TextPositions(self.text, encoding)
        return self._positions

    @property
    def doc_id(self) -> str:
        """The document's id as the corpus knows it (front matter, else the file name)."""
        return self.parsed.id


class CorpusState:
    """The documents of one corpus folder, and the findings of their last check."""

    def __init__(self, root: Path, *, front_matter_only: bool = False) -> None:
        from argmap.corpus.resolve import discover

        self.root = root
        #: A folder that is no declared corpus holds argmap's documents only: those with front matter.
        self.front_matter_only = front_matter_only
        self.documents: dict[str, DocumentState] = {}
        for path in discover(root):
            state = DocumentState.from_disk(path)
            if not front_matter_only or _has_front_matter(path, state.text):
                self.documents[state.path] = state
        self.revision = 0
        self._loaded: tuple[int, Corpus] | None = None
        self._graph: tuple[int, nx.MultiDiGraph[str]] | None = None
        self._ids: tuple[int, dict[str, DocumentState]] | None = None
        #: What was last published per path (to republish only what changed).
        self.published: dict[str, Any] = {}
        #: The pending debounced check (an ``asyncio.TimerHandle``), if any.
        self.pending: Any = None

    def contains(self, path: Path, text: str | None = None) -> bool:
        root = self.root.resolve()
        if not path.is_relative_to(root) or not is_document(path.relative_to(root)):
            return False
        return not self.front_matter_only or str(path) in self.documents or _has_front_matter(path, text)

    def changed(self) -> None:
        self.revision += 1

    def set_text(self, path: str, text: str, version: int | None) -> None:
        state = self.documents.get(path)
        if state is None:
            self.documents[path] = DocumentState(path, text, version)
            self.documents = dict(sorted(self.documents.items(), key=lambda item: Path(item[0]).as_posix()))
        elif not state.set_text(text, version):
            return
        self.changed()

    def reload(self, path: str) -> None:
        """Read ``path`` from disk again (closed in the editor, or changed by another program)."""
        state = self.documents.get(path)
        if state is not None and state.open:
            return
        if not Path(path).exists():
            self.remove(path)
            return
        fresh = DocumentState.from_disk(Path(path))
        if state is None or fresh.file is not None or state.file is not None:
            self.documents[path] = fresh
            self.documents = dict(sorted(self.documents.items(), key=lambda item: Path(item[0]).as_posix()))
            self.changed()
        else:
            self.set_text(path, fresh.text, None)

    def remove(self, path: str) -> None:
        if self.documents.pop(path, None) is not None:
            self.changed()

    def ordered(self) -> Iterable[DocumentState]:
        """The documents in the order ``argmap check`` reads them (by path)."""
        return self.documents.values()

    def corpus(self) -> Corpus:
        """The loaded corpus (references resolved) for the current texts."""
        if self._loaded is None or self._loaded[0] != self.revision:
            from argmap.corpus.resolve import load_corpus

            self._loaded = (self.revision, load_corpus(self.root, [d.parsed for d in self.ordered()]))
        return self._loaded[1]

    def check(self) -> dict[str, list[Diagnostic]]:
        """Every finding of ``argmap check``, by path (every document has an entry, maybe empty)."""
        from argmap.check.rules import check_corpus

        by_path: dict[str, list[Diagnostic]] = {path: [] for path in self.documents}
        for finding in check_corpus(self.corpus()):
            by_path.setdefault(finding.loc.path, []).append(finding)
        return by_path

    def graph(self) -> nx.MultiDiGraph[str]:
        if self._graph is None or self._graph[0] != self.revision:
            from argmap.corpus.resolve import build_graph

            self._graph = (self.revision, build_graph(self.corpus()))
        return self._graph[1]

    def by_doc_id(self) -> dict[str, DocumentState]:
        """Documents by id; the first in path order when two share one (as the graph has it)."""
        if self._ids is None or self._ids[0] != self.revision:
            ids: dict[str, DocumentState] = {}
            for state in self.ordered():
                if state.doc_id:
                    ids.setdefault(state.doc_id, state)
            self._ids = (self.revision, ids)
        return self._ids[1]


class Workspace:
    """Every corpus the editor has opened a document of."""

    def __init__(self, folders: list[Path], corpus: Path | None = None) -> None:
        self.folders = folders
        self.configured = corpus
        self.corpora: dict[Path, CorpusState] = {}

    def corpus_root(self, path: Path, text: str | None = None) -> Path | None:
        """The corpus folder ``path`` belongs to (see the module docstring); ``None`` if it is no document."""
        candidates = []
        if self.configured is not None:
            candidates.append(self.configured)
        candidates += [folder / "corpus" for folder in self.folders]
        for root in candidates:
            resolved = root.resolve()
            if resolved.is_file() and resolved == path:
                return resolved.parent
            if resolved.is_dir() and path.is_relative_to(resolved):
                return resolved if is_document(path.relative_to(resolved)) else None
        if not is_document(Path(path.name)):
            return None
        return path.parent if _has_front_matter(path, text) else None

    def corpus_for(self, path: Path, text: str | None = None) -> CorpusState | None:
        """The corpus of ``path`` (whose text the editor may have), read from disk the first time."""
        for corpus in self.corpora.values():
            if corpus.contains(path, text):
                return corpus
        root = self.corpus_root(path, text)
        if root is None:
            return None
        if root not in self.corpora:
            declared = [*([self.configured] if self.configured else []), *(f / "corpus" for f in self.folders)]
            front_matter_only = all(root != folder.resolve() for folder in declared)
            self.corpora[root] = CorpusState(root, front_matter_only=front_matter_only)
        return self.corpora[root]

    def document(self, path: Path) -> tuple[CorpusState, DocumentState] | None:
        corpus = self.corpus_for(path)
        if corpus is None:
            return None
        state = corpus.documents.get(str(path))
        return None if state is None else (corpus, state)


def path_of_uri(uri: str) -> Path | None:
    """The file a ``file:`` URI names (resolved), or ``None`` for other schemes."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":  # pragma: no cover
        path = path[1:]
    return Path(path).resolve()


def uri_of_path(path: str | Path) -> str:
    return Path(path).resolve().as_uri()


def _has_front_matter(path: Path, text: str | None) -> bool:
    """Whether the document starts with ``---``: outside a corpus folder, only such files are argmap's."""
    if text is not None:
        return text.removeprefix("\ufeff").startswith("---")
    try:
        with open(path, "rb") as handle:
            return handle.read(6).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False
