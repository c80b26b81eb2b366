"""The part of a corpus that a question about one claim, or a search, reads.

``argmap show CLAIM`` draws what bears on a claim, recursively, and what the
claim bears on; ``argmap chains CLAIM`` follows what bears on it. Both read a
small part of a large corpus (about a hundred of 100,000 nodes in a generated
one), yet making the whole graph costs more than checking the structure rules
of the whole corpus (docs/performance.md). So these commands make the graph of the nodes they can reach
instead: :func:`reach` finds them in the corpus's relations, and
:func:`argmap.corpus.resolve.build_graph` makes the subgraph they induce, with
the attributes, edges, keys and order the whole graph has for them.

What the trees and the chain search read (:mod:`argmap.analysis.queries`,
:mod:`argmap.analysis.chains`), and so what :func:`reach` keeps:

* upstream of the claim: every relation into a node, recursively (reasons,
  objections, linked partners, undercutters, qualifications, explanations,
  preferences), and a node's own relations to those (an ``outweighs`` that
  answers an attack);
* downstream of it: every relation out of a node, recursively, and the nodes
  with a relation into each node reached (the partners a linked step names,
  the relation an undercut attacks).

``argmap find`` reads the nodes it finds (:func:`matching`), and nothing else.

``tests/test_focus.py`` holds every answer to the answer the whole graph gives.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from argmap.model import ID_SEPARATOR, qualify

if TYPE_CHECKING:
    import re

    from argmap.corpus.resolve import Corpus


def node_ids(corpus: Corpus) -> dict[str, str]:
    """Every node key of ``corpus`` -> its local id (what :func:`argmap.analysis.queries.resolve_key` reads)."""
    ids: dict[str, str] = {}
    for doc in corpus.documents:
        prefix = qualify(doc.id, "")
        for span in doc.spans:
            ids[prefix + span.local_id] = span.local_id
    return ids


def find_node(corpus: Corpus, text: str) -> str:
    """The node key ``text`` names (``doc#id``, or a bare id unique in the corpus), as
    :func:`argmap.analysis.queries.resolve_id` finds it in the graph; the same errors."""
    from argmap.analysis.queries import resolve_key

    doc_id, separator, local_id = text.partition(ID_SEPARATOR)
    doc = corpus.document(doc_id) if separator else None
    if doc is not None and any(s.local_id == local_id for s in doc.spans):
        return text  # the usual case, without a table of every node
    return resolve_key(node_ids(corpus), text)


def reach(corpus: Corpus, root: str, *, upstream: bool = True, downstream: bool = True) -> set[str]:
    """The nodes an argument tree of ``root`` or a chain search ending at it can read.

    ``upstream``: what bears on ``root``, recursively; ``downstream``: what ``root``
    bears on, recursively, with what bears on each of those directly. A superset of
    what a tree of any depth reads; ``root`` is always in it.
    """
    sources: defaultdict[str, list[str]] = defaultdict(list)
    targets: defaultdict[str, list[str]] = defaultdict(list)
    for link in corpus.links:
        source, target, via = link.source, link.target, link.via
        sources[target].append(source)
        if via is not None:  # an undercut: the relation it attacks is via -> target
            sources[target].append(via)
        if downstream:
            targets[source].append(target)
    found = {root}
    if upstream:
        found |= _closure(root, sources)
    if downstream:
        below = _closure(root, targets)
        found |= below
        for node in below:
            found.update(sources.get(node, ()))
    return found


def _closure(root: str, neighbours: dict[str, list[str]]) -> set[str]:
    """``root`` and every node reached from it through ``neighbours``."""
    seen = {root}
    stack = [root]
    while stack:
        for other in neighbours.get(stack.pop(), ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def matching(corpus: Corpus, pattern: re.Pattern[str]) -> set[str]:
    """The nodes whose text or label ``pattern`` finds: those :func:`argmap.analysis.queries.find` finds."""
    found: set[str] = set()
    search = pattern.search
    for doc in corpus.documents:
        prefix = qualify(doc.id, "")
        for span in doc.spans:
            if (span.text and search(span.text)) or (span.label and search(span.label)):
                found.add(prefix + span.local_id)
    return found


def neighbours(corpus: Corpus) -> dict[str, set[str]]:
    """Each node's neighbours along any relation, either way; an undercut also joins its node
    to the source of the relation it undercuts (what a map draws it ending on)."""
    around: defaultdict[str, set[str]] = defaultdict(set)
    for link in corpus.links:
        source, target = link.source, link.target
        around[source].add(target)
        around[target].add(source)
        if link.via is not None:
            around[source].add(link.via)
            around[link.via].add(source)
    return around
