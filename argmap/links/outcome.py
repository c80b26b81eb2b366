"""What checking one URL found, and how errors and status codes are classified.

Three verdicts: ``ok``; ``permanent`` (the link is dead and will stay dead until
someone fixes it: 404, 410, a DNS name that does not exist, a bad certificate,
a redirect loop); ``transient`` (it may work next time: timeouts, refused
connections, 5xx, 429 after its retries). Status codes that say nothing about
whether the page exists (401, 403, 451: log-ins and bot walls) count as
transient, so they do not fail a check by default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """The class of a link's result."""

    OK = "ok"
    PERMANENT = "permanent"
    TRANSIENT = "transient"
    #: Not fetched: a scheme other than http(s), or an excluded address.
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of checking one URL (fragment removed)."""

    verdict: Verdict
    #: Plain-words reason: ``"404 Not Found"``, ``"timed out ..."``. Empty when ok.
    reason: str = ""
    #: Final status code, when a response arrived.
    status: int | None = None
    #: Where a chain of permanent redirects (301/308) from the URL leads, if any.
    moved_to: str | None = None
    #: The status code of the first of those permanent redirects.
    moved_status: int | None = None
    #: Finding code for skipped URLs (AM404 or AM405).
    skip_code: str | None = None
    #: Whether the result came from the cache.
    cached: bool = False
    #: The failure happened before any server answered, in a way that points at
    #: this machine's network (DNS temporarily failing, no route).
    local_failure: bool = False


#: Status codes retried with backoff (``Retry-After`` honoured on 429 and 503).
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
#: Redirect status codes that are followed.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Permanent redirects: reported so the citation can be updated.
PERMANENT_REDIRECTS = frozenset({301, 308})
#: Status codes that do not tell whether the page exists (log-in walls, bot walls, geo-blocks).
INCONCLUSIVE_STATUSES = frozenset({401, 403, 451})


#: Called as ``progress(done, total)`` after each URL fetched over the network.
ProgressFn = Callable[[int, int], None]


@dataclass(slots=True)
class LinkStats:
    """Counts from one run."""

    #: Distinct URLs (fragments removed).
    urls: int = 0
    #: Answered from the cache, no request sent.
    cached: int = 0
    #: Not fetched because of their scheme or address.
    skipped: int = 0
    #: Checked over the network.
    fetched: int = 0
    #: HTTP requests sent, retries, ``GET`` fallbacks and redirect hops included.
    requests: int = 0
    #: Nothing was reached and the failures point at this machine's network.
    network_down: bool = False


def status_text(status: int) -> str:
    """``"404 Not Found"``; just the number for a code with no standard phrase."""
    from http import HTTPStatus

    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def classify_status(status: int) -> Verdict:
    """The verdict for a final status code that is not accepted."""
    if status in RETRY_STATUSES or status in INCONCLUSIVE_STATUSES or status >= 500:
        return Verdict.TRANSIENT
    return Verdict.PERMANENT


def attempts_text(attempts: int) -> str:
    return "" if attempts <= 1 else f" ({attempts} attempts)"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it was raised from, exception groups opened."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(reversed(current.exceptions))
        for linked in (current.__context__, current.__cause__):
            if linked is not None:
                stack.append(linked)


@dataclass(frozen=True, slots=True)
class ErrorKind:
    """How one exception from the HTTP client is reported and handled."""

    verdict: Verdict
    reason: str
    #: Worth another try.
    retry: bool
    #: The failure concerns the host, not this one URL (DNS, connect, TLS): later
    #: URLs on the same host reuse the result instead of trying again.
    host_level: bool
    #: A server answered something (so the network works).
    reached: bool
    #: See :attr:`Outcome.local_failure`.
    local: bool = False
    #: For a URL never requested: its finding code (see :attr:`Outcome.skip_code`).
    skip_code: str | None = None


def classify_error(exc: BaseException, host: str, timeout: float) -> ErrorKind:
    """Map an exception raised while requesting a URL on ``host`` to an :class:`ErrorKind`.

    The exceptions are aiohttp's (which wrap the ``OSError``, ``socket.gaierror``
    or ``ssl.SSLError`` that caused them), or the built-in ``TimeoutError``.
    """
    import errno
    import socket
    import ssl

    import aiohttp

    from argmap.links.policy import ADDRESS_CODE, ExcludedAddress, exclusion_reason

    chain = list(_chain(exc))
    for item in chain:
        if isinstance(item, ExcludedAddress):
            reason = f"resolves to a {item.kind} address, {item.address} (excluded by {exclusion_reason(item.kind)})"
            return ErrorKind(Verdict.SKIPPED, reason, False, True, False, skip_code=ADDRESS_CODE)
    # aiohttp's own exception classes subclass OSError and ssl.SSLError without their
    # details (errno, reason, verify_message): the details are in what they wrap.
    causes = [item for item in chain if not isinstance(item, aiohttp.ClientError)]
    seconds = f"{timeout:g} s"
    for item in causes:
        if isinstance(item, socket.gaierror):
            if item.errno in {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}:
                return ErrorKind(Verdict.PERMANENT, f"DNS name not found: {host!r}", False, True, True)
            local = item.errno == socket.EAI_AGAIN
            detail = item.strerror or str(item)
            return ErrorKind(Verdict.TRANSIENT, f"DNS lookup failed for {host!r}: {detail}", True, True, False, local)
    for item in causes:
        if isinstance(item, ssl.SSLCertVerificationError):
            detail = getattr(item, "verify_message", None) or getattr(item, "reason", None) or str(item)
            return ErrorKind(Verdict.PERMANENT, f"TLS certificate error: {detail}", False, True, True)
    for item in causes:
        if isinstance(item, ssl.SSLError):
            detail = (getattr(item, "reason", None) or str(item)).replace("_", " ").lower()
            return ErrorKind(Verdict.TRANSIENT, f"TLS error: {detail}", True, True, True)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):  # a resolver error that is not a gaierror
        return ErrorKind(Verdict.TRANSIENT, f"DNS lookup failed for {host!r}: {_last_words(chain)}", True, True, False)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return ErrorKind(Verdict.PERMANENT, f"TLS certificate error: {exc.certificate_error}", False, True, True)
    if isinstance(exc, aiohttp.ClientSSLError):
        return ErrorKind(Verdict.TRANSIENT, f"TLS error: {_last_words(chain)}", True, True, True)
    if isinstance(exc, aiohttp.ConnectionTimeoutError):  # name lookup, TCP and TLS handshakes
        return ErrorKind(Verdict.TRANSIENT, f"timed out connecting to {host!r} after {seconds}", True, True, False)
    if isinstance(exc, TimeoutError):  # waiting for the response (read), or the whole request (total)
        return ErrorKind(Verdict.TRANSIENT, f"timed out: no response within {seconds}", True, False, True)
    if isinstance(exc, aiohttp.ClientConnectorError):
        for item in chain:
            if isinstance(item, ConnectionRefusedError):
                return ErrorKind(Verdict.TRANSIENT, f"connection refused by {host!r}", True, True, True)
            if isinstance(item, OSError) and item.errno in {errno.ENETUNREACH, errno.EHOSTUNREACH}:
                where = "network" if item.errno == errno.ENETUNREACH else "host"
                local = item.errno == errno.ENETUNREACH
                return ErrorKind(Verdict.TRANSIENT, f"{where} unreachable: {host!r}", True, True, False, local)
        return ErrorKind(Verdict.TRANSIENT, f"cannot connect to {host!r}: {_last_words(chain)}", True, True, False)
    if isinstance(exc, aiohttp.ClientHttpProxyError):  # the proxy would not open a tunnel to the host
        return ErrorKind(Verdict.TRANSIENT, f"the proxy refused to connect to {host!r}: {exc.status}", True, True, True)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError | aiohttp.ClientResponseError):
        # Hung up before a complete response, a body cut short, a response that could not be parsed.
        return ErrorKind(Verdict.TRANSIENT, f"server broke the HTTP protocol: {_last_words(chain)}", True, False, True)
    if isinstance(exc, aiohttp.InvalidURL | ValueError):
        return ErrorKind(Verdict.PERMANENT, f"invalid URL: {exc}", False, False, False)
    if isinstance(exc, aiohttp.ClientError | OSError):
        return ErrorKind(Verdict.TRANSIENT, f"connection failed: {_last_words(chain)}", True, False, True)
    raise exc


def _last_words(chain: list[BaseException]) -> str:
    """The most specific non-empty message in an exception chain."""
    for item in reversed(chain):
        text = item.strerror if isinstance(item, OSError) and item.strerror else str(item)
        if text:
            return text
    return type(chain[0]).__name__
