"""Kialo: the export's Markdown backslash escapes are resolved, so each claim's text is the claim's own."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.formats.kialo import read_kialo

#: Kialo writes a claim's literal ( ) [ ] * _ \ as \( \) \[ \] \* \_ \\ in its text export, as Markdown does.
ESCAPED = (
    "Discussion Title: Should \\[city\\] trams be free?\n"
    "\n"
    "1. Trams should be free \\(for everyone\\).\n"
    "1.1. Pro: The council said the fares cost \\[it\\] more than they bring in.\n"
    "1.1.1. Con: A backslash \\\\ stays one, and \\*stars\\* and snake\\_case stay as typed.\n"
    "1.2. Con: See the [report](https://example.org/a\\(b\\)) of 2019.\n"
)


def test_markdown_escapes_are_resolved():
    result = read_kialo(ESCAPED, "trams.txt")
    assert result.meta["title"] == "Should [city] trams be free?"
    assert [c.text for c in result.claims] == [
        "Trams should be free (for everyone).",
        "The council said the fares cost [it] more than they bring in.",
        "A backslash \\ stays one, and *stars* and snake_case stay as typed.",
        "See the [report](https://example.org/a(b)) of 2019.",
    ]
    assert [(r.source, r.target, r.type.value) for r in result.relations] == [
        ("1.1", "1", "supports"),
        ("1.1.1", "1.1", "attacks"),
        ("1.2", "1", "attacks"),
    ]
    assert result.diagnostics == []


def test_a_backslash_before_anything_else_is_kept():
    # Markdown escapes only ASCII punctuation: a backslash before a letter, a digit or a space is text
    result = read_kialo("1. C:\\Users\\kim and 3\\4 \\ alone\n", "k.txt")
    assert [c.text for c in result.claims] == ["C:\\Users\\kim and 3\\4 \\ alone"]


def test_escaped_brackets_import_without_a_doubled_backslash(tmp_path):
    src = tmp_path / "trams.txt"
    src.write_text(ESCAPED, encoding="utf-8")
    out = tmp_path / "trams.md"
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(src), "-o", str(out), "--author", "A", "--date", "2020"])
    assert result.exit_code == 0, result.output
    assert "AM510" not in result.stderr  # before: "a backslash directly before '[' ... written as two backslashes"
    exported = runner.invoke(app, ["--no-cache", "export", "--format", "json", "--corpus", str(out)])
    assert exported.exit_code == 0, exported.output
    texts = {n["local_id"]: n["text"] for n in json.loads(exported.stdout)["nodes"]}
    assert texts["k1-1"] == "The council said the fares cost [it] more than they bring in."
    assert texts["k1-1-1"] == "A backslash \\ stays one, and *stars* and snake_case stay as typed."
    assert "title: Should [city] trams be free?" in out.read_text(encoding="utf-8")
    assert runner.invoke(app, ["--no-cache", "check", "--corpus", str(out)]).exit_code == 0
