"""Which claims stand: the grounded labelling of a :class:`~argmap.analysis.framework.Framework`, with reasons.

The rules
=========
Every element gets a label, IN, OUT or UNDEC (:class:`~argmap.analysis.abstract.Label`),
and every element's condition is a conjunction of literals, each saying that
another element is IN or is OUT. An element is IN when all its literals hold,
OUT when one of them fails, UNDEC otherwise (Kleene's strong three-valued
conjunction):

* attack ``a -> b``, not blocked: ``a`` is IN, and every undercutter of the
  attack is OUT;
* inference ``P -> c``: every premise in ``P`` is IN, and every undercutter of
  the inference is OUT (linked premises: one defeated premise defeats the inference;
  Nouioua 2013; Freeman 1991);
* necessity N_c, for a node c with at least one inference *in reach*
  ("c is unsupported"): every in-reach inference of c is OUT (convergent
  reasons: c needs one of them; one defeated reason among several does not
  defeat it);
* node n: every attack on n that is not blocked is OUT, and N_n (if n has one)
  is OUT. A node with no in-reach inference has no N_n: it stands unless
  attacked.

A blocked attack is no defeat: it is in no condition, and it is labelled OUT
with the failure :attr:`Failure.BLOCKED`. Undercuts are never blocked.

The labelling is the least fixed point of these rules (grounded), computed by
counter propagation in time linear in the elements and literals: each element
counts its literals not yet true; the elements with none are IN; when an
element is decided, each literal on it becomes true (decrement; at zero the
element is IN) or false (the element is OUT). What is never decided is UNDEC.
docs/semantics.md proves that this is the grounded labelling of the framework's
Dung translation (:mod:`argmap.analysis.dung`).

**Rank**: the round of the Kleene iteration of the rules at which an element
was decided. Round 0 holds the elements with no literal (unattacked nodes that
need no reason); an element is decided one round after the literal that
decided it (for IN the last literal to hold, for OUT the first to fail).

>>> import networkx as nx
>>> from argmap.analysis.framework import Framework
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from(["p", "c", "r", "d"], doc="d")
>>> _ = G.add_edge("p", "c", key="supports", type="supports", inference="p>c")
>>> _ = G.add_edge("r", "p", key="attacks", type="attacks")
>>> _ = G.add_edge("d", "r", key="attacks", type="attacks")
>>> labelling = grounded(Framework.from_graph(G))
>>> [(node, str(label)) for node, label in labelling.labels().items()]
[('c', 'in'), ('d', 'in'), ('p', 'in'), ('r', 'out')]
>>> labelling.reason("p").answers
(Fall(relation='r>p', failure=<Failure.DEFEATED: 'defeated'>, node='r', by='d'),)
>>> str(labelling.reason("c").kind), labelling.reason("c").inference
('supported', 'p>c')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from argmap.analysis.abstract import Framework as DungFramework
from argmap.analysis.abstract import Label, undecided_witnesses
from argmap.analysis.abstract import Labelling as DungLabelling
from argmap.analysis.framework import Framework
from argmap.bulk import gc_paused

_UNDEC, _IN, _OUT = 0, 1, 2
_LABELS = (Label.UNDEC, Label.IN, Label.OUT)


class Failure(StrEnum):
    """Why a relation (an attack or an inference) does not hold."""

    BLOCKED = "blocked"  #: an attack on a node that outweighs its attacker (a preference)
    UNDERCUT = "undercut"  #: an undercutter of the relation is IN
    DEFEATED = "defeated"  #: a premise, or the attacker, is OUT: an attack on it holds
    UNSUPPORTED = "unsupported"  #: a premise, or the attacker, is OUT: every reason it needs fell


@dataclass(frozen=True, order=True, slots=True)
class Fall:
    """Why the relation named ``relation`` (an attack ``a>b`` or an inference) does not hold.

    ``node`` is the undercutter that is IN (:attr:`Failure.UNDERCUT`), or the
    premise or attacker that is OUT (:attr:`Failure.DEFEATED`,
    :attr:`Failure.UNSUPPORTED`); ``None`` for :attr:`Failure.BLOCKED`. ``by``
    is, for :attr:`Failure.DEFEATED`, the attacker that defeats ``node``.
    """

    relation: str
    failure: Failure
    node: str | None = None
    by: str | None = None


class ReasonKind(StrEnum):
    """What decides a node's label: the first word of its explanation."""

    UNATTACKED = "unattacked"  #: IN: nothing attacks it and it needs no reason
    SUPPORTED = "supported"  #: IN: nothing attacks it, and a reason it needs stands
    ATTACKS_BLOCKED = "attacks-blocked"  #: IN: every attack on it is blocked by a preference
    DEFENDED = "defended"  #: IN: every attack on it fails (blocked, undercut, or its attacker OUT)
    DEFEATED = "defeated"  #: OUT: an attack on it holds
    UNSUPPORTED = "unsupported"  #: OUT: every reason it needs (in reach) fell
    UNDECIDED = "undecided-cycle"  #: UNDEC: it sits on, or downstream of, a cycle left undecided


