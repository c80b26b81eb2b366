"""`argmap export --format aif|argdown|graphml|mermaid` and `argmap import` through the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from interchange_support import FIXTURE_CORPUS, INTERCHANGE
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.formats.interchange import IMPORT_CODES

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(("fmt", "start"), [("aif", '{\n  "nodes"'), ("argdown", "# "), ("graphml", "<?xml"),
                                           ("mermaid", "flowchart BT"), ("json", '{\n  "directed"')])
def test_export_formats(fmt, start):
    result = run("export", "-c", str(FIXTURE_CORPUS), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)


def test_export_one_document_notes_cross_document_relations(tmp_path):
    out = tmp_path / "beta.json"
    result = run("export", "-c", str(FIXTURE_CORPUS), "-f", "aif", "--doc", "beta", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == (
        "note: 3 relations between 'beta' and other documents left out (export the whole corpus to keep them)\n"
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [n["text"] for n in data["nodes"] if n["type"] == "I"] == [
        "Pollution is falling anyway.",
        "Cities that banned cars saw sales rise.",
    ]


def test_export_unknown_document():
    result = run("export", "-c", str(FIXTURE_CORPUS), "--doc", "gamma")
    assert result.exit_code == 1
    assert result.stderr == "Error: no document has id 'gamma' (documents: alpha, beta)\n"


def test_import_round_trip_through_the_cli(tmp_path):
    aif = tmp_path / "alpha.json"
    assert run("export", "-c", str(FIXTURE_CORPUS), "-f", "aif", "--doc", "alpha", "-o", str(aif)).exit_code == 0
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = run("import", str(aif), "-o", str(corpus / "alpha.md"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"carried 5 claims and 5 relations into {(corpus / 'alpha.md').as_posix()}" in lines
    assert lines[-1] == "findings: 0 errors, 0 warnings"
    check = run("check", str(corpus))
    assert check.exit_code == 0, check.output


def test_import_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "essay.md"
    out.write_text("keep me", encoding="utf-8")
    ann = str(INTERCHANGE / "essay.ann")
    result = run("import", ann, "-o", str(out))
    assert result.exit_code == 1
    assert "exists: give --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    result = run("import", ann, "-o", str(out), "--force", "--author", "A. Writer", "--date", "2020", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["carried"] == {"claims": 5, "relations": 3}
    assert [f["code"] for f in report["findings"]].count("AM507") == 1
    assert re.search(r"^.*essay\.ann:5:1: AM507 error: entity 'T5'", result.stderr, re.MULTILINE)
    assert "not carried:" in result.stderr
    assert run("check", str(out)).exit_code == 0


def test_import_brat_without_its_text_file(tmp_path):
    ann = tmp_path / "lonely.ann"
    shutil.copy(INTERCHANGE / "essay.ann", ann)
    result = run("import", str(ann), "-o", str(tmp_path / "lonely.md"))
    assert result.exit_code == 1
    assert "AM501" in result.stderr
    assert not (tmp_path / "lonely.md").exists()


def test_import_bad_json_and_bad_id(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [}', encoding="utf-8")
    result = run("import", str(bad), "-o", str(tmp_path / "ok.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad.as_posix()}:1:12: AM501 error: not JSON")
    result = run("import", str(bad), "-o", str(tmp_path / "9bad.md"))
    assert result.exit_code == 2


def test_import_codes_are_documented():
    rows = dict(re.findall(r"^\| `(AM5\d\d)` \| (error|warning) \|", README, re.MULTILINE))
    assert rows == {code: str(c.severity) for code, c in IMPORT_CODES.items()}
