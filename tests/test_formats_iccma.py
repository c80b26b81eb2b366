"""ICCMA'23 .af, ASPARTIX .apx and TGF: the writers, the .af reader, and a cross-check against pygarg."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from interchange_support import FIXTURE_CORPUS

from argmap.analysis.abstract import Framework, Label, Semantics, extensions, grounded
from argmap.corpus.resolve import build_graph, load_corpus
from argmap.errors import ImportFailed
from argmap.formats.iccma import (
    attack_framework,
    read_apx,
    read_framework_text,
    read_iccma,
    read_tgf,
    to_apx,
    to_iccma,
    to_tgf,
)

AF = Framework.from_pairs(["a#x", "b#y", "c#z"], [("a#x", "b#y"), ("b#y", "a#x"), ("b#y", "c#z")])


def test_writers_keep_an_id_map():
    assert to_iccma(AF) == "p af 3\n# 1 a#x\n# 2 b#y\n# 3 c#z\n1 2\n2 1\n2 3\n"
    assert to_apx(AF) == (
        "% a1 a#x\n% a2 b#y\n% a3 c#z\narg(a1).\narg(a2).\narg(a3).\natt(a1,a2).\natt(a2,a1).\natt(a2,a3).\n"
    )
    assert to_tgf(AF) == "1 a#x\n2 b#y\n3 c#z\n#\n1 2\n2 1\n2 3\n"


def test_reader_gives_back_the_framework_with_its_names():
    again = read_iccma(to_iccma(AF), "x.af")
    assert again.diagnostics == []
    assert again.framework() == AF
    plain = read_iccma("p af 2\n1 2\n", "y.af")
    assert (plain.arguments, plain.attacks) == (["1", "2"], [("1", "2")])
    # ordinary comments are no id map: it must name every argument, each differently
    commented = read_iccma("p af 3\n# 3 arguments follow\n# 1 first\n1 2\n", "c.af")
    assert (commented.arguments, commented.attacks) == (["1", "2", "3"], [("1", "2")])
    clashing = read_iccma("p af 2\n# 1 same\n# 2 same\n1 2\n", "s.af")
    assert clashing.arguments == ["1", "2"]


def test_reader_reports_malformed_lines_with_their_position():
    text = "# a comment\n1 2\np af 2\n1 3\n1 2\n1 2\nx y\np af 3\n"
    read = read_iccma(text, "bad.af")
    assert [(d.loc.line, d.loc.col, d.code) for d in read.diagnostics] == [
        (2, 1, "AM502"),  # an attack before the header
        (4, 3, "AM504"),  # 3 is not an argument
        (6, 1, "AM513"),  # the same attack again
        (7, 1, "AM502"),  # not an attack
        (8, 1, "AM505"),  # a second header
    ]
    assert read.attacks == [("1", "2")]
    with pytest.raises(ImportFailed):
        read_iccma("1 2\n", "none.af")


def test_the_exported_framework_is_the_one_eval_decides_on():
    from argmap.analysis import Framework as ModelFramework
    from argmap.analysis.dung import translate

    graph = build_graph(load_corpus(FIXTURE_CORPUS))
    af = attack_framework(graph)
    assert af == translate(ModelFramework.from_graph(graph, "document"))
    assert {a for a in af.arguments if a.startswith("node:")} == {f"node:{n}" for n in graph}
    again = read_iccma(to_iccma(af), "c.af").framework()
    assert again.arguments == af.arguments
    assert [(a.attacker, a.target) for a in again.attacks] == [(a.attacker, a.target) for a in af.attacks]


def _random_frameworks(count: int, seed: int = 19) -> list[Framework]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.randint(1, 9)
        names = [f"d#a{i}" for i in range(n)]
        density = rng.choice([0.1, 0.2, 0.35, 0.5])
        pairs = [(a, b) for a in names for b in names if rng.random() < density]
        out.append(Framework.from_pairs(names, pairs))
    return out


@pytest.mark.parametrize("af", _random_frameworks(120), ids=lambda af: f"{len(af.arguments)}args-{len(af.attacks)}atts")
def test_grounded_preferred_and_stable_agree_with_pygarg(af, tmp_path: Path):
    """argmap's Dung code against an independent SAT-based solver, reading the files argmap writes."""
    solver = pytest.importorskip("pygarg.dung.solver")
    dimacs = pytest.importorskip("pygarg.dung.dimacs_parser")
    apx = pytest.importorskip("pygarg.dung.apx_parser")
    (tmp_path / "f.af").write_text(to_iccma(af), encoding="utf-8")
    # pygarg's .apx reader takes no comment lines (ASPARTIX, an ASP program, does): the id map is left out here
    apx_body = "".join(line for line in to_apx(af).splitlines(keepends=True) if not line.startswith("%"))
    (tmp_path / "f.apx").write_text(apx_body, encoding="utf-8")
    args, atts = dimacs.parse(str(tmp_path / "f.af"))
    apx_args, apx_atts = apx.parse(str(tmp_path / "f.apx"))
    assert sorted(apx_atts) == sorted([f"a{i}", f"a{j}"] for i, j in atts)
    assert len(apx_args) == len(args)
    name = {str(i): arg for i, arg in enumerate(af.arguments, 1)}

    def theirs(semantics: str) -> set[frozenset[str]]:
        return {frozenset(name[x] for x in ext) for ext in solver.extension_enumeration(args, atts, semantics)}

    labelling = grounded(af)
    assert theirs("GR") == {frozenset(labelling.labelled(Label.IN))}
    for semantics, code in ((Semantics.PREFERRED, "PR"), (Semantics.STABLE, "ST")):
        ours = {frozenset(ext) for ext in extensions(af, semantics).extensions}
        assert ours == theirs(code), semantics


