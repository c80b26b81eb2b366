"""Import speed for brat: annotations per second on a generated corpus of 100,000 annotations.

Run: ``python tests/benchmarks/bench_brat.py [--annotations N]``. Generates essays like the persuasive-essay
corpus (a MajorClaim, Claims with a Stance, Premises with supports/attacks relations), then imports them
(read + write the annotated document) in-process, in two shapes: many essays of ~100 annotations each, and
one file holding all of them. An annotation is one line of an .ann file (entity, relation or attribute).
"""

from __future__ import annotations

import argparse
import random
import time

from argmap.formats.brat import read_brat
from argmap.formats.markdown import write_document

WORDS = [
    "the",
    "of",
    "students",
    "cooperation",
    "competition",
    "school",
    "children",
    "learn",
    "skills",
    "society",
    "people",
    "must",
    "should",
]


def essay(rng: random.Random, annotations: int) -> tuple[str, str]:
    """One essay's .txt and .ann with about ``annotations`` lines (paragraphs of ten sentences)."""
    text: list[str] = []
    length = 0
    ann: list[str] = []
    t = r = a = 0
    majors: list[str] = []
    claims: list[str] = []
    while len(ann) < annotations:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16)))
        sentence = words[0].upper() + words[1:]
        start, end = length, length + len(sentence)
        t += 1
        tid = f"T{t}"
        if not majors:
            ann.append(f"{tid}\tMajorClaim {start} {end}\t{sentence}")
            majors.append(tid)
        elif rng.random() < 0.25:
            ann.append(f"{tid}\tClaim {start} {end}\t{sentence}")
            claims.append(tid)
            a += 1
            ann.append(f"A{a}\tStance {tid} {rng.choice(['For', 'Against'])}")
        else:
            ann.append(f"{tid}\tPremise {start} {end}\t{sentence}")
            r += 1
            target = rng.choice(claims or majors)
            ann.append(f"R{r}\t{rng.choice(['supports', 'supports', 'attacks'])} Arg1:{tid} Arg2:{target}")
        piece = sentence + (".\n\n" if t % 10 == 0 else ". ")
        text.append(piece)
        length += len(piece)
    return "".join(text), "\n".join(ann) + "\n"


def run(files: list[tuple[str, str]]) -> tuple[int, float, int]:
    lines = sum(ann.count("\n") for _, ann in files)
    started = time.perf_counter()
    claims = 0
    for txt, ann in files:
        imported = read_brat(ann, txt, "bench.ann", "bench.txt")
        claims += write_document(imported, "bench", title="T", authors=["A"], date="2026").claims
    return lines, time.perf_counter() - started, claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--annotations", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    per_essay = 100
    many = [essay(rng, per_essay) for _ in range(args.annotations // per_essay)]
    one = essay(rng, args.annotations)
    for name, files in (
        ("1,000 essays x 100 annotations" if args.annotations == 100_000 else "essays", many),
        ("one file", [one]),
    ):
        lines, seconds, claims = run(files)
        print(
            f"{name}: {lines:,} annotations ({claims:,} claims written) in {seconds:.2f} s "
            f"= {lines / seconds:,.0f} annotations/s"
        )


if __name__ == "__main__":
    main()
