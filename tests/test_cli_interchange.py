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
from argmap.formats.imported import IMPORT_CODES

CODES_PAGE = (Path(__file__).parent.parent / "docs" / "codes.md").read_text(encoding="utf-8")


#: Front matter that most inputs here lack: argmap never invents it (AM512), so the tests give it.
GIVEN = {"--author": "Test Author", "--date": "2026", "--title": "Test title"}


def run(*args: str, given: tuple[str, ...] = ("--author", "--date", "--title")):
    """Run argmap; for ``import``, add the front-matter options in ``given`` that the call does not name."""
    extra: list[str] = []
    if args and args[0] == "import":
        for option in given:
            if option not in args:
                extra += [option, GIVEN[option]]
    return CliRunner().invoke(app, [*args, *extra])


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("aif", '{\n  "nodes"'),
        ("argdown", "# "),
        ("graphml", "<?xml"),
        ("mermaid", "flowchart BT"),
        ("json", '{\n  "directed"'),
    ],
)
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


_HEAD = "---\nid: {0}\ntitle: {0}\nauthors: [{1}]\ndate: 2020\n---\n\n"


@pytest.mark.parametrize("fmt", ["json", "aif", "argdown", "graphml", "mermaid", "sadface", "af"])
def test_export_one_document_leaves_out_the_steps_that_reach_another(tmp_path, fmt):
    """An undercut in the document of a support from another, and a support whose linked partner is in
    another, involve that other document as much as a relation to it: --doc leaves them out and counts
    them (mermaid, AIF and SADFace raised KeyError on the premise or inference they could not find)."""
    (tmp_path / "d.md").write_text(
        _HEAD.format("d", "A") + '[C]{#c .claim} [U]{#u .rebuttal undercuts="e#p>c"} [Q]{#q .premise}\n'
        '[R]{#r .rebuttal attacks="c"} [S]{#s .premise supports="c"}\n',
        encoding="utf-8",
    )
    (tmp_path / "e.md").write_text(
        _HEAD.format("e", "B") + '[P]{#p .premise supports="d#c"} [W]{#w .premise supports="d#c" with="d#q"}\n',
        encoding="utf-8",
    )
    assert run("check", str(tmp_path)).exit_code == 0
    result = run("export", "-c", str(tmp_path), "-f", fmt, "--doc", "d")
    assert result.exit_code == 0, result.output
    # e#p -> d#c and e#w -> d#c cross; so do d#q -> d#c (its partner is e#w) and d#u's undercut of e#p's support
    assert result.stderr.startswith(
        "note: 4 relations between 'd' and other documents left out (export the whole corpus to keep them)\n"
    )
    if fmt == "json":
        links = {(lk["source"], lk["target"], lk["type"]) for lk in json.loads(result.stdout)["links"]}
        assert links == {("d#r", "d#c", "attacks"), ("d#s", "d#c", "supports")}


@pytest.mark.parametrize("fmt", ["json", "graphml"])
def test_export_one_document_keeps_only_its_own_inferences(in_root, fmt):
    """The graph's inferences went out whole with --doc: 195 in JSON or GraphML of one document of the
    shipped corpus, 160 of them naming spans the export does not have."""
    from argmap.formats.graphml import graph_from_graphml

    result = run("export", "-c", "corpus", "-f", fmt, "--doc", "kim2019")
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        inferences, nodes = data["graph"]["inferences"], {n["id"] for n in data["nodes"]}
        supports = {lk["inference"] for lk in data["links"] if lk["type"] == "supports"}
    else:
        graph = graph_from_graphml(result.stdout)
        inferences, nodes = graph.graph["inferences"], set(graph)
        supports = {d["inference"] for _, _, d in graph.edges(data=True) if d["type"] == "supports"}
    assert set(inferences) == supports
    assert all({info["conclusion"], *info["premises"]} <= nodes for info in inferences.values())


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
    rows = dict(re.findall(r"^\| `(AM5\d\d)` \| (error|warning) \|", CODES_PAGE, re.MULTILINE))
    assert rows == {code: str(c.severity) for code, c in IMPORT_CODES.items()}


# -- robustness: what a user can feed `argmap import` gives findings or one `Error:` line, never a traceback


