#!/usr/bin/env bash
# The main job on the shipped corpus: install, check it, show it, render it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
argmap=.venv/bin/argmap
echo "== argmap check --strict" >&2
$argmap check --strict
echo "== argmap show" >&2
$argmap show
