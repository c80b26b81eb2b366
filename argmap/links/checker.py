"""Checking URLs over HTTP with aiohttp: concurrent, bounded, retried, cached.

How one URL is checked:

1. Answered from the cache if it succeeded within the maximum age.
2. ``HEAD`` first; ``GET`` when the answer to ``HEAD`` is neither a success nor a
   redirect nor a "try again later" status (servers that refuse ``HEAD`` say 405,
   501, 403, 400, even 404). A host that answered 405 or 501 gets ``GET`` only.
3. Redirects are followed one hop at a time (so every hop is a request of its own
   host, bounded like any other), up to ``max_redirects``; a chain of permanent
   redirects (301, 308) at the start is remembered so it can be reported.
4. Timeouts, connection errors and 408/429/502/503/504 are retried with
   exponential backoff; a ``Retry-After`` on 429/503 replaces the backoff (up to
   ``max_retry_wait``) and pauses the whole host.
5. The first request to a host goes alone; if the host cannot be reached (DNS,
   connection, TLS), the remaining URLs on it share that result instead of each
   retrying, so a dead host or a machine with no network is reported quickly.

At most ``concurrency`` requests are in flight, and at most ``per_host`` to one
origin (scheme, host, port); connections are kept alive (see :mod:`argmap.links.pools`).
Each request has ``timeout`` seconds to connect (name lookup and TLS included),
``timeout`` seconds between reads, and twice ``timeout`` in all.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from argmap.errors import ArgmapError
from argmap.links.cache import CachedSuccess, LinkCache
from argmap.links.config import LinkConfig
from argmap.links.outcome import (
    PERMANENT_REDIRECTS,
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    ErrorKind,
    LinkStats,
    Outcome,
    ProgressFn,
    Verdict,
    attempts_text,
    classify_error,
    classify_status,
    status_text,
)
from argmap.links.policy import host_of, refusal, request_url

if TYPE_CHECKING:
    from argmap.links.pools import Origin, OriginSessions

#: Bytes of a ``GET`` body read (to keep the connection alive) before giving up on it.
_BODY_LIMIT = 64 * 1024
#: The port of an origin whose URL names none.
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Where the authority (host and port) of a URL ends, as in ``urlsplit``.
_AUTHORITY_END = re.compile(r"[/?#]")


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    location: str | None
    attempts: int
    #: Why retrying stopped early (a ``Retry-After`` longer than allowed).
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Failure:
    kind: ErrorKind
    attempts: int


class _Host:
    """Per-origin state shared by every request to it."""

    __slots__ = ("failure", "gate", "head_refused", "origin", "reachable", "resume_at", "slots")

    def __init__(self, origin: Origin, per_host: int) -> None:
        self.origin = origin
        self.slots = asyncio.Semaphore(per_host)
        self.gate = asyncio.Lock()
        self.reachable = False
        self.failure: _Failure | None = None
        self.head_refused = False
        self.resume_at = 0.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay in seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _Checker:
    def __init__(self, sessions: OriginSessions, config: LinkConfig, stats: LinkStats) -> None:
        self.sessions = sessions
        self.config = config
        self.stats = stats
        self.overall = asyncio.Semaphore(config.concurrency)
        self.hosts: dict[Origin, _Host] = {}
        #: (scheme, authority) as written in a URL -> its host; saves parsing every URL in full.
        self._by_prefix: dict[tuple[str, str], _Host] = {}
        self.reached_any = False

    def _host(self, url: str) -> _Host:
        scheme, _, rest = url.partition("://")
        prefix = (scheme, _AUTHORITY_END.split(rest, maxsplit=1)[0])
        host = self._by_prefix.get(prefix)
        if host is None:
            host = self._by_prefix[prefix] = self._origin_host(url)
        return host

    def _origin_host(self, url: str) -> _Host:
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://[::1": the request fails as an invalid URL
            parts = urlsplit("")
        scheme = parts.scheme.lower()
        try:
            port = parts.port
        except ValueError:
            port = None
        key = (scheme, (parts.hostname or "").rstrip("."), port or _DEFAULT_PORTS.get(scheme, 0))
        host = self.hosts.get(key)
        if host is None:
            host = self.hosts[key] = _Host(key, self.config.per_host)
        return host

    def _backoff(self, attempt: int) -> float:
        return min(self.config.retry_wait * 2.0 ** (attempt - 1), self.config.max_retry_wait)

    async def check(self, url: str) -> Outcome:
        """Follow ``url`` through its redirects to a verdict."""
        config = self.config
        current = url
        moved_to: str | None = None
        moved_status: int | None = None
        permanent_so_far = True
        for _hop in range(config.max_redirects + 1):
            if current != url and (refused := refusal(current, config)) is not None:
                code, why = refused
                return Outcome(Verdict.SKIPPED, f"redirects to {current!r}, {why}", skip_code=code)
            result = await self._fetch(current)
            where = "" if current == url else f" at {current!r} (redirected)"
            if isinstance(result, _Failure):
                kind = result.kind
                if kind.skip_code is not None:  # the resolver kept an excluded address from being connected to
                    return Outcome(kind.verdict, kind.reason + where, skip_code=kind.skip_code)
                return Outcome(
                    kind.verdict,
                    kind.reason + attempts_text(result.attempts) + where,
                    local_failure=kind.local,
                )
            status = result.status
            if status in config.accept:
                return Outcome(Verdict.OK, status=status, moved_to=moved_to, moved_status=moved_status)
            if status in REDIRECT_STATUSES:
                if not result.location:
                    return Outcome(Verdict.PERMANENT, f"{status_text(status)} without a Location header{where}")
                try:
                    target = urljoin(current, result.location.strip())
                except ValueError:
                    return Outcome(Verdict.PERMANENT, f"redirect to an invalid URL {result.location!r}{where}")
                if permanent_so_far and status in PERMANENT_REDIRECTS:
                    moved_to = target
                    moved_status = moved_status or status
                else:
                    permanent_so_far = False
                current = request_url(target)
                continue
            reason = status_text(status) + attempts_text(result.attempts) + where
            if result.note:
                reason += f"; {result.note}"
            return Outcome(classify_status(status), reason, status=status)
        return Outcome(Verdict.PERMANENT, f"too many redirects (more than {config.max_redirects})")

    async def _fetch(self, url: str) -> _Answer | _Failure:
        """One URL, no redirects followed, with the host's gate and memo."""
        host = self._host(url)
        if host.failure is not None:
            return host.failure
        if not host.reachable:
            async with host.gate:
                if host.failure is not None:
                    return host.failure
                if not host.reachable:
                    return await self._attempts(url, host)
        return await self._attempts(url, host)

    async def _attempts(self, url: str, host: _Host) -> _Answer | _Failure:
        """Request ``url`` until it answers, retrying and falling back from HEAD to GET."""
        import aiohttp

        config = self.config
        loop = asyncio.get_running_loop()
        use_get = False
        attempt = 1
        while True:
            pause = host.resume_at - loop.time()
            if pause > 0:
                await asyncio.sleep(pause)
            try:
                async with host.slots, self.overall:
                    method = "GET" if use_get or host.head_refused else "HEAD"
                    self.stats.requests += 1
                    status, location, retry_after = await self._send(method, url, host.origin)
            except (aiohttp.ClientError, OSError, ValueError) as exc:  # TimeoutError is an OSError
                kind = classify_error(exc, host_of(url), config.timeout)
                if kind.reached:
                    host.reachable = self.reached_any = True
                if kind.retry and attempt <= config.max_retries:
                    await asyncio.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                failure = _Failure(kind, attempt)
                if kind.host_level:
                    host.failure = failure
                return failure
            host.reachable = self.reached_any = True
            if status in config.accept or status in REDIRECT_STATUSES:
                return _Answer(status, location, attempt)
            if method == "HEAD" and status not in RETRY_STATUSES:
                # The server may refuse HEAD (405, 501, often 403 or 400, sometimes 404): ask again with GET.
                if status in {405, 501}:
                    host.head_refused = True
                use_get = True
                continue
            if status in RETRY_STATUSES and attempt <= config.max_retries:
                wait = self._backoff(attempt)
                if status in {429, 503} and (asked := retry_after_seconds(retry_after)) is not None:
                    if asked > config.max_retry_wait:
                        limit = f"{config.max_retry_wait:g} s"
                        note = f"the server asked to wait {asked:g} s, more than max-retry-wait ({limit})"
                        return _Answer(status, location, attempt, note)
                    wait = asked
                    host.resume_at = max(host.resume_at, loop.time() + wait)
                await asyncio.sleep(wait)
                attempt += 1
                continue
            return _Answer(status, location, attempt)

    async def _send(self, method: str, url: str, origin: Origin) -> tuple[int, str | None, str | None]:
        """Send one request; return its status, ``Location`` and ``Retry-After``.

        The body of a ``GET`` is read to its end (up to a limit, then the connection
        is dropped) so the connection can be reused; a ``HEAD`` response has none.
        """
        entry = self.sessions.acquire(origin)
        try:
            async with entry.session.request(method, url, allow_redirects=False, proxy=entry.proxy) as response:
                if method != "HEAD":
                    read = 0
                    while read <= _BODY_LIMIT and (chunk := await response.content.readany()):
                        read += len(chunk)
                headers = response.headers
                return response.status, headers.get("Location"), headers.get("Retry-After")
        finally:
            self.sessions.release(entry)


