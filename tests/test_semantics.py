"""Acceptability semantics: derived attacks, the grounded labelling, preferred and stable extensions.

Classic cases one by one, then property tests against brute force over every
subset of small random frameworks.
"""

from __future__ import annotations

import doctest
from collections.abc import Iterable
from datetime import timedelta
from itertools import combinations, pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap.semantics
from argmap.semantics import (
    Attack,
    AttackKind,
    EnumerationLimitError,
    Framework,
    Label,
    Labelling,
    Semantics,
    UndecidedWitness,
    attack_path,
    derived_attacks,
    extensions,
    grounded,
    undecided_witnesses,
)

Pairs = Iterable[tuple[str, str]]

# Small frameworks, bounded so the whole file runs in a few seconds.
PROPERTY = settings(max_examples=150, deadline=timedelta(seconds=2))


def graph(supports: Pairs = (), attacks: Pairs = (), nodes: Iterable[str] = ()) -> nx.MultiDiGraph[str]:
    """A graph following argmap.model's schema."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    supports, attacks = list(supports), list(attacks)
    names = dict.fromkeys([*nodes, *(n for pair in supports + attacks for n in pair)])
    for name in names:  # in the order given, so tests can vary it
        G.add_node(
            name, kind="claim", text=name, label=None, doc="d", local_id=name, by=None,
            path="d.md", line=1, col=1, cite=None, tags=[],
        )  # fmt: skip
    for kind, pairs in (("supports", supports), ("attacks", attacks)):
        for u, v in pairs:
            G.add_edge(u, v, key=kind, type=kind, path="d.md", line=1, col=1)
    return G


def label_of(af: Framework) -> dict[str, str]:
    return {name: str(status.label) for name, status in grounded(af).statuses().items()}


def af_of(attacks: Pairs, nodes: Iterable[str] = ()) -> Framework:
    return Framework.from_pairs(nodes, attacks)


def test_doctests() -> None:
    assert doctest.testmod(argmap.semantics).failed == 0


# --- grounded: the classic cases ---------------------------------------------------------------


def test_an_unattacked_argument_is_in_with_no_attackers_as_reason() -> None:
    status = grounded(af_of([], ["a"])).status("a")
    assert (status.label, status.rank, status.attackers, status.defenders) == (Label.IN, 0, (), ())


def test_an_argument_attacked_by_one_in_is_out_and_names_it() -> None:
    lab = grounded(af_of([("a", "b")]))
    assert lab.status("b").label is Label.OUT
    assert lab.status("b").defeated_by == "a"
    assert lab.status("b").rank == 0


def test_reinstatement_names_the_defender_of_each_attacker() -> None:
    # b attacks c; a defeats b; d attacks c too and e defeats d.
    lab = grounded(af_of([("a", "b"), ("b", "c"), ("d", "c"), ("e", "d")]))
    c = lab.status("c")
    assert c.label is Label.IN
    assert c.defenders == (("b", "a"), ("d", "e"))
    assert c.rank == 1


def test_the_defeater_is_the_in_attacker_of_least_rank() -> None:
    # zz (in at rank 0) and b (in at rank 1, reinstated by c) both attack x: the reason is zz, though "b" < "zz".
    lab = grounded(af_of([("zz", "x"), ("b", "x"), ("y", "b"), ("c", "y")]))
    assert lab.status("b").rank == 1
    assert lab.status("x").defeated_by == "zz"


def test_even_cycle_is_undecided_under_grounded() -> None:
    lab = grounded(af_of([("a", "b"), ("b", "a")]))
    assert lab.labelled(Label.UNDEC) == ("a", "b")
    assert lab.status("a").undecided_attackers == ("b",)
    assert lab.status("a").rank is None
    assert undecided_witnesses(lab) == {"a": UndecidedWitness(("a", "b")), "b": UndecidedWitness(("b", "a"))}


def test_odd_cycle_is_undecided_and_so_is_what_it_attacks() -> None:
    lab = grounded(af_of([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    assert lab.labelled(Label.UNDEC) == ("a", "b", "c", "d")
    witnesses = undecided_witnesses(lab)
    assert witnesses["b"] == UndecidedWitness(("b", "c", "a"))
    assert witnesses["d"] == UndecidedWitness(("c", "a", "b"), ("c", "d"))


def test_an_even_cycle_attacked_from_outside_is_resolved() -> None:
    lab = grounded(af_of([("a", "b"), ("b", "a"), ("c", "a")]))
    assert label_of(lab.framework) == {"a": "out", "b": "in", "c": "in"}
    assert lab.status("b").defenders == (("a", "c"),)


def test_self_attack_is_undecided_and_so_are_its_targets() -> None:
    lab = grounded(af_of([("a", "a"), ("a", "b")]))
    assert label_of(lab.framework) == {"a": "undecided", "b": "undecided"}
    assert undecided_witnesses(lab) == {"a": UndecidedWitness(("a",)), "b": UndecidedWitness(("a",), ("a", "b"))}


def test_a_self_attacker_attacked_by_an_unattacked_argument_is_out() -> None:
    assert label_of(af_of([("a", "a"), ("x", "a"), ("a", "b")])) == {"a": "out", "b": "in", "x": "in"}


def test_a_long_chain_alternates_in_and_out_with_growing_rank() -> None:
    n = 20_001
    names = [f"n{i:05d}" for i in range(n)]
    lab = grounded(af_of(pairwise(names)))
    assert [lab.status(name).label for name in names[:4]] == [Label.IN, Label.OUT, Label.IN, Label.OUT]
    assert lab.status(names[-1]).label is Label.IN
    assert lab.status(names[-1]).rank == n // 2
    assert lab.status(names[-2]).defeated_by == names[-3]


def test_a_long_undecided_chain_downstream_of_a_cycle() -> None:
    names = [f"n{i:05d}" for i in range(5000)]
    lab = grounded(af_of([("c1", "c2"), ("c2", "c1"), ("c2", names[0]), *pairwise(names)]))
    assert set(lab.labelled(Label.UNDEC)) == {"c1", "c2", *names}
    witness = undecided_witnesses(lab, [names[-1]])[names[-1]]
    assert witness.cycle == ("c2", "c1")
    assert witness.path == ("c2", *names)


def test_undecided_witnesses_only_for_the_arguments_asked_and_undecided() -> None:
    lab = grounded(af_of([("a", "b"), ("b", "a"), ("x", "y")]))
    assert list(undecided_witnesses(lab, ["y", "b"])) == ["b"]
    assert undecided_witnesses(lab, ["x"]) == {}


def test_labelling_does_not_depend_on_insertion_order() -> None:
    supports = [("p", "t"), ("q", "t"), ("r", "q")]
    attacks = [("x", "q"), ("t", "u"), ("u", "t"), ("y", "x")]
    first = grounded(Framework.from_graph(graph(supports, attacks)))
    second = grounded(Framework.from_graph(graph(supports[::-1], attacks[::-1], nodes=["y", "x", "u"])))
    assert list(first.statuses().values()) == list(second.statuses().values())
    assert first.framework.attacks == second.framework.attacks


def test_framework_rejects_unsorted_arguments_and_duplicate_attacks() -> None:
    with pytest.raises(ValueError, match="sorted"):
        Framework(("b", "a"), ())
    with pytest.raises(ValueError, match="one per pair"):
        Framework(("a", "b"), (Attack("a", "b", ("a", "b")), Attack("a", "b", ("a", "b"))))


# --- derived attacks -------------------------------------------------------------------------------


def pairs_of(G: nx.MultiDiGraph[str]) -> dict[tuple[str, str], str]:
    return {(a.attacker, a.target): str(a.kind) for a in derived_attacks(G)}


def test_supported_attack() -> None:
    assert pairs_of(graph(supports=[("a", "b")], attacks=[("b", "c")])) == {
        ("b", "c"): "direct",
        ("a", "c"): "supported",
    }


def test_secondary_attack() -> None:
    assert pairs_of(graph(supports=[("b", "c")], attacks=[("a", "b")])) == {
        ("a", "b"): "direct",
        ("a", "c"): "secondary",
    }


def test_supports_chain_on_both_sides() -> None:
    G = graph(supports=[("p2", "p1"), ("p1", "x"), ("y", "c1"), ("c1", "c2")], attacks=[("x", "y")])
    found = pairs_of(G)
    assert set(found) == {(a, c) for a in ("p2", "p1", "x") for c in ("y", "c1", "c2")}
    assert found["p2", "c2"] == "supported-secondary"
    assert attack_path(G, Attack("p2", "c2", ("x", "y"))) == ("p2", "p1", "x", "y", "c1", "c2")


def test_a_declared_attack_is_its_own_witness_even_when_also_derived() -> None:
    # a attacks b and c; b supports c: (a, c) is both declared and secondary.
    (attack,) = [
        x for x in derived_attacks(graph(supports=[("b", "c")], attacks=[("a", "b"), ("a", "c")])) if x.target == "c"
    ]
    assert attack == Attack("a", "c", ("a", "c"))
    assert attack.kind is AttackKind.DIRECT


def test_the_witness_has_the_fewest_supports() -> None:
    # p reaches c through x (one support each side: p->x, y->c) or through w (p->q->w, v->c): x wins.
    G = graph(supports=[("p", "x"), ("y", "c"), ("p", "q"), ("q", "w"), ("v", "c")], attacks=[("x", "y"), ("w", "v")])
    (attack,) = [x for x in derived_attacks(G) if (x.attacker, x.target) == ("p", "c")]
    assert attack.via == ("x", "y")


def test_support_cycles_terminate_and_derive() -> None:
    found = pairs_of(graph(supports=[("a", "b"), ("b", "a")], attacks=[("b", "c")]))
    assert found == {("b", "c"): "direct", ("a", "c"): "supported"}


def test_supporting_ones_own_attacker_makes_both_self_attacking() -> None:
    # a supports b, b attacks a: a attacks a (supported), b attacks b (secondary), a attacks b (both).
    G = graph(supports=[("a", "b")], attacks=[("b", "a")])
    assert pairs_of(G) == {
        ("a", "a"): "supported",
        ("a", "b"): "supported-secondary",
        ("b", "a"): "direct",
        ("b", "b"): "secondary",
    }
    assert label_of(Framework.from_graph(G)) == {"a": "undecided", "b": "undecided"}


def test_other_relation_types_are_ignored() -> None:
    G = graph(attacks=[("a", "b")])
    G.add_edge("b", "a", key="undercuts", type="undercuts")
    assert pairs_of(G) == {("a", "b"): "direct"}


def test_a_secondary_attack_defeats_the_claim_an_attacked_premise_supports() -> None:
    G = graph(supports=[("p", "t")], attacks=[("r", "p")])
    lab = grounded(Framework.from_graph(G))
    assert lab.status("t").label is Label.OUT
    assert lab.status("t").defeated_by == "r"
    assert label_of(af_of([("r", "p")], ["t"]))["t"] == "in"  # without supports' consequences it would stand


def test_a_supported_attack_survives_the_defeat_of_the_declared_attacker() -> None:
    # p supports b, b attacks c, d defeats b: c still falls, to p.
    G = graph(supports=[("p", "b")], attacks=[("b", "c"), ("d", "b")])
    lab = grounded(Framework.from_graph(G))
    assert (lab.status("b").label, lab.status("c").label) == (Label.OUT, Label.OUT)
    assert lab.status("c").defeated_by == "p"


def test_the_defeater_named_is_a_declared_attacker_when_there_is_one() -> None:
    # a0 supports x and x attacks c (so a0 attacks c too); y attacks c. All three are in at rank 0.
    G = graph(supports=[("a0", "x")], attacks=[("x", "c"), ("y", "c")])
    assert grounded(Framework.from_graph(G)).status("c").defeated_by == "x"


def test_a_long_support_chain_gives_quadratically_many_attacks() -> None:
    k = 30
    before = [f"b{i:02d}" for i in range(k)]
    after = [f"c{i:02d}" for i in range(k)]
    supports = [*pairwise(before), (before[-1], "x"), ("y", after[0])]
    supports += list(pairwise(after))
    assert len(derived_attacks(graph(supports, [("x", "y")]))) == (k + 1) ** 2


# --- preferred and stable ------------------------------------------------------------------------


def test_even_cycle_has_two_preferred_and_two_stable_extensions() -> None:
    af = af_of([("a", "b"), ("b", "a")])
    for semantics in (Semantics.PREFERRED, Semantics.STABLE):
        result = extensions(af, semantics)
        assert result.extensions == (("a",), ("b",))
        assert result.acceptance["a"].label is Label.UNDEC
        assert (result.acceptance["a"].in_count, result.acceptance["a"].out_count, result.acceptance["a"].of) == (
            1,
            1,
            2,
        )


def test_odd_cycle_has_the_empty_preferred_extension_and_no_stable_one() -> None:
    af = af_of([("a", "b"), ("b", "c"), ("c", "a")], ["d"])
    assert extensions(af, Semantics.PREFERRED).extensions == (("d",),)
    stable = extensions(af, Semantics.STABLE)
    assert stable.extensions == ()
    assert {a.label for a in stable.acceptance.values()} == {Label.UNDEC}


def test_grounded_extension_through_the_same_interface() -> None:
    result = extensions(af_of([("a", "b"), ("b", "c"), ("x", "x")]), Semantics.GROUNDED)
    assert result.extensions == (("a", "c"),)
    assert result.acceptance["x"].label is Label.UNDEC


def test_independent_disputes_multiply() -> None:
    pairs = [(f"a{i}", f"b{i}") for i in range(5)] + [(f"b{i}", f"a{i}") for i in range(5)]
    result = extensions(af_of(pairs), Semantics.PREFERRED)
    assert len(result.extensions) == 32
    assert result.acceptance["a0"].in_count == 16


def test_enumeration_refuses_above_the_search_bound() -> None:
    names = [f"n{i:02d}" for i in range(12)]
    ring = list(zip(names, names[1:] + names[:1], strict=False)) + [(b, a) for a, b in combinations(names, 2)]
    with pytest.raises(EnumerationLimitError, match=r"more than the limit of 1024 \(2\^10\)"):
        extensions(af_of(ring), Semantics.PREFERRED, max_undecided=10)
    assert len(extensions(af_of(ring), Semantics.PREFERRED, max_undecided=12).extensions) >= 1


def test_enumeration_refuses_above_the_extension_bound() -> None:
    pairs = [(f"a{i}", f"b{i}") for i in range(4)] + [(f"b{i}", f"a{i}") for i in range(4)]
    with pytest.raises(EnumerationLimitError, match="there are 16 stable extensions, more than the limit of 10"):
        extensions(af_of(pairs), Semantics.STABLE, max_extensions=10)


# --- property tests against brute force ------------------------------------------------------------

NAMES = ["a", "b", "c", "d", "e", "f", "g", "h"]


@st.composite
def frameworks(draw: st.DrawFn, max_size: int = 8) -> tuple[list[str], set[tuple[str, str]]]:
    n = draw(st.integers(1, max_size))
    names = draw(st.permutations(NAMES))[:n]
    pairs = draw(st.sets(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=n * 3))
    return names, pairs


def brute_force(names: list[str], pairs: set[tuple[str, str]]) -> dict[str, list[frozenset[str]]]:
    """Every semantics straight from the definitions, over all subsets."""
    attackers = {x: {a for a, b in pairs if b == x} for x in names}

    def attacked_by(s: frozenset[str]) -> set[str]:
        return {b for a, b in pairs if a in s}

    def conflict_free(s: frozenset[str]) -> bool:
        return not any(a in s and b in s for a, b in pairs)

    def defended(s: frozenset[str]) -> set[str]:
        hit = attacked_by(s)
        return {x for x in names if attackers[x] <= hit}

    subsets = [frozenset(c) for r in range(len(names) + 1) for c in combinations(names, r)]
    admissible = [s for s in subsets if conflict_free(s) and s <= defended(s)]
    complete = [s for s in admissible if defended(s) == s]
    least = [s for s in complete if all(s <= t for t in complete)]
    assert len(least) == 1  # the grounded extension is the least complete one
    return {
        "grounded": least,
        "complete": complete,
        "preferred": [s for s in admissible if not any(s < t for t in admissible)],
        "stable": [s for s in subsets if conflict_free(s) and attacked_by(s) == set(names) - s],
    }


def labels_from_extension(names: list[str], pairs: set[tuple[str, str]], ext: frozenset[str]) -> dict[str, str]:
    out = {b for a, b in pairs if a in ext}
    return {x: "in" if x in ext else "out" if x in out else "undecided" for x in names}


@PROPERTY
@given(frameworks())
def test_grounded_agrees_with_brute_force(fw: tuple[list[str], set[tuple[str, str]]]) -> None:
    names, pairs = fw
    (expected,) = brute_force(names, pairs)["grounded"]
    assert label_of(af_of(pairs, names)) == labels_from_extension(names, pairs, expected)


@PROPERTY
@given(frameworks())
def test_grounded_reasons_hold(fw: tuple[list[str], set[tuple[str, str]]]) -> None:
    names, pairs = fw
    lab = grounded(af_of(pairs, names))
    st_ = lab.statuses()
    for x, status in st_.items():
        attackers = tuple(sorted(a for a, b in pairs if b == x))
        assert status.attackers == attackers
        if status.label is Label.IN:
            assert status.rank == (0 if not attackers else 1 + max(st_[a].rank or 0 for a in attackers))
            assert [b for b, _ in status.defenders] == list(attackers)
            for b, defender in status.defenders:
                assert st_[defender].label is Label.IN
                assert (defender, b) in pairs
                assert st_[b].defeated_by == defender
        elif status.label is Label.OUT:
            ins = [a for a in attackers if st_[a].label is Label.IN]
            assert status.defeated_by == min(ins, key=lambda a: (st_[a].rank, a))
            assert status.rank == st_[status.defeated_by].rank
        else:
            assert status.rank is None
            assert not any(st_[a].label is Label.IN for a in attackers)
            assert status.undecided_attackers
            assert status.undecided_attackers == tuple(a for a in attackers if st_[a].label is Label.UNDEC)


@PROPERTY
@given(frameworks())
def test_undecided_witnesses_are_real_cycles_and_shortest_paths(fw: tuple[list[str], set[tuple[str, str]]]) -> None:
    names, pairs = fw
    lab = grounded(af_of(pairs, names))
    undecided = nx.DiGraph(list(pairs)).subgraph(lab.labelled(Label.UNDEC))
    on_cycle = {x for cycle in nx.simple_cycles(undecided) for x in cycle}
    witnesses = undecided_witnesses(lab)
    assert list(witnesses) == list(lab.labelled(Label.UNDEC))
    for x, witness in witnesses.items():
        cycle = witness.cycle
        assert len(set(cycle)) == len(cycle)
        assert all((a, b) in undecided.edges for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))
        if x in on_cycle:
            assert (cycle[0], witness.path) == (x, ())
        else:
            path = witness.path
            assert (path[0], path[-1]) == (cycle[0], x)
            assert all((a, b) in undecided.edges for a, b in pairwise(path))
            from_cycles = nx.multi_source_dijkstra_path_length(undecided, on_cycle)
            assert len(path) - 1 == from_cycles[x]


@PROPERTY
@given(frameworks(), st.sampled_from([Semantics.GROUNDED, Semantics.PREFERRED, Semantics.STABLE]))
def test_extensions_agree_with_brute_force(fw: tuple[list[str], set[tuple[str, str]]], semantics: Semantics) -> None:
    names, pairs = fw
    expected = sorted(tuple(sorted(s)) for s in brute_force(names, pairs)[str(semantics)])
    result = extensions(af_of(pairs, names), semantics)
    assert list(result.extensions) == expected
    for x in names:
        acc = result.acceptance[x]
        ins = sum(x in e for e in expected)
        outs = sum(any((a, x) in pairs for a in e) for e in expected)
        assert (acc.in_count, acc.out_count, acc.of) == (ins, outs, len(expected))
        want = (
            "in" if expected and ins == len(expected) else "out" if expected and outs == len(expected) else "undecided"
        )
        assert str(acc.label) == want


@st.composite
def bipolar_graphs(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    names = NAMES[: draw(st.integers(1, 7))]
    edge = st.tuples(st.sampled_from(names), st.sampled_from(names))
    return draw(st.lists(edge, max_size=10)), draw(st.lists(edge, max_size=6))


def closure(supports: list[tuple[str, str]], attacks: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The two rules applied until nothing changes."""
    found = set(attacks)
    while True:
        new = {(a, c) for a, b in supports for x, c in found if x == b}  # supported
        new |= {(a, c) for a, b in found for x, c in supports if x == b}  # secondary
        if new <= found:
            return found
        found |= new


