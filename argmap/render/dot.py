"""Graph -> DOT: pure and deterministic (the same graph always gives the same bytes).

Safety rules (docs/commands/render.md says more; ``tests/test_render.py`` tries them):

* Node and cluster ids are generated (``n0``, ``n1``, ... in sorted key order;
  ``d0``, ``d1``, ... in sorted document order); user text never becomes an id.
* User text (claim text, labels, holders, document metadata, map titles) only
  ever appears inside label or tooltip *text*, through :func:`html_text` (inside
  the tool's own HTML-like labels) or :func:`dot_string` (a quoted tooltip).
  Both strip what XML 1.0 forbids, escape ``& < > " '`` as entities and write a
  backslash as entities too, so no DOT escape (``\\N``, ``\\G``, a trailing
  ``\\``) and no HTML-like markup from the corpus reaches Graphviz.
* Links are only ``http``/``https`` URLs that :func:`argmap.source.urls.is_http_url`
  accepts, with ``' " < >`` percent-encoded (:func:`safe_href`).
* Every other attribute value is one of this module's constants.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from argmap.check.findings import quoted
from argmap.source.urls import is_http_url

if TYPE_CHECKING:
    import networkx as nx

#: Layout directions a map may use (Graphviz ``rankdir``). ``BT`` puts the
#: claims a map is about at the top with their reasons below them.
DIRECTIONS = ("BT", "TB", "LR", "RL")
#: Every relation type a map can draw (docs/argument-model.md), in legend order.
RELATIONS = ("supports", "attacks", "undercuts", "outweighs", "qualifies", "explains")

#: Above this many nodes Graphviz's default layout gets slow (measured in
#: ``tests/benchmarks/bench_render.py``, see docs/performance.md): the DOT then carries
#: :data:`FAST_LAYOUT` and the CLI warns.
FAST_LAYOUT_THRESHOLD = 1000
#: Settings that keep ``dot`` fast on big maps (measured in notes/graphviz.md
#: and our benchmark): fewer network-simplex and crossing-minimisation rounds,
#: straight edges.
FAST_LAYOUT = "nslimit=0.01 mclimit=0.1 splines=line"

LABEL_WIDTH = 28  # characters per line of a node's main label
SMALL_WIDTH = 40  # characters per line of a node's small line
LABEL_MAX = 130  # a text without a label is shortened to this many characters
#: Longest text shown in a box, a cluster or a title (a label, an id, a document title), in characters.
SHOWN_MAX = 300
#: Graphviz cannot read a quoted string or an HTML label longer than 16,384 characters; a tooltip
#: (escaped) stays under this, so that one long paragraph cannot break every map that quotes it.
TOOLTIP_MAX = 12_000
TITLE_WIDTH = 60

FONT = "Helvetica"  # fontconfig maps it to Liberation Sans/Arial; SVG says "Helvetica,sans-Serif"
SMALL_COLOUR = "#4d4d4d"

GRAPH_ATTRS = (
    f'charset="UTF-8" fontname="{FONT}" fontsize=11 nodesep=0.3 ranksep=0.5 pad=0.3 '
    "labelloc=t labeljust=c outputorder=edgesfirst"
)
NODE_ATTRS = f'fontname="{FONT}" fontsize=11 margin="0.12,0.07" penwidth=1.2'
EDGE_ATTRS = f'fontname="{FONT}" fontsize=9 arrowsize=0.9 penwidth=1.6'

#: Node look by kind: shape, outline and fill differ, so kinds stay apart in
#: greyscale print too (claims: rounded and bold; rebuttals: cut corners).
KIND_STYLE = {
    "claim": 'shape=box style="rounded,filled,bold" fillcolor="#d5e5f5" color="#1f4e79"',
    "premise": 'shape=box style="filled" fillcolor="#ffffff" color="#6b6b6b"',
    "rebuttal": 'shape=box style="filled,diagonals" fillcolor="#fbe0dc" color="#9e1b1b"',
}
#: Edge look by relation: colour *and* line style *and* arrowhead differ, so each reads in greyscale.
EDGE_STYLE = {
    "supports": 'color="#1b7837" style=solid arrowhead=normal',
    "attacks": 'color="#c0392b" style=dashed arrowhead=tee arrowsize=1.2',
    "undercuts": 'color="#762a83" style=dotted penwidth=2.2 arrowhead=box arrowsize=0.8',
    "outweighs": 'color="#4d4d4d" style=bold arrowhead=empty label=" outweighs" fontcolor="#4d4d4d"',
    "qualifies": 'color="#b8860b" style=dashed arrowhead=odot label=" qualifies" fontcolor="#8a6508"',
    "explains": 'color="#2c7fb8" style=dotted arrowhead=vee label=" explains" fontcolor="#2c7fb8"',
}
#: An attack its target outweighs (the author's answer to it): drawn, but it does not defeat.
ANSWERED_STYLE = 'color="#9e9e9e" style=dashed arrowhead=tee arrowsize=1.2 fontcolor="#4d4d4d"'
#: The junction where linked premises meet, and where an undercut ends on an inference or an attack.
JUNCTION_STYLE = 'shape=point width=0.09 height=0.09 color="#4d4d4d"'
#: The first half of a relation drawn through a junction (its arrowhead is on the second half).
HALF_STYLE = {
    "supports": 'color="#1b7837" style=solid arrowhead=none',
    "attacks": 'color="#c0392b" style=dashed arrowhead=none',
}
#: A node that only qualifies: a note, not a reason.
NOTE_SHAPE = "shape=note"
#: The claims a map starts from: a double outline (``peripheries`` is not in KIND_STYLE).
FOCUS_STYLE = "peripheries=2"
CLUSTER_STYLE = 'style="rounded,filled" fillcolor="#f6f6f6" color="#b0b0b0" fontsize=12'
#: A document's title inside its cluster (a node, so that edges go around it).
TITLE_STYLE = "shape=plaintext fontsize=12 margin=0.05"
#: Invisible edges that put a cluster's title in a row of its own above its boxes (BT and TB).
TITLE_EDGE = "style=invis"
#: A position the document reports rather than holds (``by=`` someone else): a dashed outline.
REPORTED_STYLE = "dashed"
#: The smallest text a map has (points): the small line of each box. ``render --fit`` keeps it readable.
SMALLEST_FONT = 8.5
LEGEND_STYLE = 'style="rounded" color="#b0b0b0" fontsize=11'

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean(text: object) -> str:
    """``text`` as one line: characters XML 1.0 forbids removed, whitespace runs made one space."""
    text = str(text)
    if text.isprintable():  # the usual text: no forbidden character, and no whitespace but the space
        return text.strip() if "  " not in text else _SPACE.sub(" ", text).strip()
    return _SPACE.sub(" ", _FORBIDDEN.sub("", text)).strip()


#: The characters html.escape(quote=True) replaces.
_HTML_SPECIAL = re.compile("[&<>\"']")


def _escape(text: str) -> str:
    """``html.escape(text, quote=True)``, at once for the usual text, which has nothing to escape."""
    return html.escape(text, quote=True) if _HTML_SPECIAL.search(text) else text


def html_text(text: object) -> str:
    """Text for inside an HTML-like label: entities for ``& < > " '`` and ``\\``.

    Graphviz 2.43 still expands ``\\N``/``\\G`` inside HTML-like labels; a
    backslash written as two ``&#92;`` comes out as one literal backslash.

    >>> html_text('a <b> & "c" \\\\N')
    'a &lt;b&gt; &amp; &quot;c&quot; &#92;&#92;N'
    """
    return _html_clean(clean(text))


def _html_clean(text: str) -> str:
    """:func:`html_text` for a text already clean."""
    text = _escape(text)
    return text.replace("\\", "&#92;&#92;") if "\\" in text else text


def dot_string(lines: Iterable[object]) -> str:
    """A quoted DOT string (for ``tooltip``) showing ``lines`` exactly, one per line.

    Everything that Graphviz would interpret is written as an entity, so the
    result contains no ``"`` and no backslash; a backslash needs four
    ``&#92;`` to survive Graphviz 2.43's two rounds of unescaping in tooltips.
    """
    texts = [clean(line) for line in lines]
    limit = max((len(t) for t in texts), default=0)
    while True:
        parts = [_escape(_cut(t, limit)).replace("\\", "&#92;" * 4) for t in texts]
        quoted = '"' + "&#10;".join(p for p in parts if p) + '"'
        if len(quoted) <= TOOLTIP_MAX or limit <= 40:
            return quoted
        limit //= 2  # a long quotation is cut (with an ellipsis) until the tooltip fits


def safe_href(url: object) -> str | None:
    """``url`` ready for an ``href`` attribute, or ``None`` unless it is a well-formed http(s) URL."""
    if not isinstance(url, str) or not is_http_url(url):
        return None
    for char, code in (('"', "%22"), ("'", "%27"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return '"' + html.escape(url, quote=True) + '"'


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    return _cut(clean(text), limit)


def _cut(text: str, limit: int) -> str:
    """:func:`shorten` for a text already clean (its result is clean too)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


