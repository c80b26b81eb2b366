"""Mermaid flowcharts, for Markdown pages (GitHub and GitLab render a ```` ```mermaid ```` block).

One subgraph per document; a node per span, shaped by kind (claim: rounded box,
premise: box, rebuttal: hexagon) and labelled with the span's ``label``, else
its text cut to :data:`MAX_LABEL` characters. Supports are solid arrows
labelled ``supports``; attacks are dotted arrows ending in a cross, labelled
``attacks`` and drawn red. Node ids are ``n1``, ``n2``, ... (Mermaid ids cannot
hold every argmap id); a ``%%`` comment after each node names its argmap id.

Labels are quoted and every character that Mermaid or the HTML it renders could
read as syntax is written as a Mermaid entity code (``#35;`` for ``#``,
``#quot;`` for ``"``, ``#lt;`` for ``<``, ...).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from argmap.formats.interchange import sorted_edges, sorted_nodes

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


def to_mermaid(graph: nx.MultiDiGraph) -> str:
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
    attacks: list[int] = []
    plain = [e for e in sorted_edges(graph) if e[2] in ("supports", "attacks")]  # the newer relations: not yet
    for n, (source, target, key, _) in enumerate(plain):
        if key == "attacks":
            attacks.append(n)
            lines.append(f"  {ids[source]} -.-x|attacks| {ids[target]}")
        else:
            lines.append(f"  {ids[source]} -->|supports| {ids[target]}")
    lines.append("  classDef claim fill:#eef,stroke:#336")
    lines.append("  classDef premise fill:#efe,stroke:#363")
    lines.append("  classDef rebuttal fill:#fee,stroke:#933")
    for start in range(0, len(attacks), 50):
        chunk = ",".join(str(n) for n in attacks[start : start + 50])
        lines.append(f"  linkStyle {chunk} stroke:#c00,color:#c00")
    return "\n".join(lines) + "\n"
