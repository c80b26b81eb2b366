"""A graded score in [0, 1] for every node: the quadratic energy model with top aggregation.

The model (Potyka 2018, KR, "Continuous dynamical systems for weighted
bipolar argumentation"), aggregating with the maximum instead of the sum
(Potyka 2019, AAMAS, "Extending modular semantics for bipolar weighted
argumentation"; compare the top-based semantics of Amgoud and Ben-Naim 2018),
so that many weak reasons do not add up to certainty: only the strongest
reason and the strongest objection count.

* Base score ``w``: 0.5 for every node (no prior for or against a span),
  unless a mapping overrides it.
* Strength of an inference: ``min(s(p) for p in premises) * (1 - max(s(u) for
  u in undercutters))``: a linked inference is as strong as its weakest
  premise (the weakest link of ASPIC+), weakened by its strongest undercut.
* Strength of an attack that is not blocked: ``s(a) * (1 - max(s(u)))``.
  Blocked attacks count for nothing.
* Energy ``E(n)`` = strongest inference into ``n`` minus strongest attack on
  ``n`` (each 0 when there is none). Every inference counts, whatever the
  reach: a reason lent by another author is a reason.
* Score ``s(n) = w - w * h(-E) + (1 - w) * h(E)``, with
  ``h(x) = max(x, 0)**2 / (1 + max(x, 0)**2)``.

The acyclic part is evaluated in one pass in topological order (exact). Within
each strongly connected component the update is iterated (Gauss-Seidel, in node
order) until no score moves by ``tolerance`` or more, at most
``max_iterations`` sweeps; each such component is reported. docs/semantics.md
proves that with base 0.5 the update is a contraction in the sup norm, with
modulus at most ``9 * sqrt(3) / 16`` (about 0.974), ``3 * sqrt(3) / 8``
(about 0.650) without undercuts; :attr:`Scores.lipschitz` gives the bound for
the bases used.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from("pcr", doc="d")
>>> _ = G.add_edge("p", "c", key="supports", type="supports", inference="p>c")
>>> _ = G.add_edge("r", "p", key="attacks", type="attacks")
>>> scores = gradual(G)
>>> {node: round(s, 4) for node, s in scores.scores().items()}
{'c': 0.569, 'p': 0.4, 'r': 0.5}
>>> scores.contribution("c").support
'p>c'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.analysis.framework import Framework, Reach
from argmap.bulk import gc_paused

if TYPE_CHECKING:
    import networkx as nx

#: The base score of a node when none is given.
DEFAULT_BASE = 0.5
#: Iteration within a cycle stops when no score moves by this much in a sweep.
TOLERANCE = 1e-9
#: Sweeps at most per strongly connected component (enough for base 0.5: docs/semantics.md).
MAX_ITERATIONS = 1000
#: The largest slope of ``h``: ``h'(1/sqrt(3))``.
H_SLOPE = 3 * math.sqrt(3) / 8


@dataclass(frozen=True, slots=True)
class Contribution:
    """What decides a node's score.

    ``support`` is the name of the strongest inference into the node (ties:
    the first by name), with its strength; ``attacker`` the attacker of the
    strongest attack that is not blocked (ties: the first by id), with its
    strength; ``None`` and 0.0 when there is none. ``energy`` is
    ``support_strength - attack_strength``.
    """

    node: str
    score: float
    base: float
    energy: float
    support: str | None
    support_strength: float
    attacker: str | None
    attack_strength: float


@dataclass(frozen=True, slots=True)
class Component:
    """A strongly connected component with a cycle, iterated to its fixed point.

    ``change`` is the largest move of a score in the last sweep; ``converged``
    says whether it fell below the tolerance within ``iterations`` sweeps.
    """

    nodes: tuple[str, ...]
    iterations: int
    change: float
    converged: bool


class Scores:
    """Every node's score, what decided it, and how the cycles converged (see :func:`gradual`)."""

    __slots__ = ("_attacks", "_base", "_inferences", "_score", "components", "framework", "lipschitz")

    def __init__(
        self,
        framework: Framework,
        score: list[float],
        base: list[float],
        inferences: list[list[tuple[str, tuple[int, ...], tuple[int, ...]]]],
        attacks: list[list[tuple[int, tuple[int, ...]]]],
        components: tuple[Component, ...],
        lipschitz: float,
    ) -> None:
        self.framework = framework
        self._score = score
        self._base = base
        self._inferences = inferences
        self._attacks = attacks
        #: The cyclic components, by first node.
        self.components = components
        #: The bound on the update's Lipschitz constant in the sup norm (a contraction if below 1).
        self.lipschitz = lipschitz

    @property
    def converged(self) -> bool:
        """Whether every cyclic component converged."""
        return all(c.converged for c in self.components)

    def score(self, node: str) -> float:
        """The score of ``node``."""
        return self._score[self.framework.index[node]]

    def scores(self) -> dict[str, float]:
        """Every node with its score, in node order."""
        return dict(zip(self.framework.nodes, self._score, strict=True))

    def contribution(self, node: str) -> Contribution:
        """The strongest reason and objection of ``node`` (see :class:`Contribution`)."""
        i = self.framework.index[node]
        s = self._score
        support, support_strength = None, 0.0
        for name, premises, undercutters in self._inferences[i]:
            strength = _strength(s, premises, undercutters)
            if support is None or strength > support_strength:
                support, support_strength = name, strength
        attacker, attack_strength = None, 0.0
        for a, undercutters in self._attacks[i]:
            strength = s[a] * (1.0 - max((s[u] for u in undercutters), default=0.0))
            if attacker is None or strength > attack_strength:
                attacker, attack_strength = self.framework.nodes[a], strength
        return Contribution(
            node,
            s[i],
            self._base[i],
            support_strength - attack_strength,
            support,
            support_strength,
            attacker,
            attack_strength,
        )


