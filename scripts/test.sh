#!/usr/bin/env bash
# Install argmap with its test dependencies, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# setup.sh installed Pandoc: the comparison with it (tests/test_pandoc.py) must run, not skip
export ARGMAP_REQUIRE_PANDOC=1
exec .venv/bin/python -m pytest "$@"
