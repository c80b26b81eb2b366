#!/usr/bin/env bash
# Install everything argmap needs on a Debian machine with Python 3.11+:
# Graphviz (dot) and, if missing, Python's venv module, from Debian's packages;
# then a virtual environment in .venv with argmap installed (editable).
#   scripts/setup.sh          the tool
#   scripts/setup.sh --test   the tool and its test dependencies, Debian's chromium among them
#                             (the report's browser tests drive it with Playwright; Playwright's
#                             own browser download is never used)
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
python=${PYTHON:-python3}

packages=()
command -v dot >/dev/null 2>&1 || packages+=(graphviz)
if [ -n "$extras" ] && [ ! -x /usr/bin/chromium ]; then
  packages+=(chromium)
fi
if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=("python3-venv")
fi
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${packages[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${packages[*]} with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
