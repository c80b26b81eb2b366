"""The package as it ships: the wheel and the sdist build and pass ``twine check``; what the docs tell
people to install or pin exists.

CI runs this with the rest (``scripts/test.sh``): ``build`` and ``twine`` are in the test extra, and
``python -m build`` fetches the build backend (hatchling) into an isolated environment, as a release
would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from argmap import __version__

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def test_wheel_and_sdist_pass_twine_check(dist: Path):
    files = sorted(p.name for p in dist.iterdir())
    assert files == [f"argmap-{__version__}-py3-none-any.whl", f"argmap-{__version__}.tar.gz"]
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *sorted(str(p) for p in dist.iterdir())],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_the_wheel_holds_what_argmap_needs_at_run_time(dist: Path):
    with zipfile.ZipFile(dist / f"argmap-{__version__}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        meta = wheel.read(f"argmap-{__version__}.dist-info/METADATA").decode()
        scripts = wheel.read(f"argmap-{__version__}.dist-info/entry_points.txt").decode()
    for needed in ("argmap/py.typed", "argmap/html/report.js", "argmap/html/report.css", "argmap/__main__.py"):
        assert needed in names, needed
    assert any(n.startswith("argmap/_corpus/") and n.endswith(".md") for n in names)  # the sample corpus
    assert not any(n.startswith(("tests/", "docs/")) for n in names)
    assert "argmap = argmap.cli:main" in scripts
    for label in ("Homepage", "Documentation", "Changelog", "Issues"):
        assert f"Project-URL: {label}, https://github.com/argmap/argmap" in meta, label


def test_the_sdist_holds_the_docs_and_the_tests(dist: Path):
    with tarfile.open(dist / f"argmap-{__version__}.tar.gz") as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in ("README.md", "CHANGELOG.md", "docs/README.md", "docs/codes.md", "pyproject.toml"):
        assert needed in names, needed
    assert any(n.startswith("tests/test_") for n in names)
    assert not any(n.startswith((".venv/", ".argmap-cache/", "build/")) for n in names)


def test_project_urls_and_the_test_extra():
    assert set(PROJECT["urls"]) == {"Homepage", "Documentation", "Changelog", "Issues"}
    extra = " ".join(PROJECT["optional-dependencies"]["test"])
    for tool in ("build", "twine", "ruff", "mypy"):
        assert re.search(rf"\b{tool}\b", extra), tool
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "placeholder" in changelog  # the repository address is not real yet, and the changelog says so


def _docs() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]]


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def test_the_pre_commit_snippet_names_a_hook_that_exists_at_a_rev_that_exists():
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    snippets = 0
    for path, text in _docs():
        for block in _yaml_blocks(text):
            config = yaml.safe_load(block)
            if not isinstance(config, dict) or "repos" not in config:
                continue
            for repo in config["repos"]:
                if "github.com/argmap/argmap" not in repo["repo"]:
                    continue
                snippets += 1
                rev = str(repo["rev"])
                # a branch, a commit, or a tag that exists: not a release tag made up in advance
                assert rev == "main" or re.fullmatch(r"[0-9a-f]{40}", rev) or rev in tags, (path, rev)
                assert "placeholder" in block, path
                for hook in repo["hooks"]:
                    assert hook["id"] in hooks, (path, hook["id"])
    assert snippets >= 1


def test_install_instructions_point_at_what_exists_or_say_they_do_not():
    """``pip install git+https://github.com/argmap/argmap`` names a placeholder: each one says so."""
    for path, text in _docs():
        for block in re.findall(r"^```\w*\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
            for line in block.splitlines():
                if "pip install" in line and "github.com/argmap/argmap" in line:
                    assert "placeholder" in block, (path, line)
        assert "pip install argmap" not in text, path  # it is not on PyPI


def test_the_contributors_pre_commit_config_runs_ruff_and_strict_mypy():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"ruff-check", "ruff-format", "mypy"}
    assert hooks["ruff-check"]["entry"].split()[1:3] == ["check", "--force-exclude"]
    assert hooks["ruff-format"]["entry"].split()[1:2] == ["format"]
    assert hooks["mypy"]["entry"].endswith("mypy --strict argmap")
    assert hooks["mypy"]["pass_filenames"] is False
    for hook in hooks.values():  # the tools of the project's environment, which the test extra installs
        assert hook["entry"].startswith(".venv/bin/"), hook["id"]
