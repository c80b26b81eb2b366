"""What counts as a well-formed citation URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?\Z"
)
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f<>\"\\^`{|}]")


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a well-formed ``http(s)`` URL, or ``None`` when it is.

    >>> url_problem("https://example.org/a?b=c#d") is None
    True
    >>> url_problem("javascript:alert(1)")
    "scheme 'javascript' is not http or https"
    """
    if not url:
        return "it is empty"
    bad = _FORBIDDEN.search(url)
    if bad:
        return f"it contains {bad.group()!r}, which must be percent-encoded"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return str(exc)
    scheme = parts.scheme.lower()
    if not scheme:
        return "it has no scheme: write https://..."
    if scheme not in ("http", "https"):
        return f"scheme {scheme!r} is not http or https"
    host = parts.hostname or ""
    if not host:
        return "it has no host name"
    if not (_HOST.match(host) or _is_ip(host)):
        return f"host name {host!r} is not valid"
    if port == 0:
        return "port 0 is not valid"
    return None


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_http_url(url: str | None) -> bool:
    """True when ``url`` is a well-formed http(s) URL (safe to use as a link)."""
    return bool(url) and url_problem(url or "") is None
