"""Errors that point at the fix: each hint, from the text that needs it to the finding that says it."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.check.rules import check_corpus
from argmap.corpus.resolve import load_corpus
from argmap.source.parse import parse_document

FRONT = "---\nid: {id}\ntitle: T\nauthors: [A]\ndate: 2020\n---\n\n"


def findings(body: str, *others: tuple[str, str]) -> list[str]:
    """``line:col: CODE message`` for every finding of a document (first) checked with ``others``."""
    docs = [parse_document(FRONT.format(id="a") + body, "a.md")]
    docs += [parse_document(FRONT.format(id=doc_id) + text, f"{doc_id}.md") for doc_id, text in others]
    return [
        f"{f.loc.line}:{f.loc.col}: {f.code} {f.message}"
        for f in check_corpus(load_corpus(Path("."), docs))
        if f.loc.path == "a.md" and f.code[:3] != "AM3"
    ]


def front_matter(yaml_lines: str) -> list[str]:
    doc = parse_document(f"---\n{yaml_lines}---\n\nBody.\n", "d.md")
    return [f"{d.loc.line}:{d.loc.col}: {d.code} {d.message}" for d in sorted(doc.diagnostics) if d.code == "AM101"]


# -- attribute blocks -------------------------------------------------------


def test_curly_quotes_around_a_value_of_several_words():
    assert findings("[Words]{#c .claim label=\u201cTwo words\u201d}\n") == [
        '8:25: AM110 the value of \'label\' is in curly quotes: write label="..." with straight quotes (")'
    ]


def test_curly_quotes_around_a_relation_target():
    assert findings("[Words]{#c .claim} and [more]{#d .claim supports=\u201cc\u201d}\n") == [
        "8:50: AM208 target '\u201cc\u201d' is not an id or 'doc-id#id'; the value of 'supports' is in curly quotes: "
        'write supports="..." with straight quotes (")'
    ]


def test_curly_quotes_around_a_reference():
    assert findings('[Words]{#c .claim} []{ref=\u2018c\u2019 attacks="c"}\n') == [
        "8:27: AM208 ref '\u2018c\u2019' is not an id or 'doc-id#id'; the value of 'ref' is in curly quotes: "
        'write ref="..." with straight quotes (")'
    ]


def test_guillemets_closing_a_one_word_value_are_text():
    assert findings("[Words]{#c .claim label=\u00abBonjour\u00bb}\n") == []


def test_id_without_hash():
    assert findings("[Words]{thesis .claim}\n") == [
        "8:9: AM110 'thesis' is not an attribute: an id starts with '#': write '#thesis'"
    ]


def test_kind_without_dot():
    assert findings("[Words]{#thesis claim}\n") == [
        "8:17: AM110 'claim' is not an attribute: a kind starts with '.': write '.claim'"
    ]


def test_bare_id_of_another_document():
    other = ("b", "[Elsewhere]{#fees .claim}\n")
    assert findings('[Words]{#c .claim attacks="fees"}\n', other) == [
        "8:28: AM201 no span 'fees' in this document; 'fees' is a span of document 'b': write 'b#fees'"
    ]


def test_bare_id_of_several_other_documents():
    others = [("b", "[X]{#fees .claim}\n"), ("c", "[Y]{#fees .claim}\n")]
    assert findings('[Words]{#c .claim attacks="fees"}\n', *others) == [
        "8:28: AM201 no span 'fees' in this document; 'fees' is a span of documents 'b', 'c':"
        " write 'b#fees' or 'c#fees'"
    ]


def test_bare_id_nowhere_keeps_the_did_you_mean():
    assert findings('[Words]{#thesis .claim} [w]{#d .claim attacks="thesys"}\n') == [
        "8:48: AM201 no span 'thesys' in this document; did you mean 'thesis'?"
    ]


# -- YAML ---------------------------------------------------------------------


def test_unquoted_colon_in_a_value():
    assert front_matter("id: d\ntitle: Seoul: the view from the Blue House\n") == [
        "3:13: AM101 invalid YAML: a value that contains ': ' must be quoted: "
        'write title: "Seoul: the view from the Blue House"'
    ]


def test_unquoted_colon_in_a_nested_note():
    assert front_matter("id: d\nnotes:\n  date: inferred: from the text\n") == [
        "4:17: AM101 invalid YAML: a value that contains ': ' must be quoted: write date: \"inferred: from the text\""
    ]


@pytest.mark.parametrize(
    ("yaml_lines", "where"),
    [("id: d\nauthors:\n\t- A\n", "4:1"), ("id: d\n\ttitle: T\n", "3:1"), ("id: d\nauthors:\n  \t- A\n", "4:3")],
)
def test_tab_is_named(yaml_lines, where):
    assert front_matter(yaml_lines) == [
        f"{where}: AM101 invalid YAML: a tab character; YAML indents with spaces only: replace the tab with spaces"
    ]


def test_unclosed_quote_points_at_its_line():
    assert front_matter('id: d\ntitle: "The view\nauthors: [A]\ndate: 2020\n') == [
        '3:8: AM101 invalid YAML: the quote " opened here is not closed: add the closing " on this line'
    ]


def test_unclosed_bracket_points_at_its_line():
    assert front_matter("id: d\nauthors: [A, B\ntitle: T\ndate: 2020\n") == [
        "3:10: AM101 invalid YAML: the '[' opened here is not closed: add ']'"
        " (or quote the value if the bracket is part of the text)"
    ]


def test_indented_line_is_named():
    assert front_matter("id: d\ntitle: T\n  authors: [A]\n") == [
        "4:10: AM101 invalid YAML: this line is indented, or the line above is not finished"
    ]


def test_text_after_a_quoted_value():
    assert front_matter('id: d\ntitle: "The view" from Seoul\n') == [
        "3:19: AM101 invalid YAML: text after a quoted value: quote the whole value"
    ]
