"""A folder of documents -> one corpus, cross-document references resolved; the corpus -> a graph."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.bulk import builder, gc_paused
from argmap.codes import severity_of
from argmap.corpus.load import Meanwhile, display_path, document_from, parse_files, read_files
from argmap.errors import Diagnostic, Location, UsageError
from argmap.model import (
    ALLOWED_RELATIONS,
    ID_SEPARATOR,
    PREMISE_SEPARATOR,
    RELATION_SEPARATOR,
    Document,
    NodeKind,
    RelationType,
    Span,
    qualify,
)
from argmap.source.hints import elsewhere_hint

if TYPE_CHECKING:
    import networkx as nx

    from argmap.corpus.cache import ParseCache

#: Environment variable naming the corpus folder when ``--corpus`` is not given.
CORPUS_ENV = "ARGMAP_CORPUS"
#: Why there is no corpus, and how to name one.
NO_CORPUS = "no corpus here: name the corpus folder or the documents, set ARGMAP_CORPUS, or run where ./corpus is"


@dataclass(frozen=True, slots=True)
class Link:
    """A relation with both ends resolved to node keys.

    For ``undercuts`` the target is the target of the undercut relation and
    ``via`` is its source (the relation is ``via -> target`` of type
    ``via_type``). For a support declared by ``with=``, ``partner`` is the
    span whose ``with=`` declared it.
    """

    source: str
    target: str
    type: RelationType
    loc: Location
    via: str | None = None
    via_type: RelationType | None = None
    partner: str | None = None


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
    #: Every inference: its name -> (conclusion, premises in declaration order).
    inferences: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: The inference each support belongs to: (premise, conclusion) -> inference name.
    inference_of: dict[tuple[str, str], str] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document | None:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        return None


#: Links made quickly (:func:`argmap.bulk.builder`): a corpus has one per relation.
_new_link = builder(Link)


def packaged_corpus() -> Path | None:
    """The corpus shipped with argmap: in the wheel, or beside the package in a source checkout."""
    here = Path(__file__).resolve().parents[1]  # the argmap package
    for candidate in (here / "_corpus", here.parent / "corpus"):
        if candidate.is_dir():
            return candidate
    return None


def default_corpus_path(option: str | None = None, *, sample: bool = True) -> Path:
    """``--corpus``, else ``$ARGMAP_CORPUS``, else ``./corpus``, else (if ``sample``) the corpus argmap ships with."""
    chosen = option or os.environ.get(CORPUS_ENV)
    if chosen:
        path = Path(chosen)
        if not path.exists():
            raise UsageError(f"corpus {chosen!r} does not exist")
        return path
    local = Path("corpus")
    if local.is_dir():
        return local
    shipped = packaged_corpus() if sample else None
    if shipped is None:
        raise UsageError(NO_CORPUS, options=("corpus", "paths"))
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


def load_corpus(
    path: Path,
    documents: Iterable[Document] | None = None,
    *,
    cache: ParseCache | None = None,
    meanwhile: Meanwhile | None = None,
) -> Corpus:
    """Parse every document under ``path`` (unless ``documents`` are given) and resolve the references between them.

    Large corpora are parsed by several processes (:func:`argmap.corpus.load.parse_files`);
    ``cache`` keeps parsed documents between runs; ``meanwhile`` is done while they parse.
    """
    with gc_paused():
        if documents is None:
            files = read_files(discover(path), digests=cache is not None)
            documents = parse_files(files, cache, meanwhile=meanwhile)
        elif meanwhile is not None:
            meanwhile.work()
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
    node_keys: dict[str, dict[str, str]] = {}
    kind_of: dict[str, NodeKind] = {}
    for doc_id, doc in by_id.items():
        prefix = qualify(doc_id, "")
        keys = node_keys[doc_id] = {}
        for span in doc.spans:
            keys[span.local_id] = node_key = prefix + span.local_id
            kind_of[node_key] = span.kind
    all_keys = set(kind_of)
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

    undercuts: list[tuple[str, str, str, Location]] = []  # (undercutter, via, target, where declared)
    partners: list[tuple[str, str, str]] = []  # (partner, premise, conclusion): the two support it together
    by_with: set[tuple[str, str, RelationType]] = set()  # supports declared by a with=
    unique = len(corpus.documents)
    undercuts_type = RelationType.UNDERCUTS
    for position, doc in enumerate(corpus.documents + corpus.duplicates):
        if not doc.relations:
            continue
        duplicate = position >= unique
        own = {} if duplicate else node_keys[doc.id]

        def node(
            ref: str, loc: Location, own: dict[str, str] = own, duplicate: bool = duplicate, doc: Document = doc
        ) -> str | None:
            found = own.get(ref)
            if found is not None:
                return found
            in_corpus = ref in all_keys and not duplicate
            return ref if in_corpus else resolve(ref, doc, loc)

        for rel in doc.relations:
            rel_type = rel.type
            if rel.partner is None and rel_type is not undercuts_type and not duplicate:
                # the usual relation: both ends resolve where they are written (the general way below otherwise)
                source = own.get(rel.source)
                target = own.get(rel.target)
                if target is None and rel.target in all_keys:
                    target = rel.target
                if source is not None and target is not None:
                    kind = kind_of.get(source)
                    if kind is not None and rel_type not in ALLOWED_RELATIONS[kind]:
                        report(rel.loc, "AM116", f"'{source}' is a {kind}: it cannot have '{rel_type}' (declared here)")
                        continue
                    key = (source, target, rel_type)
                    if key not in seen:
                        seen[key] = rel.loc
                        links.append(_new_link(source, target, rel_type, rel.loc, None, None, None))
                        continue
            source = node(rel.source, rel.source_loc)
            if rel_type is RelationType.UNDERCUTS:
                via_ref, _, target_ref = rel.target.partition(RELATION_SEPARATOR)
                via = node(via_ref, rel.loc)
                target = node(target_ref, rel.loc)
                if source is not None and via is not None and target is not None and not duplicate:
                    undercuts.append((source, via, target, rel.loc))
                continue
            partner = None
            if rel.partner is None:
                target = node(rel.target, rel.loc)
            else:  # with=: the block's own supports= and ref= report a target or source that does not resolve
                target = own.get(rel.target) or (rel.target if rel.target in all_keys and not duplicate else None)
                partner = own.get(rel.partner) or (rel.partner if rel.partner in all_keys and not duplicate else None)
            if source is None or target is None or duplicate:
                continue
            kind = kind_of.get(source)
            if rel.partner is not None:
                if partner is None:
                    continue
                if kind is NodeKind.REBUTTAL:
                    report(rel.loc, "AM212", f"'{source}' is a rebuttal: it cannot support '{target}' with '{partner}'")
                    continue
                if partner == source:
                    report(
                        rel.loc,
                        "AM311",
                        f"with= names '{rel.source}' itself: a linked group needs two or more premises",
                    )
                    continue
                partners.append((partner, source, target))
            elif kind is not None and rel_type not in ALLOWED_RELATIONS[kind]:
                report(rel.loc, "AM116", f"'{source}' is a {kind}: it cannot have '{rel_type}' (declared here)")
                continue
            key = (source, target, rel_type)
            first = seen.get(key)
            if rel.partner is not None:
                by_with.add(key)
            if first is not None:
                if rel.partner is not None or key in by_with:
                    continue  # a premise of a linked group that also declares the support itself: one inference
                where = f"line {first.line}" if first.path == rel.loc.path else f"{first.path}:{first.line}"
                report(
                    rel.loc, "AM306", f"'{source} {rel.type} {target}' is already declared at {where}; it counts once"
                )
                continue
            seen[key] = rel.loc
            links.append(_new_link(source, target, rel_type, rel.loc, None, None, partner))
    _group_inferences(corpus, partners)
    _resolve_undercuts(corpus, undercuts, seen, report)


def _group_inferences(corpus: Corpus, partners: list[tuple[str, str, str]]) -> None:
    """Each support belongs to one inference; ``with=`` joins premises into one (union-find per conclusion)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(item: tuple[str, str]) -> tuple[str, str]:
        root = item
        while (up := parent.get(root, root)) != root:
            root = up
        while item != root:
            parent[item], item = root, parent.get(item, item)
        return root

    inference_of = corpus.inference_of
    inferences = corpus.inferences
    if not partners:  # no with=: each support is an inference of its own, named 'premise>conclusion'
        for link in corpus.links:
            if link.type is RelationType.SUPPORTS:
                premise, conclusion = link.source, link.target
                name = premise + RELATION_SEPARATOR + conclusion
                inferences[name] = (conclusion, (premise,))
                inference_of[(premise, conclusion)] = name
        return
    for partner, premise, conclusion in partners:
        a, b = find((partner, conclusion)), find((premise, conclusion))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[tuple[str, str], list[str]] = {}
    for link in corpus.links:
        if link.type is RelationType.SUPPORTS:
            groups.setdefault(find((link.source, link.target)), []).append(link.source)
    for (_, conclusion), premises in groups.items():
        name = inference_name(premises, conclusion)
        inferences[name] = (conclusion, tuple(premises))
        for premise in premises:
            inference_of[(premise, conclusion)] = name


