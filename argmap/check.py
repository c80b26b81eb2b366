"""The rules ``argmap check`` runs on a loaded corpus, each with a stable code.

Syntax (AM1xx) and reference (AM201-AM204, AM208, AM306) findings come from
parsing and resolution; this module adds the citation and structure rules and
collects everything, sorted, in :func:`check_corpus`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from argmap.codes import severity_of
from argmap.corpus import Corpus, Link
from argmap.errors import Diagnostic, Location, Severity
from argmap.model import Document, NodeKind, RelationType, qualify
from argmap.parse import normalize_space


def check_corpus(corpus: Corpus) -> list[Diagnostic]:
    """Every finding for ``corpus``, in file/line/column order."""
    findings = list(corpus.diagnostics)
    for doc in corpus.documents + corpus.duplicates:
        findings.extend(check_source_text(doc))
    findings.extend(check_structure(corpus))
    return sorted(set(findings))


def _diag(loc: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(loc, code, message, severity_of(code))


# -- words kept -----------------------------------------------------------


def check_source_text(doc: Document) -> list[Diagnostic]:
    """AM206/AM207: with the markup removed, each line of the body is a line of the source, in order.

    The ``source`` front-matter field names a verbatim copy of the original
    text, relative to the document. Whole lines may be left out (page
    furniture); none may be changed, added or moved. Whitespace runs compare
    equal to one space.
    """
    source = doc.meta.get("source")
    if not isinstance(source, str) or not source:
        return []
    where = doc.meta_locs.get("source", Location(doc.path, 1, 1))
    path = Path(doc.path).parent / source
    try:
        original = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        return [_diag(where, "AM207", f"cannot read source {source!r}: {reason}")]
    positions: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(l for l in (normalize_space(x) for x in original.splitlines()) if l):
        positions[line].append(index)
    findings: list[Diagnostic] = []
    cursor = -1
    from bisect import bisect_right

    for text, loc in doc.lines:
        line = normalize_space(text)
        places = positions.get(line)
        if not places:
            findings.append(_diag(loc, "AM206", f"this line is not in the source {source!r}: {_clip(line)!r}"))
            continue
        k = bisect_right(places, cursor)
        if k == len(places):
            findings.append(_diag(loc, "AM206", f"this line is in the source {source!r}, but earlier: lines are out of order"))
            continue
        cursor = places[k]
    return findings


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- structure ------------------------------------------------------------


def check_structure(corpus: Corpus) -> list[Diagnostic]:
    """AM301-AM305, AM307: premises that support nothing, cycles of supports, and the like."""
    findings: list[Diagnostic] = []
    outgoing: dict[str, set[RelationType]] = defaultdict(set)
    related: set[str] = set()
    by_pair: dict[tuple[str, str], dict[RelationType, Link]] = defaultdict(dict)
    for link in corpus.links:
        outgoing[link.source].add(link.type)
        related.add(link.source)
        related.add(link.target)
        by_pair[(link.source, link.target)][link.type] = link
        if link.source == link.target:
            findings.append(_diag(link.loc, "AM303", f"'{link.source}' {link.type} itself"))
    for (source, target), types in by_pair.items():
        if len(types) > 1:
            later = max(types.values(), key=lambda lk: lk.loc)
            findings.append(_diag(later.loc, "AM307", f"'{source}' both supports and attacks '{target}'"))
    for doc in corpus.documents:
        for span in doc.spans:
            node = qualify(doc.id, span.local_id)
            if span.kind is NodeKind.PREMISE and RelationType.SUPPORTS not in outgoing[node]:
                findings.append(_diag(span.loc, "AM301", f"premise '{span.local_id}' supports nothing: add supports=\"claim-id\""))
            elif span.kind is NodeKind.REBUTTAL and RelationType.ATTACKS not in outgoing[node]:
                findings.append(_diag(span.loc, "AM302", f"rebuttal '{span.local_id}' attacks nothing: add attacks=\"claim-id\""))
            elif span.kind is NodeKind.CLAIM and node not in related:
                findings.append(
                    _diag(span.loc, "AM305", f"claim '{span.local_id}' is not related to anything: no span supports or attacks it, and it supports or attacks nothing")
                )
    findings.extend(_support_cycles(corpus.links))
    return findings


def _support_cycles(links: list[Link]) -> list[Diagnostic]:
    successors: dict[str, list[str]] = defaultdict(list)
    where: dict[tuple[str, str], Location] = {}
    for link in links:
        if link.type is RelationType.SUPPORTS and link.source != link.target:
            successors[link.source].append(link.target)
            where[(link.source, link.target)] = link.loc
    findings = []
    for component in strongly_connected_components(successors):
        if len(component) < 2:
            continue
        members = set(component)
        cycle = _cycle_in(min(component), successors, members)
        edges = list(zip(cycle, cycle[1:], strict=False))
        loc = min(where[e] for e in edges)
        path = " -> ".join(cycle)
        findings.append(_diag(loc, "AM304", f"circular support: {path}; one of these supports must go"))
    return findings


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
