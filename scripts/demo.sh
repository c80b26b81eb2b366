#!/usr/bin/env bash
# The main job on the shipped corpus: install, then check it, show it, render it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
argmap=.venv/bin/argmap
$argmap --version
echo "== argmap check --strict" >&2
$argmap check --strict
echo "== argmap show" >&2
$argmap show
echo "== argmap render --all --check (the committed maps are current)" >&2
$argmap render --all --check
echo "== argmap render debate -o build/debate.svg (and .png)" >&2
mkdir -p build
$argmap render debate -o build/debate.svg
$argmap render debate -o build/debate.png
echo "wrote build/debate.svg and build/debate.png; the shipped maps are in maps/ (see maps/README.md)" >&2
