"""Benchmark: argmap's scanner against markdown-it-py + mdit-py-plugins' attrs plugin.

Run:  python tests/benchmarks/bench_parse.py [--mb 4]

Prints MB/s for each on the same generated document (nested spans, code spans,
escapes, links: the constructs the grammar has to get right). markdown-it-py is
optional: `pip install markdown-it-py mdit-py-plugins` to include it.
"""

from __future__ import annotations

import argparse
import random
import time

from argmap.source.parse import parse_document
from argmap.source.scanner import scan

PARAGRAPHS = [
    'The alliance [has held for seventy years]{#c{n} .claim label="It has held"} and '
    '[[its members share a threat]{#p{n} .premise supports="c{n}"} from the north]{#q{n} .premise supports="c{n}"}.',
    'Critics [say it is fragile]{#r{n} .rebuttal attacks="c{n}" by="Critics"}, citing `code [x]{#no .claim}` '
    "and \\[escaped\\] brackets, a [link](https://example.org/{n}) and both [South Korea and Japan].",
    "Plain prose without any annotation, as most of a real article is: sentences that run on for a while "
    "before the next claim appears, with commas, quotes \u201clike these\u201d and numbers such as {n}.",
]


def make_document(target_bytes: int) -> str:
    rng = random.Random(1)
    parts = ["---\nid: bench\ntitle: Bench\nauthors: [A]\ndate: 2024\n---\n"]
    size = 0
    n = 0
    while size < target_bytes:
        para = rng.choice(PARAGRAPHS).replace("{n}", str(n))
        parts.append(para + "\n\n")
        size += len(para.encode()) + 2
        n += 1
    return "".join(parts)


def timed(fn, *args) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4.0)
    args = ap.parse_args()
    text = make_document(int(args.mb * 1_000_000))
    megabytes = len(text.encode()) / 1_000_000
    spans = len(scan(text).spans)
    print(f"document: {megabytes:.1f} MB, {spans} spans")
    t_scan = timed(scan, text)
    print(f"argmap scanner            {t_scan:7.3f} s  {megabytes / t_scan:6.1f} MB/s")
    t_parse = timed(parse_document, text, "bench.md")
    print(
        f"argmap parse_document     {t_parse:7.3f} s  {megabytes / t_parse:6.1f} MB/s"
        "  (scanner + ids, relations, positions)"
    )
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.attrs import attrs_plugin
    except ImportError:
        print("markdown-it-py + attrs plugin: not installed, skipped")
        return
    md = MarkdownIt("commonmark").use(attrs_plugin, spans=True)
    body = text.split("---\n", 2)[2]
    t_md = timed(md.parse, body)
    print(
        f"markdown-it-py + attrs    {t_md:7.3f} s  {megabytes / t_md:6.1f} MB/s  (tokens only: no columns, no checks)"
    )
    print(f"scanner is {t_md / t_scan:.1f}x faster than markdown-it-py")


if __name__ == "__main__":
    main()
