"""`argmap export --format json`: node-link JSON that reads back into the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.corpus.resolve import build_graph, load_corpus

runner = CliRunner()


def test_node_link_json_round_trips(in_root):
    result = runner.invoke(app, ["export", "--corpus", "tests/fixtures/clean"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    original = build_graph(load_corpus(in_root / "tests/fixtures/clean"))
    back = nx.node_link_graph(data, edges="links")
    assert sorted(back.nodes(data=True)) == sorted(original.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(original.edges(keys=True, data=True))
    assert back.graph["documents"]["cars"]["title"] == "Why the city centre should close to cars"


def test_node_link_keys_are_the_documented_ones(in_root):
    data = json.loads(runner.invoke(app, ["export", "--corpus", "tests/fixtures/clean"]).stdout)
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "links"}
    node = next(n for n in data["nodes"] if n["id"] == "cars#pollution")
    assert node == {
        "id": "cars#pollution",
        "kind": "premise",
        "text": "Traffic causes most of the air pollution downtown",
        "label": "Traffic is the main polluter",
        "doc": "cars",
        "local_id": "pollution",
        "by": "Ada Example",
        "path": "tests/fixtures/clean/cars.md",
        "line": 16,
        "col": 1,
        "end_line": 17,
        "end_col": 74,
        "cite": "https://example.org/air-2023",
        "tags": [],
    }
    link = next(lk for lk in data["links"] if lk["source"] == "cars#study" and lk["target"] == "cars#thesis")
    assert link == {
        "source": "cars#study",
        "target": "cars#thesis",
        "key": "supports",
        "type": "supports",
        "path": "tests/fixtures/clean/cars.md",
        "line": 25,
        "col": 26,
        "inference": "cars#study>cars#thesis",
    }


def test_export_is_deterministic(in_root):
    first = runner.invoke(app, ["export", "--corpus", "tests/fixtures/clean"]).stdout
    assert runner.invoke(app, ["export", "--corpus", "tests/fixtures/clean"]).stdout == first


def test_hostile_text_stays_text_in_json(tmp_path):
    hostile = 'He said "no" \\ <script>alert(1)</script> [bold]x[/bold]'
    (tmp_path / "h.md").write_text(
        f'---\nid: h\ntitle: H\nauthors: [X]\ndate: 2020\n---\n\n[{hostile}]{{#c .claim label="a \\"q\\" \\\\"}}\n',
        encoding="utf-8",
    )
    data = json.loads(runner.invoke(app, ["export", "--corpus", str(tmp_path)]).stdout)
    assert data["nodes"][0]["text"] == hostile
    assert data["nodes"][0]["label"] == 'a "q" \\'


# --- the streamed encoding --------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=30), st.one_of(st.none(), st.text(max_size=20)), st.lists(st.text(max_size=8), max_size=3)
        ),
        max_size=8,
    ),
    st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.floats(allow_nan=False), st.text(), st.none())),
)
def test_streamed_json_is_the_standard_encoders_bytes(nodes, meta):
    import networkx as nx

    from argmap.formats.nodelink import to_node_link, to_node_link_json

    G = nx.MultiDiGraph()
    G.graph["documents"] = {"d": {"id": "d", **meta}}
    G.graph["inferences"] = {
        f"d#n{n}>d#n0 {text}": {"conclusion": "d#n0", "premises": [f"d#n{n}", *tags]}
        for n, (text, _, tags) in enumerate(nodes)
    }
    for n, (text, label, tags) in enumerate(nodes):
        G.add_node(f"d#n{n}", kind="claim", text=text, label=label, doc="d", local_id=f"n{n}", tags=tags, line=10**20)
        if n:
            G.add_edge(f"d#n{n}", "d#n0", key="supports", type="supports", inference=f"d#n{n}>d#n0", line=n)
    expected = json.dumps(to_node_link(G), indent=2, ensure_ascii=False, default=str) + "\n"
    assert to_node_link_json(G) == expected


@pytest.mark.parametrize(
    "graph_attrs",
    [
        {},
        {"inferences": {}},
        {"inferences": {"a>b": {"conclusion": "b", "premises": []}}},
        {"documents": {}, "inferences": {"a>b": {"conclusion": "b", "premises": ["a", "é"]}, "c": {}}},
        {"documents": {"d": {"id": "d", "n": [1, {"x": None}]}}},
    ],
)
def test_the_graph_attributes_stream_as_the_standard_encoder_writes_them(graph_attrs):
    from argmap.formats.nodelink import _document

    streamed = b"".join(_document(graph_attrs, [{"id": "n"}], [])).decode("utf-8")
    whole = {"directed": True, "multigraph": True, "graph": graph_attrs, "nodes": [{"id": "n"}], "links": []}
    assert streamed == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("chunk", [1, 2, 3, 2000])
@pytest.mark.parametrize(
    "members",
    [
        [],
        [("a>b", {"conclusion": "b", "premises": ["a"]})],
        [(f'n{i} \u00e9"\\\n\x00\u2028', {"conclusion": "c", "premises": [str(i)] * i, "x": {}}) for i in range(7)],
        [("k", 1), (2, [2]), ("k2", None)],  # a key that is not a string: the chunk member by member
        [("same", 1), ("same", 2), ("other", [])],  # a key repeated (as a stream may): both written
        [("big", 10**30), ("small", 1)],  # a value orjson refuses
    ],
)
def test_an_objects_members_stream_in_chunks_as_the_standard_encoder_writes_them(members, chunk, monkeypatch):
    import argmap.formats.nodelink as nodelink

    monkeypatch.setattr(nodelink, "CHUNK_RECORDS", chunk)
    streamed = b"".join(nodelink._members(iter(members))).decode("utf-8")
    parts = [json.dumps(str(k) if not isinstance(k, str) else k, ensure_ascii=False) + ": " for k, _ in members]
    values = [json.dumps(v, indent=2, ensure_ascii=False).replace("\n", "\n      ") for _, v in members]
    expected = "{" + ",".join(f"\n      {p}{v}" for p, v in zip(parts, values, strict=True)) + "\n    }"
    assert streamed == (expected if members else "{}")
    if len({k for k, _ in members}) == len(members) and all(isinstance(k, str) for k, _ in members):
        # as the object sits in the graph's attributes: {"graph": {"inferences": {...}}}
        whole = json.dumps({"graph": {"inferences": dict(members)}}, indent=2, ensure_ascii=False)
        assert whole == '{\n  "graph": {\n    "inferences": ' + streamed + "\n  }\n}"


@pytest.mark.parametrize("folder", ["corpus", "tests/fixtures/clean", "tests/fixtures/broken", "tests/fixtures/eval"])
def test_json_streamed_from_the_corpus_is_the_graphs(folder):
    from argmap.corpus.resolve import build_graph, load_corpus
    from argmap.formats.nodelink import iter_corpus_node_link_json, iter_node_link_json

    corpus = load_corpus(Path(__file__).parent.parent / folder)
    from_corpus = b"".join(iter_corpus_node_link_json(corpus))
    assert from_corpus == b"".join(iter_node_link_json(build_graph(corpus)))


def test_the_corpus_records_have_the_documented_keys_in_order():
    from argmap.corpus.resolve import default_holder, edge_attributes, node_attributes
    from argmap.formats.nodelink import LINK_KEYS, NODE_KEYS

    corpus = load_corpus(Path(__file__).parent.parent / "corpus")
    doc = corpus.documents[0]
    assert tuple(node_attributes(doc.spans[0], doc.id, doc.path, default_holder(doc))) == NODE_KEYS
    for link in corpus.links:
        keys = tuple(edge_attributes(corpus, link)[1])
        assert keys[: len(LINK_KEYS)] == LINK_KEYS
