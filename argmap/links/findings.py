"""Citations in, findings out: the AM4xx codes of ``argmap check --online``.

The codes, with their default severities, are listed in :mod:`argmap.codes`:

* AM401 permanent failure (404, 410, other 4xx, DNS name not found, bad TLS
  certificate, redirect loop): ``permanent-severity``, default error.
* AM402 failure that may pass (timeout, refused connection, 5xx, 429 after its
  retries, 401/403/451): ``transient-severity``, default warning; an error when
  no server could be reached at all (the machine is offline).
* AM403 permanent redirect (301, 308) to a new address: warning.
* AM404 a redirect (or, from the library, a URL) to a scheme other than http(s),
  never requested: ``permanent-severity``.
* AM405 a loopback or private-network address excluded by ``exclude-loopback``
  or ``exclude-private``, not requested: warning. Decided on the address
  connected to (a name that resolves to one is excluded too).
* AM406 a host that is a shortened or numeric IPv4 address (``127.1``,
  ``2130706433``), which HTTP clients refuse or read differently, never
  requested: ``permanent-severity``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.errors import Diagnostic, Location, Severity
from argmap.links.cache import LinkCache
from argmap.links.config import LinkConfig
from argmap.links.outcome import LinkStats, Outcome, ProgressFn, Verdict
from argmap.links.policy import ADDRESS_CODE, NUMERIC_CODE, SCHEME_CODE, request_url

PERMANENT_CODE = "AM401"
TRANSIENT_CODE = "AM402"
MOVED_CODE = "AM403"


@dataclass(frozen=True, slots=True)
class LinkReport:
    """What :func:`check_links` found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    stats: LinkStats = field(default_factory=LinkStats)


def check_links(
    targets: Iterable[tuple[str, Location]],
    config: LinkConfig,
    *,
    cache: LinkCache | None = None,
    progress: ProgressFn | None = None,
) -> LinkReport:
    """Check every cited URL over HTTP; one finding per location of each failing URL.

    ``targets`` are ``(url, location)`` pairs; a URL cited in several places is
    requested once and reported at each place. The caller leaves out URLs that
    the offline check already rejects (AM205).
    """
    from argmap.links.checker import check_urls

    pairs = list(targets)
    outcomes, stats = check_urls((url for url, _ in pairs), config, cache=cache, progress=progress)
    diagnostics: list[Diagnostic] = []
    for url, loc in pairs:
        outcome = outcomes.get(request_url(url))
        if outcome is not None:
            diagnostic = _finding(url, loc, outcome, config, network_down=stats.network_down)
            if diagnostic is not None:
                diagnostics.append(diagnostic)
    return LinkReport(sorted(set(diagnostics)), stats)


def _finding(url: str, loc: Location, outcome: Outcome, config: LinkConfig, *, network_down: bool) -> Diagnostic | None:
    if outcome.verdict is Verdict.OK:
        if outcome.moved_to is None:
            return None
        message = (
            f"link {url!r} has moved permanently ({outcome.moved_status}) to {outcome.moved_to!r}; cite the new address"
        )
        return Diagnostic(loc, MOVED_CODE, message, Severity.WARNING)
    if outcome.verdict is Verdict.SKIPPED:
        if outcome.skip_code == ADDRESS_CODE:
            return Diagnostic(loc, ADDRESS_CODE, f"link {url!r} not checked: it {outcome.reason}", Severity.WARNING)
        if config.permanent_severity is None:
            return None
        if outcome.skip_code == NUMERIC_CODE:
            message = f"link {url!r} never requested: {outcome.reason}"
            return Diagnostic(loc, NUMERIC_CODE, message, config.permanent_severity)
        return Diagnostic(loc, SCHEME_CODE, f"link {url!r} not checked: {outcome.reason}", config.permanent_severity)
    if outcome.verdict is Verdict.PERMANENT:
        if config.permanent_severity is None:
            return None
        return Diagnostic(loc, PERMANENT_CODE, f"dead link {url!r}: {outcome.reason}", config.permanent_severity)
    if network_down and outcome.local_failure:
        message = (
            f"link {url!r} could not be checked: {outcome.reason}; no server could be reached at all, "
            "is this machine offline? (run without --online, or give the job network access)"
        )
        return Diagnostic(loc, TRANSIENT_CODE, message, Severity.ERROR)
    if config.transient_severity is None:
        return None
    message = f"link {url!r} failed, perhaps only for now: {outcome.reason}"
    return Diagnostic(loc, TRANSIENT_CODE, message, config.transient_severity)
