"""Benchmark of argmap.analysis on generated graphs in the new schema (a script, not a test).

    python tests/benchmarks/bench_analysis.py [--claims 1000 10000 100000] [--seed 7]

Each document has a thesis with a tree of premises under it, some of them
linked (two or three premises that support together), and rebuttals: against
premises and theses of the same or another document, some answered by a
premise that undercuts the attack, some conceded and answered by a preference
(the attacked claim outweighs them), some undercutting an inference. Some
supports cross documents; theses attack each other (mutual attacks and
three-way cycles). For each size, the times (wall and CPU seconds) of building
the framework, the grounded labelling with every node's reason, and the
graded score; the graph's own construction is not timed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import networkx as nx  # noqa: E402
from analysis_support import GraphBuilder  # noqa: E402

from argmap.analysis import Framework, Label, gradual, grounded  # noqa: E402

T = TypeVar("T")


def generate(claims: int, seed: int) -> nx.MultiDiGraph[str]:
    rng = random.Random(seed)
    b = GraphBuilder()
    count = 0
    docs: list[list[str]] = []  # per document: thesis first, then premises
    inferences: list[tuple[list[str], str]] = []
    d = 0
    while count < claims:
        size = min(rng.randint(20, 70), claims - count)
        doc = f"doc{d:05d}"
        thesis = b.node(f"{doc}#thesis")
        made = 1
        tree = [thesis]
        frontier = [(thesis, 0)]
        target = int(size * 0.8)
        while frontier and made < target:
            parent, depth = frontier.pop(0)
            for _ in range(rng.choice((1, 2, 2, 3)) if depth < 5 else 0):
                if made >= target:
                    break
                group = [b.node(f"{doc}#p{made + k}") for k in range(rng.choice((1, 1, 1, 2, 3)))]
                made += len(group)
                b.supports(group, parent)
                inferences.append((group, parent))
                tree.extend(group)
                frontier.extend((p, depth + 1) for p in group)
        docs.append(tree)
        while made < size:
            r = b.node(f"{doc}#r{made}")
            made += 1
            home = tree if rng.random() < 0.8 or len(docs) < 2 else docs[rng.randrange(len(docs) - 1)]
            roll = rng.random()
            if roll < 0.15 and inferences:  # an undercut of an inference
                group, conclusion = inferences[rng.randrange(max(0, len(inferences) - 200), len(inferences))]
                b.undercuts(r, group[0], conclusion, "supports")
                continue
            victim = rng.choice(home)
            if victim == r:
                continue
            b.edge(r, victim, "attacks")
            if roll < 0.35:  # a concession the author answers with a preference
                b.edge(victim, r, "outweighs")
            elif roll < 0.5 and made < size:  # a premise that undercuts the attack
                u = b.node(f"{doc}#u{made}")
                made += 1
                b.undercuts(u, r, victim, "attacks")
            elif roll < 0.6:  # a premise answers the rebuttal
                b.edge(rng.choice(tree), r, "attacks")
        count += made
        d += 1
    theses = [tree[0] for tree in docs]
    for _ in range(len(docs) // 5):  # another author lends a reason
        p, c = rng.choice(rng.choice(docs)), rng.choice(theses)
        if p != c and not b.G.has_edge(p, c, "supports"):
            b.supports([p], c)
    for _ in range(len(docs) // 10):
        a, c = rng.sample(theses, 2)
        b.edge(a, c, "attacks")
    for _ in range(len(docs) // 20):  # mutual attacks
        a, c = rng.sample(theses, 2)
        b.edge(a, c, "attacks")
        b.edge(c, a, "attacks")
    for _ in range(len(docs) // 40):  # three-way cycles
        x, y, z = (rng.choice(rng.choice(docs)) for _ in range(3))
        if len({x, y, z}) == 3:
            b.edge(x, y, "attacks")
            b.edge(y, z, "attacks")
            b.edge(z, x, "attacks")
    return b.G


def timed(name: str, func: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"  {name:<40} {time.perf_counter() - wall:7.3f} s wall {time.process_time() - cpu:7.3f} s CPU")
    return result


def run(G: nx.MultiDiGraph[str]) -> None:
    kinds: dict[str, int] = {}
    for *_, kind in G.edges(data="type"):
        kinds[kind] = kinds.get(kind, 0) + 1
    edges = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"{G.number_of_nodes()} nodes, {len(G.graph['inferences'])} inferences; edges: {edges}")
    af = timed("framework (Framework.from_graph)", lambda: Framework.from_graph(G))
    labelling = timed("grounded labels (grounded)", lambda: grounded(af))
    timed("grounded with every reason", lambda: grounded(af).reasons())
    counts = {label: len(labelling.labelled(label)) for label in Label}
    print("    " + ", ".join(f"{n} {label}" for label, n in counts.items()))
    scores = timed("gradual (gradual)", lambda: gradual(af))
    cyclic = scores.components
    print(
        f"    {len(cyclic)} cyclic components, largest {max((len(c.nodes) for c in cyclic), default=0)}, "
        f"most sweeps {max((c.iterations for c in cyclic), default=0)}, converged: {scores.converged}, "
        f"Lipschitz bound {scores.lipschitz:.3f}"
    )

    def whole() -> None:
        framework = Framework.from_graph(G)
        grounded(framework).reasons()
        gradual(framework)

    timed("whole: graph -> labels, reasons, scores", whole)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for claims in args.claims:
        run(generate(claims, args.seed))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
