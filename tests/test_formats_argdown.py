"""Argdown: export escapes for Argdown's lexer; import reads the statement/relation subset and reports the rest."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from interchange_support import corpora

from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import Severity
from argmap.formats.argdown import escape_text, plain_text, read_argdown, to_argdown
from argmap.formats.argdown_syntax import Argument, Inference, Statement, parse
from argmap.formats.imported import select_document
from argmap.formats.markdown import write_document
from argmap.source.parse import normalize_space, parse_document

#: Front matter the inputs here lack (argmap never invents it).
META = {"title": "T", "authors": ["A"], "date": "2026"}


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("U.S.A. :smile: .A. e.g.", "U.S.A. \\:smile: \\.A. e.g."),
        ("x // y /* z", "x \\// y \\/\\* z"),
        ("a === b == c", "a \\=\\=\\= b == c"),
        ("[t](u) <a> {b} #t *i* _u_ \\", "\\[t\\](u) \\<a> \\{b\\} \\#t \\*i\\* \\_u\\_ \\\\"),
        (".a\\b.", "\\.a\\\\b."),
    ],
)
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped
    assert plain_text(escaped) == text


@settings(max_examples=300, deadline=dt.timedelta(seconds=1))
@given(st.lists(st.sampled_from([*list("ab .:/*_=[]<>{}#@\\-+()!`'\"A"), "smile", "é"]), max_size=40).map("".join))
def test_escaped_text_reads_back(text):
    assert plain_text(escape_text(text)) == normalize_space(text)


@pytest.mark.parametrize("corpus", corpora(), ids=lambda p: p.name)
def test_round_trip_per_document(corpus):
    graph = build_graph(load_corpus(corpus))
    for doc_id in graph.graph["documents"]:
        original = select_document(graph, doc_id).graph
        imported = read_argdown(to_argdown(original), "x.argdown")
        assert imported.diagnostics == []
        written = write_document(imported, doc_id, **META)
        again = build_graph(load_corpus(Path("."), [parse_document(written.text, f"{doc_id}.md")]))
        strip = lambda g: {  # noqa: E731
            d["local_id"]: (d["kind"], d["text"], d["label"], d["by"], d["cite"], d["tags"])
            for _, d in g.nodes(data=True)
        }
        assert strip(again) == strip(original)
        rel = lambda g: {(g.nodes[u]["local_id"], g.nodes[v]["local_id"], k) for u, v, k in g.edges(keys=True)}  # noqa: E731
        assert rel(again) == rel(original)


def test_export_layout():
    graph = build_graph(load_corpus(corpora()[0]))
    text = to_argdown(graph)
    assert "[beta#sales]: Cities that banned cars saw sales rise. {" in text
    assert "    -> [alpha#shops]\n    +> [alpha#thesis]\n" in text
    assert text.count("\n# ") + text.startswith("# ") == len(graph.graph["documents"])


FIXTURES = Path(__file__).parent / "fixtures" / "argdown"


def _reference(data: dict) -> tuple[dict[str, str], list[tuple[str, str, str, str, str]], list[str]]:
    """What ``@argdown/cli`` 1.7.5 put in its JSON: statement texts (the canonical member), relations, arguments."""
    texts = {}
    for title, ec in data["statements"].items():
        canonical = None
        for member in reversed(ec["members"]):
            if not member.get("isReference"):
                if (member.get("data") or {}).get("isCanonical"):
                    canonical = member
                    break
                canonical = canonical or member
        texts[title] = normalize_space((canonical or {}).get("text") or "")
    relations = sorted((r["from"], r["fromType"], r["relationType"], r["to"], r["toType"]) for r in data["relations"])
    return texts, relations, list(data["arguments"])


def _reference_arguments(data: dict) -> dict[str, tuple[str, list[str], bool]]:
    """Each argument in ``@argdown/cli``'s JSON: (its description, the canonical member's text; its tags; has a pcs)."""
    found = {}
    for title, argument in data["arguments"].items():
        canonical = None
        for member in reversed(argument.get("members", [])):
            if not member.get("isReference"):
                if (member.get("data") or {}).get("isCanonical"):
                    canonical = member
                    break
                canonical = canonical or member
        text = normalize_space((canonical or {}).get("text") or "")
        found[title] = (text, argument.get("tags", []), bool(argument.get("pcs")))
    return found


def _reference_inferences(data: dict) -> dict[str, tuple[tuple[str, ...], str]]:
    """Each reconstructed argument's last inference, and every other, from ``@argdown/cli``'s ``pcs``:
    key (the argument's title for its last inference, else ``title/n``) -> (premises, conclusion)."""
    found: dict[str, tuple[tuple[str, ...], str]] = {}
    for title, argument in data["arguments"].items():
        premises: list[str] = []
        steps = [s for s in argument.get("pcs", []) if s["role"] != "premise"]
        for step in argument.get("pcs", []):
            if step["role"] == "premise":
                premises.append(step["title"])
                continue
            key = title if step is steps[-1] else f"{title}/{len(found)}"
            found[key] = (tuple(dict.fromkeys(p for p in premises if p != step["title"])), step["title"])
            premises = [step["title"]]
    return found


def _reference_pairs() -> list[tuple[Path, Path]]:
    """The fixtures, and Argdown's own example files with their JSON when ARGMAP_ARGDOWN_REFERENCE names a folder."""
    folders = [FIXTURES]
    extra = os.environ.get("ARGMAP_ARGDOWN_REFERENCE")
    if extra:
        folders.append(Path(extra))
    return [
        (p, p.with_suffix(".json"))
        for f in folders
        for p in sorted(f.glob("*.argdown"))
        if p.with_suffix(".json").exists()
    ]


@pytest.mark.parametrize(("source", "reference"), _reference_pairs(), ids=lambda p: p.name)
def test_model_equals_argdowns_own(source, reference):
    """The port of Argdown's lexer, grammar and model gives the statements and relations @argdown/cli gives."""
    texts, relations, arguments = _reference(json.loads(reference.read_text(encoding="utf-8")))
    model, lexed = parse(source.read_text(encoding="utf-8"), lambda s: yaml.safe_load(s))
    assert (model.problems, lexed.errors) == ([], [])
    kind = {Statement: "equivalence-class", Argument: "argument", Inference: "inference"}
    argument_of = {id(s.inference): a.title for a in model.arguments.values() for s in a.pcs if s.inference}
    name = lambda n: n.title if not isinstance(n, Inference) else argument_of[id(n)]  # noqa: E731
    mine = {
        t: normalize_space((s.canonical().text if s.canonical() else "") or "") for t, s in model.statements.items()
    }
    assert list(mine) == list(texts)
    assert mine == texts
    got = sorted(
        (name(r.source), kind[type(r.source)], r.type, name(r.target), kind[type(r.target)]) for r in model.relations
    )
    assert got == relations
    assert list(model.arguments) == arguments
    descriptions = {
        t: (normalize_space((a.canonical().text if a.canonical() else "") or ""), a.tags, bool(a.pcs))
        for t, a in model.arguments.items()
    }
    assert descriptions == _reference_arguments(json.loads(reference.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("source", "reference"), _reference_pairs(), ids=lambda p: p.name)
def test_import_carries_every_statement_and_statement_relation(source, reference):
    """Every statement, and every argument without a premise-conclusion structure (a sketched one), is a claim
    with Argdown's text (an argument's description); every support or attack between two of them is carried."""
    data = json.loads(reference.read_text(encoding="utf-8"))
    texts, relations, arguments = _reference(data)
    described = _reference_arguments(data)
    sketched = {t: (text, tags) for t, (text, tags, pcs) in described.items() if not pcs}
    assert not {f"<{t}>" for t in sketched} & set(texts)  # else the argument's key would be "<t> 2"
    imported = read_argdown(source.read_text(encoding="utf-8"), source.name)
    expected_claims = {t: text or t for t, text in texts.items()}
    expected_claims |= {f"<{t}>": text or t for t, (text, _) in sketched.items()}
    assert {c.key: c.text for c in imported.claims} == expected_claims
    for claim in imported.claims:
        if claim.key.startswith("<") and claim.key[1:-1] in sketched:
            assert claim.tags[0] == "argument"
            assert set(claim.tags) >= {t.replace(" ", "-") for t in sketched[claim.key[1:-1]][1]}
    carried = {"support": "supports", "entails": "supports", "attack": "attacks", "contrary": "attacks"}

    def key_of(title: str, kind: str) -> str | None:
        if kind == "equivalence-class":
            return title
        return f"<{title}>" if kind == "argument" and title in sketched else None

    statement_level = [r for r in relations if key_of(r[0], r[1]) is not None and key_of(r[3], r[4]) is not None]
    expected = [(key_of(r[0], r[1]), key_of(r[3], r[4]), carried[r[2]]) for r in statement_level if r[2] in carried]
    inferences = _reference_inferences(data)
    expected += [(p, conclusion, "supports") for premises, conclusion in inferences.values() for p in premises]
    undercuts = [r for r in relations if r[1] == "equivalence-class" and r[2:5:2] == ("undercut", "inference")]
    expected += [(r[0], inferences[r[3]][1], "undercuts") for r in undercuts]
    for title, statement in data["statements"].items():  # argmap's relations that Argdown keeps as data
        extra = statement.get("data") or {}
        expected += [
            (title, target, key) for key in ("outweighs", "qualifies", "explains") for target in extra.get(key, [])
        ]
        expected += [(title, target, "undercuts") for _, target in extra.get("undercuts", [])]
    assert sorted((r.source, r.target, str(r.type)) for r in imported.relations) == sorted(expected)
    linked = sorted((premises, conclusion) for premises, conclusion in inferences.values() if len(premises) > 1)
    assert sorted((i.premises, i.conclusion) for i in imported.inferences) == linked
    skipped = len(relations) - len(statement_level) + len([r for r in statement_level if r[2] not in carried])
    skipped -= len(undercuts)
    counted = sum(
        n
        for why, n in imported.skipped.items()
        if why.startswith(("relations to or from", "undercuts", "contradictions"))
    )
    assert counted == skipped
    assert imported.read["statements"] == len(texts)
    assert imported.read["arguments"] == len(arguments)
    reconstructed = "arguments with a premise-conclusion structure (their title and description)"
    assert imported.skipped[reconstructed] == len(arguments) - len(sketched)


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("rejected-*.argdown")), ids=lambda p: p.name)
def test_what_argdown_rejects_is_a_finding(source):
    """@argdown/cli 1.7.5 refuses to export these (syntax errors): argmap reports them too, and reads the rest."""
    model, lexed = parse(source.read_text(encoding="utf-8"), lambda s: yaml.safe_load(s))
    assert model.problems or lexed.errors
    imported = read_argdown(source.read_text(encoding="utf-8"), source.name)
    assert any(d.code == "AM502" for d in imported.diagnostics)


