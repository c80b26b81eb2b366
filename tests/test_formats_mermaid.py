"""Mermaid: supports and attacks distinguishable, every label escaped."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from interchange_support import corpora

from argmap.corpus import build_graph, load_corpus
from argmap.formats.mermaid import escape_label, to_mermaid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "hi"', "say #quot;hi#quot;"),
        ("<script>", "#lt;script#gt;"),
        ("a#b & c", "a#35;b #amp; c"),
        ("[x] {y} |z| `w`", "#91;x#93; #123;y#125; #124;z#124; #96;w#96;"),
        ("line\nbreak", "line break"),
        ("café – ok", "café – ok"),
    ],
)
def test_escape_label(text, expected):
    assert escape_label(text) == expected


def test_flowchart_shape_and_styles():
    graph = build_graph(load_corpus(corpora()[0]))
    text = to_mermaid(graph)
    lines = text.splitlines()
    assert lines[0] == "flowchart BT"
    supports = [l for l in lines if "-->|supports|" in l]
    attacks = [l for l in lines if "-.-x|attacks|" in l]
    assert len(supports) == sum(1 for *_, k in graph.edges(keys=True) if k == "supports")
    assert len(attacks) == sum(1 for *_, k in graph.edges(keys=True) if k == "attacks")
    edge_lines = [l for l in lines if "|supports|" in l or "|attacks|" in l]
    styled = [int(n) for l in lines if l.strip().startswith("linkStyle") for n in l.split()[1].split(",")]
    assert styled == [i for i, l in enumerate(edge_lines) if "attacks" in l]
    for line in lines:
        label = re.search(r'"(.*)"', line)
        if label and not line.strip().startswith("%%"):
            assert not re.search(r'[<>"`]', label.group(1)), line
    assert to_mermaid(graph) == text


def test_long_texts_are_cut_and_labels_preferred():
    graph = nx.MultiDiGraph(documents={"d": {"title": "T"}})
    graph.add_node("d#a", kind="claim", text="x" * 200, label=None, doc="d", line=1, col=1)
    graph.add_node("d#b", kind="rebuttal", text="long text", label="Short", doc="d", line=2, col=1)
    text = to_mermaid(graph)
    assert 'n1("' + "x" * 79 + '…")' in text
    assert 'n2{{"Short"}}:::rebuttal' in text
