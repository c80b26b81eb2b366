"""The argumentation framework of a graph: nodes, inferences, attacks, undercuts and preferences.

A :class:`Framework` is read from a graph in the schema of
docs/argument-model.md ("In the graph") and is what every semantics of
:mod:`argmap.analysis` works on. Its elements:

* every **node** (span);
* every **inference** ``P -> c``: the ``supports`` edges grouped by their
  ``inference`` attribute (linked premises share one inference; a support
  without the attribute is an inference of its own, named ``p>c``);
* every declared **attack** ``a -> b`` (``attacks`` edges);
* every **undercut** ``u -> r`` (``undercuts`` edges) whose target ``r`` is an
  inference (``relation_type`` ``"supports"``: the edge's ``inference``
  attribute, else the inference of the support ``relation`` names) or an
  attack (``relation_type`` ``"attacks"``: the attack ``relation`` names). An
  undercut whose relation is not in the graph is left out (``argmap check``
  reports it, AM210).

**Preferences** (Amgoud and Cayrol 2002; ASPIC+, Modgil and Prakken 2013): an
attack ``a -> b`` is *blocked* when the graph has an ``outweighs`` edge ``b -> a``
(``b`` is preferred to ``a``). A blocked attack is not a defeat; it stays in the framework,
marked, so that explanations can name it. Preferences are taken pairwise, as
declared: there is no transitive closure (``x outweighs y`` and ``y outweighs
z`` say nothing of ``x`` and ``z``). Undercuts are never blocked.

**Reach** (:class:`Reach`): under ``"document"`` (the default) an inference
counts for its conclusion's *necessity* only if all its premises are in the
conclusion's document (node attribute ``doc``). A support from another
document is another author lending a reason: it is reported, and it counts in
the graded score, but the claim does not need it and does not fall with it.
Under ``"corpus"`` every inference counts.

``qualifies`` and ``explains`` edges, and edges of any other type, are not part
of the framework: they change no label and no score.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from(["p", "c", "r", "u"], doc="d")
>>> G.add_edge("p", "c", key="supports", type="supports", inference="p>c")
'supports'
>>> G.add_edge("r", "c", key="attacks", type="attacks")
'attacks'
>>> G.add_edge("c", "r", key="outweighs", type="outweighs")
'outweighs'
>>> G.add_edge("u", "c", key="undercuts:p>c", type="undercuts", relation="p>c",
...            relation_type="supports", inference="p>c")
'undercuts:p>c'
>>> af = Framework.from_graph(G)
>>> af.inferences
(Inference(name='p>c', conclusion='c', premises=('p',), in_reach=True, undercutters=('u',)),)
>>> af.attacks
(Attack(attacker='r', target='c', blocked=True, undercutters=()),)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from argmap.bulk import builder, gc_paused

if TYPE_CHECKING:
    import networkx as nx

SUPPORTS = "supports"
ATTACKS = "attacks"
UNDERCUTS = "undercuts"
OUTWEIGHS = "outweighs"
#: Separator of the two ends in a relation's name (``source>target``).
SEPARATOR = ">"


class Reach(StrEnum):
    """Which inferences a conclusion needs (its *necessity*)."""

    DOCUMENT = "document"  #: only those whose premises are all in the conclusion's document
    CORPUS = "corpus"  #: every inference


@dataclass(frozen=True, slots=True)
class Inference:
    """An inference: ``premises`` (sorted) together support ``conclusion``.

    ``in_reach`` says whether it counts for the conclusion's necessity under
    the framework's :class:`Reach`; ``undercutters`` (sorted) are the nodes that
    undercut it.
    """

    name: str
    conclusion: str
    premises: tuple[str, ...]
    in_reach: bool
    undercutters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attack:
    """A declared attack of ``attacker`` on ``target``.

    ``blocked``: the target outweighs the attacker, so the attack is not a
    defeat. ``undercutters`` (sorted) are the nodes that undercut it.
    """

    attacker: str
    target: str
    blocked: bool = False
    undercutters: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The relation's name, ``attacker>target``."""
        return self.attacker + SEPARATOR + self.target

    @property
    def preference(self) -> tuple[str, str] | None:
        """The preference that blocks the attack, as ``(preferred, outweighed)``, or ``None``."""
        return (self.target, self.attacker) if self.blocked else None


