"""Questions asked of the graph: argument trees, theses, chains with polarity, find, stats.

Tiny graphs built here following the schema in argmap.model, one behaviour per test.
"""

from __future__ import annotations

import re
from math import perm

import networkx as nx
import pytest

from argmap.analysis.chains import Polarity, chains
from argmap.analysis.queries import (
    argument_tree,
    document_order,
    find,
    main_theses,
    overview,
    text_pattern,
    theses,
)
from argmap.analysis.stats import corpus_stats
from argmap.errors import UsageError


def build(*relations: str, docs: dict[str, dict] | None = None, **nodes: dict) -> nx.MultiDiGraph:
    """``build("a + b", "c - b")``: a supports b, c attacks b. Bare ids are in document ``d``.

    Keyword arguments give node attributes (``a={"kind": "claim"}``); ``docs`` the documents.
    """
    G = nx.MultiDiGraph()
    G.graph["documents"] = docs or {"d": {"id": "d", "title": "D", "authors": ["Ann"], "date": "2020"}}

    def add(name: str) -> str:
        key = name if "#" in name else f"d#{name}"
        if key not in G:
            doc, local = key.split("#")
            extra = nodes.get(local, {})
            G.add_node(
                key,
                kind=extra.get("kind", "premise"),
                text=extra.get("text", f"words of {local}"),
                label=extra.get("label"),
                doc=doc,
                local_id=local,
                by=extra.get("by", "Ann"),
                path=f"corpus/{doc}.md",
                line=extra.get("line", 1),
                col=extra.get("col", 1),
                cite=None,
                tags=[],
            )
        return key

    for local in nodes:
        add(local)
    for rel in relations:
        source, sign, target = rel.split()
        kind = {"+": "supports", "-": "attacks"}[sign]
        G.add_edge(add(source), add(target), key=kind, type=kind, path="corpus/d.md", line=1, col=1)
    return G


def found(G: nx.MultiDiGraph, claim: str = "d#c", **kw) -> list[tuple[list[str], str]]:
    """Each chain as (local ids from start to claim, polarity)."""
    return [([n.split("#")[1] for n in c.nodes], str(c.polarity)) for c in chains(G, claim, **kw).chains]


# --- chains -------------------------------------------------------------------------------------------


def test_a_direct_support_is_one_supporting_chain():
    assert found(build("a + c")) == [(["a", "c"], "support")]


def test_a_direct_attack_opposes():
    assert found(build("a - c")) == [(["a", "c"], "oppose")]


def test_an_attack_on_an_attacker_defends_the_claim():
    assert found(build("a - b", "b - c")) == [(["b", "c"], "oppose"), (["a", "b", "c"], "support")]


def test_a_support_of_an_attacker_opposes_the_claim():
    assert found(build("a + b", "b - c")) == [(["b", "c"], "oppose"), (["a", "b", "c"], "oppose")]


def test_an_attack_on_a_supporter_opposes_the_claim():
    assert found(build("a - b", "b + c")) == [(["b", "c"], "support"), (["a", "b", "c"], "oppose")]


def test_three_attacks_in_a_row_oppose():
    assert found(build("a - b", "b - x", "x - c"))[-1] == (["a", "b", "x", "c"], "oppose")


def test_two_attackers_of_one_claim_are_two_opposing_chains():
    assert found(build("b - c", "a - c")) == [(["a", "c"], "oppose"), (["b", "c"], "oppose")]


def test_a_node_that_both_supports_and_attacks_gives_one_chain_each():
    assert found(build("a + c", "a - c")) == [(["a", "c"], "oppose"), (["a", "c"], "support")]


def test_support_filter_keeps_only_supporting_chains():
    G = build("a - b", "b - c", "x + c")
    assert found(G, polarity=Polarity.SUPPORT) == [(["x", "c"], "support"), (["a", "b", "c"], "support")]


def test_oppose_filter_keeps_only_opposing_chains():
    G = build("a - b", "b - c", "x + c")
    assert found(G, polarity=Polarity.OPPOSE) == [(["b", "c"], "oppose")]


