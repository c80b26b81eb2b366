"""``argmap eval FILE.af``: the arguments of an ICCMA'23 framework labelled by the Dung core, as eval labels claims."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from argmap.cli.commands import app

runner = CliRunner()

#: a attacks b attacks c (c reinstated); d and e attack each other, e attacks itself.
FRAMEWORK = "p af 5\n# 1 a\n# 2 b\n# 3 c\n# 4 d\n# 5 e\n1 2\n2 3\n4 5\n5 4\n5 5\n"


@pytest.fixture
def af_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.af"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return runner.invoke(app, ["eval", *args], catch_exceptions=False)


def test_grounded_text(af_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(af_file.parent)
    result = run(af_file.name)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "Which arguments are accepted: grounded semantics of small.af\n"
        "IN ✓ accepted: every attacker is defeated; OUT ✗ rejected: an accepted argument\n"
        "attacks it; UNDEC ? undecided: it depends on a circle of attacks that nothing\n"
        "settles.\n"
        "5 arguments, 5 attacks: 2 in, 1 out, 2 undecided\n"
        "\n"
        "IN ✓    a\n"
        "        accepted: nothing attacks it\n"
        "\n"
        "OUT ✗   b\n"
        "        rejected: attacked by a, which is accepted\n"
        "\n"
        "IN ✓    c\n"
        "        accepted: every attacker is defeated (b by a)\n"
        "\n"
        "UNDEC ? d\n"
        "        undecided: on a circle of attacks (d → e → d)\n"
        "\n"
        "UNDEC ? e\n"
        "        undecided: it attacks itself\n"
        "\n"
    )


def test_grounded_json_has_eval_keys(af_file: Path) -> None:
    data = json.loads(run(str(af_file), "--json").stdout)
    assert data["semantics"] == "grounded"
    assert data["summary"] == {"arguments": 5, "in": 2, "out": 1, "undecided": 2, "attacks": 5}
    by_id = {a["id"]: a for a in data["arguments"]}
    assert list(by_id) == ["a", "b", "c", "d", "e"]  # the file's order
    assert by_id["c"] == {
        "id": "c",
        "status": "in",
        "rank": 1,
        "reason": {"kind": "defended", "answers": [{"attacker": "b", "by": "a"}]},
        "explanation": "accepted: every attacker is defeated (b by a)",
    }
    assert by_id["b"]["reason"] == {"kind": "defeated", "attacker": "a"}
    assert by_id["d"]["reason"] == {
        "kind": "undecided-cycle",
        "undecided": ["e"],
        "cycle": ["d", "e"],
        "path": [],
        "cycle_length": 2,
        "path_length": 0,
    }


@pytest.mark.parametrize(
    ("semantics", "extensions", "status"),
    [
        ("preferred", [["a", "c", "d"]], {"a": "in", "b": "out", "c": "in", "d": "in", "e": "out"}),
        ("stable", [["a", "c", "d"]], {"a": "in", "b": "out", "c": "in", "d": "in", "e": "out"}),
    ],
)
def test_preferred_and_stable(
    af_file: Path, semantics: str, extensions: list[list[str]], status: dict[str, str]
) -> None:
    data = json.loads(run(str(af_file), "-s", semantics, "--json").stdout)
    assert data["extensions"] == extensions
    assert {a["id"]: a["status"] for a in data["arguments"]} == status
    text = run(str(af_file), "-s", semantics).stdout
    assert "1. a, c, d" in text


def test_what_does_not_apply_is_refused(af_file: Path) -> None:
    assert run(str(af_file), "-s", "gradual").exit_code == 2
    assert run(str(af_file), "--all").exit_code == 2
    assert run(str(af_file), "--reach", "corpus").exit_code == 2


def test_malformed_lines_are_findings_and_no_header_fails(tmp_path: Path) -> None:
    path = tmp_path / "bad.af"
    path.write_text("p af 2\n1 3\nfoo\n1 2\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path.as_posix()}:2:3: AM504 error: argument 3 is not in 1..2: skipped",
        f"{path.as_posix()}:3:1: AM502 error: expected 'p af N', an attack 'i j' or a '#' comment, got 'foo'",
    ]
    assert "OUT ✗   2" in result.stdout
    path.write_text("1 2\n", encoding="utf-8")
    failed = runner.invoke(app, ["eval", str(path)])
    assert failed.exit_code == 1
    assert "an ICCMA'23 .af file starts with 'p af N'" in failed.stderr


def test_an_exported_framework_gives_evals_labels(tmp_path: Path) -> None:
    """``export --format af`` then ``eval FILE.af``: the span arguments (``node:``) get the labels eval gives."""
    corpus = str(Path(__file__).parent / "fixtures" / "constructs")
    path = tmp_path / "constructs.af"
    exported = runner.invoke(app, ["export", "-c", corpus, "-f", "af", "-o", str(path)], catch_exceptions=False)
    assert exported.exit_code == 0
    from_file = json.loads(run(str(path), "--json").stdout)
    labels = {a["id"].removeprefix("node:"): a["status"] for a in from_file["arguments"] if a["id"].startswith("node:")}
    from_map = json.loads(run("--all", "-c", corpus, "--json").stdout)
    assert labels == {a["id"]: a["status"] for a in from_map["arguments"]}


def test_a_long_circle_is_named_by_its_start_and_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # each of n arguments on one circle of n: naming the whole circle for each would write n * n names
    n = 3000
    (tmp_path / "ring.af").write_text(f"p af {n}\n" + "".join(f"{i} {i % n + 1}\n" for i in range(1, n + 1)))
    monkeypatch.chdir(tmp_path)
    result = run("ring.af", "--json")
    assert result.exit_code == 0
    assert len(result.stdout) < 1000 * n  # linear: about 700 bytes an argument (n * n names: 30 MB)
    data = json.loads(result.stdout)
    reason = data["arguments"][4]["reason"]
    assert reason["cycle"] == [str(i) for i in range(5, 17)]
    assert (reason["cycle_length"], reason["path"], reason["path_length"]) == (n, [], 0)
    assert data["arguments"][4]["explanation"] == (
        "undecided: on a circle of attacks (5 → 6 → 7 → 8 → 9 → 10 → 11 → 12 → 13 → 14 → 15 → 16 → … → 5; "
        "3,000 arguments)"
    )
    text = run("ring.af").stdout
    assert len(text) < 400 * n


@pytest.mark.parametrize("semantics", ["grounded", "preferred", "stable"])
def test_apx_and_tgf_files_are_labelled_as_the_same_af_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, semantics: str
) -> None:
    from argmap.formats.iccma import read_iccma, to_apx, to_tgf

    af = read_iccma(FRAMEWORK, "small.af").framework()
    (tmp_path / "small.af").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "small.apx").write_text(to_apx(af), encoding="utf-8")
    (tmp_path / "small.tgf").write_text(to_tgf(af), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for name in ("small.af", "small.apx", "small.tgf"):
        result = run(name, "--semantics", semantics, "--json")
        assert (result.exit_code, result.stderr) == (0, "")
        data = json.loads(result.stdout)
        assert data.pop("input") == name
        outputs[name] = data
    assert outputs["small.apx"] == outputs["small.af"] == outputs["small.tgf"]


def test_an_unreadable_apx_file_fails_with_its_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.apx").write_text("nothing here\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("bad.apx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "bad.apx:1:1: AM501" in result.stderr
    assert "bad.apx:1:1: AM502" in result.stderr
    assert "cannot read 'bad.apx' as an ASPARTIX .apx file" in result.stderr
