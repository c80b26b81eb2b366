"""``check --watch`` and ``render --watch``: a real process, a file edited under it, Ctrl-C (SIGINT) to stop."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from process_support import interruptible
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.cli.watch import INTERRUPTED, changes_report, finding_changes, watched
from argmap.errors import Diagnostic, Location, Severity

FIXTURES = Path(__file__).parent / "fixtures"


class Running:
    """A command running in the background, its stdout and stderr read line by line."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "ARGMAP_NO_CACHE": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "argmap", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=interruptible,
        )
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        #: Lines of each stream read but not yet returned by wait_for (the two streams interleave freely).
        self.pending: dict[str, list[str]] = {"out": [], "err": []}
        for name, stream in (("out", self.process.stdout), ("err", self.process.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name: str, stream) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))

    def wait_for(self, stream: str, text: str, timeout: float = 20.0) -> list[str]:
        """The lines of ``stream`` read until one containing ``text`` (inclusive)."""
        deadline = time.monotonic() + timeout
        got = []
        pending = self.pending[stream]
        while pending:
            line = pending.pop(0)
            got.append(line)
            if text in line:
                return got
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {text!r} on std{stream}; read {self.seen}")
            try:
                name, line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append((name, line))
            if name == stream:
                got.append(line)
                if text in line:
                    return got
            else:
                self.pending[name].append(line)

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def save(path: Path, text: str) -> None:
    """Write ``path`` whole, as editors save (a half-written file would be checked as it is)."""
    draft = path.with_name(path.name + ".draft")
    draft.write_text(text, encoding="utf-8")
    os.replace(draft, path)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "clean", tmp_path / "corpus")
    return tmp_path / "corpus"


def test_check_watch_shows_new_and_fixed_findings_and_stops_on_ctrl_c(corpus: Path):
    running = Running(["check", "--watch", "--corpus", "corpus"], corpus.parent)
    try:
        first = running.wait_for("out", "no problems found in 2 documents")
        assert first == ["no problems found in 2 documents"]
        running.wait_for("err", "watching corpus for changes (Ctrl-C to stop)")
        cars = corpus / "cars.md"
        text = cars.read_text(encoding="utf-8")
        save(cars, text.replace('supports="thesis"\ncite=', 'supports="thesys"\ncite='))
        report = running.wait_for("out", "1 new, 0 fixed")
        assert re.fullmatch(r"\[\d\d:\d\d:\d\d\] corpus/cars.md changed", report[-3])
        assert report[-2:] == [
            "new: corpus/cars.md:16:83: AM201 error: no span 'thesys' in this document; did you mean 'thesis'?",
            "1 error in 1 of 2 documents (1 new, 0 fixed)",
        ]
        typo = cars.read_text(encoding="utf-8")
        save(cars, typo.replace("---\n\n", "---\n\n\n", 1))  # the finding moves down a line
        report = running.wait_for("out", "(nothing new, nothing fixed)")
        assert report[-1] == "1 error in 1 of 2 documents (nothing new, nothing fixed)"
        save(cars, text)
        report = running.wait_for("out", "fixed)")
        assert report[-2:] == [
            "fixed: corpus/cars.md:17:83: AM201 error: no span 'thesys' in this document; did you mean 'thesis'?",
            "no problems found in 2 documents (0 new, 1 fixed)",
        ]
        assert running.interrupt() == INTERRUPTED
        assert running.wait_for("err", "stopped") == ["stopped"]
    finally:
        running.stop()


def test_render_watch_redraws_the_file(corpus: Path):
    out = corpus.parent / "map.dot"
    running = Running(["render", "--format", "dot", "-o", "map.dot", "--watch", "--corpus", "corpus"], corpus.parent)
    try:
        running.wait_for("err", "watching corpus")
        first = out.read_text(encoding="utf-8")
        assert "Close the centre to cars" in first
        cars = corpus / "cars.md"
        save(cars, cars.read_text().replace("Close the centre to cars", "Shut the centre to cars"))
        line = running.wait_for("err", "map.dot redrawn")[-1]
        assert line.endswith("] corpus/cars.md changed: map.dot redrawn")
        assert "Shut the centre to cars" in out.read_text(encoding="utf-8")
        (corpus / "notes.bak").write_text("not watched")  # neither this nor the output starts a run
        assert running.interrupt() == INTERRUPTED
        assert [line for name, line in running.seen if "changed" in line] == [line]
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--watch", "--format", "json"], "--watch prints a text report to the terminal"),
        (["check", "--watch", "--online"], "--watch prints a text report to the terminal"),
        (["render", "--watch"], "--watch redraws one map into a file: give -o FILE"),
        (["render", "--watch", "--all"], "--watch redraws one map into a file: give -o FILE"),
    ],
)
def test_watch_usage_errors(in_root, args, message):
    result = CliRunner().invoke(app, [*args, "--corpus", "tests/fixtures/clean"])
    assert result.exit_code == 2
    assert message in result.stderr


def finding(path: str, line: int, code: str = "AM201", message: str = "no span 'x'") -> Diagnostic:
    return Diagnostic(Location(path, line, 1), code, message, Severity.ERROR)


def test_findings_are_matched_by_file_code_and_message_not_line():
    before = [finding("a.md", 3), finding("a.md", 5, "AM305", "claim 'c'"), finding("b.md", 1)]
    after = [finding("a.md", 4), finding("a.md", 9), finding("b.md", 1, "AM201", "no span 'y'")]
    new, fixed = finding_changes(before, after)
    assert new == [finding("a.md", 9), finding("b.md", 1, "AM201", "no span 'y'")]
    assert fixed == [finding("a.md", 5, "AM305", "claim 'c'"), finding("b.md", 1)]
    assert changes_report([], [], after, 2) == "3 errors in 2 of 2 documents (nothing new, nothing fixed)\n"


def test_what_is_watched(tmp_path: Path):
    folders = [tmp_path]
    assert watched(str(tmp_path / "a.md"), folders)
    assert watched(str(tmp_path / "sources" / "a.txt"), folders)
    assert watched(str(tmp_path / "maps" / "m.toml"), folders)
    assert not watched(str(tmp_path / "a.svg"), folders)
    assert not watched(str(tmp_path / ".argmap-cache" / "x.txt"), folders)
    assert not watched(str(tmp_path / "out.txt"), folders, {(tmp_path / "out.txt").resolve()})
