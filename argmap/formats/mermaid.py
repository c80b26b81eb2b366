"""Mermaid flowcharts, for Markdown pages (GitHub and GitLab render a ```` ```mermaid ```` block).

One subgraph per document; a node per span, shaped by kind (claim: rounded box,
premise: box, rebuttal: hexagon) and labelled with the span's ``label``, else
its text cut to :data:`MAX_LABEL` characters. Node ids are ``n1``, ``n2``, ...
(Mermaid ids cannot hold every argmap id); a ``%%`` comment after each node names
its argmap id. Every relation is drawn, each distinctly and labelled, so that it
reads without colour:

============= ===========================================================
supports      solid arrow ``-->|supports|``
linked        each premise joins a small circle ``and`` by a plain line; one
              arrow from the circle to the conclusion
attacks       dotted line ending in a cross ``-.-x|attacks|``, red
undercuts     Mermaid cannot end an edge on an edge, so an undercut relation
              runs through a small circle (an inference's ``and``, or a dot on
              the support or attack), and the undercut is a dotted cross
              ``-.-x|undercuts|`` into that circle, orange
outweighs     thick arrow ``==>|outweighs|`` from the preferred span
qualifies     dotted line ending in a circle ``-.-o|qualifies|``, grey
explains      solid line ending in a circle ``--o|explains|``, grey
============= ===========================================================

Labels are quoted and every character that Mermaid or the HTML it renders could
read as syntax is written as a Mermaid entity code (``#35;`` for ``#``,
``#quot;`` for ``"``, ``#lt;`` for ``<``, ...).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from argmap.formats.imported import sorted_edges, sorted_nodes

if TYPE_CHECKING:
    import networkx as nx

MAX_LABEL = 80
#: Mermaid's default limits (``maxTextSize``, ``maxEdges``): above them a page shows an error instead.
MAX_TEXT_SIZE = 50_000
MAX_EDGES = 500

_SHAPES = {"claim": ('("', '")'), "premise": ('["', '"]'), "rebuttal": ('{{"', '"}}')}
_SAFE = re.compile(r"[A-Za-z0-9 ,.;:!?'()/+=@%$~^-]")
_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}


def escape_label(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: unsafe characters become entity codes."""
    out: list[str] = []
    for ch in text:
        if _SAFE.match(ch) or (ord(ch) > 0x7F and ch.isprintable() and ch not in "\u2028\u2029"):
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch.isspace() or not ch.isprintable():
            out.append(" ")
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def _comment(text: str) -> str:
    return re.sub(r"[\r\n\u2028\u2029]", " ", text)


def _label(data: dict[str, object]) -> str:
    text = str(data.get("label") or data.get("text") or "")
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def to_mermaid(graph: nx.MultiDiGraph[str]) -> str:
    """The graph as a Mermaid ``flowchart`` (without the Markdown fence)."""
    documents = graph.graph.get("documents", {})
    ids: dict[str, str] = {}
    lines = ["flowchart BT"]
    by_doc: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for node, data in sorted_nodes(graph):
        ids[node] = f"n{len(ids) + 1}"
        by_doc.setdefault(str(data.get("doc") or ""), []).append((node, data))
    for d, (doc, members) in enumerate(by_doc.items(), 1):
        title = str(documents.get(doc, {}).get("title") or doc)
        lines.append(f'  subgraph d{d}["{escape_label(title)}"]')
        for node, data in members:
            kind = str(data.get("kind") or "claim")
            left, right = _SHAPES.get(kind, _SHAPES["claim"])
            lines.append(f"    %% {_comment(node)}")
            lines.append(
                f"    {ids[node]}{left}{escape_label(_label(data))}{right}:::{kind if kind in _SHAPES else 'claim'}"
            )
        lines.append("  end")
    inferences = graph.graph.get("inferences", {})
    ordered = sorted_edges(graph)
    undercut = {str(d.get("inference") or d.get("relation")) for *_, d in ordered if d.get("type") == "undercuts"}
    junction: dict[str, str] = {}
    for source, target, _, data in ordered:
        rel = str(data.get("type"))
        if rel == "supports":
            name = str(data.get("inference") or f"{source}>{target}")
            info = inferences.get(name)
            linked = isinstance(info, dict) and len(info.get("premises", [])) > 1
            if (linked or name in undercut) and name not in junction:
                junction[name] = f"j{len(junction) + 1}"
                lines.append(f'  {junction[name]}(("{"and" if linked else " "}")):::junction')
        elif rel == "attacks" and f"{source}>{target}" in undercut:
            junction[f"{source}>{target}"] = f"j{len(junction) + 1}"
            lines.append(f'  {junction[f"{source}>{target}"]}((" ")):::junction')
    styles: dict[str, list[int]] = {}
    links = 0

    def link(line: str, style: str | None = None) -> None:
        nonlocal links
        lines.append(f"  {line}")
        if style is not None:
            styles.setdefault(style, []).append(links)
        links += 1

    drawn: set[str] = set()
    for source, target, _, data in ordered:
        rel = str(data.get("type"))
        a, b = ids[source], ids[target]
        if rel == "supports":
            name = str(data.get("inference") or f"{source}>{target}")
            j = junction.get(name)
            if j is None:
                link(f"{a} -->|supports| {b}")
                continue
            info = inferences.get(name)
            premises = [str(p) for p in info["premises"]] if isinstance(info, dict) else [source]
            if name not in drawn:
                drawn.add(name)
                for premise in premises:
                    link(f"{ids[premise]} --- {j}")
                link(f"{j} -->|supports| {b}")
        elif rel == "attacks":
            j = junction.get(f"{source}>{target}")
            if j is None:
                link(f"{a} -.-x|attacks| {b}", _RED)
            else:
                link(f"{a} -.- {j}", _RED)
                link(f"{j} -.-x|attacks| {b}", _RED)
    for source, target, _, data in ordered:
        rel = str(data.get("type"))
        a, b = ids[source], ids[target]
        if rel == "undercuts":
            link(f"{a} -.-x|undercuts| {junction[str(data.get('inference') or data.get('relation'))]}", _ORANGE)
        elif rel == "outweighs":
            link(f"{a} ==>|outweighs| {b}")
        elif rel == "qualifies":
            link(f"{a} -.-o|qualifies| {b}", _GREY)
        elif rel == "explains":
            link(f"{a} --o|explains| {b}", _GREY)
    lines.append("  classDef claim fill:#eef,stroke:#336")
    lines.append("  classDef premise fill:#efe,stroke:#363")
    lines.append("  classDef rebuttal fill:#fee,stroke:#933")
    if junction:
        lines.append("  classDef junction fill:#fff,stroke:#333")
    for style, numbers in styles.items():
        for start in range(0, len(numbers), 50):
            chunk = ",".join(str(n) for n in numbers[start : start + 50])
            lines.append(f"  linkStyle {chunk} {style}")
    return "\n".join(lines) + "\n"


_RED = "stroke:#c00,color:#c00"
_ORANGE = "stroke:#d60,color:#d60"
_GREY = "stroke:#777,color:#777"