def test_import_constructs():
    imported = read_argdown((FIXTURES / "constructs.argdown").read_text(encoding="utf-8"), "constructs.argdown")
    claims = {c.key: c for c in imported.claims}
    assert imported.meta == {
        "title": "Closing the centre to cars (a test of every construct argmap reads)",
        "authors": ["argmap developers"],
        "date": "2026-01-15",
    }
    assert claims["Air"].cite == "https://example.org/air//2023"
    assert claims["Air"].text.endswith("as the 2023 air report shows.")
    assert (claims["Shops"].label, claims["Shops"].by) == ("Shops need cars", "Shopkeepers' Association")
    assert claims["Close"].tags == ("policy",)
    assert str(claims["Study"].kind) == "premise"
    assert [(i.premises, i.conclusion, i.scheme) for i in imported.inferences] == [
        (("Air", "Asthma", "Untitled 4"), "Protect", "Modus ponens"),
        (("Fees", "No fees"), "Repairs", "Modus ponens, Hypothetical syllogism"),
    ]
    found = sorted((d.loc.line, d.code, d.message) for d in imported.diagnostics)
    assert (
        30,
        "AM510",
        "[Shops] is defined with 2 different texts: the last definition's is used, as Argdown does",
    ) in found
    assert not any(d.code == "AM510" and "Air" in d.message for d in imported.diagnostics)  # the same text twice
    assert [line for line, code, _ in found if code == "AM509"] == [25, 32, 50, 62]
    assert "inferences of premise-conclusion structures" not in imported.skipped  # carried: linked inferences
    assert imported.skipped["headings (sections)"] == 1
    written = write_document(imported, "cars", **META)
    doc = parse_document(written.text, "cars.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []


def test_syntax_errors_are_findings_and_reading_goes_on():
    text = "===\ntitle: T\n===\n[A]: no empty line after the front matter\n\n[B]: b\n+ [C]: not indented\n\n[D]: d \\"
    imported = read_argdown(text, "bad.argdown")
    found = sorted((d.loc.line, d.loc.col, d.code) for d in imported.diagnostics)
    assert found == [(4, 1, "AM502"), (7, 1, "AM502"), (9, 8, "AM502")]
    assert [c.key for c in imported.claims] == ["A", "B", "D"]


def test_data_that_yaml_cannot_read_is_reported_not_raised():
    deep = "{a: " * 1000 + "1" + "}" * 1000
    text = (
        f"[A]: deep {deep}\n\n"
        "[B]: bad date {label: 2019-02-30}\n\n"
        f"[C]: long number {{label: {'1' * 5000}}}\n\n"
        '[D]: lone surrogate {label: "x\\ud800", tags: ["\\udc01", 7]}\n'
    )
    imported = read_argdown(text, "bad.argdown")
    found = [(d.loc.line, d.code, d.message.split(":")[0]) for d in imported.diagnostics]
    assert found == [
        (1, "AM502", "data after a statement is nested too deeply"),
        (3, "AM502", "data after a statement holds a value that cannot be read (day is out of range for month)"),
        (
            5,
            "AM502",
            "data after a statement holds a value that cannot be read (Exceeds the limit (4300 digits) for "
            "integer string conversion)",
        ),
        (7, "AM510", "data after a statement holds one"),
    ]
    d = imported.claims[-1]
    assert (d.label, d.tags) == ("x\ufffd", ("\ufffd", "7"))
    written = write_document(imported, "bad", **META)
    assert [x for x in parse_document(written.text, "bad.md").diagnostics if x.severity is Severity.ERROR] == []


def test_front_matter_yaml_that_cannot_be_read_is_no_title():
    imported = read_argdown("===\ntitle: T\ndate: 2019-02-30\n===\n\n[A]: x\n", "fm.argdown")
    assert "title" not in imported.meta
    imported = read_argdown('===\ntitle: "T\\ud800"\n===\n\n[A]: x\n', "fm.argdown")
    assert imported.meta["title"] == "T\ufffd"
    assert [(d.loc.line, d.code) for d in imported.diagnostics] == [(1, "AM510")]


def test_data_values_that_are_not_text_are_not_stringified():
    # YAML aliases make a list of 10**6 items from a few lines: str() of it must not become a label
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 6)]
    imported = read_argdown("[A]: x {" + ", ".join(levels) + ", label: *a5, kind: *a5, by: {x: 1}}\n", "alias.argdown")
    (claim,) = imported.claims
    assert (claim.label, claim.by, str(claim.kind)) == (None, None, "claim")


