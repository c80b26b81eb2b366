"""The parse cache, worker processes and the compact encoding never change a result."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.bulk import gc_paused
from argmap.check.rules import check_corpus, check_paths
from argmap.cli.commands import app
from argmap.corpus import codec as compact
from argmap.corpus.cache import ParseCache, cache_from_environment
from argmap.corpus.load import ParseStats, parse_files, read_files
from argmap.corpus.resolve import discover, load_corpus, read_document
from argmap.source.parse import is_valid_reference, normalize_space, parse_document

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the broken fixture corpus (every offline code, a source text)."""
    shutil.copytree(FIXTURES / "broken", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    return tmp_path


def uncached(root: Path) -> list:
    return check_corpus(load_corpus(root, [read_document(p) for p in discover(root)]))


def cached(root: Path, cache: ParseCache) -> tuple[list, ParseStats, bool]:
    run = check_paths(root, discover(root), cache)
    return run.findings, run.stats, run.from_cache


def test_cached_findings_equal_uncached_ones_through_edits(project: Path) -> None:
    root = Path("docs")
    cache = ParseCache(Path(".argmap-cache"))
    expected = uncached(root)
    assert any(d.code == "AM206" for d in expected)

    findings, stats, whole = cached(root, cache)  # cold: everything parsed, then stored
    assert (findings, stats.parsed, whole) == (expected, len(discover(root)), False)
    findings, stats, whole = cached(root, cache)  # warm: the findings come whole
    assert (findings, stats.parsed, whole) == (expected, 0, True)

    beta = root / "beta.md"
    beta.write_text(beta.read_text("utf-8") + "\n[A new claim.]{#fresh .claim}\n", "utf-8")
    findings, stats, whole = cached(root, cache)  # one file edited: one file parsed
    assert findings == uncached(root)
    assert any("'fresh'" in d.message for d in findings)
    assert (stats.parsed, stats.cached, whole) == (1, len(discover(root)) - 1, False)

    (root / "gamma.md").unlink()  # a file deleted
    findings, stats, whole = cached(root, cache)
    assert (findings, stats.parsed) == (uncached(root), 0)

    before = findings
    source = root / "sources" / "alpha.txt"  # a source text changed: no document did
    source.write_text(source.read_text("utf-8").replace("These words were kept.", "These words were changed."), "utf-8")
    findings, stats, whole = cached(root, cache)
    assert findings == uncached(root)
    assert len(findings) == len(before) - 1  # the AM206 finding is gone
    assert (stats.parsed, whole) == (0, False)

    source.unlink()  # a source text gone: AM207, from the cache too
    findings, _, _ = cached(root, cache)
    assert findings == uncached(root)
    assert any(d.code == "AM207" for d in findings)
    findings, _, whole = cached(root, cache)
    assert whole
    assert findings == uncached(root)


def test_cli_output_is_the_same_with_and_without_the_cache(project: Path) -> None:
    runner = CliRunner()
    for output_format in ("text", "json", "sarif"):
        plain = runner.invoke(app, ["--no-cache", "check", "docs", "--format", output_format])
        cold = runner.invoke(app, ["check", "docs", "--format", output_format])
        warm = runner.invoke(app, ["check", "docs", "--format", output_format])
        assert plain.exit_code == cold.exit_code == warm.exit_code == 1
        assert plain.stdout == cold.stdout == warm.stdout
    assert (project / ".argmap-cache" / "parse").is_dir()
    assert (project / ".argmap-cache" / "CACHEDIR.TAG").read_text("utf-8").startswith("Signature: 8a477f597d28d172")


def test_no_cache_flag_and_environment_leave_no_cache_behind(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["--no-cache", "check", "docs"]).exit_code == 1
    assert runner.invoke(app, ["check", "--no-cache", "docs"]).exit_code == 1
    assert runner.invoke(app, ["--no-cache", "show", "--corpus", "docs"]).exit_code == 0
    monkeypatch.setenv("ARGMAP_NO_CACHE", "1")
    assert runner.invoke(app, ["check", "docs"]).exit_code == 1
    assert runner.invoke(app, ["show", "--corpus", "docs"]).exit_code == 0
    assert not (project / ".argmap-cache").exists()
    monkeypatch.setenv("ARGMAP_NO_CACHE", "0")
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(project / "elsewhere"))
    assert runner.invoke(app, ["check", "docs"]).exit_code == 1
    assert not (project / ".argmap-cache").exists()
    assert (project / "elsewhere" / "check").is_dir()