async def _run(
    urls: list[str],
    config: LinkConfig,
    stats: LinkStats,
    progress: ProgressFn | None,
) -> dict[str, Outcome]:
    import aiohttp

    from argmap.links.pools import OriginSessions

    loop = asyncio.get_running_loop()
    # Name lookups run in threads; enough of them that many hosts resolve in parallel.
    executor = ThreadPoolExecutor(max_workers=min(64, config.concurrency), thread_name_prefix="argmap-dns")
    loop.set_default_executor(executor)
    timeout = aiohttp.ClientTimeout(total=2 * config.timeout, connect=config.timeout, sock_read=config.timeout)
    sessions = OriginSessions(
        per_host=config.per_host,
        max_origins=max(16, config.concurrency),
        timeout=timeout,
        headers={"User-Agent": config.user_agent, "Accept": "*/*"},
        exclude_loopback=config.exclude_loopback,
        exclude_private=config.exclude_private,
    )
    checker = _Checker(sessions, config, stats)
    outcomes: dict[str, Outcome] = {}
    try:

        async def one(url: str) -> None:
            outcomes[url] = await checker.check(url)
            if progress is not None:
                progress(len(outcomes), len(urls))

        async with asyncio.TaskGroup() as group:
            for url in urls:
                group.create_task(one(url))
    finally:
        await sessions.aclose()
    stats.network_down = not checker.reached_any and any(o.local_failure for o in outcomes.values())
    return outcomes


