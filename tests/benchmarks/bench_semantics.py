"""Benchmark of argmap.analysis.abstract on a generated corpus-shaped graph (a script, not a test).

    python tests/benchmarks/bench_semantics.py [--claims 100000] [--seed 7]

The graph imitates annotated documents: per document a thesis with a tree of
premises under it (supports point up the tree), rebuttals against premises of
the same or another document, some rebuttals backed by premises of their own,
premises answering rebuttals, theses attacking other documents' theses, and
mutual and three-way attack cycles between documents. Times are wall clock
and CPU seconds for each step; the graph's own construction is not timed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import networkx as nx

from argmap.analysis.abstract import (
    Framework,
    Label,
    Semantics,
    _grounded_core,
    derived_attacks,
    extensions,
    grounded,
    undecided_witnesses,
)
from argmap.errors import ArgmapError

T = TypeVar("T")


def generate(claims: int, seed: int) -> nx.MultiDiGraph[str]:
    rng = random.Random(seed)
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    docs: list[list[str]] = []  # per document: thesis first, then its premises

    def node(doc: int, local: str, kind: str) -> str:
        key = f"doc{doc:05d}#{local}"
        G.add_node(
            key, kind=kind, text=f"words of {local}", label=None, doc=f"doc{doc:05d}", local_id=local,
            by="someone", path=f"corpus/doc{doc:05d}.md", line=1, col=1, cite=None, tags=[],
        )  # fmt: skip
        return key

    def edge(u: str, v: str, kind: str) -> None:
        G.add_edge(u, v, key=kind, type=kind, path="corpus/x.md", line=1, col=1)

    doc = 0
    while G.number_of_nodes() < claims:
        size = min(rng.randint(20, 70), claims - G.number_of_nodes())
        thesis = node(doc, "thesis", "claim")
        tree = [thesis]
        frontier = [(thesis, 0)]
        count = 1
        target = int(size * 0.85)
        while frontier and count < target:
            parent, depth = frontier.pop(0)
            for _ in range(rng.choice((1, 2, 2, 3, 3, 4)) if depth < 5 else 0):
                if count >= target:
                    break
                premise = node(doc, f"p{count}", "premise" if rng.random() < 0.8 else "claim")
                edge(premise, parent, "supports")
                tree.append(premise)
                frontier.append((premise, depth + 1))
                count += 1
        docs.append(tree)
        while count < size:  # rebuttals, sometimes backed by a premise of their own
            rebuttal = node(doc, f"r{count}", "rebuttal")
            count += 1
            home = tree if rng.random() < 0.7 or len(docs) < 2 else docs[rng.randrange(len(docs) - 1)]
            edge(rebuttal, rng.choice(home[1:] or home), "attacks")
            if count < size and rng.random() < 0.3:
                backing = node(doc, f"b{count}", "premise")
                count += 1
                edge(backing, rebuttal, "supports")
            if rng.random() < 0.25:  # a premise answers the rebuttal (reinstatement)
                edge(rng.choice(tree[1:] or tree), rebuttal, "attacks")
        doc += 1
    theses = [tree[0] for tree in docs]
    for _ in range(len(docs) // 10):  # thesis against thesis
        a, b = rng.sample(theses, 2)
        edge(a, b, "attacks")
    for _ in range(len(docs) // 20):  # mutual attacks: even cycles
        a, b = rng.sample(theses, 2)
        edge(a, b, "attacks")
        edge(b, a, "attacks")
    for _ in range(len(docs) // 40):  # three-way: odd cycles
        a, b, c = (rng.choice(rng.choice(docs)) for _ in range(3))
        edge(a, b, "attacks")
        edge(b, c, "attacks")
        edge(c, a, "attacks")
    return G


def timed(name: str, func: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"{name:<44} {time.perf_counter() - wall:7.3f} s wall {time.process_time() - cpu:7.3f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    G = generate(args.claims, args.seed)
    supports = sum(1 for *_, k in G.edges(keys=True) if k == "supports")
    print(f"graph: {G.number_of_nodes()} arguments, {supports} supports, {G.number_of_edges() - supports} attacks")

    attacks = timed("derived attacks (derived_attacks)", lambda: derived_attacks(G))
    kinds: dict[str, int] = {}
    for attack in attacks:
        kinds[attack.kind] = kinds.get(attack.kind, 0) + 1
    print(f"  {len(attacks)} attacks: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    af = timed("framework (indexing the attacks)", lambda: Framework(tuple(sorted(G)), attacks))
    timed("grounded labels only (_grounded_core)", lambda: _grounded_core(af))
    labelling = timed("grounded labelling with reasons (grounded)", lambda: grounded(af))
    counts = {label: len(labelling.labelled(label)) for label in Label}
    print("  " + ", ".join(f"{n} {label}" for label, n in counts.items()))
    witnesses = timed("undecided witnesses, all (undecided_witnesses)", lambda: undecided_witnesses(labelling))
    longest = max((len(w.cycle) for w in witnesses.values()), default=0)
    print(f"  {len(witnesses)} witnesses, longest cycle {longest}")
    try:
        found = timed("preferred extensions (extensions)", lambda: extensions(af, Semantics.PREFERRED))
        print(f"  {len(found.extensions)} preferred extensions")
    except ArgmapError as exc:
        print(f"  refused: {exc}")
    timed("whole pipeline (graph -> labelling)", lambda: grounded(Framework.from_graph(G)))

    names = [f"c{i:06d}" for i in range(100_000)]
    chain = Framework.from_pairs(names, pairwise(names))
    timed("100,000-argument attack chain: labels only", lambda: _grounded_core(chain))
    timed("100,000-argument attack chain: with reasons", lambda: grounded(chain))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
