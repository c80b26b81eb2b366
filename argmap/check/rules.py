"""The rules ``argmap check`` runs on a loaded corpus, each with a stable code.

Syntax (AM1xx) and reference (AM201-AM204, AM208, AM306) findings come from
parsing and resolution; this module adds the citation and structure rules and
collects everything, sorted, in :func:`check_corpus`. :func:`check_paths` is
the whole of ``argmap check``: read, parse, resolve, check, with the cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, pairwise
from operator import and_
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.bulk import gc_paused
from argmap.codes import severity_of
from argmap.corpus.files import read_text_file
from argmap.corpus.load import ParseStats, parse_files, read_files
from argmap.corpus.resolve import Corpus, Link, load_corpus
from argmap.errors import Diagnostic, Location, Severity
from argmap.model import ID_SEPARATOR, Document, NodeKind, RelationType, qualify

if TYPE_CHECKING:
    from argmap.corpus.cache import ParseCache


@dataclass(slots=True, eq=False)
class CheckRun:
    """What :func:`check_paths` found, and how."""

    findings: list[Diagnostic]
    #: The loaded corpus; ``None`` when the findings came whole from the cache.
    corpus: Corpus | None
    #: Whether the findings came whole from the cache (no file and no source text changed).
    from_cache: bool = False
    stats: ParseStats = field(default_factory=ParseStats)


def check_paths(
    root: Path, paths: Sequence[Path], cache: ParseCache | None = None, *, need_corpus: bool = False
) -> CheckRun:
    """``check_corpus(load_corpus(root, <the documents at paths>))``, using ``cache`` when given.

    When no file (and no source text a document names) changed since a run
    that stored its findings, they come from the cache and nothing is parsed,
    unless ``need_corpus`` asks for the loaded corpus. Otherwise only the
    files that changed are parsed again (see :mod:`argmap.corpus.cache`).
    """
    files = read_files(paths, digests=cache is not None)
    stats = ParseStats(files=len(files))
    key = b""
    if cache is not None and all(f.data is not None for f in files):
        key = cache.check_key((f.shown, f.digest) for f in files)
        if not need_corpus:
            cached = cache.load_findings(paths, key)
            if cached is not None:
                stats.cached = len(files)
                return CheckRun(cached, None, True, stats)
    with gc_paused():
        corpus = load_corpus(root, parse_files(files, cache, stats=stats))
        findings = check_corpus(corpus)
    if key and cache is not None:
        sources = [path for doc in corpus.documents + corpus.duplicates if (path := source_path(doc)) is not None]
        cache.save_findings(paths, key, findings, [str(path) for path in sources])
    return CheckRun(findings, corpus, False, stats)


def check_corpus(corpus: Corpus) -> list[Diagnostic]:
    """Every finding for ``corpus``, in file/line/column order."""
    with gc_paused():
        findings = list(corpus.diagnostics)
        for doc in corpus.documents + corpus.duplicates:
            findings.extend(check_source_text(doc))
        findings.extend(check_structure(corpus, [f for f in corpus.diagnostics if f.severity is Severity.ERROR]))
        return sorted(set(findings))


def _diag(loc: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(loc, code, message, severity_of(code))


# -- words kept -----------------------------------------------------------


def check_source_text(doc: Document) -> list[Diagnostic]:
    """AM206/AM207: with the markup removed, the body keeps the words of the source, in order.

    The ``source`` front-matter field names a verbatim copy of the original
    text, relative to the document. Whole lines may be left out (page
    furniture); no word may be changed, added or moved. Words are compared with
    whitespace normalised, so either text may be wrapped anywhere (see
    :mod:`argmap.check.kept`). A difference on a line where the markup is malformed
    (AM110, AM119) is that error's consequence and is not reported.
    """
    from argmap.check.kept import compare

    path = source_path(doc)
    if path is None:
        return []
    source = str(doc.meta["source"])
    where = doc.meta_locs.get("source", Location(doc.path, 1, 1))
    if Path(source).is_absolute() or source.startswith("~"):
        return [_diag(where, "AM207", f"source {source!r} must be a path relative to the document")]
    try:
        original = read_text_file(path)
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, or a NUL byte in the path
        if isinstance(exc, UnicodeDecodeError):
            reason = "it is not UTF-8"
        elif isinstance(exc, ValueError):
            reason = "the path contains a NUL character"
        else:
            reason = exc.strerror or str(exc)
        return [_diag(where, "AM207", f"cannot read source {source!r}: {reason}")]
    malformed = {(d.loc.path, d.loc.line) for d in doc.diagnostics if d.code in _MARKUP_LEFT_IN_TEXT}
    differences = compare(doc.lines, original, str(source), lambda loc: (loc.path, loc.line) in malformed)
    return [_diag(d.loc, "AM206", d.message) for d in differences]


#: Findings about markup the scanner could not remove: the words around them differ from the source.
_MARKUP_LEFT_IN_TEXT = frozenset({"AM110", "AM119"})


def source_path(doc: Document) -> Path | None:
    """The source text ``doc`` names in its front matter (``source:``, relative to the document), if any."""
    source = doc.meta.get("source")
    if not isinstance(source, str) or not source:
        return None
    return Path(doc.path).parent / source


# -- structure ------------------------------------------------------------


def check_structure(corpus: Corpus, errors: Sequence[Diagnostic] = ()) -> list[Diagnostic]:
    """AM301-AM305, AM307, AM310-AM312, AM211, AM213: premises that support nothing, cycles, and the like.

    A span with an error inside its own markup (``errors``, from parsing and
    resolution) gets no AM301, AM302 or AM305: that error is the root cause.
    """
    findings: list[Diagnostic] = []
    broken = _ErrorPlaces(errors)
    declaring: set[str] = set()  # nodes that declare any relation
    attacking: set[str] = set()  # nodes with an outgoing attack or undercut
    related: set[str] = set()
    first_of_pair: dict[tuple[str, str], Link] = {}
    both: list[tuple[Link, Link]] = []  # (first, second) links of a pair that both supports and attacks
    supports, attacks, undercuts = RelationType.SUPPORTS, RelationType.ATTACKS, RelationType.UNDERCUTS
    links = corpus.links
    # In sets, at C speed; the pairs that both support and attack are looked for only if there are some.
    declaring.update(link.source for link in links)
    attacking.update(link.source for link in links if link.type is attacks or link.type is undercuts)
    related.update(declaring)
    related.update(link.target for link in links)
    special = [link for link in links if link.type is not supports and link.type is not attacks]
    supported = {(link.source, link.target) for link in links if link.type is supports}
    if any((link.source, link.target) in supported for link in links if link.type is attacks):
        for link in links:
            if link.type is supports or link.type is attacks:
                first = first_of_pair.setdefault((link.source, link.target), link)
                if first is not link:  # links are unique per (source, target, type): the other type
                    both.append((first, link))
    for link in links:
        source, rel_type = link.source, link.type
        if source == link.target or (rel_type is undercuts and source == link.via):
            findings.append(
                _diag(
                    link.loc,
                    "AM303",
                    f"'{source}' {rel_type} {'a relation of ' if rel_type is undercuts else ''}itself",
                )
            )
    order = {pair: index for index, pair in enumerate(first_of_pair)} if both else {}
    for first, second in sorted(both, key=lambda pair: order[(pair[0].source, pair[0].target)]):
        later = max((first, second), key=lambda lk: lk.loc)
        findings.append(_diag(later.loc, "AM307", f"'{first.source}' both supports and attacks '{first.target}'"))
    if special:
        findings.extend(_check_special(corpus, special))
    claim, premise, rebuttal = NodeKind.CLAIM, NodeKind.PREMISE, NodeKind.REBUTTAL
    declared = _Declared(corpus)
    for doc in corpus.documents:
        prefix = qualify(doc.id, "")
        for span in doc.spans:
            kind = span.kind
            node = prefix + span.local_id
            if node in declaring or (kind is claim and node in related) or broken.inside(span.loc):
                continue
            if declared.excuses(node, kind is claim):
                continue  # its relations did not resolve: the error that says why is the root cause
            if kind is premise:
                if node not in declaring:
                    findings.append(
                        _diag(
                            span.loc, "AM301", f"premise '{span.local_id}' supports nothing: add supports=\"claim-id\""
                        )
                    )
            elif kind is rebuttal:
                if node not in attacking:
                    findings.append(
                        _diag(
                            span.loc, "AM302", f"rebuttal '{span.local_id}' attacks nothing: add attacks=\"claim-id\""
                        )
                    )
            elif kind is claim and node not in related:
                findings.append(
                    _diag(
                        span.loc,
                        "AM305",
                        f"claim '{span.local_id}' is not related to anything: no span supports or attacks "
                        "it, and it supports or attacks nothing",
                    )
                )
    findings.extend(_support_cycles(corpus.links))
    return findings


class _Declared:
    """The relations documents declare, resolved or not: a span whose relations did not resolve (a target
    that is unknown, or a span with an error of its own) is not warned about as declaring nothing, nor a
    claim a span with an error relates to (issue 14). Built on first use: a corpus with no warnings pays
    nothing."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._sources: set[str] | None = None
        self._named: set[str] = set()

    def excuses(self, node: str, as_target_too: bool) -> bool:
        if self._sources is None:
            self._sources = set()
            for doc in self.corpus.documents:
                prefix = qualify(doc.id, "")
                for rel in doc.relations:
                    source = rel.source if ID_SEPARATOR in rel.source else prefix + rel.source
                    self._sources.add(source)
                    self._named.add(source)
                    self._named.add(rel.target if ID_SEPARATOR in rel.target else prefix + rel.target)
        return node in (self._named if as_target_too else self._sources)


