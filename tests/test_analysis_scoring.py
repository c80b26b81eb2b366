"""The graded score (quadratic energy model, top aggregation): values, the properties it guarantees, cycles."""

from __future__ import annotations

import math
import random
from datetime import timedelta

import networkx as nx
import pytest
from analysis_support import GraphBuilder, argument_graph
from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis_properties import argument_graphs

from argmap.analysis import Framework, gradual
from argmap.analysis.scoring import _update

PROPERTY = settings(max_examples=150, deadline=timedelta(seconds=5))


def h(x: float) -> float:
    x = max(x, 0.0)
    return x * x / (1 + x * x)


def score(w: float, energy: float) -> float:
    return w - w * h(-energy) + (1 - w) * h(energy)


def test_an_unattacked_unsupported_node_scores_its_base() -> None:
    scores = gradual(argument_graph("a; b; q qualifies b; e explains b"), base={"b": 0.8})
    assert scores.scores() == {"a": 0.5, "b": 0.8, "e": 0.5, "q": 0.5}


def test_the_values_follow_the_model() -> None:
    scores = gradual(argument_graph("p+q supports c; r attacks c; u undercuts r>c"), base={"q": 0.9, "u": 0.2})
    support = min(0.5, 0.9)  # the weakest premise
    attack = 0.5 * (1 - 0.2)  # weakened by its undercut
    assert scores.score("c") == pytest.approx(score(0.5, support - attack), abs=1e-15)
    contribution = scores.contribution("c")
    assert (contribution.support, contribution.attacker) == ("p+q>c", "r")
    assert contribution.support_strength == pytest.approx(support)
    assert contribution.attack_strength == pytest.approx(attack)
    assert contribution.energy == pytest.approx(support - attack)


def test_a_blocked_attack_counts_for_nothing() -> None:
    scores = gradual(argument_graph("r attacks c; c outweighs r"))
    assert scores.score("c") == 0.5
    assert scores.contribution("c").attacker is None


def test_an_undercut_inference_lends_less() -> None:
    plain = gradual(argument_graph("p supports c")).score("c")
    undercut = gradual(argument_graph("p supports c; u undercuts p>c")).score("c")
    assert 0.5 < undercut < plain


def test_a_reason_from_another_document_counts_whatever_the_reach() -> None:
    G = argument_graph("d1#p supports d2#c")
    assert gradual(G).score("d2#c") > 0.5
    assert gradual(Framework.from_graph(G, "document")).score("d2#c") == gradual(G).score("d2#c")


def test_many_weak_supports_do_not_saturate() -> None:
    G = argument_graph("; ".join(f"p{i} supports c" for i in range(50)))
    assert gradual(G).score("c") == gradual(argument_graph("p0 supports c")).score("c")
    assert gradual(G).score("c") == pytest.approx(0.6)  # E = 0.5: one reason of strength 0.5, however many


def test_base_scores_are_checked() -> None:
    with pytest.raises(ValueError, match="not a node"):
        gradual(argument_graph("a"), base={"z": 0.5})
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        gradual(argument_graph("a"), base={"a": 1.5})


def test_the_lipschitz_bound_reported() -> None:
    assert gradual(argument_graph("a attacks b")).lipschitz == pytest.approx(3 * math.sqrt(3) / 8)
    assert gradual(argument_graph("a attacks b; u undercuts a>b")).lipschitz == pytest.approx(9 * math.sqrt(3) / 16)


def test_a_mutual_attack_converges_to_its_symmetric_fixed_point() -> None:
    scores = gradual(argument_graph("a attacks b; b attacks a"))
    (component,) = scores.components
    assert component.nodes == ("a", "b")
    assert component.converged
    assert scores.converged
    x = scores.score("a")
    assert x == pytest.approx(scores.score("b"), abs=1e-9)
    assert x == pytest.approx(score(0.5, -x), abs=1e-8)


def test_a_cycle_cut_short_is_reported_as_not_converged() -> None:
    scores = gradual(argument_graph("a attacks b; b attacks c; c attacks a"), max_iterations=1)
    (component,) = scores.components
    assert (component.iterations, component.converged) == (1, False)
    assert not scores.converged


def test_a_self_attack_is_a_cycle() -> None:
    scores = gradual(argument_graph("a attacks a"))
    assert [c.nodes for c in scores.components] == [("a",)]
    assert scores.score("a") == pytest.approx(score(0.5, -scores.score("a")), abs=1e-8)


# --- properties ----------------------------------------------------------------------------------


@PROPERTY
@given(argument_graphs(), st.lists(st.floats(0, 1), min_size=6, max_size=6))
def test_scores_are_in_the_unit_interval_and_every_cycle_converges_to_a_fixed_point(
    G: nx.MultiDiGraph[str], bases: list[float]
) -> None:
    base = dict(zip(sorted(G), bases, strict=False))
    scores = gradual(G, base=base)
    if not scores.converged:  # possible only where the contraction argument does not apply
        assert scores.lipschitz >= 1
        return
    s = scores.scores()
    assert all(0.0 <= x <= 1.0 for x in s.values())
    values = [s[x] for x in scores.framework.nodes]
    for x in G:
        c = scores.contribution(x)
        assert c.score == pytest.approx(score(c.base, c.energy), abs=1e-7)
        assert min(c.base, 0.5 * c.base) <= c.score <= (1 + c.base) / 2 + 1e-12
    assert all(abs(x - y) < 1e-7 for x, y in zip(values, _jacobi(scores), strict=True))


