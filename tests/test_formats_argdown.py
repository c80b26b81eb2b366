"""Argdown: export escapes for Argdown's lexer; import reads the statement/relation subset and reports the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interchange_support import corpora

from argmap.corpus import build_graph, load_corpus
from argmap.errors import Severity
from argmap.formats.argdown import _inline, escape_text, read_argdown, to_argdown
from argmap.formats.interchange import select_document
from argmap.formats.writer import write_document
from argmap.parse import normalize_space, parse_document


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("U.S.A. :smile: .A. e.g.", "U.S.A. \\:smile: \\.A. e.g."),
        ("x // y /* z", "x \\// y \\/\\* z"),
        ("a === b == c", "a \\=\\=\\= b == c"),
        ("[t](u) <a> {b} #t *i* _u_ \\", "\\[t\\](u) \\<a> \\{b\\} \\#t \\*i\\* \\_u\\_ \\\\"),
        (".a\\b.", "\\.a\\\\b."),
    ],
)
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped
    assert _inline(escaped)[0] == text


@settings(max_examples=300, deadline=dt.timedelta(seconds=1))
@given(st.lists(st.sampled_from(list("ab .:/*_=[]<>{}#@\\-+()!`'\"A") + ["smile", "é"]), max_size=40).map("".join))
def test_escaped_text_reads_back(text):
    assert _inline(escape_text(text))[0] == normalize_space(text)


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_round_trip_per_document(corpus):
    graph = build_graph(load_corpus(corpus))
    for doc_id in graph.graph["documents"]:
        original = select_document(graph, doc_id).graph
        imported = read_argdown(to_argdown(original), "x.argdown")
        assert imported.diagnostics == []
        written = write_document(imported, doc_id, today=dt.date(2026, 1, 1))
        again = build_graph(load_corpus(Path("."), [parse_document(written.text, f"{doc_id}.md")]))
        strip = lambda g: {  # noqa: E731
            d["local_id"]: (d["kind"], d["text"], d["label"], d["by"], d["cite"], d["tags"]) for _, d in g.nodes(data=True)
        }
        assert strip(again) == strip(original)
        rel = lambda g: {(g.nodes[u]["local_id"], g.nodes[v]["local_id"], k) for u, v, k in g.edges(keys=True)}  # noqa: E731
        assert rel(again) == rel(original)


def test_export_layout():
    graph = build_graph(load_corpus(corpora()[0]))
    text = to_argdown(graph)
    assert "[beta#sales]: Cities that banned cars saw sales rise. {" in text
    assert "    -> [alpha#shops]\n    +> [alpha#thesis]\n" in text
    assert text.count("\n# ") + text.startswith("# ") == len(graph.graph["documents"])


SAMPLE = """===
title: Cars
===
// a comment
[A]: Cars should be banned. #policy {color: red, label: "Ban cars"}
    + [B]: Pollution kills. // trailing comment
        - Pollution is falling.
    - <Shops>: Shops need cars.
    +> [C]
    _> [D]: An undercut target.
    >< [E]: A contradiction.

(1) [P1]: premise one
(2) premise two
----
(3) [A]

# A heading
Some *emphasised* statement
that goes on.
  + [A]
  + [B]: Other text for B.
"""


def test_import_subset_and_report():
    imported = read_argdown(SAMPLE, "s.argdown")
    claims = {c.key: (str(c.kind), c.text, c.label, c.tags) for c in imported.claims}
    assert claims["A"] == ("premise", "Cars should be banned.", "Ban cars", ("policy",))  # it only supports
    assert claims["B"][1] == "Pollution kills."
    assert claims["untitled-1"][:2] == ("rebuttal", "Pollution is falling.")
    assert claims["untitled-3"][1] == "Some emphasised statement that goes on."
    relations = {(r.source, r.target, str(r.type)) for r in imported.relations}
    assert relations == {
        ("B", "A", "supports"),
        ("untitled-1", "B", "attacks"),
        ("A", "C", "supports"),
        ("A", "untitled-3", "supports"),
        ("B", "untitled-3", "supports"),
    }
    found = sorted((d.loc.line, d.code) for d in imported.diagnostics)
    assert found == [(8, "AM509"), (9, "AM510"), (10, "AM509"), (11, "AM509"), (15, "AM509"), (22, "AM510")]
    assert imported.meta["title"] == "Cars"
    assert imported.skipped["relations to or from an argument"] == 1
    assert imported.skipped["headings (sections)"] == 1
    written = write_document(imported, "cars", today=dt.date(2026, 1, 1))
    doc = parse_document(written.text, "cars.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []
