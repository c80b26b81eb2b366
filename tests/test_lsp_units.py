"""The language server's pure parts: positions in three encodings, the document index, the typing context."""

from __future__ import annotations

import subprocess
import sys

import pytest

from argmap.lsp.context import typing_at
from argmap.lsp.index import build_index
from argmap.lsp.positions import UTF8, UTF16, UTF32, TextPositions, code_points, units

ASTRAL = "\U0001f6b2"  # a bicycle: one code point, two UTF-16 units, four UTF-8 bytes


@pytest.mark.parametrize(("encoding", "width"), [(UTF16, 2), (UTF8, 4), (UTF32, 1)])
def test_positions_round_trip_past_astral_characters(encoding, width):
    text = f"first\n{ASTRAL}{ASTRAL} é [x]{{#a .claim}}\nlast"
    positions = TextPositions(text, encoding)
    bracket = text.index("[")
    e_width = {UTF8: 2, UTF16: 1, UTF32: 1}[encoding]
    assert positions.position(bracket) == (1, 2 * width + 1 + e_width + 1)
    assert positions.offset(*positions.position(bracket)) == bracket
    for offset in range(len(text) + 1):
        assert positions.offset(*positions.position(offset)) == offset


def test_a_position_inside_a_character_rounds_up_and_past_the_end_clamps():
    positions = TextPositions(f"{ASTRAL}x\nnext", UTF16)
    assert positions.offset(0, 1) == 1  # half of the bicycle: after it
    assert positions.offset(0, 99) == 2  # past the end of the line: its end
    assert positions.offset(9, 0) == len(positions.text)


def test_argmap_columns_are_code_points():
    text = f"{ASTRAL}[x]{{#a .claim}}"
    positions = TextPositions(text, UTF16)
    assert positions.offset_of(1, 2) == 1  # column 2 is the "[" after one code point
    assert positions.position(positions.offset_of(1, 2)) == (0, 2)


def test_byte_order_mark_is_not_a_column():
    text = "\ufeff---\nid: x"
    assert TextPositions(text).offset_of(1, 1) == 1


def test_units_and_code_points():
    assert units(f"a{ASTRAL}é", UTF16) == 4
    assert units(f"a{ASTRAL}é", UTF8) == 7
    assert code_points(f"a{ASTRAL}é", 3, UTF16) == 2


DOC = """---
id: "town"  # a comment
title: T
---

[Close it]{#thesis .claim label="Close"} [[inner]{#i .premise supports="thesis"} outer]{#o .claim
attacks="other#x thesis" undercuts="i>thesis other#a>other#b"}
[]{ref="i" supports="other#y"}
"""


def test_index_of_a_document():
    index = build_index(DOC)
    assert (index.doc_id, DOC[index.doc_id_start : index.doc_id_end]) == ("town", "town")
    assert [s.local_id for s in index.spans] == ["thesis", "o", "i", None]
    thesis, outer, inner, ref = index.spans
    assert DOC[thesis.id_start : thesis.id_end] == "thesis"
    assert (thesis.kind, thesis.label, thesis.text) == ("claim", "Close", "Close it")
    assert inner.parent == 1
    assert outer.parent is None
    assert ref.ref == "i"
    tokens = [(r.key, r.doc, r.local, DOC[r.local_start : r.local_end]) for r in index.references]
    assert tokens == [
        ("supports", None, "thesis", "thesis"),
        ("attacks", "other", "x", "x"),
        ("attacks", None, "thesis", "thesis"),
        ("undercuts", None, "i", "i"),
        ("undercuts", None, "thesis", "thesis"),
        ("undercuts", "other", "a", "a"),
        ("undercuts", "other", "b", "b"),
        ("ref", None, "i", "i"),
        ("supports", "other", "y", "y"),
    ]
    assert all(DOC[r.start : r.end] == (f"{r.doc}#{r.local}" if r.doc else r.local) for r in index.references)


def test_index_with_a_byte_order_mark_keeps_editor_offsets():
    text = "\ufeff" + DOC
    index = build_index(text)
    assert text[index.spans[0].id_start : index.spans[0].id_end] == "thesis"
    assert text[index.doc_id_start : index.doc_id_end] == "town"


def typing(marked: str):
    at = marked.index("|")
    return typing_at(marked.replace("|", ""), at)


@pytest.mark.parametrize(
    ("marked", "what", "key", "prefix"),
    [
        ("[w]{#a .cl|", "kind", "", "cl"),
        ("[w]{#|", "id", "", ""),
        ("[w]{#a |", "key", "", ""),
        ("[w]{#a sup|", "key", "", "sup"),
        ('[w]{#a .claim supports="x ot|', "value", "supports", "ot"),
        ('[w]{#a .claim supports="x" label="h" |', "key", "", ""),
        ("[w]{#a .claim attacks=do|", "value", "attacks", "do"),
        ('[w]{#a .claim undercuts="a>c|', "value", "undercuts", "c"),
        ('[w]{#a .claim\n  supports="doc#|', "value", "supports", "doc#"),
        ("[w]{#a label='it''s' |", "key", "", ""),
    ],
)
def test_typing_context(marked, what, key, prefix):
    found = typing(marked)
    text = marked.replace("|", "")
    assert found is not None
    assert (found.what, found.key, text[found.prefix_start : marked.index("|")]) == (what, key, prefix)


