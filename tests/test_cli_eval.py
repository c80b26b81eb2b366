"""``argmap eval``: labels with reasons, in text and JSON, on the fixture corpus tests/fixtures/eval.

The fixture: a thesis whose premise is attacked by a rebuttal that a survey
defeats (reinstatement, and a secondary attack on the thesis), a two-way dispute
(tolls / no-money: an even cycle) and rock-paper-scissors (an odd cycle) with a
claim downstream of it (ribbon).
"""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from argmap.analysis.abstract import Label
from argmap.cli.commands import app
from argmap.cli.present import status_text

runner = CliRunner()
CORPUS = ["--corpus", "tests/fixtures/eval"]


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", *CORPUS, "--json", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in data["arguments"]}


def test_text_output_for_every_node(in_root: Any, golden: Any) -> None:
    result = runner.invoke(app, ["eval", "--all", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    golden("eval_bridge.txt", result.stdout)


def test_default_output_is_the_theses_with_the_legend_and_the_semantics(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", *CORPUS], catch_exceptions=False)
    out = result.stdout
    assert out.startswith("Which claims stand: grounded semantics; support read as necessary")
    assert "not verdicts on the" in out
    assert "1 thesis: 1 in, 0 out, 0 undecided \u00b7 10 nodes: 3 in, 1 out, 6 undecided" in out
    assert [line for line in out.splitlines() if re.match(r"(IN \u2713 {4}|OUT \u2717 {3}|UNDEC \? )\S", line)] == [
        "IN \u2713    Build the bridge  bridge#thesis"
    ]
    assert "argmap eval --all lists every node" in out


def test_text_output_around_one_claim_puts_it_first(in_root: Any, golden: Any) -> None:
    result = runner.invoke(app, ["eval", "faster", "--depth", "1", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    golden("eval_bridge_faster.txt", result.stdout)
    marks = ("IN \u2713  ", "OUT \u2717  ", "UNDEC ? ")
    rows = [line.split()[-1] for line in result.stdout.splitlines() if line.startswith(marks) and "#" in line]
    assert rows == ["bridge#faster", "bridge#thesis", "bridge#too-wide"]


def test_json_labels_and_reasons(in_root: Any) -> None:
    data = run_json("--all")
    assert (data["semantics"], data["reach"], data["scope"], data["root"], data["depth"]) == (
        "grounded",
        "document",
        "all",
        None,
        None,
    )
    assert data["summary"] == {
        "nodes": 10,
        "in": 3,
        "out": 1,
        "undecided": 6,
        "shown": {"in": 3, "out": 1, "undecided": 6},
        "attacks": 8,
        "blocked_attacks": 0,
        "inferences": 1,
        "undercuts": 0,
    }
    args = by_id(data)
    assert list(args) == [
        "bridge#thesis",
        "bridge#faster",
        "bridge#too-wide",
        "bridge#survey",
        "bridge#tolls",
        "bridge#no-money",
        "bridge#rock",
        "bridge#scissors",
        "bridge#paper",
        "bridge#ribbon",
    ]  # document order
    assert args["bridge#survey"] == {
        "id": "bridge#survey",
        "kind": "claim",
        "label": "The river is narrow [bold]enough[/bold]",
        "text": "A new survey measured the river at under 200 metres.",
        "by": "Test Author",
        "doc": "bridge",
        "status": "in",
        "rank": 0,
        "reason": {"kind": "unattacked"},
        "explanation": "stands: nothing here objects to it",
    }
    assert args["bridge#too-wide"]["reason"] == {"kind": "defeated", "attacker": "bridge#survey"}
    faster = args["bridge#faster"]
    assert faster["status"] == "in"
    assert faster["reason"] == {
        "kind": "defended",
        "answers": [
            {
                "relation": "bridge#too-wide>bridge#faster",
                "failure": "defeated",
                "node": "bridge#too-wide",
                "by": "bridge#survey",
            }
        ],
    }
    thesis = args["bridge#thesis"]
    assert thesis["reason"] == {"kind": "supported", "inference": "bridge#faster>bridge#thesis"}
    assert thesis["explanation"].startswith("stands: nothing here objects to it, and a reason it rests on holds")


def test_json_undecided_cycles(in_root: Any) -> None:
    args = by_id(run_json("--all"))
    assert args["bridge#tolls"]["reason"]["cycle"] == ["bridge#tolls", "bridge#no-money"]
    assert args["bridge#paper"]["reason"]["undecided"] == ["bridge#scissors>bridge#paper"]
    assert args["bridge#paper"]["reason"]["cycle"] == ["bridge#paper", "bridge#rock", "bridge#scissors"]
    ribbon = args["bridge#ribbon"]
    assert (ribbon["status"], ribbon["rank"]) == ("undecided", None)
    assert ribbon["reason"]["cycle"] == ["bridge#scissors", "bridge#paper", "bridge#rock"]
    assert ribbon["reason"]["path"] == ["bridge#scissors", "bridge#ribbon"]


def test_json_around_one_claim(in_root: Any) -> None:
    data = run_json("tolls", "--depth", "0")
    assert (data["scope"], data["root"], data["depth"]) == ("claim", "bridge#tolls", 0)
    assert [a["id"] for a in data["arguments"]] == ["bridge#tolls"]
    assert data["summary"]["nodes"] == 10  # the labels are always of the whole corpus


def test_preferred_extensions(in_root: Any) -> None:
    data = run_json("--all", "--semantics", "preferred")
    assert data["extensions"] == [
        ["bridge#faster", "bridge#no-money", "bridge#survey", "bridge#thesis"],
        ["bridge#faster", "bridge#survey", "bridge#thesis", "bridge#tolls"],
    ]
    assert data["summary"] == {"extensions": 2, "in": 3, "out": 1, "undecided": 6}
    args = by_id(data)
    assert args["bridge#tolls"] == {
        "id": "bridge#tolls",
        "kind": "claim",
        "label": None,
        "text": "Tolls will pay for it.",
        "by": "Test Author",
        "doc": "bridge",
        "status": "undecided",
        "in_extensions": 1,
        "out_extensions": 1,
    }
    assert (args["bridge#too-wide"]["status"], args["bridge#too-wide"]["out_extensions"]) == ("out", 2)


def test_preferred_text_lists_what_each_extension_adds(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "tolls", "-d", "0", "-s", "preferred", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == (
        "preferred semantics; support read as necessary, by inference; reach document: a\n"
        "claim rests only on reasons in its own document (docs/semantics.md)\n"
        "Preferred semantics: 2 extensions; 3 in, 1 out, 6 undecided of the nodes\n"
        "IN: in every extension; OUT: defeated in every extension; UNDEC: the rest\n"
        "\n"
        "UNDEC ? Tolls will pay for it.  bridge#tolls\n"
        "        in 1 of 2 extensions, defeated in 1\n"
        "\n"
        "The extensions: the 3 nodes grounded semantics labels IN, and\n"
        "  1. bridge#no-money\n"
        "  2. bridge#tolls\n"
    )


def test_no_stable_extension(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "-s", "stable", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert "\nStable semantics: no extension\n" in result.stdout
    data = run_json("--all", "-s", "stable")
    assert data["extensions"] == []
    assert {a["status"] for a in data["arguments"]} == {"undecided"}


def test_too_many_extensions_is_an_error_naming_the_option(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "-s", "preferred", "--max-extensions", "1", *CORPUS])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: there are 2 preferred extensions, more than the limit of 1; "
        "use grounded semantics or raise the limit (--max-extensions N)\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--depth", "2"], 2, "Error: --depth goes with a CLAIM: argmap eval CLAIM --depth N\n"),
        (["no-such-claim"], 1, "Error: no claim 'no-such-claim' in the corpus\n"),
    ],
)
def test_usage_and_unknown_ids(in_root: Any, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["eval", *args, *CORPUS])
    assert (result.exit_code, result.stderr) == (code, message)


def test_bad_semantics_is_a_usage_error(in_root: Any) -> None:
    assert runner.invoke(app, ["eval", "--semantics", "ideal", *CORPUS]).exit_code == 2


HOSTILE = '[bold red]x[/] \x1b[31m <script>alert(1)</script> \\ "q" \u202e'


def test_hostile_text_stays_text(monkeypatch: pytest.MonkeyPatch) -> None:
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for key, text in (("d#a", HOSTILE), ("d#b", "plain")):
        G.add_node(key, kind="claim", text=text, label=None, doc="d", local_id=key[2:], path="d.md", line=1, col=1)
    G.add_edge("d#a", "d#b", key="attacks", type="attacks")
    monkeypatch.setattr("argmap.cli.eval.load_graph", lambda corpus: G)
    result = runner.invoke(app, ["eval", "--all"], catch_exceptions=False)
    assert result.exit_code == 0
    assert '[bold red]x[/] \\x1b[31m <script>alert(1)</script> \\ "q" \\u202e  d#a' in result.stdout
    assert "\x1b" not in result.stdout
    data = json.loads(runner.invoke(app, ["eval", "--all", "--json"], catch_exceptions=False).stdout)
    assert data["arguments"][0]["text"] == HOSTILE


def test_status_text_has_a_mark_and_a_colour() -> None:
    marks = {label: status_text(label) for label in Label}
    assert [str(t) for t in marks.values()] == ["IN \u2713", "OUT \u2717", "UNDEC ?"]
    assert [str(t.style) for t in marks.values()] == ["bold green", "bold red", "bold yellow"]


# --- show --status and render --status ------------------------------------------------------------


def test_show_status_marks_the_claim_and_its_tree(in_root: Any) -> None:
    result = runner.invoke(app, ["show", "bridge#faster", "--status", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Status: grounded semantics")  # what produced the marks, and the legend
    assert any(line.startswith("IN \u2713 bridge#faster  premise") for line in lines)
    assert "\u2500\u2500 \u2212 OUT \u2717 The river is too wide for a cheap bridge." in result.stdout
    assert "\u2212 IN \u2713 The river is narrow [bold]enough[/bold]" in result.stdout
    plain = runner.invoke(app, ["show", "bridge#faster", *CORPUS], catch_exceptions=False)
    assert "\u2713" not in plain.stdout
    assert "\u2717" not in plain.stdout


def test_show_status_overview_marks_theses(in_root: Any) -> None:
    result = runner.invoke(app, ["show", "--status", *CORPUS], catch_exceptions=False)
    assert "Thesis  IN \u2713 Build the bridge  #thesis" in result.stdout


def test_show_status_json_adds_status_to_node_records(in_root: Any) -> None:
    args = ["show", "bridge#faster", "--json", *CORPUS]
    nodes = json.loads(runner.invoke(app, [*args, "--status"], catch_exceptions=False).stdout)["nodes"]
    assert {n: r["status"] for n, r in nodes.items()} == {
        "bridge#faster": "in",
        "bridge#survey": "in",
        "bridge#thesis": "in",
        "bridge#too-wide": "out",
    }
    without = json.loads(runner.invoke(app, args, catch_exceptions=False).stdout)["nodes"]
    assert all("status" not in record for record in without.values())


def test_render_status_marks_each_box(in_root: Any) -> None:
    result = runner.invoke(app, ["render", "bridge#too-wide", "--status", "-f", "dot", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.count("<B>IN \u2713 stands</B>") == 2
    assert result.stdout.count("<B>IN \u2713 stands: objections answered</B>") == 1
    assert result.stdout.count("<B>OUT \u2717 falls: bridge#survey</B>") == 1  # what decides it, named
    assert "status: OUT \u2717 falls: bridge#survey" in result.stdout  # in the tooltip too
    assert "Status marks: grounded semantics" in result.stdout  # what produced them, under the title
    assert "\u2713" not in runner.invoke(app, ["render", "bridge#too-wide", "-f", "dot", *CORPUS]).stdout


def test_render_status_does_not_go_with_all(in_root: Any) -> None:
    result = runner.invoke(app, ["render", "--all", "--status", *CORPUS])
    assert (result.exit_code, result.stderr) == (2, "Error: --status goes with one map, not --all\n")


def test_the_shipped_corpus_is_labelled_with_a_reason_for_every_node(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "--all", "--json", "--corpus", "corpus"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    args = by_id(data)
    assert len(args) == data["summary"]["nodes"] > 0
    for argument in data["arguments"]:
        reason, status = argument["reason"], argument["status"]
        assert argument["explanation"].startswith({"in": "stands", "out": "falls", "undecided": "contested"}[status])
        if status == "out":
            assert reason["kind"] in {"defeated", "unsupported"}
            if reason["kind"] == "defeated":
                assert args[reason["attacker"]]["status"] == "in"
        elif status == "in":
            assert reason["kind"] in {"unattacked", "supported", "attacks-blocked", "defended"}
        else:
            assert reason["cycle"]


def test_the_documented_examples_are_real_output(in_root: Any) -> None:
    readme = (in_root / "docs" / "commands" / "eval.md").read_text(encoding="utf-8")
    examples = re.findall(r"```text\n\$ argmap (eval [^\n]*)\n(.*?)```\n", readme, re.DOTALL)
    assert len(examples) >= 2
    for command, expected in examples:
        result = runner.invoke(app, command.split(), catch_exceptions=False)
        assert (command, result.stdout) == (command, expected)


def test_a_long_circle_of_claims_is_named_by_its_ends_and_counted(tmp_path: Any) -> None:
    # each of n claims on one circle of n attacks: naming the whole circle for each would write n * n ids
    n = 2000
    head = "---\nid: ring\ntitle: Ring\nauthors: [A]\ndate: 2020\n---\n\n"
    body = "\n\n".join(f'[Claim {i}.]{{#c{i} .claim attacks="c{(i + 1) % n}"}}' for i in range(n))
    (tmp_path / "ring.md").write_text(head + body + "\n", encoding="utf-8")
    text = runner.invoke(app, ["--no-cache", "eval", "--all", "--corpus", str(tmp_path)], catch_exceptions=False)
    assert text.exit_code == 0
    assert len(text.stdout) < 1000 * n  # linear (n * n ids: 40 MB)
    assert "ring#c11 → … → ring#c0; 2,000 nodes)" in " ".join(text.stdout.split())
    result = runner.invoke(app, ["--no-cache", "eval", "--all", "--json", "--corpus", str(tmp_path)])
    assert len(result.stdout) < 2000 * n
    reason = by_id(json.loads(result.stdout))["ring#c5"]["reason"]
    assert reason["cycle"] == [f"ring#c{i}" for i in range(5, 17)]
    assert (reason["cycle_length"], reason["path_length"]) == (n, 0)
