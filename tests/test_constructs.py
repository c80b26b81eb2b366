"""The argument model's constructs: linked premises, undercuts, preferences, qualifications, explanations.

Each is parsed, resolved into the graph with the schema of docs/argument-model.md,
and checked; the worked examples of that page are parsed here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.check.rules import check_corpus
from argmap.corpus.resolve import build_graph, load_corpus
from argmap.model import RelationType
from argmap.source.parse import parse_document

HEAD = "---\nid: {id}\ntitle: T\nauthors: [A]\ndate: 2024-01-31\n---\n"
DOCS = Path(__file__).parent.parent / "docs" / "argument-model.md"


def corpus_of(*bodies: str, ids: tuple[str, ...] = ("d", "e", "f")):
    documents = [
        parse_document(HEAD.format(id=doc_id) + body, f"{doc_id}.md") for doc_id, body in zip(ids, bodies, strict=False)
    ]
    return load_corpus(Path("."), documents)


def graph_of(*bodies: str):
    corpus = corpus_of(*bodies)
    return build_graph(corpus), check_corpus(corpus)


def codes(*bodies: str) -> list[str]:
    return [f.code for f in check_corpus(corpus_of(*bodies))]


def edges(G, rel_type: str) -> list[tuple[str, str, dict]]:
    found = [(u, v, d) for u, v, d in G.edges(data=True) if d["type"] == rel_type]
    return sorted(found, key=lambda edge: (edge[0], edge[1], str(edge[2].get("relation"))))


# --- linked premises ----------------------------------------------------------------------------


def test_with_makes_one_linked_inference():
    G, findings = graph_of('[a]{#a .premise supports="c" with="b"} [b]{#b .premise} [c]{#c .claim}')
    assert findings == []
    assert G.graph["inferences"] == {"d#a+d#b>d#c": {"conclusion": "d#c", "premises": ["d#a", "d#b"]}}
    assert [(u, v, d["inference"]) for u, v, d in edges(G, "supports")] == [
        ("d#a", "d#c", "d#a+d#b>d#c"),
        ("d#b", "d#c", "d#a+d#b>d#c"),
    ]


def test_with_reads_escapes_as_the_other_relation_attributes_do():
    # Pandoc reads 'b\-x' as 'b-x'; a finding quotes the id as read, not as escaped
    G, findings = graph_of(r'[a]{#a .premise supports="c\-d" with="b\-x"} [b]{#b-x .premise} [c]{#c-d .claim}')
    assert findings == []
    assert list(G.graph["inferences"]) == ["d#a+d#b-x>d#c-d"]
    _, findings = graph_of(r'[a]{#a .premise supports="c" with="no\[pe"} [c]{#c .claim}')
    assert [(f.code, f.message) for f in findings] == [("AM208", "'no[pe' in with= is not an id or 'doc-id#id'")]


def test_a_partner_that_also_declares_the_support_is_the_same_inference_without_a_warning():
    G, findings = graph_of('[a]{#a .premise supports="c" with="b"} [b]{#b .premise supports="c"} [c]{#c .claim}')
    assert findings == []
    assert list(G.graph["inferences"]) == ["d#a+d#b>d#c"]


def test_without_with_each_premise_is_its_own_inference():
    G, _ = graph_of('[a]{#a .premise supports="c"} [b]{#b .premise supports="c"} [c]{#c .claim}')
    assert sorted(G.graph["inferences"]) == ["d#a>d#c", "d#b>d#c"]


def test_linked_groups_join_transitively_and_per_conclusion():
    G, findings = graph_of(
        '[a]{#a .premise supports="c e" with="b"} [b]{#b .premise supports="c" with="x"} [x]{#x .premise}'
        " [c]{#c .claim} [e]{#e .claim}"
    )
    assert findings == []
    assert G.graph["inferences"] == {
        "d#a+d#b+d#x>d#c": {"conclusion": "d#c", "premises": ["d#a", "d#b", "d#x"]},
        "d#a+d#b>d#e": {"conclusion": "d#e", "premises": ["d#a", "d#b"]},
    }


def test_with_in_a_reference_span_and_across_documents():
    G, findings = graph_of("[a]{#a .premise} [c]{#c .claim}", '[b]{#b .premise}[]{ref="d#a" supports="d#c" with="b"}')
    assert findings == []
    assert G.graph["inferences"] == {"d#a+e#b>d#c": {"conclusion": "d#c", "premises": ["d#a", "e#b"]}}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('[a]{#a .premise with="b"} [b]{#b .premise supports="c"} [c]{#c .claim}', "AM130"),
        ('[a]{#a .premise supports="c" with="r"} [r]{#r .rebuttal attacks="c"} [c]{#c .claim}', "AM212"),
        ('[a]{#a .premise supports="c" with="a"} [c]{#c .claim}', "AM311"),
        ('[r]{#r .rebuttal attacks="c" with="a"} [a]{#a .premise supports="c"} [c]{#c .claim}', "AM116"),
        ('[a]{#a .premise supports="c" with="ghost"} [c]{#c .claim}', "AM201"),
        ('[a]{#a .premise supports="c" with="b c#"} [b]{#b .premise} [c]{#c .claim}', "AM208"),
    ],
)
def test_misused_with_is_reported(body, code):
    assert code in codes(body)


# --- undercuts ------------------------------------------------------------------------------------


def test_undercut_of_a_support_names_the_inference():
    G, findings = graph_of('[p]{#p .premise supports="c"} [c]{#c .claim by="Shops"} [u]{#u .rebuttal undercuts="p>c"}')
    assert findings == []
    ((u, v, data),) = edges(G, "undercuts")
    assert (u, v) == ("d#u", "d#c")
    assert (data["relation"], data["relation_type"], data["inference"]) == ("d#p>d#c", "supports", "d#p>d#c")
    assert ("d#u", "d#c", "undercuts:d#p>d#c") in G.edges(keys=True)


def test_undercut_of_one_premise_of_a_linked_inference_targets_the_whole_inference():
    G, findings = graph_of(
        '[a]{#a .premise supports="c" with="b"} [b]{#b .premise} [c]{#c .claim}'
        ' [u]{#u .rebuttal undercuts="b>c"} [v]{#v .rebuttal undercuts="a>c"}'
    )
    assert findings == []
    assert {d["inference"] for _, _, d in edges(G, "undercuts")} == {"d#a+d#b>d#c"}


def test_undercut_of_an_attack_and_across_documents():
    G, findings = graph_of(
        '[c]{#c .claim} [r]{#r .rebuttal by="Critics" attacks="c"}',
        '[a]{#a .premise undercuts="d#r>d#c"}',
    )
    assert findings == []
    ((u, v, data),) = edges(G, "undercuts")
    assert (u, v, data["relation"], data["relation_type"]) == ("e#a", "d#c", "d#r>d#c", "attacks")
    assert "inference" not in data


def test_one_span_may_undercut_two_relations_into_one_claim():
    G, findings = graph_of(
        '[c]{#c .claim} [p]{#p .premise supports="c"} [r]{#r .rebuttal attacks="c"} [u]{#u .claim undercuts="p>c r>c"}'
    )
    assert findings == []
    assert len(edges(G, "undercuts")) == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('[c]{#c .claim} [u]{#u .rebuttal undercuts="c"}', "AM131"),
        ('[c]{#c .claim} [u]{#u .rebuttal undercuts="c>"}', "AM131"),
        ('[c]{#c .claim} [p]{#p .premise supports="c"} [u]{#u .rebuttal undercuts="c>p"}', "AM210"),
        ('[c]{#c .claim} [b]{#b .claim supports="c" attacks="c"} [u]{#u .rebuttal undercuts="b>c"}', "AM214"),
        ('[c]{#c .claim} [p]{#p .premise supports="c"} [u]{#u .premise undercuts="p>c"}', "AM310"),
        ('[c]{#c .claim} [r]{#r .rebuttal attacks="c"} [u]{#u .rebuttal undercuts="r>c"}', "AM310"),
        ('[c]{#c .claim} [p]{#p .premise supports="c"} [u]{#u .rebuttal undercuts="p>ghost"}', "AM201"),
        ('[c]{#c .claim} [p]{#p .premise supports="c"} [u]{#u .claim undercuts="u>c"}', "AM210"),
    ],
)
def test_misused_undercuts_are_reported(body, code):
    assert code in codes(body)


def test_an_undercut_declared_twice_counts_once():
    G, findings = graph_of(
        '[c]{#c .claim} [p]{#p .premise supports="c"} [u]{#u .rebuttal undercuts="p>c"}[]{ref="u" undercuts="p>c"}'
    )
    assert [f.code for f in findings] == ["AM306"]
    assert len(edges(G, "undercuts")) == 1


# --- preferences, qualifications, explanations ------------------------------------------------------


def test_outweighs_is_a_preference_edge():
    G, findings = graph_of('[x]{#x .rebuttal attacks="y" tags="concession"}, but [y]{#y .claim outweighs="x"}')
    assert findings == []
    assert [(u, v) for u, v, _ in edges(G, "outweighs")] == [("d#y", "d#x")]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('[x]{#x .claim} [y]{#y .claim outweighs="x"}', "AM211"),
        ('[x]{#x .claim attacks="y" outweighs="y"} [y]{#y .claim attacks="x" outweighs="x"}', "AM213"),
        ('[q]{#q .claim qualifies="c" attacks="c"} [c]{#c .claim}', "AM312"),
        ('[q]{#q .rebuttal qualifies="c"} [c]{#c .claim}', "AM116"),
        ('[q]{#q .rebuttal explains="c"} [c]{#c .claim}', "AM116"),
        ('[q]{#q .premise attacks="c"} [c]{#c .claim}', "AM116"),
    ],
)
def test_misused_preferences_and_qualifications_are_reported(body, code):
    assert code in codes(body)


def test_qualification_and_explanation_are_edges_of_their_own():
    G, findings = graph_of(
        '[[unless attacked]{#unless .premise qualifies="c"} we wait]{#c .claim} [b]{#b .claim}[]{ref="c" explains="b"}'
    )
    assert findings == []
    assert [(u, v) for u, v, _ in edges(G, "qualifies")] == [("d#unless", "d#c")]
    assert [(u, v) for u, v, _ in edges(G, "explains")] == [("d#c", "d#b")]


def test_a_premise_that_only_qualifies_or_undercuts_is_not_idle():
    assert codes('[q]{#q .premise qualifies="c"} [c]{#c .claim}') == []
    assert codes('[c]{#c .claim} [r]{#r .rebuttal attacks="c"} [a]{#a .premise undercuts="r>c"}') == []


@pytest.mark.parametrize("name", ["support", "attack", "refs", "undercut", "qualify", "outweigh"])
def test_a_misspelt_relation_attribute_is_an_error(name):
    doc = parse_document(HEAD.format(id="d") + f'[c]{{#c .claim {name}="x"}}', "d.md")
    ((finding,),) = [doc.diagnostics]
    assert finding.code == "AM132"
    assert "relations are lost" in finding.message


def test_an_unknown_attribute_unlike_a_relation_stays_a_warning():
    doc = parse_document(HEAD.format(id="d") + '[c]{#c .claim colour="x"}', "d.md")
    assert [d.code for d in doc.diagnostics] == ["AM120"]


def test_graph_nodes_keep_the_span_end():
    G, _ = graph_of("[ab]{#c .claim}\n[cd\nef]{#e .claim}")
    assert (G.nodes["d#c"]["line"], G.nodes["d#c"]["col"], G.nodes["d#c"]["end_line"], G.nodes["d#c"]["end_col"]) == (
        7,
        1,
        7,
        16,
    )
    assert (G.nodes["d#e"]["end_line"], G.nodes["d#e"]["end_col"]) == (9, 15)  # just after the "}"


def test_new_relation_types_are_all_in_the_vocabulary():
    assert {t.value for t in RelationType} == {
        "supports",
        "attacks",
        "undercuts",
        "outweighs",
        "qualifies",
        "explains",
    }


# --- the worked examples of docs/argument-model.md -------------------------------------------------


def _examples() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    return re.findall(r"```markdown\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("body", _examples())
def test_every_worked_example_checks_clean(body):
    assert len(_examples()) >= 6
    assert codes(body) == []


# --- trees and chains ------------------------------------------------------------------------------

TRAM = (
    "[We should build the tram.]{#thesis .claim}\n"
    '[Fees fall only if traffic falls]{#rule .premise supports="fees" with="traffic"},\n'
    'and [traffic will fall]{#traffic .premise}, so [fees will fall]{#fees .claim supports="thesis"}.\n'
    '[It costs too much]{#cost .rebuttal by="Critics" attacks="thesis"}; but\n'
    '[the cost is borne by those who gain]{#borne .premise undercuts="cost>thesis"}.\n'
    '[Both may dream of alternatives]{#dream .rebuttal attacks="no-alt" tags="concession"},\n'
    'but [there is no viable alternative]{#no-alt .premise supports="thesis" outweighs="dream"}.\n'
    '[Traffic never falls]{#never .rebuttal by="Sceptics" undercuts="rule>fees"}\n'
    '[unless the city grows]{#unless .premise qualifies="thesis"}\n'
)


def test_tree_shows_a_linked_group_as_one_reason_with_its_undercut():
    from argmap.analysis.queries import argument_tree

    G, findings = graph_of(TRAM)
    assert findings == []
    tree = argument_tree(G, "d#thesis")
    rows = [(t.id, t.relation, t.group, t.answered) for t in tree.walk()]
    assert rows == [
        ("d#thesis", None, False, False),
        ("d#fees", "supports", False, False),
        ("d#rule+d#traffic>d#fees", "supports", True, False),
        ("d#rule", "with", False, False),
        ("d#traffic", "with", False, False),
        ("d#never", "undercuts", False, False),
        ("d#no-alt", "supports", False, False),
        ("d#dream", "attacks", False, True),
        ("d#cost", "attacks", False, False),
        ("d#borne", "undercuts", False, False),
        ("d#unless", "qualifies", False, False),
    ]


def test_tree_depth_counts_group_premises_as_one_relation_and_undercuts_as_one_more():
    from argmap.analysis.queries import argument_tree

    G, _ = graph_of(TRAM)
    tree = argument_tree(G, "d#fees", depth=1)
    (group,) = tree.children
    assert [(c.id, c.relation) for c in group.children] == [("d#rule", "with"), ("d#traffic", "with")]
    assert group.hidden == 1  # the undercut is one relation further


def test_out_tree_names_the_partners_and_the_step_undercut():
    from argmap.analysis.queries import argument_tree

    G, _ = graph_of(TRAM)
    (up,) = argument_tree(G, "d#traffic", direction="out").children
    assert (up.id, up.relation, up.via) == ("d#fees", "supports", "d#rule")
    (cut,) = argument_tree(G, "d#borne", direction="out").children
    assert (cut.id, cut.relation, cut.via) == ("d#thesis", "undercuts", "d#cost")


def test_chain_signs_of_undercuts_and_skipped_notes():
    from argmap.analysis.chains import chains

    G, _ = graph_of(TRAM)
    found = {c.nodes: (c.relations, c.signs, c.polarity.value) for c in chains(G, "d#thesis").chains}
    assert found[("d#borne", "d#thesis")] == (("undercuts",), (1,), "support")
    assert found[("d#never", "d#fees", "d#thesis")] == (("undercuts", "supports"), (-1, 1), "oppose")
    assert not any("d#unless" in nodes for nodes in found)  # a qualification is no reason
    assert not any(nodes[0] == "d#no-alt" and len(nodes) > 2 for nodes in found)


def test_show_text_marks_each_construct(in_root, tmp_path):
    from typer.testing import CliRunner

    from argmap.cli.commands import app

    (tmp_path / "d.md").write_text(HEAD.format(id="d") + TRAM, encoding="utf-8")
    result = CliRunner().invoke(app, ["show", "--corpus", str(tmp_path), "d#thesis"], catch_exceptions=False)
    assert result.exit_code == 0
    out = result.stdout
    assert "+ together:" in out
    assert "& Fees fall only if traffic falls" in out
    assert "\u2298 Traffic never falls" in out
    assert "conceded and answered" in out
    assert "~ qualified: unless the city grows" in out