#: Inches per unit of a ``--size`` value.
_UNITS = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "pt": 1 / 72}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:[x\u00d7]\s*(\d+(?:\.\d+)?))?\s*(in|cm|mm|pt)?\s*\Z")
#: A page's printable area (US Letter or A4 with margins): what ``render --fit`` fits to.
PAGE = (6.5, 9.0)
#: The height a ``--size`` of only a width leaves free (inches): in effect, unlimited.
UNLIMITED = 200.0


def parse_size(text: str) -> tuple[float, float]:
    """``6.5in``, ``16cm``, ``6.5x9in``, ``170x250mm``, ``468pt`` (default unit: inches) -> ``(width, height)`` inches.

    A width alone leaves the height free (:data:`UNLIMITED`).

    >>> parse_size("6.5in")
    (6.5, 200.0)
    >>> parse_size("254x127mm")
    (10.0, 5.0)
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"expected a size such as 6.5in, 16cm or 6.5x9in, not {text!r}")
    unit = _UNITS[match.group(3) or "in"]
    width = round(float(match.group(1)) * unit, 3)
    height = round(float(match.group(2)) * unit, 3) if match.group(2) else UNLIMITED
    if width <= 0 or height <= 0:
        raise ValueError(f"a size must be more than 0, not {text!r}")
    return width, height


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, as ``textwrap.wrap`` makes them (breaking long words).

    For a cleaned text (:func:`clean`: single spaces) with no word longer than a line,
    textwrap's greedy filling is the one below, ten times faster.
    """
    words = text.split(" ")
    if "\t" in text or "\n" in text or "\r" in text or "\x0b" in text or "\x0c" in text or "" in words:
        return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    if max(map(len, words)) > width:
        return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    lines = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