def gradual(
    G: Framework | nx.MultiDiGraph[str],
    *,
    base: Mapping[str, float] | None = None,
    default: float = DEFAULT_BASE,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
) -> Scores:
    """The score of every node under the quadratic energy model with top aggregation.

    Parameters
    ----------
    G : Framework or networkx.MultiDiGraph
        A graph (schema: docs/argument-model.md) or its framework; the reach
        does not matter here.
    base : mapping of str to float, optional
        Base scores in [0, 1] by node; the others get ``default``.
    default : float
        The base score of the nodes ``base`` does not name.
    tolerance : float
        Iteration in a cycle stops when no score moves by this much.
    max_iterations : int
        Sweeps at most per cyclic component.

    Returns
    -------
    Scores

    Raises
    ------
    ValueError
        A base score outside [0, 1], or for a node that is not in the graph.

    Examples
    --------
    Top aggregation: a weaker second reason changes nothing.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from("pqc", doc="d")
    >>> _ = G.add_edge("p", "c", key="supports", type="supports", inference="p>c")
    >>> one = gradual(G, base={"p": 0.9}).score("c")
    >>> _ = G.add_edge("q", "c", key="supports", type="supports", inference="q>c")
    >>> gradual(G, base={"p": 0.9}).score("c") == one
    True
    """
    af = G if isinstance(G, Framework) else Framework.from_graph(G, Reach.CORPUS)
    with gc_paused():
        return _gradual(af, base, default, tolerance, max_iterations)


