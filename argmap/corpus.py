"""A folder of documents -> one corpus, cross-document references resolved; the corpus -> a graph."""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.codes import severity_of
from argmap.errors import Diagnostic, Location, UsageError
from argmap.gcpause import gc_paused
from argmap.hints import elsewhere_hint
from argmap.model import ID_SEPARATOR, Document, RelationType, qualify
from argmap.reading import display_path, document_from, parse_files, read_files

if TYPE_CHECKING:
    import networkx as nx

    from argmap.cache import ParseCache

#: Environment variable naming the corpus folder when ``--corpus`` is not given.
CORPUS_ENV = "ARGMAP_CORPUS"


@dataclass(frozen=True, slots=True)
class Link:
    """A relation with both ends resolved to node keys."""

    source: str
    target: str
    type: RelationType
    loc: Location


@dataclass(slots=True, eq=False)
class Corpus:
    """Parsed documents (in path order), their resolved relations and every finding so far."""

    root: str
    documents: list[Document] = field(default_factory=list)
    #: Documents whose id an earlier document already has (AM204): checked on
    #: their own, but not part of the graph.
    duplicates: list[Document] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def document(self, doc_id: str) -> Document | None:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        return None


def packaged_corpus() -> Path | None:
    """The corpus shipped with argmap: in the wheel, or beside the package in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_corpus", here.parent / "corpus"):
        if candidate.is_dir():
            return candidate
    return None


def default_corpus_path(option: str | None = None) -> Path:
    """``--corpus``, else ``$ARGMAP_CORPUS``, else ``./corpus``, else the corpus argmap ships with."""
    chosen = option or os.environ.get(CORPUS_ENV)
    if chosen:
        path = Path(chosen)
        if not path.exists():
            raise UsageError(f"corpus {chosen!r} does not exist")
        return path
    local = Path("corpus")
    if local.is_dir():
        return local
    shipped = packaged_corpus()
    if shipped is None:
        raise UsageError("no corpus: give --corpus DIR or set ARGMAP_CORPUS")
    return shipped


def discover(path: Path) -> list[Path]:
    """The documents under ``path``: ``*.md`` files, recursively, except README.md and hidden folders."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise UsageError(f"corpus {str(path)!r} is not a file or folder")
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md") and name.lower() != "readme.md" and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.as_posix())


def read_document(path: Path) -> Document:
    """Read and parse one file; unreadable or non-UTF-8 files become an AM100 finding."""
    return document_from(read_files([path])[0])


def load_corpus(path: Path, documents: Iterable[Document] | None = None, *, cache: ParseCache | None = None) -> Corpus:
    """Parse every document under ``path`` (unless ``documents`` are given) and resolve the references between them.

    Large corpora are parsed by several processes (:func:`argmap.reading.parse_files`);
    ``cache`` keeps parsed documents between runs.
    """
    with gc_paused():
        if documents is None:
            documents = parse_files(read_files(discover(path), digests=cache is not None), cache)
        return _load_corpus(path, documents)


def _load_corpus(path: Path, documents: Iterable[Document]) -> Corpus:
    docs = list(documents)
    corpus = Corpus(root=display_path(path))
    by_id: dict[str, Document] = {}
    for doc in docs:
        corpus.diagnostics.extend(doc.diagnostics)
        if not doc.id:
            continue
        first = by_id.get(doc.id)
        if first is not None:
            loc = doc.meta_locs.get("id", Location(doc.path, 1, 1))
            corpus.diagnostics.append(
                Diagnostic(
                    loc,
                    "AM204",
                    f"document id '{doc.id}' is already used by {first.path}; document ids are unique in a corpus",
                    severity_of("AM204"),
                )
            )
            corpus.duplicates.append(doc)
            continue
        by_id[doc.id] = doc
    corpus.documents = list(by_id.values())
    _resolve(corpus, by_id)
    return corpus