@dataclass(frozen=True)
class View:
    """How a map is drawn (what it shows is chosen by :mod:`argmap.render.maps`)."""

    title: str | None = None
    #: A line under the title: the question a map answers, or what was selected ("around doc#id, depth 2").
    scope: str | None = None
    direction: str = "BT"
    #: Draw each document as a labelled cluster; ``None``: when the map spans several documents.
    group: bool | None = None
    relations: frozenset[str] = field(default_factory=lambda: frozenset(RELATIONS))
    legend: bool = True
    #: Nodes the map is about (its root claims): drawn with a double outline.
    focus: frozenset[str] = frozenset()
    #: Use :data:`FAST_LAYOUT`; ``None``: above :data:`FAST_LAYOUT_THRESHOLD` nodes.
    fast: bool | None = None
    #: With status marks: what produced them (a line under the title and a legend entry).
    status_note: str | None = None
    #: Show each box's ``doc#id`` in its small line.
    ids: bool = True
    #: Shrink the drawing to fit ``(width, height)`` inches (Graphviz ``size``); never enlarged.
    size: tuple[float, float] | None = None


def to_dot(
    G: nx.MultiDiGraph[str],
    nodes: Iterable[str] | None = None,
    view: View | None = None,
    node_marks: Mapping[str, str] | None = None,
) -> str:
    """The DOT source of a map of ``nodes`` (default: every node) of ``G``.

    Edges are drawn between the chosen nodes when their type is in
    ``view.relations``. ``node_marks`` (node key -> short text, e.g. an
    acceptability label) adds a bold first line to those nodes and a line to
    their tooltips.
    """
    view = view or View()
    if view.direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {view.direction!r}")
    keys = sorted(G if nodes is None else set(nodes))
    ids = {key: f"n{i}" for i, key in enumerate(keys)}
    documents: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {})
    drawing = _Drawing.of(G, ids, view.relations)
    fast = view.fast if view.fast is not None else len(keys) > FAST_LAYOUT_THRESHOLD
    kinds = Counter(str(G.nodes[k].get("kind")) for k in keys)
    types = drawing.types

    size = f' size="{view.size[0]:g},{view.size[1]:g}"' if view.size else ""
    graph = f"{GRAPH_ATTRS} rankdir={view.direction}{' ' + FAST_LAYOUT if fast else ''}{size}"
    out = ["digraph argmap {", f"  graph [{graph}];"]
    out.append(f"  node [{NODE_ATTRS}];")
    out.append(f"  edge [{EDGE_ATTRS}];")
    out.append(f"  label={_title_label(view, kinds, types)};")

    per_document = _PerDocument()
    by_doc: dict[str, list[str]] = {}
    for key in keys:
        by_doc.setdefault(str(G.nodes[key].get("doc")), []).append(key)
    group = view.group if view.group is not None else len(by_doc) > 1
    for d, doc_id in enumerate(sorted(by_doc)):
        indent = "  "
        if group:
            meta = documents.get(doc_id, {})
            out.append(f"  subgraph cluster_d{d} {{")
            # The title is a node of the cluster, not its label: Graphviz routes edges around
            # nodes but straight through cluster labels. For BT and TB invisible edges put it in
            # a row above the cluster's boxes; for LR and RL it takes the top of the first column.
            tooltip = dot_string(_doc_citation(doc_id, meta))
            out.append(f'    {CLUSTER_STYLE} label="" tooltip={tooltip};')
            href = safe_href(meta.get("url"))
            link = f" href={href}" if href else ""
            out.append(f"    t{d} [{TITLE_STYLE} label={_cluster_label(doc_id, meta)} tooltip={tooltip}{link}];")
            out.extend(_title_edges(G, f"t{d}", by_doc[doc_id], ids, view))
            indent = "    "
        for key in by_doc[doc_id]:
            line = _node_line(G, key, ids[key], documents, (node_marks or {}).get(key), view.ids, per_document)
            if key in drawing.notes:
                line = line.replace("shape=box", NOTE_SHAPE, 1)
            out.append(indent + (line.replace(" [", f" [{FOCUS_STYLE} ", 1) if key in view.focus else line))
        out.extend(drawing.junction_nodes(by_doc[doc_id], indent))
        if group:
            out.append("  }")
    out.extend(drawing.lines(ids))
    if view.legend:
        types["reported"] = sum(_is_reported(G, k, documents, per_document.owners) for k in keys)
        out.extend(_legend(view.relations, view.direction, bool(view.focus & set(ids)), types, bool(node_marks)))
    out.append("}")
    return "\n".join(out) + "\n"


