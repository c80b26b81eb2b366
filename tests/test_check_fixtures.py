"""`argmap check` on the fixture corpora: every broken link at its exact place, every code exercised."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.codes import CODES

runner = CliRunner()


def test_broken_corpus_reports_each_finding_at_its_place(in_root, golden):
    result = runner.invoke(app, ["check", "--corpus", "tests/fixtures/broken"])
    assert result.exit_code == 1
    golden("check-broken.txt", result.stdout)


def test_broken_corpus_exercises_every_offline_code(in_root):
    result = runner.invoke(app, ["check", "--corpus", "tests/fixtures/broken", "--format", "json"])
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    offline = {c for c in CODES if c[2] in "123"}
    assert codes == offline


def test_broken_links_at_exact_positions(in_root):
    result = runner.invoke(app, ["check", "--corpus", "tests/fixtures/broken"])
    lines = [line for line in result.stdout.splitlines() if line.startswith("tests/")]
    expected = [
        "tests/fixtures/broken/alpha.md:11:51: AM201 error: no span 'claim-too' in this "
        "document; did you mean 'claim-two'?",
        "tests/fixtures/broken/alpha.md:12:40: AM201 error: no span 'missing' in document 'beta'",
        "tests/fixtures/broken/alpha.md:18:40: AM202 error: no document has id 'zeta' "
        "(in 'zeta#x'); did you mean 'beta' or 'theta' or 'delta'?",
        "tests/fixtures/broken/alpha.md:15:57: AM205 error: cite "
        "'ftp://example.org/data' is not a well-formed http(s) URL: scheme 'ftp' is not http or https",
        "tests/fixtures/broken/alpha.md:16:19: AM206 error: the words differ from the source 'sources/alpha.txt':"
        " the document has 'These words were changed. Bad target. Zeta says …'"
        " where line 7 of the source has 'These words were kept.'",
    ]
    for line in expected:
        assert line in lines


def test_clean_corpus_exits_zero(in_root):
    result = runner.invoke(app, ["check", "--strict", "--corpus", "tests/fixtures/clean"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == "no problems found in 2 documents\n"


def test_warnings_fail_only_with_strict(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\nid: a\ntitle: A\nauthors: [X]\ndate: 2020\n---\n\n[Lonely.]{#c .claim}\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["check", "--corpus", str(tmp_path)]).exit_code == 0
    strict = runner.invoke(app, ["check", "--strict", "--corpus", str(tmp_path)])
    assert strict.exit_code == 1
    assert "AM305 warning" in strict.stdout


def test_missing_corpus_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", "--corpus", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: corpus ")


def test_corpus_from_environment(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(
        "---\nid: a\ntitle: A\nauthors: [X]\ndate: 2020\n---\n\n[x]{#c .cliam}\n", encoding="utf-8"
    )
    monkeypatch.setenv("ARGMAP_CORPUS", str(tmp_path))
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "AM111" in result.stdout


def test_output_file_is_written_atomically(in_root, tmp_path):
    target = tmp_path / "report.sarif"
    result = runner.invoke(app, ["check", "--corpus", "tests/fixtures/broken", "--format", "sarif", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]


def test_unwritable_output_is_one_line_error(in_root, tmp_path):
    result = runner.invoke(
        app, ["check", "--corpus", "tests/fixtures/clean", "-o", str(tmp_path / "no" / "such" / "f")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write")
    assert "Traceback" not in result.stderr
