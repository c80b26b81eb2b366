"""Generate a synthetic corpus: documents x claims, with supports, attacks and cross-document links.

Run:  python tests/benchmarks/generate.py OUT_DIR --claims 100000 [--docs 100] [--seed 1]
                                                 [--sources] [--errors 0.01] [--argdown DIR]

Each document has theses (claims), premise trees under them (depth 1-3),
rebuttals of some claims, reference spans, and links to spans in other
documents (about 5% of relations). Every thesis gets at least one premise, so
the output passes ``argmap check --strict`` with no finding at all, and it is
the same for the same arguments.

``--sources`` also writes the plain text of each document to
``sources/DOC.txt`` and names it in the front matter (so the words-kept check,
AM206, runs on every line). ``--errors RATE`` replaces about RATE of the
theses with a problem that ``argmap check`` reports (broken and misspelled
references, unknown documents, duplicate ids, unknown kinds, self-relations,
repeated relations, circular supports, malformed attribute blocks), to time
the paths that report problems too. ``--argdown DIR`` also writes the same
statements and relations as Argdown (:func:`write_argdown`), for the comparison
with Argdown's parser in the benchmark suite.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS = [
    "alliance",
    "deterrence",
    "trust",
    "history",
    "security",
    "policy",
    "threat",
    "cooperation",
    "treaty",
    "region",
    "summit",
    "missile",
    "pact",
    "leaders",
    "public",
    "opinion",
    "economy",
    "trade",
    "technology",
    "nuclear",
    "forces",
    "dialogue",
    "pressure",
]

#: The problems ``--errors`` injects, in turn.
PROBLEMS = ("typo", "nodoc", "dupid", "kind", "self", "repeat", "cycle", "block")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def _problem(kind: str, n: int, doc_id: str, rng: random.Random) -> tuple[str, str]:
    """A paragraph with one problem of ``kind`` (markup, plain text). ``n`` makes its ids unique."""
    a, b = sentence(rng, 6), sentence(rng, 6)
    if kind == "typo":  # AM201 with a did-you-mean hint
        return f'[{a}]{{#e{n} .claim}} [{b}]{{#e{n}p .premise supports="e{n}x"}}', f"{a} {b}"
    if kind == "nodoc":  # AM202
        return f'[{a}]{{#e{n} .claim}} [{b}]{{#e{n}p .premise supports="nosuchdoc#e{n}"}}', f"{a} {b}"
    if kind == "dupid":  # AM203
        return f"[{a}]{{#e{n} .claim}} [{b}]{{#e{n} .claim}}", f"{a} {b}"
    if kind == "kind":  # AM111
        return f"[{a}]{{#e{n} .cliam}}", a
    if kind == "self":  # AM303
        return f'[{a}]{{#e{n} .claim attacks="e{n}"}}', a
    if kind == "repeat":  # AM306
        return (
            f'[{a}]{{#e{n} .claim}} [{b}]{{#e{n}p .premise supports="e{n}"}} '
            f'[]{{ref="e{n}p" supports="{doc_id}#e{n}"}}',
            f"{a} {b} ",
        )
    if kind == "cycle":  # AM304
        return f'[{a}]{{#e{n} .claim supports="e{n}b"}} [{b}]{{#e{n}b .claim supports="e{n}"}}', f"{a} {b}"
    # "block": AM110, the attribute block is not closed
    return f'[{a}]{{#e{n} .claim label="open', f'[{a}]{{#e{n} .claim label="open'


def generate(out: Path, claims: int, docs: int, seed: int = 1, sources: bool = False, errors: float = 0.0) -> int:
    """Write ``docs`` documents holding about ``claims`` spans in all; return the span count."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if sources:
        (out / "sources").mkdir()
    per_doc = max(2, claims // docs)
    doc_ids = [f"doc{d:05d}" for d in range(docs)]
    # ids of claims in each document that other documents may link to
    exported: dict[str, list[str]] = {d: [] for d in doc_ids}
    total = 0
    injected = 0
    for d, doc_id in enumerate(doc_ids):
        lines = [
            "---",
            f"id: {doc_id}",
            f"title: Synthetic document {d}",
            f"authors: [Author {d % 97}]",
            f"date: 20{10 + d % 15}-0{1 + d % 9}",
            "publisher: Generated",
        ]
        if sources:
            lines.append(f"source: sources/{doc_id}.txt")
        lines += ["---", ""]
        plain_lines: list[str] = []
        made = 0
        theses = 0
        while made < per_doc:
            theses += 1
            if errors and rng.random() < errors:
                markup, plain = _problem(PROBLEMS[injected % len(PROBLEMS)], injected, doc_id, rng)
                injected += 1
                made += markup.count("]{#")
                lines += [markup, ""]
                plain_lines.append(plain)
                continue
            spans: list[tuple[str, str]] = []  # (markup, plain text) of each span of the paragraph
            add = spans.append
            thesis = f"t{theses}"
            text = sentence(rng, 8)
            add((f'[{text}]{{#{thesis} .claim label="Thesis {theses} of {doc_id}"}}', text))
            made += 1
            exported[doc_id].append(thesis)
            frontier = [thesis]
            for _depth in range(rng.randint(1, 3)):
                next_frontier = []
                for parent in frontier:
                    for _ in range(rng.randint(1, 3)):
                        # the first premise of a thesis is always written, so no thesis stands alone
                        if made >= per_doc and not (parent == thesis and not next_frontier):
                            break
                        made += 1
                        pid = f"p{made}"
                        text = sentence(rng, 10)
                        add((f'[{text}]{{#{pid} .premise supports="{parent}"}}', text))
                        next_frontier.append(pid)
                frontier = next_frontier
            if made < per_doc and rng.random() < 0.5:
                made += 1
                text = sentence(rng, 9)
                add((f'[{text}]{{#r{made} .rebuttal attacks="{thesis}" by="Critic {made % 13}"}}', text))
            if d > 0 and rng.random() < 0.3:
                other = doc_ids[rng.randrange(d)]
                if exported[other]:
                    kind = rng.choice(["supports", "attacks"])
                    add((f'[]{{ref="{thesis}" {kind}="{other}#{rng.choice(exported[other])}"}}', ""))
            lines += [" ".join(markup for markup, _ in spans), ""]
            plain_lines.append(" ".join(text for _, text in spans))
        total += made
        (out / f"{doc_id}.md").write_text("\n".join(lines), encoding="utf-8")
        if sources:
            (out / "sources" / f"{doc_id}.txt").write_text("\n\n".join(plain_lines) + "\n", encoding="utf-8")
    return total


def write_argdown(corpus: Path, out: Path) -> int:
    """Write the same statements and relations as Argdown, one ``.argdown`` file per document; return the count.

    Each span becomes a statement titled by its node key, with its text; each
    support and attack becomes a relation under its source (``+>``, ``->``).
    Labels and holders are left out (Argdown has no place for them but statement
    data, which would cost it more to parse), so the Argdown side is the lighter.
    Reads the corpus with argmap itself, so the two sides hold the same claims.
    """
    from argmap.corpus.resolve import load_corpus

    loaded = load_corpus(corpus)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    outgoing: dict[str, list[tuple[str, str]]] = {}
    for link in loaded.links:
        sign = {"supports": "+>", "attacks": "->"}.get(link.type.value)
        if sign is not None:
            outgoing.setdefault(link.source, []).append((sign, link.target))
    statements = 0
    for doc in loaded.documents:
        lines = []
        for span in doc.spans:
            key = f"{doc.id}#{span.local_id}"
            lines.append(f"[{key}]: {span.text}")
            lines.extend(f"    {sign} [{target}]" for sign, target in outgoing.get(key, []))
            lines.append("")
            statements += 1
        (out / f"{doc.id}.argdown").write_text("\n".join(lines), encoding="utf-8")
    return statements


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--claims", type=int, default=10000)
    ap.add_argument("--docs", type=int, default=0, help="default: one document per 1,000 claims")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sources", action="store_true", help="write source texts and name them (AM206 runs)")
    ap.add_argument(
        "--errors", type=float, default=0.0, metavar="RATE", help="inject problems into about RATE of theses"
    )
    ap.add_argument("--argdown", type=Path, metavar="DIR", help="also write the same claims as Argdown to DIR")
    args = ap.parse_args()
    docs = args.docs or max(1, args.claims // 1000)
    total = generate(args.out, args.claims, docs, args.seed, args.sources, args.errors)
    size = sum(p.stat().st_size for p in args.out.glob("*.md"))
    print(f"wrote {docs} documents, {total} spans, {size / 1e6:.1f} MB to {args.out}")
    if args.argdown:
        statements = write_argdown(args.out, args.argdown)
        print(f"wrote {statements} Argdown statements to {args.argdown}")


if __name__ == "__main__":
    main()