def test_chains_are_ordered_by_length():
    G = build("a + b", "b + c", "z + a", "y + c")
    assert [len(nodes) - 1 for nodes, _ in found(G)] == [1, 1, 2, 3]


def test_a_cycle_is_never_followed():
    # a -> b -> a is a cycle behind the claim: only simple paths count.
    G = build("a + c", "b + a", "a + b")
    assert found(G) == [(["a", "c"], "support"), (["b", "a", "c"], "support")]


def test_the_claim_itself_is_never_revisited():
    G = build("a - c", "c - a")
    assert found(G) == [(["a", "c"], "oppose")]


def test_a_self_loop_is_no_chain():
    G = build("c + c")
    assert found(G) == []


def test_diamond_gives_both_paths():
    G = build("a + b", "a + x", "b + c", "x + c")
    assert found(G) == [
        (["b", "c"], "support"),
        (["x", "c"], "support"),
        (["a", "b", "c"], "support"),
        (["a", "x", "c"], "support"),
    ]


def test_complete_digraph_has_every_simple_path_once():
    # In the complete directed graph on 5 nodes, the simple paths ending at one node
    # number 4 + 4*3 + 4*3*2 + 4*3*2*1 = 64: cycles everywhere, none followed.
    names = ["a", "b", "x", "y", "c"]
    G = build(*(f"{u} + {v}" for u in names for v in names if u != v))
    result = chains(G, "d#c", limit=None)
    assert len(result.chains) == sum(perm(4, k) for k in range(1, 5)) == 64
    assert all(len(set(ch.nodes)) == len(ch.nodes) for ch in result.chains)
    assert len({ch.nodes for ch in result.chains}) == 64
    assert not (result.truncated)
    assert not (result.stopped)
    assert not (result.longer)


def test_polarity_counts_on_a_complete_attack_graph():
    # Every relation an attack: a chain of odd length opposes, of even length supports.
    names = ["a", "b", "x", "c"]
    G = build(*(f"{u} - {v}" for u in names for v in names if u != v))
    support = chains(G, "d#c", Polarity.SUPPORT, limit=None).chains
    oppose = chains(G, "d#c", Polarity.OPPOSE, limit=None).chains
    assert sorted(len(ch) for ch in support) == [2] * 6
    assert sorted(len(ch) for ch in oppose) == [1] * 3 + [3] * 6


def test_max_length_bounds_the_chains_and_says_longer_exist():
    G = build("a + b", "b + x", "x + c")
    result = chains(G, "d#c", max_length=2)
    assert [len(ch) for ch in result.chains] == [1, 2]
    assert result.longer


def test_max_length_equal_to_the_longest_chain_reports_nothing_longer():
    G = build("a + b", "b + x", "x + c")
    result = chains(G, "d#c", max_length=3)
    assert [len(ch) for ch in result.chains] == [1, 2, 3]
    assert not result.longer


def test_limit_keeps_the_shortest_chains_and_says_more_exist():
    G = build("a + b", "b + c", "x + c")
    result = chains(G, "d#c", limit=2)
    assert [ch.nodes for ch in result.chains] == [("d#b", "d#c"), ("d#x", "d#c")]
    assert result.truncated


def test_limit_equal_to_the_count_is_not_truncated():
    G = build("a + b", "b + c", "x + c")
    result = chains(G, "d#c", limit=3)
    assert len(result.chains) == 3
    assert not result.truncated


def test_budget_stops_the_search_and_says_so():
    names = [f"n{i}" for i in range(8)] + ["c"]
    G = build(*(f"{u} + {v}" for u in names for v in names if u != v))
    result = chains(G, "d#c", limit=None, budget=1000)
    assert result.stopped
    assert result.steps == 1001
    assert 0 < len(result.chains) < 1000


