"""Questions asked of the graph, networkx style: plain functions with the graph first."""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from argmap.bulk import builder
from argmap.errors import UnknownIdError, UsageError
from argmap.model import ID_SEPARATOR

if TYPE_CHECKING:
    import networkx as nx


def resolve_id(G: nx.MultiDiGraph[str], text: str) -> str:
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
    # the view yields (node, its local_id) pairs; networkx's stubs say (node, attribute dict)
    return resolve_key(dict(cast("Iterable[tuple[str, str | None]]", G.nodes(data="local_id"))), text)


def resolve_key(local_ids: Mapping[str, str | None], text: str) -> str:
    """:func:`resolve_id` over ``local_ids`` (every node key -> its local id) instead of a graph.

    >>> resolve_key({"a#x": "x", "b#y": "y"}, "y")
    'b#y'
    """
    if text in local_ids:
        return text
    if ID_SEPARATOR not in text:
        matches = sorted(n for n, local in local_ids.items() if local == text)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UnknownIdError(
                f"'{text}' is ambiguous: it names {', '.join(matches[:10])}{' ...' if len(matches) > 10 else ''}; "
                "write doc-id#id",
                matches,
            )
    folded = text.casefold()
    same_but_case = sorted(
        n for n in local_ids if n.casefold() == folded or n.split(ID_SEPARATOR, 1)[-1].casefold() == folded
    )
    candidates = same_but_case or closest_ids(local_ids, text)
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise UnknownIdError(f"no claim '{text}' in the corpus{hint}", candidates)


def closest_ids(keys: Iterable[str], text: str, n: int = 5) -> list[str]:
    """Up to ``n`` of the node ``keys`` (a graph gives its nodes) that look like ``text`` (compared whole
    and by local id)."""
    keys = list(keys)
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
    G: nx.MultiDiGraph[str], roots: Iterable[str], depth: int | None, types: Iterable[str] | None = None
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
            if (allowed is None or key.partition(":")[0] in allowed) and other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
        for other, _, key in G.in_edges(node, keys=True):
            if (allowed is None or key.partition(":")[0] in allowed) and other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
    return seen


# --- argument trees -----------------------------------------------------------------------------

#: Which way an argument tree grows: ``"in"`` follows what supports or attacks a node,
#: ``"out"`` what the node itself supports or attacks.
DIRECTIONS = ("in", "out")

#: Relation types in the order trees list them: reasons, objections, then notes.
_RELATION_ORDER = {"supports": 0, "attacks": 1, "undercuts": 2, "qualifies": 3, "explains": 4, "outweighs": 5}


@dataclass(frozen=True, slots=True)
class Step:
    """One relation into (or out of) a node, as an argument tree shows it.

    In an ``"in"`` tree, the supports of one linked inference are one step whose
    ``other`` is the inference's name and ``group`` its premises; the undercuts
    of a step (of its inference, or of its attack) are listed with it, not as
    steps of their own; preferences are not steps but mark the attacks they
    answer.
    """

    #: The node at the other end, or the inference's name for a linked group.
    other: str
    #: ``supports``, ``attacks``, ``undercuts``, ``qualifies``, ``explains`` or ``outweighs``.
    relation: str
    #: A linked inference (``"in"`` trees): its premises, in declaration order.
    group: tuple[str, ...] = ()
    #: The nodes that undercut this step (its inference or its attack).
    undercutters: tuple[str, ...] = ()
    #: An attack whose target outweighs its source (a preference): it does not defeat.
    answered: bool = False
    #: ``"out"`` trees: for ``undercuts``, the source of the relation undercut; for
    #: ``supports`` of a linked inference, the other premises (joined by ``+``).
    via: str | None = None


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One occurrence of a node in an argument tree.

    A node reached more than once (a shared premise, or a cycle) is expanded at one
    occurrence only, its shallowest; elsewhere it is a ``repeat`` with no children.
    A linked inference is an occurrence of its own (``group``): its ``id`` is the
    inference's name and its children are its premises (relation ``with``).
    """

    #: The node key (the inference's name for a ``group``).
    id: str
    #: The relation between this node and its parent in the tree (``None`` for the root).
    #: In an ``"in"`` tree this node is the relation's source, in an ``"out"`` tree its target.
    #: ``with`` for a premise of a linked group; ``undercuts`` for an undercut of the step above.
    relation: str | None = None
    #: Shown in full at another place in the tree (or in an earlier tree); children omitted.
    repeat: bool = False
    #: Relations of this node not followed because the depth limit was reached.
    hidden: int = 0
    #: A node of another document than the tree's ``home``: shown, not expanded.
    outside: bool = False
    children: tuple[TreeNode, ...] = ()
    #: A linked inference: its premises support the parent together.
    group: bool = False
    #: An attack on the parent that the parent outweighs (a preference: answered, not defeating).
    answered: bool = False
    #: See :attr:`Step.via`.
    via: str | None = None

    def walk(self) -> Iterator[TreeNode]:
        """This occurrence and every one below it, in pre-order."""
        stack = [self]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


#: Steps and tree nodes made quickly (:func:`argmap.bulk.builder`): an overview makes one per relation.
_Step = builder(Step)
_TreeNode = builder(TreeNode)


def steps_of(G: nx.MultiDiGraph[str], node: str, direction: str = "in") -> list[Step]:
    """The relations into (``"in"``) or out of ``node``, as argument trees show them.

    Reasons come first, then objections, then qualifications and explanations;
    within each, in document order (document id, line, column, key), so the
    result is the same on every run.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("d#a", "d#c", key="supports", type="supports", inference="d#a+d#b>d#c")
    'supports'
    >>> G.add_edge("d#b", "d#c", key="supports", type="supports", inference="d#a+d#b>d#c")
    'supports'
    >>> [(s.other, s.group) for s in steps_of(G, "d#c")]
    [('d#a+d#b>d#c', ('d#a', 'd#b'))]
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'in' or 'out', not {direction!r}")
    steps = _steps_in(G, node) if direction == "in" else _steps_out(G, node)
    return sorted(steps, key=lambda s: (_RELATION_ORDER.get(s.relation, 9), s.relation, *_step_position(G, s)))