def _no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_import_lone_surrogate_is_replaced_and_reported(tmp_path):
    src = tmp_path / "sur.json"
    src.write_text('{"nodes":[{"nodeID":"1","text":"a\\ud800","type":"I"}],"edges":[]}', encoding="utf-8")
    out = tmp_path / "s.md"
    result = run("import", str(src), "-o", str(out))
    _no_traceback(result)
    assert result.exit_code == 0
    assert f"{src.as_posix()}:1:34: AM510 warning: the escape \\ud800: a lone UTF-16 surrogate" in result.stderr
    assert "[a\ufffd]{#n1 .claim}" in out.read_text(encoding="utf-8")
    assert run("check", str(out)).exit_code == 0


def test_import_integer_id_of_more_than_4300_digits(tmp_path):
    huge = "1" * 4301
    src = tmp_path / "big.json"
    src.write_text(f'{{"nodes":[{{"nodeID":{huge},"text":"x","type":"I"}}],"edges":[]}}', encoding="utf-8")
    result = run("import", str(src), "-o", str(tmp_path / "b.md"))
    _no_traceback(result)
    assert result.exit_code == 1
    assert (
        f"{src.as_posix()}:1:11: AM502 error: a node's 'nodeID' is a number of 4301 digits, more than the 4300 "
        "argmap can read: skipped (write the id as a string)"
    ) in result.stderr
    assert not (tmp_path / "b.md").exists()