@pytest.mark.parametrize("marked", ["[w]{#a} |", "text {|", "[w]{#a .claim\n\n  supports=|", "plain | text"])
def test_no_typing_context_outside_blocks(marked):
    assert typing(marked) is None


def test_other_commands_do_not_load_the_language_server_or_the_watcher(in_root):
    code = (
        "import sys; from typer.testing import CliRunner; from argmap.cli.commands import app; "
        "r = CliRunner(); r.invoke(app, ['check', '--corpus', 'tests/fixtures/clean']); "
        "r.invoke(app, ['lsp', '--help']); "
        "print(sorted(m for m in ('pygls', 'lsprotocol', 'watchfiles', 'argmap.lsp.server') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=in_root)
    assert out.stdout.strip() == "[]"


# -- quick fixes, read from the messages -------------------------------------------------


def fix_of(code: str, message: str, text: str, at: str) -> list[tuple[str, str]]:
    from argmap.lsp.actions import fixes

    return [(text[f.start : f.end], f.new_text) for f in fixes(code, message, text, text.index(at))]


def test_fix_keeps_the_document_part_of_a_qualified_id():
    text = '[w]{#a .claim attacks="kim2019#thesys"}'
    message = "no span 'thesys' in document 'kim2019'; did you mean 'thesis' or 'these'?"
    assert fix_of("AM201", message, text, "kim2019#") == [
        ("kim2019#thesys", "kim2019#thesis"),
        ("kim2019#thesys", "kim2019#these"),
    ]


def test_fix_of_a_document_id_keeps_the_local_part():
    text = '[w]{#a .claim attacks="kim2018#thesis"}'
    message = "no document has id 'kim2018' (in 'kim2018#thesis'); did you mean 'kim2019'?"
    assert fix_of("AM202", message, text, "kim2018#") == [("kim2018#thesis", "kim2019#thesis")]


def test_fix_quotes_a_yaml_value_with_a_colon():
    text = "---\nid: d\n  title: Seoul: the view\n---\n"
    message = "invalid YAML: a value that contains ': ' must be quoted: write title: \"Seoul: the view\""
    assert fix_of("AM101", message, text, ": the view") == [("title: Seoul: the view", 'title: "Seoul: the view"')]


def test_fix_renames_a_misnamed_field():
    text = "---\nid: d\nauthor: [A]\n---\n"
    assert fix_of("AM102", "front matter has no 'authors' field; rename 'author'?", text, "author") == [
        ("author", "authors")
    ]


def test_fix_straightens_curly_quotes_around_several_words():
    text = '[w]{#a .claim label=\u201ctwo "quoted" words\u201d}'
    message = 'the value of \'label\' is in curly quotes: write label="..." with straight quotes (")'
    assert fix_of("AM110", message, text, "\u201c") == [('\u201ctwo "quoted" words\u201d', '"two \\"quoted\\" words"')]


def test_no_fix_without_a_suggestion():
    assert fix_of("AM201", "no span 'zzz' in this document", '[w]{#a .claim attacks="zzz"}', "zzz") == []
    assert fix_of("AM110", "'label' needs a value: write label=\"...\"", "[w]{label}", "label") == []


# -- completion in a large corpus ----------------------------------------------------------


def test_completion_in_a_large_corpus_is_filtered_and_incomplete(tmp_path, monkeypatch):
    from argmap.lsp import completion
    from argmap.lsp.state import CorpusState

    front = "---\nid: {}\ntitle: T\nauthors: [A]\ndate: 2020\n---\n\n"
    spans = " ".join(f"[w{n}]{{#{word}{n} .claim}}" for n in range(5) for word in ("tax", "fee"))
    (tmp_path / "a.md").write_text(front.format("a") + spans + ' [x]{#x .claim supports="fe}\n')
    (tmp_path / "b.md").write_text(front.format("b") + spans + "\n")
    corpus = CorpusState(tmp_path)
    state = corpus.documents[str((tmp_path / "a.md").resolve())]
    monkeypatch.setattr(completion, "MAX_ITEMS", 8)
    result = completion.complete(corpus, state, state.text.index("fe}") + 2, "utf-16")
    assert result is not None
    assert result.is_incomplete
    labels = [item.label for item in result.items]
    assert labels == [f"fee{n}" for n in range(5)] + ["b#fee0", "b#fee1", "b#fee2"]


def test_a_reference_spans_symbol_names_an_undercut_by_the_relation_it_undercuts():
    """The outline's detail of ``[]{ref="u" undercuts="p>c"}`` read each end of ``p>c`` as a relation of
    its own ("undercuts p, undercuts c"); it is one undercut, of the step p>c."""
    from argmap.lsp.navigation import document_symbols
    from argmap.lsp.state import DocumentState

    text = (
        "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\n---\n\n"
        '[C]{#c .claim} [P]{#p .premise supports="c"} [U]{#u .rebuttal}\n'
        '[]{ref="u" undercuts="p>c e#q>c" attacks="c"}\n'
    )
    symbols = document_symbols(DocumentState("/tmp/d.md", text), UTF16)
    assert symbols[-1].name == "ref u"
    assert symbols[-1].detail == "undercuts p>c, undercuts e#q>c, attacks c"
