"""Shared test set-up: a pinned terminal, golden files, paths to fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Pin the terminal so rich output is the same everywhere.
os.environ["COLUMNS"] = "80"
os.environ.pop("FORCE_COLOR", None)
os.environ.pop("ARGMAP_CORPUS", None)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden(name, actual)``: compare with tests/goldens/NAME, or rewrite it with --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def compare(name: str, actual: str) -> None:
        path = Path(__file__).parent / "goldens" / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {path} did not exist; written, check it and re-run")
        assert actual == path.read_text(encoding="utf-8")

    return compare


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so paths print as in the documentation."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The link-check tests' server is on loopback: a proxy from the environment must not get in between."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    """A running :class:`loopback_server.LoopbackServer`, shared by a module's tests."""
    from loopback_server import LoopbackServer

    with LoopbackServer() as running:
        yield running