def inference_name(premises: Iterable[str], conclusion: str) -> str:
    """``p1+p2>c``: an inference's name, its premises' keys sorted."""
    return PREMISE_SEPARATOR.join(sorted(premises)) + RELATION_SEPARATOR + conclusion


def _resolve_undercuts(
    corpus: Corpus,
    undercuts: list[tuple[str, str, str, Location]],
    seen: dict[tuple[str, str, RelationType], Location],
    report: Callable[[Location, str, str], None],
) -> None:
    """``undercuts="a>c"``: find the support or attack from ``a`` to ``c`` (AM210, AM214)."""
    if not undercuts:
        return
    types: dict[tuple[str, str], list[RelationType]] = {}
    for link in corpus.links:
        if link.type is RelationType.SUPPORTS or link.type is RelationType.ATTACKS:
            types.setdefault((link.source, link.target), []).append(link.type)
    done: dict[tuple[str, str], Location] = {}
    for source, via, target, loc in undercuts:
        found = types.get((via, target), [])
        if not found:
            report(
                loc,
                "AM210",
                f"no support or attack from '{via}' to '{target}' is declared{_relations_hint(corpus, via, target)}",
            )
            continue
        if len(found) > 1:
            report(loc, "AM214", f"'{via}' both supports and attacks '{target}': the relation to undercut is ambiguous")
            continue
        via_type = found[0]
        relation = (
            corpus.inference_of[(via, target)]
            if via_type is RelationType.SUPPORTS
            else via + RELATION_SEPARATOR + target
        )
        first = done.get((source, relation))
        if first is not None:
            where = f"line {first.line}" if first.path == loc.path else f"{first.path}:{first.line}"
            report(loc, "AM306", f"'{source} undercuts {relation}' is already declared at {where}; it counts once")
            continue
        done[(source, relation)] = loc
        corpus.links.append(Link(source, target, RelationType.UNDERCUTS, loc, via=via, via_type=via_type))


