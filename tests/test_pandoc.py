"""argmap's scanner against Pandoc, the reference implementation of bracketed spans.

The shipped corpus must read exactly alike. Generated snippets (1,200 by
default, 12,000 with ``ARGMAP_FUZZ_LONG=1``) must read alike, or argmap must say
that they do not: a warning where Pandoc reads the markup otherwise (AM122,
AM123), an error where argmap refuses it (AM110, AM119), or a difference the
format reference (docs/format.md) lists as deliberate. Every disagreement found so far has a case below.

``scripts/setup.sh --test`` installs Pandoc; ``scripts/test.sh`` sets
``ARGMAP_REQUIRE_PANDOC=1``, so that in CI a missing Pandoc fails the run
instead of skipping these tests.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pandoc_support import PANDOC, argmap_spans, compare, pandoc_spans, snippets

from argmap.source.frontmatter import read_front_matter
from argmap.source.scanner import scan

if PANDOC is None and os.environ.get("ARGMAP_REQUIRE_PANDOC"):
    pytest.fail("pandoc is not installed: run 'bash scripts/setup.sh --test'", pytrace=False)
pytestmark = pytest.mark.skipif(PANDOC is None, reason="Pandoc is not installed (scripts/setup.sh --test)")

ROOT = Path(__file__).parent.parent
LONG = os.environ.get("ARGMAP_FUZZ_LONG", "") not in ("", "0")
#: Added to the generator's seeds, to search other snippets than the usual ones (ARGMAP_FUZZ_SEED=1, 2...).
SEED = int(os.environ.get("ARGMAP_FUZZ_SEED", "0"))
DOCUMENTS = [
    p
    for folder in (ROOT / "corpus", ROOT / "tests" / "fixtures" / "clean", ROOT / "tests" / "fixtures" / "eval")
    for p in sorted(folder.glob("*.md"))
    if p.name != "README.md"
]


def test_the_shipped_corpus_reads_exactly_alike():
    texts = [p.read_text("utf-8") for p in DOCUMENTS]
    theirs = pandoc_spans(texts)
    total = 0
    for path, text, expected in zip(DOCUMENTS, texts, theirs, strict=True):
        ours, codes = argmap_spans(text, read_front_matter(text).body_start)
        assert ours == expected, path
        assert not codes & {"AM122", "AM123"}, path
        total += len(ours)
    assert total > 150  # the corpus, not an empty comparison


@pytest.mark.parametrize(("in_grammar", "seed", "floor"), [(False, 14, 0.85), (True, 15, 0.92)])
def test_generated_snippets_read_alike_or_argmap_says_so(in_grammar, seed, floor, capsys):
    count = 12_000 if LONG else 1_200
    tally = compare(snippets(count, seed + SEED, in_grammar=in_grammar))
    with capsys.disabled():
        print(f"\nPandoc {'(within the grammar) ' if in_grammar else ''}{tally.summary()}")
    assert tally.silent == []
    assert tally.agree >= floor * tally.total


# -- each disagreement found, fixed or deliberate ------------------------------------------------

Z = [("z", ("claim",), ())]

#: (snippet, Pandoc's spans, argmap's spans, argmap's codes): every disagreement the fuzzing
#: campaign of issue 14 found, and those this comparison found since. docs/format.md's grammar
#: section lists the deliberate ones.
CASES = {
    # fixed: argmap reads these as Pandoc does
    "nbsp-line-in-span": ("[a\n\u00a0\nb]{#z .claim}", Z, Z, set()),
    "key-starting-with-digit": ("[a]{#z .claim 1k=1}", [], [], {"AM110"}),
    "empty-bare-value": ("[a]{#z .claim x=}", [("z", ("claim",), (("x", ""),))], None, set()),
    "quote-inside-key": ('[a]{#z .claim a"tags=x}', [], [], {"AM110"}),
    "id-starting-with-digit": ("[a]{#9z .claim}", [], [], {"AM110"}),
    "escaped-brace-in-bare-value": ("[a]{#z .claim k=a\\}b}", [("z", ("claim",), (("k", "a}b"),))], None, set()),
    "escape-in-quoted-value": ('[a]{#z .claim k="a\\-b"}', [("z", ("claim",), (("k", "a-b"),))], None, set()),
    "quoted-value-over-lines": ('[a]{#z .claim k="a\nb"}', [("z", ("claim",), (("k", "a b"),))], None, set()),
    "empty-id-after-an-id": ('[a]{#z id=""}', [], [], set()),
    "id-and-class-keys": ('[a]{id=z class="claim x"}', [("z", ("claim", "x"), ())], None, set()),
    "no-space-between-attributes": ("[a]{.claim#z}", [("z", ("claim",), ())], None, set()),
    "comment-then-span-on-a-line": ("<!-- c --> [x]{#z .claim}", Z, Z, set()),
    "span-after-a-comment-block": ("<!-- c\nd --> [x]{#z .claim}", Z, Z, set()),
    "indented-line-after-a-comment-block": ("<!-- c -->\n    [x]{#z .claim}", [], [], set()),
    "no-comment-block": ("<!-->\n    [x]{#z .claim}", Z, Z, set()),  # "-->" inside "<!--" closes nothing
    "indented-line-after-a-list-and-a-comment": ("- a\n\n<!--\nc\n-->\n\n    [x]{#z .claim}", [], [], set()),
    # argmap refuses (an error) what Pandoc reads
    "unclosed-quote": ('[a]{#z .claim label="open}', [("z", ("claim",), (("label", '"open'),))], [], {"AM110"}),
    "quoted-value-starting-with-space": ('[a]{#z .claim label=" x"}', [], [], {"AM110"}),
    "math-bracket-in-span": ("[a $x]$ b]{#z .claim}", Z, [], {"AM119"}),
    "raw-html-bracket-in-span": ('[a <span title="]">x</span> b]{#z .claim}', Z, [], {"AM119"}),
    "raw-tex-bracket-in-span": ("[a \\textbf{x]} b]{#z .claim}", Z, [], {"AM119"}),
    "lone-cr-blank-line": ("[c\r\rd]{#z .claim}", Z, [], {"AM119"}),
    # argmap reads a span Pandoc does not, and warns
    "footnote-reference": ("[^x]{#z .claim}", [], Z, {"AM123"}),
    "inline-footnote": ("^[x]{#z .claim}", [], Z, {"AM123"}),
    "math-around-span": ("$a [x]{#z .claim} b$", [], Z, {"AM123"}),
    "raw-tex-around-span": ("\\emph{[x]{#z .claim}}", [], Z, {"AM123"}),
    "raw-tex-arguments": ("\\foo [x]{#z .claim}", [], Z, {"AM123"}),
    "raw-html-attribute": ('<b title="[x]{#z .claim}">', [], Z, {"AM123"}),
    "autolink-bracket-in-span": ("[a <http://x.org/]> b]{#z .claim}", [], Z, {"AM123"}),
    "reference-link-label": ("[a][x]{#z .claim}", [], Z, {"AM123"}),
    "backtick-run-retried": ("``code [x]{#z .claim}`", [], Z, {"AM123"}),
    "fence-never-closed-after-a-paragraph": ("[`]{#z .claim}\n```\n`", [], Z, {"AM123"}),
    "fence-never-closed-after-a-blank-line": ("a `\n\n```\n`[x]{#z .claim}", Z, [], {"AM122"}),
    "code-span-over-a-fence": ("`\n```\n`[x]{#z .claim}\n```", Z, [], {"AM123"}),
    "code-span-after-a-heading": ("# `\n[x]{#z .claim}`", [], Z, {"AM123"}),
    "tex-command-then-tex-math": ("\\b\\[[\\]]{#z .claim}", [], Z, {"AM123"}),
    "tex-argument-over-a-blank-line": ("\\b\n\n[x]{#z .claim}", [], Z, {"AM123"}),
    "bracket-across-paragraphs": ("[a\n\n[x]{#z .claim}]", [], Z, {"AM123"}),
    "inner-bracket-across-paragraphs": ("[[\n\n[x]{#z .claim}]", [], Z, {"AM123"}),
    "unclosed-fence": ("```\n[x]{#z .claim}\n", Z, [], {"AM122"}),
    "comment-across-paragraphs": ("a <!-- c\n\n[x]{#z .claim} -->", [], Z, {"AM122"}),
    # deliberate, documented: values differ, structure does not
    "character-reference": ('[a]{#z .claim label="Q&amp;A"}', [("z", ("claim",), (("label", "Q&A"),))], None, set()),
    "tab-in-value": ('[a]{#z .claim label="a\tb"}', [("z", ("claim",), (("label", "a  b"),))], None, set()),
    "html-span-element": ('<span id="z" class="claim">x</span>', Z, [], set()),
}
#: argmap's spans when they are Pandoc's but for the value (None in CASES: same as Pandoc's).
OURS = {
    "character-reference": [("z", ("claim",), (("label", "Q&amp;A"),))],
    "tab-in-value": [("z", ("claim",), (("label", "a\tb"),))],
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_known_disagreement(name):
    text, theirs, ours, codes = CASES[name]
    assert pandoc_spans([text]) == [theirs]
    found, found_codes = argmap_spans(text)
    assert found == (OURS.get(name, theirs) if ours is None else ours)
    assert found_codes & {"AM110", "AM119", "AM122", "AM123"} == codes


def test_every_deliberate_divergence_is_documented():
    page = (ROOT / "docs" / "format.md").read_text("utf-8")
    section = page[page.index("## The grammar") : page.index("## The graph")]
    for phrase in [
        "TeX math",
        "raw TeX",
        "raw HTML",
        "footnote",
        "reference link",
        "autolink",
        "character reference",
        "tab",
        "lone CR",
        "never closed",
        "`<span>`",
        "blank line",
        "backtick",
    ]:
        assert re.search(re.escape(phrase), section, re.IGNORECASE), phrase


def test_the_scanner_warns_once_per_construct():
    problems = [p for p in scan("$a [x]{#z .claim} [y]{#w .claim} b$").notes if p.code == "AM123"]
    assert [p.offset for p in problems] == [0]
