"""`show CLAIM` and `chains CLAIM` read the graph of the nodes around the claim, `find` the graph of
the nodes it finds (argmap.corpus.focus): every answer they give from it is the one the whole corpus
graph gives, on generated corpora that use every construct and on the shipped corpus, for every node
and several depths, and for searches of every kind."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from generated_corpus import corpora
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from argmap.analysis.chains import Polarity, chains
from argmap.analysis.queries import argument_tree, find, resolve_id, resolve_key, text_pattern
from argmap.cli import show
from argmap.corpus.focus import matching, node_ids, reach
from argmap.corpus.resolve import Corpus, build_graph, load_corpus, packaged_corpus
from argmap.errors import UnknownIdError
from argmap.source.parse import parse_document

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DEPTHS = (None, 0, 1, 2)


def load(texts: dict[str, str]) -> Corpus:
    return load_corpus(Path("."), [parse_document(text, f"{doc}.md") for doc, text in texts.items()])


def console() -> Console:
    return Console(file=io.StringIO(), width=80, color_system=None, force_terminal=False)


def claim_answers(G: nx.MultiDiGraph, node: str, depth: int | None) -> tuple[str, Any]:
    """What `argmap show NODE --depth DEPTH` prints, as text and as JSON data."""
    seen: set[str] = set()
    incoming = argument_tree(G, node, depth, "in", seen)
    outgoing = argument_tree(G, node, depth, "out", seen)
    out = console()
    show._print_claim(out, G, node, incoming, outgoing)
    ids = {t.id for tree in (incoming, outgoing) for t in tree.walk() if not t.group}
    data = (show._tree_json(incoming), show._tree_json(outgoing), show._nodes_json(G, ids))
    return out.file.getvalue(), data  # type: ignore[attr-defined]


def chain_answers(G: nx.MultiDiGraph, node: str, polarity: Polarity | None, max_length: int) -> tuple[str, Any]:
    """What `argmap chains NODE` prints, as text and as JSON data (every chain: no limit)."""
    found = chains(G, node, polarity, max_length, None)
    out = console()
    show._print_chains(out, G, found, polarity, max_length, 0)
    return out.file.getvalue(), show._chains_json(G, found, polarity, max_length, None)  # type: ignore[attr-defined]


def assert_same_answers(corpus: Corpus) -> None:
    whole = build_graph(corpus)
    for node in whole:
        around = build_graph(corpus, reach(corpus, node))
        for depth in DEPTHS:
            assert claim_answers(around, node, depth) == claim_answers(whole, node, depth), (node, depth)
        upstream = build_graph(corpus, reach(corpus, node, downstream=False))
        for polarity in (None, Polarity.SUPPORT, Polarity.OPPOSE):
            for max_length in (1, 3, 10):
                assert chain_answers(upstream, node, polarity, max_length) == chain_answers(
                    whole, node, polarity, max_length
                ), (node, polarity, max_length)


def assert_induced_subgraph(corpus: Corpus) -> None:
    whole = build_graph(corpus)
    for node in whole:
        keep = reach(corpus, node)
        around = build_graph(corpus, keep)
        expected = whole.subgraph(keep)
        assert list(around) == [n for n in whole if n in keep]  # in the whole graph's order
        assert dict(around.nodes(data=True)) == dict(expected.nodes(data=True))
        assert sorted(around.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
        for n in around:  # the same relations in the same order, where a tree reads them
            assert list(around.pred[n]) == [p for p in whole.pred[n] if p in keep]
        assert around.graph["documents"] == whole.graph["documents"]
        assert around.graph["inferences"] == {
            name: inference for name, inference in whole.graph["inferences"].items() if inference["conclusion"] in keep
        }


@SETTINGS
@given(corpora())
def test_a_claims_trees_and_chains_from_its_part_of_the_graph_are_the_whole_graphs(texts):
    assert_same_answers(load(texts))


@SETTINGS
@given(corpora())
def test_the_part_of_the_graph_is_the_subgraph_its_nodes_induce(texts):
    assert_induced_subgraph(load(texts))


@pytest.fixture(scope="module")
def shipped() -> Corpus:
    path = packaged_corpus()
    assert path is not None
    return load_corpus(path)


def test_every_claim_of_the_shipped_corpus_has_the_same_trees_and_chains(shipped):
    assert_same_answers(shipped)


def test_the_shipped_corpus_parts_are_induced_subgraphs(shipped):
    assert_induced_subgraph(shipped)


def test_a_part_is_small_where_the_argument_is(shipped):
    """The point of it: a leaf premise's chains read a handful of nodes, not the corpus."""
    whole = build_graph(shipped)
    leaves = [n for n in whole if whole.in_degree(n) == 0 and whole.out_degree(n) == 1]
    assert leaves
    for leaf in leaves:
        assert reach(shipped, leaf, downstream=False) == {leaf}
    assert all(len(reach(shipped, leaf)) < len(whole) for leaf in leaves)