def check_urls(
    urls: Iterable[str],
    config: LinkConfig,
    *,
    cache: LinkCache | None = None,
    progress: ProgressFn | None = None,
) -> tuple[dict[str, Outcome], LinkStats]:
    """Check each distinct URL once; return ``{request_url: Outcome}`` and the run's counts.

    URLs are keyed by :func:`~argmap.links.policy.request_url` (fragment removed).
    URLs that :func:`~argmap.links.policy.refusal` rejects are never requested,
    nor are those matching an ``exclude`` pattern (they are left out of the result).
    Successes are written to ``cache`` (and saved); failures are removed from it.
    A cache that cannot be saved does not stop the check: ``cache.problem`` says why.
    """
    stats = LinkStats()
    outcomes: dict[str, Outcome] = {}
    to_fetch: list[str] = []
    for url in sorted({request_url(u) for u in urls}):
        if config.is_excluded(url):
            continue
        stats.urls += 1
        refused = refusal(url, config)
        if refused is not None:
            stats.skipped += 1
            outcomes[url] = Outcome(Verdict.SKIPPED, refused[1], skip_code=refused[0])
            continue
        hit = cache.get(url) if cache is not None else None
        if hit is not None and hit.status in config.accept:
            stats.cached += 1
            outcomes[url] = Outcome(
                Verdict.OK, status=hit.status, moved_to=hit.moved_to, moved_status=hit.moved_status, cached=True
            )
            continue
        to_fetch.append(url)
    stats.fetched = len(to_fetch)
    if to_fetch:
        started = time.time()
        fetched = asyncio.run(_run(to_fetch, config, stats, progress))
        for url in to_fetch:
            outcome = fetched[url]
            outcomes[url] = outcome
            if cache is None:
                continue
            if outcome.verdict is Verdict.OK and outcome.status is not None:
                cache.put(url, CachedSuccess(started, outcome.status, outcome.moved_to, outcome.moved_status))
            else:
                cache.forget(url)
        if cache is not None:
            try:
                cache.save()
            except ArgmapError as exc:  # the findings matter more than the cache: keep them
                cache.problem = str(exc)
    return dict(sorted(outcomes.items())), stats