@pytest.mark.parametrize("af", [AF, *_random_frameworks(60, seed=23)], ids=lambda af: f"{len(af.arguments)}args")
def test_apx_and_tgf_readers_give_back_what_the_writers_wrote(af):
    for text, path in ((to_apx(af), "x.apx"), (to_tgf(af), "x.tgf"), (to_iccma(af), "x.af")):
        read = read_framework_text(text, path)
        assert read.diagnostics == []
        assert read.framework() == af, path


def test_apx_and_tgf_files_without_an_id_map_are_named_by_their_ids():
    apx = read_apx("arg(x).\narg( y ). arg(z).\natt(x,y). att(y , z).\n% not an id map\n", "p.apx")
    assert (apx.arguments, apx.attacks, apx.diagnostics) == (["x", "y", "z"], [("x", "y"), ("y", "z")], [])
    tgf = read_tgf("1\n2 two\n3\n#\n1 2\n2 3 an edge label\n", "p.tgf")  # one label only: ids
    assert (tgf.arguments, tgf.attacks) == (["1", "2", "3"], [("1", "2"), ("2", "3")])
    clash = read_tgf("1 same\n2 same\n#\n1 2\n", "c.tgf")  # labels that clash are no id map
    assert clash.arguments == ["1", "2"]


def test_apx_and_tgf_readers_report_malformed_lines_with_their_position():
    apx = read_apx("arg(a).\n  arg(a). att(a,b).\natt(a,a).\natt(a,a).\nnonsense\n", "bad.apx")
    assert sorted((d.loc.line, d.loc.col, d.code) for d in apx.diagnostics) == [
        (2, 3, "AM505"),  # a declared again
        (2, 11, "AM504"),  # b is not declared
        (4, 1, "AM513"),  # the same attack again
        (5, 1, "AM502"),  # not a fact
    ]
    assert apx.attacks == [("a", "a")]
    tgf = read_tgf("1\n1\n#\n1 9\n1\n1 1\n#\n", "bad.tgf")
    found = sorted((d.loc.line, d.code) for d in tgf.diagnostics)
    assert found == [(2, "AM505"), (4, "AM504"), (5, "AM502"), (7, "AM505")]
    assert tgf.attacks == [("1", "1")]
    with pytest.raises(ImportFailed):
        read_apx("% only a comment\njunk\n", "none.apx")
    with pytest.raises(ImportFailed):
        read_tgf("#\n1 2\n", "none.tgf")


def test_apx_findings_point_at_their_own_fact_and_a_few_names_are_no_id_map():
    read = read_apx("arg(a). arg(a).\n  arg(b).att(a,b). x.\n", "t.apx")
    assert sorted((d.loc.line, d.loc.col, d.code) for d in read.diagnostics) == [(1, 9, "AM505"), (2, 20, "AM502")]
    assert read_apx("% a1 first\narg(a1).\narg(a2).\n", "p.apx").arguments == ["a1", "a2"]