def _title_edges(
    G: nx.MultiDiGraph[str], title: str, members: list[str], ids: Mapping[str, str], view: View
) -> list[str]:
    """Invisible edges that keep a cluster's title above its boxes (BT: from its top boxes; TB: to them)."""
    if view.direction not in ("BT", "TB"):
        return []
    inside = set(members)
    outgoing = view.direction == "BT"  # BT: the top boxes are those with no relation to another box here
    tops = []
    for key in members:
        others = G.succ[key] if outgoing else G.pred[key]
        if not any(
            other in inside
            and other != key
            and any(str(d.get("type") or k.partition(":")[0]) in view.relations for k, d in keys.items())
            for other, keys in others.items()
        ):
            tops.append(key)
    if outgoing:
        return [f"    {ids[key]} -> {title} [{TITLE_EDGE}];" for key in tops]
    return [f"    {title} -> {ids[key]} [{TITLE_EDGE}];" for key in tops]


@dataclass
class _Drawing:
    """The edges of a map: plain relations, and relations drawn through a junction.

    A linked inference meets at a junction (its premises run into it, one
    arrow runs on to the conclusion); so does any inference or attack that an
    undercut in the map ends on. An attack its target outweighs is drawn as
    answered, with no separate preference edge.
    """

    #: (source, target, type, label, tooltip) of each edge drawn directly, sorted.
    direct: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: junction name -> (relation type, sources, target, tooltip)
    junctions: dict[str, tuple[str, list[str], str, str]] = field(default_factory=dict)
    #: (undercutter, junction name, tooltip) of each undercut drawn.
    undercuts: list[tuple[str, str, str]] = field(default_factory=list)
    #: Nodes drawn as notes (they only qualify).
    notes: set[str] = field(default_factory=set)
    types: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, G: nx.MultiDiGraph[str], ids: Mapping[str, str], relations: frozenset[str]) -> _Drawing:
        drawing = cls()
        inferences: Mapping[str, Mapping[str, Any]] = G.graph.get("inferences", {})
        chosen: list[tuple[str, str, str, dict[str, Any]]] = []
        for u, v, k, data in G.edges(keys=True, data=True):
            rel_type = str(data.get("type") or k.partition(":")[0])  # an undercut's key names its step too
            if u in ids and v in ids and rel_type in relations:
                chosen.append((u, v, rel_type, data))
        chosen.sort(key=lambda e: (e[0], e[1], e[2], str(e[3].get("relation") or "")))
        # Which inferences and attacks get a junction: linked ones, and those an undercut here ends on.
        undercut_targets: set[str] = set()
        for _, _, rel_type, data in chosen:
            if rel_type == "undercuts":
                name = str(data.get("inference") or data.get("relation"))
                if data.get("inference"):
                    via = list(inferences.get(name, {}).get("premises", []))
                else:
                    via = [str(data.get("relation")).split(">", 1)[0]]
                # (the step undercut is drawn: its type is, and its sources are in the map)
                step_type = data.get("relation_type") or ("supports" if data.get("inference") else "attacks")
                if step_type in relations and via and all(p in ids for p in via):
                    undercut_targets.add(name)
        answered = {(v, u) for u, v, rel_type, _ in chosen if rel_type == "outweighs"}
        attacks = {(u, v) for u, v, rel_type, _ in chosen if rel_type == "attacks"}
        qualifying: set[str] = set()
        other_out: set[str] = set()
        for u, v, rel_type, data in chosen:
            (qualifying if rel_type == "qualifies" else other_out).add(u)
            if rel_type == "supports":
                name = str(data.get("inference") or f"{u}>{v}")
                premises = [p for p in inferences.get(name, {}).get("premises", [u]) if p in ids]
                if len(premises) > 1 or name in undercut_targets:
                    tip = f"{' + '.join(premises)} supports {v}" + (" (together)" if len(premises) > 1 else "")
                    junction = drawing.junctions.setdefault(name, ("supports", [], v, tip))
                    junction[1].append(u)
                    drawing.types["supports"] += 1
                    continue
                drawing.direct.append((u, v, "supports", "", f"{u} supports {v}"))
            elif rel_type == "attacks":
                name = f"{u}>{v}"
                if name in undercut_targets:
                    drawing.junctions[name] = ("attacks", [u], v, f"{u} attacks {v}")
                    drawing.types["attacks"] += 1
                    continue
                if (u, v) in answered:
                    drawing.direct.append((u, v, "answered", "answered", f"{u} attacks {v}, which outweighs it"))
                    drawing.types["answered"] += 1
                    continue
                drawing.direct.append((u, v, "attacks", "", f"{u} attacks {v}"))
            elif rel_type == "undercuts":
                name = str(data.get("inference") or data.get("relation"))
                if name in undercut_targets:
                    drawing.undercuts.append((u, name, f"{u} undercuts {name}"))
                    drawing.types["undercuts"] += 1
                continue
            elif rel_type == "outweighs":
                if (v, u) in attacks:
                    continue  # drawn as the answered attack
                drawing.direct.append((u, v, "outweighs", "", f"{u} outweighs {v}"))
            else:
                drawing.direct.append((u, v, rel_type, "", f"{u} {rel_type} {v}"))
            drawing.types[rel_type] += 1
        drawing.notes = qualifying - other_out
        drawing.types["linked"] = sum(len(j[1]) > 1 for j in drawing.junctions.values())
        return drawing

    def junction_ids(self) -> dict[str, str]:
        return {name: f"j{i}" for i, name in enumerate(sorted(self.junctions))}

    def junction_nodes(self, targets: Iterable[str], indent: str) -> list[str]:
        """The junctions of the relations that end at ``targets`` (drawn beside them, in their cluster)."""
        wanted = set(targets)
        names = self.junction_ids()
        return [
            f"{indent}{names[name]} [{JUNCTION_STYLE} tooltip={dot_string([tip])}];"
            for name, (_, _, target, tip) in sorted(self.junctions.items())
            if target in wanted
        ]

    def lines(self, ids: Mapping[str, str]) -> list[str]:
        out = []
        for u, v, rel_type, label, tip in self.direct:
            style = ANSWERED_STYLE if rel_type == "answered" else EDGE_STYLE.get(rel_type, EDGE_STYLE["supports"])
            text = f' label="{label}"' if label else ""
            out.append(f"  {ids[u]} -> {ids[v]} [{style}{text} tooltip={dot_string([tip])}];")
        names = self.junction_ids()
        for name in sorted(self.junctions):
            rel_type, sources, target, tip = self.junctions[name]
            junction = names[name]
            for source in sorted(sources):
                out.append(f"  {ids[source]} -> {junction} [{HALF_STYLE[rel_type]} tooltip={dot_string([tip])}];")
            out.append(f"  {junction} -> {ids[target]} [{EDGE_STYLE[rel_type]} tooltip={dot_string([tip])}];")
        for u, name, tip in self.undercuts:
            out.append(f"  {ids[u]} -> {names[name]} [{EDGE_STYLE['undercuts']} tooltip={dot_string([tip])}];")
        return out