@dataclass(frozen=True, slots=True)
class Reason:
    """A node's label and the one fact that decides it, as data (the wording is the caller's).

    Fields by kind:

    * ``unattacked``: nothing else.
    * ``supported``: ``inference``, the reason that stands (of least rank, then name).
    * ``attacks-blocked``, ``defended``: ``answers``, one :class:`Fall` per attack
      on the node, by attacker: blocked, undercut (by whom), or its attacker
      OUT (defeated by whom: the defender that reinstates the node, or
      unsupported); ``inference`` as for ``supported`` if the node needs a reason.
    * ``defeated``: ``attacker``, whose attack holds (decided first, then by id).
    * ``unsupported``: ``falls``, one :class:`Fall` per in-reach inference of the
      node, by name: the premise defeated (by whom) or the undercutter.
    * ``undecided-cycle``: ``undecided``, the relations bearing on the node that
      are UNDEC (attacks on it, and its in-reach inferences when its necessity
      is UNDEC), sorted; ``cycle``, nodes each bearing on the next and the last
      on the first (through an attack, an undercut or a support), all UNDEC;
      ``path``, empty when the node is on ``cycle`` (then ``cycle[0]`` is the
      node), else a shortest chain from ``cycle[0]`` to the node.
    """

    node: str
    label: Label
    kind: ReasonKind
    rank: int | None
    attacker: str | None = None
    inference: str | None = None
    answers: tuple[Fall, ...] = ()
    falls: tuple[Fall, ...] = ()
    undecided: tuple[str, ...] = ()
    cycle: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    #: When ``cycle`` or ``path`` is long (:data:`WITNESS_ELEMENTS`), they are cut: ``cycle`` is its first
    #: nodes, ``path`` its first node and its last ones, and these give the whole numbers of nodes. None: whole.
    cycle_length: int | None = None
    path_length: int | None = None


#: Cycles and paths of more elements than this (nodes, attacks and inferences) are cut in a
#: :class:`Reason`: naming a circle of thousands of claims in full for each of them is quadratic.
WITNESS_ELEMENTS = 24


@dataclass(frozen=True, slots=True)
class RelationStatus:
    """The label of an attack or an inference, its rank, and why.

    IN: its premises (or attacker) are IN and no undercutter is. OUT: ``fall``.
    UNDEC: ``undecided``, its premises, attacker or undercutters left UNDEC
    (sorted). A blocked attack is OUT with ``rank`` ``None``.
    """

    relation: str
    label: Label
    rank: int | None
    fall: Fall | None = None
    undecided: tuple[str, ...] = ()


