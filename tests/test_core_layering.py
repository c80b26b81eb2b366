"""The core says what is wrong; the CLI says which option mends it (docs/development.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from argmap.cli.app import error_text, exit_code_of
from argmap.errors import ArgmapError, RenderError, UsageError

PACKAGE = Path(__file__).resolve().parent.parent / "argmap"
#: The presentation layers, which may spell options.
PRESENTATION = {"cli", "lsp"}
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _raised_texts(tree: ast.AST) -> list[tuple[int, str]]:
    """The string parts of every raised error's message (its first argument; not the findings it carries)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            found += [(node.lineno, text) for text in _strings(node.exc.args[0])]
    return found


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.Call):  # a finding or another value made from the message: not the message
        return []
    return [text for child in ast.iter_child_nodes(node) for text in _strings(child)]


def test_no_core_error_spells_a_command_line_option():
    spelt = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] in PRESENTATION:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        spelt += [
            f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
            for line, text in _raised_texts(tree)
            if _OPTION.search(text) and not text.lstrip().startswith(("git ", "--"))  # git's own arguments
        ]
    assert spelt == []


def test_the_cli_spells_the_remedy_and_decides_the_exit_status():
    error = RenderError("the map is too big", options=("target", "depth", "no_group"))
    assert error_text(error) == "the map is too big (TARGET, --depth, --no-group)"
    assert error_text(ArgmapError("plain")) == "plain"
    assert (exit_code_of(error), exit_code_of(UsageError("x", options=("corpus",)))) == (1, 2)
