"""AIF JSON: corpus -> AIF -> corpus gives the same claims and relations; messy AIF is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from interchange_support import INTERCHANGE, corpora

from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import ImportFailed, Severity
from argmap.formats.aif import read_aif, to_aif, to_aif_json
from argmap.formats.imported import select_document
from argmap.formats.markdown import write_document
from argmap.source.parse import parse_document

#: Front matter the inputs here lack (argmap never invents it).
META = {"title": "T", "authors": ["A"], "date": "2026"}

ATTRS = ("kind", "text", "label", "by", "cite", "tags")


def _graph(path: Path):
    return build_graph(load_corpus(path))


def _reimport(aif_text: str, doc_id: str):
    imported = read_aif(aif_text, "in.json")
    written = write_document(imported, doc_id, **META)
    doc = parse_document(written.text, f"{doc_id}.md")
    corpus = load_corpus(Path("."), [doc])
    assert [d for d in corpus.diagnostics if d.severity is Severity.ERROR] == []
    return build_graph(corpus), written


def _claims(graph):
    return {data["local_id"]: tuple(str(data[a]) for a in ATTRS) for _, data in graph.nodes(data=True)}


def _relations(graph):
    return {(graph.nodes[u]["local_id"], graph.nodes[v]["local_id"], k) for u, v, k in graph.edges(keys=True)}


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_each_document_round_trips(corpus):
    graph = _graph(corpus)
    for doc_id in graph.graph["documents"]:
        original = select_document(graph, doc_id).graph
        again, _ = _reimport(to_aif_json(original), doc_id)
        assert _claims(again) == _claims(original)
        assert _relations(again) == _relations(original)


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_whole_corpus_round_trips_into_one_document(corpus):
    graph = _graph(corpus)
    data = to_aif(graph)
    again, written = _reimport(json.dumps(data), "merged")
    key_of = {node_id: meta["id"] for node_id, meta in data["argmap"]["nodes"].items()}
    new_id = {key_of[k]: v for k, v in written.ids.items()}
    assert sorted(new_id) == sorted(graph.nodes)
    moved = {(new_id[u], new_id[v], k) for u, v, k in graph.edges(keys=True)}
    assert moved == _relations(again)
    for key, local in new_id.items():
        assert again.nodes[f"merged#{local}"]["text"] == graph.nodes[key]["text"]


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_round_trip_without_the_argmap_side_table_keeps_texts_and_relations(corpus):
    graph = _graph(corpus)
    data = to_aif(graph)
    del data["argmap"]
    again, _ = _reimport(json.dumps(data), "bare")
    by_text = lambda g: {(g.nodes[u]["text"], g.nodes[v]["text"], k) for u, v, k in g.edges(keys=True)}  # noqa: E731
    assert by_text(again) == by_text(graph)
    assert sorted(d["text"] for _, d in again.nodes(data=True)) == sorted(d["text"] for _, d in graph.nodes(data=True))
    holders = {d["text"]: d["by"] for _, d in graph.nodes(data=True)}
    assert all(d["by"] == holders[d["text"]] or d["by"] == "unknown" for _, d in again.nodes(data=True))


def test_export_shape_and_determinism():
    graph = _graph(corpora()[0])
    data = to_aif(graph)
    assert set(data) >= {"nodes", "edges", "locutions"}
    types = [n["type"] for n in data["nodes"]]
    assert types.count("I") == graph.number_of_nodes()
    assert types.count("RA") + types.count("CA") == graph.number_of_edges()
    assert types.count("L") == types.count("YA") == len(data["locutions"]) == graph.number_of_nodes()
    ids = {n["nodeID"] for n in data["nodes"]}
    assert all(e["fromID"] in ids and e["toID"] in ids for e in data["edges"])
    assert to_aif_json(graph) == to_aif_json(_graph(corpora()[0]))


def test_messy_aif_is_reported_with_lines():
    imported = read_aif((INTERCHANGE / "messy.json").read_text(encoding="utf-8"), "messy.json")
    found = sorted((d.loc.line, d.code) for d in imported.diagnostics)
    assert found == [
        (10, "AM509"),  # MA node
        (12, "AM510"),  # RA node 11 shares premise 2 of claim 1 with RA node 3: one inference
        (15, "AM505"),  # duplicate nodeID
        (16, "AM503"),  # unknown type
        (17, "AM506"),  # I-node without text
        (18, "AM502"),  # node without nodeID
        (32, "AM504"),  # dangling edge
        (33, "AM502"),  # edge without toID
    ]
    texts = {c.key: c.text for c in imported.claims}
    assert sorted(texts) == ["1", "10", "13", "2", "4"]
    relations = {(r.source, r.target, str(r.type), r.of) for r in imported.relations}
    assert relations == {
        ("2", "1", "supports", None),
        ("10", "1", "supports", None),
        ("4", "1", "attacks", None),
        ("13", "1", "undercuts", "2"),  # CA node 12 -> RA node 3: the inference from 2 (and 10) to 1
    }
    assert [(i.premises, i.conclusion) for i in imported.inferences] == [(("2", "10"), "1")]
    assert next(c.by for c in imported.claims if c.key == "1") == "Alice"
    assert imported.skipped["TA nodes (transitions between locutions)"] == 1
    assert imported.date_hint == "2026-01-01"


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [('{"nodes": [1, 2,]}', 1, 17), ("[1, 2]", 1, 1), ('{"edges": []}', 1, 1)],
)
def test_unusable_input_fails_with_a_location(text, line, col):
    with pytest.raises(ImportFailed) as info:
        read_aif(text, "bad.json")
    (diag,) = info.value.diagnostics
    assert (diag.code, diag.loc.line, diag.loc.col) == ("AM501", line, col)


def test_xaif_wrapper_is_read():
    inner = {"nodes": [{"nodeID": 1, "text": "A claim", "type": "I"}], "edges": [], "locutions": []}
    imported = read_aif(json.dumps({"AIF": inner, "text": "..."}), "x.json")
    assert [c.text for c in imported.claims] == ["A claim"]


def test_lone_surrogates_become_replacement_characters_where_they_are():
    text = (
        '{"nodes": [\n'
        ' {"nodeID": "1", "text": "pair \\ud83d\\ude00, literal \\\\ud800, lone \\udc00 and \\ud800", "type": "I"},\n'
        ' {"nodeID": "2", "text": "b", "type": "I"}],\n'
        ' "edges": [], "argmap": {"nodes": {"2": {"label": "x"}, "\\ud801": {}}}}'
    )
    imported = read_aif(text, "s.json")
    assert [c.text for c in imported.claims] == ["pair \U0001f600, literal \\ud800, lone \ufffd and \ufffd", "b"]
    found = [(d.loc.line, d.loc.col, d.code, d.message.split(":")[0]) for d in imported.diagnostics]
    assert found == [
        (2, 68, "AM510", "the escape \\udc00 (and 1 more in this string)"),
        (4, 35, "AM510", "a key of this object holds one"),
    ]
    written = write_document(imported, "s", **META)
    written.text.encode("utf-8")
    assert [d.code for d in parse_document(written.text, "s.md").diagnostics] == []


def test_speakers_with_or_without_a_space_before_the_colon():
    nodes = [
        {"nodeID": "1", "text": "Cut traffic", "type": "I"},
        {"nodeID": "2", "text": "Ann Lee: cut traffic", "type": "L"},
        {"nodeID": "3", "text": "Asserting", "type": "YA"},
        {"nodeID": "4", "text": "Shops suffer", "type": "I"},
        {"nodeID": "5", "text": "Bo : shops suffer", "type": "L"},
        {"nodeID": "6", "text": "Asserting", "type": "YA"},
        {"nodeID": "7", "text": "Said without a speaker", "type": "L"},
    ]
    edges = [("2", "3"), ("3", "1"), ("5", "6"), ("6", "4"), ("7", "3")]
    data = {"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges], "locutions": []}
    imported = read_aif(json.dumps(data), "s.json")
    assert {c.key: c.by for c in imported.claims} == {"1": "Ann Lee", "4": "Bo"}


def test_several_documents_come_back_apart(tmp_path):
    from argmap.formats.imported import split_documents

    graph = _graph(corpora()[0])
    imported = read_aif(to_aif_json(graph), "all.json")
    assert sorted(imported.documents) == sorted(graph.graph["documents"])
    docs = []
    for doc_id, part in split_documents(imported, "all"):
        written = write_document(part, doc_id)
        assert written.missing == []
        docs.append(parse_document(written.text, f"{doc_id}.md"))
    corpus = load_corpus(Path("."), docs)
    assert [d for d in corpus.diagnostics if d.severity is Severity.ERROR] == []
    again = build_graph(corpus)
    assert set(again.nodes) == set(graph.nodes)
    assert set(again.edges(keys=True)) == set(graph.edges(keys=True))
    assert {n: again.nodes[n]["text"] for n in again} == {n: graph.nodes[n]["text"] for n in graph}


def test_integers_longer_than_python_converts_are_reported():
    huge = "9" * 5000
    text = (
        f'{{"nodes": [{{"nodeID": 1, "text": "a", "type": "I", "x": {huge}}},\n'
        f'{{"nodeID": {huge}, "text": "b", "type": "I"}}],\n'
        f'"edges": [{{"fromID": 1, "toID": -{huge}}}]}}'
    )
    imported = read_aif(text, "big.json")
    assert [c.text for c in imported.claims] == ["a"]
    assert [(d.loc.line, d.code) for d in imported.diagnostics] == [(2, "AM502"), (3, "AM502")]
    assert "'toID' is a number of 5000 digits" in imported.diagnostics[1].message


def test_deeply_nested_json_fails_with_am501():
    with pytest.raises(ImportFailed) as info:
        read_aif('{"nodes": [{"text": ' + "[" * 50_000 + "]" * 50_000 + "}]}", "deep.json")
    assert [d.code for d in info.value.diagnostics] == ["AM501"]


def test_timestamps_that_are_no_calendar_dates_are_reported_and_not_used():
    nodes = [
        {"nodeID": n, "text": "t", "type": "I", "timestamp": stamp}
        for n, stamp in enumerate(["2024-02-30 10:00:00", "0000-01-01 00:00", "2020-05-06T07:08:09", "garbage"])
    ]
    imported = read_aif(json.dumps({"nodes": nodes, "edges": []}), "t.json")
    assert imported.date_hint == "2020-05-06"
    assert [d.code for d in imported.diagnostics] == ["AM510", "AM510"]


def _aif_structure(data: dict) -> dict[str, set]:
    """An AIF map's argument structure by I-node text: each RA, CA and PA with what it joins."""
    text = {n["nodeID"]: n["text"] for n in data["nodes"]}
    kind = {n["nodeID"]: n["type"] for n in data["nodes"]}
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for e in data["edges"]:
        out.setdefault(e["fromID"], []).append(e["toID"])
        into.setdefault(e["toID"], []).append(e["fromID"])

    def describe(node: str) -> tuple:
        before = frozenset(text[n] for n in into.get(node, []) if kind[n] == "I")
        after = out[node][0]
        target = text[after] if kind[after] == "I" else describe(after)
        return (kind[node], text[node], before, target)

    return {"schemes": {describe(n) for n, k in kind.items() if k in ("RA", "CA", "PA")}}


