"""``argmap render`` through CliRunner: targets, formats, missing Graphviz, atomic writes, --all --check."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.render.dot import FAST_LAYOUT, FAST_LAYOUT_THRESHOLD

FIXTURES = Path(__file__).parent / "fixtures"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
runner = CliRunner()

QUESTION_MAP = """\
title = "Should the centre close to cars?"
question = "Does closing the centre hurt shops?"
claims = ["cars#shops"]
depth = 1
direction = "LR"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the clean fixture corpus with a maps/ folder, as the working folder."""
    shutil.copytree(FIXTURES / "clean", tmp_path / "corpus")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "whole.toml").write_text('title = "Everything"\n', encoding="utf-8")
    (tmp_path / "maps" / "shops.toml").write_text(QUESTION_MAP, encoding="utf-8")
    (tmp_path / "maps" / "cars-doc.toml").write_text('documents = ["cars"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, ["render", *args])


def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


def test_dot_of_a_claim_goes_to_stdout(project):
    result = invoke("cars#thesis", "--format", "dot", "--depth", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("digraph argmap {")
    assert "around cars#thesis, depth 1" in result.stdout
    assert "cars#study" in result.stdout
    assert "cars#count" not in result.stdout
    focused = [ln for ln in result.stdout.splitlines() if "peripheries=2" in ln]
    assert len(focused) == 2  # the root claim, and its sample in the legend
    assert "cars#thesis" in focused[0]
    assert "Double outline" in focused[1]


def test_dot_is_the_same_every_time(project):
    first = invoke("--format", "dot").stdout
    assert first == invoke("--format", "dot").stdout
    assert first.count("subgraph cluster_d") == 2


def test_document_target_and_map_name_target(project):
    doc = invoke("parking", "-f", "dot")
    assert doc.exit_code == 0
    assert "parking#" in doc.stdout
    assert "cars#" not in doc.stdout
    named = invoke("shops", "-f", "dot")
    assert named.exit_code == 0
    assert "Should the centre close to cars?" in named.stdout
    assert "rankdir=LR" in named.stdout


def test_command_line_options_override_a_definition(project):
    result = invoke("maps/shops.toml", "-f", "dot", "--direction", "TB", "--relation", "attacks", "--title", "T")
    assert result.exit_code == 0
    assert "rankdir=TB" in result.stdout
    assert "arrowhead=normal" not in result.stdout.split("cluster_legend")[0]


def test_relation_takes_every_type_a_definition_takes(tmp_path):
    """--relation chose only supports or attacks, and its help called them the default, which draws all
    six types: an undercut, a preference, a qualification or an explanation could not be asked for."""
    head = "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\n---\n\n"
    (tmp_path / "d.md").write_text(
        head + '[C]{#c .claim} [P]{#p .premise supports="c"} [U]{#u .rebuttal undercuts="p>c"}\n'
        '[R]{#r .rebuttal attacks="c"} [Q]{#q .premise qualifies="c"}\n',
        encoding="utf-8",
    )
    result = invoke("-c", str(tmp_path), "-f", "dot", "-r", "supports", "-r", "undercuts", "-r", "qualifies")
    assert result.exit_code == 0, result.output
    assert 'tooltip="d#u undercuts d#p&gt;d#c"' in result.stdout
    assert 'tooltip="d#q qualifies d#c"' in result.stdout
    assert "d#r attacks" not in result.stdout
    help_text = " ".join(invoke("--help").stdout.split())
    assert "Default: supports and attacks" not in help_text
    assert "Default: every type." in help_text


def test_an_undercut_of_a_relation_type_not_drawn_is_not_drawn(tmp_path):
    """relations = ["undercuts"] (or --relation undercuts) without the type of the step undercut raised
    KeyError: the undercut was meant for the dot of a step that was not drawn. It is left out, as the
    undercut of a step whose premise is off the map is."""
    head = "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\n---\n\n"
    (tmp_path / "d.md").write_text(
        head + '[C]{#c .claim} [P]{#p .premise supports="c"} [U]{#u .rebuttal undercuts="p>c"}\n'
        '[R]{#r .rebuttal attacks="c"} [V]{#v .premise undercuts="r>c"}\n',
        encoding="utf-8",
    )
    (tmp_path / "m.toml").write_text('relations = ["undercuts", "attacks"]\n', encoding="utf-8")
    result = invoke(str(tmp_path / "m.toml"), "-c", str(tmp_path), "-f", "dot")
    assert result.exit_code == 0, result.output
    assert 'tooltip="d#v undercuts d#r&gt;d#c"' in result.stdout
    assert "d#u undercuts" not in result.stdout
    result = invoke("-c", str(tmp_path), "-f", "dot", "-r", "undercuts")
    assert result.exit_code == 0, result.output
    assert " undercuts d#" not in result.stdout


def test_unknown_claim_is_one_line_and_exit_1(project):
    result = invoke("cars#thesys", "-f", "dot")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no claim 'cars#thesys' in the corpus; did you mean cars#thesis, cars#study, cars#shops?"
    ]


def test_bad_definition_names_file_line_and_column(project):
    (project / "maps" / "bad.toml").write_text('title = "x"\n  dept = 2\n', encoding="utf-8")
    result = invoke("maps/bad.toml", "-f", "dot")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: maps/bad.toml:2:3: unknown key 'dept'; did you mean 'depth'?")
    (project / "maps" / "bad.toml").write_text('title = "x\n', encoding="utf-8")
    result = invoke("--all", "--check")
    assert result.exit_code == 1
    assert "Error: maps/bad.toml:1:" in result.stderr
    assert "invalid TOML" in result.stderr


def test_png_without_output_and_check_without_all_are_usage_errors(project):
    assert invoke("-f", "png").exit_code == 2
    assert invoke("--check").exit_code == 2
    assert invoke("--all", "-o", "x.svg").exit_code == 2
    assert invoke("--all", "--maps", "no-such-folder").exit_code == 2  # as an empty maps folder is


@needs_dot
def test_svg_to_stdout_is_well_formed_and_stamped(project):
    result = invoke("cars")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout_bytes)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"<!-- argmap-map dot-sha256=" in result.stdout_bytes


@needs_dot
def test_format_follows_the_output_suffix(project):
    for name, magic in [("m.png", b"\x89PNG"), ("m.pdf", b"%PDF"), ("m.svg", b"<?xml"), ("m.dot", b"digraph")]:
        result = invoke("cars", "-o", name)
        assert result.exit_code == 0, result.output
        assert (project / name).read_bytes().startswith(magic)


def test_missing_graphviz_is_one_clear_line_and_leaves_no_file(project, monkeypatch):
    no_dot(monkeypatch, project)
    (project / "old.svg").write_text("previous map", encoding="utf-8")
    for args in (["-o", "new.svg"], ["-o", "old.svg"], ["--format", "png", "-o", "new.png"]):
        result = invoke("cars", *args)
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("Error: Graphviz is not installed")
        assert "apt-get install graphviz" in lines[0]
    assert not (project / "new.svg").exists()
    assert not (project / "new.png").exists()
    assert (project / "old.svg").read_text(encoding="utf-8") == "previous map"
    assert sorted(p.name for p in project.iterdir() if p.is_file()) == ["old.svg"]  # no temporary files left
    dot = invoke("cars", "--format", "dot", "-o", "map.dot")
    assert dot.exit_code == 0
    assert (project / "map.dot").read_text(encoding="utf-8").startswith("digraph")


def test_failed_render_keeps_the_old_file(project, monkeypatch):
    from argmap.render import graphviz as layout

    def broken(*args, **kwargs):
        raise layout.RenderError("Graphviz failed to draw the map: out of memory")

    monkeypatch.setattr(layout, "run_dot", broken)
    (project / "map.svg").write_bytes(b"old")
    result = invoke("cars", "-o", "map.svg")
    assert result.exit_code == 1
    assert result.stderr == "Error: Graphviz failed to draw the map: out of memory\n"
    assert (project / "map.svg").read_bytes() == b"old"
    assert [p.name for p in project.iterdir() if p.name.startswith(".map.svg")] == []


@needs_dot
def test_all_writes_every_map_and_check_passes_then_fails_after_a_corpus_edit(project):
    result = invoke("--all")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (project / "maps").glob("*.svg"))
    assert written == ["cars-doc.svg", "shops.svg", "whole.svg"]
    for name in written:
        ET.fromstring((project / "maps" / name).read_bytes())
    before = {name: (project / "maps" / name).read_bytes() for name in written}
    assert invoke("--all").exit_code == 0
    assert {name: (project / "maps" / name).read_bytes() for name in written} == before  # byte-identical

    check = invoke("--all", "--check")
    assert check.exit_code == 0, check.output
    assert check.stderr == "all 3 maps are current\n"

    doc = project / "corpus" / "parking.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    cars = project / "corpus" / "cars.md"
    cars.write_text(
        cars.read_text(encoding="utf-8").replace('label="Customers come by car"', 'label="Shoppers drive"'),
        encoding="utf-8",
    )
    stale = invoke("--all", "--check")
    assert stale.exit_code == 1
    lines = stale.stderr.splitlines()
    assert "maps/cars-doc.svg: stale: the corpus or the map definition changed since it was rendered" in lines
    assert "maps/shops.svg: stale: the corpus or the map definition changed since it was rendered" in lines
    assert "maps/whole.svg: stale: the corpus or the map definition changed since it was rendered" in lines
    assert lines[-1] == "3 of 3 maps are stale; run 'argmap render --all' and commit them"
    assert {name: (project / "maps" / name).read_bytes() for name in written} == before  # --check writes nothing


@needs_dot
def test_check_flags_a_hand_edited_or_missing_svg(project):
    assert invoke("--all").exit_code == 0
    svg = project / "maps" / "shops.svg"
    svg.write_bytes(svg.read_bytes().replace(b"Customers come by car", b"Customers come by bus"))
    (project / "maps" / "whole.svg").unlink()
    result = invoke("--all", "--check")
    assert result.exit_code == 1
    assert "maps/shops.svg: stale: it was changed after it was rendered" in result.stderr
    assert "maps/whole.svg: stale: it does not exist" in result.stderr
    assert "cars-doc.svg" not in result.stderr


def test_check_needs_no_graphviz(project, monkeypatch):
    no_dot(monkeypatch, project)
    result = invoke("--all", "--check")
    assert result.exit_code == 1
    assert result.stderr.count("stale: it does not exist") == 3


def test_big_map_warns_and_uses_fast_layout(tmp_path, monkeypatch):
    spans = " ".join(f"[Claim number {i}.]{{#c{i} .claim}}" for i in range(FAST_LAYOUT_THRESHOLD + 1))
    (tmp_path / "big.md").write_text(
        "---\nid: big\ntitle: Big\nauthors: [A]\ndate: 2020\n---\n\n" + spans + "\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = invoke("--corpus", "big.md", "--format", "dot")
    assert result.exit_code == 0
    assert FAST_LAYOUT in result.stdout
    assert f"warning: the map has {FAST_LAYOUT_THRESHOLD + 1} claims" in result.stderr
    assert "--depth" in result.stderr
