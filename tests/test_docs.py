"""docs/ documents what exists: every command, every option, every code; its links lead somewhere.

The examples of the pages are run by tests/test_docs_examples.py (and the tutorial by
tests/test_docs_tutorial.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from argmap.check.findings import RULE_NAMES
from argmap.cli.app import COMMANDS
from argmap.cli.commands import app
from argmap.codes import CODES

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: The page that documents each command.
PAGES = {
    "new": "commands/new.md",
    "check": "commands/check.md",
    "show": "commands/show.md",
    "chains": "commands/show.md",
    "find": "commands/show.md",
    "stats": "commands/show.md",
    "eval": "commands/eval.md",
    "render": "commands/render.md",
    "report": "commands/report.md",
    "export": "commands/export.md",
    "import": "commands/import.md",
    "lsp": "commands/lsp.md",
}
#: Options every command has, documented once in docs/commands/README.md.
SHARED = {"--help", "-h", "--version", "-V", "--no-cache"}


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _options(name: str) -> list[str]:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    found = []
    for param in command.params:
        if param.param_type_name == "option":
            found += [o for o in [*param.opts, *param.secondary_opts] if o.startswith("--")]
    return found


def test_every_code_is_in_the_table_with_its_severity_and_sarif_name():
    codes = page("codes.md")
    rows = dict(re.findall(r"^\| `?(AM\d{3})`? \| (error|warning|configurable) \|", codes, re.MULTILINE))
    assert set(rows) == set(CODES)
    for code, entry in CODES.items():
        if rows[code] != "configurable":
            assert rows[code] == entry.severity, code
    names = dict(re.findall(r"^\| (AM\d{3}) \| \w+ \| `(\w+)` \|", codes, re.MULTILINE))
    assert names == RULE_NAMES


def test_every_command_has_help_and_a_page():
    runner = CliRunner()
    names = [c.name for c in app.registered_commands]
    assert sorted(names) == sorted(PAGES) == sorted(COMMANDS)
    index = page("commands/README.md")
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert f"argmap {name}" in page(PAGES[name]), name
        assert f"({PAGES[name].removeprefix('commands/')}" in index, name  # linked from the list of commands


def _code_spans(text: str) -> list[str]:
    """The inline code of a page (a span may run over lines; code blocks are left out)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return [m.group(2) for m in re.finditer(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", text, re.DOTALL)]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_option_is_documented_on_its_page(name: str):
    text = page(PAGES[name])
    spans = _code_spans(text)  # an option is written as code: `--depth N`, `[--support | --oppose]`
    missing = [o for o in _options(name) if o not in SHARED and not any(re.search(rf"{o}(?![\w-])", c) for c in spans)]
    assert missing == [], f"{PAGES[name]} does not document {missing}"
    shared = page("commands/README.md")
    assert all(f"`{o}`" in shared for o in SHARED if o.startswith("--"))


def test_the_format_example_is_the_clean_fixture():
    block = re.search(r"`corpus/cars.md`:\n\n```markdown\n(.*?)```\n", page("format.md"), re.DOTALL)
    assert block is not None
    fixture = (ROOT / "tests" / "fixtures" / "clean" / "cars.md").read_text(encoding="utf-8")
    assert block.group(1) == fixture


def test_the_readme_is_short_and_leads_into_docs():
    assert len(README.splitlines()) <= 160  # a few screens; the reference is in docs/
    for setup in ("bash scripts/demo.sh", "bash scripts/test.sh"):
        assert setup in README
    assert "(docs/README.md)" in README
    index = page("README.md")
    for path in sorted(DOCS.rglob("*.md")):
        name = path.relative_to(DOCS).as_posix()
        if name != "README.md":
            assert f"({name})" in index, f"docs/README.md does not link {name}"


_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")
_CODE = re.compile(r"^```.*?^```|`[^`\n]*`", re.MULTILINE | re.DOTALL)


def _anchors(text: str) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation but ``-`` and ``_`` dropped, spaces ``-``."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_every_link_between_pages_leads_somewhere():
    pages = [ROOT / "README.md", *DOCS.rglob("*.md")]
    checked = 0
    for path in pages:
        text = _CODE.sub("", path.read_text(encoding="utf-8"))
        for target in _LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            resolved = (path.parent / file).resolve() if file else path
            assert resolved.exists(), f"{path.relative_to(ROOT)}: {target}"
            if anchor and resolved.suffix == ".md":
                assert anchor in _anchors(resolved.read_text(encoding="utf-8")), f"{path.relative_to(ROOT)}: {target}"
            checked += 1
    assert checked > 50