class _ErrorPlaces:
    """Where errors are, per file, to tell whether one lies inside a span's extent."""

    def __init__(self, errors: Sequence[Diagnostic]) -> None:
        places: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for error in errors:
            places[error.loc.path].append((error.loc.line, error.loc.col))
        self.places = {path: sorted(found) for path, found in places.items()}

    def inside(self, loc: Location) -> bool:
        found = self.places.get(loc.path)
        if not found:
            return False
        from bisect import bisect_left

        start = (loc.line, loc.col)
        end = (loc.end_line or loc.line, loc.end_col or loc.col)
        index = bisect_left(found, start)
        return index < len(found) and found[index] < end


def _check_special(corpus: Corpus, special: list[Link]) -> list[Diagnostic]:
    """AM211, AM213 (preferences), AM310 (undercuts on the wrong side), AM312 (qualifies and attacks)."""
    findings: list[Diagnostic] = []
    kind_of = {qualify(doc.id, span.local_id): span.kind for doc in corpus.documents for span in doc.spans}
    attacks = RelationType.ATTACKS
    attack_pairs = {(link.source, link.target) for link in corpus.links if link.type is attacks}
    preferred: dict[tuple[str, str], Link] = {}
    for link in special:
        source, target = link.source, link.target
        if link.type is RelationType.OUTWEIGHS:
            conflict = (source, target) in attack_pairs or (target, source) in attack_pairs
            if not conflict:
                findings.append(
                    _diag(
                        link.loc,
                        "AM211",
                        f"'{source}' outweighs '{target}', but neither attacks the other: a preference decides "
                        "an attack; declare the attack, or remove outweighs=",
                    )
                )
            other = preferred.get((target, source))
            if other is not None:
                findings.append(
                    _diag(
                        link.loc,
                        "AM213",
                        f"'{source}' outweighs '{target}' and '{target}' outweighs '{source}' "
                        f"(line {other.loc.line}): keep one",
                    )
                )
            preferred[(source, target)] = link
        elif link.type is RelationType.UNDERCUTS:
            kind = kind_of.get(source)
            if kind is NodeKind.PREMISE and link.via_type is RelationType.SUPPORTS:
                findings.append(
                    _diag(
                        link.loc,
                        "AM310",
                        f"premise '{source}' undercuts the support of '{target}' by '{link.via}': an undercut of a "
                        "reason opposes it; make the span a .rebuttal",
                    )
                )
            elif kind is NodeKind.REBUTTAL and link.via_type is attacks:
                findings.append(
                    _diag(
                        link.loc,
                        "AM310",
                        f"rebuttal '{source}' undercuts the attack of '{link.via}' on '{target}': an undercut of an "
                        "objection defends its target; make the span a .premise",
                    )
                )
        elif link.type is RelationType.QUALIFIES and (source, target) in attack_pairs:
            findings.append(
                _diag(
                    link.loc,
                    "AM312",
                    f"'{source}' both qualifies and attacks '{target}': a qualification limits a claim, "
                    "it does not oppose it; keep one",
                )
            )
    return findings


