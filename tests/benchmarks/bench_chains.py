"""Benchmark of `argmap chains` on a generated 100,000-claim corpus (a script, not a test).

    python tests/benchmarks/bench_chains.py [--claims 100000] [--seed 7] [--no-process]

The corpus imitates annotated documents: per document a thesis with a tree of
premises under it, rebuttals against its premises or another document's,
rebuttals backed by premises, claims answering rebuttals (an attack on an
attacker), theses replying to a node of an earlier document (so the first
document is reached from most of the corpus), theses attacking other documents'
theses, mutual and three-way attack cycles. The relations respect what each kind may declare, so the same
graph is also written out as a corpus of Markdown documents.

In process: `argmap.analysis.chains.chains` on the built graph, for a typical thesis and
for the most attacked one, under the command's defaults and exhaustively.
As a process: `argmap chains ... --corpus DIR` on the written corpus, next to
`argmap find` with no match (which only loads the corpus), so what the chain
search adds to loading shows.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import networkx as nx

from argmap.analysis.chains import ChainSearch, Polarity, chains

T = TypeVar("T")


def generate(claims: int, seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    G.graph["documents"] = {}
    docs: list[list[str]] = []  # per document: thesis first, then its premises and claims

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
        name = f"doc{doc:05d}"
        G.graph["documents"][name] = {"id": name, "title": name, "authors": ["Someone"], "date": "2024"}
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
                kind = "premise" if rng.random() < 0.8 else "claim"
                child = node(doc, f"p{count}", kind)
                edge(child, parent, "supports")
                tree.append(child)
                frontier.append((child, depth + 1))
                count += 1
        docs.append(tree)
        while count < size:
            rebuttal = node(doc, f"r{count}", "rebuttal")
            count += 1
            home = tree if rng.random() < 0.7 or len(docs) < 2 else docs[rng.randrange(len(docs) - 1)]
            edge(rebuttal, rng.choice(home[1:] or home), "attacks")
            if count < size and rng.random() < 0.3:  # a premise backs the rebuttal
                backing = node(doc, f"b{count}", "premise")
                count += 1
                edge(backing, rebuttal, "supports")
            answers = [n for n in tree if G.nodes[n]["kind"] == "claim" and n != thesis]
            if answers and rng.random() < 0.25:  # a claim answers the rebuttal
                edge(rng.choice(answers), rebuttal, "attacks")
        doc += 1
    theses = [tree[0] for tree in docs]
    for i in range(1, len(docs)):  # a reply: a thesis attacks or supports a node of an earlier document
        if rng.random() < 0.6:
            edge(theses[i], rng.choice(docs[rng.randrange(i)]), "attacks" if rng.random() < 0.6 else "supports")
    for _ in range(len(docs) // 10):  # thesis against thesis
        a, b = rng.sample(theses, 2)
        edge(a, b, "attacks")
    for _ in range(len(docs) // 20):  # mutual attacks: even cycles
        a, b = rng.sample(theses, 2)
        edge(a, b, "attacks")
        edge(b, a, "attacks")
    for _ in range(len(docs) // 40):  # three-way cycles
        a, b, c = rng.sample(theses, 3)
        edge(a, b, "attacks")
        edge(b, c, "attacks")
        edge(c, a, "attacks")
    return G


def write_corpus(G: nx.MultiDiGraph, folder: Path) -> None:
    """One Markdown document per generated document; each relation declared on its source span."""
    by_doc: dict[str, list[str]] = {}
    for n, d in G.nodes(data="doc"):
        by_doc.setdefault(d, []).append(n)
    for doc, nodes in by_doc.items():
        lines = [f"---\nid: {doc}\ntitle: Document {doc}\nauthors: [Someone]\ndate: 2024\nlicence: none\n---\n"]
        for n in nodes:
            data = G.nodes[n]
            rels: dict[str, list[str]] = {}
            for _, target, key in G.out_edges(n, keys=True):
                shown = target if G.nodes[target]["doc"] != doc else G.nodes[target]["local_id"]
                rels.setdefault(key, []).append(shown)
            attrs = "".join(f' {key}="{" ".join(sorted(ts))}"' for key, ts in sorted(rels.items()))
            lines.append(f"[{data['text']}]{{#{data['local_id']} .{data['kind']}{attrs}}}\n")
        (folder / f"{doc}.md").write_text("\n".join(lines), encoding="utf-8")


def timed(name: str, func: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"  {name:<46} {time.perf_counter() - wall:7.3f} s wall {time.process_time() - cpu:7.3f} s CPU")
    return result


def describe(found: ChainSearch) -> str:
    why = [
        w for w, flag in (("limit", found.truncated), ("budget", found.stopped), ("max-length", found.longer)) if flag
    ]
    longest = max((len(c) for c in found.chains), default=0)
    return f"    {len(found.chains):,} chains (longest {longest}), {found.steps:,} relations followed" + (
        f"; cut by {', '.join(why)}" if why else "; complete"
    )


def process(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m argmap ARGS`` (CPU is steadier on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(f"    exit {done.returncode}: {done.stderr.strip()[:200]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def render(G: nx.MultiDiGraph, found: ChainSearch) -> int:
    """What `argmap chains` prints for ``found``, at 80 columns without colour; returns the line count."""
    import io

    from rich.console import Console

    from argmap.cli.show import _print_chains

    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None, markup=False, emoji=False, highlight=False)
    _print_chains(console, G, found, None, 10, 0)
    return out.getvalue().count("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-process", action="store_true", help="skip the timings as a process")
    args = parser.parse_args()

    G = generate(args.claims, args.seed)
    supports = sum(1 for *_, k in G.edges(keys=True) if k == "supports")
    print(
        f"graph: {G.number_of_nodes():,} claims in {len(G.graph['documents']):,} documents, "
        f"{supports:,} supports, {G.number_of_edges() - supports:,} attacks"
    )
    typical = "doc01000#thesis"
    hub = "doc00000#thesis"  # the first document: every reply chain leads back to it
    for claim in (typical, hub):
        print(f"\nchains ending at {claim} ({G.in_degree(claim)} relations in, {len(nx.ancestors(G, claim)):,} "
              "claims reach it)")  # fmt: skip
        for label, kwargs in (
            ("defaults (limit 100, max-length 10)", {}),
            ("--oppose", {"polarity": Polarity.OPPOSE}),
            ("--support", {"polarity": Polarity.SUPPORT}),
            ("--limit 0 (all chains, max-length 10)", {"limit": None}),
            ("--limit 0 --max-length 30", {"limit": None, "max_length": 30}),
        ):
            found = timed(label, lambda kw=kwargs, c=claim: chains(G, c, **kw))  # type: ignore[arg-type]
            print(describe(found))
        for label, kwargs in (("printing: defaults", {}), ("printing: --limit 0", {"limit": None})):
            found = chains(G, claim, **kwargs)  # type: ignore[arg-type]
            lines = timed(f"{label} ({len(found.chains):,} chains)", lambda f=found: render(G, f))
            print(f"    {lines:,} lines at 80 columns")

    dense = nx.gnm_random_graph(2_000, 12_000, seed=args.seed, directed=True)
    D = nx.MultiDiGraph()
    for u, v in dense.edges():
        kind = "attacks" if (u + v) % 3 == 0 else "supports"
        D.add_edge(f"g#{u}", f"g#{v}", key=kind)
    print("\ndense worst case: 2,000 claims, 12,000 random relations (simple paths explode)")
    print(describe(timed("defaults (limit 100)", lambda: chains(D, "g#0"))))
    print(describe(timed("--support (limit 100)", lambda: chains(D, "g#0", Polarity.SUPPORT))))
    print(describe(timed("--limit 10000 (budget 20,000,000)", lambda: chains(D, "g#0", limit=10_000))))
    S = nx.MultiDiGraph()
    S.add_edges_from((f"g#{u}", f"g#{v}", "supports") for u, v in dense.edges())
    print("same graph, every relation a support: --oppose can never match")
    print(describe(timed("--oppose (limit 100: budget 200,000)", lambda: chains(S, "g#0", Polarity.OPPOSE))))
    print(f"\npeak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if args.no_process:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(G, folder)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"\nas a process: `python -m argmap ... --corpus DIR` on the written corpus ({size:.1f} MB)")
        runs = (
            ("find zzz (load the corpus only)", ["find", "zzz-no-match"]),
            (f"chains {typical} --oppose", ["chains", typical, "--oppose"]),
            (f"chains {typical} --oppose --json", ["chains", typical, "--oppose", "--json"]),
            (f"chains {hub} --limit 0", ["chains", hub, "--limit", "0"]),
        )
        for label, argv in runs:
            wall, cpu = min((process([*argv, "--corpus", tmp]) for _ in range(3)), key=lambda t: t[1])
            print(f"  {label:<46} {wall:7.3f} s wall {cpu:7.3f} s CPU (least CPU of 3)")


if __name__ == "__main__":
    main()
