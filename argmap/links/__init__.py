"""``argmap check --online``: are the cited URLs still alive?

The package knows nothing of the terminal or the corpus format. Give it
``(url, Location)`` pairs and a :class:`LinkConfig`; get back
:class:`~argmap.errors.Diagnostic` values (codes AM401 to AM405, listed
in :mod:`argmap.codes` and described in :mod:`argmap.links.findings`).

===================== ==========================================================
module                job
===================== ==========================================================
``config``            settings: defaults, ``[tool.argmap.links]``, flag overrides
``policy``            which URLs may be requested (scheme, excluded addresses)
``outcome``           verdicts, and how errors and status codes are classified
``checker``           the HTTP engine (aiohttp, asyncio), imported lazily
``pools``             one aiohttp session per host, idle ones closed
``cache``             successes on disk, with a maximum age
``findings``          outcomes to diagnostics
``changed``           ``--changed-since``: files changed since a git revision
===================== ==========================================================

aiohttp is imported only when a check runs, so importing this package is cheap.
"""

from __future__ import annotations

from argmap.links.cache import LinkCache
from argmap.links.config import LinkConfig, find_pyproject, load_config
from argmap.links.findings import LinkReport, check_links

__all__ = ["LinkCache", "LinkConfig", "LinkReport", "check_links", "find_pyproject", "load_config"]