def test_import_deeply_nested_argdown_data_and_json(tmp_path):
    deep = tmp_path / "deep.argdown"
    deep.write_text("[A]: x " + "{a: " * 1000 + "1" + "}" * 1000 + "\n", encoding="utf-8")
    out = tmp_path / "d.md"
    result = run("import", str(deep), "-o", str(out))
    _no_traceback(result)
    assert result.exit_code == 0
    assert f"{deep.as_posix()}:1:8: AM502 error: data after a statement is nested too deeply: ignored" in result.stderr
    assert run("check", str(out)).exit_code == 0
    arrays = tmp_path / "deep.json"
    arrays.write_text('{"nodes": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = run("import", str(arrays), "-o", str(tmp_path / "j.md"))
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"{arrays.as_posix()}:1:1: AM501 error: JSON nested too deeply" in result.stderr


def test_import_path_too_long_is_one_error_line(tmp_path):
    ann = str(INTERCHANGE / "essay.ann")
    out = tmp_path / ("a" * 300 + ".md")
    result = run("import", ann, "-o", str(out))
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {str(out)!r}: File name too long\n"
    result = run("import", ann, "-o", str(tmp_path / ("b" * 300) / "x.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ")
    result = run("import", str(tmp_path / ("c" * 300 + ".ann")), "-o", str(tmp_path / "c.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read ")
    result = run("import", ann, "-o", str(tmp_path / "c.md"), "--txt", str(tmp_path / ("d" * 300 + ".txt")))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read ")


@pytest.mark.parametrize("date", ["2024-02-30", "2023-02-29", "2024-13", "0000", "garbage"])
def test_import_date_that_is_no_calendar_date_is_not_written(tmp_path, date):
    out = tmp_path / "i3.md"
    result = run("import", str(INTERCHANGE / "essay.ann"), "-o", str(out), "--date", date)
    assert result.exit_code == 1  # no other date: nothing is invented, nothing written
    assert "AM512 error: 'essay.ann' gives no date for the front matter" in result.stderr
    assert result.stderr.endswith(
        "or write it in '"
        + (INTERCHANGE / "essay.meta.yaml").as_posix()
        + "' or another metadata file (--date YYYY[-MM[-DD]], --meta FILE)\n"
    )
    assert not out.exists()


def test_import_aif_timestamps_that_are_no_calendar_dates_are_reported(tmp_path):
    nodes = [
        {"nodeID": "1", "text": "a", "type": "I", "timestamp": "2024-02-30 10:00:00"},
        {"nodeID": "2", "text": "b", "type": "I", "timestamp": "9999-99-99 10:00:00"},
        {"nodeID": "3", "text": "c", "type": "I", "timestamp": "2021-03-04 10:00:00"},
    ]
    src = tmp_path / "t.json"
    src.write_text(json.dumps({"nodes": nodes, "edges": []}, indent=1), encoding="utf-8")
    out = tmp_path / "t.md"
    result = run("import", str(src), "-o", str(out), "--json", given=("--author", "--title"))
    assert result.exit_code == 0
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["code"], f["message"]) for f in findings] == [
        (3, "AM510", "timestamp '2024-02-30 10:00:00' is not a calendar date: not used for the document's date"),
        (9, "AM510", "timestamp '9999-99-99 10:00:00' is not a calendar date: not used for the document's date"),
    ]
    assert "date: '2021-03-04'" in out.read_text(encoding="utf-8")
    assert run("check", str(out)).exit_code == 0


def test_import_json_report_also_when_nothing_is_written(tmp_path):
    bad = tmp_path / "trunc.json"
    bad.write_text('{"nodes":[{"nodeID":"1","text":"a","type":"I"', encoding="utf-8")
    result = run("import", str(bad), "-o", str(tmp_path / "t.md"), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report == {
        "input": bad.as_posix(),
        "output": (tmp_path / "t.md").as_posix(),
        "format": "aif",
        "document": "t",
        "read": {},
        "carried": {"claims": 0, "relations": 0},
        "skipped": {},
        "findings": [
            {
                "path": bad.as_posix(),
                "line": 1,
                "col": 46,
                "code": "AM501",
                "severity": "error",
                "message": "not JSON: Expecting ',' delimiter",
            }
        ],
        "written": False,
        "error": "the file is not valid JSON",
    }
    assert result.stderr.endswith("Error: the file is not valid JSON\n")
    # nothing importable: what was read is still reported
    empty = tmp_path / "empty.json"
    empty.write_text('{"nodes":[{"nodeID":"1","text":"","type":"I"}]}', encoding="utf-8")
    report = json.loads(run("import", str(empty), "-o", str(tmp_path / "e.md"), "--json").stdout)
    assert (report["read"], report["written"]) == ({"I nodes": 1}, False)
    assert [f["code"] for f in report["findings"]] == ["AM506"]
    # the output exists; a usage error (exit 2)
    (tmp_path / "x.md").write_text("keep", encoding="utf-8")
    result = run("import", str(INTERCHANGE / "essay.ann"), "-o", str(tmp_path / "x.md"), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"].endswith("exists: give --force to overwrite it")
    result = run("import", str(INTERCHANGE / "essay.ann"), "-o", str(tmp_path / "9x.md"), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["document"] is None
    result = run("import", str(INTERCHANGE / "essay.ann"), "-o", str(tmp_path / "ok.md"), "--json")
    assert result.exit_code == 0
    assert (json.loads(result.stdout)["written"], json.loads(result.stdout)["error"]) == (True, None)


def test_import_option_that_is_not_utf8_is_a_usage_error(tmp_path):
    # a byte that is not UTF-8 on the command line reaches Python as a lone surrogate ('surrogateescape')
    result = run("import", str(INTERCHANGE / "essay.ann"), "-o", str(tmp_path / "u.md"), "--title", "caf\udce9")
    _no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == "Error: --title 'caf\\udce9' is not valid UTF-8 text\n"
    assert not (tmp_path / "u.md").exists()


def test_kialo_import(tmp_path):
    out = tmp_path / "trams.md"
    result = run("import", str(INTERCHANGE / "trams.txt"), "-o", str(out), given=("--author", "--date"))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "title: Should city trams be free to ride?" in text
    assert '[Most new riders would come from buses and bikes, not from cars.]{#k1-1-1 .rebuttal attacks="k1-1"}' in text
    assert '{#k1-1 .claim supports="k1" attacks="k1-2"}' in text  # the link 1.2.2 makes 1.1 answer 1.2
    lines = result.stderr.splitlines()
    assert any("AM504" in line and "1.4.1 answers 1.4" in line for line in lines)
    assert any("AM513" in line and "link 1.3" in line for line in lines)
    assert f"carried 6 claims and 5 relations into {out.as_posix()}" in lines  # 1.2.2 links 1.1 against 1.2
    assert run("check", str(out)).exit_code == 0


def test_sadface_round_trip_and_format_told_by_structure(tmp_path):
    sad = tmp_path / "all.json"
    assert run("export", "-c", str(FIXTURE_CORPUS), "-f", "sadface", "-o", str(sad)).exit_code == 0
    data = json.loads(sad.read_text(encoding="utf-8"))
    assert {n["type"] for n in data["nodes"]} == {"atom", "scheme"}
    corpus = tmp_path / "corpus"
    result = run("import", str(sad), "-o", str(corpus), given=())
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in corpus.iterdir()) == ["alpha.md", "beta.md"]
    assert run("check", str(corpus)).exit_code == 0
    wrong = run("import", str(sad), "-f", "aif", "-o", str(tmp_path / "x.md"))
    assert wrong.exit_code == 1
    assert "this is SADFace JSON" in wrong.stderr
    assert "give --format sadface" in wrong.stderr


def test_aif_of_several_documents_imports_into_several(tmp_path):
    aif = tmp_path / "all.json"
    assert run("export", "-c", str(FIXTURE_CORPUS), "-f", "aif", "-o", str(aif)).exit_code == 0
    corpus = tmp_path / "corpus"
    result = run("import", str(aif), "-o", str(corpus), given=())
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in corpus.iterdir()) == ["alpha.md", "beta.md"]
    original = run("export", "-c", str(FIXTURE_CORPUS), "-f", "json").stdout
    again = run("export", "-c", str(corpus), "-f", "json").stdout

    def pick(data: dict) -> tuple[list[str], list[tuple[str, str, str]]]:
        links = sorted((e["source"], e["target"], e["type"]) for e in data["links"])
        return sorted(n["id"] for n in data["nodes"]), links

    assert pick(json.loads(again)) == pick(json.loads(original))
    merged = run("import", str(aif), "-o", str(tmp_path / "one.md"), given=("--title", "--author"))
    assert merged.exit_code == 0, merged.output
    assert "AM510" in merged.stderr
    assert "give -o DIR to write one document each" in merged.stderr


def test_batch_import_of_a_folder_with_sidecars(tmp_path):
    src = tmp_path / "essays"
    src.mkdir()
    for name in ("e1", "e2", "e3"):
        shutil.copy(INTERCHANGE / "essay.ann", src / f"{name}.ann")
        shutil.copy(INTERCHANGE / "essay.txt", src / f"{name}.txt")
    (src / "e2.meta.yaml").write_text("authors: [Sidecar Author]\ndate: 2019-05\n", encoding="utf-8")
    (tmp_path / "all.yaml").write_text("authors: [Everyone]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", str(src), "-o", str(out), "--meta", str(tmp_path / "all.yaml"), "--json", given=())
    assert result.exit_code == 1  # e1 and e3 have no date: nothing invented
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "inputs": 3,
        "imported": 1,
        "documents": 1,
        "claims": 5,
        "relations": 3,
        "written": True,
        "error": None,
    }
    assert sorted(p.name for p in out.iterdir()) == ["e2.md"]
    e2 = (out / "e2.md").read_text(encoding="utf-8")
    assert "- Sidecar Author" in e2
    assert "date: 2019-05" in e2
    assert "title: Should students be taught to compete or to cooperate?" in e2
    assert "title: 'Inferred: the first line of ''e2.txt'', which stands alone.'" in e2
    assert "stance-for" in e2
    lines = result.stderr.splitlines()
    assert lines.count("  of the relations, 1 made from stances (tagged; --no-stance-relations leaves them out)") == 1
    assert any(line.startswith("imported 1 of 3 files into") for line in lines)
    # again with a date for all: the existing e2.md stops the run before anything is written
    again = run("import", str(src), "-o", str(out), "--author", "A", "--date", "2020", given=())
    assert again.exit_code == 1
    assert "e2.md' exists: nothing was written; overwrite only if you mean to (--force)" in again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["e2.md"]
    forced = run("import", str(src / "*.ann"), "-o", str(out), "--author", "A", "--date", "2020", "--force", given=())
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in out.iterdir()) == ["e1.md", "e2.md", "e3.md"]
    assert run("check", str(out)).exit_code == 0
    refused = run("import", str(src), "-o", str(out), "--id", "x", given=())
    assert refused.exit_code == 2


@pytest.mark.parametrize(
    ("fmt", "note"),
    [
        ("aif", "note: 2 relations with no aif counterpart (1 explains, 1 qualifies) written in the 'argmap' object"),
        (
            "sadface",
            "note: 2 relations with no sadface counterpart (1 explains, 1 qualifies) written in the 'argmap' metadata",
        ),
        (
            "argdown",
            "note: 4 relations with no argdown counterpart (1 explains, 1 outweighs, 1 "
            "qualifies, 1 undercuts of attacks) "
            "written in the statements' data",
        ),
        ("mermaid", None),
    ],
)
def test_exports_say_what_they_keep_aside(fmt, note):
    """Every construct is exported; what a format has no place for is kept where only argmap reads it, and said."""
    constructs = Path(__file__).parent / "fixtures" / "constructs"
    result = run("export", "-c", str(constructs), "-f", fmt)
    assert result.exit_code == 0
    assert result.stderr == (f"{note}, which only argmap reads\n" if note else "")
    if fmt == "argdown":
        assert "\n    _> <Inference 1>\n" in result.stdout
        assert "(1) [tram#rule]\n(2) [tram#traffic]\n----\n(3) [tram#fees]\n" in result.stdout