def test_corrupt_entries_are_misses_and_are_rewritten(project: Path) -> None:
    root = Path("docs")
    cache = ParseCache(Path(".argmap-cache"))
    expected = uncached(root)
    cached(root, cache)
    entries = sorted(Path(".argmap-cache").glob("*/*"))
    assert entries
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        damage = [b"", data[:40], data[:-1], data[:70] + bytes([data[70] ^ 1]) + data[71:], b"x" * len(data)]
        entry.write_bytes(damage[number % len(damage)])
    findings, stats, whole = cached(root, ParseCache(Path(".argmap-cache")))
    assert (findings, stats.parsed, whole) == (expected, len(discover(root)), False)
    findings, stats, whole = cached(root, ParseCache(Path(".argmap-cache")))
    assert (findings, whole) == (expected, True)


@pytest.mark.parametrize("plant", ["fifo", "dev-zero"])
def test_special_files_planted_in_the_cache_are_misses_not_hangs(project: Path, plant: str) -> None:
    """A restored CI cache or a pull request can put a FIFO or a link to /dev/zero where an entry was."""
    import json
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "argmap", "check", "--online", "docs/beta.md", "-f", "json"]
    (project / "pyproject.toml").write_text('[tool.argmap.links]\nexclude = ["."]\n', encoding="utf-8")
    before = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    entries = [*sorted(Path(".argmap-cache").glob("*/*")), Path(".argmap-cache/links.json")]
    assert len(entries) >= 3
    for entry in entries:
        entry.unlink(missing_ok=True)
        if plant == "fifo":
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    for args in (command, [sys.executable, "-m", "argmap", "show", "--corpus", "docs"]):
        after = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
        assert "Traceback" not in after.stderr
        if args is command:
            assert (after.returncode, json.loads(after.stdout)) == (before.returncode, json.loads(before.stdout))
        else:
            assert after.returncode == 0


def test_the_cache_writes_its_tag_files_through_no_planted_link(project: Path) -> None:
    Path(".argmap-cache").mkdir()
    Path(".argmap-cache/.gitignore").symlink_to(project / "victim")
    assert CliRunner().invoke(app, ["check", "docs"]).exit_code == 1
    assert not (project / "victim").exists()
    assert Path(".argmap-cache/CACHEDIR.TAG").is_file()


def test_a_valid_entry_under_another_key_is_not_used(project: Path) -> None:
    root = Path("docs")
    cached(root, ParseCache(Path(".argmap-cache")))
    other = ParseCache(Path(".argmap-cache"))
    other._fingerprint = b"another version of argmap"  # as after an upgrade
    findings, stats, whole = cached(root, other)
    assert (findings, stats.cached, whole) == (uncached(root), 0, False)


def test_an_unwritable_cache_folder_is_no_error(project: Path) -> None:
    Path("blocked").write_text("a file where the cache folder would go", "utf-8")
    cache = ParseCache(Path("blocked"))
    findings, _, _ = cached(Path("docs"), cache)
    assert findings == uncached(Path("docs"))
    assert cache.writes == 0


def test_a_cache_folder_removed_while_running_is_made_again(project: Path) -> None:
    cache = ParseCache(Path(".argmap-cache"))
    cached(Path("docs"), cache)
    shutil.rmtree(".argmap-cache")
    cached(Path("docs"), cache)
    findings, _, whole = cached(Path("docs"), cache)
    assert whole
    assert findings == uncached(Path("docs"))


