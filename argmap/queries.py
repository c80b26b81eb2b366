"""Questions asked of the graph, networkx style: plain functions with the graph first."""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from argmap.errors import UnknownIdError, UsageError
from argmap.model import ID_SEPARATOR

if TYPE_CHECKING:
    import networkx as nx


def resolve_id(G: nx.MultiDiGraph, text: str) -> str:
    """The node key that ``text`` names: ``doc#id``, or a bare ``id`` unique in the corpus.

    Raises :class:`UnknownIdError` (listing the closest matches) when ``text``
    names no node or, as a bare id, several.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a#x", local_id="x"); G.add_node("b#y", local_id="y")
    >>> resolve_id(G, "y")
    'b#y'
    """
    if text in G:
        return text
    if ID_SEPARATOR not in text:
        matches = sorted(n for n, local in G.nodes(data="local_id") if local == text)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UnknownIdError(
                f"'{text}' is ambiguous: it names {', '.join(matches[:10])}{' ...' if len(matches) > 10 else ''}; "
                "write doc-id#id",
                matches,
            )
    folded = text.casefold()
    same_but_case = sorted(n for n in G if n.casefold() == folded or n.split(ID_SEPARATOR, 1)[-1].casefold() == folded)
    candidates = same_but_case or closest_ids(G, text)
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise UnknownIdError(f"no claim '{text}' in the corpus{hint}", candidates)


def closest_ids(G: nx.MultiDiGraph, text: str, n: int = 5) -> list[str]:
    """Up to ``n`` node keys that look like ``text`` (compared whole and by local id)."""
    keys = list(G)
    if len(keys) > 20000:  # keep the error path fast on huge corpora
        probe = text.split(ID_SEPARATOR)[-1][:3].casefold()
        keys = [k for k in keys if probe in k.casefold()][:20000]
    by_local: dict[str, list[str]] = {}
    for key in keys:
        by_local.setdefault(key.split(ID_SEPARATOR, 1)[-1], []).append(key)
    found = difflib.get_close_matches(text, keys, n=n, cutoff=0.6)
    for local in difflib.get_close_matches(text.split(ID_SEPARATOR)[-1], list(by_local), n=n, cutoff=0.6):
        found.extend(sorted(by_local[local]))
    return list(dict.fromkeys(found))[:n]


def neighbourhood(
    G: nx.MultiDiGraph, roots: Iterable[str], depth: int | None, types: Iterable[str] | None = None
) -> set[str]:
    """Nodes within ``depth`` relations of ``roots``, following relations both ways.

    ``depth=None`` means no limit; ``types`` restricts which relation types are followed.
    """
    allowed = set(types) if types is not None else None
    seen = set(roots)
    frontier = deque((r, 0) for r in sorted(seen))
    while frontier:
        node, dist = frontier.popleft()
        if depth is not None and dist >= depth:
            continue
        for _, other, key in G.out_edges(node, keys=True):
            if (allowed is None or key in allowed) and other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
        for other, _, key in G.in_edges(node, keys=True):
            if (allowed is None or key in allowed) and other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
    return seen


# --- argument trees -----------------------------------------------------------------------------

#: Which way an argument tree grows: ``"in"`` follows what supports or attacks a node,
#: ``"out"`` what the node itself supports or attacks.
DIRECTIONS = ("in", "out")

#: Relation types in the order trees list them (supports before attacks).
_RELATION_ORDER = {"supports": 0, "attacks": 1}


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One occurrence of a node in an argument tree.

    A node reached more than once (a shared premise, or a cycle) is expanded at one
    occurrence only, its shallowest; elsewhere it is a ``repeat`` with no children.
    """

    #: The node key.
    id: str
    #: The relation between this node and its parent in the tree (``None`` for the root).
    #: In an ``"in"`` tree this node is the relation's source, in an ``"out"`` tree its target.
    relation: str | None = None
    #: Shown in full at another place in the tree (or in an earlier tree); children omitted.
    repeat: bool = False
    #: Relations of this node not followed because the depth limit was reached.
    hidden: int = 0
    #: A node of another document than the tree's ``home``: shown, not expanded.
    outside: bool = False
    children: tuple[TreeNode, ...] = ()

    def walk(self) -> Iterator[TreeNode]:
        """This occurrence and every one below it, in pre-order."""
        stack = [self]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


def relations_of(G: nx.MultiDiGraph, node: str, direction: str = "in") -> list[tuple[str, str]]:
    """``(other node, relation type)`` for each relation into (``"in"``) or out of ``node``.

    Supports come before attacks; within each, nodes are in document order
    (document id, line, column, key), so the result is the same on every run.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'in' or 'out', not {direction!r}")
    adjacency = G.pred[node] if direction == "in" else G.succ[node]
    found = [(other, key) for other, keys in adjacency.items() for key in keys]
    return sorted(found, key=lambda item: (_RELATION_ORDER.get(item[1], 2), item[1], *position(G, item[0])))


