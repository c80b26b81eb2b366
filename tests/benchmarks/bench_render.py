"""How long Graphviz's ``dot`` takes to lay out argmap maps as they grow.

Run: ``python tests/benchmarks/bench_render.py [SIZES...]`` (default 100 500 1000 2000 5000).
Prints one row per size and shape: the DOT size, then CPU seconds of ``dot -Tsvg``
with argmap's default layout, with its fast layout (``render.FAST_LAYOUT``), and
fast without document clusters (what ``--no-group`` gives).
"nan" means ``dot`` failed (Graphviz 2.43: "trouble in init_rank").
The maps are synthetic but shaped like the corpus: documents of about 40
spans, each a few claims over trees of premises (about 3 reasons each), some
rebuttals, and relations across documents: 10 per 100 spans ("sparse", like
the shipped corpus) or 50 per 100 ("dense", a heavily cross-referenced debate). The
README's render section and ``render.FAST_LAYOUT_THRESHOLD`` come from these numbers.
"""

from __future__ import annotations

import random
import resource
import subprocess
import time

import networkx as nx

from argmap.render.dot import View, to_dot

TIMEOUT = 600.0
WORDS = ["alliance", "deterrence", "Seoul", "Tokyo", "Washington", "history", "security", "nuclear", "threat", "policy"]


def corpus_like(n: int, cross: float = 0.1, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    docs: dict[str, dict[str, object]] = {}
    node = 0
    while node < n:
        doc = f"doc{len(docs):03d}"
        docs[doc] = {"title": f"Document {doc}", "authors": ["A. Author"], "date": "2024"}
        size = min(n - node, rng.randint(30, 50))
        keys: list[str] = []
        for i in range(size):
            key = f"{doc}#s{i}"
            if i < 3:
                kind, parent = "claim", None
            else:
                kind = "rebuttal" if rng.random() < 0.1 else "premise"
                parent = keys[rng.randrange(max(1, (i - 1) // 3 + 1))]  # about 3 children each
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
            G.add_node(
                key,
                kind=kind,
                text=text,
                label=text[:55],
                doc=doc,
                local_id=f"s{i}",
                by="A. Author",
                path=f"{doc}.md",
                line=i + 1,
                col=1,
                cite=None,
                tags=[],
            )
            if parent:
                rel = "attacks" if kind == "rebuttal" else "supports"
                G.add_edge(key, parent, key=rel, type=rel, path=f"{doc}.md", line=i + 1, col=1)
            keys.append(key)
            node += 1
    G.graph["documents"] = docs
    nodes = sorted(G)
    for _ in range(int(n * cross)):
        u, v = rng.sample(nodes, 2)
        if u.split("#")[0] != v.split("#")[0]:
            rel = rng.choice(["supports", "attacks"])
            G.add_edge(u, v, key=rel, type=rel, path="x.md", line=1, col=1)
    return G


def time_dot(source: str) -> float | None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run(
            ["dot", "-Tsvg", "-o", "/dev/null"], input=source.encode(), capture_output=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode:
        return float("nan")  # dot failed (Graphviz 2.43 on big clustered maps: "trouble in init_rank")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(sizes: list[int]) -> None:
    print("shape   claims  DOT KB  build s  default s  fast s  fast, no clusters s", flush=True)
    for shape, cross, n in [(s, c, n) for s, c in (("sparse", 0.1), ("dense", 0.5)) for n in sizes]:
        G = corpus_like(n, cross)
        start = time.perf_counter()
        default = to_dot(G, view=View(title="bench", fast=False, group=True))
        build = time.perf_counter() - start
        fast = to_dot(G, view=View(title="bench", fast=True, group=True))
        flat = to_dot(G, view=View(title="bench", fast=True, group=False))
        t_default = time_dot(default)
        t_fast = time_dot(fast)
        t_flat = time_dot(flat)
        show = lambda t: f"{t:9.2f}" if t is not None else f"  >{TIMEOUT:.0f}"  # noqa: E731
        times = f"{show(t_default)}  {show(t_fast)}  {show(t_flat)}"
        print(f"{shape:6s}  {n:6d}  {len(default) // 1024:6d}  {build:7.2f}  {times}", flush=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Layout time of dot -Tsvg on generated maps, by size and settings.")
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 500, 1000, 2000, 5000], help="claims per map")
    main(parser.parse_args().sizes)