@PROPERTY
@given(bipolar_graphs())
def test_derived_attacks_are_the_closure_under_both_rules(
    g: tuple[list[tuple[str, str]], list[tuple[str, str]]],
) -> None:
    supports, attacks = g
    G = graph(supports, attacks)
    found = derived_attacks(G)
    assert [(x.attacker, x.target) for x in found] == sorted(closure(supports, attacks))
    support_graph = nx.DiGraph(supports)
    support_graph.add_nodes_from(G)
    dist = dict(nx.all_pairs_shortest_path_length(support_graph))
    for attack in found:
        path = attack_path(G, attack)
        x, y = attack.via
        assert (x, y) in attacks
        assert (path[0], path[-1]) == (attack.attacker, attack.target)
        i = path.index(y, path.index(x) + 1)
        assert path[i - 1] == x
        assert all((a, b) in supports for a, b in pairwise(path[:i]))
        assert all((a, b) in supports for a, b in pairwise(path[i:]))
        fewest = min(
            dist[attack.attacker][u] + dist[v][attack.target]
            for u, v in attacks
            if u in dist[attack.attacker] and attack.target in dist[v]
        )
        assert len(path) - 2 == fewest


@PROPERTY
@given(bipolar_graphs())
def test_graph_labelling_is_the_labelling_of_its_derived_framework(
    g: tuple[list[tuple[str, str]], list[tuple[str, str]]],
) -> None:
    supports, attacks = g
    G = graph(supports, attacks)
    from_graph: Labelling = grounded(Framework.from_graph(G))
    direct = grounded(af_of(closure(supports, attacks), G.nodes))
    statuses = from_graph.statuses()
    assert {k: v.label for k, v in statuses.items()} == {k: v.label for k, v in direct.statuses().items()}
    for x, status in statuses.items():
        if status.label is Label.OUT:
            ins = [a for a in status.attackers if statuses[a].label is Label.IN]
            expected = min(ins, key=lambda a: (statuses[a].rank, (a, x) not in attacks, a))
            assert status.defeated_by == expected