@dataclass
class _PerDocument:
    """What every node of a document shares, made once: its citation's first lines, its authors as one line."""

    heads: dict[str, list[str]] = field(default_factory=dict)
    owners: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def _file_name(path: str, names: dict[str, str] | None) -> str:
    """The last part of ``path`` (``names`` keeps those already made)."""
    if names is None:
        return PurePath(path).name
    name = names.get(path)
    if name is None:
        name = names[path] = PurePath(path).name
    return name


def _is_reported(
    G: nx.MultiDiGraph[str],
    key: str,
    documents: Mapping[str, Mapping[str, Any]],
    owners: dict[str, Any] | None = None,
) -> bool:
    """Whether ``key`` is held by someone other than its document's authors (a position it reports).

    ``owners`` keeps each document's authors as one line, made once for all its nodes.
    """
    data = G.nodes[key]
    by = data.get("by")
    if not by:
        return False
    doc_id = str(data.get("doc"))
    if owners is not None and doc_id in owners:
        own = owners[doc_id]
    else:
        authors = documents.get(doc_id, {}).get("authors")
        own = ", ".join(str(a) for a in authors) if isinstance(authors, list) else authors
        if owners is not None:
            owners[doc_id] = own
    return bool(by != own)


def _node_line(
    G: nx.MultiDiGraph[str],
    key: str,
    node_id: str,
    documents: Mapping[str, Mapping[str, Any]],
    mark: str | None,
    show_id: bool = True,
    cache: _PerDocument | None = None,
) -> str:
    data = G.nodes[key]
    kind = str(data.get("kind"))
    main = shorten(str(data["label"]), SHOWN_MAX) if data.get("label") else shorten(str(data.get("text") or ""))
    reported = _is_reported(G, key, documents, cache.owners if cache is not None else None)
    holder = shorten(str(data.get("by") or ""), 60)
    if reported:
        holder = f"reported: {holder}"
    key = shorten(key, SHOWN_MAX)  # as shown; node_id is what the DOT uses
    if not show_id:
        small = wrap(holder, SMALL_WIDTH) if holder else []
    elif len(holder) + len(key) + 3 <= SMALL_WIDTH:
        small = [f"{holder} · {key}"]
    else:
        small = [*wrap(holder, SMALL_WIDTH), key]
    rows: list[str] = []
    if mark:
        rows.append(f"<B>{html_text(shorten(mark, 40))}</B>")
    rows.extend(_html_clean(line) for line in wrap(main, LABEL_WIDTH))  # shorten made main clean, so its lines
    rows.extend(
        f'<FONT POINT-SIZE="8.5" COLOR="{SMALL_COLOUR}">{html_text(line)}</FONT>' for line in small if line.strip(" ·")
    )
    label = "<" + "<BR/>".join(rows) + ">"
    doc_id = str(data.get("doc"))
    meta = documents.get(doc_id, {})
    tip_lines = [quoted(clean(data.get("text") or "")), f"— {data.get('by')}" if data.get("by") else ""]
    if mark:
        tip_lines.append(f"status: {mark}")
    tip_lines.append(f"{kind} {key}")
    if cache is not None:
        tip_lines.extend(_doc_citation(doc_id, meta, data, cache.heads, cache.names))
    else:
        tip_lines.extend(_doc_citation(doc_id, meta, data))
    style = KIND_STYLE.get(kind, KIND_STYLE["premise"])
    if reported:
        style = style.replace('style="', f'style="{REPORTED_STYLE},', 1)
    attrs = [style, f"label={label}", f"tooltip={dot_string(tip_lines)}"]
    href = safe_href(data.get("cite")) or safe_href(meta.get("url"))
    if href:
        attrs.append(f"href={href}")
    return f"{node_id} [{' '.join(attrs)}];"


