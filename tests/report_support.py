"""Corpora for the report's tests: a hostile one (every string an attack), written into a folder."""

from __future__ import annotations

from pathlib import Path

#: What a script that got through would set (the browser tests look for it).
CANARY = "pwned"
SCRIPT = f"<script>window.{CANARY}=1</script>"
IMG = f'<img src=x onerror="window.{CANARY}=2">'
SVG = f'"><svg onload="window.{CANARY}=3">'


def write_hostile_corpus(folder: Path) -> Path:
    """A corpus whose titles, names, texts, labels, holders, tags and URLs try to run script; returns it."""
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "evil.md").write_text(
        f"""---
id: evil
title: '</script>{SCRIPT}<!-- {IMG}'
authors: ['{IMG}', "O'Brien \\"quoted\\""]
date: 2020
publisher: '&lt;b&gt;bold&lt;/b&gt; \u2028 line'
url: https://example.org/a"onmouseover="window.{CANARY}=4
---

[The {SCRIPT} words & <b>markup</b> stay text \u2028 here.]{{#thesis .claim label='{SVG}'}}
[A reason with javascript:alert(1) in it]{{#why .premise supports="thesis"
cite="javascript:window.{CANARY}=5" by='{SCRIPT}' tags="<b> x"}}
[Another {IMG}]{{#other .rebuttal attacks="thesis" cite="https://example.org/ok?a=1&b=<x>"}}
""",
        encoding="utf-8",
    )
    maps = folder / "maps"
    maps.mkdir()
    (maps / "evil.toml").write_text(
        f'title = \'{SCRIPT}\'\nquestion = "{IMG.replace(chr(34), chr(39))}"\nclaims = ["evil#thesis"]\n',
        encoding="utf-8",
    )
    return corpus
