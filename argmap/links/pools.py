"""Connections for the link check: an aiohttp session per origin (imported only when a check runs).

Each origin (scheme, host, port) gets a ``ClientSession`` over a
``TCPConnector`` of its own, which keeps up to ``per_host`` connections alive
(``limit`` and ``limit_per_host``) and caches the host's addresses. The checker
never has more than ``per_host`` requests in flight to an origin, so the
connector never makes a request wait for a connection, and its connect timeout
measures connecting only.

Why not one connector for every origin: aiohttp's limits count connections in
use, not idle kept-alive ones, which it closes only after ``keepalive_timeout``.
A check visits hundreds of hosts in that time, and their idle sockets would pile
up past the limit of open files. Here the sessions of origins with nothing in
flight are closed, least recently used first, once more than ``max_origins``
are open, which bounds the open sockets to about ``max_origins * per_host``.

Proxies come from ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY`` and
``NO_PROXY``, read once, not on every request as aiohttp's ``trust_env`` does.

Names are resolved by a :class:`GuardedResolver`, which keeps the addresses
that ``exclude-loopback`` and ``exclude-private`` forbid from ever being
connected to, whatever name led to them.
"""

from __future__ import annotations

import asyncio
import socket
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Mapping

import aiohttp

from argmap.errors import ArgmapError
from argmap.links.policy import ExcludedAddress, address_kind

#: (scheme, host, port): the port is the scheme's default when the URL has none.
Origin = tuple[str, str, int]

#: The largest header line and field accepted (aiohttp's default, 8 KiB, rejects real sites' long
#: Content-Security-Policy and Set-Cookie headers).
_MAX_HEADER = 64 * 1024


class GuardedResolver(aiohttp.ThreadedResolver):
    """``getaddrinfo`` in a thread, then only the addresses the settings allow.

    A name that resolves to a loopback address under ``exclude-loopback`` (or
    a private one under ``exclude-private``) loses those addresses; if none is
    left, :class:`~argmap.links.policy.ExcludedAddress` is raised and nothing
    is connected to. The proxies' own hosts (``trusted``) are not judged: the
    proxy is the user's configuration, not a citation's.
    """

    def __init__(self, *, exclude_loopback: bool, exclude_private: bool, trusted: frozenset[str]) -> None:
        super().__init__()
        self._excluded = {kind for kind, on in (("loopback", exclude_loopback), ("private", exclude_private)) if on}
        self._trusted = trusted

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp.abc.ResolveResult]:
        found = await super().resolve(host, port, family)
        if not self._excluded or host.lower().rstrip(".") in self._trusted:
            return found
        kept = [entry for entry in found if address_kind(entry["host"]) not in self._excluded]
        if not kept and found:
            address = found[0]["host"]
            raise ExcludedAddress(host, str(address_kind(address)), address)
        return kept


class Session:
    """The session of one origin, with the proxy its requests go through."""

    __slots__ = ("busy", "proxy", "session")

    def __init__(self, session: aiohttp.ClientSession, proxy: str | None) -> None:
        self.session = session
        self.proxy = proxy
        #: Requests sent and not yet finished.
        self.busy = 0


class OriginSessions:
    """Up to ``max_origins`` open sessions, one per origin, each keeping up to ``per_host`` connections."""

    def __init__(
        self,
        *,
        per_host: int,
        max_origins: int,
        timeout: aiohttp.ClientTimeout,
        headers: Mapping[str, str],
        keepalive: float = 15.0,
        dns_ttl: int = 300,
        exclude_loopback: bool = False,
        exclude_private: bool = False,
    ) -> None:
        self._per_host = per_host
        self._max_origins = max_origins
        self._timeout = timeout
        self._headers = dict(headers)
        self._keepalive = keepalive
        self._dns_ttl = dns_ttl
        # One resolver (getaddrinfo in the loop's executor, raising socket.gaierror) and one cookie
        # jar for all sessions; aiohttp would pick aiodns, if installed, whose errors say less.
        self._proxies = _environment_proxies()
        trusted = frozenset(
            host for url in self._proxies.values() if (host := (urllib.parse.urlsplit(url).hostname or "").rstrip("."))
        )
        self._resolver = GuardedResolver(
            exclude_loopback=exclude_loopback, exclude_private=exclude_private, trusted=trusted
        )
        self._cookies = aiohttp.CookieJar()
        self._origins: OrderedDict[Origin, Session] = OrderedDict()
        self._closing: set[asyncio.Task[None]] = set()

    @property
    def open_origins(self) -> list[Origin]:
        """The origins that have sessions, least recently used first."""
        return list(self._origins)

    def acquire(self, origin: Origin) -> Session:
        """The session of ``origin``, opened if need be, counted busy until :meth:`release`."""
        entry = self._origins.get(origin)
        if entry is None:
            entry = self._origins[origin] = Session(self._open(), self._proxy(origin))
            if len(self._origins) > self._max_origins:
                self._close_idle()
        else:
            self._origins.move_to_end(origin)
        entry.busy += 1
        return entry

    def release(self, entry: Session) -> None:
        entry.busy -= 1

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._per_host,
            limit_per_host=self._per_host,
            keepalive_timeout=self._keepalive,
            ttl_dns_cache=self._dns_ttl,
            resolver=self._resolver,
        )
        return aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            headers=self._headers,
            cookie_jar=self._cookies,
            auto_decompress=False,  # bodies are read only to reuse the connection
            max_line_size=_MAX_HEADER,
            max_field_size=_MAX_HEADER,
        )

    def _proxy(self, origin: Origin) -> str | None:
        scheme, host, _ = origin
        proxy = self._proxies.get(scheme) or self._proxies.get("all")
        if not proxy or urllib.request.proxy_bypass(host):
            return None
        return proxy

    def _close_idle(self) -> None:
        """Close the sessions of least recently used origins with nothing in flight, down to ``max_origins``."""
        excess = len(self._origins) - self._max_origins
        idle = [origin for origin, entry in self._origins.items() if entry.busy == 0][:excess]
        for origin in idle:
            task = asyncio.ensure_future(self._origins.pop(origin).session.close())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        """Close every session and wait for their connections to close."""
        sessions = [entry.session for entry in self._origins.values()]
        self._origins.clear()
        await asyncio.gather(*(session.close() for session in sessions), *self._closing)
        await self._resolver.close()


def _environment_proxies() -> dict[str, str]:
    """``{"http": url, "https": url, "all": url}`` from the environment, for the schemes that are set.

    A proxy given without a scheme is an http one. aiohttp speaks to http and
    https proxies only, so another kind (``socks5://``) is an error, not ignored.
    """
    found: dict[str, str] = {}
    for scheme, url in sorted(urllib.request.getproxies().items()):
        if scheme not in {"http", "https", "all"} or not url:
            continue
        if "://" not in url:
            url = f"http://{url}"
        kind = url.partition("://")[0].lower()
        if kind not in {"http", "https"}:
            raise ArgmapError(
                f"the {scheme.upper()}_PROXY proxy {url!r} is a {kind!r} proxy; the link check "
                "supports http and https proxies only (unset it, or add the hosts to NO_PROXY)"
            )
        found[scheme] = url
    return found