def _doc_citation(
    doc_id: str,
    meta: Mapping[str, Any],
    node: Mapping[str, Any] | None = None,
    heads: dict[str, list[str]] | None = None,
    names: dict[str, str] | None = None,
) -> list[str]:
    """Citation lines: title; authors, date, publisher; file and line; the source.

    ``heads`` keeps each document's first two lines, made once for all its nodes; ``names``
    each path's file name.
    """
    head = heads.get(doc_id) if heads is not None else None
    if head is None:
        title = meta.get("title") or doc_id
        authors = meta.get("authors")
        written = ", ".join(str(a) for a in authors) if isinstance(authors, list) else str(authors or "")
        byline = ", ".join(clean(p) for p in (written, meta.get("date"), meta.get("publisher")) if p)
        head = [f"{title}", byline]
        if heads is not None:
            heads[doc_id] = head
    lines = list(head)
    if node is not None:
        path = node.get("path")
        where = _file_name(str(path), names) if path else doc_id
        lines.append(f"{where}, line {node.get('line')}")
        if node.get("cite"):
            lines.append(f"cites: {node.get('cite')}")
    if meta.get("url"):
        lines.append(f"source: {meta.get('url')}")
    return lines


#: A relation type in the singular, for counts of one ("1 support").
_SINGULAR = {
    "supports": "support",
    "attacks": "attack",
    "undercuts": "undercut",
    "outweighs": "preference",
    "qualifies": "qualification",
    "explains": "explanation",
}


