"""Entry points: the console script, python -m argmap, --version, usage errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from process_support import interruptible
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
        "print('networkx' in sys.modules, 'graphviz' in sys.modules, 'aiohttp' in sys.modules, "
        "'argmap.analysis.abstract' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=in_root)
    # (argmap.analysis.abstract: its dataclasses cost check's start-up 5 ms; the labels live apart)
    assert out.stdout.strip() == "False False False False"


def test_unknown_option_is_usage_error():
    result = runner.invoke(app, ["check", "--no-such-option"])
    assert result.exit_code == 2


def test_bad_format_value_is_usage_error():
    result = runner.invoke(app, ["check", "--format", "xml"])
    assert result.exit_code == 2


# -- the CLI behaves the same everywhere (issue 22) ------------------------------------------------


def _commands() -> list[str]:
    return [c.name for c in app.registered_commands if c.name]


def test_every_command_is_listed_in_the_order_a_user_meets_them():
    from argmap.cli.app import COMMANDS

    assert sorted(_commands()) == sorted(COMMANDS)
    result = runner.invoke(app, ["--help"])
    listed = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == [
        "new", "check", "show", "chains", "find", "stats", "eval", "render", "report", "export", "import", "lsp",
    ]  # fmt: skip


def test_help_fits_80_columns_and_cuts_nothing(monkeypatch):
    import re

    monkeypatch.setenv("COLUMNS", "80")
    for args in [[], *([name] for name in _commands())]:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, args
        for line in result.stdout.splitlines():
            assert len(line) <= 80, (args, line)
            assert line.startswith("Usage:") or not line.endswith("..."), (args, line)  # a summary cut short
            assert not re.search(r"\w-$", line), (args, line)  # nor a word (--min-font, YYYY-MM-DD) at a hyphen


def test_global_options_work_after_the_command_too():
    for name in _commands():
        result = runner.invoke(app, [name, "--version"])
        assert (result.exit_code, result.stdout) == (0, f"argmap {__version__}\n"), name
        result = runner.invoke(app, [name, "-V"])
        assert (result.exit_code, result.stdout) == (0, f"argmap {__version__}\n"), name
        result = runner.invoke(app, [name, "--no-cache", "--help"])
        assert result.exit_code == 0, name
        assert "--no-cache" in result.stdout, name


def test_no_cache_before_or_after_the_command(tmp_path, monkeypatch):
    from pathlib import Path

    fixture = str(Path(__file__).parent / "fixtures" / "constructs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    cache = tmp_path / ".argmap-cache"
    for args in (["eval", "--no-cache", "-c", fixture], ["--no-cache", "eval", "-c", fixture]):
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, args
        assert not cache.exists(), args
    result = runner.invoke(app, ["eval", "-c", fixture], catch_exceptions=False)  # the flag does not stick
    assert result.exit_code == 0
    assert cache.is_dir()


def test_ctrl_c_exits_130(monkeypatch):
    import argmap.cli.show

    def interrupted(corpus):
        raise KeyboardInterrupt

    monkeypatch.setattr(argmap.cli.show, "load_graph", interrupted)
    result = runner.invoke(app, ["show"])
    assert result.exit_code == 130
    assert "Traceback" not in result.output


def test_ctrl_c_stops_a_running_command_with_130():
    """The language server (pygls alone stops quietly) exits 130 too; test_html_report stops ``report --serve``."""
    import json
    import signal

    process = subprocess.Popen(
        [sys.executable, "-m", "argmap", "lsp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,
    )
    try:
        assert process.stdin is not None
        assert process.stdout is not None
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
        process.stdin.flush()
        assert process.stdout.readline().startswith(b"Content-Length:")  # it answered: it is serving
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 130
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_usage_errors_still_exit_2():
    assert runner.invoke(app, ["eval", "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["show", "--depth", "x"]).exit_code == 2


# -- the entry point registers the command it runs (start-up) --------------------------------------


def test_every_command_is_registered_by_the_module_the_entry_point_imports_for_it():
    from argmap.cli import COMMAND_MODULES
    from argmap.cli.app import COMMANDS

    assert set(COMMAND_MODULES) == set(COMMANDS)
    for name, module in COMMAND_MODULES.items():
        code = (
            f"import argmap.cli.{module}; from argmap.cli.app import app; "
            "print(' '.join(sorted(c.name for c in app.registered_commands)))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        registered = out.stdout.split()
        assert name in registered
        assert all(COMMAND_MODULES[other] == module for other in registered), (name, registered)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["check", "--corpus", "x"], "check"),
        (["--no-cache", "show", "a#b"], "show"),
        (["-V", "stats"], "stats"),
        ([], None),
        (["--help"], None),
        (["-h", "check"], None),
        (["--no-cache"], None),
        (["--", "check"], None),
        (["chek"], "chek"),
    ],
)
def test_the_command_a_command_line_runs(args, name):
    from argmap.cli import command_named

    assert command_named(args) == name


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--corpus", "tests/fixtures/broken"],
        ["--no-cache", "show", "nope", "--corpus", "corpus"],
        ["stats", "--corpus", "corpus", "--top", "2"],
        ["check", "--no-such-option"],
        ["chek"],
        ["--help"],
        ["find", "--help"],
        [],
    ],
)
def test_the_entry_point_answers_as_the_whole_app(in_root, args):
    """What `argmap ...` prints and exits with, registering one command, is what the app with every
    command gives."""
    entry = subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True, cwd=in_root)
    whole = subprocess.run(
        [sys.executable, "-c", "import sys; from argmap.cli.commands import app; app(prog_name='argmap')", *args],
        capture_output=True,
        text=True,
        cwd=in_root,
    )
    assert (entry.returncode, entry.stdout, entry.stderr) == (whole.returncode, whole.stdout, whole.stderr)
