"""GraphML: corpus -> GraphML -> graph gives the same claims and relations; networkx reads it as is."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from interchange_support import corpora

from argmap.corpus.resolve import build_graph, load_corpus
from argmap.formats.graphml import NS, graph_from_graphml, to_graphml
from argmap.formats.nodelink import LINK_KEYS, NODE_KEYS


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_round_trip_gives_the_same_graph(corpus):
    graph = build_graph(load_corpus(corpus))
    again = graph_from_graphml(to_graphml(graph))
    assert again.graph["documents"] == graph.graph["documents"]
    assert {n: {k: d[k] for k in NODE_KEYS} for n, d in again.nodes(data=True)} == {
        n: {k: d[k] for k in NODE_KEYS} for n, d in graph.nodes(data=True)
    }
    assert {(u, v, k): {a: d[a] for a in LINK_KEYS} for u, v, k, d in again.edges(keys=True, data=True)} == {
        (u, v, k): {a: d[a] for a in LINK_KEYS} for u, v, k, d in graph.edges(keys=True, data=True)
    }


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_networkx_reads_it_directly(corpus):
    graph = build_graph(load_corpus(corpus))
    raw = nx.read_graphml(io.BytesIO(to_graphml(graph).encode()), force_multigraph=True)
    assert set(raw.nodes) == set(graph.nodes)
    assert {(u, v, d["type"]) for u, v, d in raw.edges(data=True)} == set(graph.edges(keys=True))
    assert all(raw.nodes[n]["text"] == graph.nodes[n]["text"] for n in graph.nodes)
    assert all(isinstance(raw.nodes[n]["line"], int) for n in graph.nodes)


def test_ids_are_unique_and_hostile_text_survives():
    graph = nx.MultiDiGraph(documents={"d": {"title": '<t> & "q"'}})
    hostile = 'a <script>alert(1)</script> & "q" \x01 ]]> end'
    graph.add_node(
        "d#a",
        kind="claim",
        text=hostile,
        label=None,
        doc="d",
        local_id="a",
        by=None,
        path="p",
        line=1,
        col=1,
        cite=None,
        tags=["x", "y"],
    )
    graph.add_node(
        "d#b",
        kind="premise",
        text="b",
        label="L",
        doc="d",
        local_id="b",
        by="B",
        path="p",
        line=2,
        col=1,
        cite="https://e.org/?a=1&b=2",
        tags=[],
    )
    graph.add_edge("d#b", "d#a", key="supports", type="supports", path="p", line=2, col=3)
    graph.add_edge("d#b", "d#a", key="attacks", type="attacks", path="p", line=2, col=9)
    text = to_graphml(graph)
    root = ET.fromstring(text)
    ids = [e.get("id") for e in root.iter() if e.tag in (f"{{{NS}}}key", f"{{{NS}}}edge")]
    assert len(ids) == len(set(ids))
    again = graph_from_graphml(text)
    assert again.nodes["d#a"]["text"] == hostile.replace("\x01", "\ufffd")
    assert again.nodes["d#a"]["tags"] == ["x", "y"]
    assert again.nodes["d#a"]["label"] is None
    assert set(again.edges(keys=True)) == {("d#b", "d#a", "supports"), ("d#b", "d#a", "attacks")}
    assert to_graphml(graph) == text
