"""Chains of relations that end at a claim, and their net polarity.

A chain is a simple path ``n0 -> n1 -> ... -> claim`` (no node twice) along
supports, attacks and undercuts. Its polarity is the product of its relations'
signs: a support counts +1 and an attack -1. So an attack on an attacker
*defends* the claim (net support) and a support of an attacker *opposes* it.
An undercut bears on the target of the relation it undercuts: an undercut of a
support counts -1 (it takes a reason away), an undercut of an attack +1 (it
takes an objection away). Preferences, qualifications and explanations are not
reasons for or against, and chains do not follow them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from argmap.model import RelationType

if TYPE_CHECKING:
    import networkx as nx

#: Chains longer than this are not searched unless asked for.
DEFAULT_MAX_LENGTH = 10
#: At most this many chains are listed unless asked for.
DEFAULT_LIMIT = 100
#: The search follows at most ``max(BUDGET_FLOOR, BUDGET_PER_CHAIN * limit)`` relations.
BUDGET_FLOOR = 200_000
BUDGET_PER_CHAIN = 2_000
#: The budget when every chain is asked for (``--limit 0``): a dense graph has more chains than
#: memory; a million relations followed take about 2 s and 250 MB and list about a million chains.
BUDGET_ALL = 1_000_000


class Polarity(StrEnum):
    """The net effect of a chain on the claim it ends at."""

    SUPPORT = "support"
    OPPOSE = "oppose"


@dataclass(frozen=True, slots=True)
class Chain:
    """A simple path of relations ending at the claim."""

    #: The nodes, from where the chain starts to the claim (last).
    nodes: tuple[str, ...]
    #: ``relations[i]`` is the relation from ``nodes[i]`` to ``nodes[i + 1]``.
    relations: tuple[str, ...]
    #: ``signs[i]`` is ``relations[i]``'s sign: -1 for an attack or an undercut of a support, else +1.
    #: (Computed from ``relations`` when not given: a chain without undercuts.)
    signs: tuple[int, ...] = ()
    #: ``undercut[i]``, for an undercut, is the relation it undercuts (``"d#p>d#c"``: one node may
    #: undercut several steps into the same claim), else ``None``. (Empty when not given.)
    undercut: tuple[str | None, ...] = ()

    def __len__(self) -> int:
        return len(self.relations)

    @property
    def polarity(self) -> Polarity:
        signs = self.signs or tuple(-1 if r == RelationType.ATTACKS else 1 for r in self.relations)
        negatives = sum(sign < 0 for sign in signs)
        return Polarity.OPPOSE if negatives % 2 else Polarity.SUPPORT


@dataclass(frozen=True, slots=True)
class ChainSearch:
    """What :func:`chains` found, and why it may have stopped early."""

    claim: str
    #: Shortest first; chains of one length in depth-first order from the claim.
    chains: tuple[Chain, ...]
    #: ``limit`` chains were found and at least one more exists.
    truncated: bool
    #: The search followed its budget of relations and stopped; more chains may exist.
    stopped: bool
    #: Chains longer than ``max_length`` exist (they were not searched).
    longer: bool
    #: How many relations the search followed.
    steps: int


def relation_sign(key: str, data: dict[str, object]) -> int:
    """A relation's sign in a chain: +1, -1, or 0 for a relation chains do not follow.

    >>> relation_sign("undercuts:d#r>d#c", {"type": "undercuts", "relation_type": "attacks"})
    1
    """
    rel_type = data.get("type") or key.partition(":")[0]  # an undercut's key also names its step
    if rel_type == RelationType.SUPPORTS:
        return 1
    if rel_type == RelationType.ATTACKS:
        return -1
    if rel_type == RelationType.UNDERCUTS:
        return 1 if data.get("relation_type") == RelationType.ATTACKS else -1
    return 0


def default_budget(limit: int | None) -> int | None:
    """The number of relations a search for ``limit`` chains (``None``: all of them) may follow."""
    return BUDGET_ALL if not limit else max(BUDGET_FLOOR, BUDGET_PER_CHAIN * limit)


def chains(
    G: nx.MultiDiGraph[str],
    claim: str,
    polarity: Polarity | None = None,
    max_length: int | None = DEFAULT_MAX_LENGTH,
    limit: int | None = DEFAULT_LIMIT,
    budget: int | None = -1,
) -> ChainSearch:
    """Every chain of relations ending at ``claim``, shortest first; ``polarity`` keeps only one kind.

    Cycles are never followed (a chain holds each node at most once). The search
    is iterative deepening, so memory stays proportional to ``max_length`` and the
    shortest chains are found first. It stops at ``limit`` chains (``None``: no
    limit), at chains of ``max_length`` relations (``None``: no limit), or after
    following ``budget`` relations (``-1``: :func:`default_budget` of ``limit``;
    ``None``: no bound), and says which in the result.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("d#a", "d#b", key="attacks"); G.add_edge("d#b", "d#c", key="attacks")
    'attacks'
    'attacks'
    >>> [(c.nodes, c.polarity.value) for c in chains(G, "d#c").chains]
    [(('d#b', 'd#c'), 'oppose'), (('d#a', 'd#b', 'd#c'), 'support')]
    """
    if max_length is not None and max_length < 1:
        raise ValueError("max_length must be at least 1")
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    if budget == -1:
        budget = default_budget(limit)
    search = _Search(G, claim, polarity, limit, budget)
    longer = False
    length = 0
    while not (search.truncated or search.stopped) and (max_length is None or length < max_length):
        length += 1
        reached, extendable = search.layer(length, check_extendable=length == max_length)
        if not reached:
            break
        longer = extendable
    return ChainSearch(claim, tuple(search.found), search.truncated, search.stopped, longer, search.steps)


class _Search:
    """The state of one search: chains found so far, relations followed, why it stopped."""

    def __init__(
        self, G: nx.MultiDiGraph[str], claim: str, polarity: Polarity | None, limit: int | None, budget: int | None
    ) -> None:
        self.pred = G.pred
        self.claim = claim
        self.polarity = polarity
        self.limit = limit
        self.budget = budget
        self.found: list[Chain] = []
        self.steps = 0
        self.truncated = False
        self.stopped = False
        self._incoming: dict[str, list[tuple[str, str, int, str | None]]] = {}

    def incoming(self, node: str) -> list[tuple[str, str, int, str | None]]:
        """``[(source, relation type, sign, relation undercut)]`` into ``node``, sorted; computed once per node."""
        rels = self._incoming.get(node)
        if rels is None:
            rels = sorted(
                (
                    (source, str(data.get("type") or key.partition(":")[0]), sign, _undercut(key, data))
                    for source, keys in self.pred[node].items()
                    for key, data in keys.items()
                    if (sign := relation_sign(key, data)) != 0
                ),
                key=lambda rel: (rel[0], rel[1], rel[2], rel[3] or ""),
            )
            self._incoming[node] = rels
        return rels

    def layer(self, length: int, check_extendable: bool) -> tuple[bool, bool]:
        """Depth-first search, backwards from the claim, for the chains of exactly ``length`` relations.

        Adds the matching ones to ``found``. Returns whether any path of this length
        exists and (with ``check_extendable``) whether one of them can be extended.
        """
        path = [self.claim]  # backwards: path[i + 1] -> path[i] by relations[i]
        relations: list[str] = []
        signs: list[int] = []
        undercut: list[str | None] = []
        on_path = {self.claim}
        attacks = 0  # negative signs on the path
        stack = [iter(self.incoming(self.claim))]
        reached = extendable = False
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                if relations:
                    relations.pop()
                    undercut.pop()
                    attacks -= signs.pop() < 0
                    on_path.discard(path.pop())
                continue
            source, relation, sign, step_undercut = step
            if source in on_path:
                continue
            self.steps += 1
            if self.budget is not None and self.steps > self.budget:
                self.stopped = True
                return reached, extendable
            is_attack = sign < 0
            if len(relations) + 1 < length:
                path.append(source)
                relations.append(relation)
                signs.append(sign)
                undercut.append(step_undercut)
                on_path.add(source)
                attacks += is_attack
                stack.append(iter(self.incoming(source)))
                continue
            reached = True
            if check_extendable and not extendable:
                extendable = any(other not in on_path and other != source for other, *_ in self.incoming(source))
            net = Polarity.OPPOSE if (attacks + is_attack) % 2 else Polarity.SUPPORT
            if self.polarity is not None and net is not self.polarity:
                continue
            if self.limit is not None and len(self.found) >= self.limit:
                self.truncated = True
                return reached, extendable
            self.found.append(
                Chain(
                    (source, *reversed(path)),
                    (relation, *reversed(relations)),
                    (sign, *reversed(signs)),
                    (step_undercut, *reversed(undercut)),
                )
            )
        return reached, extendable


def _undercut(key: str, data: dict[str, object]) -> str | None:
    """The relation an undercut edge undercuts (``"d#p>d#c"``); ``None`` for any other relation."""
    if (data.get("type") or key.partition(":")[0]) != RelationType.UNDERCUTS:
        return None
    relation = data.get("relation")
    return str(relation) if relation else key.partition(":")[2] or None
