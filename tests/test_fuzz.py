"""Hostile documents through every command: no traceback, no hang, every finding where it says.

Real documents (the shipped corpus and the fixtures) are mutated at the token
level: brackets, braces, quotes, backslashes, nested and reference spans,
code fences and spans, HTML comments, CRLF and lone CR, a byte-order mark,
tabs, bidirectional controls, zero-width, combining and astral characters,
very long lines. Then:

* the core (parse, resolve, check, every report format) must not raise, and
  every finding's line and column must point inside the file, at the
  character it names (a span's ``[``, a target's first character, ...);
* every command, run in-process, must exit 0, 1 or 2 without a traceback;
  its JSON must parse, ``dot`` must accept its DOT, and its SVG must parse
  as XML.

The default budget keeps both tests under a minute together (the examples are
fixed, so CI is repeatable); ``ARGMAP_FUZZ_LONG=1`` runs ten times as many,
new ones each run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.check.findings import format_github, format_json, format_sarif, format_text
from argmap.check.rules import check_corpus
from argmap.cli.commands import app
from argmap.corpus.files import normalize_newlines
from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import Diagnostic
from argmap.render.dot import to_dot
from argmap.source.scanner import unescape

ROOT = Path(__file__).parent.parent
LONG = os.environ.get("ARGMAP_FUZZ_LONG", "") not in ("", "0")
#: Examples of each test: the core (fast) and every command (a few hundred milliseconds each).
CORE_EXAMPLES = 15_000 if LONG else 1_500
COMMAND_EXAMPLES = 500 if LONG else 50

SEEDS = sorted(
    p
    for folder in ("corpus", "tests/fixtures/clean", "tests/fixtures/broken", "tests/fixtures/eval")
    for p in (ROOT / folder).glob("*.md")
    if p.name != "README.md" and p.name != "eps.md"  # eps.md is not UTF-8: it is AM100 whatever is done to it
)
SOURCES = {p.parent / "sources" for p in SEEDS if (p.parent / "sources").is_dir()}

TOKENS = [
    "[",
    "]",
    "{",
    "}",
    "]{",
    '"',
    "'",
    "\\",
    "\\[",
    "#",
    ".",
    "=",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\ufeff",
    "\t",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u0301",
    "\U0001f99c",
    "\x00",
    "\x0c",
    "\u2028",
    "\u00a0",
    "[w]{#x .claim}",
    '[w]{#p .premise supports="x"}',
    '[w]{#r .rebuttal attacks="x y doc#z"}',
    "[[in]{#i .premise supports=o} out]{#o .claim}",
    '[]{ref="x" supports="thesis"}',
    '[]{ref="kim2019#thesis" attacks="x"}',
    "[t]{.claim .premise ref=c}",
    '[t]{#c .claim k="[a]{#z .rebuttal attacks="x"}"}',
    "] {#s .claim}",
    "{#q .claim}",
    "`",
    "``",
    "`[c]{#cc .claim}`",
    "```\n",
    "~~~\n",
    "    ",
    "<!--",
    "-->",
    "<!-- [h]{#h .claim} -->",
    "$x]$",
    "\\emph{",
    '<b title="]">',
    "[^1]",
    "^[",
    "](",
    "<http://x.org/]>",
    "&amp;",
    'cite="javascript:alert(1)"',
    'label="\x1b[31m"',
    "---\n",
    "x" * 5_000,
    "[a]{#l .claim} " * 300,
]


@st.composite
def documents(draw: st.DrawFn) -> tuple[Path, str]:
    """A real document with a few token-level mutations."""
    seed = draw(st.sampled_from(SEEDS))
    text = seed.read_text("utf-8")
    for _ in range(draw(st.integers(1, 8))):
        at = int(draw(st.floats(0, 1)) * len(text))
        action = draw(st.sampled_from(["insert", "insert", "delete", "replace"]))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            token = draw(st.sampled_from(TOKENS))
            cut = draw(st.integers(1, 10)) if action == "replace" else 0
            text = text[:at] + token + text[at + cut :]
    return seed, text


def _corpus(folder: Path, seed: Path, text: str) -> Path:
    for sources in SOURCES:
        if sources.parent == seed.parent:
            shutil.copytree(sources, folder / "sources", dirs_exist_ok=True)
    path = folder / seed.name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


# -- where findings point ------------------------------------------------------------------------

#: Codes whose location is a span's opening "[".
_AT_SPAN = {"AM112", "AM113", "AM121", "AM301", "AM302", "AM305"}


def check_positions(findings: list[Diagnostic], path: Path) -> None:
    """Every finding of ``path`` points inside it, at the character it names."""
    raw = path.read_bytes().decode("utf-8", "replace")
    lines = normalize_newlines(raw.removeprefix("\ufeff")).split("\n")
    for f in findings:
        if f.loc.path != str(path) or f.code == "AM100":
            continue
        assert 1 <= f.loc.line <= len(lines), f
        line = lines[f.loc.line - 1]
        assert 1 <= f.loc.col <= len(line) + 1, f
        if f.code in {"AM102", "AM104"}:
            continue
        assert f.loc.col <= len(line), f  # at a character, not past the end of its line
        char = line[f.loc.col - 1]
        if f.code in _AT_SPAN:
            assert char == "[", f
        elif f.code == "AM111":
            assert char in ".c-", f  # ".kind", "class=" naming it, or "-" (the class 'unnumbered')
        elif f.code == "AM119":
            assert char in "]{", f
        elif f.code in {"AM201", "AM202", "AM208"} and f.loc.end_line == f.loc.line and f.loc.end_col is not None:
            token = line[f.loc.col - 1 : f.loc.end_col - 1]  # the target as written
            assert token, f
            assert not any(c.isspace() for c in token), f
            named = unescape(token)
            ends = named.split(">")  # undercuts= names a relation by its two ends, 'a>c'
            assert any(
                {
                    "AM201": f"no span '{end.rsplit('#', 1)[-1]}'",
                    "AM202": f"(in '{end}')",
                    "AM208": repr(named),
                }[f.code]
                in f.message
                for end in ends
            ), f
        elif f.code == "AM206":
            assert not char.isspace(), f
            word = unescape(line[f.loc.col - 1 :].split()[0]).strip("[]{}")  # as the plain text has it
            assert not word.isprintable() or word[:1] in f.message, f
        elif f.code[:3] in {"AM1", "AM2", "AM3"} and f.code not in {"AM101", "AM103", "AM204", "AM207"}:
            # at a "[", "{", "#", ".", a quote, a key or a value: never at the blanks between them (a value
            # may start with a form feed or a no-break space, which Pandoc's grammar lets in)
            assert char not in " \t", f


# -- the core ------------------------------------------------------------------------------------


@settings(
    max_examples=CORE_EXAMPLES,
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_the_core_reads_any_document_and_places_every_finding(document):
    seed, text = document
    with tempfile.TemporaryDirectory(prefix="argmap-fuzz-") as name:
        path = _corpus(Path(name), seed, text)
        corpus = load_corpus(Path(name))
        findings = check_corpus(corpus)
        assert findings == sorted(findings)
        check_positions(findings, path)
        lines = normalize_newlines(text.removeprefix("\ufeff")).split("\n")

        def source(_: str, number: int) -> str | None:
            return lines[number - 1] if 1 <= number <= len(lines) else None

        for report in (format_text(findings, 1, source), format_github(findings, 1, source)):
            assert "\x1b" not in report
            assert "\u202e" not in report
        json.loads(format_json(findings, 1))
        json.loads(format_sarif(findings))
        to_dot(build_graph(corpus))


# -- every command -------------------------------------------------------------------------------

runner = CliRunner()
DOT = shutil.which("dot")


def _run(*args: str) -> str:
    result = runner.invoke(app, ["--no-cache", *args])
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in result.stderr, args
    return result.stdout


@settings(
    max_examples=COMMAND_EXAMPLES,
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_every_command_survives_any_document(document):
    seed, text = document
    with tempfile.TemporaryDirectory(prefix="argmap-fuzz-") as name:
        folder = Path(name) / "c"
        folder.mkdir()
        _corpus(folder, seed, text)
        c = ["--corpus", str(folder)]
        for fmt in ("json", "sarif"):
            json.loads(_run("check", *c, "-f", fmt))
        _run("check", *c)
        _run("check", *c, "-f", "github")
        exported = _run("export", *c)
        nodes = [n["id"] for n in json.loads(exported)["nodes"]] if exported else []
        for fmt in ("aif", "argdown", "graphml", "mermaid"):
            out = _run("export", *c, "--format", fmt)
            if fmt in ("aif",) and out:
                json.loads(out)
            if fmt == "graphml" and out:
                ElementTree.fromstring(out)
        for args in (["show"], ["stats"], ["eval"], ["find", "a"]):
            _run(*args, *c)
            out = _run(*args, *c, "--json")
            if out:
                json.loads(out)
        if nodes:
            claim = nodes[len(nodes) // 2]
            for args in (["show", claim], ["chains", claim], ["eval", claim]):
                _run(*args, *c)
                out = _run(*args, *c, "--json")
                if out:
                    json.loads(out)
        dot = _run("render", *c, "--format", "dot")
        if DOT is not None and dot:
            drawn = subprocess.run([DOT, "-Tsvg"], input=dot.encode(), capture_output=True, timeout=120, check=False)
            assert drawn.returncode == 0, drawn.stderr
            ElementTree.fromstring(drawn.stdout)
            svg = Path(name) / "map.svg"
            _run("render", *c, "-o", str(svg))
            if svg.exists():
                ElementTree.fromstring(svg.read_bytes())


def test_the_budget_is_as_documented():
    expected = (15_000, 500) if LONG else (1_500, 50)
    assert expected == (CORE_EXAMPLES, COMMAND_EXAMPLES)
    assert re.search(r"ARGMAP_FUZZ_LONG=1", (ROOT / "docs" / "development.md").read_text("utf-8"))


@pytest.mark.parametrize("token", ["\ufeff", "\r", "\u202e"])
def test_a_mutation_lands_in_the_document(token, tmp_path):
    """The strategy's building block: what it writes is what argmap reads."""
    seed = SEEDS[0]
    path = _corpus(tmp_path, seed, token + seed.read_text("utf-8"))
    assert path.read_bytes().decode("utf-8").startswith(token)
