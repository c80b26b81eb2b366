#!/usr/bin/env bash
# Install argmap with its test dependencies, run the gates (lint, format, types), then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# The gates, before the tests: any finding stops the script. The tools are the test extra's pinned
# versions, with their settings in pyproject.toml ([tool.ruff], [tool.mypy]: mypy --strict on argmap).
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# setup.sh installed Pandoc: the comparison with it (tests/test_pandoc.py) must run, not skip
export ARGMAP_REQUIRE_PANDOC=1
exec .venv/bin/python -m pytest "$@"
