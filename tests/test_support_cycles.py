"""Circular support (AM304) against an independent answer: networkx's strongly connected components.

A set of supports is circular exactly where a strongly connected component of the
support graph has two nodes or more; `check` reports one finding for each such
component, naming a cycle inside it. `_peel_acyclic`, which spares the cycle search
on an acyclic corpus, keeps every node that lies on a cycle, and none when there is none.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.check.rules import _peel_acyclic, check_corpus
from argmap.corpus.resolve import load_corpus

HEAD = "---\nid: d\ntitle: t\nauthors: [a]\ndate: 2020\n---\n\n"

# a graph of up to 9 nodes, as (source, target) pairs without loops (a span supporting itself is AM3xx apart)
edge_lists = st.integers(2, 9).flatmap(
    lambda n: st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]), max_size=3 * n
    ).map(lambda edges: (n, sorted(set(edges))))
)
# longer graphs for the peel alone: chains and trees deeper than its bulk rounds, with or without a cycle
long_edge_lists = st.integers(2, 60).flatmap(
    lambda n: st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]), max_size=2 * n
    ).map(lambda edges: (n, edges))
)


def on_cycles(n: int, edges: list[tuple[int, int]]) -> set[str]:
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges)
    return {f"n{v}" for component in nx.strongly_connected_components(G) if len(component) > 1 for v in component}


@settings(max_examples=300, deadline=None)
@given(long_edge_lists)
def test_the_peel_keeps_every_node_on_a_cycle_and_none_without_one(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph
    kept = _peel_acyclic([f"n{s}" for s, _ in edges], [f"n{t}" for _, t in edges])
    cyclic = on_cycles(n, edges)
    assert cyclic <= kept
    assert bool(kept) == bool(cyclic)


def test_the_peel_goes_past_its_bulk_rounds_on_a_long_chain() -> None:
    chain = [(i, i + 1) for i in range(100)]
    assert _peel_acyclic([f"n{s}" for s, _ in chain], [f"n{t}" for _, t in chain]) == set()
    looped = [*chain, (100, 50)]  # a cycle n50 -> ... -> n100 -> n50 behind a long tail
    kept = _peel_acyclic([f"n{s}" for s, _ in looped], [f"n{t}" for _, t in looped])
    assert {f"n{i}" for i in range(50, 101)} <= kept


@settings(max_examples=150, deadline=None)
@given(edge_lists)
def test_one_finding_for_each_circular_component(tmp_path_factory, graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph
    folder: Path = tmp_path_factory.mktemp("cycles")
    lines = []
    for v in range(n):
        targets = " ".join(f"n{t}" for s, t in edges if s == v)
        relation = f' supports="{targets}"' if targets else ""
        lines.append(f"[Claim {v}.]{{#n{v} .claim{relation}}}")
    (folder / "d.md").write_text(HEAD + "\n\n".join(lines) + "\n", "utf-8")

    findings = [d for d in check_corpus(load_corpus(folder)) if d.code == "AM304"]

    G = nx.DiGraph(edges)
    components = [c for c in nx.strongly_connected_components(G) if len(c) > 1]
    assert len(findings) == len(components)
    named = []
    for finding in findings:
        cycle = finding.message.removeprefix("circular support: ").partition(";")[0].split(" -> ")
        nodes = [int(key.removeprefix("d#n")) for key in cycle]
        assert nodes[0] == nodes[-1]
        assert all(G.has_edge(a, b) for a, b in pairwise(nodes))
        (component,) = [c for c in components if nodes[0] in c]
        assert set(nodes) <= component
        named.append(frozenset(component))
    assert len(set(named)) == len(components)
