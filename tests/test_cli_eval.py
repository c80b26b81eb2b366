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

from argmap.cli.commands import app
from argmap.cli.eval import status_text
from argmap.semantics import Label

runner = CliRunner()
CORPUS = ["--corpus", "tests/fixtures/eval"]


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", *CORPUS, "--json", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in data["arguments"]}


def test_text_output_for_every_argument(in_root: Any, golden: Any) -> None:
    result = runner.invoke(app, ["eval", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    golden("eval_bridge.txt", result.stdout)


def test_text_output_around_one_claim_puts_it_first(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "faster", "--depth", "1", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == (
        "Grounded semantics: 10 arguments: 3 in, 1 out, 6 undecided\n"
        "9 attacks: 8 declared, 1 implied by supports\n"
        "\n"
        "IN \u2713    It will cut commuting times by half.  bridge#faster\n"
        "        in: each attacker is out: bridge#too-wide (out, attacked by\n"
        "        bridge#survey)\n"
        "\n"
        "IN \u2713    Build the bridge  bridge#thesis\n"
        "        in: each attacker is out: bridge#too-wide (out, attacked by\n"
        "        bridge#survey)\n"
        "\n"
        "OUT \u2717   The river is too wide for a cheap bridge.  bridge#too-wide\n"
        "        out: attacked by bridge#survey, which is in (nothing attacks it)\n"
        "\n"
        "Every attack counts and nothing is weighed: an analysis, not a verdict.\n"
    )


def test_json_labels_and_reasons(in_root: Any) -> None:
    data = run_json()
    assert (data["semantics"], data["root"], data["depth"]) == ("grounded", None, None)
    assert data["summary"] == {
        "arguments": 10,
        "in": 3,
        "out": 1,
        "undecided": 6,
        "attacks": 9,
        "declared_attacks": 8,
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
        "status": "in",
        "rank": 0,
        "attackers": [],
        "defeated_by": None,
        "defenders": [],
        "undecided_attackers": [],
        "cycle": [],
        "from_cycle": [],
    }
    assert args["bridge#too-wide"]["defeated_by"] == "bridge#survey"
    thesis = args["bridge#thesis"]
    assert (thesis["status"], thesis["rank"]) == ("in", 1)
    assert thesis["attackers"] == [
        {
            "id": "bridge#too-wide",
            "status": "out",
            "attack": "secondary",
            "path": ["bridge#too-wide", "bridge#faster", "bridge#thesis"],
        }
    ]
    assert thesis["defenders"] == [{"attacker": "bridge#too-wide", "defender": "bridge#survey"}]


def test_json_undecided_cycles(in_root: Any) -> None:
    args = by_id(run_json())
    assert args["bridge#tolls"]["cycle"] == ["bridge#tolls", "bridge#no-money"]
    assert args["bridge#paper"]["undecided_attackers"] == ["bridge#scissors"]
    assert args["bridge#paper"]["cycle"] == ["bridge#paper", "bridge#rock", "bridge#scissors"]
    ribbon = args["bridge#ribbon"]
    assert (ribbon["status"], ribbon["rank"]) == ("undecided", None)
    assert ribbon["cycle"] == ["bridge#scissors", "bridge#paper", "bridge#rock"]
    assert ribbon["from_cycle"] == ["bridge#scissors", "bridge#ribbon"]


def test_json_around_one_claim(in_root: Any) -> None:
    data = run_json("tolls", "--depth", "0")
    assert (data["root"], data["depth"]) == ("bridge#tolls", 0)
    assert [a["id"] for a in data["arguments"]] == ["bridge#tolls"]
    assert data["summary"]["arguments"] == 10  # the labels are always of the whole corpus


def test_preferred_extensions(in_root: Any) -> None:
    data = run_json("--semantics", "preferred")
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
        "status": "undecided",
        "in_extensions": 1,
        "out_extensions": 1,
    }
    assert (args["bridge#too-wide"]["status"], args["bridge#too-wide"]["out_extensions"]) == ("out", 2)


def test_preferred_text_lists_what_each_extension_adds(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "tolls", "-d", "0", "-s", "preferred", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == (
        "Preferred semantics: 2 extensions; 10 arguments: 3 in, 1 out, 6 undecided\n"
        "in: in every extension; out: attacked by every extension; undecided: the rest\n"
        "\n"
        "UNDEC ? Tolls will pay for it.  bridge#tolls\n"
        "        in 1 of 2 extensions, attacked by 1\n"
        "\n"
        "The extensions: the 3 arguments grounded semantics labels in, and\n"
        "  1. bridge#no-money\n"
        "  2. bridge#tolls\n"
    )


def test_no_stable_extension(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "-s", "stable", *CORPUS], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("Stable semantics: no extension\n")
    data = run_json("-s", "stable")
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
    result = runner.invoke(app, ["eval"], catch_exceptions=False)
    assert result.exit_code == 0
    assert '[bold red]x[/] \\x1b[31m <script>alert(1)</script> \\ "q" \\u202e  d#a' in result.stdout
    assert "\x1b" not in result.stdout
    data = json.loads(runner.invoke(app, ["eval", "--json"], catch_exceptions=False).stdout)
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
    assert lines[0].startswith("IN \u2713 bridge#faster  premise")
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
    assert result.stdout.count("<B>IN \u2713</B>") == 3
    assert result.stdout.count("<B>OUT \u2717</B>") == 1
    assert "status: OUT \u2717" in result.stdout  # in the tooltip too
    assert "\u2713" not in runner.invoke(app, ["render", "bridge#too-wide", "-f", "dot", *CORPUS]).stdout


def test_render_status_does_not_go_with_all(in_root: Any) -> None:
    result = runner.invoke(app, ["render", "--all", "--status", *CORPUS])
    assert (result.exit_code, result.stderr) == (2, "Error: --status goes with one map, not --all\n")


def test_the_shipped_corpus_is_labelled_with_a_reason_for_every_argument(in_root: Any) -> None:
    result = runner.invoke(app, ["eval", "--json", "--corpus", "corpus"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["arguments"]) == data["summary"]["arguments"] > 0
    for argument in data["arguments"]:
        if argument["status"] == "out":
            assert argument["defeated_by"] in {a["id"] for a in argument["attackers"] if a["status"] == "in"}
        elif argument["status"] == "in":
            assert [d["attacker"] for d in argument["defenders"]] == [a["id"] for a in argument["attackers"]]
        else:
            assert argument["undecided_attackers"]
            assert argument["cycle"]


def test_the_readme_examples_are_real_output(in_root: Any) -> None:
    readme = (in_root / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```text\n\$ argmap (eval [^\n]*)\n(.*?)```\n", readme, re.DOTALL)
    assert len(examples) >= 2
    for command, expected in examples:
        result = runner.invoke(app, command.split(), catch_exceptions=False)
        assert (command, result.stdout) == (command, expected)
