"""Property tests: generated corpora that use every construct go out to an interchange format and come
back as the same structure (spans, inferences with their premises, attacks, undercuts, preferences,
qualifications, explanations)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from generated_corpus import corpora
from hypothesis import HealthCheck, given, settings

from argmap.check.rules import check_corpus
from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import Severity
from argmap.formats.aif import read_aif, read_json_map, to_aif, to_aif_json
from argmap.formats.argdown import read_argdown, to_argdown
from argmap.formats.imported import ImportedMap, split_documents
from argmap.formats.markdown import write_document
from argmap.formats.sadface import to_sadface_json
from argmap.source.parse import parse_document

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(texts: dict[str, str]):
    documents = [parse_document(text, f"{doc}.md") for doc, text in texts.items()]
    return load_corpus(Path("."), documents)


def structure(G: nx.MultiDiGraph, name: Callable[[str], str] = lambda key: key) -> dict[str, Any]:
    """What the argument model says, by node key (or by ``name`` of a key): nothing about positions."""
    edges: dict[str, set[tuple[str, ...]]] = {}
    for u, v, data in G.edges(data=True):
        kind = data["type"]
        if kind == "supports":
            continue
        item: tuple[Any, ...] = (name(u), name(v))
        if kind == "undercuts" and data["relation_type"] == "supports":  # a linked inference has many names
            premises = G.graph["inferences"][data["inference"]]["premises"]
            item = (name(u), "inference", tuple(sorted(name(p) for p in premises)), name(v))
        elif kind == "undercuts":
            item = (name(u), "attack", name(data["relation"].partition(">")[0]), name(v))
        edges.setdefault(kind, set()).add(item)
    inferences = {
        (name(info["conclusion"]), tuple(sorted(name(p) for p in info["premises"])))
        for info in G.graph["inferences"].values()
    }
    return {"nodes": sorted(name(n) for n in G.nodes), "inferences": inferences, **edges}


def reimport(imported: ImportedMap, fallback: str) -> nx.MultiDiGraph:
    """The documents an import writes (one per argmap document), parsed and built: they check without errors."""
    if len(imported.documents) > 1:
        parts = split_documents(imported, fallback)
    else:
        parts = [(next(iter(imported.documents), fallback), imported)]
    texts = {doc_id: write_document(part, doc_id, title="T", authors=["A"], date="2024").text for doc_id, part in parts}
    corpus = load(texts)
    errors = [d for d in check_corpus(corpus) if d.severity is Severity.ERROR]
    assert errors == [], texts
    return build_graph(corpus)


@SETTINGS
@given(corpora())
def test_aif_round_trips_every_construct(texts):
    G = build_graph(load(texts))
    imported = read_aif(to_aif_json(G), "map.json")
    assert imported.skipped == {
        "L nodes (locutions: their speaker becomes the claim's holder)": G.number_of_nodes(),
        "YA nodes (illocutionary anchors of the dialogue layer)": G.number_of_nodes(),
    }
    assert [d for d in imported.diagnostics if d.code in ("AM509", "AM510")] == []
    assert structure(reimport(imported, "a")) == structure(G)


@SETTINGS
@given(corpora())
def test_aif_nodes_alone_carry_all_but_qualifications_and_explanations(texts):
    """Without the ``argmap`` object (as another AIF tool writes it), by text: only qualifies and explains are gone."""
    G = build_graph(load(texts))
    data = to_aif(G)
    del data["argmap"]
    again = reimport(read_aif(json.dumps(data), "bare.json"), "bare")
    expected = structure(G, lambda key: G.nodes[key]["text"])
    for side in ("qualifies", "explains"):
        expected.pop(side, None)
    assert structure(again, lambda key: again.nodes[key]["text"]) == expected


@SETTINGS
@given(corpora())
def test_sadface_round_trips_every_construct(texts):
    G = build_graph(load(texts))
    imported = read_json_map(to_sadface_json(G), "map.json", "sadface")
    assert imported.skipped == {}
    assert [d for d in imported.diagnostics if d.code in ("AM509", "AM510")] == []
    assert structure(reimport(imported, "a")) == structure(G)


@SETTINGS
@given(corpora())
def test_argdown_round_trips_every_construct(texts):
    """Argdown carries supports, attacks, linked inferences and undercuts of inferences in its own syntax; the
    rest (undercuts of attacks, preferences, qualifications, explanations) as statement data that argmap reads."""
    G = build_graph(load(texts))
    imported = read_argdown(to_argdown(G), "map.argdown")
    assert [d for d in imported.diagnostics if d.code != "AM509"] == []  # AM509: the arguments' titles
    reconstructed = "arguments with a premise-conclusion structure (their title and description)"
    assert set(imported.skipped) <= {reconstructed, "headings (sections)"}
    imported.documents = {doc: {} for doc in G.graph["documents"]}
    for claim in imported.claims:
        claim.doc = claim.key.partition("#")[0]
    assert structure(reimport(imported, "a")) == structure(G)
