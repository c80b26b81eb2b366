"""Which URLs are fetched: only http(s), minus excluded patterns and (on request) private addresses.

``exclude-loopback`` and ``exclude-private`` are decided twice, and the second
time is what counts: here, on the host as the HTTP client will read it (yarl's
``raw_host``: IDNA-mapped, so ``ⓛⓞⓒⓐⓛⓗⓞⓢⓣ`` is ``localhost`` and
``127。0。0。1`` is ``127.0.0.1``; numeric forms such as ``0x7f.1`` read as the
address the system's resolver makes of them), before every request and every
redirect; and in the resolver (:class:`argmap.links.pools.GuardedResolver`) on
every address a name resolves to, so that a name that resolves to a loopback
or private address is not connected to either. Behind a proxy the proxy
resolves names: there only the host as written can be judged.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket
from urllib.parse import urldefrag, urlsplit

from argmap.links.config import LinkConfig

#: The only schemes ever requested.
FETCHED_SCHEMES = frozenset({"http", "https"})

#: Finding codes for URLs that are not fetched.
SCHEME_CODE = "AM404"
ADDRESS_CODE = "AM405"
NUMERIC_CODE = "AM406"

#: An IPv4 address in a form the C library's ``inet_aton`` reads: 1 to 4 parts, decimal, octal or hex.
_INET_ATON = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}\.?")


class ExcludedAddress(OSError):
    """A host resolved to addresses that ``exclude-loopback`` or ``exclude-private`` keep off limits only."""

    def __init__(self, host: str, kind: str, address: str) -> None:
        super().__init__(errno.EACCES, f"{host!r} resolves to a {kind} address ({address})")
        self.host = host
        self.kind = kind
        self.address = address


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


def client_host(url: str) -> str | None:
    """The host of ``url`` as the HTTP client connects to it (IDNA-mapped, lower case), ``None`` if it has none.

    This is yarl's ``raw_host``, which aiohttp uses, so that no spelling of a
    host (full-width dots, circled letters, upper case) reads one way here and
    another way there.
    """
    from yarl import URL

    try:
        host = URL(url).raw_host
    except (ValueError, TypeError, UnicodeError):
        return None
    return host.lower().rstrip(".") if host else None


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a resolver makes of IPv4 written in an ``inet_aton`` form (``0x7f.1``, ``2130706433``)."""
    if _INET_ATON.fullmatch(host) is None:
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except OSError:
        return None


def is_canonical_ipv4(host: str) -> bool:
    """Four decimal numbers 0-255 without leading zeros: the one IPv4 form every HTTP client reads alike."""
    parts = host.split(".")
    return len(parts) == 4 and all(
        part.isascii() and part.isdigit() and str(int(part)) == part and int(part) <= 255 for part in parts
    )


def address_kind(host: str) -> str | None:
    """``"loopback"``, ``"private"`` (private network or link-local), or ``None`` for a public host.

    ``host`` is a name or an address, in any form a resolver reads as an
    address (``127.1``, ``0x7f000001``). A public name that resolves to a
    private address is not looked up here (see :class:`ExcludedAddress`).
    """
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return "loopback"
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        address = numeric_ipv4(name)
    if address is None:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        return "loopback"
    if address.is_link_local or address.is_private:
        return "private"
    return None


def excluded(kind: str | None, config: LinkConfig) -> bool:
    """Whether an address of ``kind`` (see :func:`address_kind`) is off limits under ``config``."""
    return (kind == "loopback" and config.exclude_loopback) or (kind == "private" and config.exclude_private)


def exclusion_reason(kind: str) -> str:
    return "exclude-loopback" if kind == "loopback" else "exclude-private"


def refusal(url: str, config: LinkConfig) -> tuple[str, str] | None:
    """Why ``url`` is not fetched, as ``(code, reason)``; ``None`` when it may be requested."""
    scheme = scheme_of(url)
    if scheme not in FETCHED_SCHEMES:
        shown = f"a {scheme!r} URL" if scheme else "not an absolute URL"
        return SCHEME_CODE, f"{shown}; only http and https links are checked"
    host = client_host(url)
    if host is None:
        return None  # the request fails as an invalid URL, with the client's reason
    kind = address_kind(host)
    if excluded(kind, config):
        what = "a loopback" if kind == "loopback" else "a private-network"
        return ADDRESS_CODE, f"points at {what} address (excluded by {exclusion_reason(str(kind))})"
    if ":" not in host and host.replace(".", "").isdigit() and not is_canonical_ipv4(host):
        written = numeric_ipv4(host)
        instead = f"; write {written}" if written is not None else ""
        return NUMERIC_CODE, (
            f"its host {host!r} is a shortened or numeric IPv4 address, which HTTP clients refuse or read "
            f"differently{instead}"
        )
    return None
