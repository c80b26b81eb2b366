"""The examples in README.md and docs/ are real: each is run, and its output compared with the page.

The rules, which docs/README.md states for writers:

* a ```` ```text ```` block whose first line is ``$ argmap ARGS`` is an example: ``argmap ARGS`` is
  run by bash in a copy of the repository's ``corpus/``, ``maps/`` and ``tests/fixtures/`` (so paths
  read as from the repository's root), at 80 columns, with no colour and no cache; the lines after it
  are what it prints, stdout and stderr as a terminal shows them, where a line ``...`` stands for any
  number of lines. The examples of a page run in order, in one copy;
* its exit status is 1 when the output ends with a count of errors or has an ``Error:`` line
  (2 is allowed there too: a usage error), else 0;
* a block opened with ```` ```text illustrative ```` is not run (it needs the network or a terminal,
  or it shows a failure a test cannot cause); the sentence before it says so, with the word
  "illustrative";
* every ``argmap ...`` line of a ```` ```sh ```` block names a command, options and arguments that exist.

docs/tutorial.md has its own runner (tests/test_docs_tutorial.py), which runs its ``sh`` blocks.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from docs_support import reader_env

from argmap.cli.commands import app

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def examples(text: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` of each example block that is run."""
    found = []
    for block in _FENCE.finditer(text):
        first, _, rest = block.group("body").partition("\n")
        if block.group("info").strip() == "text" and first.startswith("$ argmap "):
            found.append((first[2:], rest))
    return found


def illustrative(text: str) -> list[tuple[str, str]]:
    """``(the text before it, its body)`` of each block marked illustrative."""
    return [
        (text[max(0, block.start() - 400) : block.start()], block.group("body"))
        for block in _FENCE.finditer(text)
        if block.group("info").split() == ["text", "illustrative"]
    ]


def matches(expected: str, actual: str) -> bool:
    parts = ["(?:.*\\n)*?" if line == "..." else re.escape(line) + "\\n" for line in expected.splitlines()]
    return re.fullmatch("".join(parts), actual) is not None


def expected_status(output: str) -> tuple[int, ...]:
    if re.search(r"^Error: ", output, re.MULTILINE):
        return (1, 2)
    if re.search(r"^\d+ errors? (?:and \d+ warnings? )?in \d+ of \d+ documents?$", output, re.MULTILINE):
        return (1,)
    return (0,)


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("page", [p for p in PAGES if examples(p.read_text("utf-8"))], ids=_name)
def test_the_examples_print_what_the_page_shows(page: Path, tmp_path: Path):
    for folder in ("corpus", "maps", "tests/fixtures"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    env = reader_env()
    for command, expected in examples(page.read_text("utf-8")):
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert matches(expected, done.stdout), f"$ {command}\nexpected:\n{expected}\ngot:\n{done.stdout}"
        assert done.returncode in expected_status(expected), f"$ {command}: exit status {done.returncode}"


def test_examples_not_run_say_so():
    for page in PAGES:
        for before, body in illustrative(page.read_text("utf-8")):
            assert "illustrative" in before.rstrip().rsplit("\n\n", 1)[-1].lower(), (_name(page), body[:60])


def _argv(line: str) -> list[str]:
    """The arguments of an ``argmap ...`` shell line, up to a pipe, redirection, ``&&`` or comment."""
    words = []
    for word in shlex.split(line, comments=True)[1:]:
        if word in ("|", ">", "&&", ";", "2>&1") or word.startswith(">"):
            break
        words.append(word)
    return words


def _parses(argv: list[str]) -> str | None:
    """None when ``argmap ARGV`` is a valid command line, else why not (it is parsed, not run)."""
    root = typer.main.get_command(app)
    try:
        with root.make_context("argmap", list(argv), resilient_parsing=False) as ctx:
            words = [*getattr(ctx, "_protected_args", ()), *ctx.args]  # the command's name, then its arguments
            name, command, rest = root.resolve_command(ctx, words)  # type: ignore[attr-defined]
            assert command is not None
            command.make_context(name or "", rest, parent=ctx)
    except typer.Exit:  # --version, --help
        return None
    except Exception as exc:  # click's usage errors
        return f"{type(exc).__name__}: {exc}"
    return None


def test_every_command_line_in_the_pages_exists():
    lines = 0
    for page in PAGES:
        text = page.read_text("utf-8")
        for block in _FENCE.finditer(text):
            info = block.group("info").strip()
            for line in block.group("body").splitlines():
                if info.startswith("text"):  # a command shown with its output: its first line only, after "$ "
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                if info in ("sh", "text", "text illustrative") and line.startswith("argmap "):
                    lines += 1
                    assert _parses(_argv(line)) is None, (_name(page), line, _parses(_argv(line)))
    assert lines > 40


def test_the_rules_of_this_test():
    assert matches("a\n...\nc\n", "a\nb\nb2\nc\n")
    assert not matches("a\nc\n", "a\nb\nc\n")
    assert examples("```text\n$ argmap check\nok\n```\n\n```text illustrative\n$ argmap x\n```\n") == [
        ("argmap check", "ok\n")
    ]
    assert _argv("argmap render x -o m.svg --depth 2   # a comment") == ["render", "x", "-o", "m.svg", "--depth", "2"]
    assert _argv("argmap chains a --json | jq .") == ["chains", "a", "--json"]
    assert _parses(["render", "--depth", "2"]) is None
    assert _parses(["render", "--dept", "2"]) is not None
    assert _parses(["chains"]) is not None  # CLAIM is required
    assert expected_status("x\n35 errors and 16 warnings in 8 of 8 documents\n") == (1,)