def test_resolving_in_the_corpus_says_what_resolving_in_the_graph_says(shipped):
    whole = build_graph(shipped)
    ids = node_ids(shipped)
    assert set(ids) == set(whole)
    some = sorted(whole)[:40]
    locals_ = [whole.nodes[n]["local_id"] for n in some]
    probes = [*some, *locals_, "nope", "DETERRENCE", some[0].upper(), some[0][:-1], "#", "", "a#b#c"]
    for text in probes:
        try:
            expected: Any = resolve_id(whole, text)
        except UnknownIdError as exc:
            expected = ("error", str(exc), exc.candidates)
        try:
            got: Any = resolve_key(ids, text)
        except UnknownIdError as exc:
            got = ("error", str(exc), exc.candidates)
        assert got == expected, text


def find_answers(G: nx.MultiDiGraph, text: str, regex: bool) -> tuple[str, Any]:
    """What `argmap find TEXT [--regex]` prints, as text and as JSON data."""
    pattern = text_pattern(text, regex)
    matches = find(G, pattern)
    out = console()
    show._print_matches(out, G, text, pattern, matches)
    return out.file.getvalue(), show._find_json(G, text, regex, matches)  # type: ignore[attr-defined]


def assert_same_finds(corpus: Corpus, searches: list[tuple[str, bool]]) -> None:
    whole = build_graph(corpus)
    for text, regex in searches:
        found = matching(corpus, text_pattern(text, regex))
        assert found == {m.id for m in find(whole, text_pattern(text, regex))}, text
        assert find_answers(build_graph(corpus, found), text, regex) == find_answers(whole, text, regex), text


#: Searches of every kind: words, case, a label's words, punctuation, regular expressions that match
#: nothing, everything, an empty string, the start of a text.
SEARCHES = [
    ("s1", False),
    ("WORDS", False),
    ("of s", False),
    (".", False),
    ("label", False),
    ("nothing like this", False),
    (r"s[0-3]\.", True),
    ("^Words", True),
    ("x*", True),
    (".", True),
]


@SETTINGS
@given(corpora(), st.sampled_from(SEARCHES))
def test_find_from_the_graph_of_what_it_finds_is_the_whole_graphs(texts, search):
    assert_same_finds(load(texts), [search])


def test_find_on_the_shipped_corpus_reads_only_what_it_finds(shipped):
    searches = [*SEARCHES, ("deterrence", False), ("nuclear", False), (r"\bNATO\b", True), ("Kim", False)]
    assert_same_finds(shipped, searches)
    assert 0 < len(matching(shipped, text_pattern("deterrence"))) < len(node_ids(shipped))


# -- stats: counted from the corpus, the graph made of the claims it lists ---------------------------


def stats_answers(corpus: Corpus, top: int, whole: bool) -> tuple[str, Any]:
    """What `argmap stats --top TOP` prints, as text and as JSON data: from the whole graph, or as
    the command now makes it (counted from the corpus, the graph of the listed claims only)."""
    from argmap.analysis.stats import corpus_stats, corpus_stats_of

    if whole:
        G = build_graph(corpus)
        stats = corpus_stats(G, top)
    else:
        stats = corpus_stats_of(corpus, top)
        listed = {n for n, _ in (*stats.most_supported, *stats.most_attacked)} | set(stats.unsupported)
        G = build_graph(corpus, listed)
    out = console()
    show._print_stats(out, G, stats)
    return out.file.getvalue(), show._stats_json(G, stats)  # type: ignore[attr-defined]


@SETTINGS
@given(corpora(), st.integers(1, 4))
def test_stats_counted_from_the_corpus_are_the_whole_graphs(texts, top):
    from argmap.analysis.stats import corpus_stats, corpus_stats_of

    corpus = load(texts)
    assert corpus_stats_of(corpus, top) == corpus_stats(build_graph(corpus), top)
    assert stats_answers(corpus, top, whole=False) == stats_answers(corpus, top, whole=True)


@pytest.mark.parametrize("folder", ["corpus", "tests/fixtures/broken", "tests/fixtures/clean", "tests/fixtures/eval"])
def test_stats_of_real_and_broken_corpora_are_the_whole_graphs(folder):
    from argmap.analysis.stats import corpus_stats, corpus_stats_of

    corpus = load_corpus(Path(__file__).parent.parent / folder)
    for top in (1, 5, 50):
        assert corpus_stats_of(corpus, top) == corpus_stats(build_graph(corpus), top)
        assert stats_answers(corpus, top, whole=False) == stats_answers(corpus, top, whole=True)


