"""Property tests of argmap.analysis against brute force on random small argument graphs.

The oracle is written from docs/semantics.md, reading the graph's edges
directly and using none of argmap.analysis: it builds the Dung translation
itself, enumerates every complete labelling of it by exhaustive search over
the three labels (pruned only by checking each argument's condition once it
and its attackers are labelled), and takes the grounded (least), preferred
(IN-maximal) and stable (no UNDEC) ones. The rounds of the fast labelling are
checked against a plain round-by-round (Kleene) iteration of the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise
from typing import Any

import networkx as nx
from analysis_support import GraphBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis import Failure, Framework, Label, Reach, ReasonKind, Semantics, extensions, grounded, translate
from argmap.analysis.abstract import grounded as dung_grounded

PROPERTY = settings(max_examples=200, deadline=timedelta(seconds=5))
NAMES = ["a", "b", "c", "d", "e", "f"]
IN, OUT, UNDEC = "in", "out", "undecided"


# --- random graphs in the schema -----------------------------------------------------------------


@st.composite
def argument_graphs(draw: st.DrawFn, max_nodes: int = 6) -> nx.MultiDiGraph[str]:
    names = NAMES[: draw(st.integers(1, max_nodes))]
    b = GraphBuilder()
    for x in names:
        b.node(x, draw(st.sampled_from(["d1", "d2"])))
    node = st.sampled_from(names)
    groups: dict[tuple[str, int], list[str]] = {}
    seen = set()
    for p, c, g in draw(st.lists(st.tuples(node, node, st.integers(0, 1)), max_size=5)):
        if (p, c) not in seen:
            seen.add((p, c))
            groups.setdefault((c, g), []).append(p)
    relations = []
    for (c, _), premises in sorted(groups.items()):
        b.supports(premises, c)
        relations += [("supports", p, c) for p in premises]
    attacks = sorted(draw(st.sets(st.tuples(node, node), max_size=5)))
    for a, c in attacks:
        b.edge(a, c, "attacks")
        relations.append(("attacks", a, c))
    if attacks:
        for a, c in draw(st.lists(st.sampled_from(attacks), max_size=2)):
            b.edge(c, a, "outweighs")
    if relations:
        for u, (kind, s, c) in draw(st.lists(st.tuples(node, st.sampled_from(relations)), max_size=3)):
            b.undercuts(u, s, c, kind)
    for kind in ("qualifies", "explains"):
        for x, y in draw(st.lists(st.tuples(node, node), max_size=1)):
            b.edge(x, y, kind)
    return b.G


# --- the oracle: the Dung translation, from the edges --------------------------------------------


@dataclass
class Oracle:
    """The elements of a graph read straight from its edges, and its Dung translation."""

    G: nx.MultiDiGraph[str]
    corpus: bool
    premises: dict[str, list[str]] = field(default_factory=dict)  # inference -> premises
    conclusion: dict[str, str] = field(default_factory=dict)
    attacks: list[tuple[str, str]] = field(default_factory=list)  # not blocked
    blocked: list[tuple[str, str]] = field(default_factory=list)
    undercuts: list[tuple[str, tuple[str, Any]]] = field(
        default_factory=list
    )  # (u, ("inference", name) | ("attack", pair))

    def __post_init__(self) -> None:
        G = self.G
        for u, v, data in G.edges(data=True):
            if data["type"] == "supports":
                self.premises.setdefault(data["inference"], []).append(u)
                self.conclusion[data["inference"]] = v
            elif data["type"] == "attacks":
                (self.blocked if G.has_edge(v, u, "outweighs") else self.attacks).append((u, v))
        for u, v, data in G.edges(data=True):
            if data["type"] == "undercuts":
                if data["relation_type"] == "supports":
                    self.undercuts.append((u, ("inference", data["inference"])))
                else:
                    self.undercuts.append((u, ("attack", (data["relation"].split(">")[0], v))))

    def needed(self, name: str) -> bool:
        doc = self.G.nodes[self.conclusion[name]]["doc"]
        return self.corpus or all(self.G.nodes[p]["doc"] == doc for p in self.premises[name])

    def dung(self) -> tuple[list[Any], dict[Any, set[Any]]]:
        """Arguments and, for each, its defeaters (docs/semantics.md, "The Dung translation")."""
        nodes = list(self.G)
        needs = {self.conclusion[i] for i in self.premises if self.needed(i)}
        args: list[Any] = [("node", x) for x in nodes]
        args += [("attack", p) for p in self.attacks]
        args += [("inference", i) for i in self.premises]
        args += [("N", c) for c in needs]
        args += [("undercut", u, t) for u, t in self.undercuts]
        defeaters: dict[Any, set[Any]] = {a: set() for a in args}
        of_node = {x: {("attack", (a, b)) for a, b in self.attacks if b == x} for x in nodes}
        for c in needs:
            of_node[c].add(("N", c))
        for x in nodes:
            defeaters[("node", x)] |= of_node[x]
        for a, b in self.attacks:
            defeaters[("attack", (a, b))] |= of_node[a]
        for i, ps in self.premises.items():
            for p in ps:
                defeaters[("inference", i)] |= of_node[p]
            if self.needed(i):
                defeaters[("N", self.conclusion[i])].add(("inference", i))
        for u, t in self.undercuts:
            defeaters[("undercut", u, t)] |= of_node[u]
            if t in defeaters:  # an undercut of a blocked attack defeats nothing
                defeaters[t].add(("undercut", u, t))
        return args, defeaters


def complete_labellings(args: list[Any], defeaters: dict[Any, set[Any]]) -> list[dict[Any, str]]:
    """Every complete labelling, by exhaustive search (attackers first where the graph allows)."""
    D = nx.DiGraph()
    D.add_nodes_from(range(len(args)))
    position = {a: i for i, a in enumerate(args)}
    D.add_edges_from((position[d], position[a]) for a in args for d in defeaters[a])
    C = nx.condensation(D)
    order = [args[i] for comp in nx.topological_sort(C) for i in sorted(C.nodes[comp]["members"])]
    at = {a: i for i, a in enumerate(order)}
    checks: list[list[Any]] = [[] for _ in order]
    for a in order:
        checks[max([at[a], *(at[d] for d in defeaters[a])])].append(a)
    lab: dict[Any, str] = {}

    def ok(a: Any) -> bool:
        got = [lab[d] for d in defeaters[a]]
        if lab[a] == IN:
            return all(x == OUT for x in got)
        if lab[a] == OUT:
            return IN in got
        return IN not in got and not all(x == OUT for x in got)

    def search(i: int) -> Iterator[dict[Any, str]]:
        if i == len(order):
            yield dict(lab)
            return
        for value in (IN, OUT, UNDEC):
            lab[order[i]] = value
            if all(ok(a) for a in checks[i]):
                yield from search(i + 1)
        del lab[order[i]]

    return list(search(0))


def ins(labelling: dict[Any, str]) -> frozenset[Any]:
    return frozenset(a for a, x in labelling.items() if x == IN)


def node_extension(labelling: dict[Any, str]) -> tuple[str, ...]:
    return tuple(sorted(a[1] for a, x in labelling.items() if x == IN and a[0] == "node"))


# --- grounded ------------------------------------------------------------------------------------


@PROPERTY
@given(argument_graphs(), st.booleans())
def test_grounded_equals_the_least_complete_labelling_of_the_translation(G: nx.MultiDiGraph[str], corpus: bool) -> None:
    oracle = Oracle(G, corpus)
    args, defeaters = oracle.dung()
    complete = complete_labellings(args, defeaters)
    least = [L for L in complete if all(ins(L) <= ins(M) for M in complete)]
    assert len(least) == 1
    expected = least[0]
    labelling = grounded(Framework.from_graph(G, Reach.CORPUS if corpus else Reach.DOCUMENT))
    for x in G:
        assert str(labelling.label(x)) == expected[("node", x)], x
        need = labelling.necessity_label(x)
        assert (None if need is None else str(need)) == expected.get(("N", x)), x
    for name in oracle.premises:
        assert str(labelling.inference_label(name)) == expected[("inference", name)], name
    for a, b in oracle.attacks:
        assert str(labelling.attack_label(a, b)) == expected[("attack", (a, b))]
    for a, b in oracle.blocked:
        assert labelling.attack_label(a, b) is Label.OUT
    for u, t in oracle.undercuts:  # an undercut object has its undercutter's label
        assert expected[("undercut", u, t)] == expected[("node", u)]


@PROPERTY
@given(argument_graphs(), st.booleans())
def test_grounded_equals_grounded_of_the_engines_own_translation(G: nx.MultiDiGraph[str], corpus: bool) -> None:
    af = Framework.from_graph(G, Reach.CORPUS if corpus else Reach.DOCUMENT)
    dung = dung_grounded(translate(af))
    assert {x: dung.label("node:" + x) for x in af.nodes} == grounded(af).labels()


def kleene_rounds(oracle: Oracle) -> dict[Any, tuple[str, int]]:
    """The rules of docs/semantics.md iterated simultaneously from all-UNDEC: (label, first round decided)."""
    G = oracle.G
    under: dict[Any, list[str]] = {}
    for u, t in oracle.undercuts:
        under.setdefault(t, []).append(u)
    rules: dict[Any, list[tuple[Any, str]]] = {}  # element -> literals (element, label it must have)
    for a, b in oracle.attacks:
        rules[("attack", (a, b))] = [(("node", a), IN)] + [
            (("node", u), OUT) for u in under.get(("attack", (a, b)), [])
        ]
    for i, ps in oracle.premises.items():
        rules[("inference", i)] = [(("node", p), IN) for p in ps]
        rules[("inference", i)] += [(("node", u), OUT) for u in under.get(("inference", i), [])]
        if oracle.needed(i):
            rules.setdefault(("N", oracle.conclusion[i]), []).append((("inference", i), OUT))
    for x in G:
        rules[("node", x)] = [(("attack", (a, b)), OUT) for a, b in oracle.attacks if b == x]
        if ("N", x) in rules:
            rules[("node", x)].append((("N", x), OUT))
    label = dict.fromkeys(rules, UNDEC)
    decided: dict[Any, tuple[str, int]] = {}
    for r in range(len(rules) + 1):
        new = {}
        for e, lits in rules.items():
            values = [label[y] == want for y, want in lits]
            failed = [label[y] not in (want, UNDEC) for y, want in lits]
            new[e] = IN if all(values) else OUT if any(failed) else UNDEC
        for e, x in new.items():
            if x != UNDEC and e not in decided:
                decided[e] = (x, r)
        label = new
    return decided


@PROPERTY
@given(argument_graphs(), st.booleans())
def test_ranks_are_the_rounds_of_the_kleene_iteration(G: nx.MultiDiGraph[str], corpus: bool) -> None:
    oracle = Oracle(G, corpus)
    rounds = kleene_rounds(oracle)
    labelling = grounded(Framework.from_graph(G, Reach.CORPUS if corpus else Reach.DOCUMENT))
    for x in G:
        assert labelling.rank(x) == (rounds[("node", x)][1] if ("node", x) in rounds else None)
    for name in oracle.premises:
        assert labelling.inference_status(name).rank == rounds.get(("inference", name), (None, None))[1]


# --- preferred and stable ------------------------------------------------------------------------


@PROPERTY
@given(argument_graphs(max_nodes=5), st.booleans(), st.sampled_from([Semantics.PREFERRED, Semantics.STABLE]))
def test_preferred_and_stable_equal_brute_force(G: nx.MultiDiGraph[str], corpus: bool, semantics: Semantics) -> None:
    oracle = Oracle(G, corpus)
    args, defeaters = oracle.dung()
    complete = complete_labellings(args, defeaters)
    if semantics is Semantics.PREFERRED:
        chosen = [L for L in complete if not any(ins(L) < ins(M) for M in complete)]
    else:
        chosen = [L for L in complete if UNDEC not in L.values()]
    af = Framework.from_graph(G, Reach.CORPUS if corpus else Reach.DOCUMENT)
    found = extensions(af, semantics, max_undecided=26)
    assert found.extensions == tuple(sorted({node_extension(L) for L in chosen}))
    for x in G:
        acc = found.acceptance[x]
        in_count = sum(L[("node", x)] == IN for L in chosen)
        out_count = sum(L[("node", x)] == OUT for L in chosen)
        assert (acc.in_count, acc.out_count, acc.of) == (in_count, out_count, len(chosen))


# --- reasons -------------------------------------------------------------------------------------


@PROPERTY
@given(argument_graphs(), st.booleans())
def test_every_reason_holds(G: nx.MultiDiGraph[str], corpus: bool) -> None:
    af = Framework.from_graph(G, Reach.CORPUS if corpus else Reach.DOCUMENT)
    lab = grounded(af)

    def fall_holds(fall: Any) -> None:
        if fall.failure is Failure.BLOCKED:
            attacker, target = fall.relation.split(">")
            assert af.attack(attacker, target).blocked
        elif fall.failure is Failure.UNDERCUT:
            assert lab.label(fall.node) is Label.IN
        else:
            assert lab.label(fall.node) is Label.OUT
            if fall.failure is Failure.DEFEATED:
                assert lab.attack_label(fall.by, fall.node) is Label.IN
            else:
                assert lab.necessity_label(fall.node) is Label.IN

    bears_on = {(a.attacker, a.target) for a in af.attacks if not a.blocked}
    bears_on |= {(u, a.target) for a in af.attacks if not a.blocked for u in a.undercutters}
    for i in af.inferences:
        if i.in_reach:
            bears_on |= {(p, i.conclusion) for p in (*i.premises, *i.undercutters)}
    for x, reason in lab.reasons().items():
        assert reason.label is lab.label(x)
        attacks = af.attacks_of(x)
        needed = [i for i in af.inferences_into(x) if i.in_reach]
        if reason.label is Label.IN:
            assert [f.relation for f in reason.answers] == [a.name for a in attacks]
            for fall in reason.answers:
                fall_holds(fall)
            if needed:
                assert reason.inference in {i.name for i in needed}
                assert lab.inference_label(reason.inference) is Label.IN
            kind = (
                (ReasonKind.SUPPORTED if needed else ReasonKind.UNATTACKED)
                if not attacks
                else ReasonKind.ATTACKS_BLOCKED
                if all(a.blocked for a in attacks)
                else ReasonKind.DEFENDED
            )
            assert reason.kind is kind
        elif reason.label is Label.OUT:
            if reason.kind is ReasonKind.DEFEATED:
                assert lab.attack_label(reason.attacker, x) is Label.IN
            else:
                assert reason.kind is ReasonKind.UNSUPPORTED
                assert [f.relation for f in reason.falls] == [i.name for i in needed]
                for fall in reason.falls:
                    fall_holds(fall)
        else:
            assert reason.kind is ReasonKind.UNDECIDED
            assert reason.undecided
            cycle, path = reason.cycle, reason.path
            assert all(lab.label(y) is Label.UNDEC for y in (*cycle, *path))
            assert len(set(cycle)) == len(cycle)
            assert all(pair in bears_on for pair in zip(cycle, cycle[1:] + cycle[:1], strict=True))
            if path:
                assert (path[0], path[-1]) == (cycle[0], x)
                assert all(pair in bears_on for pair in pairwise(path))
            else:
                assert cycle[0] == x
