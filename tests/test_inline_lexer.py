"""The inline lexer shared by the scanner and the Markdown writer (argmap.source.scanner.skip_inline)."""

from __future__ import annotations

import pytest

from argmap.source.scanner import (
    AUTOLINK_SPAN,
    BACKSLASH,
    BACKTICKS,
    CODE,
    COMMENT,
    ESCAPE,
    LESS_THAN,
    OPEN_COMMENT,
    backtick_runs,
    scan,
    skip_inline,
)


@pytest.mark.parametrize(
    ("text", "what", "skipped"),
    [
        ("\\[x", ESCAPE, "\\["),
        ("\\`x", ESCAPE, "\\`"),
        ("\\ax", BACKSLASH, "\\"),
        ("\\", BACKSLASH, "\\"),
        ("`a` b", CODE, "`a`"),
        ("``a`b`` c", CODE, "``a`b``"),  # a run closes only at a run of its own length
        ("``a` b", BACKTICKS, "``"),  # no closer: the run is text
        ("<!-- [x]{#a .claim} --> y", COMMENT, "<!-- [x]{#a .claim} -->"),
        ("<!-- never closed", OPEN_COMMENT, "<"),
        ("<https://e.org/[a]> z", AUTOLINK_SPAN, "<https://e.org/[a]>"),
        ("<me@example.org> z", AUTOLINK_SPAN, "<me@example.org>"),
        ("< not a link>", LESS_THAN, "<"),
        ("<b>bold</b>", LESS_THAN, "<"),
    ],
)
def test_skip_inline_reads_each_construct(text: str, what: str, skipped: str) -> None:
    runs = backtick_runs(text, 0, len(text))
    found, stop = skip_inline(text, 0, len(text), runs, len(text))
    assert (found, text[:stop]) == (what, skipped)


def test_backtick_runs_are_grouped_by_length_in_order() -> None:
    assert backtick_runs("a ` b `` c ` d ``", 0, 17) == {1: [2, 11], 2: [6, 15]}


def test_a_known_comment_limit_spares_the_search() -> None:
    # after one unclosed comment, a later "<!--" past the limit is not searched again
    text = "<!-- a <!-- b -->"
    assert skip_inline(text, 7, len(text), {}, len(text))[0] == COMMENT
    assert skip_inline(text, 7, len(text), {}, 8)[0] == OPEN_COMMENT


@pytest.mark.parametrize(
    "body",
    [
        "`[x]{#a .claim}` [y]{#b .claim}",
        "<!-- [x]{#a .claim} --> [y]{#b .claim}",
        "<https://e.org/[x]{#a>.claim} [y]{#b .claim}",
        "\\[x]{#a .claim} [y]{#b .claim}",
    ],
)
def test_the_scanner_finds_no_span_in_what_the_lexer_skips(body: str) -> None:
    spans = scan(body).spans
    assert [attr.name for span in spans for attr in span.attrs if attr.type == "id"] == ["b"]