_PLURAL = {"outweighs": "preferences", "qualifies": "qualifications", "explains": "explanations"}


def _title_label(view: View, kinds: Counter[str], types: Counter[str]) -> str:
    counts = [f"{kinds[k]} {k}{'s' if kinds[k] != 1 else ''}" for k in ("claim", "premise", "rebuttal") if kinds[k]]
    counts += [f"{types[t]} {_SINGULAR[t] if types[t] == 1 else _PLURAL.get(t, t)}" for t in RELATIONS if types[t]]
    if types["answered"]:
        counts.append(f"{types['answered']} answered")
    rows = []
    if view.title:
        rows += [
            f'<FONT POINT-SIZE="18"><B>{html_text(ln)}</B></FONT>'
            for ln in wrap(shorten(view.title, SHOWN_MAX), TITLE_WIDTH)
        ]
    if view.scope:
        rows += [f'<FONT POINT-SIZE="12">{html_text(ln)}</FONT>' for ln in wrap(shorten(view.scope, SHOWN_MAX), 90)]
    summary = " · ".join(counts) or "nothing to show"
    rows.append(f'<FONT POINT-SIZE="10" COLOR="{SMALL_COLOUR}">{html_text(summary)}</FONT>')
    if view.status_note:
        rows += [
            f'<FONT POINT-SIZE="10" COLOR="{SMALL_COLOUR}">{html_text(ln)}</FONT>'
            for ln in wrap(shorten(view.status_note, SHOWN_MAX), 110)
        ]
    return "<" + "<BR/>".join(rows) + "<BR/> >"


def _cluster_label(doc_id: str, meta: Mapping[str, Any]) -> str:
    title = shorten(str(meta.get("title") or doc_id), SHOWN_MAX)
    rows = [f"<B>{html_text(line)}</B>" for line in wrap(title, 50)]
    authors = meta.get("authors")
    names = ", ".join(str(a) for a in authors) if isinstance(authors, list) else str(authors or "")
    small = shorten(" · ".join(clean(p) for p in (names, meta.get("date"), doc_id) if p), SHOWN_MAX)
    rows += [f'<FONT POINT-SIZE="9" COLOR="{SMALL_COLOUR}">{html_text(line)}</FONT>' for line in wrap(small, 60)]
    return "<" + "<BR/>".join(rows) + ">"