def test_asking_for_every_chain_still_has_a_budget(monkeypatch):
    # 12 claims all attacking each other: about 10**8 chains end at c. "All" must still end.
    monkeypatch.setattr("argmap.analysis.chains.BUDGET_ALL", 5_000)
    names = [f"n{i}" for i in range(11)] + ["c"]
    G = build(*(f"{u} - {v}" for u in names for v in names if u != v))
    result = chains(G, "d#c", limit=None, max_length=None)
    assert result.stopped
    assert result.steps == 5_001


def test_claim_with_nothing_into_it_has_no_chains():
    G = build("c + a")
    result = chains(G, "d#c")
    assert result.chains == ()
    assert not (result.truncated)
    assert not (result.stopped)
    assert not (result.longer)


def test_bad_bounds_are_rejected():
    G = build("a + c")
    with pytest.raises(ValueError, match="max_length"):
        chains(G, "d#c", max_length=0)
    with pytest.raises(ValueError, match="limit"):
        chains(G, "d#c", limit=0)


# --- argument trees -----------------------------------------------------------------------------------


def shape(tree) -> list[tuple[str, str | None, bool, int]]:
    return [(t.id.split("#")[1], t.relation, t.repeat, t.hidden) for t in tree.walk()]


def test_tree_lists_supports_before_attacks_in_document_order():
    G = build("r - c", "b + c", "a + c", a={"line": 5}, b={"line": 2}, r={"line": 1})
    assert [t.id for t in argument_tree(G, "d#c").children] == ["d#b", "d#a", "d#r"]


def test_tree_recurses_into_what_supports_a_supporter():
    G = build("a + b", "b + c", "x - b")
    assert shape(argument_tree(G, "d#c")) == [
        ("c", None, False, 0),
        ("b", "supports", False, 0),
        ("a", "supports", False, 0),
        ("x", "attacks", False, 0),
    ]


def test_a_shared_premise_is_expanded_once_and_repeated_after():
    G = build("p + a", "p + b", "a + c", "b + c", "q + p")
    assert shape(argument_tree(G, "d#c")) == [
        ("c", None, False, 0),
        ("a", "supports", False, 0),
        ("p", "supports", False, 0),
        ("q", "supports", False, 0),
        ("b", "supports", False, 0),
        ("p", "supports", True, 0),
    ]


def test_a_cycle_ends_in_a_repeat_of_the_root():
    G = build("a + c", "c - a")
    assert shape(argument_tree(G, "d#c")) == [
        ("c", None, False, 0),
        ("a", "supports", False, 0),
        ("c", "attacks", True, 0),
    ]


def test_a_node_is_expanded_at_its_shallowest_place():
    # p is reached at depth 3 (through a, x) before it is reached at depth 1 (b): expanded at depth 1.
    G = build("x + a", "p + x", "a + c", "p + c", "q + p", a={"line": 1}, p={"line": 2})
    rows = shape(argument_tree(G, "d#c"))
    assert rows == [
        ("c", None, False, 0),
        ("a", "supports", False, 0),
        ("x", "supports", False, 0),
        ("p", "supports", True, 0),
        ("p", "supports", False, 0),
        ("q", "supports", False, 0),
    ]


def test_depth_limit_counts_the_relations_not_followed():
    G = build("a + b", "x - b", "b + c")
    assert shape(argument_tree(G, "d#c", depth=1)) == [("c", None, False, 0), ("b", "supports", False, 2)]


def test_depth_zero_is_the_root_alone():
    G = build("a + c", "b - c")
    assert shape(argument_tree(G, "d#c", depth=0)) == [("c", None, False, 2)]


def test_depth_limit_does_not_lose_a_node_seen_deeper_first():
    # With depth 2, p (depth 1 through b, depth 2 through a) keeps its child q visible.
    G = build("p + a", "a + c", "p + c", "q + p", a={"line": 1}, p={"line": 2})
    rows = shape(argument_tree(G, "d#c", depth=2))
    assert ("q", "supports", False, 0) in rows
    assert ("p", "supports", True, 0) in rows