def position(G: nx.MultiDiGraph, node: str) -> tuple[str, int, int, str]:
    """A sort key putting nodes in document order: ``(doc, line, col, key)``."""
    data = G.nodes[node]
    return (str(data.get("doc") or ""), int(data.get("line") or 0), int(data.get("col") or 0), node)


def argument_tree(
    G: nx.MultiDiGraph,
    root: str,
    depth: int | None = None,
    direction: str = "in",
    seen: set[str] | None = None,
    home: str | None = None,
) -> TreeNode:
    """The argument around ``root`` as a tree: what supports or attacks it, recursively.

    ``direction="out"`` follows what ``root`` supports or attacks instead. ``depth``
    limits how many relations deep the tree goes (``None``: no limit). Every node is
    expanded once, at its shallowest occurrence; other occurrences are repeats, so
    cycles end. ``seen`` (updated in place) holds nodes already expanded in earlier
    trees, which this one then shows as repeats; ``root`` itself is always expanded.
    With ``home`` (a document id), nodes of other documents are ``outside``: shown
    where they bear on this document's, but not expanded.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("d#p", "d#c", key="supports"); G.add_edge("d#c", "d#p", key="attacks")
    'supports'
    'attacks'
    >>> tree = argument_tree(G, "d#c")
    >>> [(t.id, t.relation, t.repeat) for t in tree.walk()]
    [('d#c', None, False), ('d#p', 'supports', False), ('d#c', 'attacks', True)]
    """
    if depth is not None and depth < 0:
        raise ValueError("depth must be at least 0")
    seen = set() if seen is None else seen
    seen.discard(root)

    def outside(node: str) -> bool:
        return home is not None and G.nodes[node].get("doc") != home

    cache: dict[str, list[tuple[str, str]]] = {}

    def relations(node: str) -> list[tuple[str, str]]:
        if node not in cache:
            cache[node] = relations_of(G, node, direction)
        return cache[node]

    # The shallowest level of each node over paths that do not pass through a node
    # expanded in an earlier tree: the level at which the node will be expanded.
    level_of = {root: 0}
    frontier = [root]
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        following: list[str] = []
        for node in frontier:
            for other, _ in relations(node):
                if other not in level_of:
                    level_of[other] = level
                    if other not in seen and not outside(other):
                        following.append(other)
        frontier = following

    def visit(node: str, relation: str, level: int) -> TreeNode | _Frame:
        if outside(node):
            return TreeNode(node, relation, outside=True)
        if node in seen or level_of.get(node) != level:
            return TreeNode(node, relation, repeat=True)
        seen.add(node)
        rels = relations(node)
        if depth is not None and level >= depth:
            return TreeNode(node, relation, hidden=len(rels))
        return _Frame(node, relation, level, rels[::-1])

    seen.add(root)
    rels = relations(root)
    if depth == 0:
        return TreeNode(root, hidden=len(rels))
    # Built with an explicit stack, not recursion: graphs can be deep.
    stack = [_Frame(root, None, 0, rels[::-1])]
    while True:
        frame = stack[-1]
        if frame.pending:
            other, relation = frame.pending.pop()
            made = visit(other, relation, frame.level + 1)
            if isinstance(made, TreeNode):
                frame.children.append(made)
            else:
                stack.append(made)
            continue
        done = TreeNode(frame.node, frame.relation, children=tuple(frame.children))
        stack.pop()
        if not stack:
            return done
        stack[-1].children.append(done)


@dataclass(slots=True)
class _Frame:
    """An occurrence being expanded while :func:`argument_tree` builds a tree."""

    node: str
    relation: str | None
    level: int
    #: Relations still to visit, last first.
    pending: list[tuple[str, str]]
    children: list[TreeNode] = field(default_factory=list)


# --- theses ---------------------------------------------------------------------------------------

#: A local id starting with this marks a thesis (the annotators' convention).
THESIS_PREFIX = "thesis"


