"""Output formats of `argmap check`: JSON round-trips, SARIF 2.1.0 structure, GitHub escaping."""

from __future__ import annotations

import json

import jsonschema
import pytest

from argmap.check.findings import format_github, format_json, format_sarif, format_text, printable
from argmap.codes import CODES
from argmap.errors import Diagnostic, Location, Severity

FINDINGS = [
    Diagnostic(Location("corpus/a b.md", 3, 7, 3, 10), "AM201", "no span 'x, y: z'\nsecond line 100%", Severity.ERROR),
    Diagnostic(Location("corpus/b.md", 1, 1), "AM305", "claim 'c' is not related", Severity.WARNING),
]

# The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) that argmap's output uses,
# with the same required properties, enums and minimums; additionalProperties are closed so
# a misspelt property fails.
_MESSAGE = {
    "type": "object",
    "properties": {"text": {"type": "string"}, "id": {"type": "string"}},
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
    "additionalProperties": False,
}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "additionalProperties": False,
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "additionalProperties": False,
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "additionalProperties": False,
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "additionalProperties": False,
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MESSAGE,
                                                "helpUri": {"type": "string"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "properties": {
                                                        "level": {"enum": ["none", "note", "warning", "error"]}
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "additionalProperties": False,
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _MESSAGE,
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "additionalProperties": False,
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "additionalProperties": False,
                                                        "properties": {"uri": {"type": "string"}},
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "additionalProperties": False,
                                                        "properties": {
                                                            k: {"type": "integer", "minimum": 1}
                                                            for k in (
                                                                "startLine",
                                                                "startColumn",
                                                                "endLine",
                                                                "endColumn",
                                                            )
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_json_round_trips():
    data = json.loads(format_json(FINDINGS, 2))
    assert data["summary"] == {"documents": 2, "errors": 1, "warnings": 1}
    rebuilt = [
        Diagnostic(
            Location(d["path"], d["line"], d["column"], d["end_line"], d["end_column"]),
            d["code"],
            d["message"],
            Severity(d["severity"]),
        )
        for d in data["diagnostics"]
    ]
    assert rebuilt == FINDINGS
    assert [r.severity for r in rebuilt] == [f.severity for f in FINDINGS]


def test_sarif_validates_and_points_at_the_line():
    log = json.loads(format_sarif(FINDINGS))
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {c for c in CODES if not c.startswith("AM5")}
    first = run["results"][0]
    assert first["ruleId"] == "AM201"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "AM201"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "corpus/a%20b.md"},
        "region": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 10},
    }
    assert run["results"][1]["level"] == "warning"


def test_sarif_rules_are_the_codes_check_reports_named_by_identifiers():
    import re

    from argmap.check.findings import RULE_NAMES

    rules = json.loads(format_sarif([]))["runs"][0]["tool"]["driver"]["rules"]
    # every code but import's (AM5xx): check reports them all, and only them
    assert [r["id"] for r in rules] == sorted(code for code in CODES if not code.startswith("AM5"))
    names = [r["name"] for r in rules]
    assert all(re.fullmatch(r"(?:[A-Z][a-z0-9]+)+", name) for name in names), names  # PascalCase identifiers
    assert len(set(names)) == len(names)
    assert RULE_NAMES["AM201"] == "UnknownSpan"  # stable: a name, once published, is not changed
    assert all(r["shortDescription"]["text"] == CODES[r["id"]].summary for r in rules)
    assert all(r["helpUri"].endswith("/docs/codes.md") for r in rules)


def test_quoted_text_is_quoted_once():
    import doctest

    import argmap.check.findings

    assert doctest.testmod(argmap.check.findings).failed == 0


def test_sarif_subset_rejects_a_broken_log():
    log = json.loads(format_sarif(FINDINGS))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, SARIF_SUBSET)


def test_github_annotations_are_escaped():
    out = format_github(FINDINGS, 2)
    first, second = out.splitlines()[:2]
    assert first == (
        "::error file=corpus/a b.md,line=3,col=7,endLine=3,endColumn=10,title=AM201 error"
        "::no span 'x, y: z'%0Asecond line 100%25"
    )
    assert second.startswith("::warning file=corpus/b.md,line=1,col=1,title=AM305 warning::")
    assert "2 documents" in out.splitlines()[-2]  # the full text report follows


def test_github_text_report_cannot_issue_workflow_commands():
    # A file named like a workflow command would be obeyed by the runner if a line began with it.
    loc = Location("::stop-commands::x.md", 1, 1)
    findings = [Diagnostic(loc, "AM305", "claim 'c' is not related to anything", Severity.WARNING)]
    lines = format_github(findings, 1).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("::stop-commands::argmap-")))
    token = lines[start].removeprefix("::stop-commands::")
    assert lines[-1] == f"::{token}::"
    assert all(not line.lstrip().startswith("::") for line in lines[:start] if not line.startswith("::warning "))
    assert any(line.startswith("::stop-commands::x.md:1:1: AM305") for line in lines[start + 1 : -1])
    assert token not in "\n".join(lines[start + 1 : -1])


def test_github_property_escaping_of_commas_and_colons():
    finding = Diagnostic(Location("a,b:c.md", 1, 1), "AM201", "m")
    assert format_github([finding], 1).startswith("::error file=a%2Cb%3Ac.md,line=1")


def test_text_report_shows_line_and_caret_under_the_columns():
    lines = {("corpus/a b.md", 3): "ab\tcdefghij"}
    out = format_text(FINDINGS[:1], 1, lambda p, n: lines.get((p, n)))
    assert out.splitlines()[0].endswith("no span 'x, y: z'\\x0asecond line 100%")
    assert out.splitlines()[1:3] == ["    3 | ab  cdefghij", "      |        ^^^"]


def test_terminal_output_neutralises_control_characters():
    assert printable("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"


def test_an_excerpt_of_a_long_line_is_a_window_around_the_column():
    line = "".join(f"word{i:03d} " for i in range(100))  # 800 characters: a paragraph on one line
    col = line.index("word050") + 1
    finding = Diagnostic(Location("a.md", 7, col, 7, col + 7), "AM201", "m", Severity.ERROR)
    text = format_text([finding], 1, lambda path, number: line)
    _, shown, caret, *_ = text.split("\n")
    assert shown.startswith("    7 | …")
    assert shown.endswith("…")
    body = shown[len("    7 | ") :]
    assert len(body) == 1 + 60 + 7 + 60 + 1
    assert body[caret.index("^") - len("      | ") :].startswith("word050")
    assert caret.endswith("| " + " " * 61 + "^" * 7)


@pytest.mark.parametrize(("col", "start", "end"), [(1, "    7 | word000", "…"), (795, "    7 | …", "word099 ")])
def test_a_window_at_either_end_of_a_long_line_is_cut_on_one_side(col, start, end):
    line = "".join(f"word{i:03d} " for i in range(100))
    text = format_text([Diagnostic(Location("a.md", 7, col), "AM201", "m", Severity.ERROR)], 1, lambda p, n: line)
    shown, caret = text.split("\n")[1:3]
    assert shown.startswith(start)
    assert shown.endswith(end)
    assert shown[caret.index("^")] == line[col - 1]


def test_a_short_line_is_shown_whole():
    line = "short line\twith a tab"
    text = format_text([Diagnostic(Location("a.md", 1, 12), "AM201", "m", Severity.ERROR)], 1, lambda p, n: line)
    assert text.split("\n")[1:3] == ["    1 | short line  with a tab", "      |             ^"]
