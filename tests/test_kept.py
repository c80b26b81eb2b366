"""The words-kept check (AM206): words compared with whitespace normalised, whole lines left out, exact places."""

from __future__ import annotations

import pytest

from argmap.check.kept import compare
from argmap.errors import Location
from argmap.source.parse import parse_document

HEAD = "---\nid: d\ntitle: T\nauthors: [A]\ndate: 2024\nsource: s.txt\n---\n"


def differences(body: str, source: str) -> list[tuple[int, int, str]]:
    doc = parse_document(HEAD + body, "d.md")
    return [(d.loc.line, d.loc.col, d.message) for d in compare(doc.lines, source, "s.txt")]


SOURCE = "Header of the page\nThe quick brown fox\njumps over the lazy dog.\nPage 2\nIt ran away.\n"


@pytest.mark.parametrize(
    "body",
    [
        "[The quick brown fox jumps over the lazy dog.]{#c .claim}\n\nIt ran away.\n",  # lines joined
        "The quick\nbrown fox jumps\nover the lazy\n[dog.]{#c .claim} It ran\naway.\n",  # wrapped anew
        "Header of the page\n\n[The quick brown fox]{#c .claim}\njumps over the lazy dog.\n",  # lines left out
        "",
    ],
)
def test_the_same_words_in_other_lines_are_kept(body):
    assert differences(body, SOURCE) == []


def test_a_changed_word_is_named_at_its_place_beside_the_source():
    body = "The quick brown fox\njumps over\nthe [lazy cat.]{#c .claim}\n"
    assert differences(body, SOURCE) == [
        (
            10,
            11,
            "the words differ from the source 's.txt': the document has 'jumps over the lazy cat.' "
            "where line 3 of the source has 'jumps over the lazy dog.'",
        )
    ]


def test_part_of_a_line_left_out_is_a_difference():
    [(line, col, message)] = differences("The quick brown fox\njumps over\n\nIt ran away.\n", SOURCE)
    assert (line, col) == (11, 1)
    assert message.startswith("the words differ from the source 's.txt': the document has 'jumps over It ran away.'")
    [(line, col, message)] = differences("The quick brown\n", SOURCE)
    assert (line, col) == (8, 11)
    assert message.startswith("the document ends inside line 2 of the source 's.txt', which goes on: 'fox'")


def test_lines_out_of_order_and_words_added():
    [(line, col, message)] = differences("It ran away.\n\nThe quick brown fox\n", SOURCE)
    assert (line, col) == (10, 1)
    assert "are in the source 's.txt' (line 2), but before words kept earlier" in message
    [(line, col, message)] = differences("The quick brown fox\nand more\njumps over the lazy dog.\n", SOURCE)
    assert (line, col) == (9, 1)
    assert "the document has 'and more jumps over the …' where the source goes on at line 3" in message
    [(_, _, message)] = differences("It ran away. Then more.\n", SOURCE)
    assert message == (
        "the words 'Then more.' are not in the source 's.txt': the document goes on after the source's last line kept"
    )


def test_each_changed_passage_is_one_finding_and_the_rest_still_compared():
    body = "The quick brown cat\njumps over the lazy dog.\nPage 2\nIt ran off.\n"
    assert [(line, col) for line, col, _ in differences(body, SOURCE)] == [(8, 17), (11, 8)]


def test_a_line_that_begins_a_longer_one_is_not_taken_for_it():
    source = "Yes.\nfiller\nYes. And more words.\n"
    assert differences("Yes. And more words.\n", source) == []
    assert differences("Yes.\n\nYes. And more words.\n", source) == []


@pytest.mark.parametrize("separator", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\n\f\n"])
def test_whitespace_that_is_no_line_break_separates_words_like_a_space(separator):
    source = f"Page one ends.{separator}Page two starts.\n"
    assert differences(f"Page one ends.{separator}Page two starts.\n", source) == []
    assert differences("Page one ends. Page two starts.\n", source) == []


def test_positions_are_exact_across_markup_and_line_breaks():
    pieces = [("ab ", Location("d.md", 3, 5)), ("cd\nef gh", Location("d.md", 3, 9)), (" x", Location("d.md", 9, 2))]
    [difference] = compare(pieces, "ab cd\nef gh y\n", "s")
    assert difference.loc == Location("d.md", 9, 3)
    [difference] = compare(pieces, "ab cd\nef zz x\n", "s")
    assert difference.loc == Location("d.md", 4, 4)
