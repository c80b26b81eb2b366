"""Pandoc, the reference implementation of bracketed spans, and a generator of snippets to compare argmap with.

:func:`pandoc_spans` parses many snippets in one Pandoc process (each file on
its own, ``--file-scope``, so that an unclosed comment in one cannot swallow
the next) and returns, for each, the spans of argmap's it holds: ``(id,
classes, attributes)``, in document order. :func:`argmap_spans` is the same
for argmap's scanner. :func:`snippets` makes grammar-aware random snippets:
spans with every kind of attribute block, nested and reference spans, and the
inline and block constructs around them that decide whether a bracket is a
bracket.
"""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from argmap.corpus.files import normalize_newlines
from argmap.source.scanner import Attr, is_annotation, scan

PANDOC = shutil.which("pandoc")
_BOUNDARY = "ZZ0ARGMAP0BOUNDARY0ZZ"

SpanKey = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]


def _ours(ident: str, classes: list[str], kvs: list[list[str]]) -> bool:
    attrs = [Attr("id", ident, 0)] if ident else []
    attrs += [Attr("class", c, 0) for c in classes]
    attrs += [Attr("kv", k, 0, v) for k, v in kvs]
    return is_annotation(attrs)


def _walk(node: object, found: list[SpanKey]) -> None:
    if isinstance(node, dict):
        if node.get("t") == "Span":
            (ident, classes, kvs), _ = node["c"]
            if _ours(ident, classes, kvs):
                found.append((ident, tuple(classes), tuple((k, v) for k, v in kvs)))
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)


def pandoc_spans(texts: list[str]) -> list[list[SpanKey]]:
    """The spans of argmap's that Pandoc reads in each of ``texts`` (one Pandoc run for all)."""
    assert PANDOC is not None
    with tempfile.TemporaryDirectory(prefix="argmap-pandoc-") as folder:
        files: list[str] = []
        marker = Path(folder) / "boundary.md"
        marker.write_text(_BOUNDARY + "\n", encoding="utf-8")
        for n, text in enumerate(texts):
            path = Path(folder) / f"{n}.md"
            path.write_bytes(text.encode("utf-8"))
            files += [str(path), str(marker)]
        out = subprocess.run(
            [PANDOC, "--file-scope", "-f", "markdown", "-t", "json", *files],
            capture_output=True,
            check=True,
            timeout=600,
        ).stdout
    blocks = json.loads(out)["blocks"]
    results: list[list[SpanKey]] = [[]]
    for block in blocks:
        if block == {"t": "Para", "c": [{"t": "Str", "c": _BOUNDARY}]}:
            results.append([])
        else:
            _walk(block, results[-1])
    assert len(results) == len(texts) + 1, "a snippet ran into the next one"
    assert results[-1] == []
    return results[:-1]


def argmap_spans(text: str, body_start: int = 0) -> tuple[list[SpanKey], set[str]]:
    """The spans argmap's scanner reads in ``text``, folded as Pandoc folds attributes, and the codes it reports."""
    result = scan(normalize_newlines(text), body_start, lines=False)  # as argmap.source.parse reads a document
    found: list[SpanKey] = []
    for span in result.spans:
        ids = [a.name for a in span.attrs if a.type == "id"]
        found.append(
            (
                ids[-1] if ids else "",
                tuple(a.name for a in span.attrs if a.type == "class"),
                tuple((a.name, a.value) for a in span.attrs if a.type == "kv"),
            )
        )
    return found, {p.code for p in result.problems + result.notes}


