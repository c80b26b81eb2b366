"""Map definitions: validation with positions, and which nodes a map selects."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from argmap.errors import MapError, RenderError
from argmap.render.maps import MapSpec, load_definition, map_dot, parse_definition, select_nodes


def chain() -> nx.MultiDiGraph:
    """a#c0 <- a#c1 <- a#c2 <- b#c3 (supports), and b#r attacks a#c0."""
    G = nx.MultiDiGraph()
    G.graph["documents"] = {"a": {"title": "A"}, "b": {"title": "B"}}
    for key in ["a#c0", "a#c1", "a#c2", "b#c3", "b#r"]:
        doc, local = key.split("#")
        G.add_node(
            key,
            kind="claim",
            text=key,
            label=None,
            doc=doc,
            local_id=local,
            by=None,
            path=f"{doc}.md",
            line=1,
            col=1,
            cite=None,
            tags=[],
        )
    for u, v in [("a#c1", "a#c0"), ("a#c2", "a#c1"), ("b#c3", "a#c2")]:
        G.add_edge(u, v, key="supports", type="supports")
    G.add_edge("b#r", "a#c0", key="attacks", type="attacks")
    return G


def test_whole_corpus_when_no_roots():
    assert select_nodes(chain(), MapSpec()) == set(chain())


def test_claim_roots_default_to_depth_two():
    assert select_nodes(chain(), MapSpec(claims=("a#c0",))) == {"a#c0", "a#c1", "a#c2", "b#r"}
    assert select_nodes(chain(), MapSpec(claims=("c0",), depth=0)) == {"a#c0"}


def test_documents_default_to_the_document_alone():
    assert select_nodes(chain(), MapSpec(documents=("b",))) == {"b#c3", "b#r"}
    assert select_nodes(chain(), MapSpec(documents=("b",), depth=1)) == {"b#c3", "b#r", "a#c2", "a#c0"}


def test_relation_types_limit_what_is_followed():
    spec = MapSpec(claims=("a#c0",), depth=5, relations=("attacks",))
    assert select_nodes(chain(), spec) == {"a#c0", "b#r"}


def test_unknown_roots_name_the_definition():
    with pytest.raises(MapError, match=r"^maps/x.toml: no claim 'a#c9'"):
        select_nodes(chain(), MapSpec(claims=("a#c9",), path="maps/x.toml"))
    with pytest.raises(MapError, match=r"^maps/x.toml: no document 'c'"):
        select_nodes(chain(), MapSpec(documents=("c",), path="maps/x.toml"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("depth = -1\n", "m.toml:1:1: 'depth' must be a whole number from 0 to 1000, not -1"),
        ("depth = true\n", "m.toml:1:1: 'depth' must be a whole number"),
        ('title = "t"\ndirection = "up"\n', "m.toml:2:1: 'direction' must be one of BT, TB, LR, RL, not 'up'"),
        ('relations = ["supports", "undercut"]\n', "m.toml:1:1: unknown relation type 'undercut'"),
        ("relations = []\n", "m.toml:1:1: 'relations' is empty"),
        ('claims = "a#c0"\ngroup = "yes"\n', "m.toml:2:1: 'group' must be true or false"),
        ("claims = [1]\n", "m.toml:1:1: 'claims' must be a list of strings"),
        ('title = ""\n', "m.toml:1:1: 'title' must be a non-empty string"),
        ("[section]\nx = 1\n", "m.toml: unknown key 'section'"),
        ('title = "a"\ntitle = "b"\n', "m.toml:2:"),
        ("title = \n", "m.toml:1:9: invalid TOML"),
        ("a = " + "[" * 1100 + "]" * 1100 + "\n", "m.toml: invalid TOML: values nested too deeply"),
    ],
)
def test_bad_definitions(tmp_path: Path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    Path("m.toml").write_text(text, encoding="utf-8")
    with pytest.raises(MapError) as caught:
        load_definition(Path("m.toml"))
    assert str(caught.value).startswith(message)


def test_a_good_definition():
    spec = parse_definition(
        {"title": "T", "claims": ["a#c0", "a#c0"], "relations": ["attacks", "supports"], "depth": 3, "group": False},
        name="t",
        path="maps/t.toml",
    )
    assert spec.claims == ("a#c0",)
    assert spec.relations == ("supports", "attacks")
    assert (spec.depth, spec.group, spec.legend, spec.direction) == (3, False, True, "BT")
    assert spec.svg_path == Path("maps/t.svg")


def test_shipped_maps_are_current_and_shown_in_the_maps_readme(in_root):
    from typer.testing import CliRunner

    from argmap.cli.commands import app

    result = CliRunner().invoke(app, ["render", "--all", "--check"])
    assert result.exit_code == 0, result.stderr  # after a corpus edit: run `argmap render --all`
    readme = (in_root / "maps" / "README.md").read_text(encoding="utf-8")
    names = sorted(p.stem for p in (in_root / "maps").glob("*.toml"))
    assert len(names) >= 9
    for name in names:
        assert f"]({name}.svg)" in readme, name


def test_shipped_svgs_are_xml_with_tooltips_and_only_http_links(in_root):
    import re
    import xml.etree.ElementTree as ET

    svg, xlink = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
    for path in sorted((in_root / "maps").glob("*.svg")):
        root = ET.parse(path).getroot()
        boxes = [g for g in root.iter(f"{svg}g") if g.get("class") == "node"]
        assert boxes, path
        for g in boxes:
            anchor = g.find(f".//{svg}a")
            assert anchor is not None, path
            assert anchor.get(f"{xlink}title"), path
        for element in root.iter():
            href = element.get(f"{xlink}href")
            if href is not None:
                assert re.match(r"https?://[^\s\"'<>]+\Z", href), (path, href)


def test_the_dot_size_floor_never_exceeds_the_real_size(in_root):
    from argmap.corpus.resolve import build_graph, load_corpus

    for G in (
        chain(),
        build_graph(load_corpus(Path("corpus"))),
        build_graph(load_corpus(Path("tests/fixtures/clean"))),
    ):
        dot, _ = map_dot(G, MapSpec())
        with pytest.raises(RenderError, match=r"too big for Graphviz \(at least 0 MB of DOT\)"):
            map_dot(G, MapSpec(), max_bytes=len(dot.encode("utf-8")) // 4)  # refused before it is built
        assert map_dot(G, MapSpec(), max_bytes=len(dot.encode("utf-8")))[0] == dot  # the floor is below the size