def test_aif_with_every_construct_imports_whole_and_exports_back_the_same():
    """Linked RA, CA -> RA and CA -> CA undercuts, a PA-node, a scheme name: nothing skipped, the same map back."""
    data = json.loads((INTERCHANGE / "constructs.json").read_text(encoding="utf-8"))
    imported = read_aif(json.dumps(data), "constructs.json")
    assert imported.skipped == {}
    assert imported.diagnostics == []
    again, written = _reimport(json.dumps(data), "tram")
    assert written.skipped == {}
    exported = to_aif(again)
    assert _aif_structure(exported) == _aif_structure(data)
    assert "schemes:\n  n2>n4: Argument From Consequences\n" in written.text


def test_speakers_named_by_the_locutions_participants_when_the_text_names_none():
    # xAIF (and AIFdb's locutions) give the speaker as a participant; the L-node holds the words alone
    nodes = [
        {"nodeID": 1, "text": "Cut traffic", "type": "I"},
        {"nodeID": 2, "text": "cut traffic", "type": "L"},
        {"nodeID": 3, "text": "Asserting", "type": "YA"},
        {"nodeID": 4, "text": "Shops suffer", "type": "I"},
        {"nodeID": 5, "text": "Bo : shops suffer", "type": "L"},  # the text's speaker comes first
        {"nodeID": 6, "text": "Asserting", "type": "YA"},
        {"nodeID": 7, "text": "Nobody said", "type": "I"},
        {"nodeID": 8, "text": "nobody said", "type": "L"},  # its person is not a participant
        {"nodeID": 9, "text": "Asserting", "type": "YA"},
    ]
    edges = [(2, 3), (3, 1), (5, 6), (6, 4), (8, 9), (9, 7)]
    aif = {
        "nodes": nodes,
        "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(edges)],
        "locutions": [{"nodeID": 2, "personID": 10}, {"nodeID": 5, "personID": 11}, {"nodeID": 8, "personID": 12}, 7],
        "participants": [
            {"participantID": 10, "firstname": "Ann", "surname": " Lee "},
            {"participantID": 11, "firstname": "Someone", "surname": "Else"},
            {"participantID": True, "firstname": "Not", "surname": "An id"},
            "junk",
        ],
    }
    imported = read_aif(json.dumps({"AIF": aif}), "x.json")
    assert {c.key: c.by for c in imported.claims} == {"1": "Ann Lee", "4": "Bo", "7": None}
