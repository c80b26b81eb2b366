"""SADFace: linked schemes are linked inferences, conflicts aimed at schemes undercuts; findings say SADFace."""

from __future__ import annotations

import json

from argmap.formats.aif import read_json_map
from argmap.model import RelationType


def _atom(n: int, text: str) -> dict:
    return {"id": f"a{n}", "type": "atom", "text": text, "sources": [], "metadata": {}}


def _scheme(n: int, name: str) -> dict:
    return {"id": f"s{n}", "type": "scheme", "name": name, "metadata": {}}


def _document(nodes: list[dict], edges: list[tuple[str, str]]) -> str:
    return json.dumps(
        {
            "metadata": {"core": {"title": "Trams", "version": "0.2"}},
            "resources": [],
            "nodes": nodes,
            "edges": [{"id": f"e{i}", "source_id": s, "target_id": t} for i, (s, t) in enumerate(edges, 1)],
        },
        indent=1,
    )


def test_linked_schemes_undercuts_and_preferences():
    nodes = [
        _atom(1, "The city should build the tram"),
        _atom(2, "Fees fall only if traffic falls"),
        _atom(3, "Traffic will fall"),
        _atom(4, "Traffic never falls"),
        _atom(5, "It costs too much"),
        _atom(6, "The cost is borne by those who gain"),
        _atom(7, "There is no viable alternative"),
        _atom(8, "Some may dream of alternatives"),
        _scheme(1, "Argument From Consequences"),
        _scheme(2, "conflict"),
        _scheme(3, "conflict"),
        _scheme(4, "conflict"),
        _scheme(5, "conflict"),
        _scheme(6, "support"),
        _scheme(7, "preference"),
        _scheme(8, "rephrase"),
    ]
    edges = [
        ("a2", "s1"), ("a3", "s1"), ("s1", "a1"),  # linked: one scheme, two premises
        ("a4", "s2"), ("s2", "s1"),  # a conflict aimed at the inference: an undercut of it
        ("a5", "s3"), ("s3", "a1"),  # an attack
        ("a6", "s4"), ("s4", "s3"),  # a conflict aimed at the attack: an undercut of it
        ("a8", "s5"), ("s5", "a7"), ("a7", "s6"), ("s6", "a1"),
        ("a7", "s7"), ("s7", "a8"),  # a preference: a7 over a8, which attacks it
        ("a1", "s8"), ("s8", "a3"),  # a rephrase
    ]  # fmt: skip
    imported = read_json_map(_document(nodes, edges), "trams.json")
    relations = {(r.source, r.target, r.type, r.of) for r in imported.relations}
    assert relations == {
        ("a2", "a1", RelationType.SUPPORTS, None),
        ("a3", "a1", RelationType.SUPPORTS, None),
        ("a4", "a1", RelationType.UNDERCUTS, "a2"),
        ("a5", "a1", RelationType.ATTACKS, None),
        ("a6", "a1", RelationType.UNDERCUTS, "a5"),
        ("a8", "a7", RelationType.ATTACKS, None),
        ("a7", "a1", RelationType.SUPPORTS, None),
        ("a7", "a8", RelationType.OUTWEIGHS, None),
    }
    assert [(i.premises, i.conclusion, i.scheme) for i in imported.inferences] == [
        (("a2", "a3"), "a1", "Argument From Consequences")
    ]
    (finding,) = imported.diagnostics
    assert finding.code == "AM509"
    assert finding.message == "SADFace scheme s8 (rephrase) is a rephrase: argmap has none; not carried"
    assert imported.skipped == {"SADFace rephrase schemes": 1}


def test_findings_name_sadface_nodes():
    nodes = [_atom(1, "A claim"), _atom(2, "Another"), _scheme(1, "support"), _scheme(2, "conflict")]
    edges = [("a1", "s1"), ("a2", "s2"), ("s2", "s2")]
    imported = read_json_map(_document(nodes, edges), "odd.json")
    messages = sorted(d.message for d in imported.diagnostics)
    assert messages == [
        "SADFace scheme s1 (support) has no conclusion (claim): not carried",
        "SADFace scheme s2 (conflict) undercuts SADFace scheme s2 (conflict), itself an undercut: argmap undercuts "
        "supports and attacks only; not carried",
    ]
    assert imported.skipped == {"SADFace support schemes with no conclusion": 1, "undercuts of an undercut": 1}
