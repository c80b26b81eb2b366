"""The Dung core: the grounded labelling, preferred and stable extensions (argmap.analysis builds on it).

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

import argmap.analysis.abstract
from argmap.analysis.abstract import (
    Attack,
    EnumerationLimitError,
    Framework,
    Label,
    Semantics,
    UndecidedWitness,
    extensions,
    grounded,
    undecided_witnesses,
)

Pairs = Iterable[tuple[str, str]]

# Small frameworks, bounded so the whole file runs in a few seconds.
PROPERTY = settings(max_examples=150, deadline=timedelta(seconds=2))


def label_of(af: Framework) -> dict[str, str]:
    return {name: str(status.label) for name, status in grounded(af).statuses().items()}


def af_of(attacks: Pairs, nodes: Iterable[str] = ()) -> Framework:
    return Framework.from_pairs(nodes, attacks)


def test_doctests() -> None:
    assert doctest.testmod(argmap.analysis.abstract).failed == 0


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
    attacks = [("x", "q"), ("t", "u"), ("u", "t"), ("y", "x")]
    first = grounded(af_of(attacks))
    second = grounded(af_of(attacks[::-1], nodes=["y", "x", "u"]))
    assert list(first.statuses().values()) == list(second.statuses().values())
    assert first.framework.attacks == second.framework.attacks


def test_framework_rejects_unsorted_arguments_and_duplicate_attacks() -> None:
    with pytest.raises(ValueError, match="sorted"):
        Framework(("b", "a"), ())
    with pytest.raises(ValueError, match="one per pair"):
        Framework(("a", "b"), (Attack("a", "b", ("a", "b")), Attack("a", "b", ("a", "b"))))


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
@given(frameworks(), st.integers(3, 6))
def test_cut_witnesses_are_the_starts_and_ends_of_real_cycles_and_shortest_paths(
    fw: tuple[list[str], set[tuple[str, str]]], longest: int
) -> None:
    names, pairs = fw
    lab = grounded(af_of(pairs, names))
    undecided = nx.DiGraph(list(pairs)).subgraph(lab.labelled(Label.UNDEC))
    on_cycle = {x for cycle in nx.simple_cycles(undecided) for x in cycle}
    witnesses = undecided_witnesses(lab, longest=longest)
    whole = undecided_witnesses(lab)
    assert list(witnesses) == list(lab.labelled(Label.UNDEC))
    for x, witness in witnesses.items():
        cycle, length = witness.cycle, witness.cycle_length
        if length is None:  # short: the whole witness
            assert witness == whole[x]
            assert len(cycle) < longest
            assert len(witness.path) < longest
            continue
        assert len(cycle) == min(length, longest)
        assert len(set(cycle)) == len(cycle)
        assert all((a, b) in undecided.edges for a, b in pairwise(cycle))
        if length <= longest:  # whole: it closes
            assert (cycle[-1], cycle[0]) in undecided.edges
        else:  # cut: a simple cycle of that length through cycle[0] exists
            assert any(len(c) == length and cycle[0] in c for c in nx.simple_cycles(undecided))
        if x in on_cycle:
            assert (cycle[0], witness.path, witness.path_length) == (x, (), 0)
            continue
        path, path_length = witness.path, witness.path_length
        from_cycles = nx.multi_source_dijkstra_path_length(undecided, on_cycle)
        assert path_length == from_cycles[x] + 1
        assert len(path) == min(path_length, longest)
        assert (path[0], path[-1]) == (cycle[0], x)
        assert path[0] in on_cycle
        steps = list(pairwise(path)) if path_length <= longest else list(pairwise(path[1:]))
        assert all((a, b) in undecided.edges for a, b in steps)
        if path_length > longest:  # the rest of a shortest path: its last members are that far from a cycle
            assert from_cycles[path[1]] == path_length - len(path) + 1


def test_counted_lengths_count_only_what_the_caller_shows_and_the_cycle_starts_at_one_of_them() -> None:
    # the path leaves the cycle at e and runs through f: neither counted (a caller showing only a and v)
    lab = grounded(af_of([("a", "e"), ("e", "a"), ("e", "f"), ("f", "v")]))
    assert set(lab.labelled(Label.UNDEC)) == {"a", "e", "f", "v"}
    witnesses = undecided_witnesses(lab, ["v"], longest=3, counted=lambda name: name not in ("e", "f"))
    assert witnesses["v"] == UndecidedWitness(("a", "e"), ("e", "f", "v"), 1, 1)


def test_witnesses_of_a_long_cycle_and_chain_are_cut_to_their_ends() -> None:
    n = 2000
    ring = [(str(i), str((i + 1) % n)) for i in range(n)]
    chain = [("a", "b"), ("b", "c"), ("c", "a"), *((f"t{i}" if i else "c", f"t{i + 1}") for i in range(n))]
    lab = grounded(af_of([*ring, *chain]))
    witnesses = undecided_witnesses(lab, longest=5)
    assert witnesses["7"] == UndecidedWitness(("7", "8", "9", "10", "11"), (), n, 0)
    assert witnesses[f"t{n}"] == UndecidedWitness(
        ("c", "a", "b"), ("c", f"t{n - 3}", f"t{n - 2}", f"t{n - 1}", f"t{n}"), 3, n + 1
    )
    assert sum(len(w.cycle) + len(w.path) for w in witnesses.values()) <= 10 * len(witnesses)
    with pytest.raises(ValueError, match="at least 3"):
        undecided_witnesses(lab, longest=2)


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
