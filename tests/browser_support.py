"""Headless Chromium for the report's tests and benchmarks: Debian's /usr/bin/chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Debian's chromium (scripts/setup.sh --test installs it); Playwright's own download is never used.
CHROMIUM = os.environ.get("ARGMAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Flags that keep Chromium quiet on a machine with no network (and as root in CI).
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: Where screenshots are kept (gitignored): look at them after a run.
SHOTS = Path(__file__).parent.parent / "build" / "screenshots"


def available() -> bool:
    if not Path(CHROMIUM).is_file():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def launch(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