def _resolve(corpus: Corpus, by_id: dict[str, Document]) -> None:
    # Linear in spans + relations: each document's node keys by local id (local
    # references resolve there), one set of all node keys (qualified references
    # are their own keys); the slow path, with its hints, runs only for
    # references that do not resolve and for documents whose id was taken.
    node_keys = {doc_id: {s.local_id: qualify(doc_id, s.local_id) for s in doc.spans} for doc_id, doc in by_id.items()}
    all_keys = {key for keys in node_keys.values() for key in keys.values()}
    duplicate_ids: dict[int, set[str]] = {}  # local ids of each document whose id was taken, made once
    hints = _HintBudget()
    owner_index: dict[str, list[str]] = {}  # local id -> documents that have it, made when first needed
    seen: dict[tuple[str, str, RelationType], Location] = {}
    diagnostics = corpus.diagnostics
    links = corpus.links

    def report(loc: Location, code: str, message: str) -> None:
        diagnostics.append(Diagnostic(loc, code, message, severity_of(code)))

    def resolve(ref: str, doc: Document, loc: Location) -> str | None:
        doc_id, sep, local = ref.rpartition(ID_SEPARATOR)
        target_doc = by_id.get(doc_id) if sep else doc
        if target_doc is None:
            hint = _closest(doc_id, by_id, hints)
            report(loc, "AM202", f"no document has id '{doc_id}' (in '{ref}'){hint}")
            return None
        doc_id = target_doc.id
        if target_doc is by_id.get(doc_id):
            ids: Collection[str] = node_keys[doc_id].keys()
        else:
            known = duplicate_ids.get(id(target_doc))
            if known is None:
                known = duplicate_ids[id(target_doc)] = {s.local_id for s in target_doc.spans}
            ids = known
        if local in ids:
            return qualify(doc_id, local)
        if local in target_doc.broken_ids:
            return None  # its own error was reported where it is declared
        where = "this document" if target_doc is doc else f"document '{doc_id}'"
        owners = _owners_of(local, node_keys, owner_index) if not sep else []
        hint = elsewhere_hint(local, owners) if owners else _closest(local, ids, hints)
        report(loc, "AM201", f"no span '{local}' in {where}{hint}")
        return None

    unique = len(corpus.documents)
    for position, doc in enumerate(corpus.documents + corpus.duplicates):
        if not doc.relations:
            continue
        duplicate = position >= unique
        own = {} if duplicate else node_keys[doc.id]
        for rel in doc.relations:
            source = own.get(rel.source)
            if source is None:
                in_corpus = rel.source in all_keys and not duplicate
                source = rel.source if in_corpus else resolve(rel.source, doc, rel.source_loc)
            target = own.get(rel.target)
            if target is None:
                in_corpus = rel.target in all_keys and not duplicate
                target = rel.target if in_corpus else resolve(rel.target, doc, rel.loc)
            if source is None or target is None or duplicate:
                continue
            key = (source, target, rel.type)
            first = seen.get(key)
            if first is not None:
                where = f"line {first.line}" if first.path == rel.loc.path else f"{first.path}:{first.line}"
                report(
                    rel.loc, "AM306", f"'{source} {rel.type} {target}' is already declared at {where}; it counts once"
                )
                continue
            seen[key] = rel.loc
            links.append(Link(source, target, rel.type, rel.loc))


def _owners_of(local: str, node_keys: dict[str, dict[str, str]], index: dict[str, list[str]]) -> list[str]:
    """The documents with a span ``local``, in corpus order (``index`` is filled on the first call)."""
    if not index:
        for doc_id, keys in node_keys.items():
            for key in keys:
                index.setdefault(key, []).append(doc_id)
        index.setdefault("", [])  # filled, even for a corpus with no spans
    return index.get(local, [])


#: Candidates compared (over all the did-you-mean hints of one corpus, about 8 µs each) before hints stop.
HINT_BUDGET = 100_000


class _HintBudget:
    """How many more candidates the did-you-mean hints may compare: without a bound, a corpus
    with thousands of broken references into a large document would take quadratic time."""

    def __init__(self, budget: int = HINT_BUDGET) -> None:
        self.left = budget


def _closest(word: str, choices: Iterable[str], budget: _HintBudget | None = None) -> str:
    pool = list(choices)
    if len(pool) > 5000:  # keep error reporting linear on huge corpora
        return ""
    if budget is not None:
        if len(pool) > budget.left:
            return ""
        budget.left -= len(pool)
    matches = difflib.get_close_matches(word, pool, n=3, cutoff=0.6)
    return "; did you mean " + " or ".join(f"'{m}'" for m in matches) + "?" if matches else ""


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The corpus as a ``networkx.MultiDiGraph``; the schema is in :mod:`argmap.model`."""
    with gc_paused():
        return _build_graph(corpus)


def _build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.graph["documents"] = {doc.id: {**doc.meta, "path": doc.path} for doc in corpus.documents}
    for doc in corpus.documents:
        default_by = ", ".join(doc.authors) or None
        for span in doc.spans:
            graph.add_node(
                qualify(doc.id, span.local_id),
                kind=str(span.kind),
                text=span.text,
                label=span.label,
                doc=doc.id,
                local_id=span.local_id,
                by=span.by or default_by,
                path=doc.path,
                line=span.loc.line,
                col=span.loc.col,
                cite=span.cite,
                tags=list(span.tags),
            )
    for link in corpus.links:
        graph.add_edge(
            link.source,
            link.target,
            key=str(link.type),
            type=str(link.type),
            path=link.loc.path,
            line=link.loc.line,
            col=link.loc.col,
        )
    return graph


def load_graph(path: Path) -> tuple[nx.MultiDiGraph, list[Diagnostic]]:
    """Convenience: load the corpus at ``path`` and build its graph."""
    corpus = load_corpus(path)
    return build_graph(corpus), sorted(corpus.diagnostics)