def test_a_relation_declared_twice_is_one_link_as_it_is_one_edge():
    """corpus_stats_of counts links; the graph has an edge per (source, target, key)."""
    from argmap.analysis.stats import corpus_stats, corpus_stats_of
    from argmap.corpus.resolve import edge_key

    head = "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\n---\n\n"
    body = (
        '[C]{#c .claim} [P]{#p .premise supports="c c"} [R]{#r .rebuttal attacks="c"}\n\n'
        '[x]{ref="p" supports="c"} [y]{ref="d#p" supports="d#c"} [z]{ref="r" attacks="c"}\n\n'
        '[U]{#u .premise undercuts="p>c"} [again]{ref="u" undercuts="d#p>d#c"} [V]{#v .premise undercuts="r>c"}\n'
    )
    corpus = load({"d": head + body})
    keys = [(link.source, link.target, edge_key(corpus, link)) for link in corpus.links]
    assert len(keys) == len(set(keys)) == build_graph(corpus).number_of_edges() == 4
    assert corpus_stats_of(corpus) == corpus_stats(build_graph(corpus))


@SETTINGS
@given(corpora())
def test_every_link_is_one_edge(texts):
    from argmap.corpus.resolve import edge_key

    corpus = load(texts)
    keys = [(link.source, link.target, edge_key(corpus, link)) for link in corpus.links]
    assert len(keys) == len(set(keys)) == build_graph(corpus).number_of_edges()


# -- render: the graph of what a map draws and reads ---------------------------------------------------

RELATION_CHOICES = [
    ("supports", "attacks", "undercuts", "outweighs", "qualifies", "explains"),
    ("supports", "attacks"),
    ("attacks", "undercuts"),
    ("supports", "qualifies", "explains"),
]


def assert_same_maps(corpus: Corpus, specs: list[Any]) -> None:
    from argmap.render.maps import map_dot, nodes_in_corpus

    whole = build_graph(corpus)
    for spec in specs:
        part = build_graph(corpus, nodes_in_corpus(corpus, spec))
        assert map_dot(part, spec) == map_dot(whole, spec), spec


def claim_specs(corpus: Corpus) -> list[Any]:
    from argmap.render.maps import MapSpec

    keys = sorted(node_ids(corpus))
    specs = [
        MapSpec(claims=(key,), depth=depth, relations=relations)
        for key in keys
        for depth in (None, 0, 1, 3)
        for relations in RELATION_CHOICES
    ]
    specs += [MapSpec(documents=(doc.id,), depth=depth) for doc in corpus.documents for depth in (None, 1)]
    specs += [MapSpec(claims=tuple(keys[:2]), documents=(corpus.documents[-1].id,), depth=1)]
    return specs


@SETTINGS
@given(corpora())
def test_a_map_from_the_graph_of_what_it_reads_is_the_whole_graphs(texts):
    corpus = load(texts)
    assert_same_maps(corpus, claim_specs(corpus))


def test_every_map_around_a_claim_or_document_of_the_shipped_corpus_is_the_whole_graphs(shipped):
    from argmap.render.maps import MapSpec

    keys = sorted(node_ids(shipped))
    specs = [MapSpec(claims=(key,), depth=depth) for key in keys for depth in (None, 1)]
    specs += [MapSpec(claims=(key,), relations=("supports", "attacks")) for key in keys[::7]]
    specs += [MapSpec(documents=(doc.id,)) for doc in shipped.documents]
    assert_same_maps(shipped, specs)


def test_the_shipped_map_definitions_draw_from_the_graph_of_what_they_read(shipped):
    from argmap.render.maps import find_definitions, load_definition

    root = Path(__file__).parent.parent
    assert_same_maps(shipped, [load_definition(path) for path in find_definitions(root / "maps")])


def test_a_targets_map_is_found_in_the_corpus_as_in_the_graph(shipped):
    from argmap.errors import ArgmapError
    from argmap.render.maps import spec_for_target, spec_in_corpus

    root = Path(__file__).parent.parent
    whole = build_graph(shipped)
    keys = sorted(node_ids(shipped))
    targets = [None, *keys[::5], *[k.split("#")[1] for k in keys[::9]], *[d.id for d in shipped.documents]]
    targets += [str(p.relative_to(root)) for p in sorted((root / "maps").glob("*.toml"))][:3]
    targets += ["nope", "sohn2017#nope", "thesis", "#", "", "no-such.toml"]
    for target in targets:
        try:
            expected: Any = spec_for_target(whole, target, root / "maps")
        except ArgmapError as exc:
            expected = (type(exc), str(exc))
        try:
            got: Any = spec_in_corpus(shipped, target, root / "maps")
        except ArgmapError as exc:
            got = (type(exc), str(exc))
        assert got == expected, target


def test_a_map_naming_what_the_corpus_lacks_fails_as_from_the_whole_graph(shipped):
    from argmap.errors import MapError
    from argmap.render.maps import MapSpec, nodes_in_corpus, select_nodes

    whole = build_graph(shipped)
    for spec in (
        MapSpec(claims=("sohn2017#nope",), path="maps/x.toml"),
        MapSpec(claims=("thesis",)),
        MapSpec(documents=("sohn2071",)),
    ):
        with pytest.raises(MapError) as expected:
            select_nodes(whole, spec)
        with pytest.raises(MapError) as got:
            nodes_in_corpus(shipped, spec)
        assert str(got.value) == str(expected.value)
