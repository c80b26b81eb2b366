#!/usr/bin/env bash
# The main job on the shipped corpus: install, then check it, show it, render it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
argmap=.venv/bin/argmap
$argmap --version
echo "== argmap check --strict" >&2
$argmap check --strict
echo "== argmap export --format json -o build/corpus.json" >&2
mkdir -p build
$argmap export --format json -o build/corpus.json
echo "wrote build/corpus.json" >&2