def _support_cycles(links: list[Link]) -> list[Diagnostic]:
    supports = [link for link in links if link.type is RelationType.SUPPORTS and link.source != link.target]
    on_cycles = _peel_acyclic([link.source for link in supports], [link.target for link in supports])
    if not on_cycles:
        return []
    successors: dict[str, list[str]] = defaultdict(list)
    for link in supports:
        successors[link.source].append(link.target)
    where: dict[tuple[str, str], Location] = {}
    for link in supports:
        if link.source in on_cycles and link.target in on_cycles:
            where[(link.source, link.target)] = link.loc
    remaining = {node: [n for n in successors[node] if n in on_cycles] for node in on_cycles}
    findings = []
    for component in strongly_connected_components(remaining):
        if len(component) < 2:
            continue
        members = set(component)
        cycle = _cycle_in(min(component), successors, members)
        edges = list(pairwise(cycle))
        loc = min(where[e] for e in edges)
        path = " -> ".join(cycle)
        findings.append(_diag(loc, "AM304", f"circular support: {path}; one of these supports must go"))
    return findings


#: Rounds of :func:`_peel_acyclic`'s first stage; each is a few C loops over the edges left.
_PEEL_ROUNDS = 8


def _peel_acyclic(sources: list[str], targets: list[str]) -> set[str]:
    """Nodes that include every node on a cycle of the edges ``sources[i] -> targets[i]``; none
    for an acyclic graph (the usual corpus), so that no cycle search is needed.

    No cycle passes through a node no edge enters, or one no edge leaves: first a few rounds drop
    every edge from the one or into the other at once (sets and C loops: premise trees go in a
    round or two); then Kahn's algorithm removes, one at a time, the nodes no edge left enters
    (linear, however deep the trees). What remains are the nodes with an edge still entering.
    """
    from collections import Counter

    for _ in range(_PEEL_ROUNDS):
        if not sources:
            return set()
        entered, left = set(targets), set(sources)
        keep = list(map(and_, map(entered.__contains__, sources), map(left.__contains__, targets)))
        if all(keep):
            break
        sources, targets = list(compress(sources, keep)), list(compress(targets, keep))
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in zip(sources, targets, strict=True):
        successors[source].append(target)
    entering = Counter(targets)
    queue = [node for node in successors if node not in entering]
    while queue:
        node = queue.pop()
        for target in successors.get(node, ()):
            still = entering[target] - 1
            entering[target] = still
            if still == 0:
                queue.append(target)
    return {node for node, count in entering.items() if count > 0}


def _cycle_in(start: str, successors: dict[str, list[str]], members: set[str]) -> list[str]:
    """A cycle inside a strongly connected component, as a closed walk ``[a, ..., a]``."""
    order: dict[str, int] = {}
    walk: list[str] = []
    node = start
    while node not in order:
        order[node] = len(walk)
        walk.append(node)
        node = min(n for n in successors[node] if n in members)
    return [*walk[order[node] :], node]


def strongly_connected_components(successors: dict[str, list[str]]) -> Iterator[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit), linear in nodes + edges."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    counter = 0
    for root in sorted(successors):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(successors.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield sorted(component)


def has_errors(findings: list[Diagnostic], strict: bool = False) -> bool:
    """Whether ``findings`` fail a check (warnings too when ``strict``)."""
    return any(strict or f.severity is Severity.ERROR for f in findings)
