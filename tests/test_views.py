"""The typed views (argmap/views): what the report, and later the terminal and the editor, show."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from argmap.corpus.resolve import load_graph
from argmap.source.parse import parse_document
from argmap.views.claim import claim_view, claim_views
from argmap.views.overview import document_rows, outlines, who_says_what
from argmap.views.reading import document_reading
from argmap.views.report import make_about, report_view
from argmap.views.status import Status, statuses

ROOT = Path(__file__).parent.parent


def tiny() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.graph["documents"] = {"d": {"id": "d", "title": "D", "authors": ["Ann"], "date": "2020", "path": "d.md"}}
    G.graph["inferences"] = {"d#p>d#c": {"conclusion": "d#c", "premises": ["d#p"]}}
    for local, kind, by in (
        ("c", "claim", "Ann"),
        ("p", "premise", "Ann"),
        ("r", "rebuttal", "Bob"),
        ("s", "rebuttal", "Cy"),
    ):
        G.add_node(
            f"d#{local}", kind=kind, text=f"text {local}", label=None, doc="d", local_id=local, by=by, path="d.md",
            line=1, col=1, cite=None, tags=[],
        )  # fmt: skip
    G.add_edge("d#p", "d#c", key="supports", type="supports", inference="d#p>d#c")
    G.add_edge("d#r", "d#c", key="attacks", type="attacks")
    G.add_edge("d#s", "d#r", key="attacks", type="attacks")
    return G


def test_statuses_are_the_one_adapter_with_a_reason_per_node():
    found = statuses(tiny())
    assert found["d#s"] == Status("in", "stands: nothing here objects to it")
    assert found["d#r"] == Status("out", "falls to an objection left unanswered here: d#s")
    assert found["d#c"] == Status("in", "stands: every objection to it fails: d#r falls to d#s")
    assert set(found) == set(tiny())


def test_claim_view_lists_relations_both_ways_and_marks_reported_positions():
    G = tiny()
    view = claim_view(G, "d#c", Status("in", "x"))
    assert [(r.type, r.other) for r in view.incoming] == [("supports", "d#p"), ("attacks", "d#r")]
    assert view.outgoing == ()
    assert not view.reported
    assert claim_view(G, "d#r").reported  # Bob is not the document's author
    assert [r.other for r in claim_view(G, "d#r").outgoing] == ["d#c"]


def test_views_are_json_data():
    G = tiny()
    data = claim_views(G, statuses(G))[0].to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["status"] == {"label": "in", "reason": "stands: every objection to it fails: d#r falls to d#s"}


def test_who_says_what_signs_chains_like_argmap_chains():
    who = who_says_what(tiny(), ["d#c"])
    cells = {(s.holder, s.thesis): (s.supports, s.attacks) for s in who.cells}
    assert cells[("Ann", "d#c")] == (("d#p",), ())
    assert cells[("Bob", "d#c")] == ((), ("d#r",))
    assert cells[("Cy", "d#c")] == (("d#s",), ())  # an attack on an attacker supports
    assert who.holds == {"d#c": "Ann"}


@pytest.fixture(scope="module")
def corpus_graph() -> nx.MultiDiGraph:
    G, _ = load_graph(ROOT / "corpus")
    return G


def test_reading_keeps_every_span_s_words_exactly(corpus_graph):
    G = corpus_graph
    for row in document_rows(G):
        reading = document_reading(row.id, row.path, set(G))
        assert reading.error is None
        marked = {m.id for m in reading.marks}
        assert marked == {n for n in G if G.nodes[n]["doc"] == row.id}
        for mark in reading.marks:
            assert " ".join(reading.text[mark.start : mark.end].split()) == G.nodes[mark.id]["text"], mark.id
        assert "]{" not in reading.text  # the annotation markup is gone
        flat = " ".join(reading.text.split())
        for line, _ in parse_document(Path(row.path).read_text(encoding="utf-8"), row.path).lines:
            assert " ".join(line.split()) in flat  # the scanner's plain text, line by line


def test_reading_of_an_unreadable_file_says_why(tmp_path):
    reading = document_reading("x", tmp_path / "missing.md", set())
    assert reading.text == ""
    assert reading.error is not None
    assert "missing.md" in reading.error


def test_report_view_of_the_corpus(corpus_graph):
    view = report_view(corpus_graph, title="t", about=make_about("0", None, "2026-01-01", "corpus"))
    assert len(view.claims) == len(corpus_graph)
    assert sum(view.counts.statuses.values()) == len(corpus_graph)
    assert [d.id for d in view.documents] == [o.doc for o in view.outlines] == [r.doc for r in view.readings]
    json.dumps(view.to_json())


def test_outlines_follow_argmap_show(corpus_graph):
    from argmap.analysis.queries import overview

    found = outlines(corpus_graph)
    assert [[t.id for t in o.trees] for o in found] == [[t.id for t in d.trees] for d in overview(corpus_graph)]