def test_out_tree_follows_what_a_node_supports_and_attacks():
    G = build("p + a", "a - c", "c + t")
    assert shape(argument_tree(G, "d#p", direction="out")) == [
        ("p", None, False, 0),
        ("a", "supports", False, 0),
        ("c", "attacks", False, 0),
        ("t", "supports", False, 0),
    ]


def test_seen_carries_over_to_the_next_tree():
    G = build("p + a", "p + b", "q + p")
    seen: set[str] = set()
    argument_tree(G, "d#a", seen=seen)
    assert shape(argument_tree(G, "d#b", seen=seen)) == [("b", None, False, 0), ("p", "supports", True, 0)]


def test_with_a_home_document_other_documents_nodes_are_not_expanded():
    G = build("e#x - c", "e#y + e#x", "a + c", docs={"d": {}, "e": {}})
    tree = argument_tree(G, "d#c", home="d")
    assert [(t.id, t.outside, len(t.children)) for t in tree.walk()] == [
        ("d#c", False, 2),
        ("d#a", False, 0),
        ("e#x", True, 0),
    ]


def test_a_home_node_reached_through_another_document_is_still_expanded():
    # p is two relations from c through e#x (outside, not followed), three through a and b.
    G = build("p + e#x", "e#x - c", "p + b", "b + a", "a + c", "q + p", docs={"d": {}, "e": {}})
    rows = [(t.id, t.repeat, t.outside) for t in argument_tree(G, "d#c", home="d").walk()]
    assert ("d#p", False, False) in rows
    assert ("d#q", False, False) in rows


def test_a_deep_chain_does_not_hit_the_recursion_limit():
    G = build(*(f"n{i + 1} + n{i}" for i in range(3000)))
    assert sum(1 for _ in argument_tree(G, "d#n0").walk()) == 3001


# --- theses and the overview ----------------------------------------------------------------------------


def test_theses_are_the_claims_whose_id_starts_with_thesis():
    G = build(
        "thesis-cause + thesis",
        "p + thesis",
        thesis={"kind": "claim", "line": 9},
        **{"thesis-cause": {"kind": "claim", "line": 3}},
        other={"kind": "claim"},
    )
    assert theses(G, "d") == ["d#thesis-cause", "d#thesis"]


def test_a_thesis_that_bears_on_another_is_not_a_main_thesis():
    G = build(
        "thesis-cause + thesis",
        thesis={"kind": "claim", "line": 9},
        **{"thesis-cause": {"kind": "claim", "line": 3}, "thesis-two": {"kind": "claim", "line": 5}},
    )
    assert main_theses(G, theses(G, "d")) == ["d#thesis-two", "d#thesis"]


def test_without_marked_theses_the_authors_final_claims_are_theses():
    G = build(
        "p + main",
        "reported - main",
        main={"kind": "claim"},
        reported={"kind": "claim", "by": "Critics"},
        standalone={"kind": "claim", "by": "Critics"},
    )
    assert theses(G, "d") == ["d#main"]


def test_without_authors_claims_every_final_claim_is_a_thesis():
    G = build("a + b", a={"kind": "claim", "by": "X"}, b={"kind": "claim", "by": "Y", "line": 2})
    assert theses(G, "d") == ["d#b"]


def test_overview_orders_documents_by_date_then_id():
    docs = {
        "new": {"id": "new", "date": "2024"},
        "old": {"id": "old", "date": "2017-06-30"},
        "mid": {"id": "mid", "date": "2019"},
        "undated": {"id": "undated"},
    }
    G = build(docs=docs)
    assert document_order(G) == ["old", "mid", "new", "undated"]
    assert [d.id for d in overview(G)] == ["old", "mid", "new", "undated"]


def test_overview_counts_kinds_and_shows_a_shared_node_once_per_document():
    G = build(
        "p + thesis-a",
        "p + thesis-b",
        "r - p",
        **{"thesis-a": {"kind": "claim"}, "thesis-b": {"kind": "claim", "line": 2}, "r": {"kind": "rebuttal"}},
    )
    (doc,) = overview(G)
    assert doc.counts == {"claim": 2, "premise": 1, "rebuttal": 1}
    assert doc.theses == ("d#thesis-a", "d#thesis-b")
    first, second = doc.trees
    assert [t.id for t in first.walk()] == ["d#thesis-a", "d#p", "d#r"]
    assert [(t.id, t.repeat) for t in second.walk()] == [("d#thesis-b", False), ("d#p", True)]


