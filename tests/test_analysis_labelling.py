"""The framework of the argument model and its grounded labelling: the classic case of each construct.

Graphs come from compact descriptions (tests/analysis_support.py); property
tests against brute force are in test_analysis_properties.py.
"""

from __future__ import annotations

import doctest
import importlib

import networkx as nx
import pytest
from analysis_support import argument_graph

from argmap.analysis import (
    Attack,
    Failure,
    Fall,
    Framework,
    Inference,
    Label,
    Reach,
    Reason,
    ReasonKind,
    Semantics,
    extensions,
    grounded,
)

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC


def labels(description: str, reach: str = "document") -> dict[str, Label]:
    return grounded(Framework.from_graph(argument_graph(description), reach)).labels()


def reason(description: str, node: str, reach: str = "document") -> Reason:
    return grounded(Framework.from_graph(argument_graph(description), reach)).reason(node)


@pytest.mark.parametrize("module", ["", ".framework", ".labelling", ".dung", ".scoring"])
def test_doctests(module: str) -> None:
    assert doctest.testmod(importlib.import_module("argmap.analysis" + module)).failed == 0


# --- reading the graph ----------------------------------------------------------------------------


def test_the_framework_groups_linked_premises_and_marks_blocked_and_undercut_relations() -> None:
    G = argument_graph("p+q supports c; s supports c; r attacks c; c outweighs r; u undercuts s>c; v undercuts r>c")
    af = Framework.from_graph(G)
    assert af.nodes == ("c", "p", "q", "r", "s", "u", "v")
    assert af.inferences == (
        Inference("p+q>c", "c", ("p", "q"), True, ()),
        Inference("s>c", "c", ("s",), True, ("u",)),
    )
    assert af.attacks == (Attack("r", "c", True, ("v",)),)
    assert af.attack("r", "c").preference == ("c", "r")
    assert af.inferences_into("c") == af.inferences
    assert af.attacks_of("c") == af.attacks


def test_reach_marks_supports_from_another_document() -> None:
    G = argument_graph("d1#p supports d2#c; d2#q supports d2#c")
    by_name = {i.name: i.in_reach for i in Framework.from_graph(G).inferences}
    assert by_name == {"d1#p>d2#c": False, "d2#q>d2#c": True}
    assert all(i.in_reach for i in Framework.from_graph(G, Reach.CORPUS).inferences)


def test_edges_without_the_new_attributes_still_read() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("p", "c", key="supports")  # no type, no inference: an inference of its own
    G.add_edge("r", "c", key="attacks")
    G.add_edge("u", "c", key="undercuts:r>c", relation="r>c")  # no relation_type: the attack is declared
    G.add_edge("v", "c", key="undercuts:p>c", relation="p>c")
    G.add_edge("w", "c", key="undercuts:x>c", relation="x>c")  # no such relation: left out
    af = Framework.from_graph(G)
    assert af.inferences == (Inference("p>c", "c", ("p",), True, ("v",)),)
    assert af.attacks == (Attack("r", "c", False, ("u",)),)


def test_qualifies_explains_and_unknown_edges_are_not_in_the_framework() -> None:
    af = Framework.from_graph(argument_graph("q qualifies c; e explains c"))
    assert (af.nodes, af.inferences, af.attacks) == (("c", "e", "q"), (), ())


def test_an_inference_with_two_conclusions_is_refused() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("p", "a", key="supports", inference="p>a")
    G.add_edge("q", "b", key="supports", inference="p>a")
    with pytest.raises(ValueError, match="two conclusions"):
        Framework.from_graph(G)


def test_a_framework_checks_its_order_and_its_nodes() -> None:
    with pytest.raises(ValueError, match="sorted"):
        Framework(("b", "a"), (), ())
    with pytest.raises(ValueError, match="not a node"):
        Framework(("a",), (), (Attack("a", "z"),))
    with pytest.raises(ValueError, match="no premise"):
        Framework(("a",), (Inference("x", "a", (), True),), ())


# --- the classic cases ---------------------------------------------------------------------------


def test_an_attack_that_holds_defeats_and_a_defender_reinstates() -> None:
    assert labels("r attacks c") == {"c": OUT, "r": IN}
    assert labels("r attacks c; d attacks r") == {"c": IN, "d": IN, "r": OUT}
    assert reason("r attacks c; d attacks r", "c") == Reason(
        "c", IN, ReasonKind.DEFENDED, 4, answers=(Fall("r>c", Failure.DEFEATED, "r", "d"),)
    )
    assert reason("r attacks c", "c") == Reason("c", OUT, ReasonKind.DEFEATED, 2, attacker="r")


def test_a_preference_blocks_an_attack() -> None:
    description = "r attacks c; c outweighs r"
    assert labels(description) == {"c": IN, "r": IN}  # the concession stands, and so does the claim
    assert reason(description, "c") == Reason(
        "c", IN, ReasonKind.ATTACKS_BLOCKED, 0, answers=(Fall("r>c", Failure.BLOCKED),)
    )
    labelling = grounded(Framework.from_graph(argument_graph(description)))
    status = labelling.attack_status("r", "c")
    assert (status.label, status.rank, status.fall) == (OUT, None, Fall("r>c", Failure.BLOCKED))