#: Legend entries drawn only when the map has such a relation: (type, node, text, tooltip, edge style).
_LEGEND_EXTRA = (
    (
        "answered",
        "l4",
        "an objection answered",
        "dashed grey: its target outweighs it (a preference), so it does not defeat",
        ANSWERED_STYLE + ' label="answered"',
    ),
    (
        "undercuts",
        "l5",
        "undercuts a step",
        "dotted purple, square end: attacks the inference or the attack at whose dot it ends",
        EDGE_STYLE["undercuts"],
    ),
    (
        "outweighs",
        "l6",
        "a preference",
        "bold grey, open arrow: the first outweighs the second",
        EDGE_STYLE["outweighs"],
    ),
    (
        "qualifies",
        "l7",
        "a qualification",
        "dashed gold, circle: limits the claim; never an attack",
        EDGE_STYLE["qualifies"],
    ),
    ("explains", "l8", "an explanation", "dotted blue: a cause or explanation, not a reason", EDGE_STYLE["explains"]),
    (
        "reported",
        "l10",
        "",
        "dashed outline, 'reported:' before the holder: a position the document reports, not its authors' own",
        "",
    ),
    (
        "linked",
        "l9",
        "\u25cf premises that support together meet at a dot",
        "a linked inference: defeating one of its premises defeats it",
        "",
    ),
)


def _legend(
    relations: frozenset[str], direction: str, focus: bool, types: Counter[str] | None = None, marks: bool = False
) -> list[str]:
    where = "b" if direction == "BT" else "t"
    small = f'<FONT POINT-SIZE="8.5" COLOR="{SMALL_COLOUR}">'
    out = [
        "  subgraph cluster_legend {",
        f'    {LEGEND_STYLE} labelloc={where} label=<<B>Legend</B>> tooltip="How to read this map";',
        f"    l0 [{KIND_STYLE['claim']} label=<Claim<BR/>{small}who holds it · doc#id</FONT>>"
        ' tooltip="A claim: a position argued for. Hover any box for the quoted text and its source."];',
        f"    l1 [{KIND_STYLE['premise']} label=<Premise<BR/>{small}a reason given</FONT>>"
        ' tooltip="A premise: a reason or evidence given for another box."];',
        f"    l2 [{KIND_STYLE['rebuttal']} label=<Rebuttal<BR/>{small}an objection</FONT>>"
        ' tooltip="A rebuttal: an objection to another box."];',
    ]
    if focus:
        out.append(
            f"    l3 [{FOCUS_STYLE} {KIND_STYLE['claim']} "
            f"label=<Double outline<BR/>{small}what the map starts from</FONT>>"
            ' tooltip="The claim or claims this map was drawn around."];'
        )
    if "supports" in relations:
        out.append(f'    l1 -> l0 [{EDGE_STYLE["supports"]} label="supports" tooltip="supports: solid green, arrow"];')
    if "attacks" in relations:
        out.append(f'    l2 -> l0 [{EDGE_STYLE["attacks"]} label="attacks" tooltip="attacks: dashed red, bar"];')
    types = types or Counter()
    if marks:
        out.append(
            "    l10 [shape=plaintext label=<<B>IN \u2713 stands · OUT \u2717 falls: what decides it · "
            "UNDEC ? contested</B>>"
            ' tooltip="Status marks: grounded semantics over this map (see the line under the title); '
            'OUT names the objection left unanswered here, or the reason that fell. Not a verdict on the articles."];'
        )
    for name, node, text, tip, style in _LEGEND_EXTRA:
        if name == "reported" and types[name]:
            reported = KIND_STYLE["claim"].replace('style="', f'style="{REPORTED_STYLE},', 1)
            out.append(
                f"    {node} [{reported} label=<Reported position<BR/>{small}reported: who holds it</FONT>>"
                f' tooltip="{tip}"];'
            )
            continue
        if types[name]:
            out.append(f'    {node} [shape=plaintext label="{text}" tooltip="{tip}"];')
            if style:
                out.append(f'    {node} -> l0 [{style} tooltip="{tip}"];')
    out.append("  }")
    return out
