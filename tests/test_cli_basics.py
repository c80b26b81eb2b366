"""Entry points: the console script, python -m argmap, --version, usage errors."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from argmap import __version__
from argmap.cli.commands import app

runner = CliRunner()


def test_version_through_typer():
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"argmap {__version__}\n")


def test_python_dash_m_and_fast_version_path():
    out = subprocess.run([sys.executable, "-m", "argmap", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"argmap {__version__}\n"
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv=['argmap','--version']; from argmap.cli import main; main(); "
            "print(sorted(m for m in "
            "('typer','rich','networkx','yaml','graphviz','httpx','aiohttp') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.splitlines()[-1] == "[]"


def test_check_does_not_import_networkx_or_rich(in_root):
    code = (
        "import sys; from typer.testing import CliRunner; from argmap.cli.commands import app; "
        "CliRunner().invoke(app, ['check', '--corpus', 'tests/fixtures/clean']); "
        "print('networkx' in sys.modules, 'graphviz' in sys.modules, 'aiohttp' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=in_root)
    assert out.stdout.strip() == "False False False"


def test_unknown_option_is_usage_error():
    result = runner.invoke(app, ["check", "--no-such-option"])
    assert result.exit_code == 2


def test_bad_format_value_is_usage_error():
    result = runner.invoke(app, ["check", "--format", "xml"])
    assert result.exit_code == 2
