"""Maps that fit a page: --size, --fit and --min-font, --no-legend, --no-ids; reported positions; render NAME."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.render.dot import parse_size

FIXTURES = Path(__file__).parent / "fixtures"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "clean", tmp_path / "corpus")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "cars.toml").write_text('title = "The cars map"\nclaims = ["cars#shops"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, ["--no-cache", *args, "--corpus", "corpus"])


def test_parse_size_units():
    assert parse_size("6.5in") == (6.5, 200.0)
    assert parse_size("6.5x9in") == (6.5, 9.0)
    assert parse_size("254mm") == (10.0, 200.0)
    assert parse_size("72pt") == (1.0, 200.0)
    with pytest.raises(ValueError, match="expected a size"):
        parse_size("wide")


def test_a_map_definition_wins_over_a_document_of_the_same_name(project):
    dot = invoke("render", "cars", "--format", "dot")
    assert dot.exit_code == 0, dot.stderr
    assert "The cars map" in dot.stdout
    alone = invoke("render", "cars", "--format", "dot", "--depth", "0")
    assert alone.exit_code == 0
    assert len(re.findall(r"^\s+n\d+ \[", alone.stdout, re.M)) == 1  # the root claim alone


def test_no_ids_and_no_legend(project):
    plain = invoke("render", "cars#thesis", "--format", "dot")
    bare = invoke("render", "cars#thesis", "--format", "dot", "--no-ids", "--no-legend")
    assert "cars#thesis</FONT>" in plain.stdout or "· cars#thesis" in plain.stdout
    assert "cluster_legend" in plain.stdout
    assert "cluster_legend" not in bare.stdout
    assert not re.search(r"POINT-SIZE=\"8.5\"[^>]*>[^<]*cars#", bare.stdout)  # no doc#id in the small lines


def test_reported_positions_are_dashed_and_say_so(project):
    out = invoke("render", "cars#shops", "--format", "dot").stdout
    shops = next(line for line in out.splitlines() if re.match(r"\s+n\d+ \[", line) and "Customers come" in line)
    assert 'style="dashed,rounded,filled,bold"' in shops
    assert "reported: Shopkeepers" in shops
    assert "Reported position" in out  # the legend explains it


def test_document_titles_are_nodes_that_edges_go_around(project):
    out = invoke("render", "--format", "dot", "--direction", "BT").stdout
    assert re.search(r"^\s+t0 \[shape=plaintext", out, re.M)
    assert 'label=""' in out  # the cluster has no label of its own
    assert re.search(r"^\s+n\d+ -> t0 \[style=invis\];", out, re.M)  # BT: the title above the top boxes


@needs_dot
def test_size_shrinks_and_warns_fit_refuses(project, tmp_path):
    ok = invoke("render", "cars#thesis", "--depth", "0", "--no-legend", "--fit", "-o", str(tmp_path / "a.svg"))
    assert ok.exit_code == 0, ok.stderr
    from argmap.render.graphviz import drawing_scale

    assert drawing_scale((tmp_path / "a.svg").read_bytes()) == 1.0  # a small map is not enlarged
    small = invoke("render", "--size", "2in", "-o", str(tmp_path / "b.svg"))
    assert small.exit_code == 0
    assert small.stderr.startswith("warning: the map does not fit 2 in wide at a readable size")
    refused = invoke("render", "--size", "2in", "--fit", "-o", str(tmp_path / "c.svg"))
    assert refused.exit_code == 1
    assert "narrow it" in refused.stderr
    assert "--min-font 6" in refused.stderr
    assert not (tmp_path / "c.svg").exists()
    lenient = invoke("render", "--size", "2in", "--fit", "--min-font", "1", "-o", str(tmp_path / "d.png"))
    assert lenient.exit_code == 0, lenient.stderr


def test_size_usage_errors(project):
    assert invoke("render", "--size", "big").exit_code == 2
    assert invoke("render", "--all", "--no-ids").exit_code == 2
    dot = invoke("render", "--size", "16cm", "--format", "dot")
    assert 'size="6.299,200"' in dot.stdout
