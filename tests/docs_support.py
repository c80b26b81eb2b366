"""What the tests that run the documentation's commands share: the environment a reader's shell has."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def reader_env() -> dict[str, str]:
    """A shell's environment as the pages assume it: this Python's argmap on PATH, 80 columns, no
    colour, no cache, no ARGMAP_CORPUS, stdout and stderr interleaved as in a terminal."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as in a terminal
        "ARGMAP_NO_CACHE": "1",
        "COLUMNS": "80",
        "NO_COLOR": "1",
    }
    env.pop("ARGMAP_CORPUS", None)
    return env
