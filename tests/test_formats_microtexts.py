"""arg-microtexts (arggraph XML): every ADU a span on its exact words, every edge carried or counted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from interchange_support import plain_and_spans
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import ImportFailed
from argmap.formats.importing import ImportFormat, guess_format
from argmap.formats.markdown import write_document
from argmap.formats.microtexts import read_microtext
from argmap.source.parse import parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "microtexts"


def _read(name: str):
    path = FIXTURES / f"{name}.xml"
    return read_microtext(path.read_text(encoding="utf-8"), path.name)


def _graph(name: str):
    written = write_document(_read(name), name, authors=["A"], date="2020")
    doc = parse_document(written.text, f"{name}.md")
    corpus = load_corpus(Path("."), [doc])
    return build_graph(corpus), written


def test_every_edge_type_is_carried():
    G, written = _graph("trams")
    node = lambda local: f"trams#{local}"  # noqa: E731
    edges = {(u.partition("#")[2], v.partition("#")[2], d["type"]) for u, v, d in G.edges(data=True)}
    assert ("a1", "a10", "attacks") in edges  # reb
    assert ("a2", "a10", "undercuts") in edges  # und of the reb: an undercut of the attack
    assert G.edges[node("a2"), node("a10"), "undercuts:trams#a1>trams#a10"]["relation_type"] == "attacks"
    assert G.graph["inferences"]["trams#a3+trams#a4>trams#a10"]["premises"] == ["trams#a3", "trams#a4"]  # add
    assert ("a5", "a3", "supports") in edges  # exa: a support, tagged and named Example
    assert "example" in G.nodes[node("a5")]["tags"]
    assert G.graph["documents"]["trams"]["schemes"] == {"a5>a3": "Example"}
    assert ("a6", "a3", "undercuts") in edges  # und of the exa
    assert ("a9", "a5", "attacks") in edges  # added to a rebuttal: an attack of its own (AM510)
    assert not [e for e in edges if e[0] == "a7"]  # und of an und: not carried (AM509)
    assert written.by_type == {"supports": 3, "attacks": 3, "undercuts": 2, "linked inferences": 1}
    assert written.diagnostics == []
    imported = _read("trams")
    assert sorted((d.loc.line, d.code) for d in imported.diagnostics) == [(43, "AM509"), (45, "AM510")]
    assert imported.skipped == {"und edges aimed at an undercut (undercuts of an undercut)": 1}
    assert (imported.read["seg edges"], imported.read["joints"]) == (12, 1)


def test_text_is_kept_exactly_and_spans_sit_on_their_words():
    G, written = _graph("trams")
    plain, spans = plain_and_spans(written.text)
    edus = [
        "Of course a tram line costs a lot of money,",
        "and the works block the streets for two years.",
        "But the cost is borne by those who gain from it.",
    ]
    assert plain.startswith(" ".join(edus) + " Trams carry")
    start, end = spans["a1"]  # the joint: two EDUs, one span
    assert plain[start:end] == " ".join(edus[:2])
    assert G.nodes["trams#a1"]["tags"] == ["opponent"]
    assert G.nodes["trams#a10"]["kind"] == "claim"  # the central claim: no outgoing edge


def test_what_cannot_be_carried_is_reported_and_counted():
    imported = _read("bikes")
    found = sorted((d.loc.line, d.code) for d in imported.diagnostics)
    assert found == [
        (9, "AM510"),  # a1 of EDUs e1 and e5, not adjacent: marked on e1
        (13, "AM503"),  # ADU type 'con'
        (13, "AM506"),  # a5: no seg edge
        (14, "AM505"),  # a5 again
        (22, "AM503"),  # edge type 'support'
        (23, "AM504"),  # sup to a9, which does not exist
        (24, "AM504"),  # und aimed at c99, which does not exist
    ]
    assert imported.skipped["EDUs in no ADU (text kept, not marked)"] == 1
    assert imported.skipped["EDUs of an ADU not adjacent to its first (left unmarked, their text kept)"] == 1
    G, written = _graph("bikes")
    plain, _ = plain_and_spans(written.text)
    assert plain.endswith("That is why bike lanes make streets safer.\n\nThe city should paint bike lanes.\n")
    assert "implicit" in G.nodes["bikes#a4"]["tags"]  # the implicit EDU: a paragraph of its own after the text


@pytest.mark.parametrize(
    ("text", "code"),
    [("<arggraph><edu id='e1'>x</edu>", "AM501"), ("<?xml version='1.0'?><graph/>", "AM501")],
)
def test_unusable_input_fails(text, code):
    with pytest.raises(ImportFailed) as info:
        read_microtext(text, "bad.xml")
    assert [d.code for d in info.value.diagnostics] == [code]


def test_folder_imports_in_one_run(tmp_path):
    assert guess_format(FIXTURES / "trams.xml") is ImportFormat.MICROTEXTS
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["import", str(FIXTURES), "-o", str(out), "--author", "A", "--date", "2020"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bikes.md", "trams.md"]
    lines = result.stderr.splitlines()
    assert f"imported 2 of 2 files into {out.as_posix()}: 2 documents, 14 claims and 10 relations" in lines
    assert "  relations: 5 supports, 3 attacks, 2 undercuts; 1 linked inference" in lines
    assert CliRunner().invoke(app, ["check", str(out)]).exit_code == 0


@pytest.mark.skipif(not os.environ.get("ARGMAP_MICROTEXTS"), reason="set ARGMAP_MICROTEXTS to corpus folders")
def test_real_corpus_keeps_every_adu_and_edge(tmp_path):
    """ARGMAP_MICROTEXTS=DIR[:DIR...] (arg-microtexts' corpus/en, corpus/de, part 2, multilayer's corpus/arg):
    each folder in one run; every ADU is a span and every function edge is carried or counted."""
    import xml.etree.ElementTree as ET
    from collections import Counter

    for n, folder in enumerate(Path(p) for p in os.environ["ARGMAP_MICROTEXTS"].split(os.pathsep)):
        adus, expected = 0, Counter()
        for path in sorted(folder.glob("*.xml")):
            root = ET.parse(path).getroot()
            adus += len(root.findall("adu"))
            edges = {e.get("id"): e for e in root.findall("edge")}
            kind = {e.get("id"): e.get("type") for e in edges.values()}
            for e in edges.values():
                aimed = kind.get(e.get("trg"))
                if e.get("type") in ("sup", "exa") or (e.get("type") == "add" and aimed in ("sup", "exa")):
                    expected["supports"] += 1
                elif e.get("type") == "reb" or (e.get("type") == "add" and aimed == "reb"):
                    expected["attacks"] += 1
                elif (e.get("type") == "und" and aimed != "und") or (
                    e.get("type") == "add" and aimed == "und" and kind.get(edges[e.get("trg")].get("trg")) != "und"
                ):
                    expected["undercuts"] += 1
                elif e.get("type") != "seg":
                    expected["not carried"] += 1
        out = tmp_path / f"out{n}"
        args = ["import", str(folder), "-o", str(out), "-f", "microtexts", "--author", "A", "--date", "2015"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        G = build_graph(load_corpus(out))
        assert G.number_of_nodes() == adus
        kinds = Counter(d["type"] for *_, d in G.edges(data=True))
        assert dict(kinds) == {k: v for k, v in expected.items() if k != "not carried"}
        not_carried = f"{expected['not carried']}  und edges aimed at an undercut (undercuts of an undercut)"
        assert not_carried in [line.strip() for line in result.stderr.splitlines()]


def _arggraph(edus: list[str], adus: list[tuple[str, str]], edges: list[tuple[str, str, str]], joints=()) -> str:
    """A small arggraph: EDUs e1.. (ADU i on EDU i unless edges say otherwise), ADUs (id, pro/opp),
    edges (src, trg, type) numbered c1..; joints by id."""
    lines = ["<?xml version='1.0' encoding='UTF-8'?>", "<arggraph id='t'>"]
    lines += [f"  <edu id='e{n}'><![CDATA[{text}]]></edu>" for n, text in enumerate(edus, 1)]
    lines += [f"  <joint id='{j}'/>" for j in joints]
    lines += [f"  <adu id='{key}' type='{voice}'/>" for key, voice in adus]
    lines += [f"  <edge id='c{n}' src='{s}' trg='{t}' type='{k}'/>" for n, (s, t, k) in enumerate(edges, 1)]
    return "\n".join([*lines, "</arggraph>", ""])


def _graph_of(text: str):
    written = write_document(read_microtext(text, "t.xml"), "t", authors=["A"], date="2020")
    return build_graph(load_corpus(Path("."), [parse_document(written.text, "t.md")])), written


def test_an_undercut_of_an_undercut_is_no_second_central_claim():
    """Its edge is not carried (AM509), but the ADU keeps the side it takes: against the inference an
    undercut defends (a rebuttal), or for it (a premise); not a .claim, which would be a second thesis."""
    from argmap.analysis.queries import theses

    edus = ["Tea is good.", "It is warm.", "Warm is not good.", "It is cold in winter.", "Tea is dear."]
    edus += ["Cheap tea is fine.", "Cheap tea is rare.", "Every shop sells it."]
    adus = [("a1", "pro"), ("a2", "pro"), ("a3", "opp"), ("a4", "pro"), ("a5", "opp"), ("a6", "pro")]
    adus += [("a7", "opp"), ("a8", "pro")]
    edges = [(f"e{n}", f"a{n}", "seg") for n in range(1, 9)]
    edges += [("a2", "a1", "sup"), ("a3", "c9", "und"), ("a4", "c10", "und")]  # c9, c10, c11
    edges += [("a5", "a1", "reb"), ("a6", "c12", "und"), ("a7", "c13", "und"), ("a8", "c14", "und")]  # c12..c15
    G, written = _graph_of(_arggraph(edus, adus, edges))
    kinds = {G.nodes[n]["local_id"]: G.nodes[n]["kind"] for n in G.nodes}
    assert kinds == {
        "a1": "claim",
        "a2": "premise",
        "a3": "rebuttal",  # undercuts the support
        "a4": "premise",  # undercuts that undercut: for the support (AM509)
        "a5": "rebuttal",
        "a6": "premise",  # undercuts the attack
        "a7": "rebuttal",  # undercuts that undercut: for the attack (AM509)
        "a8": "premise",  # and the undercut of that (AM509)
    }
    assert theses(G, "t") == ["t#a1"]
    imported = read_microtext(_arggraph(edus, adus, edges), "t.xml")
    assert [d.code for d in imported.diagnostics] == ["AM509", "AM509", "AM509"]
    assert written.by_type == {"supports": 1, "attacks": 1, "undercuts": 2}


def test_nested_joints_are_walked_once(tmp_path):
    """A joint gathered twice into the next, forty deep, is read at once (it was 2**40 steps); a chain of
    sixty joints keeps its EDU (the walk used to stop at depth 50 and lose the text)."""
    import subprocess
    import sys

    deep = 40
    joints = [f"j{n}" for n in range(deep + 1)]
    edges = [("e1", "j0", "seg"), *[(f"j{n - 1}", f"j{n}", "seg") for n in range(1, deep + 1) for _ in "ab"]]
    edges += [(f"j{deep}", "a1", "seg"), ("e2", "a2", "seg"), ("a2", "a1", "sup")]
    fan = tmp_path / "fan.xml"
    fan.write_text(_arggraph(["Tea is good.", "It is warm."], [("a1", "pro"), ("a2", "pro")], edges, joints))
    out = tmp_path / "fan.md"
    args = [sys.executable, "-m", "argmap", "import", str(fan), "-f", "microtexts", "-o", str(out)]
    done = subprocess.run([*args, "--author", "A", "--date", "2020"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "[Tea is good.]{#a1 .claim" in out.read_text(encoding="utf-8")

    long = 60
    joints = [f"j{n}" for n in range(long + 1)]
    edges = [("e1", "j0", "seg"), *[(f"j{n - 1}", f"j{n}", "seg") for n in range(1, long + 1)]]
    edges += [(f"j{long}", "a1", "seg"), ("e2", "a2", "seg"), ("a2", "a1", "sup")]
    G, written = _graph_of(_arggraph(["Tea is good.", "It is warm."], [("a1", "pro"), ("a2", "pro")], edges, joints))
    assert G.nodes["t#a1"]["text"] == "Tea is good."
    assert written.by_type == {"supports": 1}


def test_an_adu_on_empty_edus_is_skipped_alone():
    """An empty EDU made an empty span, which the whole (one-line) text failed to parse back with:
    every ADU was dropped (AM511). Now that ADU alone has no text (AM506)."""
    text = _arggraph(
        ["Tea is good.", "", "It is warm."],
        [("a1", "pro"), ("a2", "opp"), ("a3", "pro")],
        [("e1", "a1", "seg"), ("e2", "a2", "seg"), ("e3", "a3", "seg"), ("a2", "a1", "reb"), ("a3", "a1", "sup")],
    )
    imported = read_microtext(text, "t.xml")
    assert [(d.loc.line, d.code) for d in imported.diagnostics] == [(7, "AM506")]
    assert imported.skipped == {"ADUs with no text": 1, "reb edges to or from a skipped ADU": 1}
    G, written = _graph_of(text)
    assert written.diagnostics == []
    assert sorted(G.nodes) == ["t#a1", "t#a3"]
    plain, spans = plain_and_spans(written.text)
    assert plain == "Tea is good.  It is warm.\n"  # the text is kept as it is
    assert plain[slice(*spans["a3"])] == "It is warm."
    assert written.by_type == {"supports": 1}


def test_a_backslash_before_a_bracket_costs_no_span():
    r"""The writer doubles a backslash before a bracket (argmap reads ``\[`` as an escaped bracket):
    the text gains one character there (AM510). The line then differed from the original, and every
    span of the one-line text was dropped (AM511); now the doubling is what the spans are checked against."""
    text = _arggraph(
        ["Fares \\[sic\\] must fall.", "Buses are full.", "Cars are worse."],
        [("a1", "pro"), ("a2", "pro"), ("a3", "opp")],
        [("e1", "a1", "seg"), ("e2", "a2", "seg"), ("e3", "a3", "seg"), ("a2", "a1", "sup"), ("a3", "a1", "reb")],
    )
    G, written = _graph_of(text)
    assert [d.code for d in written.diagnostics] == ["AM510", "AM510"]
    assert sorted(G.nodes) == ["t#a1", "t#a2", "t#a3"]
    assert G.nodes["t#a1"]["text"] == "Fares \\\\[sic\\\\] must fall."  # the one backslash more each, as reported
    assert written.by_type == {"supports": 1, "attacks": 1}
