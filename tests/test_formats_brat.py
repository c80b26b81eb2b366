"""brat: messy annotations are reported with .ann positions; text and offsets are kept exactly."""

from __future__ import annotations

from interchange_support import INTERCHANGE, plain_and_spans

from argmap.errors import Severity
from argmap.formats.brat import read_brat
from argmap.formats.markdown import write_document
from argmap.source.parse import parse_document

#: Front matter the inputs here lack (argmap never invents it).
META = {"title": "T", "authors": ["A"], "date": "2026"}


def _essay():
    ann = (INTERCHANGE / "essay.ann").read_text(encoding="utf-8")
    txt = (INTERCHANGE / "essay.txt").read_text(encoding="utf-8")
    return read_brat(ann, txt, "essay.ann", "essay.txt"), txt


def test_malformed_annotations_are_reported_at_their_ann_line():
    imported, _ = _essay()
    found = sorted((d.loc.line, d.loc.col, d.code) for d in imported.diagnostics)
    assert found == [
        (5, 1, "AM507"),  # T5 overlaps T2 without nesting
        (6, 12, "AM506"),  # offsets past the end of the text
        (7, 4, "AM503"),  # unknown entity type
        (8, 1, "AM502"),  # spaces instead of tabs
        (9, 1, "AM505"),  # T2 used twice
        (10, 10, "AM506"),  # discontinuous
        (11, 19, "AM508"),  # quoted text differs
        (14, 4, "AM504"),  # relation to T42
        (15, 4, "AM503"),  # unknown relation type
        (17, 13, "AM502"),  # argument without a role
        (19, 14, "AM503"),  # unknown stance value
        (20, 4, "AM503"),  # unknown attribute
        (22, 1, "AM509"),  # event
        (23, 1, "AM502"),  # unknown id prefix
    ]
    overlap = next(d for d in imported.diagnostics if d.code == "AM507")
    assert "'T5' (130-162) overlaps 'T2' (118-153, line 2)" in overlap.message


def test_claims_relations_and_stance():
    imported, _txt = _essay()
    kinds = {c.key: (str(c.kind), c.tags) for c in imported.claims}
    assert kinds == {
        "T10": ("premise", ()),
        "T1": ("claim", ("MajorClaim",)),
        "T2": ("premise", ()),
        "T3": ("rebuttal", ("Premise",)),  # a premise that attacks
        "T4": ("claim", ("stance-for",)),
    }
    relations = {(r.source, r.target, str(r.type), r.via) for r in imported.relations}
    assert relations == {
        ("T2", "T1", "supports", None),
        ("T3", "T1", "attacks", None),
        ("T4", "T1", "supports", "stance"),  # made from the stance, marked
    }
    assert imported.skipped["relations to or from a skipped entity"] == 1  # R5 from the overlapping T5
    assert imported.title_hint == "Should students be taught to compete or to cooperate?"


def test_stance_relations_can_be_left_out_and_the_stance_is_still_a_tag():
    ann = (INTERCHANGE / "essay.ann").read_text(encoding="utf-8")
    imported = read_brat(ann, _essay()[1], "essay.ann", "essay.txt", stance_relations=False)
    assert all(r.via is None for r in imported.relations)
    assert ("T4", ("stance-for",)) in [(c.key, c.tags) for c in imported.claims]
    (why,) = [k for k in imported.skipped if k.startswith("relations from stances")]
    assert imported.skipped[why] == 1