# --- find ---------------------------------------------------------------------------------------------


def test_find_is_case_insensitive_on_text_and_label():
    G = build(a={"text": "U.S. Mediation fails", "line": 2}, b={"label": "No MEDIATION"}, c={"text": "other"})
    matches = find(G, text_pattern("mediation"))
    assert [(m.id, m.fields) for m in matches] == [("d#b", ("label",)), ("d#a", ("text",))]


def test_find_takes_text_literally_by_default():
    G = build(a={"text": "costs (a lot)"}, b={"text": "costs a lot"})
    assert [m.id for m in find(G, text_pattern("(a lot)"))] == ["d#a"]


def test_find_with_regex():
    G = build(a={"text": "GSOMIA axed"}, b={"text": "GSOMIA signed"})
    assert [m.id for m in find(G, text_pattern(r"gsomia\s+ax", regex=True))] == ["d#a"]


@pytest.mark.parametrize("pattern", ["(unclosed", "[z-a]", "a{4294967296}", "(" * 500 + ")" * 500])
def test_an_invalid_regex_is_a_usage_error(pattern):
    with pytest.raises(UsageError, match="invalid regular expression"):
        text_pattern(pattern, regex=True)


def test_an_empty_search_is_a_usage_error():
    with pytest.raises(UsageError, match="empty"):
        text_pattern("")


def test_pattern_is_compiled_case_insensitive():
    assert text_pattern("x").flags & re.IGNORECASE


# --- stats ----------------------------------------------------------------------------------------------


def test_stats_count_by_document_kind_and_relation():
    docs = {"d": {"id": "d", "title": "D", "date": "2020"}, "e": {"id": "e", "title": "E", "date": "2019"}}
    G = build("a + c", "b - c", "e#x - d#c", docs=docs, c={"kind": "claim"}, b={"kind": "rebuttal"})
    stats = corpus_stats(G)
    assert [(d.id, d.kinds, d.relations) for d in stats.documents] == [
        (
            "e",
            {"claim": 0, "premise": 1, "rebuttal": 0},
            {"supports": 0, "attacks": 1, "undercuts": 0, "outweighs": 0, "qualifies": 0, "explains": 0},
        ),
        (
            "d",
            {"claim": 1, "premise": 1, "rebuttal": 1},
            {"supports": 1, "attacks": 1, "undercuts": 0, "outweighs": 0, "qualifies": 0, "explains": 0},
        ),
    ]
    assert stats.kinds == {"claim": 1, "premise": 2, "rebuttal": 1}
    assert stats.relations == {
        "supports": 1,
        "attacks": 2,
        "undercuts": 0,
        "outweighs": 0,
        "qualifies": 0,
        "explains": 0,
    }


def test_stats_list_cross_document_relations():
    docs = {"d": {"id": "d"}, "e": {"id": "e"}}
    G = build("a + c", "e#x - d#c", docs=docs)
    assert [(e.source, e.target, e.type) for e in corpus_stats(G).cross_document] == [("e#x", "d#c", "attacks")]


def test_stats_order_cross_document_relations_oldest_document_first():
    docs = {"d": {"id": "d", "date": "2020"}, "e": {"id": "e", "date": "2019"}}
    G = build("d#a + e#x", "e#y - d#c", docs=docs)
    assert [e.source for e in corpus_stats(G).cross_document] == ["e#y", "d#a"]


def test_stats_rank_the_most_supported_and_attacked():
    G = build("a + c", "b + c", "a + x", "r - x", "s - x", "t - c", c={"line": 2}, x={"line": 3})
    stats = corpus_stats(G, top=1)
    assert stats.most_supported == (("d#c", 2),)
    assert stats.most_attacked == (("d#x", 2),)