class Labelling:
    """The grounded labelling of a framework (see :func:`grounded`).

    Labels and ranks are computed at once; reasons are built when asked for,
    each at the cost of the literals it reads.
    """

    __slots__ = ("_a0", "_i0", "_label", "_literals", "_necessity", "_rank", "framework")

    def __init__(self, framework: Framework) -> None:
        with gc_paused():
            self._build(framework)

    def _build(self, framework: Framework) -> None:
        self.framework = framework
        af = framework
        n, a0 = len(af.nodes), len(af.nodes)
        i0 = a0 + len(af.attacks)
        n0 = i0 + len(af.inferences)
        index = af.index
        necessity = [-1] * n
        size = n0
        for c, of in enumerate(af.inferences_of):
            for j in of:
                if af.inferences[j].in_reach:
                    necessity[c] = size
                    size += 1
                    break
        # Literals: v for "element v is IN", ~v for "element v is OUT".
        literals: list[list[int]] = [[] for _ in range(size)]
        blocked = []
        for k, attack in enumerate(af.attacks):
            e = a0 + k
            if attack.blocked:
                blocked.append(e)
                continue
            lits = literals[e]
            lits.append(index[attack.attacker])
            for u in attack.undercutters:
                lits.append(~index[u])
            literals[index[attack.target]].append(~e)
        for j, inference in enumerate(af.inferences):
            e = i0 + j
            lits = literals[e]
            for p in inference.premises:
                lits.append(index[p])
            for u in inference.undercutters:
                lits.append(~index[u])
            if inference.in_reach:
                literals[necessity[index[inference.conclusion]]].append(~e)
        for c, nc in enumerate(necessity):
            if nc >= 0:
                literals[c].append(~nc)
        self._a0, self._i0 = a0, i0
        self._necessity = necessity
        self._literals = literals
        self._label, self._rank = _fixpoint(literals, blocked)

    # --- labels ---------------------------------------------------------------------------------

    def label(self, node: str) -> Label:
        """The label of ``node``."""
        return _LABELS[self._label[self.framework.index[node]]]

    def rank(self, node: str) -> int | None:
        """The round at which ``node`` was decided; ``None`` if UNDEC."""
        return _rank(self._rank[self.framework.index[node]])

    def labels(self) -> dict[str, Label]:
        """Every node with its label, in node order."""
        label = self._label
        return {node: _LABELS[label[i]] for i, node in enumerate(self.framework.nodes)}

    def labelled(self, label: Label) -> tuple[str, ...]:
        """The nodes labelled ``label``, sorted."""
        code = _LABELS.index(label)
        lab = self._label
        return tuple(node for i, node in enumerate(self.framework.nodes) if lab[i] == code)

    def inference_label(self, name: str) -> Label:
        """The label of the inference called ``name``."""
        return _LABELS[self._label[self._i0 + self.framework.inference_index[name]]]

    def attack_label(self, attacker: str, target: str) -> Label:
        """The label of the attack of ``attacker`` on ``target`` (OUT if blocked)."""
        return _LABELS[self._label[self._a0 + self.framework.attack_index[(attacker, target)]]]

    def necessity_label(self, node: str) -> Label | None:
        """The label of N_node, "``node`` is unsupported"; ``None`` if ``node`` needs no reason."""
        nc = self._necessity[self.framework.index[node]]
        return None if nc < 0 else _LABELS[self._label[nc]]

    # --- reasons --------------------------------------------------------------------------------

    def inference_status(self, name: str) -> RelationStatus:
        """The label, rank and reason of the inference called ``name``."""
        return self._relation_status(self._i0 + self.framework.inference_index[name], name)

    def attack_status(self, attacker: str, target: str) -> RelationStatus:
        """The label, rank and reason of the attack of ``attacker`` on ``target``."""
        k = self.framework.attack_index[(attacker, target)]
        return self._relation_status(self._a0 + k, self.framework.attacks[k].name)

    def reason(self, node: str) -> Reason:
        """Why ``node`` has its label (see :class:`Reason`)."""
        return self.reasons([node])[node]

    def reasons(self, nodes: Iterable[str] | None = None) -> dict[str, Reason]:
        """The :class:`Reason` of each of ``nodes`` (default: every node), in node order.

        Linear in the literals read; for UNDEC nodes, plus the undecided part
        of the framework once (strongly connected components), then each
        witness's length.
        """
        with gc_paused():
            return self._reasons(nodes)

    def _reasons(self, nodes: Iterable[str] | None) -> dict[str, Reason]:
        af = self.framework
        wanted = range(len(af.nodes)) if nodes is None else sorted({af.index[node] for node in nodes})
        label = self._label
        names = af.nodes
        result: dict[str, Reason] = {}
        undecided: list[int] = []
        for v in wanted:
            lab = label[v]
            if lab == _IN:
                result[names[v]] = self._reason_in(v)
            elif lab == _OUT:
                result[names[v]] = self._reason_out(v)
            else:
                undecided.append(v)
        if undecided:
            witnesses = self._witnesses(undecided)
            for v in undecided:
                cycle, path, cycle_length, path_length = witnesses[v]
                open_ = sorted(self._name(x) for x in self._open(v))
                result[names[v]] = Reason(
                    names[v],
                    Label.UNDEC,
                    ReasonKind.UNDECIDED,
                    None,
                    undecided=tuple(open_),
                    cycle=cycle,
                    path=path,
                    cycle_length=cycle_length,
                    path_length=path_length,
                )
        return {names[v]: result[names[v]] for v in wanted}

    def _reason_in(self, v: int) -> Reason:
        af = self.framework
        node = af.nodes[v]
        on = af.attacks_on[v]
        nc = self._necessity[v]
        inference = None if nc < 0 else self._name(self._decider(nc))
        rank = _rank(self._rank[v])
        if not on:
            kind = ReasonKind.UNATTACKED if nc < 0 else ReasonKind.SUPPORTED
            return Reason(node, Label.IN, kind, rank, inference=inference)
        answers = tuple(
            Fall(af.attacks[k].name, Failure.BLOCKED) if af.attacks[k].blocked else self._fall(self._a0 + k) for k in on
        )
        kind = ReasonKind.ATTACKS_BLOCKED if all(f.failure is Failure.BLOCKED for f in answers) else ReasonKind.DEFENDED
        return Reason(node, Label.IN, kind, rank, inference=inference, answers=answers)

    def _reason_out(self, v: int) -> Reason:
        af = self.framework
        x = self._decider(v)
        rank = _rank(self._rank[v])
        if x < self._i0:  # an attack
            return Reason(af.nodes[v], Label.OUT, ReasonKind.DEFEATED, rank, attacker=af.attacks[x - self._a0].attacker)
        i0 = self._i0
        falls = tuple(self._fall(i0 + j) for j in af.inferences_of[v] if af.inferences[j].in_reach)
        return Reason(af.nodes[v], Label.OUT, ReasonKind.UNSUPPORTED, rank, falls=falls)

    def _relation_status(self, e: int, name: str) -> RelationStatus:
        lab = self._label[e]
        rank = _rank(self._rank[e])
        if lab == _IN:
            return RelationStatus(name, Label.IN, rank)
        if lab == _OUT:
            return RelationStatus(name, Label.OUT, rank, self._fall(e))
        open_ = tuple(sorted(self._name(x) for x in self._open(e)))
        return RelationStatus(name, Label.UNDEC, None, undecided=open_)

    def _fall(self, e: int) -> Fall:
        """Why the relation element ``e`` (OUT) does not hold."""
        af = self.framework
        if e < self._i0:
            attack = af.attacks[e - self._a0]
            name = attack.name
            if attack.blocked:
                return Fall(name, Failure.BLOCKED)
        else:
            name = af.inferences[e - self._i0].name
        x = self._decider(e)
        node = af.nodes[x]
        if self._label[x] == _IN:  # an undercutter
            return Fall(name, Failure.UNDERCUT, node)
        y = self._decider(x)  # what defeats the premise or attacker
        if y < self._i0:
            return Fall(name, Failure.DEFEATED, node, af.attacks[y - self._a0].attacker)
        return Fall(name, Failure.UNSUPPORTED, node)

    def _decider(self, e: int) -> int:
        """The literal that decided ``e``, which is OUT: the failed literal of least rank, then position."""
        label, rank = self._label, self._rank
        best = -1
        for lit in self._literals[e]:
            if lit >= 0:
                x, failed = lit, label[lit] == _OUT
            else:
                x, failed = ~lit, label[~lit] == _IN
            if failed and (best < 0 or (rank[x], x) < (rank[best], best)):
                best = x
        assert best >= 0, "an element OUT has a failed literal"
        return best

    def _open(self, e: int) -> list[int]:
        """The elements whose literals in ``e`` are UNDEC, as relation elements (attacks, inferences)
        or nodes; for a node, its necessity is replaced by its undecided inferences."""
        label = self._label
        out: list[int] = []
        for lit in self._literals[e]:
            x = lit if lit >= 0 else ~lit
            if label[x] == _UNDEC:
                if x >= len(self.framework.nodes) + len(self.framework.attacks) + len(self.framework.inferences):
                    out.extend(~y for y in self._literals[x] if label[~y] == _UNDEC)
                else:
                    out.append(x)
        return out

    def _name(self, e: int) -> str:
        af = self.framework
        if e < self._a0:
            return af.nodes[e]
        if e < self._i0:
            return af.attacks[e - self._a0].name
        return af.inferences[e - self._i0].name

    def _witnesses(
        self, wanted: list[int]
    ) -> dict[int, tuple[tuple[str, ...], tuple[str, ...], int | None, int | None]]:
        """For each UNDEC node of ``wanted``: a cycle of UNDEC nodes and a path from it, projected
        from the dependency graph of the UNDEC elements (every cycle there passes through a node);
        cut when long (:attr:`Reason.cycle_length`), with the whole numbers of nodes."""
        label, literals = self._label, self._literals
        undec = [e for e in range(len(label)) if label[e] == _UNDEC]
        width = len(str(len(label)))
        names = [f"{e:0{width}d}" for e in undec]
        pairs = [
            (f"{x:0{width}d}", name)
            for e, name in zip(undec, names, strict=True)
            for x in (lit if lit >= 0 else ~lit for lit in literals[e])
            if label[x] == _UNDEC
        ]
        dung = DungFramework.from_pairs(names, pairs)
        k = len(dung.arguments)
        dung_labelling = DungLabelling(dung, (Label.UNDEC,) * k, (None,) * k, (None,) * k)
        n = len(self.framework.nodes)
        nodes = self.framework.nodes
        keys = {v: f"{v:0{width}d}" for v in wanted}
        # short witnesses whole, as they always were; long ones cut, their lengths counting nodes only
        found = undecided_witnesses(
            dung_labelling, keys.values(), longest=WITNESS_ELEMENTS, counted=lambda name: int(name) < n
        )
        result: dict[int, tuple[tuple[str, ...], tuple[str, ...], int | None, int | None]] = {}
        for v in wanted:
            witness = found[keys[v]]
            cycle = [int(x) for x in witness.cycle]
            path = [int(x) for x in witness.path]
            if witness.cycle_length is None:
                j = 0 if cycle[0] < n else max(i for i, x in enumerate(cycle) if x < n)
                node_cycle = tuple(nodes[x] for x in cycle[j:] + cycle[:j] if x < n)
                node_path = (nodes[cycle[j]], *(nodes[x] for x in path[1:] if x < n)) if path else ()
                result[v] = (node_cycle, node_path, None, None)
                continue
            # cut: its cycle starts at a node, the last one before the path leaves it
            node_cycle = tuple(nodes[x] for x in cycle if x < n)
            node_path = (nodes[cycle[0]], *(nodes[x] for x in path[1:] if x < n)) if path else ()
            # the path shown starts at the cycle's node, then its nodes after where it leaves the cycle
            path_length = 1 + (witness.path_length or 0) - (path[0] < n) if path else 0
            result[v] = (node_cycle, node_path, witness.cycle_length, path_length)
        return result


def grounded(af: Framework) -> Labelling:
    """The grounded labelling of ``af``, in time linear in its elements and literals.

    Parameters
    ----------
    af : Framework
        Built with :meth:`Framework.from_graph <argmap.analysis.framework.Framework.from_graph>`.

    Returns
    -------
    Labelling
        Labels and ranks of every node, inference and attack; reasons on demand.

    Examples
    --------
    A mutual attack is undecided, and so is what only it decides:

    >>> import networkx as nx
    >>> from argmap.analysis.framework import Framework
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from("abc", doc="d")
    >>> G.add_edges_from([("a", "b", "attacks"), ("b", "a", "attacks"), ("b", "c", "attacks")], type="attacks")
    ['attacks', 'attacks', 'attacks']
    >>> labelling = grounded(Framework.from_graph(G))
    >>> reason = labelling.reason("c")
    >>> str(reason.label), reason.undecided, reason.cycle, reason.path
    ('undecided', ('b>c',), ('b', 'a'), ('b', 'c'))
    """
    return Labelling(af)


def _fixpoint(literals: list[list[int]], blocked: list[int]) -> tuple[bytearray, list[int]]:
    """Labels and Kleene rounds (-1: none) of the least fixed point; blocked elements are OUT."""
    size = len(literals)
    dependents: list[list[int]] = [[] for _ in range(size)]
    missing = [0] * size
    for e, lits in enumerate(literals):
        missing[e] = len(lits)
        for lit in lits:
            if lit >= 0:
                dependents[lit].append(e)
            else:
                dependents[~lit].append(~e)
    label = bytearray(size)
    rank = [-1] * size
    for e in blocked:
        label[e] = _OUT
        missing[e] = -1
    queue = [e for e in range(size) if missing[e] == 0]
    for e in queue:
        label[e] = _IN
        rank[e] = 0
    i = 0
    while i < len(queue):
        x = queue[i]
        i += 1
        is_in = label[x] == _IN
        r = rank[x] + 1
        for d in dependents[x]:
            if d < 0:  # literal "x OUT" in element ~d
                d = ~d
                holds = not is_in
            else:
                holds = is_in
            if label[d]:
                continue
            if holds:
                missing[d] -= 1
                if missing[d]:
                    continue
                label[d] = _IN
            else:
                label[d] = _OUT
            rank[d] = r
            queue.append(d)
    return label, rank


def _rank(r: int) -> int | None:
    return r if r >= 0 else None