@dataclass
class Tally:
    """How argmap's reading of snippets compares with Pandoc's."""

    #: Same spans, same ids, classes and attributes.
    agree: int = 0
    #: Different, and argmap warns that Pandoc reads it otherwise (AM122, AM123).
    warned: list[str] = field(default_factory=list)
    #: Different, and argmap refuses the markup with an error (AM110, AM119).
    refused: list[str] = field(default_factory=list)
    #: Different only in a deliberate divergence that changes no structure: a character reference
    #: (``&amp;``) in a quoted value, which argmap keeps as written, or a tab, which Pandoc expands.
    documented: list[str] = field(default_factory=list)
    #: Different, and argmap says nothing: a bug.
    silent: list[tuple[str, list[SpanKey], list[SpanKey]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.agree + len(self.warned) + len(self.refused) + len(self.documented) + len(self.silent)

    def summary(self) -> str:
        return (
            f"{self.total} snippets: {self.agree} read alike ({100 * self.agree / max(1, self.total):.1f}%), "
            f"{len(self.warned)} read otherwise with a warning, {len(self.refused)} refused with an error, "
            f"{len(self.documented)} differ in a value's character reference or tab only, "
            f"{len(self.silent)} read otherwise silently"
        )


def compare(texts: list[str]) -> Tally:
    tally = Tally()
    for text, theirs in zip(texts, pandoc_spans(texts), strict=True):
        ours, codes = argmap_spans(text)
        if ours == theirs:
            tally.agree += 1
        elif codes & {"AM122", "AM123"}:
            tally.warned.append(text)
        elif codes & {"AM110", "AM119"}:
            tally.refused.append(text)
        elif _as_pandoc_values(ours) == _as_pandoc_values(theirs):
            tally.documented.append(text)
        else:
            tally.silent.append((text, ours, theirs))
    return tally


_REFERENCE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _as_pandoc_values(spans: list[SpanKey]) -> list[SpanKey]:
    """Spans with character references decoded and runs of blanks as one space, as Pandoc would make them."""

    def value(text: str) -> str:
        text = _REFERENCE.sub(lambda m: html.unescape(m.group()), text)
        return re.sub(r"[ \t]+", " ", text)

    return [(value(i), tuple(value(x) for x in c), tuple((k, value(v)) for k, v in kv)) for i, c, kv in spans]


# -- the generator ------------------------------------------------------------------------------

_WORDS = ["Taxes", "fall", "growth", "follows", "é", "日本", "🦜", "a", "b", "x", "10%", "it's", "Q&A", "C++"]
_IDS = ["a", "b", "claim-2", "p_1", "x:y", "a.b", "9lives", "é", "A", "-x", ""]
_CLASSES = ["claim", "premise", "rebuttal", "cliam", "smallcaps", "Claim", "x-y", "9c", "é"]
_KEYS = ["supports", "attacks", "label", "by", "cite", "tags", "ref", "suports", "k", "data-x", "1k", "_k", "x:y", "id"]
_VALUES = [
    "a",
    "a b",
    "doc#a",
    "",
    "x}y",
    'say "hi"',
    "it's",
    "back\\slash",
    "a&amp;b",
    "tab\there",
    "line\nbreak",
    " lead",
    "trail ",
    "[x]",
    "{#a .claim}",
    "ünï",
    "$5",
]


_VALUES_USED = _VALUES


def _value(rng: random.Random) -> str:
    value = rng.choice(_VALUES_USED)
    style = rng.randrange(6)
    if style == 0:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == 1:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if style == 2:
        return '"' + value + '"'  # unescaped: perhaps malformed
    if style == 3:
        return "".join("\\" + c if c in " }\\\"'" else c for c in value)  # bare, escaped
    return value.replace(" ", "")  # bare


def _attribute(rng: random.Random) -> str:
    kind = rng.randrange(10)
    if kind < 3:
        return "#" + rng.choice(_IDS)
    if kind < 6:
        return "." + rng.choice(_CLASSES)
    if kind == 9:
        return rng.choice(["-", "class=" + _value(rng), "=x", '"q"', "{", "#a#b", ".claim.premise"])
    return rng.choice(_KEYS) + "=" + _value(rng)


def _block(rng: random.Random) -> str:
    parts = [_attribute(rng) for _ in range(rng.randrange(0, 5))]
    if rng.random() < 0.6:
        parts[:0] = ["#" + rng.choice(_IDS[:5]), ".claim"]
    gap = rng.choice([" ", " ", "  ", "\t", "\n", ""])
    inner = gap.join(parts)
    if rng.random() < 0.2:
        inner = " " + inner + rng.choice([" ", "\n", ""])
    closing = "}" if rng.random() < 0.93 else rng.choice(["", "}}", " "])
    return "{" + inner + closing


#: Inline constructs that argmap reads as Pandoc does.
_IN_GRAMMAR = [
    "`code [x]{#c .claim}`",
    "``a ` ]``",
    "`",
    "\\[",
    "\\]",
    "\\{",
    "\\",
    "[link](http://x.org/(a))",
    "![image]",
    "![alt]{#i .claim}",
    "<!-- [x]{#h .claim} -->",
    "[x]",
    "]",
    "[",
    "{",
    "}",
    "*em*",
    "\u00a0",
    "\u202e",
]
#: And those where argmap warns (AM122, AM123) or refuses, or a value differs by design.
_OUTSIDE_GRAMMAR = [
    "<!--",
    "<http://x.org/]>",
    "<b>",
    '<span title="]">',
    "$x]$",
    "$5 and $6",
    "\\emph{x}",
    "[^1]",
    "^[note]",
    "&amp;",
]


def _inline(rng: random.Random, depth: int = 0) -> str:
    roll = rng.randrange(40)
    if roll < 14:
        return rng.choice(_WORDS)
    if roll < 20 and depth < 3:
        words = " ".join(_inline(rng, depth + 1) for _ in range(rng.randrange(0, 4)))
        joiner = "" if rng.random() < 0.9 else rng.choice([" ", "\n"])
        return "[" + words + "]" + joiner + _block(rng)
    if roll < 22:
        return "[]{ref=" + rng.choice(["a", '"b"', "doc#c", "'x y'"]) + " " + rng.choice(_KEYS[:2]) + '="a"}'
    return rng.choice(_CONSTRUCTS)


def _paragraph(rng: random.Random) -> str:
    parts = [_inline(rng) for _ in range(rng.randrange(1, 8))]
    return "".join(p + rng.choice([" ", " ", " ", "", "\n"]) for p in parts).strip(" ")


def snippet(rng: random.Random) -> str:
    """One random snippet: a few blocks of paragraphs, code, comments, and the line breaks between them."""
    blocks = []
    for _ in range(rng.randrange(1, 4)):
        roll = rng.randrange(20)
        if roll == 0:
            blocks.append("```\n" + _paragraph(rng) + ("\n```" if rng.random() < 0.7 else ""))
        elif roll == 1:
            blocks.append("    " + _paragraph(rng).replace("\n", " "))
        elif roll == 2:
            blocks.append("<!--\n" + _paragraph(rng) + ("\n-->" if rng.random() < 0.7 else ""))
        elif roll == 3:
            blocks.append("- " + _paragraph(rng))
        elif roll == 4:
            blocks.append("## " + _paragraph(rng).replace("\n", " "))
        else:
            blocks.append(_paragraph(rng))
    separator = rng.choice(["\n\n", "\n\n", "\n\u00a0\n", "\n \n", "\r\n\r\n"])
    text = separator.join(blocks) + "\n"
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    return text


_CONSTRUCTS = _IN_GRAMMAR + _OUTSIDE_GRAMMAR


def snippets(count: int, seed: int = 14, *, in_grammar: bool = False) -> list[str]:
    """``count`` snippets; ``in_grammar``: only the constructs argmap reads as Pandoc does (no math, TeX, raw
    HTML tags, footnotes, autolinks around brackets, character references or tabs in values)."""
    global _CONSTRUCTS, _VALUES_USED
    rng = random.Random(seed)
    saved = _CONSTRUCTS, _VALUES_USED
    if in_grammar:
        _CONSTRUCTS = _IN_GRAMMAR
        _VALUES_USED = [v for v in _VALUES if "&" not in v and "\t" not in v and "$" not in v]
    try:
        return [snippet(rng) for _ in range(count)]
    finally:
        _CONSTRUCTS, _VALUES_USED = saved
