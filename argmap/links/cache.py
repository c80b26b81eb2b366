"""The result cache: successes only, each valid for a maximum age.

Failures are never cached: a cached failure would hide a link that has come
back. A success older than the maximum age is checked again. The file is JSON,
keys sorted, written atomically, so a CI cache step can save and restore it::

    {"version": 1,
     "links": {"https://example.org/a": {"checked": 1732240000.0, "status": 200},
               "http://example.org/old": {"checked": 1732240000.0, "status": 200,
                                          "moved_to": "https://example.org/new", "moved_status": 301}}}
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argmap.corpus.files import atomic_write, read_regular_file
from argmap.errors import ArgmapError

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class CachedSuccess:
    """A URL that answered with an accepted status code at time ``checked`` (Unix seconds)."""

    checked: float
    status: int
    moved_to: str | None = None
    moved_status: int | None = None


class LinkCache:
    """A map from request URL to its last success, loaded from and saved to one JSON file."""

    def __init__(self, path: Path, max_age: float, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.max_age = max_age
        self._clock = clock
        self._entries: dict[str, CachedSuccess] = {}
        self._dirty = False
        #: Why the file could not be used (it is then rebuilt), or, after a check, not written.
        self.problem: str | None = None

    @classmethod
    def load(cls, path: Path, max_age: float, clock: Callable[[], float] = time.time) -> LinkCache:
        """Read ``path``; a missing file is an empty cache, so is an unreadable or corrupt one."""
        cache = cls(path, max_age, clock)
        try:  # the guarded reader: a FIFO or a link to /dev/zero is unreadable, not a hang
            raw = json.loads(read_regular_file(path).decode("utf-8"))
        except FileNotFoundError:
            return cache
        except (OSError, ValueError, RecursionError) as exc:  # ValueError: not UTF-8, not JSON
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            cache.problem = f"ignored unreadable link cache {str(path)!r}: {reason}"
            return cache
        links = raw.get("links") if isinstance(raw, dict) and raw.get("version") == FORMAT_VERSION else None
        if not isinstance(links, dict):
            cache.problem = f"ignored link cache {str(path)!r} in an unknown format"
            return cache
        for url, entry in links.items():
            success = _entry(entry)
            if isinstance(url, str) and success is not None:
                cache._entries[url] = success
        return cache

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, url: str) -> CachedSuccess | None:
        """The cached success of ``url`` if it is younger than the maximum age."""
        entry = self._entries.get(url)
        if entry is None:
            return None
        age = self._clock() - entry.checked
        return entry if 0 <= age <= self.max_age else None

    def put(self, url: str, success: CachedSuccess) -> None:
        """Record a success (checked now, or at ``success.checked``)."""
        self._entries[url] = success
        self._dirty = True

    def forget(self, url: str) -> None:
        """Drop ``url``, so a failure after an earlier success is not hidden."""
        if self._entries.pop(url, None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write the unexpired entries, atomically; does nothing if nothing changed.

        Raises :class:`~argmap.errors.ArgmapError` if the file cannot be written.
        """
        if not self._dirty:
            return
        now = self._clock()
        links: dict[str, dict[str, object]] = {}
        for url in sorted(self._entries):
            entry = self._entries[url]
            if now - entry.checked > self.max_age:
                continue
            record: dict[str, object] = {"checked": round(entry.checked, 3), "status": entry.status}
            if entry.moved_to is not None:
                record["moved_to"] = entry.moved_to
                record["moved_status"] = entry.moved_status
            links[url] = record
        payload = json.dumps({"version": FORMAT_VERSION, "links": links}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, payload + "\n")
        except OSError as exc:
            raise ArgmapError(
                f"cannot write the link cache {str(self.path)!r}: {exc.strerror or exc}; "
                "set cache-path to a writable file, or check without the cache",
                options=("no_cache",),
            ) from None
        self._dirty = False


def _entry(raw: object) -> CachedSuccess | None:
    if not isinstance(raw, dict):
        return None
    checked, status = raw.get("checked"), raw.get("status")
    moved_to, moved_status = raw.get("moved_to"), raw.get("moved_status")
    if not isinstance(checked, int | float) or isinstance(checked, bool):
        return None
    if not isinstance(status, int) or isinstance(status, bool):
        return None
    if moved_to is not None and (not isinstance(moved_to, str) or not isinstance(moved_status, int)):
        return None
    return CachedSuccess(float(checked), status, moved_to, moved_status if moved_to is not None else None)
