"""`argmap check` on hostile documents: a finding or none, never a traceback or a hang.

Each reproducer is a document alone in a folder with the front matter below,
checked in every output format (issue 14).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.check import check_corpus
from argmap.cli.commands import app
from argmap.corpus import load_corpus
from argmap.report import format_github, format_json, format_sarif, format_text

runner = CliRunner()
HEAD = "---\nid: d\ntitle: t\nauthors: [a]\ndate: 2020\n---\n\n"


def write(folder: Path, body: str, name: str = "d.md", head: str = HEAD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((head + body).encode("utf-8"))
    return path


def check(folder: Path, *args: str):
    return runner.invoke(app, ["--no-cache", "check", "--corpus", str(folder), *args], catch_exceptions=False)


# -- 1. the order of findings is total -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '[w]{.claim .premise ref="c"}',
        '[t]{#c .claim k="[a]{#z .rebuttal attacks="x"}"}',
    ],
)
@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_findings_that_start_at_one_place_do_not_crash_the_report(tmp_path, body, output):
    write(tmp_path / "c", body)
    result = check(tmp_path / "c", "--format", output)
    assert result.exit_code == 1
    if output in ("json", "sarif"):
        json.loads(result.stdout)


_REFERENCE_ATTRIBUTES = ["#i", ".claim", ".premise", 'ref="c"', 'supports="x"', 'label="l"', "k=v"]


def test_every_combination_of_attributes_on_a_reference_span_is_reported(tmp_path):
    combos = [
        combo
        for n in range(1, len(_REFERENCE_ATTRIBUTES) + 1)
        for combo in itertools.combinations(_REFERENCE_ATTRIBUTES, n)
        if 'ref="c"' in combo
    ]
    body = "\n\n".join(f"[{text}]{{{' '.join(combo)}}}" for combo in combos for text in ("", "w"))
    write(tmp_path / "c", "[c]{#c .claim}\n\n" + body)
    findings = check_corpus(load_corpus(tmp_path / "c"))
    assert findings == sorted(findings)
    for render in (format_text, format_github):
        assert render(findings, 1).endswith("\n")
    json.loads(format_json(findings, 1))
    json.loads(format_sarif(findings))


# -- 2. one definition of a line -------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_output_names_the_line_an_editor_shows(tmp_path, newline):
    body = newline.join(["First line of a paragraph.", '[a]{#a .claim supports="zz"} more', ""])
    write(tmp_path / "c", HEAD.replace("\n", newline) + body, head="")
    text = check(tmp_path / "c").stdout
    assert "c/d.md:9:25: AM201 error: no span 'zz' in this document\n" in text
    assert '    9 | [a]{#a .claim supports="zz"} more\n      |                         ^^\n' in text
    [finding] = [
        d for d in json.loads(check(tmp_path / "c", "-f", "json").stdout)["diagnostics"] if d["code"] == "AM201"
    ]
    assert (finding["line"], finding["column"], finding["end_column"]) == (9, 25, 27)
    assert "line=9,col=25" in check(tmp_path / "c", "-f", "github").stdout


def test_a_byte_that_is_not_utf8_is_placed_on_the_line_an_editor_shows(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.md").write_bytes(HEAD.encode() + b"one\rtwo \xff")
    result = check(tmp_path / "c")
    assert "c/d.md:9:5: AM100 error: the file is not UTF-8 (byte 0xff)" in result.stdout


# -- 6. bidi controls reach no terminal ------------------------------------------------------------

_BIDI = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@pytest.mark.parametrize("output", ["text", "github"])
def test_bidi_controls_in_a_span_are_escaped_in_the_report(tmp_path, output):
    write(tmp_path / "c", f'[a {_BIDI} b]{{#a .claim supports="z{_BIDI[0]}z"}}')
    result = check(tmp_path / "c", "-f", output)
    assert result.exit_code == 1
    assert not set(_BIDI) & set(result.stdout)
    assert "\\u202e" in result.stdout
    assert "\\u2069" in result.stdout


def test_the_terminal_views_and_the_report_escape_alike():
    from argmap.cli.console import plain
    from argmap.report import printable

    hostile = f"a{_BIDI}\x1b[31m\u2028\x85\x7fz"
    assert plain(hostile) == printable(hostile)
    assert printable(hostile).isprintable()
    assert plain("a\tb") == "a\\tb"