def test_import_sketched_arguments():
    """An argument without a premise-conclusion structure is a span ``<title>``; its supports, attacks are carried."""
    source = FIXTURES / "sketched.argdown"
    imported = read_argdown(source.read_text(encoding="utf-8"), source.name)
    claims = {c.key: c for c in imported.claims}
    statements = ["Close", "Wind", "Shops", "Open", "Study", "Never", "Asthma", "Untitled 1", "Protect"]
    assert list(claims) == [*statements, "<Air>", "<Shops>", "<Trams>", "<Budget>", "<Delivery>"]
    air = claims["<Air>"]
    # the last description, with its data; #tags of every description; "argument" first
    assert (air.text, air.label, air.by, air.cite) == (
        "Cleaner air means fewer asthma attacks.",
        "Air quality",
        "Health Office",
        "https://example.org/air",
    )
    assert air.tags == ("argument", "health", "city-life")
    assert (str(air.kind), air.loc.line) == ("premise", 9)
    shops = claims["<Shops>"]  # the title of a statement too: the keys differ
    assert (shops.text, shops.label, str(shops.kind)) == (
        "Closing the centre would ruin the shops.",
        "Shops",
        "rebuttal",
    )
    assert claims["Shops"].text == "Shops need customers who come by car."
    for untold in ("<Budget>", "<Delivery>"):  # no description: the title is the text
        title = untold[1:-1]
        assert (claims[untold].text, claims[untold].label, claims[untold].tags) == (title, title, ("argument",))
    assert "<Health>" not in claims  # a premise-conclusion structure: its inferences are carried, not the argument
    relations = sorted((r.source, str(r.type), r.target) for r in imported.relations)
    assert relations == sorted(
        [
            ("<Air>", "supports", "Close"),  # argument -> statement
            ("Wind", "attacks", "<Air>"),  # statement -> argument
            ("Shops", "attacks", "<Air>"),
            ("<Shops>", "attacks", "Close"),
            ("<Trams>", "attacks", "<Shops>"),  # argument -> argument
            ("Study", "supports", "<Trams>"),
            ("<Budget>", "attacks", "<Trams>"),
            ("<Delivery>", "attacks", "Close"),
            ("Protect", "supports", "Close"),  # <Health>'s, moved to its conclusion by Argdown
            ("Protect", "supports", "<Trams>"),
            ("<Budget>", "attacks", "Protect"),
            ("Asthma", "supports", "Protect"),
            ("Untitled 1", "supports", "Protect"),
        ]
    )
    assert imported.skipped == {
        "arguments with a premise-conclusion structure (their title and description)": 1,
        "relations to or from an argument with a premise-conclusion structure (attack)": 1,  # <Budget> -> <Health>
        "undercuts (_> and <_) not of a reconstructed argument's inference": 2,  # at <Trams>, from <Budget>
        "contradictions (><)": 1,
        "data key 'rank' of an argument (argmap reads kind, label, by, cite, tags)": 1,
    }
    found = sorted((d.loc.line, d.code, d.message) for d in imported.diagnostics)
    assert [(line, code) for line, code, _ in found] == [
        (13, "AM510"),  # two descriptions of <Air>
        (17, "AM509"),  # contradiction
        (25, "AM510"),  # <Budget> has no description
        (28, "AM509"),  # undercut from <Budget>
        (30, "AM510"),  # <Delivery> has no description
        (34, "AM509"),  # undercut of <Trams>
        (36, "AM509"),  # <Health>
    ]
    written = write_document(imported, "sketched", **META)
    doc = parse_document(written.text, "sketched.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []
    assert written.claims == len(claims)
    assert written.relations == len(imported.relations)
    graph = build_graph(load_corpus(Path("."), [doc]))
    local = {c.key: graph.nodes[n]["local_id"] for c, n in zip(imported.claims, graph.nodes, strict=True)}
    assert (local["Shops"], local["<Shops>"]) == ("Shops", "Shops-2")
    edges = {(graph.nodes[u]["local_id"], d["type"], graph.nodes[v]["local_id"]) for u, v, d in graph.edges(data=True)}
    assert {(local[s], t, local[d]) for s, t, d in relations} <= {(s, str(t), d) for s, t, d in edges}


def test_sketched_argument_keys_never_meet_statement_titles():
    text = "[<A>]: A statement titled like an argument.\n\n<A>: An argument.\n  -> [<A>]\n"
    imported = read_argdown(text, "clash.argdown")
    assert [(c.key, c.text) for c in imported.claims] == [
        ("<A>", "A statement titled like an argument."),
        ("<A> 2", "An argument."),
    ]
    assert [(r.source, r.target) for r in imported.relations] == [("<A> 2", "<A>")]
    written = write_document(imported, "clash", **META)
    assert [d for d in parse_document(written.text, "clash.md").diagnostics if d.severity is Severity.ERROR] == []


def test_sketched_arguments_in_strict_mode():
    """Strict mode makes supports and attacks between statements entailments and contraries; an argument's stay."""
    text = "===\nmodel:\n  mode: strict\n===\n\n[S]: s\n  + <A>: a\n  - [T]: t\n"
    model, _ = parse(text, lambda s: yaml.safe_load(s))
    assert sorted(r.type for r in model.relations) == ["contrary", "support"]
    imported = read_argdown(text, "strict.argdown")
    assert sorted((r.source, str(r.type), r.target) for r in imported.relations) == [
        ("<A>", "supports", "S"),
        ("T", "attacks", "S"),
    ]
