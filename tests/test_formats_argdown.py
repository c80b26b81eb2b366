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
            d["local_id"]: (d["kind"], d["text"], d["label"], d["by"], d["cite"], d["tags"])
            for _, d in g.nodes(data=True)
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


def test_data_that_yaml_cannot_read_is_reported_not_raised():
    deep = "{a: " * 1000 + "1" + "}" * 1000
    text = (
        f"[A]: deep {deep}\n\n"
        "[B]: bad date {label: 2019-02-30}\n\n"
        f"[C]: long number {{label: {'1' * 5000}}}\n\n"
        '[D]: lone surrogate {label: "x\\ud800", tags: ["\\udc01", 7]}\n'
    )
    imported = read_argdown(text, "bad.argdown")
    found = [(d.loc.line, d.code, d.message.split(":")[0]) for d in imported.diagnostics]
    assert found == [
        (1, "AM502", "data after a statement is nested too deeply"),
        (3, "AM502", "data after a statement holds a value that cannot be read (day is out of range for month)"),
        (
            5,
            "AM502",
            "data after a statement holds a value that cannot be read (Exceeds the limit (4300 digits) for "
            "integer string conversion)",
        ),
        (7, "AM510", "data after a statement holds one"),
    ]
    d = imported.claims[-1]
    assert (d.label, d.tags) == ("x\ufffd", ("\ufffd", "7"))
    written = write_document(imported, "bad", today=dt.date(2026, 1, 1))
    assert [x for x in parse_document(written.text, "bad.md").diagnostics if x.severity is Severity.ERROR] == []


def test_front_matter_yaml_that_cannot_be_read_is_no_title():
    imported = read_argdown("===\ntitle: T\ndate: 2019-02-30\n===\n\n[A]: x\n", "fm.argdown")
    assert "title" not in imported.meta
    imported = read_argdown('===\ntitle: "T\\ud800"\n===\n\n[A]: x\n', "fm.argdown")
    assert imported.meta["title"] == "T\ufffd"
    assert [(d.loc.line, d.code) for d in imported.diagnostics] == [(2, "AM510")]


def test_data_values_that_are_not_text_are_not_stringified():
    # YAML aliases make a list of 10**6 items from a few lines: str() of it must not become a label
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 6)]
    imported = read_argdown("[A]: x {" + ", ".join(levels) + ", label: *a5, kind: *a5, by: {x: 1}}\n", "alias.argdown")
    (claim,) = imported.claims
    assert (claim.label, claim.by, str(claim.kind)) == (None, None, "claim")


def test_statement_with_neither_text_nor_title_is_skipped():
    imported = read_argdown("[A]: a\n  + {label: x}\n\n(2)\n", "empty.argdown")
    assert [c.text for c in imported.claims] == ["a"]
    assert imported.relations == []
    assert sorted((d.loc.line, d.code) for d in imported.diagnostics) == [(2, "AM506"), (4, "AM506")]
