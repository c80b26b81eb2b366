"""Abstract argumentation (Dung 1995): the core that :mod:`argmap.analysis` builds on.

:class:`Framework` holds arguments and attacks; :func:`grounded` labels every
argument **in**, **out** or **undecided** and says why; :func:`extensions`
enumerates preferred or stable extensions within explicit bounds. The argument
model's frameworks (with inferences, undercuts and preferences) are translated
into this one by :func:`argmap.analysis.translate`; what the graph's relations
mean is defined there and in docs/semantics.md.

Grounded labelling
==================
An argument is **in** when every attacker is out (so an unattacked argument is
in), **out** when some attacker is in, and **undecided** otherwise: the least
fixed point, computed in time linear in the number of arguments and attacks
(count each argument's attackers not yet out; queue the arguments whose count
is zero; label a popped argument in, its targets out, and decrement the counts
of *their* targets).

>>> af = Framework.from_pairs(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> labelling = grounded(af)
>>> [(s.argument, str(s.label), s.rank) for s in labelling.statuses().values()]
[('a', 'in', 0), ('b', 'out', 0), ('c', 'in', 1)]
>>> labelling.status("c").defenders
(('b', 'a'),)
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import product
from typing import TYPE_CHECKING

from argmap.analysis.labels import MAX_EXTENSIONS as MAX_EXTENSIONS  # (re-exported: defined apart for start-up)
from argmap.analysis.labels import Label as Label
from argmap.errors import EnumerationLimitError

if TYPE_CHECKING:
    import networkx as nx

#: Default bound of :func:`extensions`: a search over at most ``2**20`` candidate sets.
MAX_UNDECIDED = 20


class Semantics(StrEnum):
    """The acceptability semantics :func:`extensions` computes."""

    GROUNDED = "grounded"
    PREFERRED = "preferred"
    STABLE = "stable"


@dataclass(frozen=True, order=True, slots=True)
class Attack:
    """``attacker`` attacks ``target``; ``via`` is the pair itself (kept for the frameworks' shared shape)."""

    attacker: str
    target: str
    via: tuple[str, str]


@dataclass(frozen=True, slots=True)
class Framework:
    """An argumentation framework: arguments (sorted) and attacks (sorted by attacker, then target; one per pair).

    ``index``, ``targets``, ``attackers`` and ``declared`` are derived: the
    position of each argument; for each position the positions it attacks and
    that attack it (sorted); and the position pairs of the declared attacks.
    """

    arguments: tuple[str, ...]
    attacks: tuple[Attack, ...]
    index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    targets: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    attackers: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    declared: frozenset[tuple[int, int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {arg: i for i, arg in enumerate(self.arguments)}
        if len(index) != len(self.arguments) or any(
            a >= b for a, b in zip(self.arguments, self.arguments[1:], strict=False)
        ):
            raise ValueError("arguments must be sorted and unique")
        targets: list[list[int]] = [[] for _ in self.arguments]
        attackers: list[list[int]] = [[] for _ in self.arguments]
        previous = (-1, -1)
        declared = set()
        for attack in self.attacks:
            pair = (index[attack.attacker], index[attack.target])  # KeyError: an unknown argument
            if pair <= previous:
                raise ValueError("attacks must be sorted by (attacker, target) with one per pair")
            previous = pair
            targets[pair[0]].append(pair[1])
            attackers[pair[1]].append(pair[0])
            if attack.via == (attack.attacker, attack.target):
                declared.add(pair)
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "targets", tuple(map(tuple, targets)))
        object.__setattr__(self, "attackers", tuple(map(tuple, attackers)))
        object.__setattr__(self, "declared", frozenset(declared))

    @classmethod
    def from_pairs(cls, arguments: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        """A framework given directly by its attack pairs (arguments named in a pair are added)."""
        pairs = sorted(set(attacks))
        names = sorted({*arguments, *(a for a, _ in pairs), *(b for _, b in pairs)})
        return cls(tuple(names), tuple(Attack(a, b, (a, b)) for a, b in pairs))

    def attackers_of(self, argument: str) -> tuple[str, ...]:
        return tuple(self.arguments[i] for i in self.attackers[self.index[argument]])

    def targets_of(self, argument: str) -> tuple[str, ...]:
        return tuple(self.arguments[i] for i in self.targets[self.index[argument]])


@dataclass(frozen=True, slots=True)
class Status:
    """One argument's grounded label and the reason for it.

    ``rank`` is the round of the grounded construction: an unattacked argument
    is in at rank 0; an argument attacked by arguments in at rank ``k`` (and
    none lower) is out at rank ``k``; an argument whose attackers are all out,
    the last at rank ``k``, is in at rank ``k + 1``. Undecided: ``None``.

    * in: ``defenders`` pairs each attacker with the argument in that defeats
      it (that attacker's ``defeated_by``); no attackers means unattacked.
    * out: ``defeated_by`` is the attacker in of least rank; among those, one
      whose attack is declared rather than derived, then the least key.
    * undecided: ``undecided_attackers`` are the attackers left undecided
      (there is at least one, and no attacker is in); :func:`undecided_witnesses`
      finds the attack cycle behind them.
    """

    argument: str
    label: Label
    rank: int | None
    attackers: tuple[str, ...]
    defeated_by: str | None = None
    defenders: tuple[tuple[str, str], ...] = ()
    undecided_attackers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Labelling:
    """The grounded labelling of a framework.

    ``labels``, ``ranks`` and ``defeaters`` run in argument order (a defeater is
    the position of ``defeated_by``, for arguments out). A :class:`Status`, with
    its reasons, is built when asked for: :meth:`status` costs the argument's
    attackers, so a labelling of many arguments stays cheap until read.
    """

    framework: Framework
    labels: tuple[Label, ...]
    ranks: tuple[int | None, ...]
    defeaters: tuple[int | None, ...] = field(repr=False)

    def label(self, argument: str) -> Label:
        return self.labels[self.framework.index[argument]]

    def labelled(self, label: Label) -> tuple[str, ...]:
        """The arguments with ``label``, sorted."""
        return tuple(arg for arg, lab in zip(self.framework.arguments, self.labels, strict=True) if lab is label)

    def status(self, argument: str) -> Status:
        """``argument``'s label, rank and the reasons for them (see :class:`Status`)."""
        af = self.framework
        names = af.arguments
        i = af.index[argument]
        attackers = af.attackers[i]
        label = self.labels[i]
        attacker_names = tuple(names[a] for a in attackers)
        if label is Label.IN:
            defenders = tuple((names[b], names[self._defeater(b)]) for b in attackers)
            return Status(argument, label, self.ranks[i], attacker_names, defenders=defenders)
        if label is Label.OUT:
            return Status(argument, label, self.ranks[i], attacker_names, defeated_by=names[self._defeater(i)])
        undecided = tuple(names[a] for a in attackers if self.labels[a] is Label.UNDEC)
        return Status(argument, label, None, attacker_names, undecided_attackers=undecided)

    def statuses(self) -> dict[str, Status]:
        """Every argument's :class:`Status`, in argument order."""
        return {name: self.status(name) for name in self.framework.arguments}

    def _defeater(self, i: int) -> int:
        defeater = self.defeaters[i]
        assert defeater is not None, "only arguments out have a defeater"
        return defeater


_UNLABELLED, _IN, _OUT = 0, 1, 2


def _grounded_core(af: Framework) -> tuple[list[int], list[int]]:
    """Labels (``_IN``, ``_OUT`` or ``_UNLABELLED`` for undecided) and ranks, by position. Linear time."""
    targets = af.targets
    missing = [len(a) for a in af.attackers]  # attackers not yet out
    label = [_UNLABELLED] * len(missing)
    rank = [-1] * len(missing)
    queue = deque(i for i, count in enumerate(missing) if count == 0)
    for i in queue:
        label[i] = _IN
        rank[i] = 0
    while queue:
        a = queue.popleft()
        for c in targets[a]:
            if label[c] != _UNLABELLED:  # out already (an attacker of an argument in is never in)
                continue
            label[c] = _OUT
            rank[c] = rank[a]  # FIFO: arguments come in by rank, so the first to reach c has the least
            for d in targets[c]:
                if label[d] == _UNLABELLED:
                    missing[d] -= 1
                    if missing[d] == 0:
                        label[d] = _IN
                        rank[d] = rank[c] + 1  # c is the last of d's attackers to go out
                        queue.append(d)
    return label, rank


def grounded(af: Framework) -> Labelling:
    """The grounded labelling of ``af``; time linear in the framework.

    The reasons (:meth:`Labelling.status`) depend only on the labels, the ranks
    and which attacks are declared, not on the order the algorithm happened to
    visit the arguments in.
    """
    label, rank = _grounded_core(af)
    # The defeater of an argument out: its attacker in of least rank, declared attacks first, then position.
    defeaters: list[int | None] = [None] * len(label)
    declared = af.declared
    for c, attackers in enumerate(af.attackers):
        if label[c] == _OUT:
            defeaters[c] = min(
                (a for a in attackers if label[a] == _IN), key=lambda a: (rank[a], (a, c) not in declared, a)
            )
    labels = (Label.UNDEC, Label.IN, Label.OUT)
    return Labelling(
        af,
        tuple(labels[x] for x in label),
        tuple(r if r >= 0 else None for r in rank),
        tuple(defeaters),
    )


def grounded_labels(G: nx.MultiDiGraph[str]) -> dict[str, Label]:
    """Every node of ``G`` with its grounded label under the argument model (:mod:`argmap.analysis`)."""
    from argmap.analysis import Framework as ModelFramework
    from argmap.analysis import grounded as model_grounded

    return model_grounded(ModelFramework.from_graph(G)).labels()


@dataclass(frozen=True, slots=True)
class UndecidedWitness:
    """Why an argument is undecided: a cycle of undecided attacks it sits on or lies downstream of.

    ``cycle`` is a simple cycle of undecided arguments, each attacking the next
    and the last attacking the first (one argument: it attacks itself).
    ``path`` is empty when the argument is on ``cycle`` (then ``cycle[0]`` is the
    argument); otherwise it runs from ``cycle[0]`` to the argument, each
    undecided argument attacking the next, and is a shortest such path.
    """

    cycle: tuple[str, ...]
    path: tuple[str, ...] = ()
    #: How many arguments the whole cycle and the whole path have: more than ``len(cycle)`` and
    #: ``len(path)`` when they were cut (``undecided_witnesses(..., longest=N)``). A cut cycle is
    #: its first members from ``cycle[0]``; a cut path keeps ``path[0]`` (on the cycle) and its
    #: last members, ending at the argument. ``None``: not cut.
    cycle_length: int | None = None
    path_length: int | None = None


def undecided_witnesses(
    labelling: Labelling,
    arguments: Iterable[str] | None = None,
    longest: int | None = None,
    counted: Callable[[str], bool] | None = None,
) -> dict[str, UndecidedWitness]:
    """An :class:`UndecidedWitness` for each undecided argument among ``arguments`` (default: all), in order.

    Every undecided argument has an undecided attacker, so following undecided
    attackers back always reaches a cycle. The preparation is linear in the
    undecided part of the framework (strongly connected components, then breadth
    first trees); each witness then costs its own length. Asking for every
    argument of one long cycle therefore costs the cycle's length squared, unless
    ``longest`` (at least 3) is given: a witness whose cycle and path have fewer
    arguments is the whole one, as without it; a longer one is cut to that many
    arguments, with the whole lengths (:class:`UndecidedWitness`), and costs at most
    ``longest`` steps where its cycle is the one found through its strongly connected
    component's first argument (every argument of a component that is one simple
    cycle, the usual long case), and the length of its own cycle elsewhere.

    ``counted`` (with ``longest``): which arguments the lengths count (a caller that
    shows only some of them); and a cut cycle then starts at the last counted argument
    at or before where it would start, so that what it shows leads into the path (the
    path still starts where it leaves the cycle, ``cycle[0]`` or after it).
    """
    if longest is not None and longest < 3:
        raise ValueError("longest must be at least 3")
    af = labelling.framework
    names = af.arguments
    undec = [i for i, lab in enumerate(labelling.labels) if lab is Label.UNDEC]
    wanted = (
        undec if arguments is None else sorted({af.index[a] for a in arguments if labelling.label(a) is Label.UNDEC})
    )
    if not wanted:
        return {}
    finder = _CycleFinder(af, undec)
    result: dict[str, UndecidedWitness] = {}
    for v in wanted:
        if longest is None:
            path = finder.path_from_cycle(v)
            cycle = finder.cycle_through(path[0])
            result[names[v]] = UndecidedWitness(
                tuple(names[i] for i in cycle), tuple(names[i] for i in path) if len(path) > 1 else ()
            )
            continue
        elements = finder.depth[v] + 1
        path, path_length = finder.path_cut(v, longest, counted)
        cycle, cycle_length, cycle_elements = finder.cycle_cut(path[0], longest, counted)
        if elements < longest and cycle_elements < longest:
            whole = finder.cycle_through(path[0])
            if len(whole) < longest:  # short: the whole witness, as without ``longest``
                result[names[v]] = UndecidedWitness(
                    tuple(names[i] for i in whole), tuple(names[i] for i in path) if elements > 1 else ()
                )
                continue
        on_cycle = elements == 1  # (not path_length: with ``counted`` it counts only some)
        result[names[v]] = UndecidedWitness(
            tuple(names[i] for i in cycle),
            () if on_cycle else tuple(names[i] for i in path),
            cycle_length,
            0 if on_cycle else path_length,
        )
    return result


class _CycleFinder:
    """Strongly connected components of the undecided part, with breadth-first trees to find cycles fast."""

    def __init__(self, af: Framework, undec: list[int]) -> None:
        n = len(af.arguments)
        self.targets = af.targets
        is_undec = bytearray(n)
        for i in undec:
            is_undec[i] = 1
        succ = {i: [t for t in af.targets[i] if is_undec[t]] for i in undec}
        pred = {i: [a for a in af.attackers[i] if is_undec[a]] for i in undec}
        comp = _strong_components(undec, succ, pred)
        members: dict[int, list[int]] = {}
        for i in undec:
            members.setdefault(comp[i], []).append(i)
        self.self_attack = {i for i in undec if i in succ[i]}
        self.root: dict[int, int] = {}  # argument on a cycle -> root of its component
        self.forward: dict[int, int] = {}  # parent in the tree of paths root -> argument
        self.backward: dict[int, int] = {}  # next step on a path argument -> root
        for group in members.values():
            if len(group) == 1 and group[0] not in self.self_attack:
                continue
            r = group[0]  # undec is sorted, so the least position
            cid = comp[r]
            for i in group:
                self.root[i] = r
            self._tree(r, succ, cid, comp, self.forward)
            self._tree(r, pred, cid, comp, self.backward)
        # Arguments on no cycle: a shortest path from an argument on a cycle (multi-source BFS), with
        # its length and the argument on a cycle it starts from.
        self.upstream: dict[int, int] = {}
        self.depth: dict[int, int] = {}
        self.source: dict[int, int] = {}
        queue = deque(i for i in undec if i in self.root)
        seen = set(queue)
        for i in queue:
            self.depth[i], self.source[i] = 0, i
        while queue:
            v = queue.popleft()
            for w in succ[v]:
                if w not in seen:
                    seen.add(w)
                    self.upstream[w] = v
                    self.depth[w], self.source[w] = self.depth[v] + 1, self.source[v]
                    queue.append(w)
        self.succ = succ
        self.rings: dict[int, tuple[list[int], dict[int, int]]] = {}  # root -> its cycle, and each member's place
        self.ring_counts: dict[int, int] = {}  # root -> the counted arguments of its cycle
        self.counted_depth: dict[int, int] | None = None
        self.names = af.arguments

    @staticmethod
    def _tree(r: int, adjacency: dict[int, list[int]], cid: int, comp: dict[int, int], parent: dict[int, int]) -> None:
        queue = deque([r])
        seen = {r}
        while queue:
            v = queue.popleft()
            for w in adjacency[v]:
                if comp[w] == cid and w not in seen:
                    seen.add(w)
                    parent[w] = v
                    queue.append(w)

    def path_from_cycle(self, v: int) -> list[int]:
        path = [v]
        while path[-1] not in self.root:
            path.append(self.upstream[path[-1]])
        path.reverse()
        return path

    def path_cut(self, v: int, longest: int, counted: Callable[[str], bool] | None) -> tuple[list[int], int]:
        """:meth:`path_from_cycle` with at most ``longest`` arguments (its start and its last ones),
        in as many steps, and the whole path's length (its ``counted`` arguments)."""
        length = self.depth[v] + 1
        if counted is not None:
            if self.counted_depth is None:
                self.counted_depth = self._counted_depths(counted)
            whole = self.counted_depth[v]
        else:
            whole = length
        if length <= longest:
            return self.path_from_cycle(v), whole
        tail = [v]
        while len(tail) < longest - 1:
            tail.append(self.upstream[tail[-1]])
        tail.reverse()
        return [self.source[v], *tail], whole

    def _counted_depths(self, counted: Callable[[str], bool]) -> dict[int, int]:
        """Each argument's count of ``counted`` arguments on its path from a cycle (the BFS order again)."""
        names = self.names
        depths: dict[int, int] = {}
        for v in sorted(self.depth, key=self.depth.__getitem__):  # parents before children
            parent = self.upstream.get(v)
            depths[v] = (depths[parent] if parent is not None else 0) + counted(names[v])
        return depths

    def cycle_cut(self, v: int, longest: int, counted: Callable[[str], bool] | None) -> tuple[list[int], int, int]:
        """A cycle through ``v`` (on one) from ``v`` (or from the last ``counted`` argument before it), at
        most ``longest`` arguments of it, its whole length (its ``counted`` arguments) and its number of
        arguments: the cycle through its component's root, turned, when ``v`` is on it (found once per
        component); else :meth:`cycle_through`, cut."""
        if v in self.self_attack:
            return [v], 1 if counted is None else int(counted(self.names[v])), 1
        r = self.root[v]
        if r not in self.rings:
            ring = self.cycle_through(r)
            self.rings[r] = (ring, {x: k for k, x in enumerate(ring)})
        ring, place = self.rings[r]
        shared = v in place
        if not shared:
            ring, place = self.cycle_through(v), {v: 0}
        n, k = len(ring), place[v]
        whole = n
        if counted is not None:
            if not shared:
                whole = sum(1 for x in ring if counted(self.names[x]))
            else:
                if r not in self.ring_counts:
                    self.ring_counts[r] = sum(1 for x in ring if counted(self.names[x]))
                whole = self.ring_counts[r]
            back = 0
            while back < n and not counted(self.names[ring[(k - back) % n]]):
                back += 1
            if back < n:
                k -= back
        return [ring[(k + j) % n] for j in range(min(n, longest))], whole, n

    def cycle_through(self, v: int) -> list[int]:
        if v in self.self_attack:
            return [v]
        r = self.root[v]
        walk: list[int] = []
        if v == r:
            s = min(w for w in self.succ[r] if w in self.root and self.root[w] == r)
            walk = [r, *self._to_root(s)]
        else:
            walk = self._to_root(v) + self._from_root(v)[1:]
        return _erase_loops(walk[:-1])  # the walk returns to v; drop the repeat

    def _to_root(self, v: int) -> list[int]:
        path = [v]
        while path[-1] != self.root[v]:
            path.append(self.backward[path[-1]])
        return path

    def _from_root(self, v: int) -> list[int]:
        path = [v]
        while path[-1] != self.root[v]:
            path.append(self.forward[path[-1]])
        path.reverse()
        return path


def _erase_loops(walk: list[int]) -> list[int]:
    """The walk with every loop cut out: a simple path with the same ends."""
    out: list[int] = []
    where: dict[int, int] = {}
    for v in walk:
        if v in where:
            for dropped in out[where[v] + 1 :]:
                del where[dropped]
            del out[where[v] + 1 :]
        else:
            where[v] = len(out)
            out.append(v)
    return out


def _strong_components(nodes: list[int], succ: dict[int, list[int]], pred: dict[int, list[int]]) -> dict[int, int]:
    """Kosaraju's algorithm, iterative: node -> component number."""
    finished: list[int] = []
    visited: set[int] = set()
    for s in nodes:
        if s in visited:
            continue
        visited.add(s)
        stack = [(s, iter(succ[s]))]
        while stack:
            v, it = stack[-1]
            for w in it:
                if w not in visited:
                    visited.add(w)
                    stack.append((w, iter(succ[w])))
                    break
            else:
                stack.pop()
                finished.append(v)
    comp: dict[int, int] = {}
    for s in reversed(finished):
        if s in comp:
            continue
        comp[s] = s
        todo = [s]
        while todo:
            v = todo.pop()
            for w in pred[v]:
                if w not in comp:
                    comp[w] = s
                    todo.append(w)
    return comp


@dataclass(frozen=True, slots=True)
class Acceptance:
    """How one argument fares across the extensions of a semantics.

    ``label`` is in when the argument is in every extension, out when every
    extension attacks it, undecided otherwise (and when there is no extension).
    """

    argument: str
    label: Label
    in_count: int
    out_count: int
    of: int


@dataclass(frozen=True, slots=True)
class Extensions:
    """The extensions of a semantics (each a sorted tuple of arguments; sorted) and each argument's acceptance."""

    semantics: Semantics
    extensions: tuple[tuple[str, ...], ...]
    acceptance: Mapping[str, Acceptance]


def extensions(
    af: Framework,
    semantics: Semantics = Semantics.PREFERRED,
    *,
    max_undecided: int = MAX_UNDECIDED,
    max_extensions: int = MAX_EXTENSIONS,
) -> Extensions:
    """The grounded, preferred or stable extensions of ``af``, within explicit bounds.

    Every complete extension (so every preferred and stable one) contains the
    arguments grounded semantics labels in and none it labels out, and no
    attack crosses between those and the undecided ones; so only the undecided
    arguments are searched, one weakly connected part at a time (the
    extensions are the grounded ones plus one choice per part). A part of ``k``
    arguments costs up to ``2**k`` candidate sets.

    Raises :class:`EnumerationLimitError` when the search would exceed
    ``2**max_undecided`` candidate sets in all (one part of ``max_undecided``
    arguments, or many small ones), or when there are more than
    ``max_extensions`` extensions. Stable semantics can give no extension.

    >>> af = Framework.from_pairs(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")])
    >>> extensions(af, Semantics.PREFERRED).extensions
    (('a', 'c'), ('b',))
    >>> str(extensions(af, Semantics.PREFERRED).acceptance["c"].label)
    'undecided'
    """
    label, _ = _grounded_core(af)
    base = [i for i, lab in enumerate(label) if lab == _IN]
    choices: list[list[list[int]]] = []  # per part, its extensions
    parts: list[list[int]] = []
    if semantics is not Semantics.GROUNDED:
        parts = _weak_parts(af, [i for i, lab in enumerate(label) if lab == _UNLABELLED])
        work = sum(1 << len(part) for part in parts)
        if work > 1 << max_undecided:
            undecided = sum(map(len, parts))
            raise EnumerationLimitError(
                f"{semantics} semantics would search {work} candidate sets over the {undecided} arguments "
                f"that grounded semantics leaves undecided (largest connected part: {max(map(len, parts))}), "
                f"more than the limit of {1 << max_undecided} (2^{max_undecided}); use grounded semantics",
                "max_undecided",
            )
        choices = [_part_extensions(af, part, stable=semantics is Semantics.STABLE) for part in parts]
    total = math.prod(len(c) for c in choices)
    if total > max_extensions:
        raise EnumerationLimitError(
            f"there are {total} {semantics} extensions, more than the limit of {max_extensions}; "
            "use grounded semantics or raise the limit",
            "max_extensions",
        )
    names = af.arguments
    found = sorted(
        tuple(names[i] for i in sorted([*base, *(j for ext in pick for j in ext)])) for pick in product(*choices)
    )

    # Acceptance without walking every extension: parts are independent.
    in_count = [0] * len(names)
    out_count = [0] * len(names)
    if total:
        for i, lab in enumerate(label):
            if lab == _IN:
                in_count[i] = total
            elif lab == _OUT:
                out_count[i] = total
        for part_exts in choices:
            others = total // len(part_exts)
            for ext in part_exts:
                members = set(ext)
                hit = {t for i in ext for t in af.targets[i] if label[t] == _UNLABELLED}  # out by grounded: counted
                for i in members:
                    in_count[i] += others
                for i in hit:
                    out_count[i] += others
    acceptance: dict[str, Acceptance] = {}
    for i, name in enumerate(names):
        verdict = Label.UNDEC
        if total and in_count[i] == total:
            verdict = Label.IN
        elif total and out_count[i] == total:
            verdict = Label.OUT
        acceptance[name] = Acceptance(name, verdict, in_count[i], out_count[i], total)
    return Extensions(semantics, tuple(found), acceptance)


def _weak_parts(af: Framework, nodes: list[int]) -> list[list[int]]:
    """``nodes`` split into the weakly connected parts of the attacks among them, each sorted, by first member."""
    inside = set(nodes)
    part_of: dict[int, int] = {}
    parts: list[list[int]] = []
    for s in nodes:
        if s in part_of:
            continue
        part_of[s] = len(parts)
        members = [s]
        todo = [s]
        while todo:
            v = todo.pop()
            for w in (*af.targets[v], *af.attackers[v]):
                if w in inside and w not in part_of:
                    part_of[w] = len(parts)
                    members.append(w)
                    todo.append(w)
        parts.append(sorted(members))
    return parts


def _part_extensions(af: Framework, part: list[int], *, stable: bool) -> list[list[int]]:
    """The preferred (or stable) extensions of the framework restricted to ``part``, as position lists.

    A depth-first search over the members in order, each in or not, with
    bitmasks: a member joins only if it is conflict-free with those chosen;
    a branch is cut when an attacker of the chosen set (or, for stable, an
    argument left out) is not yet attacked and nothing that may still join
    attacks it. Every admissible set is reached; preferred keeps the maximal.
    """
    k = len(part)
    pos = {g: i for i, g in enumerate(part)}
    into = [0] * k  # attackers of each member, as a mask
    onto = [0] * k  # targets of each member
    for i, g in enumerate(part):
        for t in af.targets[g]:
            j = pos.get(t)
            if j is not None:
                onto[i] |= 1 << j
                into[j] |= 1 << i
    may_join = [0] * (k + 1)  # members from i on that are not self-attacking
    for i in reversed(range(k)):
        may_join[i] = may_join[i + 1] | (0 if onto[i] >> i & 1 else 1 << i)
    found: list[int] = []

    def unanswerable(mask: int, rest: int) -> bool:
        while mask:
            low = mask & -mask
            if not into[low.bit_length() - 1] & rest:
                return True
            mask ^= low
        return False

    def search(i: int, chosen: int, attacked: int, attackers: int) -> None:
        rest = may_join[i]
        if unanswerable(attackers & ~attacked, rest):
            return
        if stable and unanswerable(((1 << i) - 1) & ~chosen & ~attacked, rest):
            return
        if i == k:
            found.append(chosen)
            return
        bit = 1 << i
        if rest & bit and not (into[i] | onto[i]) & chosen:
            search(i + 1, chosen | bit, attacked | onto[i], attackers | into[i])
        search(i + 1, chosen, attacked, attackers)

    search(0, 0, 0, 0)
    if not stable:
        found.sort(key=lambda m: (-m.bit_count(), m))
        maximal: list[int] = []
        for m in found:
            if not any(m & p == m for p in maximal):
                maximal.append(m)
        found = maximal
    return [[part[i] for i in range(k) if m >> i & 1] for m in found]