def _step_position(G: nx.MultiDiGraph[str], step: Step) -> tuple[str, int, int, str]:
    return position(G, step.group[0] if step.group else step.other)


def _steps_in(G: nx.MultiDiGraph[str], node: str) -> list[Step]:
    inferences: dict[str, list[str]] = {}
    undercut: dict[str, list[str]] = {}  # inference name or relation name -> undercutters
    others: list[tuple[str, str]] = []
    # G.pred[node], without the view (networkx's stubs leave out the graph's storage dicts, _pred among them)
    for source, keys in G._pred[node].items():  # type: ignore[attr-defined]
        for key, data in keys.items():
            rel_type = data.get("type") or key.partition(":")[0]
            if rel_type == "supports":
                inferences.setdefault(data.get("inference") or f"{source}>{node}", []).append(source)
            elif rel_type == "undercuts":
                undercut.setdefault(data.get("inference") or data.get("relation") or "", []).append(source)
            elif rel_type != "outweighs":
                others.append((source, rel_type))
    declared = G.graph.get("inferences", {})
    steps = []
    for name, sources in inferences.items():
        premises = tuple(declared.get(name, {}).get("premises") or sorted(sources, key=lambda n: position(G, n)))
        by = _in_order(G, undercut[name]) if name in undercut else ()
        if len(premises) == 1:
            steps.append(_Step(premises[0], "supports", undercutters=by))
        else:
            steps.append(_Step(name, "supports", group=premises, undercutters=by))
    succ = G.succ[node]
    for source, rel_type in others:
        if rel_type == "attacks":
            answered = any(k == "outweighs" or d.get("type") == "outweighs" for k, d in succ.get(source, {}).items())
            attack = f"{source}>{node}"
            by = _in_order(G, undercut[attack]) if attack in undercut else ()
            steps.append(_Step(source, rel_type, undercutters=by, answered=answered))
        else:
            steps.append(_Step(source, rel_type))
    return steps


def _steps_out(G: nx.MultiDiGraph[str], node: str) -> list[Step]:
    declared = G.graph.get("inferences", {})
    steps = []
    for target, keys in G.succ[node].items():
        for key, data in keys.items():
            rel_type = data.get("type") or key.partition(":")[0]
            via = None
            if rel_type == "undercuts":
                via = str(data.get("relation") or "").split(">", 1)[0] or None
            elif rel_type == "supports":
                premises = declared.get(data.get("inference"), {}).get("premises") or ()
                together = [p for p in premises if p != node]
                via = "+".join(together) or None
            steps.append(_Step(target, rel_type, via=via))
    return steps


def _in_order(G: nx.MultiDiGraph[str], nodes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(nodes), key=lambda n: position(G, n)))


def relations_of(G: nx.MultiDiGraph[str], node: str, direction: str = "in") -> list[tuple[str, str]]:
    """``(other node, relation type)`` for each relation into (``"in"``) or out of ``node``, in tree order.

    Linked premises are listed one by one; undercuts with the step they undercut.
    """
    found: list[tuple[str, str]] = []
    for step in steps_of(G, node, direction):
        found.extend((p, step.relation) for p in step.group or (step.other,))
        found.extend((u, "undercuts") for u in step.undercutters)
    return found