@PROPERTY
@given(argument_graphs())
def test_with_base_one_half_every_cycle_converges(G: nx.MultiDiGraph[str]) -> None:
    scores = gradual(G)
    assert scores.lipschitz < 1
    assert scores.converged
    assert all(abs(x - y) < 1e-7 for x, y in zip(scores.scores().values(), _jacobi(scores), strict=True))


def test_with_extreme_bases_an_undercut_self_attack_oscillates_and_says_so() -> None:
    # s(b) = h(1 - 2 s(b)) with base 0: the update swaps 0 and 0.5 for ever
    G = argument_graph("a supports b; b attacks b; b undercuts a>b")
    scores = gradual(G, base={"a": 1.0, "b": 0.0}, max_iterations=50)
    (component,) = scores.components
    assert (component.nodes, component.iterations, component.converged) == (("b",), 50, False)
    assert component.change == pytest.approx(0.5)
    assert scores.lipschitz > 1


def _jacobi(scores: object) -> list[float]:
    """One simultaneous update of every score from the final scores (a fixed point changes nothing)."""
    assert hasattr(scores, "_score")
    s = scores._score
    return [
        _update(s, scores._base[i], scores._inferences[i], scores._attacks[i])  # type: ignore[attr-defined]
        for i in range(len(s))
    ]


@PROPERTY
@given(argument_graphs(), st.randoms(use_true_random=False))
def test_the_update_is_a_contraction_with_base_one_half(G: nx.MultiDiGraph[str], rng: random.Random) -> None:
    scores = gradual(G)
    n = len(scores.framework.nodes)
    for _ in range(5):
        x = [rng.uniform(0.25, 0.75) for _ in range(n)]
        y = [min(0.75, max(0.25, v + rng.uniform(-0.1, 0.1))) for v in x]
        tx = [_update(x, 0.5, scores._inferences[i], scores._attacks[i]) for i in range(n)]  # type: ignore[attr-defined]
        ty = [_update(y, 0.5, scores._inferences[i], scores._attacks[i]) for i in range(n)]  # type: ignore[attr-defined]
        assert all(0.25 <= v <= 0.75 for v in tx)
        dist = max((abs(a - b) for a, b in zip(x, y, strict=True)), default=0.0)
        moved = max((abs(a - b) for a, b in zip(tx, ty, strict=True)), default=0.0)
        assert moved <= scores.lipschitz * dist + 1e-12


@st.composite
def acyclic_graphs(draw: st.DrawFn) -> tuple[GraphBuilder, list[str]]:
    """A graph whose relations all run from a later node to an earlier one (so no cycle), and its nodes."""
    names = [f"n{i}" for i in range(draw(st.integers(2, 7)))]
    b = GraphBuilder()
    for x in names:
        b.node(x)
    later = st.integers(0, len(names) - 1)
    for i, j in draw(st.lists(st.tuples(later, later), max_size=8)):
        lo, hi = sorted((i, j))
        if lo == hi or (names[hi], names[lo]) in b.inference_of or b.G.has_edge(names[hi], names[lo]):
            continue
        if draw(st.booleans()):
            b.supports([names[hi]], names[lo])
        else:
            b.edge(names[hi], names[lo], "attacks")
    return b, names


@PROPERTY
@given(acyclic_graphs(), st.data())
def test_adding_a_support_never_lowers_and_adding_an_attack_never_raises(
    built: tuple[GraphBuilder, list[str]], data: st.DataObject
) -> None:
    b, names = built
    i = data.draw(st.integers(0, len(names) - 2))
    j = data.draw(st.integers(i + 1, len(names) - 1))
    target, source = names[i], names[j]
    if b.G.has_edge(source, target):
        return
    before = gradual(b.G).score(target)
    support = b.G.copy()
    support.add_edge(source, target, key="supports", type="supports", inference=f"{source}>{target}")
    attack = b.G.copy()
    attack.add_edge(source, target, key="attacks", type="attacks")
    assert gradual(support).score(target) >= before
    assert gradual(attack).score(target) <= before


@PROPERTY
@given(acyclic_graphs(), st.data())
def test_a_weaker_supporter_changes_nothing(built: tuple[GraphBuilder, list[str]], data: st.DataObject) -> None:
    b, names = built
    target = data.draw(st.sampled_from(names))
    before = gradual(b.G)
    strongest = before.contribution(target).support_strength
    weak = data.draw(st.floats(0, 1).filter(lambda w: w <= strongest))
    b.supports(["fresh"], target)
    after = gradual(b.G, base={"fresh": weak})
    assert after.score(target) == before.score(target)