def test_cache_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    for value, on in (("", True), ("0", True), ("false", True), ("1", False), ("yes", False)):
        monkeypatch.setenv("ARGMAP_NO_CACHE", value)
        assert (cache_from_environment() is not None) is on, value
    monkeypatch.delenv("ARGMAP_NO_CACHE")
    cache = cache_from_environment()
    assert cache is not None
    assert cache.root == Path(".argmap-cache")
    assert cache_from_environment(enabled=False) is None


# -- worker processes -----------------------------------------------------


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="worker processes are forked")
def test_worker_processes_make_the_same_documents(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import argmap.corpus.load

    monkeypatch.setattr(argmap.corpus.load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(argmap.corpus.load, "_can_fork", lambda: True)  # whatever threads other tests left running
    files = read_files(discover(FIXTURES / "broken") + discover(CORPUS), digests=True)
    serial = parse_files(files, jobs=1)
    stats = ParseStats()
    cache = ParseCache(tmp_path / "cache")
    parallel = parse_files(files, cache, jobs=3, stats=stats)
    assert stats.parsed_in_workers > 0
    assert [compact.encode(d) for d in parallel] == [compact.encode(d) for d in serial]
    assert [repr(d.spans) + repr(d.diagnostics) for d in parallel] == [
        repr(d.spans) + repr(d.diagnostics) for d in serial
    ]
    again = ParseStats()
    parse_files(files, cache, jobs=1, stats=again)  # the workers stored what they parsed
    assert again.cached == len(files)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="worker processes are forked")
@pytest.mark.parametrize("delivered", [0, 1])
def test_a_worker_that_dies_leaves_its_work_to_this_process(monkeypatch: pytest.MonkeyPatch, delivered: int) -> None:
    import argmap.corpus.load

    real = argmap.corpus.load._worker

    def dies(files, keys, cache, chunks, first, stop, folder):  # type: ignore[no-untyped-def]
        real(files, keys, cache, chunks, first, min(stop, first + delivered), folder)
        raise RuntimeError("a worker died")

    monkeypatch.setattr(argmap.corpus.load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(argmap.corpus.load, "CHUNK_MIN_BYTES", 0)
    monkeypatch.setattr(argmap.corpus.load, "_can_fork", lambda: True)
    monkeypatch.setattr(argmap.corpus.load, "_worker", dies)
    files = read_files(discover(FIXTURES / "broken") + discover(CORPUS))
    stats = ParseStats()
    docs = parse_files(files, jobs=2, stats=stats)
    assert (stats.parsed_in_workers > 0) == bool(delivered)
    assert [compact.encode(d) for d in docs] == [compact.encode(d) for d in parse_files(files, jobs=1)]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="worker processes are forked")
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("cost_bytes", [0, 10**12])
def test_work_meanwhile_is_done_once_here_and_changes_no_document(
    monkeypatch: pytest.MonkeyPatch, jobs: int, cost_bytes: int
) -> None:
    """A command's imports run while the workers parse (once, in this process, whatever the share),
    and this process then parses less: with a cost beyond the corpus, the workers parse it all."""
    import os

    import argmap.corpus.load
    from argmap.corpus.load import Meanwhile

    monkeypatch.setattr(argmap.corpus.load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(argmap.corpus.load, "_can_fork", lambda: True)
    files = read_files(discover(FIXTURES / "broken") + discover(CORPUS))
    ran: list[int] = []
    stats = ParseStats()
    docs = parse_files(files, jobs=jobs, stats=stats, meanwhile=Meanwhile(lambda: ran.append(os.getpid()), cost_bytes))
    assert ran == [os.getpid()]
    assert [compact.encode(d) for d in docs] == [compact.encode(d) for d in parse_files(files, jobs=1)]
    if jobs > 1 and cost_bytes:
        assert stats.parsed_in_workers == len(files)


def test_work_meanwhile_is_done_when_nothing_is_parsed(tmp_path: Path) -> None:
    from argmap.corpus.load import Meanwhile
    from argmap.corpus.resolve import load_corpus

    ran: list[str] = []
    cache = ParseCache(tmp_path / "cache")
    load_corpus(CORPUS, cache=cache)
    assert load_corpus(CORPUS, cache=cache, meanwhile=Meanwhile(lambda: ran.append("cached"), 1)).documents
    load_corpus(
        CORPUS, [read_document(p) for p in discover(CORPUS)], meanwhile=Meanwhile(lambda: ran.append("given"), 1)
    )
    assert ran == ["cached", "given"]


def test_the_share_this_process_parses_leaves_room_for_work_meanwhile() -> None:
    from argmap.corpus.load import DECODE_COST, ENCODE_COST, main_share

    assert 0.4 < main_share(1) < 0.6  # two processes, each about half
    # each process takes on half of it (as much as the decoding of what the worker takes over allows)
    per_share = 1 - DECODE_COST + 1 + ENCODE_COST
    assert main_share(1, 0.1) == pytest.approx(main_share(1) - 0.1 / per_share, abs=1e-9)
    assert main_share(1, 5.0) == 0.0


# -- the compact encoding -------------------------------------------------


def test_compact_encoding_round_trips_every_document() -> None:
    docs = [read_document(p) for p in discover(CORPUS) + discover(FIXTURES / "broken") + discover(FIXTURES / "clean")]
    docs.append(
        parse_document(
            "---\nid: d\ntitle: T\nauthors: [A]\ndate: 2024\nseen: 2024-01-02\nat: 2001-12-14t21:59:43.10-05:00\n"
            "tags: !!set {a, b}\nraw: !!binary aGVsbG8=\nodd: {2024-01-01: x, 3: y, null: z, true: w}\nf: -0.0\n---\n"
            '[x]{#a .claim cite="ftp://x"} [y]{#b .premise supports="a q#r  bad#"} [z]{.cliam}\n',
            "elsewhere/d.md",
        )
    )
    for doc in docs:
        back = compact.loads(compact.dumps(doc))
        assert back.broken_ids == doc.broken_ids
        back.broken_ids = doc.broken_ids  # a set: its repr's order is not part of the value
        assert back.meta == doc.meta
        back.meta = doc.meta  # it may hold a set too (!!set): compared by value above
        assert repr(back) == repr(doc)
        assert type(back.meta.get("seen", "")) is type(doc.meta.get("seen", ""))
    assert isinstance(docs[-1].meta["seen"], dt.date)


def test_compact_refuses_what_it_cannot_carry() -> None:
    doc = parse_document("---\nid: d\n---\n", "d.md")
    doc.meta["odd"] = object()
    with pytest.raises(compact.Unencodable):
        compact.encode(doc)
    with pytest.raises(ValueError, match="encoding"):
        compact.loads(__import__("marshal").dumps((999, ())))


# -- fast paths that must mean what the slow ones meant --------------------


def test_normalize_space_is_the_regular_expression_for_every_whitespace_character() -> None:
    import re
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() or re.match(r"\s", chr(c))]
    for ch in spaces:
        text = f"{ch}a{ch}{ch}b {ch}"
        assert normalize_space(text) == re.sub(r"\s+", " ", text).strip(), hex(ord(ch))


@pytest.mark.parametrize("ref", ["a", "a-b_c9", "doc#id", "d#", "#x", "a#b#c", "9a", "a b", "", "a#9", "é", "x\n"])
def test_is_valid_reference_is_two_ids_at_most(ref: str) -> None:
    from argmap.source.frontmatter import ID_PATTERN

    parts = ref.split("#")
    assert is_valid_reference(ref) == (len(parts) <= 2 and all(ID_PATTERN.match(p) for p in parts))


def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