def _relations_hint(corpus: Corpus, via: str, target: str) -> str:
    """The relations out of ``via`` and into ``target`` that could have been meant (at most three)."""
    near = [
        f"'{link.source}>{link.target}'"
        for link in corpus.links
        if (link.source == via or link.target == target)
        and (link.type is RelationType.SUPPORTS or link.type is RelationType.ATTACKS)
    ]
    return "; did you mean " + " or ".join(near[:3]) + "?" if near else ""


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


def build_graph(corpus: Corpus, nodes: Collection[str] | None = None) -> nx.MultiDiGraph[str]:
    """The corpus as a ``networkx.MultiDiGraph``; the schema is in :mod:`argmap.model`.

    With ``nodes`` (node keys), only those nodes, the relations between them and the
    inferences that conclude in them: the subgraph of the corpus graph they induce,
    made without making the rest (:mod:`argmap.corpus.focus`).
    """
    with gc_paused():
        return _build_graph(corpus, nodes)


#: Each kind's and relation type's name as a plain str (what the graph holds), found faster than ``.value``.
NAMES: dict[NodeKind | RelationType, str] = {**{k: k.value for k in NodeKind}, **{t: t.value for t in RelationType}}


def graph_attributes(
    corpus: Corpus, *, inferences: bool = True, concluding_in: Collection[str] | None = None
) -> dict[str, Any]:
    """The graph's own attributes: ``documents`` and (unless not wanted) ``inferences`` (see :mod:`argmap.model`),
    only those whose conclusion is in ``concluding_in`` if it is given."""
    attrs: dict[str, Any] = {"documents": {doc.id: {**doc.meta, "path": doc.path} for doc in corpus.documents}}
    if inferences:
        attrs["inferences"] = {
            name: {"conclusion": conclusion, "premises": list(premises)}
            for name, (conclusion, premises) in corpus.inferences.items()
            if concluding_in is None or conclusion in concluding_in
        }
    return attrs


def node_attributes(span: Span, doc_id: str, path: str, default_by: str | None) -> dict[str, Any]:
    """The attributes of ``span``'s node, a span of document ``doc_id`` in file ``path`` (``default_by``: the
    document's authors, joined; see :mod:`argmap.model`)."""
    loc = span.loc
    return {
        "kind": NAMES[span.kind],
        "text": span.text,
        "label": span.label,
        "doc": doc_id,
        "local_id": span.local_id,
        "by": span.by or default_by,
        "path": path,
        "line": loc.line,
        "col": loc.col,
        "end_line": loc.end_line if loc.end_line is not None else loc.line,
        "end_col": loc.end_col if loc.end_col is not None else loc.col,
        "cite": span.cite,
        "tags": list(span.tags),
    }