def position(G: nx.MultiDiGraph[str], node: str) -> tuple[str, int, int, str]:
    """A sort key putting nodes in document order: ``(doc, line, col, key)``."""
    # G.nodes[node], without the view's overhead (a sort calls this once per node); networkx's stubs
    # leave out the graph's storage dicts (_node, _adj, _pred)
    data: dict[str, Any] = G._node[node]  # type: ignore[attr-defined]
    return (str(data.get("doc") or ""), int(data.get("line") or 0), int(data.get("col") or 0), node)


def argument_tree(
    G: nx.MultiDiGraph[str],
    root: str,
    depth: int | None = None,
    direction: str = "in",
    seen: set[str] | None = None,
    home: str | None = None,
) -> TreeNode:
    """The argument around ``root`` as a tree: what supports or attacks it, recursively.

    ``direction="out"`` follows what ``root`` supports or attacks instead. ``depth``
    limits how many relations deep the tree goes (``None``: no limit); the premises
    of a linked group are one relation from what they support, an undercut one
    from the step it undercuts. Every node is expanded once, at its shallowest
    occurrence; other occurrences are repeats, so cycles end. ``seen`` (updated in
    place) holds nodes already expanded in earlier trees, which this one then shows
    as repeats; ``root`` itself is always expanded. With ``home`` (a document id),
    nodes of other documents are ``outside``: shown where they bear on this
    document's, but not expanded.

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

    cache: dict[str, list[Step]] = {}

    def steps(node: str) -> list[Step]:
        found = cache.get(node)
        if found is None:
            found = cache[node] = steps_of(G, node, direction)
        return found

    # The shallowest level of each node over paths that do not pass through a node
    # expanded in an earlier tree: the level at which the node will be expanded.
    level_of = {root: 0}
    buckets: dict[int, list[str]] = {0: [root]}
    level = 0
    while level in buckets and (depth is None or level < depth):
        for node in buckets.pop(level):
            if level_of.get(node) != level:
                continue
            for s in steps(node):
                reached = [(p, level + 1) for p in s.group or (s.other,)]
                reached += [(u, level + 2) for u in s.undercutters]
                for other, at in reached:
                    if depth is not None and at > depth:
                        continue
                    if other not in level_of or level_of[other] > at:
                        level_of[other] = at
                        if other not in seen and not outside(other):
                            buckets.setdefault(at, []).append(other)
        level += 1
        if level not in buckets and any(k > level for k in buckets):
            level = min(buckets)

    def count(node: str) -> int:
        return sum(len(s.group or (s.other,)) + len(s.undercutters) for s in steps(node))

    def occurrence(node: str, relation: str, level: int, step: Step | None = None) -> TreeNode | _Frame:
        """The occurrence of ``node`` reached by ``relation`` at ``level`` (``step``: the step it is the end of)."""
        extra: list[tuple[str, str, int, Step | None]] = []
        hidden = 0
        answered = step is not None and step.answered
        via = step.via if step is not None else None
        if step is not None and step.undercutters:
            if depth is not None and level + 1 > depth:
                hidden += len(step.undercutters)
            else:
                extra = [(u, "undercuts", level + 1, None) for u in step.undercutters]
        if outside(node):
            return _Frame(node, relation, level, extra[::-1], outside=True, hidden=hidden, answered=answered, via=via)
        if node in seen or level_of.get(node) != level:
            return _Frame(node, relation, level, extra[::-1], repeat=True, hidden=hidden, answered=answered, via=via)
        seen.add(node)
        if depth is not None and level >= depth:
            hidden += count(node)
            return _Frame(node, relation, level, extra[::-1], hidden=hidden, answered=answered, via=via)
        own = [_pending(s, level) for s in steps(node)]
        return _Frame(node, relation, level, (extra + own)[::-1], hidden=hidden, answered=answered, via=via)

    seen.add(root)
    if depth == 0:
        return _TreeNode(root, hidden=count(root))
    # Built with an explicit stack, not recursion: graphs can be deep.
    stack = [_Frame(root, None, 0, [_pending(s, 0) for s in steps(root)][::-1])]
    while True:
        frame = stack[-1]
        if frame.pending:
            other, relation, at, step = frame.pending.pop()
            if step is not None and step.group:
                hidden = 0
                extra: list[tuple[str, str, int, Step | None]] = []
                if step.undercutters:
                    if depth is not None and at + 1 > depth:
                        hidden = len(step.undercutters)
                    else:
                        extra = [(u, "undercuts", at + 1, None) for u in step.undercutters]
                members = [(p, "with", at, None) for p in step.group]
                stack.append(_Frame(step.other, relation, at, (members + extra)[::-1], hidden=hidden, group=True))
                continue
            stack.append(_as_frame(occurrence(other, relation, at, step)))
            continue
        done = frame.done()
        stack.pop()
        if not stack:
            return done
        stack[-1].children.append(done)


def _pending(step: Step, level: int) -> tuple[str, str, int, Step | None]:
    return (step.other, step.relation, level + 1, step)


def _as_frame(made: TreeNode | _Frame) -> _Frame:
    return made if isinstance(made, _Frame) else _Frame(made.id, made.relation, 0, [])


@dataclass(slots=True)
class _Frame:
    """An occurrence being expanded while :func:`argument_tree` builds a tree."""

    node: str
    relation: str | None
    level: int
    #: Occurrences still to make, last first: (node, relation, level, the step it ends).
    pending: list[tuple[str, str, int, Step | None]]
    children: list[TreeNode] = field(default_factory=list)
    repeat: bool = False
    outside: bool = False
    hidden: int = 0
    group: bool = False
    answered: bool = False
    via: str | None = None

    def done(self) -> TreeNode:
        return _TreeNode(
            self.node,
            self.relation,
            repeat=self.repeat,
            hidden=self.hidden,
            outside=self.outside,
            children=tuple(self.children),
            group=self.group,
            answered=self.answered,
            via=self.via,
        )


# --- theses ---------------------------------------------------------------------------------------

#: A local id starting with this marks a thesis (the annotators' convention).
THESIS_PREFIX = "thesis"


def nodes_by_document(G: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    """Every document's nodes, each list in document order (one pass over the graph)."""
    groups: dict[str, list[str]] = {}
    for node, doc in G.nodes(data="doc"):
        groups.setdefault(str(doc), []).append(node)
    for nodes in groups.values():
        nodes.sort(key=lambda n: position(G, n))
    return groups