@dataclass(frozen=True, slots=True)
class Framework:
    """Nodes (sorted), inferences (sorted by name) and attacks (sorted by attacker, then target).

    Build one with :meth:`from_graph`. The fields after ``reach`` are derived
    indexes, by position: ``index`` maps a node to its position,
    ``attacks_on[i]`` lists the positions (in ``attacks``) of the attacks on
    node ``i`` (blocked ones too), ``inferences_of[i]`` the positions (in
    ``inferences``) of the inferences concluding node ``i`` (in reach or not).
    """

    nodes: tuple[str, ...]
    inferences: tuple[Inference, ...]
    attacks: tuple[Attack, ...]
    reach: Reach = Reach.DOCUMENT
    index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    attacks_on: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    inferences_of: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    inference_index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    attack_index: Mapping[tuple[str, str], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {node: i for i, node in enumerate(self.nodes)}
        if len(index) != len(self.nodes) or any(a >= b for a, b in zip(self.nodes, self.nodes[1:], strict=False)):
            raise ValueError("nodes must be sorted and unique")
        attacks_on: list[list[int]] = [[] for _ in self.nodes]
        attack_index: dict[tuple[str, str], int] = {}
        for i, attack in enumerate(self.attacks):
            pair = (attack.attacker, attack.target)
            if i and pair <= (self.attacks[i - 1].attacker, self.attacks[i - 1].target):
                raise ValueError("attacks must be sorted by (attacker, target), one per pair")
            _check_nodes(index, attack.attacker, attack.target, *attack.undercutters)
            attacks_on[index[attack.target]].append(i)
            attack_index[pair] = i
        inferences_of: list[list[int]] = [[] for _ in self.nodes]
        inference_index: dict[str, int] = {}
        for i, inference in enumerate(self.inferences):
            if i and inference.name <= self.inferences[i - 1].name:
                raise ValueError("inferences must be sorted by name, one per name")
            if not inference.premises:
                raise ValueError(f"inference {inference.name!r} has no premise")
            _check_nodes(index, inference.conclusion, *inference.premises, *inference.undercutters)
            inferences_of[index[inference.conclusion]].append(i)
            inference_index[inference.name] = i
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "attacks_on", tuple(map(tuple, attacks_on)))
        object.__setattr__(self, "inferences_of", tuple(map(tuple, inferences_of)))
        object.__setattr__(self, "inference_index", inference_index)
        object.__setattr__(self, "attack_index", attack_index)

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph[str], reach: Reach | str = Reach.DOCUMENT) -> Framework:
        """The framework of ``G`` (schema: docs/argument-model.md), under ``reach``.

        Time linear in the graph, plus sorting the nodes, inferences and
        attacks.

        Parameters
        ----------
        G : networkx.MultiDiGraph
            Nodes with a ``doc`` attribute (missing counts as ``None``); edges
            typed by their ``type`` attribute, else by their key up to the
            first ``:``.
        reach : Reach or str
            ``"document"`` or ``"corpus"``.

        Returns
        -------
        Framework
        """
        with gc_paused():  # millions of small objects, no cycles: see argmap.bulk
            return cls._from_graph(G, Reach(reach))

    @classmethod
    def _from_graph(cls, G: nx.MultiDiGraph[str], reach: Reach) -> Framework:
        nodes = tuple(sorted(G))
        docs: dict[str, object] = {}
        for node, doc in G.nodes(data="doc"):
            docs[node] = doc
        groups: dict[str, tuple[str, list[str]]] = {}  # inference name -> (conclusion, premises)
        inference_of: dict[tuple[str, str], str] = {}  # (premise, conclusion) -> inference name
        attacked: dict[tuple[str, str], list[str]] = {}  # attack -> undercutters
        preferred: set[tuple[str, str]] = set()
        undercuts: list[tuple[str, str, dict[str, Any]]] = []
        # G.edges(keys=True, data=True), in its order, read from networkx's dictionaries (a third of the time);
        # networkx's stubs leave out those dictionaries (_adj: node -> neighbour -> key -> attributes)
        adj: dict[str, dict[str, dict[str, dict[str, Any]]]] = G._adj  # type: ignore[attr-defined]
        edges = (
            (u, v, key, data)
            for u, neighbours in adj.items()
            for v, keyed in neighbours.items()
            for key, data in keyed.items()
        )
        for u, v, key, data in edges:
            kind = data.get("type") or str(key).partition(":")[0]
            if kind == SUPPORTS:
                name = data.get("inference") or u + SEPARATOR + v
                group = groups.get(name)
                if group is None:
                    groups[name] = (v, [u])
                elif group[0] == v:
                    group[1].append(u)
                else:
                    raise ValueError(f"inference {name!r} has two conclusions, {group[0]!r} and {v!r}")
                inference_of[(u, v)] = name
            elif kind == ATTACKS:
                attacked[(u, v)] = []
            elif kind == OUTWEIGHS:
                preferred.add((u, v))
            elif kind == UNDERCUTS:
                undercuts.append((u, v, data))
        undercutters: dict[str, list[str]] = {}  # inference name -> undercutters
        for u, v, data in undercuts:
            relation = data.get("relation")
            if isinstance(relation, str) and relation.endswith(SEPARATOR + v):
                source: str | None = relation[: -len(SEPARATOR + v)]
            else:
                source = None
            relation_type = data.get("relation_type")
            name = data.get("inference")
            if relation_type is None:  # infer it from what is declared
                is_support = name in groups or (source, v) in inference_of
                is_attack = (source, v) in attacked
                relation_type = SUPPORTS if is_support and not is_attack else ATTACKS if is_attack else None
            if relation_type == SUPPORTS:
                if name is None and source is not None:
                    name = inference_of.get((source, v))
                if name in groups and groups[name][0] == v:
                    undercutters.setdefault(name, []).append(u)
            elif relation_type == ATTACKS and source is not None and (source, v) in attacked:
                attacked[(source, v)].append(u)
        inferences = []
        for name in sorted(groups):
            conclusion, premises = groups[name]
            home = docs[conclusion]
            in_reach = reach is Reach.CORPUS or all(docs[p] == home for p in premises)
            inferences.append(
                _new_inference(
                    name,
                    conclusion,
                    tuple(sorted(set(premises))) if len(premises) > 1 else tuple(premises),
                    in_reach,
                    _sorted(undercutters.get(name)),
                )
            )
        attacks = [
            _new_attack(a, b, (b, a) in preferred, _sorted(attacked[(a, b)])) for a, b in sorted(attacked)
        ]  # fmt: skip
        return cls(nodes, tuple(inferences), tuple(attacks), reach)

    def inference(self, name: str) -> Inference:
        """The inference called ``name`` (``KeyError`` if there is none)."""
        return self.inferences[self.inference_index[name]]

    def attack(self, attacker: str, target: str) -> Attack:
        """The attack of ``attacker`` on ``target`` (``KeyError`` if there is none)."""
        return self.attacks[self.attack_index[(attacker, target)]]

    def attacks_of(self, node: str) -> tuple[Attack, ...]:
        """The attacks on ``node`` (blocked ones too), by attacker."""
        return tuple(self.attacks[i] for i in self.attacks_on[self.index[node]])

    def inferences_into(self, node: str) -> tuple[Inference, ...]:
        """The inferences concluding ``node`` (in reach or not), by name."""
        return tuple(self.inferences[i] for i in self.inferences_of[self.index[node]])


#: Inferences and attacks made quickly (:func:`argmap.bulk.builder`): a framework has one per support.
_new_inference = builder(Inference)
_new_attack = builder(Attack)


def _sorted(names: list[str] | None) -> tuple[str, ...]:
    return tuple(sorted(set(names))) if names else ()


def _check_nodes(index: Mapping[str, int], *nodes: str) -> None:
    for node in nodes:
        if node not in index:
            raise ValueError(f"{node!r} is not a node of the framework")
