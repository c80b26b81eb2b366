"""The README documents what exists: every code, every command, and its example is real."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.codes import CODES

README = (__import__("pathlib").Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_code_is_in_the_readme_table_with_its_severity():
    rows = dict(re.findall(r"^\| `?(AM\d{3})`? \| (error|warning|configurable) \|", README, re.MULTILINE))
    assert set(rows) == set(CODES)
    for code, entry in CODES.items():
        if rows[code] != "configurable":
            assert rows[code] == entry.severity, code


def test_every_command_has_help_and_a_readme_mention():
    runner = CliRunner()
    names = [c.name for c in app.registered_commands]
    assert "check" in names
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert f"argmap {name}" in README, name


def test_readme_example_is_the_clean_fixture():
    block = re.search(r"`corpus/cars.md`:\n\n```markdown\n(.*?)```\n", README, re.DOTALL)
    assert block is not None
    fixture = (__import__("pathlib").Path(__file__).parent / "fixtures" / "clean" / "cars.md").read_text(
        encoding="utf-8"
    )
    assert block.group(1) == fixture