def theses(G: nx.MultiDiGraph[str], doc_id: str, nodes: list[str] | None = None) -> list[str]:
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
    final = [n for n in nodes if not _bears_on_others(G, n)]
    meta = G.graph.get("documents", {}).get(doc_id, {})
    authors = meta.get("authors")
    held = ", ".join(str(a) for a in authors) if isinstance(authors, list) else authors
    own = [n for n in final if held and G.nodes[n].get("by") == held]
    return own or final


#: The relations by which a claim bears on another (reasons and objections); the rest are notes.
_BEARING = frozenset({"supports", "attacks", "undercuts"})


def _bearing(keys: dict[str, Any]) -> bool:
    return any((data.get("type") or key.partition(":")[0]) in _BEARING for key, data in keys.items())


def _bears_on_others(G: nx.MultiDiGraph[str], node: str) -> bool:
    return any(_bearing(keys) for keys in G.succ[node].values())


def main_theses(G: nx.MultiDiGraph[str], found: list[str]) -> list[str]:
    """The theses in ``found`` (a document's) that support or attack no other of them: the roots of its overview.

    If every thesis bears on another (a cycle), all are returned.
    """
    marked = set(found)
    roots = [t for t in found if not any(other in marked and _bearing(keys) for other, keys in G.succ[t].items())]
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


def document_order(G: nx.MultiDiGraph[str]) -> list[str]:
    """The documents' ids, oldest first: by ``date`` (an ISO date or its prefix), then id; undated last."""
    return oldest_first(G.graph.get("documents", {}))


def oldest_first(documents: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """:func:`document_order` of the graph attribute ``documents`` (document id -> front matter)."""
    return sorted(documents, key=lambda d: (str(documents[d].get("date") or "\uffff"), d))


def overview(G: nx.MultiDiGraph[str], depth: int | None = None) -> list[DocumentOverview]:
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


def find(G: nx.MultiDiGraph[str], pattern: re.Pattern[str]) -> list[Match]:
    """Nodes whose ``text`` or ``label`` matches ``pattern`` (searched anywhere), in document order."""
    found = []
    for node, data in G.nodes(data=True):
        fields = tuple(f for f in ("label", "text") if data.get(f) and pattern.search(str(data[f])))
        if fields:
            found.append(Match(node, fields))
    return sorted(found, key=lambda m: position(G, m.id))


def node_record(G: nx.MultiDiGraph[str], node: str) -> dict[str, Any]:
    """A node as JSON-ready data: ``id`` and every schema attribute (the node-link keys)."""
    from argmap.formats.nodelink import NODE_KEYS

    data = G.nodes[node]
    return {"id": node, **{key: data.get(key) for key in NODE_KEYS}}
