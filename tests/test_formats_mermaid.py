"""Mermaid: supports and attacks distinguishable, every label escaped."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from interchange_support import corpora

from argmap.corpus.resolve import build_graph, load_corpus
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
    supports = [ln for ln in lines if "-->|supports|" in ln]
    attacks = [ln for ln in lines if "-.-x|attacks|" in ln]
    assert len(supports) == sum(1 for *_, k in graph.edges(keys=True) if k == "supports")
    assert len(attacks) == sum(1 for *_, k in graph.edges(keys=True) if k == "attacks")
    edge_lines = [ln for ln in lines if _is_link(ln)]
    styled = [int(n) for ln in lines if ln.strip().startswith("linkStyle") for n in ln.split()[1].split(",")]
    assert styled == [i for i, ln in enumerate(edge_lines) if "attacks" in ln]
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


_LINK = re.compile(r"^  [nj]\d+ (-->|---|-\.-x|-\.-|==>|-\.-o|--o)")


def _is_link(line: str) -> bool:
    return _LINK.match(line) is not None


def test_every_construct_is_drawn_and_styled():
    """Linked premises meet in an ``and`` circle; an undercut ends on a circle on the relation it undercuts."""
    graph = build_graph(load_corpus(Path(__file__).parent / "fixtures" / "constructs"))
    text = to_mermaid(graph)
    lines = text.splitlines()
    ids = {
        line.split("%% ")[1]: re.match(r"\s*(n\d+)", lines[i + 1]).group(1)
        for i, line in enumerate(lines)
        if "%% " in line
    }
    links = [ln.strip() for ln in lines if _is_link(ln)]
    junctions = {ln.split("(")[0].strip(): ln for ln in lines if ":::junction" in ln}
    assert sorted(junctions.values()) == ['  j1((" ")):::junction', '  j2(("and")):::junction']
    rule, traffic, fees = ids["tram#rule"], ids["tram#traffic"], ids["tram#fees"]
    assert [f"{rule} --- j2", f"{traffic} --- j2", f"j2 -->|supports| {fees}"] == [
        ln for ln in links if "j2" in ln and "undercuts" not in ln
    ]
    assert f"{ids['tram#never']} -.-x|undercuts| j2" in links
    assert f"{ids['tram#cost']} -.- j1" in links
    assert f"j1 -.-x|attacks| {ids['tram#thesis']}" in links
    assert f"{ids['tram#borne']} -.-x|undercuts| j1" in links
    assert f"{ids['tram#no-alt']} ==>|outweighs| {ids['tram#dream']}" in links
    assert f"{ids['tram#unless']} -.-o|qualifies| {ids['tram#works']}" in links
    assert f"{ids['tram#traffic']} --o|explains| {ids['tram#want']}" in links
    styles: dict[str, list[int]] = {}
    for line in lines:
        if line.strip().startswith("linkStyle"):
            _, numbers, style = line.split()
            styles.setdefault(style, []).extend(int(n) for n in numbers.split(","))
    by_style = {
        style: sorted(links[n].split("|")[1] if "|" in links[n] else "part" for n in ns) for style, ns in styles.items()
    }
    assert by_style == {
        "stroke:#c00,color:#c00": ["attacks", "attacks", "attacks", "attacks", "attacks", "part"],
        "stroke:#d60,color:#d60": ["undercuts", "undercuts"],
        "stroke:#777,color:#777": ["explains", "qualifies"],
    }
