"""Views -> one self-contained HTML file: inline CSS, JavaScript, data and SVG; nothing fetched.

The page is ``report.css`` and ``report.js`` (beside this module) around one
JSON blob, the ``to_json()`` of a :class:`argmap.views.report.ReportView`.
Everything the page shows is built from that blob with ``textContent``, so
text from the corpus stays text. The blob is embedded in a
``<script type="application/json">`` with every ``<``, ``>``, ``&``, U+2028 and
U+2029 written as a JSON escape (so no ``</script>`` or ``<!--`` can end it),
and a Content-Security-Policy allows only the page's own script and style
(by their SHA-256 hashes): no request can leave the page, no inline handler or
``javascript:`` URL can run.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap import __version__

if TYPE_CHECKING:
    import networkx as nx

    from argmap.render.maps import MapSpec
    from argmap.views.report import MapView, ReportView

#: Largest map the report draws: above it Graphviz takes seconds and the map is unreadable
#: (docs/commands/render.md, "Large maps").
MAP_LIMIT = 2000

_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def embed_json(data: Any) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">`` (no ``</``, ``<!--``, U+2028/9).

    >>> embed_json({"a": "</script><!--\\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def _asset(name: str) -> str:
    return resources.files("argmap.html").joinpath(name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, style: str, live: bool = False) -> str:
    """The page's policy: nothing but its own script and style; with ``live``, requests to its own server."""
    parts = [
        "default-src 'none'",
        f"script-src {_hash(script)}",
        f"style-src {_hash(style)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if live:
        parts.append("connect-src 'self'")
    return "; ".join(parts)


def page(view: ReportView, live: bool = False) -> str:
    """The HTML of ``view``: one file, no external resource."""
    script = _asset("report.js")
    style = _asset("report.css")
    data = view.to_json()
    data["live"] = live
    csp = content_security_policy(script, style, live)
    title = html.escape(view.title, quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=True)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="argmap {html.escape(__version__)}">\n'
        f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"{_BODY.replace('{title}', title)}"
        f'<script type="application/json" id="argmap-data">{embed_json(data)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


_BODY = """<a class="skip" href="#claims">Skip to the claims</a>
<header class="top">
<h1 id="report-title">{title}</h1>
<nav class="tabs" aria-label="Sections">
<a href="#home" data-view="home">Overview</a>
<a href="#map" data-view="map">Map</a>
<a href="#read" data-view="read">Documents</a>
<a href="#claims" data-view="claims">Claims</a>
<a href="#who" data-view="who">Who says what</a>
<a href="#outline" data-view="outline">Outline</a>
<a href="#methods" data-view="methods">Methods</a>
</nav>
</header>
<div class="toolbar" role="search" id="filters">
<input type="search" id="search" placeholder="Search claims (/)" aria-label="Search claims by words, label or id">
<span class="count" id="match-count" aria-live="polite"></span>
</div>
<noscript><p class="notice">This report needs JavaScript to show its map and documents. The Outline and the
documents are in the file's data; open it in a browser with JavaScript on.</p></noscript>
<div class="layout">
<main id="main">
<section id="v-home" aria-label="Overview"></section>
<section id="v-map" aria-label="Map" hidden>
<div class="mapbar">
<select id="map-select" aria-label="Which map"></select>
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="zoom-out" aria-label="Zoom out">&#8722;</button>
<button type="button" id="zoom-fit" aria-label="Fit the map to the window">Fit</button>
<span class="small muted" id="map-note"></span>
<a class="small" href="#outline">Text version (outline)</a>
</div>
<div class="viewport" id="viewport" tabindex="0" role="region"
 aria-label="Argument map: drag to pan, wheel or + and &#8722; to zoom, Tab to a box and Enter to open it">
<div class="stage" id="stage"></div></div>
</section>
<section id="v-read" aria-label="Documents" hidden>
<p class="noprint"><label>Document <select id="doc-select"></select></label></p>
<div id="reading"></div>
</section>
<section id="v-claims" aria-label="Claims" hidden>
<h2>Claims</h2>
<p id="claims-summary" class="muted"></p>
<div id="claims-list"></div>
</section>
<section id="v-who" aria-label="Who says what" hidden>
<h2>Who says what</h2>
<div id="who-table"></div>
<div id="who-detail" aria-live="polite"></div>
</section>
<section id="v-outline" aria-label="Outline" hidden>
<h2>Outline: the arguments as text</h2>
<p class="small muted">Each document's theses with what supports (+) and attacks (&#8722;) them,
as argmap show prints them.</p>
<div id="outline-body"></div>
</section>
<section id="v-methods" aria-label="Methods and limits" hidden></section>
</main>
<aside class="panel" id="panel" aria-label="Claim details" hidden></aside>
</div>
<footer class="meta" id="footer"></footer>
"""


# ---------------------------------------------------------------- what goes in


@dataclass(frozen=True)
class ReportOptions:
    """What the report covers: ``target`` as ``argmap render`` reads it, or every map definition."""

    target: str | None = None
    maps_dir: Path = Path("maps")
    corpus_path: Path | None = None
    title: str | None = None
    date: str | None = None


def report_maps(G: nx.MultiDiGraph[str], options: ReportOptions) -> tuple[list[MapSpec], list[str]]:
    """The maps to draw, and a note for each map left out because it is too big."""
    from argmap.analysis.queries import document_order
    from argmap.render.maps import MapSpec, find_definitions, load_definition, select_nodes, spec_for_target

    notes: list[str] = []
    if options.target is not None:
        specs = [spec_for_target(G, options.target, options.maps_dir)]
    else:
        specs = [load_definition(p) for p in find_definitions(options.maps_dir)] if options.maps_dir.is_dir() else []
        if any(not s.claims and not s.documents for s in specs):
            pass  # a definition already draws the whole corpus
        elif len(G) <= MAP_LIMIT:
            specs.append(MapSpec(name="corpus", title="The whole corpus", scope="every document"))
        else:
            documents = G.graph.get("documents", {})
            for doc_id in document_order(G):
                title = str(documents[doc_id].get("title") or doc_id)
                specs.append(
                    MapSpec(name=f"doc-{doc_id}", title=title, documents=(doc_id,), scope=f"document {doc_id}")
                )
            notes.append(
                f"The corpus has {len(G):,} claims, premises and rebuttals: too many for one readable map "
                f"(more than {MAP_LIMIT:,}), so the report draws one map per document instead."
            )
    kept = []
    for spec in specs:
        count = len(select_nodes(G, spec))
        if count > MAP_LIMIT:
            notes.append(
                f"The map '{spec.title or spec.name}' is not drawn: it has {count:,} boxes (more than {MAP_LIMIT:,}); "
                "narrow it with a claim and a depth."
            )
            continue
        kept.append(spec)
    return kept, notes


def draw_maps(G: nx.MultiDiGraph[str], specs: list[MapSpec], definitions: set[str]) -> list[MapView]:
    """Each map laid out by Graphviz (two at a time), with the SVG name of each box."""
    from argmap.render.graphviz import run_dot
    from argmap.render.maps import default_title, map_dot, select_nodes
    from argmap.views.report import MapView

    def one(spec: MapSpec) -> MapView:
        nodes = select_nodes(G, spec)
        source, _ = map_dot(G, spec)
        svg = run_dot(source, "svg").decode("utf-8")
        start = svg.find("<svg")
        boxes = {f"n{i}": key for i, key in enumerate(sorted(nodes))}  # render.to_dot's ids
        title = spec.title or default_title(G, spec)
        return MapView(spec.name, title, spec.name if spec.name in definitions else None, svg[start:], boxes)

    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        return list(pool.map(one, specs))


def git_revision(folder: Path) -> str | None:
    """The commit checked out where ``folder`` is, with ``+`` when files under it changed since; else ``None``."""
    try:
        where = folder if folder.is_dir() else folder.parent
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if head.returncode != 0:
            return None
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "."],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


def today() -> str:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


def build_report(G: nx.MultiDiGraph[str], options: ReportOptions, live: bool = False) -> str:
    """The whole HTML report of ``G``."""
    from argmap.render.maps import select_nodes
    from argmap.views.overview import question_view
    from argmap.views.report import make_about, report_view

    specs, notes = report_maps(G, options)
    definitions = {s.name for s in specs if s.path}
    maps = draw_maps(G, specs, definitions)
    corpus = options.corpus_path or Path(".")
    from argmap.analysis.queries import document_order, theses

    all_theses = [t for d in document_order(G) for t in theses(G, d)]
    questions = [question_view(G, s, select_nodes(G, s), all_theses) for s in specs if s.name in definitions]
    about = make_about(__version__, git_revision(corpus), options.date or today(), corpus.as_posix(), notes)
    title = options.title or _default_title(G)
    view = report_view(G, title=title, about=about, questions=questions, maps=maps)
    return page(view, live=live)


def _default_title(G: nx.MultiDiGraph[str]) -> str:
    n = len(G.graph.get("documents", {}))
    return f"Argument map report: {n} document{'s' if n != 1 else ''}"


__all__ = ["MAP_LIMIT", "ReportOptions", "build_report", "embed_json", "page"]
