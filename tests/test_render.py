"""Graph -> DOT (golden file, determinism, escaping) and DOT -> SVG (well-formed, tooltips, safe links).

Tests that run Graphviz are skipped where ``dot`` is not installed.
Regenerate the golden DOT with ``pytest tests/test_render.py --update-goldens``.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.check.findings import quoted
from argmap.errors import GraphvizMissingError, RenderError
from argmap.render.dot import (
    FAST_LAYOUT,
    FAST_LAYOUT_THRESHOLD,
    View,
    clean,
    dot_string,
    safe_href,
    shorten,
    to_dot,
)
from argmap.render.graphviz import FORMATS, run_dot, stamp_svg, svg_staleness

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def add(G, key, kind="claim", text="Some words.", **attrs):
    doc, local = key.split("#")
    data = {
        "kind": kind,
        "text": text,
        "label": None,
        "doc": doc,
        "local_id": local,
        "by": "A. Author",
        "path": f"corpus/{doc}.md",
        "line": 3,
        "col": 1,
        "cite": None,
        "tags": [],
    }
    data.update(attrs)
    G.add_node(key, **data)


def relate(G, source, target, rel):
    G.add_edge(source, target, key=rel, type=rel, path="corpus/x.md", line=1, col=1)


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        "alpha": {
            "id": "alpha",
            "title": "Alpha: a paper",
            "authors": ["Ann Lee", "Bo Kim"],
            "date": "2020-05",
            "publisher": "Journal",
            "url": "https://example.org/alpha",
            "path": "corpus/alpha.md",
        },
        "beta": {"id": "beta", "title": "Beta", "authors": ["Cy Park"], "date": "2021", "path": "corpus/beta.md"},
    }
    add(
        G,
        "alpha#thesis",
        text="The alliance holds because both sides need it and say so often.",
        label="The alliance holds",
        line=10,
    )
    add(G, "alpha#reason", kind="premise", text="Both sides need it.", line=11, cite="https://example.org/data?x=1&y=2")
    add(
        G,
        "alpha#doubt",
        kind="rebuttal",
        text="But polls show otherwise, and the polls have been right before "
        "about exactly this kind of question, more often than not, which is a long sentence.",
        by="Pollsters",
        line=12,
    )
    add(G, "beta#counter", text="It does not hold.", by="Cy Park", line=5)
    relate(G, "alpha#reason", "alpha#thesis", "supports")
    relate(G, "alpha#doubt", "alpha#thesis", "attacks")
    relate(G, "beta#counter", "alpha#thesis", "attacks")
    return G


def svg_of(source: str) -> ET.Element:
    data = run_dot(source, "svg")
    return ET.fromstring(data)  # well-formed XML or this raises


def nodes_of(root: ET.Element) -> dict[str, ET.Element]:
    return {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def tooltip(g: ET.Element) -> str | None:
    anchor = g.find(f".//{SVG}a")
    return None if anchor is None else anchor.get(f"{XLINK}title")


def texts(g: ET.Element) -> list[str]:
    return [t.text or "" for t in g.iter(f"{SVG}text")]


# ------------------------------------------------------------------ DOT


def test_small_graph_dot_is_golden(golden):
    golden("render-small.dot", to_dot(small_graph(), view=View(title="A small map")))


def test_dot_does_not_depend_on_insertion_order():
    G = small_graph()
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for key in reversed(list(G)):
        H.add_node(key, **G.nodes[key])
    for u, v, k, d in reversed(list(G.edges(keys=True, data=True))):
        H.add_edge(u, v, key=k, **d)
    assert to_dot(H) == to_dot(G)


def test_node_ids_are_generated_in_sorted_order():
    dot = to_dot(small_graph())
    ids = re.findall(r"^\s+(n\d+) \[", dot, re.M)
    assert ids == ["n0", "n1", "n2", "n3"]  # alpha#doubt, alpha#reason, alpha#thesis, beta#counter
    first = re.search(r"^\s+n0 \[.*$", dot, re.M)
    assert first is not None
    assert "alpha#doubt" in first.group()


def test_relations_filter_drops_edges_of_other_types():
    dot = to_dot(small_graph(), view=View(relations=frozenset({"supports"}), legend=False))
    assert "->" in dot
    assert "arrowhead=tee" not in dot


def test_group_default_clusters_only_when_several_documents():
    G = small_graph()
    assert "subgraph cluster_d" in to_dot(G)
    assert "subgraph cluster_d" not in to_dot(G, ["alpha#thesis", "alpha#reason"])
    assert "subgraph cluster_d" in to_dot(G, ["alpha#thesis"], View(group=True))


def test_fast_layout_above_threshold_only():
    G = nx.MultiDiGraph()
    for i in range(FAST_LAYOUT_THRESHOLD + 1):
        add(G, f"d#s{i:04d}")
    assert FAST_LAYOUT in to_dot(G)
    assert FAST_LAYOUT not in to_dot(G, [f"d#s{i:04d}" for i in range(FAST_LAYOUT_THRESHOLD)])


def test_bad_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        to_dot(small_graph(), view=View(direction="XX"))


def test_node_marks_hook_adds_a_line_and_a_tooltip_line():
    dot = to_dot(small_graph(), node_marks={"alpha#thesis": "IN <accepted>"})
    line = next(ln for ln in dot.splitlines() if "alpha#thesis" in ln and "label=<" in ln)
    assert "<B>IN &lt;accepted&gt;</B>" in line
    assert "status: IN &lt;accepted&gt;" in line


def test_shorten_and_clean():
    assert shorten("word " * 40, 30).endswith("…")
    assert len(shorten("word " * 40, 30)) <= 30
    assert shorten("short") == "short"
    assert clean("a\x07b\x1b[31m\ufffe c\n\td") == "ab[31m c d"


def test_safe_href_accepts_only_http_urls():
    assert safe_href("https://example.org/a?b=1&c=2") == '"https://example.org/a?b=1&amp;c=2"'
    assert safe_href("https://example.org/it's") == '"https://example.org/it%27s"'
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<b>x</b>",
        'https://example.org/"onmouseover=alert(1)',
        "https://exa mple.org",
        "//example.org",
        "ftp://x.org",
        "https://example.org/\\N",
        None,
        42,
        "",
    ]:
        assert safe_href(bad) is None, bad


def test_dot_string_never_contains_quotes_or_backslashes():
    value = dot_string(['say "hi"\\', "\\N\\G\\l", "<b>&amp;</b>"])
    inner = value[1:-1]
    assert '"' not in inner
    assert "\\" not in inner
    assert value.startswith('"')
    assert value.endswith('"')


HOSTILE = [
    "ends with a backslash \\",
    '"; n99 [label="injected" href="javascript:alert(1)"]; x="',
    "\\N \\G \\E \\T \\H \\L \\n \\l \\r",
    '<<TABLE><TR><TD HREF="javascript:alert(1)">x</TD></TR></TABLE>>',
    "<script>alert(1)</script>",
    "&lt;script&gt; &amp; &#60; &#x3C; &",
    "control \x07\x1b[31m\x0b\x0c\ufffe chars",
    "]]> <!-- comment --> <![CDATA[x]]>",
    "' onmouseover='alert(1)",
    "{braces} [brackets] [bold]rich[/bold] ${var} %s",
    "naïve \u2013 “quotes” 日本語 😀",
]


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        "evil": {
            "id": "evil",
            "title": HOSTILE[1],
            "authors": [HOSTILE[3], HOSTILE[0]],
            "date": HOSTILE[6],
            "publisher": HOSTILE[4],
            "url": "javascript:alert(document.cookie)",
            "path": "corpus/evil.md",
        },
        "ok": {
            "id": "ok",
            "title": "Fine",
            "authors": ["X"],
            "date": "2020",
            "url": "https://example.org/a'b",
            "path": "corpus/ok.md",
        },
    }
    for i, text in enumerate(HOSTILE):
        add(
            G,
            f"evil#h{i:02d}",
            kind=["claim", "premise", "rebuttal"][i % 3],
            text=text,
            label=HOSTILE[(i + 1) % len(HOSTILE)] if i % 2 else None,
            by=HOSTILE[(i + 2) % len(HOSTILE)],
            cite=["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", 'https://x.org/"><script>'][i % 3],
        )
    add(G, "ok#fine", text="ok", cite=None)
    relate(G, "evil#h00", "ok#fine", "supports")
    relate(G, "evil#h01", "ok#fine", "attacks")
    return G


def test_hostile_strings_stay_text_in_dot():
    dot = to_dot(hostile_graph())
    # Every line is one statement of ours: no user text opened a new node, edge or attribute.
    node_lines = [ln for ln in dot.splitlines() if re.match(r"\s+n\d+ \[", ln)]
    assert len(node_lines) == len(HOSTILE) + 1
    assert "javascript" not in "".join(re.findall(r"href=\"[^\"]*\"", dot))
    assert "data:" not in "".join(re.findall(r"href=\"[^\"]*\"", dot))
    for line in dot.splitlines():
        assert "\x07" not in line
        assert "\x1b" not in line
        assert "\ufffe" not in line
        for value in re.findall(r'(?:tooltip|href)=("[^"]*")', line):
            assert "\\" not in value
        labels = re.findall(r"label=(<.*>)(?: tooltip|;)", line)
        for label in labels:
            assert "\\" not in label
            assert "<script" not in label.lower()
            assert "<table" not in label.lower()


@needs_dot
def test_hostile_strings_survive_graphviz_as_exact_text():
    G = hostile_graph()
    root = svg_of(to_dot(G))
    found = nodes_of(root)
    boxes = [name for name in found if not re.fullmatch(r"t\d+", name)]  # t0, t1, ...: the documents' titles
    assert len(boxes) == len(HOSTILE) + 1 + 4  # our nodes and the legend's boxes (reported positions among them)
    for i, text in enumerate(HOSTILE):
        g = found[f"n{i}"]
        tip = tooltip(g)
        assert tip is not None
        assert tip.splitlines()[0] == quoted(clean(text))  # the exact words, entities and all
        shown = "".join(texts(g)).replace(" ", "")
        label = G.nodes[f"evil#h{i:02d}"]["label"] or shorten(text)
        assert clean(label).replace(" ", "") in shown
    assert_safe_svg(root)


def assert_safe_svg(root: ET.Element) -> None:
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        assert tag not in ("script", "foreignObject", "iframe"), tag
        for name, value in element.attrib.items():
            local = name.split("}")[-1]
            assert not local.lower().startswith("on"), name
            if local == "href":
                assert re.match(r"https?://", value), value
                assert not set(value) & set("\"'<> \\"), value


@needs_dot
def test_a_very_long_text_label_id_or_title_still_renders():
    # Graphviz refuses any string over 16,384 characters; one long paragraph must not break every map.
    G = nx.MultiDiGraph()
    long_id = "p" * 17_000
    G.graph["documents"] = {"d": {"id": "d", "title": "T" * 20_000, "authors": ["A"], "date": "2020"}}
    add(G, "d#a", text='wo\\rd "q" ' * 3_400 + "end", label="L" * 20_000)
    add(G, f"d#{long_id}", kind="premise", text="p")
    relate(G, f"d#{long_id}", "d#a", "supports")
    dot = to_dot(G, view=View(group=True))
    assert max(len(token) for token in re.findall(r'"[^"]*"|<.*>', dot)) < 16_384
    found = nodes_of(svg_of(dot))
    tip = tooltip(found["n0"])
    assert tip is not None
    assert tip.startswith("“wo\\rd")
    assert "…" in tip


@needs_dot
def test_svg_nodes_carry_tooltips_with_citation_and_only_http_links():
    root = svg_of(to_dot(small_graph()))
    found = nodes_of(root)
    thesis = tooltip(found["n2"])
    assert thesis == (
        "“The alliance holds because both sides need it and say so often.”\n— A. Author\nclaim alpha#thesis\n"
        "Alpha: a paper\nAnn Lee, Bo Kim, 2020-05, Journal\nalpha.md, line 10\nsource: https://example.org/alpha"
    )
    links = {key: g.find(f".//{SVG}a").get(f"{XLINK}href") for key, g in found.items()}
    assert links["n1"] == "https://example.org/data?x=1&y=2"  # cite= wins over the document's url
    assert links["n2"] == "https://example.org/alpha"
    assert links["n3"] is None  # beta has no url
    assert all(tooltip(g) for key, g in found.items() if key.startswith("n"))
    assert_safe_svg(root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("\\NGETHLnlr\"&<>';#x1 \t\n\x07é")), max_size=12), min_size=1, max_size=8
    )
)
def test_any_text_round_trips_through_graphviz_tooltips(pieces):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    G = nx.MultiDiGraph()
    G.graph["documents"] = {}
    for i, text in enumerate(pieces):
        add(G, f"d#p{i:02d}", text=text, by=None)
    found = nodes_of(svg_of(to_dot(G, view=View(legend=False))))
    for i, text in enumerate(pieces):
        # Graphviz turns two spaces into a space and a no-break space; clean() leaves none.
        assert tooltip(found[f"n{i}"]).splitlines()[0] == quoted(clean(text))


# ------------------------------------------------------------------ running dot


@needs_dot
def test_same_dot_gives_byte_identical_svg_and_png():
    source = to_dot(small_graph(), view=View(title="Twice"))
    assert run_dot(source, "svg") == run_dot(source, "svg")
    assert run_dot(source, "png") == run_dot(source, "png")


@needs_dot
def test_pdf_creation_date_is_fixed():
    pdf = run_dot(to_dot(small_graph()), "pdf")
    assert b"/CreationDate (D:19700101000000" in pdf


@needs_dot
def test_every_format_renders():
    source = to_dot(small_graph())
    starts = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}
    for fmt in FORMATS:
        assert run_dot(source, fmt).startswith(starts[fmt])


def test_missing_dot_raises_with_the_install_command(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(GraphvizMissingError, match="apt-get install graphviz"):
        run_dot("digraph { a }", "svg")


@needs_dot
def test_dot_failure_is_a_render_error():
    with pytest.raises(RenderError, match="Graphviz failed"):
        run_dot("digraph { a -> }", "svg")


def test_stamp_detects_changed_source_and_edited_file():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n'
    stamped = stamp_svg(svg, "digraph { a }")
    ET.fromstring(stamped)
    assert stamped.count(b"argmap-map") == 1
    assert stamp_svg(stamped, "digraph { a }") == stamped
    assert svg_staleness(stamped, "digraph { a }") is None
    assert "changed since" in svg_staleness(stamped, "digraph { b }")
    assert "changed after" in svg_staleness(stamped.replace(b"<g/>", b"<g></g>"), "digraph { a }")
    assert "no argmap stamp" in svg_staleness(svg, "digraph { a }")


# --- the argument model's constructs ------------------------------------------------------------


def _constructs_graph():
    from argmap.corpus.resolve import build_graph, load_corpus

    return build_graph(load_corpus(Path(__file__).parent / "fixtures" / "constructs"))


def test_constructs_dot_is_golden(golden):
    golden("render-constructs.dot", to_dot(_constructs_graph(), view=View(title="Every construct")))


def test_linked_premises_meet_at_one_junction_and_undercuts_end_on_it():
    dot = to_dot(_constructs_graph())
    junctions = re.findall(r"^\s*(j\d+) \[shape=point", dot, flags=re.MULTILINE)
    assert len(junctions) == 2  # the linked inference of fees, and the undercut attack of cost on the thesis
    into = {j: re.findall(rf"-> {j} \[([^\]]*)", dot) for j in junctions}
    styles = sorted(sorted("undercut" if "dotted" in s else "half" for s in found) for found in into.values())
    assert styles == [["half", "half", "undercut"], ["half", "undercut"]]


def test_answered_attack_is_drawn_once_as_answered_and_a_qualifier_as_a_note():
    dot = to_dot(_constructs_graph())
    assert dot.split("cluster_legend")[0].count('label="answered"') == 1
    assert "outweighs" not in re.sub(r"tooltip=\"[^\"]*\"", "", dot.split("cluster_legend")[0])
    assert re.search(r"shape=note[^\n]*unless the city stops", dot)


def test_legend_lists_only_the_constructs_drawn():
    from argmap.corpus.resolve import build_graph, load_corpus

    plain_graph = build_graph(load_corpus(Path(__file__).parent / "fixtures" / "clean"))
    assert "undercuts a step" not in to_dot(plain_graph)
    dot = to_dot(_constructs_graph())
    for entry in ("undercuts a step", "an objection answered", "a qualification", "an explanation", "meet at a dot"):
        assert entry in dot


def test_relation_filter_by_type_keeps_undercuts_apart_from_their_keys():
    dot = to_dot(_constructs_graph(), view=View(relations=frozenset({"supports", "attacks"})))
    assert "dotted penwidth=2.2" not in dot.split("cluster_legend")[0]
