"""Inputs that used to take quadratic time (or worse) stay fast, and give the same findings.

Each test runs under an alarm far above its linear time (well under a second)
and far below what the quadratic version took (minutes); the benchmarks under
``tests/benchmarks/`` measure the real costs.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap.check.rules import check_corpus, check_paths
from argmap.corpus.cache import ParseCache
from argmap.corpus.resolve import discover, load_corpus
from argmap.source.parse import parse_document

FIELDS = "title: T\nauthors: [A]\ndate: 2024\n"
HEAD = f"---\nid: d\n{FIELDS}---\n"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the time bound uses SIGALRM")


@pytest.fixture(autouse=True)
def time_bound() -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("took more than 20 s: a quadratic step is back")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_paragraph_of_unclosed_links() -> None:
    doc = parse_document(HEAD + "[a](" * 40_000 + "\n\n[x]{#x .claim}\n", "d.md")
    assert [s.local_id for s in doc.spans] == ["x"]
    assert doc.diagnostics == []


def test_links_still_skip_their_destination() -> None:
    doc = parse_document(HEAD + "[see](http://x.org/(a)b) [x]{#x .claim} [y](z [w]{#w .claim}\n", "d.md")
    assert [s.local_id for s in doc.spans] == ["x", "w"]


def test_a_paragraph_of_unclosed_comments() -> None:
    doc = parse_document(HEAD + "a " + "<!--x " * 100_000 + "[x]{#x .claim}\n", "d.md")
    assert [s.local_id for s in doc.spans] == ["x"]


def test_many_broken_references_into_a_large_document(tmp_path: Path) -> None:
    big = [HEAD.replace("id: d", "id: big"), "[Root.]{#root .claim}"]
    big += [f'[P {i}.]{{#p{i} .premise supports="root"}}' for i in range(4000)]
    (tmp_path / "big.md").write_text("\n\n".join(big), "utf-8")
    other = [HEAD.replace("id: d", "id: other")]
    other += [f'[Q {i}.]{{#q{i} .premise supports="big#p{i}x"}}' for i in range(3000)]
    (tmp_path / "other.md").write_text("\n\n".join(other), "utf-8")
    findings = check_corpus(load_corpus(tmp_path))
    broken = [d for d in findings if d.code == "AM201"]
    assert len(broken) == 3000
    assert "did you mean 'p0'" in broken[0].message  # the first ones still get a hint
    assert 0 < sum("did you mean" in d.message for d in broken) < 100


def test_a_copy_of_a_large_document(tmp_path: Path) -> None:
    body = [HEAD, "[Root.]{#root .claim}"] + [f'[P {i}.]{{#p{i} .premise supports="root"}}' for i in range(10_000)]
    (tmp_path / "a.md").write_text("\n\n".join(body), "utf-8")
    (tmp_path / "b.md").write_text("\n\n".join(body), "utf-8")
    findings = check_corpus(load_corpus(tmp_path))
    assert [d.code for d in findings] == ["AM204"]


def test_front_matter_whose_aliases_explode_or_nest_is_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = "\n".join(levels)  # 9**9 values once expanded
    (tmp_path / "bomb.md").write_text(f"---\nid: bomb\n{FIELDS}{bomb}\n---\n\n[C.]{{#c .claim}}\n", "utf-8")
    (tmp_path / "loop.md").write_text(f"---\nid: loop\n{FIELDS}x: &l [1, *l]\n---\n\n[C.]{{#c .claim}}\n", "utf-8")
    deep = "[" * 990 + "]" * 990
    (tmp_path / "deep.md").write_text(f"---\nid: deep\n{FIELDS}x: {deep}\n---\n\n[C.]{{#c .claim}}\n", "utf-8")
    cache = ParseCache(tmp_path / ".cache")
    run = check_paths(tmp_path, discover(tmp_path), cache, need_corpus=True)
    refused = sorted(
        (d.loc.path.rsplit("/", 1)[-1], d.message.split(" (")[0]) for d in run.findings if d.code == "AM101"
    )
    assert refused == [
        ("bomb.md", "front matter expands to more than 10,000 values"),
        ("deep.md", "front matter nests more than 50 levels deep"),
        ("loop.md", "front matter contains a value that contains itself"),
    ]
    assert run.corpus is not None
    assert all(set(doc.meta) <= {"id"} for doc in run.corpus.documents)  # nothing downstream sees the values
    assert check_paths(tmp_path, discover(tmp_path), cache).findings == run.findings


def test_aliases_within_bounds_are_fine() -> None:
    text = f"---\nid: d\n{FIELDS}n: &n {{a: 1}}\nm: *n\nx: {'[' * 45}{']' * 45}\n---\n\n[C.]{{#c .claim}}\n"
    doc = parse_document(text, "d.md")
    assert [d.code for d in doc.diagnostics] == []
    assert doc.meta["m"] == {"a": 1}


def test_cycles_of_supports_in_a_long_chain(tmp_path: Path) -> None:
    n = 20_000
    body = [HEAD] + [f'[C {i}.]{{#c{i} .claim supports="c{(i + 1) % n}"}}' for i in range(n)]
    (tmp_path / "d.md").write_text("\n\n".join(body), "utf-8")
    findings = check_corpus(load_corpus(tmp_path))
    (cycle,) = [d for d in findings if d.code == "AM304"]
    assert cycle.message.startswith("circular support: d#c0 -> d#c1 -> ")
