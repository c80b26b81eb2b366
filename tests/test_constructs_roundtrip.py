"""Property tests on generated corpora that use every construct: they check clean, and the graph
survives node-link JSON and GraphML unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from generated_corpus import corpora
from hypothesis import HealthCheck, given, settings

from argmap.check.rules import check_corpus
from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import Severity
from argmap.formats.graphml import graph_from_graphml, to_graphml
from argmap.formats.nodelink import to_node_link_json
from argmap.source.parse import parse_document

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(texts: dict[str, str]):
    documents = [parse_document(text, f"{doc}.md") for doc, text in texts.items()]
    return load_corpus(Path("."), documents)


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted((u, v, k, sorted(d.items())) for u, v, k, d in a.edges(keys=True, data=True)) == sorted(
        (u, v, k, sorted(d.items())) for u, v, k, d in b.edges(keys=True, data=True)
    )
    assert a.graph["inferences"] == b.graph["inferences"]


@SETTINGS
@given(corpora())
def test_generated_corpora_check_without_errors(texts):
    findings = check_corpus(load(texts))
    assert [f for f in findings if f.severity is Severity.ERROR] == []


@SETTINGS
@given(corpora())
def test_node_link_json_round_trips_every_construct(texts):
    G = build_graph(load(texts))
    again = nx.node_link_graph(json.loads(to_node_link_json(G)), edges="links", multigraph=True, directed=True)
    same_graph(G, again)


@SETTINGS
@given(corpora())
def test_graphml_round_trips_every_construct(texts):
    G = build_graph(load(texts))
    same_graph(G, graph_from_graphml(to_graphml(G)))


@SETTINGS
@given(corpora())
def test_every_support_belongs_to_one_declared_inference(texts):
    G = build_graph(load(texts))
    inferences = G.graph["inferences"]
    for u, v, data in G.edges(data=True):
        if data["type"] == "supports":
            entry = inferences[data["inference"]]
            assert entry["conclusion"] == v
            assert u in entry["premises"]
        if data["type"] == "undercuts":
            via, _, target = data["relation"].partition(">")
            assert target == v
            assert G.has_edge(via, v, data["relation_type"])


@SETTINGS
@given(corpora())
def test_an_edges_key_is_the_key_its_attributes_come_with(texts):
    from argmap.corpus.resolve import edge_attributes, edge_key

    corpus = load(texts)
    assert [edge_key(corpus, link) for link in corpus.links] == [
        edge_attributes(corpus, link)[0] for link in corpus.links
    ]
