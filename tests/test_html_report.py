"""`argmap report`: one self-contained, safe HTML file; its live preview. (Browser tests: test_report_browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from process_support import interruptible
from report_support import CANARY, write_hostile_corpus
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.html.report import embed_json

runner = CliRunner()
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def test_embedded_json_cannot_end_its_script_element():
    text = embed_json({"a": "</script><!-- <script> \u2028\u2029 & >"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "\u2028" not in text
    assert "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!-- <script> \u2028\u2029 & >"}


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.DOTALL)
    assert found is not None
    return json.loads(found.group(1))


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@needs_dot
def test_report_of_the_corpus_is_one_file_with_a_strict_policy(in_root, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    # Nothing from outside: no src=, no stylesheet link, no URL the browser would fetch by itself.
    assert not re.search(r"<(?:link|img|iframe|object|embed)\b", page)
    assert not re.search(r"""<script[^>]*\bsrc=""", page)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1)
    policy = policy.replace("&#x27;", "'")
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    assert policy.split("; ") == [
        "default-src 'none'",
        f"script-src {_sha(script)}",
        f"style-src {_sha(style)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    data = _data(page)
    assert data["about"]["date"] == "2023-11-14"
    assert data["live"] is False
    assert {m["name"] for m in data["maps"]} >= {"us-mediation", "debate"}
    assert "corpus" not in {m["name"] for m in data["maps"]}  # debate.toml already draws the whole corpus
    assert {q["name"] for q in data["questions"]} == {p.stem for p in Path("maps").glob("*.toml")}
    # The boxes of each map are the SVG's node names, in render.to_dot's order.
    usm = next(m for m in data["maps"] if m["name"] == "us-mediation")
    for name, key in usm["boxes"].items():
        assert f"<title>{name}</title>" in usm["svg"]
        assert key in {c["id"] for c in data["claims"]}
    again = runner.invoke(app, ["report", "-o", str(tmp_path / "again.html")], catch_exceptions=False)
    assert again.exit_code == 0
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page  # deterministic


@needs_dot
def test_hostile_text_stays_in_the_data(tmp_path, monkeypatch):
    corpus = write_hostile_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--no-cache", "report", "--corpus", str(corpus), "-o", "r.html"])
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count("<script") == 2  # the data and the page's own script
    assert CANARY not in page.split('id="argmap-data">', 1)[0]  # not in the head or the static body
    data = _data(page)
    thesis = next(c for c in data["claims"] if c["id"] == "evil#thesis")
    assert "<script>window.pwned=1</script>" in thesis["text"]
    assert "\u2028" in data["readings"][0]["text"]  # kept as written in the reading view
    svg = data["maps"][0]["svg"]
    assert "<script" not in svg
    assert not re.search(r"""href=["'](?!https?:)""", svg)  # links only to http(s), as render makes them
    import xml.etree.ElementTree as ET

    for element in ET.fromstring(svg).iter():  # well-formed, and no element has an event handler or a script
        assert not element.tag.endswith("script")
        assert not any(name.lower().startswith("on") for name in element.attrib)


def test_report_usage_errors():
    assert runner.invoke(app, ["report", "--serve", "-o", "x.html"]).exit_code == 2
    assert runner.invoke(app, ["report", "--port", "8000"]).exit_code == 2


@needs_dot
def test_serve_rebuilds_when_a_document_changes(tmp_path):
    from argmap.html.serve import serve

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "clean", corpus)
    builds = []

    def build() -> str:
        builds.append(time.monotonic())
        return f"<html>{len(builds)}</html>"

    stop = threading.Event()
    ready: list[str] = []
    lines: list[str] = []
    thread = threading.Thread(
        target=serve,
        kwargs={"build": build, "watch": [corpus], "say": lines.append, "ready": ready.append, "stop": stop},
    )
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not ready and time.monotonic() < deadline:
            time.sleep(0.05)
        url = ready[0]
        assert url.startswith("http://127.0.0.1:")

        def get(path: str) -> str:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url + path, timeout=5) as response:
                return response.read().decode()

        assert get("") == "<html>1</html>"
        assert get("version") == "1"
        time.sleep(0.5)  # let the watcher start
        doc = next(corpus.glob("*.md"))
        doc.write_text(doc.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
        deadline = time.monotonic() + 15
        while get("version") == "1" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert get("version") == "2"
        assert get("") == "<html>2</html>"
        assert any(line.startswith("rebuilt after a change to") for line in lines)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_the_report_command_does_not_load_watchfiles_or_the_browser_at_start_up(in_root):
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from argmap.cli.commands import app; "
        "CliRunner().invoke(app, ['check', '--corpus', 'tests/fixtures/clean']); "
        "print(sorted(m for m in ('watchfiles', 'playwright', 'argmap.html.report', 'argmap.views.report') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=in_root)
    assert out.stdout.strip() == "[]"


@needs_dot
def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path):
    import signal
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "clean", corpus)
    argmap = Path(sys.executable).parent / "argmap"
    proc = subprocess.Popen(
        [str(argmap), "--no-cache", "report", "--serve", "--corpus", str(corpus)],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    try:
        line = proc.stderr.readline()
        match = re.match(r"serving the report on (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$", line.strip())
        assert match, line
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(match.group(1), timeout=10) as response:
            page = response.read().decode()
        assert "connect-src &#x27;self&#x27;" in page
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 130  # Ctrl-C, as for every command
        assert proc.stderr.read().strip() == "stopped"
    finally:
        if proc.poll() is None:
            proc.kill()