def default_holder(doc: Document) -> str | None:
    """Who holds a span of ``doc`` that names no holder (``by=``): its authors, joined."""
    return ", ".join(doc.authors) or None


def edge_key(corpus: Corpus, link: Link) -> str:
    """The key of ``link``'s edge, as :func:`edge_attributes` gives it, without making its attributes."""
    if link.type is not RelationType.UNDERCUTS:
        return NAMES[link.type]
    assert link.via is not None
    if link.via_type is RelationType.SUPPORTS:
        return f"{link.type}:{corpus.inference_of[(link.via, link.target)]}"
    return f"{link.type}:{link.via}{RELATION_SEPARATOR}{link.target}"


def edge_attributes(corpus: Corpus, link: Link) -> tuple[str, dict[str, Any]]:
    """The key and attributes of ``link``'s edge (see :mod:`argmap.model`)."""
    rel_type = link.type
    loc = link.loc
    name = NAMES[rel_type]
    edge: dict[str, Any] = {"type": name, "path": loc.path, "line": loc.line, "col": loc.col}
    if rel_type is RelationType.SUPPORTS:
        edge["inference"] = corpus.inference_of[(link.source, link.target)]
    elif rel_type is RelationType.UNDERCUTS:
        assert link.via is not None
        assert link.via_type is not None
        relation = link.via + RELATION_SEPARATOR + link.target
        edge["relation"] = relation
        edge["relation_type"] = NAMES[link.via_type]
        if link.via_type is RelationType.SUPPORTS:
            edge["inference"] = corpus.inference_of[(link.via, link.target)]
        return f"{rel_type}:{edge.get('inference', relation)}", edge
    return name, edge


def _build_graph(corpus: Corpus, keep: Collection[str] | None) -> nx.MultiDiGraph[str]:
    # networkx's dictionaries filled directly, as add_node and add_edge fill them (a node's
    # attributes, its successors and predecessors; an edge's key dictionary shared by both
    # ends): a third of the time of 200,000 calls, with the same graph.
    import networkx as nx

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph.update(graph_attributes(corpus, concluding_in=keep))
    # (networkx's stubs leave out these dictionaries: node -> attributes; node -> neighbour -> key -> attributes)
    nodes: dict[str, dict[str, Any]] = graph._node  # type: ignore[attr-defined]
    succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = graph._adj  # type: ignore[attr-defined]
    pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = graph._pred  # type: ignore[attr-defined]
    documents = corpus.documents
    if keep is not None:  # the documents with a node kept (a document id holds no separator; if it did, kept)
        kept_docs = {key.partition(ID_SEPARATOR)[0] for key in keep}
        documents = [doc for doc in documents if doc.id in kept_docs or ID_SEPARATOR in doc.id]
    for doc in documents:
        default_by = default_holder(doc)
        doc_id, path = doc.id, doc.path
        prefix = qualify(doc_id, "")
        for span in doc.spans:
            key = prefix + span.local_id
            if keep is not None and key not in keep:
                continue
            attrs = node_attributes(span, doc_id, path, default_by)
            if key in nodes:  # (never: node keys are unique) as add_node would: update
                nodes[key].update(attrs)
                continue
            nodes[key] = attrs
            succ[key] = {}
            pred[key] = {}
    for link in corpus.links:
        source, target = link.source, link.target
        if keep is not None and (source not in keep or target not in keep):
            continue
        key, edge = edge_attributes(corpus, link)
        out = succ.get(source)
        if out is None or target not in succ:  # (never: links join nodes) as add_edge would: add the nodes
            for end in (source, target):
                if end not in succ:
                    succ[end] = {}
                    pred[end] = {}
                    nodes[end] = {}
            out = succ[source]
        keys = out.get(target)
        if keys is None:
            out[target] = pred[target][source] = {key: edge}
        elif key in keys:
            keys[key].update(edge)
        else:
            keys[key] = edge
    return graph


def load_graph(path: Path) -> tuple[nx.MultiDiGraph[str], list[Diagnostic]]:
    """Convenience: load the corpus at ``path`` and build its graph."""
    corpus = load_corpus(path)
    return build_graph(corpus), sorted(corpus.diagnostics)