def nodes_by_document(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Every document's nodes, each list in document order (one pass over the graph)."""
    groups: dict[str, list[str]] = {}
    for node, doc in G.nodes(data="doc"):
        groups.setdefault(str(doc), []).append(node)
    for nodes in groups.values():
        nodes.sort(key=lambda n: position(G, n))
    return groups


def theses(G: nx.MultiDiGraph, doc_id: str, nodes: list[str] | None = None) -> list[str]:
    """The theses of document ``doc_id``, in document order.

    A thesis is a claim whose local id starts with ``thesis`` (``thesis``,
    ``thesis-cause``, ...). A document with none has as its theses the claims
    its authors hold (no ``by=``) that support or attack nothing; failing that,
    every claim that supports or attacks nothing. ``nodes``, the document's
    nodes if already known (:func:`nodes_by_document`), saves a pass over the graph.
    """
    if nodes is None:
        nodes = nodes_by_document(G).get(doc_id, [])
    nodes = [n for n in nodes if G.nodes[n].get("kind") == "claim"]
    marked = [n for n in nodes if str(G.nodes[n].get("local_id") or "").startswith(THESIS_PREFIX)]
    if marked:
        return marked
    final = [n for n in nodes if not G.succ[n]]
    meta = G.graph.get("documents", {}).get(doc_id, {})
    authors = meta.get("authors")
    held = ", ".join(str(a) for a in authors) if isinstance(authors, list) else authors
    own = [n for n in final if held and G.nodes[n].get("by") == held]
    return own or final


def main_theses(G: nx.MultiDiGraph, found: list[str]) -> list[str]:
    """The theses in ``found`` (a document's) that support or attack no other of them: the roots of its overview.

    If every thesis bears on another (a cycle), all are returned.
    """
    marked = set(found)
    roots = [t for t in found if not any(other in marked for other in G.succ[t])]
    return roots or found


@dataclass(frozen=True, slots=True)
class DocumentOverview:
    """One document in the corpus overview."""

    id: str
    meta: dict[str, Any]
    #: Number of nodes of each kind (every kind present, zero included).
    counts: dict[str, int]
    #: Every thesis of the document, in document order.
    theses: tuple[str, ...]
    #: The argument tree of each main thesis, then of any thesis not shown in those
    #: (:func:`argument_tree` with ``home`` the document).
    trees: tuple[TreeNode, ...]


def document_order(G: nx.MultiDiGraph) -> list[str]:
    """The documents' ids, oldest first: by ``date`` (an ISO date or its prefix), then id; undated last."""
    documents: dict[str, dict[str, Any]] = G.graph.get("documents", {})
    return sorted(documents, key=lambda d: (str(documents[d].get("date") or "\uffff"), d))


def overview(G: nx.MultiDiGraph, depth: int | None = None) -> list[DocumentOverview]:
    """Every document (oldest first, by ``date`` then id) with its theses and their argument trees.

    Within a document a node is expanded once; later trees refer to it. Nodes of
    other documents appear where they bear on this one's, but are not expanded.
    """
    from argmap.model import NodeKind

    documents: dict[str, dict[str, Any]] = G.graph.get("documents", {})
    groups = nodes_by_document(G)
    result = []
    for doc_id in document_order(G):
        nodes = groups.get(doc_id, [])
        counts = {str(kind): 0 for kind in NodeKind}
        for n in nodes:
            kind = str(G.nodes[n].get("kind"))
            counts[kind] = counts.get(kind, 0) + 1
        all_theses = theses(G, doc_id, nodes)
        seen: set[str] = set()
        trees = [argument_tree(G, t, depth, "in", seen, doc_id) for t in main_theses(G, all_theses)]
        trees += [argument_tree(G, t, depth, "in", seen, doc_id) for t in all_theses if t not in seen]
        result.append(DocumentOverview(doc_id, dict(documents[doc_id]), counts, tuple(all_theses), tuple(trees)))
    return result


# --- find ---------------------------------------------------------------------------------------------


def text_pattern(text: str, regex: bool = False) -> re.Pattern[str]:
    """``text`` as a case-insensitive pattern: literal, or a regular expression with ``regex``.

    Raises :class:`UsageError` for an invalid regular expression or an empty search.
    """
    if not text:
        raise UsageError("the search text is empty")
    try:
        return re.compile(text if regex else re.escape(text), re.IGNORECASE)
    except (re.error, OverflowError, RecursionError) as exc:  # OverflowError: a{4294967296}
        raise UsageError(f"invalid regular expression {text!r}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Match:
    """A node whose text or label matched a search."""

    id: str
    #: Which of ``"label"`` and ``"text"`` matched, in that order.
    fields: tuple[str, ...]


def find(G: nx.MultiDiGraph, pattern: re.Pattern[str]) -> list[Match]:
    """Nodes whose ``text`` or ``label`` matches ``pattern`` (searched anywhere), in document order."""
    found = []
    for node, data in G.nodes(data=True):
        fields = tuple(f for f in ("label", "text") if data.get(f) and pattern.search(str(data[f])))
        if fields:
            found.append(Match(node, fields))
    return sorted(found, key=lambda m: position(G, m.id))


def node_record(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node as JSON-ready data: ``id`` and every schema attribute (the node-link keys)."""
    from argmap.formats.nodelink import NODE_KEYS

    data = G.nodes[node]
    return {"id": node, **{key: data.get(key) for key in NODE_KEYS}}