def _gradual(
    af: Framework, base: Mapping[str, float] | None, default: float, tolerance: float, max_iterations: int
) -> Scores:
    n = len(af.nodes)
    index = af.index
    w = [default] * n
    for node, value in (base or {}).items():
        if node not in index:
            raise ValueError(f"base score for {node!r}, which is not a node")
        w[index[node]] = value
    if not all(0.0 <= x <= 1.0 for x in w):
        raise ValueError("base scores must be in [0, 1]")
    inferences: list[list[tuple[str, tuple[int, ...], tuple[int, ...]]]] = [[] for _ in range(n)]
    attacks: list[list[tuple[int, tuple[int, ...]]]] = [[] for _ in range(n)]
    depends: list[list[int]] = [[] for _ in range(n)]
    undercut = False
    for inference in af.inferences:
        c = index[inference.conclusion]
        premises = tuple(index[p] for p in inference.premises)
        undercutters = tuple(index[u] for u in inference.undercutters)
        undercut = undercut or bool(undercutters)
        inferences[c].append((inference.name, premises, undercutters))
        depends[c].extend(premises)
        depends[c].extend(undercutters)
    for attack in af.attacks:
        if attack.blocked:
            continue
        b, a = index[attack.target], index[attack.attacker]
        undercutters = tuple(index[u] for u in attack.undercutters)
        undercut = undercut or bool(undercutters)
        attacks[b].append((a, undercutters))
        depends[b].append(a)
        depends[b].extend(undercutters)

    s = list(w)
    components: list[Component] = []
    for members in _components(depends):
        if len(members) == 1 and members[0] not in depends[members[0]]:
            c = members[0]
            s[c] = _update(s, w[c], inferences[c], attacks[c])
            continue
        members.sort()
        iterations, change = 0, math.inf
        while change >= tolerance and iterations < max_iterations:
            iterations += 1
            change = 0.0
            for c in members:
                new = _update(s, w[c], inferences[c], attacks[c])
                change = max(change, abs(new - s[c]))
                s[c] = new
        components.append(Component(tuple(af.nodes[c] for c in members), iterations, change, change < tolerance))
    components.sort(key=lambda comp: comp.nodes)
    return Scores(af, s, w, inferences, attacks, tuple(components), _lipschitz(w, undercut))


def _strength(s: list[float], premises: tuple[int, ...], undercutters: tuple[int, ...]) -> float:
    weakest = min(s[p] for p in premises)
    if undercutters:
        return weakest * (1.0 - max(s[u] for u in undercutters))
    return weakest


def _update(
    s: list[float],
    w: float,
    inferences: list[tuple[str, tuple[int, ...], tuple[int, ...]]],
    attacks: list[tuple[int, tuple[int, ...]]],
) -> float:
    energy = 0.0
    for _, premises, undercutters in inferences:
        strength = _strength(s, premises, undercutters)
        if strength > energy:
            energy = strength
    strongest = 0.0
    for a, undercutters in attacks:
        strength = s[a] * (1.0 - max(s[u] for u in undercutters)) if undercutters else s[a]
        if strength > strongest:
            strongest = strength
    energy -= strongest
    if energy > 0.0:
        return w + (1.0 - w) * energy * energy / (1.0 + energy * energy)
    if energy < 0.0:
        return w - w * energy * energy / (1.0 + energy * energy)
    return w


def _lipschitz(w: list[float], undercut: bool) -> float:
    """The bound of docs/semantics.md on the update's Lipschitz constant (sup norm)."""
    if not w:
        return 0.0
    slope = max(max(x, 1.0 - x) for x in w) * H_SLOPE
    if not undercut:
        return 2.0 * slope
    low, high = min(w) / 2.0, (1.0 + max(w)) / 2.0  # every score after one update lies in [low, high]
    return 2.0 * (1.0 - low + high) * slope


def _components(depends: list[list[int]]) -> list[list[int]]:
    """Strongly connected components of "depends on", dependencies first (Tarjan, iterative)."""
    n = len(depends)
    order = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    result: list[list[int]] = []
    counter = 0
    for root in range(n):
        if order[root] >= 0:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            edges = depends[v]
            if i < len(edges):
                work[-1] = (v, i + 1)
                x = edges[i]
                if order[x] < 0:
                    order[x] = low[x] = counter
                    counter += 1
                    stack.append(x)
                    on_stack[x] = 1
                    work.append((x, 0))
                elif on_stack[x] and order[x] < low[v]:
                    low[v] = order[x]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == order[v]:
                members = []
                while True:
                    x = stack.pop()
                    on_stack[x] = 0
                    members.append(x)
                    if x == v:
                        break
                result.append(members)
    return result