def test_a_preference_reinstates_one_side_of_a_mutual_attack() -> None:
    assert labels("a attacks b; b attacks a") == {"a": UNDEC, "b": UNDEC}
    assert labels("a attacks b; b attacks a; a outweighs b") == {"a": IN, "b": OUT}
    assert reason("a attacks b; b attacks a; a outweighs b", "b").attacker == "a"


def test_preferences_are_pairwise_not_transitive() -> None:
    # a outweighs b and b outweighs c say nothing of a and c: c's attack on a defeats it
    assert labels("c attacks a; a outweighs b; b outweighs c")["a"] is OUT


def test_an_undercut_defeats_the_inference_and_leaves_its_premise_standing() -> None:
    description = "p supports c; u undercuts p>c"
    assert labels(description) == {"c": OUT, "p": IN, "u": IN}
    labelling = grounded(Framework.from_graph(argument_graph(description)))
    assert labelling.inference_label("p>c") is OUT
    assert labelling.inference_status("p>c").fall == Fall("p>c", Failure.UNDERCUT, "u")
    assert labelling.reason("c") == Reason(
        "c", OUT, ReasonKind.UNSUPPORTED, 3, falls=(Fall("p>c", Failure.UNDERCUT, "u"),)
    )


def test_an_undercut_of_an_attack_reinstates_its_target() -> None:
    description = "r attacks c; u undercuts r>c"
    assert labels(description) == {"c": IN, "r": IN, "u": IN}
    assert reason(description, "c").answers == (Fall("r>c", Failure.UNDERCUT, "u"),)
    # and when the undercutter is itself defeated, the attack holds again
    assert labels(description + "; d attacks u") == {"c": OUT, "d": IN, "r": IN, "u": OUT}


def test_an_undercut_is_never_blocked_by_a_preference() -> None:
    assert labels("p supports c; u undercuts p>c; c outweighs u")["c"] is OUT


def test_linked_premises_fall_together() -> None:
    description = "p+q supports c; r attacks q"
    assert labels(description) == {"c": OUT, "p": IN, "q": OUT, "r": IN}
    assert reason(description, "c").falls == (Fall("p+q>c", Failure.DEFEATED, "q", "r"),)


def test_convergent_reasons_stand_alone() -> None:
    description = "p supports c; q supports c; r attacks q"
    assert labels(description) == {"c": IN, "p": IN, "q": OUT, "r": IN}
    assert reason(description, "c") == Reason("c", IN, ReasonKind.SUPPORTED, 3, inference="p>c")
    # defeating both reasons defeats the claim, and each fall is named
    both = reason(description + "; s attacks p", "c")
    assert both.kind is ReasonKind.UNSUPPORTED
    assert both.falls == (Fall("p>c", Failure.DEFEATED, "p", "s"), Fall("q>c", Failure.DEFEATED, "q", "r"))


def test_a_claim_with_no_reason_stands_unless_attacked() -> None:
    assert reason("c", "c") == Reason("c", IN, ReasonKind.UNATTACKED, 0)


def test_a_premise_that_fell_for_want_of_support_is_named_as_such() -> None:
    description = "p supports q; q supports c; u undercuts p>q"
    assert labels(description)["c"] is OUT
    assert reason(description, "c").falls == (Fall("q>c", Failure.UNSUPPORTED, "q"),)
    attacked = "p supports r; u undercuts p>r; r attacks c"  # an attacker that fell for want of support
    assert reason(attacked, "c").answers == (Fall("r>c", Failure.UNSUPPORTED, "r"),)


def test_a_qualification_or_an_explanation_changes_no_label() -> None:
    for description in ("p supports c; r attacks p", "a attacks b; b attacks a", "r attacks c; c outweighs r"):
        plain = labels(description)
        noted = labels(description + "; q qualifies c; e explains c; q qualifies r; e explains p")
        assert {k: v for k, v in noted.items() if k in plain} == plain
        assert noted.get("q", IN) is IN
        assert noted.get("e", IN) is IN


def test_a_mutual_attack_is_undecided_with_its_cycle_as_witness() -> None:
    description = "a attacks b; b attacks a; b attacks c"
    assert labels(description) == {"a": UNDEC, "b": UNDEC, "c": UNDEC}
    assert reason(description, "a") == Reason(
        "a", UNDEC, ReasonKind.UNDECIDED, None, undecided=("b>a",), cycle=("a", "b")
    )
    assert reason(description, "c").path == ("b", "c")


def test_an_undecided_cycle_through_a_support() -> None:
    description = "p supports c; a attacks p; p attacks a"
    result = reason(description, "c")
    assert (result.label, result.undecided, result.cycle, result.path) == (UNDEC, ("p>c",), ("p", "a"), ("p", "c"))


