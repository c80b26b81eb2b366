"""docs/tutorial.md cannot rot: every ``sh`` block is run, in order, its output compared with the ``text`` after it.

The rules, which the tutorial follows:

* a ```` ```sh ```` block is run by bash, in the folder the previous block ended in;
* a ```` ```text ```` block right after it is its output (stdout and stderr, as a
  terminal shows them); a line ``...`` stands for any number of lines; the exit
  status must be 0, or 1 when the output ends with a count of errors;
* a ```` ```markdown ```` block after a line ```` `PATH`: ```` is that file's content
  at that point (the reader types it in their editor);
* other blocks (``text`` after prose, ``json``) are not run.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from docs_support import reader_env

TUTORIAL = Path(__file__).parent.parent / "docs" / "tutorial.md"
_BLOCK = re.compile(r"(?:^`(?P<file>[^`\n]+)`:\n\n)?^```(?P<lang>\w*)\n(?P<body>.*?)^```\n", re.MULTILINE | re.DOTALL)


def steps(text: str) -> list[tuple[str, str, str | None]]:
    """``(kind, body, expected)``: ``("sh", commands, output or None)`` or ``("file", content, path)``."""
    blocks = list(_BLOCK.finditer(text))
    found: list[tuple[str, str, str | None]] = []
    for n, block in enumerate(blocks):
        if block.group("lang") == "sh":
            after = blocks[n + 1] if n + 1 < len(blocks) else None
            adjacent = (
                after is not None and after.group("lang") == "text" and not text[block.end() : after.start()].strip()
            )
            found.append(("sh", block.group("body"), after.group("body") if adjacent and after else None))
        elif block.group("lang") == "markdown" and block.group("file"):
            found.append(("file", block.group("body"), block.group("file")))
    return found


def matches(expected: str, actual: str) -> bool:
    parts = ["(?:.*\\n)*?" if line == "..." else re.escape(line) + "\\n" for line in expected.splitlines()]
    return re.fullmatch("".join(parts), actual) is not None


def test_the_tutorial_runs_as_written(tmp_path: Path):
    text = TUTORIAL.read_text(encoding="utf-8")
    found = steps(text)
    assert [kind for kind, _, _ in found].count("sh") >= 8
    env = reader_env()
    cwd = tmp_path
    where = tmp_path / ".cwd"
    for kind, body, extra in found:
        if kind == "file":
            assert extra is not None
            (cwd / extra).write_text(body, encoding="utf-8")
            continue
        script = f"{body}\nstatus=$?\npwd > {where}\nexit $status\n"  # the last command's status
        done = subprocess.run(
            ["bash", "-c", script], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        cwd = Path(where.read_text().strip())
        if extra is None:
            assert done.returncode == 0, f"{body}\n{done.stdout}"
            continue
        failing = re.search(r"\d+ errors? (?:and \d+ warnings? )?in \d+ of \d+ documents?\n\Z", extra)
        assert done.returncode == (1 if failing else 0), f"{body}\n{done.stdout}"
        assert matches(extra, done.stdout), f"$ {body}\nexpected:\n{extra}\ngot:\n{done.stdout}"
    assert (cwd / "cars.svg").read_bytes().startswith(b"<?xml")


def test_the_rules_of_this_test():
    assert matches("a\n...\nc\n", "a\nb\nb2\nc\n")
    assert matches("a\n...\nc\n", "a\nc\n")
    assert not matches("a\nc\n", "a\nb\nc\n")
    sample = "```sh\necho hi\n```\n\n```text\nhi\n```\n\n`x.md`:\n\n```markdown\nbody\n```\n\n```sh\ntrue\n```\n"
    assert steps(sample) == [("sh", "echo hi\n", "hi\n"), ("file", "body\n", "x.md"), ("sh", "true\n", None)]