def test_produced_document_keeps_text_and_offsets_and_checks_clean():
    imported, txt = _essay()
    result = write_document(imported, "essay", **META)
    plain, spans = plain_and_spans(result.text)
    assert plain == txt
    for claim in imported.claims:
        assert spans[claim.key] == (claim.start, claim.end)
    doc = parse_document(result.text, "essay.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []
    assert {s.local_id for s in doc.spans} == {"T1", "T2", "T3", "T4", "T10"}


def test_nested_and_identical_spans_are_both_carried():
    txt = "Alpha beta gamma."
    ann = (
        "T1\tClaim 0 16\tAlpha beta gamma\nT2\tPremise 6 10\tbeta\nT3\tPremise 6 "
        "10\tbeta\nR1\tsupports Arg1:T2 Arg2:T1\n"
    )
    result = write_document(read_brat(ann, txt, "a.ann", "a.txt"), "n", **META)
    plain, spans = plain_and_spans(result.text)
    assert plain == txt
    assert spans == {"T1": (0, 16), "T2": (6, 10), "T3": (6, 10)}


def test_crlf_text_is_kept():
    txt = "One claim.\r\nAnother claim.\r\n"
    ann = "T1\tClaim 0 9\tOne claim\nT2\tPremise 12 25\tAnother claim\nR1\tsupports Arg1:T2 Arg2:T1\n"
    result = write_document(read_brat(ann, txt, "a.ann", "a.txt"), "crlf", **META)
    plain, spans = plain_and_spans(result.text)
    assert plain == txt
    assert spans == {"T1": (0, 9), "T2": (12, 25)}


def test_offsets_longer_than_python_converts_are_out_of_range():
    txt = "One claim here."
    ann = f"T1\tClaim 0 {'9' * 5000}\tOne claim here.\nT2\tClaim 00000 0003\tOne\n"
    imported = read_brat(ann, txt, "big.ann", "big.txt")
    assert [(d.loc.line, d.loc.col, d.code) for d in imported.diagnostics] == [(1, 10, "AM506")]
    assert [(c.start, c.end) for c in imported.claims] == [(0, 3)]


def test_abstrct_relation_types_are_read_and_a_partial_attack_keeps_its_name():
    # AbstRCT (Mayer et al. 2020) writes Support, Attack and Partial-Attack; our own text of that shape
    txt = "Drug A lowered pain. Pain fell in 60% of patients. Nausea rose in some. It was mild."
    ann = (
        "T1\tMajorClaim 0 20\tDrug A lowered pain.\n"
        "T2\tPremise 21 50\tPain fell in 60% of patients.\n"
        "T3\tPremise 51 71\tNausea rose in some.\n"
        "T4\tPremise 72 84\tIt was mild.\n"
        "R1\tSupport Arg1:T2 Arg2:T1\n"
        "R2\tPartial-Attack Arg1:T3 Arg2:T1\n"
        "R3\tAttack Arg1:T4 Arg2:T3\n"
    )
    imported = read_brat(ann, txt, "a.ann", "a.txt")
    assert imported.diagnostics == []
    relations = {(r.source, r.target, str(r.type), r.scheme) for r in imported.relations}
    assert relations == {
        ("T2", "T1", "supports", None),
        ("T3", "T1", "attacks", "Partial-Attack"),
        ("T4", "T3", "attacks", None),
    }
    result = write_document(imported, "abstract", **META)
    doc = parse_document(result.text, "abstract.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []
    assert doc.meta["schemes"] == {"T3>T1": "Partial-Attack"}
    plain, _ = plain_and_spans(result.text)
    assert plain == txt


def test_an_unknown_relation_type_names_the_types_read():
    ann = "T1\tClaim 0 5\tAlpha\nT2\tPremise 6 10\tbeta\nR1\tRebuts Arg1:T2 Arg2:T1\n"
    imported = read_brat(ann, "Alpha beta", "a.ann", "a.txt")
    (finding,) = imported.diagnostics
    assert finding.code == "AM503"
    assert "expected supports or attacks (or AbstRCT's Support, Attack, Partial-Attack)" in finding.message
    assert imported.relations == []


def test_a_backslash_before_a_bracket_keeps_the_spans_of_its_line():
    txt = "Alpha \\[beta\\] gamma. Delta epsilon."
    ann = "T1\tClaim 0 21\tAlpha \\[beta\\] gamma.\nT2\tPremise 22 36\tDelta epsilon.\nR1\tsupports Arg1:T2 Arg2:T1\n"
    imported = read_brat(ann, txt, "e.ann", "e.txt")
    result = write_document(imported, "e", **META)
    assert [(d.loc.col, d.code) for d in result.diagnostics] == [(7, "AM510"), (13, "AM510")]
    doc = parse_document(result.text, "e.md")
    assert [d for d in doc.diagnostics if d.severity is Severity.ERROR] == []
    assert {s.local_id: s.text for s in doc.spans} == {"T1": "Alpha \\\\[beta\\\\] gamma.", "T2": "Delta epsilon."}
    assert [(r.source, r.target) for r in doc.relations] == [("T2", "T1")]