def test_a_cross_document_support_carries_necessity_only_under_corpus_reach() -> None:
    description = "d1#p supports d2#c; r attacks d1#p"
    assert labels(description)["d2#c"] is IN
    assert reason(description, "d2#c").kind is ReasonKind.UNATTACKED  # it needs no reason from another author
    assert labels(description, "corpus")["d2#c"] is OUT
    assert reason(description, "d2#c", "corpus").falls == (Fall("d1#p>d2#c", Failure.DEFEATED, "d1#p", "r"),)
    # with a reason of its own document, that reason is what it needs
    mixed = description + "; d2#q supports d2#c; s attacks d2#q"
    assert labels(mixed)["d2#c"] is OUT
    assert labels(mixed, "corpus")["d2#c"] is OUT


def test_a_linked_inference_with_a_premise_from_another_document_is_out_of_reach() -> None:
    G = argument_graph("d1#p+d2#q supports d2#c; r attacks d2#q")
    assert grounded(Framework.from_graph(G)).label("d2#c") is IN
    assert grounded(Framework.from_graph(G, "corpus")).label("d2#c") is OUT


def test_ranks_are_the_rounds_of_the_fixpoint() -> None:
    labelling = grounded(Framework.from_graph(argument_graph("r attacks p; p supports c")))
    # r IN (0), the attack r>p IN (1), p OUT (2), the inference p>c OUT (3), N_c IN (4), c OUT (5)
    assert [labelling.rank(x) for x in ("r", "p", "c")] == [0, 2, 5]
    assert labelling.necessity_label("c") is IN
    assert labelling.necessity_label("r") is None
    assert labelling.inference_status("p>c").rank == 3


def test_labels_and_reasons_are_sorted_and_do_not_depend_on_insertion_order() -> None:
    forward = "a attacks b; b attacks c; p+q supports c; u undercuts p>c; c outweighs b"
    backward = "; ".join(reversed(forward.split("; ")[:-2])) + "; u undercuts p>c; c outweighs b"
    one = grounded(Framework.from_graph(argument_graph(forward)))
    two = grounded(Framework.from_graph(argument_graph(backward)))
    assert list(one.reasons()) == sorted(one.framework.nodes)
    assert one.reasons() == two.reasons()
    assert one.reasons(["c", "a"]) == {"a": one.reason("a"), "c": one.reason("c")}
    assert one.labelled(IN) == ("a", "p", "q", "u")


def test_preferred_and_stable_extensions_are_projected_onto_nodes() -> None:
    af = Framework.from_graph(argument_graph("a attacks b; b attacks a; b attacks c; p supports c"))
    preferred = extensions(af, Semantics.PREFERRED)
    assert preferred.extensions == (("a", "c", "p"), ("b", "p"))
    assert preferred.acceptance["p"].label is IN
    assert preferred.acceptance["c"].label is UNDEC
    assert extensions(af, "stable").extensions == preferred.extensions
    assert extensions(af, "grounded").extensions == (("p",),)


# --- long circles: reasons cut to their ends ------------------------------------------------------


def _reasons_whole_and_cut(description: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Reason], dict]:
    import argmap.analysis.labelling as labelling

    af = Framework.from_graph(argument_graph(description))
    cut = grounded(af).reasons()
    monkeypatch.setattr(labelling, "WITNESS_ELEMENTS", 10**9)
    return grounded(af).reasons(), cut


@pytest.mark.parametrize(
    "description",
    [
        # a circle of 40 attacks; of 30 supports (each through its inference); a short circle feeding
        # a chain of 40 supports and a chain of 40 attacks
        "; ".join(f"a{i} attacks a{(i + 1) % 40}" for i in range(40)),
        "; ".join(f"s{i} supports s{(i + 1) % 30}" for i in range(30)) + "; x attacks s0; s0 attacks x",
        "p attacks q; q attacks p; p supports t0; "
        + "; ".join(f"t{i} supports t{i + 1}" for i in range(40))
        + "; q attacks u0; "
        + "; ".join(f"u{i} attacks u{i + 1}" for i in range(40)),
    ],
    ids=["attack-circle", "support-circle", "chains"],
)
def test_long_circles_and_paths_are_their_whole_ones_cut_to_their_ends(
    description: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argmap.analysis.labelling import WITNESS_ELEMENTS

    whole, cut = _reasons_whole_and_cut(description, monkeypatch)
    assert whole.keys() == cut.keys()
    long_ones = 0
    for node, full in whole.items():
        short = cut[node]
        if full.label is not UNDEC or short.cycle_length is None:
            assert short == full  # not long: the reason is the one it always was
            continue
        long_ones += 1
        assert (short.label, short.kind, short.undecided) == (full.label, full.kind, full.undecided)
        assert short.cycle_length == len(full.cycle)
        assert short.cycle == full.cycle[: len(short.cycle)]
        assert len(short.cycle) <= WITNESS_ELEMENTS
        assert short.path_length == len(full.path)
        if full.path:
            keep = len(short.path) - 1
            assert short.path == (full.path[0], *full.path[len(full.path) - keep :])
        else:
            assert short.path == ()
    assert long_ones > 0