def test_stats_break_ties_in_document_order():
    G = build("a + y", "b + x", x={"line": 1}, y={"line": 2})
    assert corpus_stats(G).most_supported == (("d#x", 1), ("d#y", 1))


def test_stats_list_claims_with_no_support():
    G = build("a + c", "r - u", c={"kind": "claim"}, u={"kind": "claim", "line": 2}, p={"kind": "premise"})
    assert corpus_stats(G).unsupported == ("d#u",)


def test_stats_count_an_undercut_as_an_undercut_on_a_corpus_graph(tmp_path):
    """A graph made from documents keys an undercut by the step it attacks ("undercuts:a>c"):
    stats counts it under its type, once, and lists it across documents by its type."""
    from pathlib import Path

    from argmap.corpus.resolve import build_graph, load_corpus
    from argmap.source.parse import parse_document

    head = "---\nid: {0}\ntitle: {0}\nauthors: [A]\ndate: 2020\n---\n\n"
    texts = {
        "d": head.format("d") + '[C]{#c .claim} [P]{#p .premise supports="c"} [R]{#r .rebuttal attacks="c"}\n',
        "e": head.format("e") + '[U]{#u .premise undercuts="d#p>d#c"} [V]{#v .premise undercuts="d#r>d#c"}\n',
    }
    corpus = load_corpus(Path("."), [parse_document(text, f"{doc}.md") for doc, text in texts.items()])
    stats = corpus_stats(build_graph(corpus))
    assert stats.relations == {
        "supports": 1,
        "attacks": 1,
        "undercuts": 2,
        "outweighs": 0,
        "qualifies": 0,
        "explains": 0,
    }
    assert [d.relations["undercuts"] for d in stats.documents] == [0, 2]
    assert sorted((e.source, e.type) for e in stats.cross_document) == [("e#u", "undercuts"), ("e#v", "undercuts")]


def test_every_reader_types_an_edge_by_its_key_when_it_has_no_type_attribute(tmp_path):
    """Graphs without ``type`` are typed by the key up to ':' (as argmap.analysis.framework and stats
    read them): an undercut's key is "undercuts:a>c", not a type. Chains, trees, the claim views, who
    says what, the report's counts, maps and GraphML took the whole key for the type, so they dropped
    the undercut or showed it as a relation of an unknown type; they read such a graph as its typed twin."""
    from pathlib import Path

    from argmap.corpus.resolve import build_graph, load_corpus
    from argmap.formats.graphml import to_graphml
    from argmap.render.dot import to_dot
    from argmap.source.parse import parse_document
    from argmap.views.claim import claim_views
    from argmap.views.overview import outlines, who_says_what
    from argmap.views.report import make_about, report_view

    head = "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\n---\n\n"
    text = (
        head + '[C]{#thesis .claim} [P]{#p .premise supports="thesis"} [R]{#r .rebuttal attacks="thesis"}\n'
        '[U]{#u .rebuttal undercuts="p>thesis"} [V]{#v .premise undercuts="r>thesis"} [Q]{#q .premise qualifies="u"}\n'
    )
    (tmp_path / "d.md").write_text(text, encoding="utf-8")
    typed = build_graph(load_corpus(Path(tmp_path), [parse_document(text, str(tmp_path / "d.md"))]))
    bare = typed.copy()
    for _, _, data in bare.edges(data=True):
        del data["type"]

    def readings(G):
        about = make_about("0", None, "2020-01-01", "corpus")
        return {
            "chains": chains(G, "d#thesis").chains,
            "tree": argument_tree(G, "d#thesis"),
            "out": [argument_tree(G, n, direction="out") for n in sorted(G)],
            "theses": theses(G, "d"),
            "claims": claim_views(G),
            "outlines": outlines(G),
            "who": who_says_what(G, ["d#thesis"]),
            "counts": report_view(G, title="T", about=about).counts,
            "dot": to_dot(G),
        }

    assert readings(bare) == readings(typed)
    assert to_graphml(bare) == to_graphml(typed)
