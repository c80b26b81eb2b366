"""Which URLs are fetched: only http(s), minus excluded patterns and (on request) private addresses."""

from __future__ import annotations

import ipaddress
from urllib.parse import urldefrag, urlsplit

from argmap.links.config import LinkConfig

#: The only schemes ever requested.
FETCHED_SCHEMES = frozenset({"http", "https"})

#: Finding codes for URLs that are not fetched.
SCHEME_CODE = "AM404"
ADDRESS_CODE = "AM405"


def request_url(url: str) -> str:
    """The URL as requested and cached: the ``#fragment`` is never sent, so it is dropped."""
    return urldefrag(url.strip()).url


def scheme_of(url: str) -> str:
    """The lower-cased scheme of ``url``, ``""`` when it has none."""
    head, sep, _ = url.partition(":")
    if not sep or not head or not head[0].isalpha():
        return ""
    return head.lower() if all(c.isalnum() or c in "+-." for c in head) else ""


def host_of(url: str) -> str:
    """The host name or address of ``url`` (brackets of an IPv6 literal removed), ``""`` if none."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def address_kind(host: str) -> str | None:
    """``"loopback"``, ``"private"`` (private network or link-local), or ``None`` for a public host.

    Only literal addresses and ``localhost`` names are recognised: a public name
    that resolves to a private address is not looked up here.
    """
    name = host.lower()
    if name == "localhost" or name.endswith(".localhost"):
        return "loopback"
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        return "loopback"
    if address.is_link_local or address.is_private:
        return "private"
    return None


def refusal(url: str, config: LinkConfig) -> tuple[str, str] | None:
    """Why ``url`` is not fetched, as ``(code, reason)``; ``None`` when it may be requested."""
    scheme = scheme_of(url)
    if scheme not in FETCHED_SCHEMES:
        shown = f"a {scheme!r} URL" if scheme else "not an absolute URL"
        return SCHEME_CODE, f"{shown}; only http and https links are checked"
    if not (config.exclude_loopback or config.exclude_private):
        return None  # the address does not matter: skip parsing it
    kind = address_kind(host_of(url))
    if kind == "loopback" and config.exclude_loopback:
        return ADDRESS_CODE, "points at a loopback address (excluded by exclude-loopback)"
    if kind == "private" and config.exclude_private:
        return ADDRESS_CODE, "points at a private-network address (excluded by exclude-private)"
    return None
