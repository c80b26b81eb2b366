"""Settings of the online link check: defaults, ``[tool.argmap.links]`` in pyproject.toml, flags.

Precedence: a flag given on the command line beats the pyproject.toml key, which
beats the default. Every key is optional::

    [tool.argmap.links]
    accept = ["200-299", 403]     # status codes that count as alive
    exclude = ['^https://example\\.com/private/']   # regexes (re.search) on the URL
    timeout = 20                  # seconds per request (a number, or "20s", "1m")
    max-retries = 3               # retries after a timeout, connection error, 408/429/502/503/504
    retry-wait = 1                # first backoff in seconds; doubles on each retry
    max-retry-wait = 30           # longest single wait, Retry-After included
    concurrency = 128             # requests in flight overall
    per-host = 8                  # requests in flight per host (scheme, name, port)
    max-redirects = 10
    cache = true
    cache-path = "build/links.json"   # relative to the pyproject.toml (default: $ARGMAP_CACHE_DIR/links.json,
                                      # else .argmap-cache/links.json in the working folder)
    max-cache-age = "1d"          # seconds, or "30m", "12h", "1d", "2w"
    permanent-severity = "error"  # 404, 410, DNS name not found: error, warning or off
    transient-severity = "warning"  # timeouts, 5xx, 429 after retries: error, warning or off
    exclude-private = false       # skip (and flag) 10/8, 172.16/12, 192.168/16, link-local, fc00::/7
    exclude-loopback = false      # skip (and flag) 127/8, ::1, localhost
    user-agent = "argmap/<version> (link check)"

The keys live in a sub-table of ``[tool.argmap]`` so that names such as
``exclude`` and ``timeout`` cannot collide with other features' settings.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from argmap.errors import Severity, UsageError

#: The name of the result cache in argmap's cache folder (see :mod:`argmap.corpus.cache`).
CACHE_FILE = "links.json"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def _default_user_agent() -> str:
    import argmap

    version = getattr(argmap, "__version__", "0")
    return f"argmap/{version} (link check; +https://github.com/argmap/argmap)"


@dataclass(frozen=True, slots=True)
class LinkConfig:
    """Everything the online check needs to know. Build one with :func:`load_config`."""

    #: Final status codes (after redirects) that count as alive.
    accept: frozenset[int] = frozenset(range(200, 300))
    #: Regular expressions; a URL that any of them matches (``re.search``) is skipped silently.
    exclude: tuple[str, ...] = ()
    #: Seconds allowed for each of connect, send and receive of one request.
    timeout: float = 20.0
    #: Retries after a timeout, a connection error or a 408/429/502/503/504 response.
    max_retries: int = 3
    #: First backoff in seconds; doubled for every further retry.
    retry_wait: float = 1.0
    #: Longest single wait in seconds; a longer ``Retry-After`` ends the retries.
    max_retry_wait: float = 30.0
    #: Requests in flight overall (also the size of the connection pool).
    concurrency: int = 128
    #: Requests in flight per origin (scheme, host, port).
    per_host: int = 8
    #: Redirects followed before a link counts as dead.
    max_redirects: int = 10
    #: Whether to read and write the result cache.
    cache: bool = True
    #: Where the cache file lives (absolute once loaded).
    cache_path: Path = Path(".argmap-cache", CACHE_FILE)
    #: Seconds a cached success stays valid.
    max_cache_age: float = 86400.0
    #: Severity of a permanent failure (AM401); ``None`` means "off".
    permanent_severity: Severity | None = Severity.ERROR
    #: Severity of a transient failure (AM402); ``None`` means "off".
    transient_severity: Severity | None = Severity.WARNING
    #: Skip, and report as AM405, URLs whose host is a private-network or link-local address.
    exclude_private: bool = False
    #: Skip, and report as AM405, URLs whose host is a loopback address or ``localhost``.
    exclude_loopback: bool = False
    #: The ``User-Agent`` header sent with every request.
    user_agent: str = field(default_factory=_default_user_agent)

    def is_excluded(self, url: str) -> bool:
        """Whether a pattern in :attr:`exclude` matches ``url``."""
        return any(re.search(pattern, url) for pattern in self.exclude)


#: pyproject.toml key -> LinkConfig field name.
KEYS: dict[str, str] = {f.name.replace("_", "-"): f.name for f in fields(LinkConfig)}


def parse_duration(value: object, what: str) -> float:
    """Seconds from a number or a string such as ``"500ms"``, ``"20s"``, ``"12h"``, ``"1d"``."""
    if isinstance(value, bool):
        raise UsageError(f"{what}: expected a duration such as 20, '30s' or '1d', got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]
    else:
        raise UsageError(f"{what}: expected a duration such as 20, '30s' or '1d', got {value!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise UsageError(f"{what}: expected a duration of zero or more seconds, got {value!r}")
    return seconds


def parse_status_codes(value: object, what: str) -> frozenset[int]:
    """Status codes from ``[200, "300-399"]`` or a comma-separated string ``"200-299,403"``."""
    items: list[object]
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        raise UsageError(f"{what}: expected status codes such as [200, '300-399'], got {value!r}")
    codes: set[int] = set()
    for item in items:
        low: int
        high: int
        if isinstance(item, int) and not isinstance(item, bool):
            low = high = item
        elif isinstance(item, str) and re.fullmatch(r"\d{3}", item.strip()):
            low = high = int(item)
        elif isinstance(item, str) and (match := re.fullmatch(r"\s*(\d{3})\s*(?:-|\.\.=?)\s*(\d{3})\s*", item)):
            low, high = int(match.group(1)), int(match.group(2))
        else:
            raise UsageError(f"{what}: expected a status code or a range such as '200-299', got {item!r}")
        if not 100 <= low <= high <= 599:
            raise UsageError(f"{what}: status codes run from 100 to 599, got {item!r}")
        codes.update(range(low, high + 1))
    if not codes:
        raise UsageError(f"{what}: at least one status code must count as alive")
    return frozenset(codes)


def parse_severity(value: object, what: str) -> Severity | None:
    """``"error"``, ``"warning"`` or ``"off"`` (``None``)."""
    if value == "off":
        return None
    if isinstance(value, str) and value in {s.value for s in Severity}:
        return Severity(value)
    raise UsageError(f"{what}: expected 'error', 'warning' or 'off', got {value!r}")


def _parse_int(value: object, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{what}: expected a whole number, got {value!r}")
    if value < minimum:
        raise UsageError(f"{what}: expected a number of at least {minimum}, got {value!r}")
    return value


def _parse_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{what}: expected true or false, got {value!r}")
    return value


def _parse_patterns(value: object, what: str) -> tuple[str, ...]:
    patterns = [value] if isinstance(value, str) else value
    if not isinstance(patterns, list | tuple) or not all(isinstance(p, str) for p in patterns):
        raise UsageError(f"{what}: expected a list of regular expressions, got {value!r}")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"{what}: {pattern!r} is not a valid regular expression: {exc}") from None
    return tuple(patterns)


def _parse_value(name: str, value: object, what: str, base: Path) -> object:
    """Check and convert one setting; ``name`` is a LinkConfig field."""
    if name == "accept":
        return parse_status_codes(value, what)
    if name == "exclude":
        return _parse_patterns(value, what)
    if name in {"timeout", "retry_wait", "max_retry_wait", "max_cache_age"}:
        seconds = parse_duration(value, what)
        if name == "timeout" and seconds <= 0:
            raise UsageError(f"{what}: the timeout must be more than zero seconds, got {value!r}")
        return seconds
    if name in {"concurrency", "per_host"}:
        return _parse_int(value, what, 1)
    if name in {"max_retries", "max_redirects"}:
        return _parse_int(value, what, 0)
    if name in {"cache", "exclude_private", "exclude_loopback"}:
        return _parse_bool(value, what)
    if name in {"permanent_severity", "transient_severity"}:
        return parse_severity(value, what)
    if name == "cache_path":
        if not isinstance(value, str | Path) or not str(value):
            raise UsageError(f"{what}: expected a file path, got {value!r}")
        return base / Path(value)
    if name == "user_agent":
        if not isinstance(value, str) or not value or any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise UsageError(f"{what}: expected one line of printable text, got {value!r}")
        return value
    raise AssertionError(f"unhandled setting {name}")  # pragma: no cover - KEYS and this stay in step


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` or a folder above it."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def read_pyproject_table(pyproject: Path) -> dict[str, object]:
    """The ``[tool.argmap.links]`` table of ``pyproject`` (empty when there is none)."""
    import tomllib

    try:
        with pyproject.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"cannot read {pyproject}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{pyproject} is not valid TOML: {exc}") from None
    node: object = data
    for key in ("tool", "argmap", "links"):
        node = node.get(key, {}) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        raise UsageError(f"{pyproject}: [tool.argmap.links] must be a table")
    return {str(key): value for key, value in node.items()}


def load_config(
    pyproject: Path | None = None,
    overrides: Mapping[str, object] | None = None,
    *,
    base: Path | None = None,
) -> LinkConfig:
    """Defaults, then ``[tool.argmap.links]`` of ``pyproject``, then ``overrides``.

    ``overrides`` maps LinkConfig field names (``"timeout"``, ``"max_cache_age"``,
    ...) to raw values as a flag gives them (``"30s"``, ``"200-299,403"``);
    ``None`` values are ignored, so unset flags can be passed straight through.
    ``exclude`` patterns are added to the file's; every other value replaces it.
    The cache is ``links.json`` in argmap's cache folder (``$ARGMAP_CACHE_DIR``,
    else ``.argmap-cache`` in ``base``, default the working folder), like the
    parse cache's; a ``cache-path`` in the file is relative to the file's folder.
    Raises :class:`~argmap.errors.UsageError` for an unknown key or a bad value.
    """
    from argmap.corpus.cache import CACHE_DIR_ENV, DEFAULT_CACHE_DIR

    root = (pyproject.parent if pyproject is not None else (base or Path.cwd())).resolve()
    folder = Path(os.environ.get(CACHE_DIR_ENV) or (base or Path.cwd()) / DEFAULT_CACHE_DIR)
    settings: dict[str, object] = {"cache_path": folder.resolve() / CACHE_FILE}
    if pyproject is not None:
        for key, value in sorted(read_pyproject_table(pyproject).items()):
            name = KEYS.get(key)
            if name is None:
                import difflib

                close = difflib.get_close_matches(key, sorted(KEYS), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(sorted(KEYS))}"
                raise UsageError(f"{pyproject}: unknown key {key!r} in [tool.argmap.links]{hint}")
            settings[name] = _parse_value(name, value, f"{pyproject}: [tool.argmap.links] {key}", root)
    for name, value in sorted((overrides or {}).items()):
        if value is None:
            continue
        if name not in KEYS.values():
            raise ValueError(f"unknown link-check setting {name!r}")
        flag = "--exclude-url" if name == "exclude" else "--" + name.replace("_", "-")
        parsed = _parse_value(name, value, f"option {flag}", Path.cwd())
        if name == "exclude":  # patterns given on the command line add to those of the file
            parsed = (*settings.get("exclude", ()), *parsed)  # type: ignore[misc]
        settings[name] = parsed
    return replace(LinkConfig(), **settings)  # type: ignore[arg-type]
