"""Files that are not plain documents: FIFOs, devices, odd `source:` paths. None may hang argmap or crash it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from argmap.check.rules import check_corpus
from argmap.corpus.files import atomic_write, read_regular_file
from argmap.corpus.load import display_path
from argmap.corpus.resolve import discover, load_corpus

HEAD = (
    "---\nid: {id}\ntitle: T\nauthors: [A]\ndate: 2024\n{extra}---\n\n[C.]{{#c "
    ".claim}} [P.]{{#p .premise supports=c}}\n"
)

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


def codes(root: Path) -> list[tuple[str, str]]:
    return [(Path(d.loc.path).name, d.code) for d in check_corpus(load_corpus(root))]


def test_a_fifo_named_like_a_document_is_reported_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(HEAD.format(id="a", extra=""), "utf-8")
    os.mkfifo(tmp_path / "p.md")
    (tmp_path / "z.md").symlink_to("/dev/zero")
    assert codes(tmp_path) == [("p.md", "AM100"), ("z.md", "AM100")]


def test_the_cli_reports_a_fifo_and_exits_1_quickly(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(HEAD.format(id="a", extra=""), "utf-8")
    os.mkfifo(tmp_path / "p.md")
    out = subprocess.run(
        [sys.executable, "-m", "argmap", "--no-cache", "check", "--corpus", str(tmp_path)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert out.returncode == 1
    assert "p.md:1:1: AM100 error: cannot read the file: not a regular file" in out.stdout
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("/dev/zero", "must be a path relative to the document"),
        ("/etc/hostname", "must be a path relative to the document"),
        ("zero.txt", "not a regular file"),
        ("fifo.txt", "not a regular file"),
        ('"a\\0b"', "the path contains a NUL character"),
        ("missing.txt", "No such file or directory"),
        (".", "not a regular file"),
    ],
)
def test_a_source_that_is_not_a_readable_file_is_am207(tmp_path: Path, source: str, reason: str) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "a.md").write_text(HEAD.format(id="a", extra=f"source: {source}\n"), "utf-8")
    [finding] = check_corpus(load_corpus(tmp_path))
    assert (finding.code, finding.loc.line) == ("AM207", 6)
    assert reason in finding.message


def test_read_regular_file_refuses_what_is_too_big(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x" * 100)
    assert read_regular_file(tmp_path / "f", limit=100) == b"x" * 100
    with pytest.raises(OSError, match="larger than"):
        read_regular_file(tmp_path / "f", limit=99)


def test_discovery_lists_special_files_so_that_they_are_reported(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.md")
    assert [p.name for p in discover(tmp_path)] == ["p.md"]


def test_writing_through_a_symlink_replaces_the_file_it_names_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old", "utf-8")
    (tmp_path / "link.txt").symlink_to("real.txt")
    atomic_write(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text("utf-8") == "new"


def test_writing_to_a_device_or_fifo_writes_into_it_and_never_replaces_it(tmp_path: Path) -> None:
    atomic_write("/dev/null", "x")  # as root, a rename would have replaced the device with a file
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(lambda: fifo.read_bytes())
        atomic_write(fifo, "through the pipe")
        assert reading.result(timeout=10) == b"through the pipe"
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["f"]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "shown"),
    [("..drafts/a.md", "..drafts/a.md"), ("b\udcff.md", "b\\xff.md")],  # \udcff: the byte 0xff of a name not UTF-8
)
def test_shown_paths_stay_relative_and_printable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name, shown) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(Path(name)) == shown


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_a_file_name_that_is_not_utf8_gives_valid_output(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "corpus").mkdir()
    lonely = "---\nid: a\ntitle: T\nauthors: [A]\ndate: 2024\n---\n\n[C.]{#c .claim}\n"  # AM305: a finding to show
    (tmp_path / "corpus" / os.fsdecode(b"\xff.md")).write_text(lonely, "utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "argmap", "--no-cache", "check", "--format", fmt, "-o", "report"],
        capture_output=True, cwd=tmp_path, timeout=30, check=False,
    )  # fmt: skip
    assert (out.returncode, out.stderr) == (0, b"")
    report = (tmp_path / "report").read_bytes().decode("utf-8")  # valid UTF-8
    if fmt in ("json", "sarif"):
        assert json.loads(report)
    assert "xff.md" in report


def test_a_writer_killed_mid_write_leaves_a_temp_file_the_next_write_removes(tmp_path: Path) -> None:
    """`kill -9` during `export -o` keeps the target whole but left `.out.json.XXXX.tmp` forever."""
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal\n"
            "from argmap.corpus.files import make_temp\n"
            "fd, _ = make_temp('.', 'out.json')\n"
            "os.write(fd, b'half of it')\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        cwd=tmp_path,
        check=False,
    )
    assert killed.returncode == -9
    [left] = [p.name for p in tmp_path.iterdir()]
    assert left.startswith(".out.json.")
    assert left.endswith(".tmp")
    from typer.testing import CliRunner

    from argmap.cli.commands import app

    root = Path(__file__).parent / "fixtures" / "clean"
    result = CliRunner().invoke(
        app, ["--no-cache", "export", "--corpus", str(root), "-o", str(tmp_path / "out.json")], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_only_stale_temp_files_of_the_same_target_are_removed(tmp_path: Path) -> None:
    import time

    from argmap.corpus.files import STALE_TEMP_SECONDS, remove_stale_temps

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead_pid = int(dead.stdout)
    hour_ago = time.time() - STALE_TEMP_SECONDS - 60
    names = {
        f".out.json.{dead_pid}-abcd1234.tmp": True,  # its writer is gone
        f".out.json.{os.getpid()}-abcd1234.tmp": False,  # its writer is running (this test)
        ".out.json.abcd1234.tmp": False,  # an earlier version's, fresh: perhaps being written
        ".out.json.old_1234.tmp": True,  # an earlier version's, an hour old
        f".other.json.{dead_pid}-abcd1234.tmp": False,  # another target's
        ".out.json.notours.tmp": False,  # not a name argmap makes
        "out.json": False,
    }
    for name in names:
        (tmp_path / name).write_text("x", "utf-8")
    os.utime(tmp_path / ".out.json.old_1234.tmp", (hour_ago, hour_ago))
    assert remove_stale_temps(tmp_path, "out.json") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(name for name, stale in names.items() if not stale)
    assert remove_stale_temps(tmp_path) == 1  # any target: the other one's too
