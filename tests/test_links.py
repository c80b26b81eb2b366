"""The online link check (argmap.links) against a real HTTP server on 127.0.0.1, never the internet.

Every check runs in a daemon thread with a deadline, so a hang fails the test
instead of stalling the suite; timeouts and backoffs are a fraction of a second.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from loopback_server import LoopbackServer

from argmap.codes import CODES
from argmap.errors import Location, Severity, UsageError
from argmap.links import LinkCache, LinkConfig, LinkReport, check_links, find_pyproject, load_config
from argmap.links.cache import CachedSuccess
from argmap.links.changed import changed_files
from argmap.links.checker import retry_after_seconds
from argmap.links.config import parse_duration, parse_status_codes
from argmap.links.outcome import Verdict, classify_error
from argmap.links.policy import address_kind, request_url

pytestmark = pytest.mark.usefixtures("no_proxy")  # the server is on loopback: no proxy in between

DOC = "corpus/doc.md"
_unique = itertools.count()


def fast(**changes: object) -> LinkConfig:
    """Short timeouts and backoffs, no cache: every case finishes in well under a second or two."""
    base = LinkConfig(timeout=0.5, retry_wait=0.02, max_retry_wait=2.0, max_retries=2, user_agent="argmap-tests")
    return replace(base, **changes)  # type: ignore[arg-type]


def run(
    targets: list[tuple[str, Location]],
    config: LinkConfig | None = None,
    *,
    cache: LinkCache | None = None,
    limit: float = 10.0,
) -> LinkReport:
    """check_links with a deadline: fails the test instead of hanging."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["report"] = check_links(targets, config or fast(), cache=cache)
        except BaseException as exc:  # handed back to the test thread
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"link check still running after {limit} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    report = box["report"]
    assert isinstance(report, LinkReport)
    return report


def at(line: int) -> Location:
    return Location(DOC, line, 5)


def one(url: str, config: LinkConfig | None = None) -> LinkReport:
    return run([(url, at(1))], config)


def uid() -> str:
    return f"u{next(_unique)}-{time.monotonic_ns()}"


# --- each case of the test server, classified -------------------------------------------------

CASES = [
    # path, expected code (None: no finding), words the message must contain
    ("/ok", None, ""),
    ("/status/204", None, ""),
    ("/status/404", "AM401", "404 Not Found"),
    ("/status/410", "AM401", "410 Gone"),
    ("/status/400", "AM401", "400 Bad Request"),
    ("/status/500", "AM402", "500 Internal Server Error"),
    ("/status/503", "AM402", "503 Service Unavailable (3 attempts)"),
    ("/status/502", "AM402", "502 Bad Gateway (3 attempts)"),
    ("/status/403", "AM402", "403 Forbidden"),
    ("/status/401", "AM402", "401 Unauthorized"),
    ("/moved/302", None, ""),
    ("/moved/303", None, ""),
    ("/moved/307", None, ""),
    ("/moved/301", "AM403", "has moved permanently (301) to '{base}/ok'; cite the new address"),
    ("/moved/308", "AM403", "has moved permanently (308) to '{base}/ok'"),
    ("/moved/301?to=/moved/302", "AM403", "(301) to '{base}/moved/302'"),
    ("/moved/302?to=/moved/301", None, ""),
    ("/moved/301?to=/status/404", "AM401", "404 Not Found at '{base}/status/404' (redirected)"),
    ("/moved/301?to=/status/410", "AM401", "410 Gone at"),
    ("/loop", "AM401", "too many redirects (more than 10)"),
    ("/no-location", "AM401", "302 Found without a Location header"),
    ("/moved/302?to=javascript:alert(1)", "AM404", "redirects to 'javascript:alert(1)', a 'javascript' URL"),
    ("/moved/301?to=file:///etc/passwd", "AM404", "redirects to 'file:///etc/passwd', a 'file' URL"),
    ("/moved/302?to=data:text/html,hi", "AM404", "a 'data' URL"),
    ("/no-head/405", None, ""),
    ("/no-head/501", None, ""),
    ("/no-head/403", None, ""),
    ("/no-head/404", None, ""),
    ("/no-head/400", None, ""),
    ("/busy/{uid}?n=1", None, ""),
    ("/limited/{uid}?n=2&after=0", None, ""),
    ("/limited/{uid}?n=9&after=0", "AM402", "429 Too Many Requests (3 attempts)"),
    ("/limited/{uid}?n=1&after=3600", "AM402", "the server asked to wait 3600 s, more than max-retry-wait (2 s)"),
    ("/slow?s=3", "AM402", "timed out: no response within 0.5 s (3 attempts)"),
]

SEVERITY = {"AM401": Severity.ERROR, "AM402": Severity.WARNING, "AM403": Severity.WARNING, "AM404": Severity.ERROR}


@pytest.mark.parametrize(("path", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_every_case_of_the_server_is_classified(
    server: LoopbackServer, path: str, code: str | None, words: str
) -> None:
    url = server.url(path.replace("{uid}", uid()))
    report = one(url)
    if code is None:
        assert report.diagnostics == []
        return
    [finding] = report.diagnostics
    assert (finding.loc, finding.code, finding.severity) == (at(1), code, SEVERITY[code])
    assert f"{url!r}" in finding.message
    assert words.replace("{base}", server.base) in finding.message


def test_messages_name_the_link_and_the_reason(server: LoopbackServer) -> None:
    url = server.url("/status/404")
    [finding] = one(url).diagnostics
    assert str(finding) == f"{DOC}:1:5: AM401 error: dead link {url!r}: 404 Not Found"


def test_head_refusal_falls_back_to_get_and_is_remembered_for_the_host(server: LoopbackServer) -> None:
    tag = uid()
    a, b = f"/no-head/405/{tag}-a", f"/no-head/405/{tag}-b"
    report = run([(server.url(a), at(1)), (server.url(b), at(2))], fast(per_host=1))
    assert report.diagnostics == []
    assert [s.method for s in server.requests(a)] == ["HEAD", "GET"]
    assert [s.method for s in server.requests(b)] == ["GET"]  # the host refused HEAD once: GET only


def test_a_good_page_costs_one_head_request(server: LoopbackServer) -> None:
    path = f"/ok/{uid()}"
    assert one(server.url(path)).diagnostics == []
    assert [s.method for s in server.requests(path)] == ["HEAD"]


def test_retry_after_is_honoured(server: LoopbackServer) -> None:
    path = f"/limited/{uid()}?n=1&after=1"
    started = time.monotonic()
    assert one(server.url(path)).diagnostics == []
    seen = server.requests(path)
    assert [s.method for s in seen] == ["HEAD", "HEAD"]
    assert seen[1].at - seen[0].at >= 0.95  # waited as asked, not the 0.02 s backoff
    assert time.monotonic() - started < 3


def test_a_retry_after_longer_than_allowed_ends_the_retries_at_once(server: LoopbackServer) -> None:
    path = f"/limited/{uid()}?n=1&after=3600"
    started = time.monotonic()
    [finding] = one(server.url(path)).diagnostics
    assert finding.code == "AM402"
    assert len(server.requests(path)) == 1
    assert time.monotonic() - started < 1.5


def test_503_is_retried_with_backoff(server: LoopbackServer) -> None:
    path = f"/busy/{uid()}?n=2"
    assert one(server.url(path)).diagnostics == []
    seen = server.requests(path)
    assert len(seen) == 3
    assert seen[2].at - seen[1].at >= seen[1].at - seen[0].at * 1 - 0.001  # the wait grows
    assert seen[2].at - seen[1].at >= 0.035


def test_a_slow_page_times_out_within_its_bound(server: LoopbackServer) -> None:
    started = time.monotonic()
    [finding] = one(server.url("/slow?s=5"), fast(timeout=0.3, max_retries=1)).diagnostics
    assert finding.code == "AM402"
    assert "timed out: no response within 0.3 s (2 attempts)" in finding.message
    assert time.monotonic() - started < 2.5


def test_a_link_cited_in_several_places_is_requested_once_and_reported_at_each(server: LoopbackServer) -> None:
    path = f"/status/404/{uid()}"
    url = server.url(path)
    report = run([(url, at(3)), (url + "#section", at(1)), (url, Location("other.md", 2, 1))])
    assert [(d.loc.path, d.loc.line, d.code) for d in report.diagnostics] == [
        (DOC, 1, "AM401"),
        (DOC, 3, "AM401"),
        ("other.md", 2, "AM401"),
    ]
    assert "#section" in report.diagnostics[0].message  # reported as written
    assert len(server.requests(path)) == 2  # one HEAD, one GET: for three citations
    assert report.stats.urls == 1


def test_per_host_bound_is_kept(server: LoopbackServer) -> None:
    tag = uid()
    targets = [(server.url(f"/slow/{tag}/{i}?s=0.15"), at(i + 1)) for i in range(6)]
    started = time.monotonic()
    report = run(targets, fast(per_host=2, timeout=2))
    assert report.diagnostics == []
    assert server.most_at_once(tag) == 2
    assert time.monotonic() - started >= 0.45  # 6 requests, 2 at a time, 0.15 s each


def test_overall_bound_is_kept(server: LoopbackServer) -> None:
    tag = uid()
    targets = [(server.url(f"/slow/{tag}/{i}?s=0.1"), at(i + 1)) for i in range(4)]
    assert run(targets, fast(per_host=8, concurrency=1, timeout=2)).diagnostics == []
    assert server.most_at_once(tag) == 1


def test_connections_are_kept_alive_and_bounded_per_host(server: LoopbackServer) -> None:
    before = server.connections
    targets = [(server.url(f"/ok/{uid()}"), at(i + 1)) for i in range(12)]
    assert run(targets, fast(per_host=2)).diagnostics == []
    assert 1 <= server.connections - before <= 2  # twelve requests over at most two connections


def test_get_bodies_are_read_so_connections_are_reused(server: LoopbackServer) -> None:
    before = server.connections
    tag = uid()
    targets = [(server.url(f"/no-head/405/{tag}-{i}"), at(i + 1)) for i in range(12)]
    assert run(targets, fast(per_host=2)).diagnostics == []
    assert [s.method for s in server.requests(f"/no-head/405/{tag}-0")] == ["HEAD", "GET"]
    assert 1 <= server.connections - before <= 2  # thirteen requests, eleven of them GET, over two connections


def test_proxies_are_taken_from_the_environment(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", server.base)  # the test server answers proxy requests too
    url = f"http://proxied.invalid/ok/{uid()}"
    assert one(url).diagnostics == []
    assert [s.method for s in server.requests(url)] == ["HEAD"]  # a proxy is sent the whole URL
    monkeypatch.setenv("NO_PROXY", "proxied.invalid")
    [finding] = one(url).diagnostics
    assert "DNS" in finding.message
    assert len(server.requests(url)) == 1


def test_a_proxy_of_a_kind_aiohttp_cannot_use_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.errors import ArgmapError

    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    with pytest.raises(ArgmapError, match=r"'socks5' proxy; the link check supports http and https proxies only"):
        one("http://example.invalid/")


def test_pools_of_idle_origins_are_closed(server: LoopbackServer) -> None:
    import asyncio

    import aiohttp

    from argmap.links.pools import OriginSessions

    port = int(server.base.rsplit(":", 1)[1])

    async def visit() -> tuple[list[tuple[str, str, int]], list[bool]]:
        pools = OriginSessions(per_host=2, max_origins=1, timeout=aiohttp.ClientTimeout(total=5), headers={})
        sessions = []
        try:
            for host in ("127.0.0.1", "localhost"):
                entry = pools.acquire(("http", host, port))
                sessions.append(entry.session)
                try:
                    async with entry.session.get(f"http://{host}:{port}/ok") as response:
                        assert response.status == 200
                finally:
                    pools.release(entry)
            await asyncio.sleep(0)  # the idle session closes in a task of its own
            return pools.open_origins, [session.closed for session in sessions]
        finally:
            await pools.aclose()

    assert asyncio.run(asyncio.wait_for(visit(), 10)) == ([("http", "localhost", port)], [True, False])


def test_progress_is_reported(server: LoopbackServer) -> None:
    calls: list[tuple[int, int]] = []
    targets = [(server.url(f"/ok/{uid()}"), at(i + 1)) for i in range(3)]
    check_links(targets, fast(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


# --- the cache --------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_second_run_within_the_cache_age_makes_no_requests(server: LoopbackServer, tmp_path: Path) -> None:
    tag = uid()
    good = [f"/ok/{tag}/{i}" for i in range(20)]
    moved, dead = f"/moved/301?to=/ok/{tag}/0", f"/status/404/{tag}"
    targets = [(server.url(p), at(i + 1)) for i, p in enumerate([*good, moved, dead])]
    path = tmp_path / "cache" / "links.json"
    config = fast(cache_path=path)

    first = run(targets, config, cache=LinkCache.load(path, config.max_cache_age))
    assert [d.code for d in first.diagnostics] == ["AM403", "AM401"]
    assert first.stats.cached == 0
    before = len(server.requests())

    second = run(targets, config, cache=LinkCache.load(path, config.max_cache_age))
    assert second.diagnostics == first.diagnostics  # the permanent redirect is still reported
    assert second.stats.cached == 21
    new = server.requests()[before:]
    assert sorted({s.path for s in new}) == [dead]  # failures are never cached: asked again
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["version"] == 1
    assert list(stored["links"]) == sorted(stored["links"])
    assert server.url(dead) not in stored["links"]
    assert stored["links"][server.url(moved)]["moved_to"] == server.url(f"/ok/{tag}/0")


def test_only_http_requests_no_cache_reads_when_the_cache_is_off(server: LoopbackServer) -> None:
    path = f"/ok/{uid()}"
    one(server.url(path))
    one(server.url(path))
    assert len(server.requests(path)) == 2


def test_a_cached_success_older_than_the_maximum_age_is_checked_again(server: LoopbackServer, tmp_path: Path) -> None:
    path = f"/switch/{uid()}"
    url = server.url(path)
    cache_file = tmp_path / "links.json"
    clock = Clock()
    assert run([(url, at(1))], cache=LinkCache(cache_file, 3600, clock)).diagnostics == []
    server.switch_off(path)  # the page dies

    clock.now += 1800  # within the age: the success is trusted, no request
    assert run([(url, at(1))], cache=LinkCache.load(cache_file, 3600, clock)).diagnostics == []
    assert len(server.requests(path)) == 1

    clock.now += 3600  # older than the age: checked again, found dead, dropped from the cache
    [finding] = run([(url, at(1))], cache=LinkCache.load(cache_file, 3600, clock)).diagnostics
    assert finding.code == "AM401"
    assert url not in json.loads(cache_file.read_text(encoding="utf-8"))["links"]


def test_a_corrupt_cache_is_ignored_and_rewritten(server: LoopbackServer, tmp_path: Path) -> None:
    cache_file = tmp_path / "links.json"
    cache_file.write_text("{not json", encoding="utf-8")
    cache = LinkCache.load(cache_file, 3600)
    assert cache.problem is not None
    assert "unreadable" in cache.problem
    url = server.url(f"/ok/{uid()}")
    assert run([(url, at(1))], cache=cache).diagnostics == []
    assert url in json.loads(cache_file.read_text(encoding="utf-8"))["links"]


def test_a_cached_status_no_longer_accepted_is_checked_again(server: LoopbackServer, tmp_path: Path) -> None:
    path = f"/status/404/{uid()}"
    cache = LinkCache(tmp_path / "links.json", 3600)
    cache.put(server.url(path), CachedSuccess(time.time(), 404))
    [finding] = run([(server.url(path), at(1))], cache=cache).diagnostics
    assert finding.code == "AM401"
    assert server.requests(path)


# --- no network, dead hosts, TLS ------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_name_that_cannot_resolve_is_a_clear_finding_fast() -> None:
    started = time.monotonic()
    [finding] = one("http://no-such-host.invalid/page").diagnostics
    assert time.monotonic() - started < 5
    assert finding.code in {"AM401", "AM402"}
    assert "DNS" in finding.message
    assert "'no-such-host.invalid'" in finding.message


def test_a_closed_port_is_refused_and_the_host_is_tried_once() -> None:
    port = closed_port()
    targets = [(f"http://127.0.0.1:{port}/page/{i}", at(i + 1)) for i in range(20)]
    started = time.monotonic()
    report = run(targets, fast(max_retries=2))
    assert time.monotonic() - started < 3
    assert {d.code for d in report.diagnostics} == {"AM402"}
    assert len(report.diagnostics) == 20
    assert "connection refused by '127.0.0.1' (3 attempts)" in report.diagnostics[0].message
    assert report.stats.requests == 3  # the first URL's attempts; the other 19 share its result


def test_a_machine_without_network_fails_the_check_with_clear_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_resolver(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_resolver)
    targets = [("https://example.org/a", at(1)), ("https://example.net/b", at(2))]
    started = time.monotonic()
    report = run(targets, fast(max_retries=1))
    assert time.monotonic() - started < 3
    assert report.stats.network_down
    assert [(d.code, d.severity) for d in report.diagnostics] == [("AM402", Severity.ERROR)] * 2
    assert "Temporary failure in name resolution" in report.diagnostics[0].message
    assert "is this machine offline?" in report.diagnostics[0].message


def test_a_temporary_dns_failure_beside_a_working_host_stays_a_warning(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def flaky(host: object, *args: object, **kwargs: object) -> object:
        if host in ("flaky.invalid", b"flaky.invalid"):  # a client may pass the name encoded
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", flaky)
    report = run([("http://flaky.invalid/", at(1)), (server.url("/ok"), at(2))], fast(max_retries=0))
    assert not report.stats.network_down
    assert [(d.code, d.severity) for d in report.diagnostics] == [("AM402", Severity.WARNING)]


def test_a_tls_failure_is_reported(server: LoopbackServer) -> None:
    url = server.url("/ok").replace("http://", "https://")
    [finding] = one(url, fast(max_retries=0)).diagnostics
    assert finding.code == "AM402"
    assert "TLS error" in finding.message


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    """The same routes over TLS, with a self-signed certificate made for this run."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    pem = tmp_path_factory.mktemp("tls") / "selfsigned.pem"
    key = pem.with_suffix(".key")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(pem),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem, key)
    with LoopbackServer(tls=context) as running:
        yield running


def test_an_untrusted_certificate_is_a_permanent_failure(tls_server: LoopbackServer) -> None:
    url = tls_server.url("/ok")
    assert url.startswith("https://127.0.0.1:")
    [finding] = one(url).diagnostics
    assert (finding.code, finding.severity) == ("AM401", Severity.ERROR)
    assert "TLS certificate error: self-signed certificate" in finding.message


def connection_key(host: str, port: int, tls: bool) -> object:
    """What aiohttp's connection errors are made with (its fields since aiohttp 3.10)."""
    from aiohttp.client_reqrep import ConnectionKey

    return ConnectionKey(host, port, tls, tls, None, None, None)


def test_certificate_errors_are_permanent() -> None:
    import aiohttp

    cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
    cause.verify_message = "certificate has expired"
    try:
        try:
            raise cause
        except ssl.SSLError as exc:  # as aiohttp's connector wraps it
            raise aiohttp.ClientConnectorCertificateError(connection_key("expired.example", 443, True), exc) from exc
    except aiohttp.ClientConnectorError as exc:
        kind = classify_error(exc, "expired.example", 5)
    assert kind.verdict is Verdict.PERMANENT
    assert kind.reason == "TLS certificate error: certificate has expired"
    assert kind.host_level
    assert not kind.retry


def test_name_not_found_is_permanent_and_temporary_failure_is_not() -> None:
    import aiohttp

    def wrapped(errno: int) -> aiohttp.ClientConnectorError:
        try:
            try:
                raise socket.gaierror(errno, "x")
            except OSError as inner:  # as aiohttp's connector wraps it
                raise aiohttp.ClientConnectorDNSError(connection_key("h", 80, False), inner) from inner
        except aiohttp.ClientConnectorError as error:
            return error

    assert classify_error(wrapped(socket.EAI_NONAME), "h", 1).verdict is Verdict.PERMANENT
    temporary = classify_error(wrapped(socket.EAI_AGAIN), "h", 1)
    assert (temporary.verdict, temporary.local, temporary.retry) == (Verdict.TRANSIENT, True, True)


# --- what is never requested --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "ftp://example.org/x",
        "mailto:someone@example.org",
        "//example.org/no-scheme",
        "example.org/no-scheme",
    ],
)
def test_other_schemes_are_findings_and_never_requested(url: str) -> None:
    report = one(url)
    [finding] = report.diagnostics
    assert (finding.code, finding.severity) == ("AM404", Severity.ERROR)
    assert "only http and https links are checked" in finding.message
    assert report.stats.requests == 0


def test_excluded_patterns_are_skipped_silently(server: LoopbackServer) -> None:
    path = f"/status/404/{uid()}"
    report = one(server.url(path), fast(exclude=(r"/status/404/",)))
    assert report.diagnostics == []
    assert server.requests(path) == []


def test_loopback_addresses_can_be_excluded(server: LoopbackServer) -> None:
    path = f"/ok/{uid()}"
    report = one(server.url(path), fast(exclude_loopback=True))
    [finding] = report.diagnostics
    assert (finding.code, finding.severity) == ("AM405", Severity.WARNING)
    assert "loopback address (excluded by exclude-loopback)" in finding.message
    assert server.requests(path) == []


def test_a_redirect_into_a_private_network_can_be_excluded(server: LoopbackServer) -> None:
    url = server.url("/moved/302?to=http://10.1.2.3/admin")
    [finding] = one(url, fast(exclude_private=True)).diagnostics
    assert finding.code == "AM405"
    assert "redirects to 'http://10.1.2.3/admin'" in finding.message


def port_of(server: LoopbackServer) -> int:
    return int(server.url("/").rsplit(":", 1)[1].split("/")[0])


@pytest.mark.parametrize(
    "host",
    [
        "0x7f000001",
        "0x7f.1",
        "0177.0.0.1",
        "127.1",
        "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ",
        "127。0。0。1",
        "\uff11\uff12\uff17.\uff10.\uff10.\uff11",
        "LOCALHOST.",
    ],
)
def test_every_spelling_of_a_loopback_host_is_excluded(server: LoopbackServer, host: str) -> None:
    path = f"/ok/{uid()}"
    [finding] = one(f"http://{host}:{port_of(server)}{path}", fast(exclude_loopback=True)).diagnostics
    assert finding.code == "AM405"
    assert server.requests(path) == []


def _outward_address() -> str | None:
    """This machine's address towards the outside (no packet is sent), if it has one that is not loopback."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("198.51.100.1", 9))
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.parametrize(
    "target", ["\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3", "127\u30020\u30020\u30021", "0x7f.1"]
)
def test_a_redirect_to_loopback_is_excluded_whatever_its_spelling(target: str) -> None:
    """The issue's reproducer: a server that is not on loopback redirects to one that is."""
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    with LoopbackServer(host="0.0.0.0") as outside:
        port = port_of(outside)
        path = f"/ok/{uid()}"
        url = f"http://{address}:{port}/moved/302?to=http://{target}:{port}{path}"
        [finding] = one(url, fast(exclude_loopback=True, max_retries=0)).diagnostics
        assert finding.code == "AM405"
        assert "excluded by exclude-loopback" in finding.message
        assert outside.requests(path) == []
        assert len(outside.requests()) == 1  # the first hop, and nothing after it


@pytest.fixture
def resolves(monkeypatch: pytest.MonkeyPatch):
    """``resolves(name, *addresses)``: the system resolver answers ``name`` with those addresses."""
    real = socket.getaddrinfo
    names: dict[str, tuple[str, ...]] = {}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # type: ignore[no-untyped-def]
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in names[host]]
        return real(host, port, family, type, proto, flags)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lambda name, *addresses: names.__setitem__(name, addresses)


def test_a_name_that_resolves_to_loopback_is_excluded_on_its_address(server: LoopbackServer, resolves) -> None:
    resolves("innocent.example", "127.0.0.1")
    path = f"/ok/{uid()}"
    url = f"http://innocent.example:{port_of(server)}{path}"
    [finding] = one(url, fast(exclude_loopback=True)).diagnostics
    assert finding.code == "AM405"
    assert finding.message == (
        f"link {url!r} not checked: it resolves to a loopback address, 127.0.0.1 (excluded by exclude-loopback)"
    )
    assert server.requests(path) == []
    assert one(url).diagnostics == []  # the name does lead to the server: without the setting it is requested
    assert len(server.requests(path)) == 1


@pytest.mark.parametrize("target", ["\uff11\uff10.\uff10.\uff10.\uff11", "0xa000001", "10.1", "private.example"])
def test_a_redirect_into_a_private_network_is_excluded_whatever_its_spelling(server: LoopbackServer, resolves, target):
    resolves("private.example", "10.0.0.1")
    url = server.url(f"/moved/302?to=http://{target}:{port_of(server)}/admin")
    [finding] = one(url, fast(exclude_private=True, max_retries=0)).diagnostics
    assert finding.code == "AM405"
    assert "redirect" in finding.message
    assert "excluded by exclude-private" in finding.message


def test_the_resolver_keeps_only_the_addresses_allowed(resolves) -> None:
    import asyncio

    from argmap.links.policy import ExcludedAddress
    from argmap.links.pools import GuardedResolver

    resolves("mixed.example", "127.0.0.1", "93.184.215.14", "10.0.0.2")
    resolves("inside.example", "127.0.0.1", "10.0.0.2")

    async def ask(name: str, **settings: bool) -> list[str]:
        resolver = GuardedResolver(trusted=frozenset({"proxy.example"}), **settings)
        try:
            return [entry["host"] for entry in await resolver.resolve(name, 80)]
        finally:
            await resolver.close()

    assert asyncio.run(ask("mixed.example", exclude_loopback=True, exclude_private=True)) == ["93.184.215.14"]
    assert asyncio.run(ask("mixed.example", exclude_loopback=True, exclude_private=False)) == [
        "93.184.215.14",
        "10.0.0.2",
    ]
    with pytest.raises(ExcludedAddress, match=r"'inside\.example' resolves to a loopback address"):
        asyncio.run(ask("inside.example", exclude_loopback=True, exclude_private=True))
    resolves("proxy.example", "127.0.0.1")
    assert asyncio.run(ask("proxy.example", exclude_loopback=True, exclude_private=True)) == ["127.0.0.1"]


@pytest.mark.parametrize(
    ("host", "full"), [("127.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("1.2.3.04", "1.2.3.4")]
)
def test_numeric_hosts_the_client_refuses_are_never_requested_not_dead(server: LoopbackServer, host, full) -> None:
    path = f"/ok/{uid()}"
    url = f"http://{host}:{port_of(server)}{path}"
    report = one(url)
    [finding] = report.diagnostics
    assert (finding.code, finding.severity) == ("AM406", Severity.ERROR)
    assert finding.message == (
        f"link {url!r} never requested: its host {host!r} is a shortened or numeric IPv4 address,"
        f" which HTTP clients refuse or read differently; write {full}"
    )
    assert report.stats.requests == 0
    assert server.requests(path) == []


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("localhost", "loopback"),
        ("api.localhost", "loopback"),
        ("0.0.0.0", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "private"),
        ("fe80::1", "private"),
        ("fd00::1", "private"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("example.org", None),
    ],
)
def test_address_kinds(host: str, kind: str | None) -> None:
    assert address_kind(host) == kind


def test_addresses_are_requested_by_default(server: LoopbackServer) -> None:
    assert one(server.url("/ok")).diagnostics == []  # lychee's default too: nothing excluded


def test_hostile_urls_stay_text() -> None:
    url = "http://example.invalid/\x1b[31m\nred"
    report = one(url)
    text = "\n".join(str(d) for d in report.diagnostics)
    assert report.diagnostics
    assert "\x1b" not in text
    assert "\nred" not in text


def test_fragments_are_not_part_of_the_request() -> None:
    assert request_url("https://example.org/a?b=1#part") == "https://example.org/a?b=1"


# --- configuration ------------------------------------------------------------------------------


def test_accepted_status_codes_are_configurable(server: LoopbackServer) -> None:
    assert one(server.url("/status/404"), fast(accept=parse_status_codes("200-299,404", "t"))).diagnostics == []


def test_severities_are_configurable(server: LoopbackServer) -> None:
    config = fast(permanent_severity=Severity.WARNING, transient_severity=None)
    report = run([(server.url("/status/404"), at(1)), (server.url("/status/500"), at(2))], config)
    assert [(d.code, d.severity) for d in report.diagnostics] == [("AM401", Severity.WARNING)]


def write_pyproject(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f'[project]\nname = "x"\n\n[tool.argmap.links]\n{table}\n', encoding="utf-8")
    return path


def test_defaults_without_a_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    config = load_config(None, base=tmp_path)
    assert config.accept == frozenset(range(200, 300))
    assert (config.timeout, config.max_retries, config.concurrency, config.per_host) == (20.0, 3, 128, 8)
    assert config.max_cache_age == 86400
    assert config.cache_path == tmp_path.resolve() / ".argmap-cache" / "links.json"
    assert (config.permanent_severity, config.transient_severity) == (Severity.ERROR, Severity.WARNING)
    assert not config.exclude_private
    assert not config.exclude_loopback


def test_the_cache_lives_in_argmaps_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "elsewhere"))
    pyproject = write_pyproject(tmp_path, "timeout = 5")
    assert load_config(pyproject).cache_path == (tmp_path / "elsewhere").resolve() / "links.json"


def test_pyproject_keys_and_flags(tmp_path: Path) -> None:
    pyproject = write_pyproject(
        tmp_path,
        'accept = ["200-299", 403]\nexclude = ["^https://private\\\\.example/"]\ntimeout = "5s"\n'
        'concurrency = 16\nper-host = 2\nmax-cache-age = "12h"\ncache-path = "build/links.json"\n'
        'transient-severity = "off"\nexclude-loopback = true\n',
    )
    (tmp_path / "corpus").mkdir()
    assert find_pyproject(tmp_path / "corpus") == pyproject
    config = load_config(pyproject, {"timeout": "2", "concurrency": None, "max_cache_age": "30m"})
    assert config.accept == frozenset([*range(200, 300), 403])
    assert config.is_excluded("https://private.example/x")
    assert not config.is_excluded("https://example.org/")
    assert config.timeout == 2.0  # the flag wins
    assert config.concurrency == 16  # an unset flag leaves the file's value
    assert (config.per_host, config.max_cache_age) == (2, 1800.0)
    assert config.cache_path == tmp_path.resolve() / "build" / "links.json"
    assert config.transient_severity is None
    assert config.exclude_loopback


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("timout = 3", "unknown key 'timout' in [tool.argmap.links]; did you mean 'timeout'?"),
        ("timeout = 0", "[tool.argmap.links] timeout: the timeout must be more than zero seconds"),
        ('timeout = "soon"', "timeout: expected a duration such as 20, '30s' or '1d', got 'soon'"),
        ("accept = [99]", "accept: status codes run from 100 to 599, got 99"),
        ('accept = ["2xx"]', "accept: expected a status code or a range such as '200-299', got '2xx'"),
        ("concurrency = 0", "concurrency: expected a number of at least 1, got 0"),
        ("per-host = true", "per-host: expected a whole number, got True"),
        ('exclude = ["("]', "exclude: '(' is not a valid regular expression"),
        ('permanent-severity = "fatal"', "expected 'error', 'warning' or 'off', got 'fatal'"),
        ("cache = 1", "cache: expected true or false, got 1"),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, table: str, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        load_config(write_pyproject(tmp_path, table))
    assert words in str(caught.value)


def test_bad_flag_values_name_the_flag() -> None:
    with pytest.raises(UsageError, match=r"option --max-cache-age: expected a duration"):
        load_config(None, {"max_cache_age": "forever"})


def test_invalid_toml_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.argmap\n", encoding="utf-8")
    with pytest.raises(UsageError, match="is not valid TOML"):
        load_config(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (20, 20.0),
        (1.5, 1.5),
        ("500ms", 0.5),
        ("30s", 30.0),
        ("2m", 120.0),
        ("12h", 43200.0),
        ("1d", 86400.0),
        ("1w", 604800.0),
        (" 7 ", 7.0),
    ],
)
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text, "t") == seconds


def test_retry_after_values() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_every_code_is_registered_with_its_default_severity() -> None:
    ours = {code: entry.severity for code, entry in CODES.items() if code.startswith("AM4")}
    assert ours == {**SEVERITY, "AM405": Severity.WARNING, "AM406": Severity.ERROR}


# --- --changed-since -----------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True, timeout=30)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    (root / "corpus").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name in ("a.md", "b.md", "c.md"):
        (root / "corpus" / name).write_text(f"{name}\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_changed_since_lists_the_branch_changes_only(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    (repo / "corpus" / "a.md").write_text("changed on the branch\n", encoding="utf-8")
    git(repo, "commit", "-qam", "a")
    git(repo, "checkout", "-q", "main")
    (repo / "corpus" / "b.md").write_text("changed on main later\n", encoding="utf-8")
    git(repo, "commit", "-qam", "b")
    git(repo, "checkout", "-q", "topic")
    (repo / "corpus" / "c.md").unlink()  # deleted: nothing to check
    (repo / "corpus" / "new.md").write_text("untracked\n", encoding="utf-8")
    (repo / "corpus" / "wip.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "corpus/wip.md")  # staged, not committed
    files = changed_files("main", repo / "corpus")
    corpus = (repo / "corpus").resolve()
    assert files == {corpus / "a.md", corpus / "new.md", corpus / "wip.md"}


def test_changed_since_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown git revision 'origin/nope'.*fetch-depth: 0"):
        changed_files("origin/nope", repo)
    with pytest.raises(UsageError, match="is not a git revision"):
        changed_files("--output=/tmp/x", repo)


def test_changed_since_outside_a_repository_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    from argmap.errors import ArgmapError

    with pytest.raises(ArgmapError, match="needs a git repository"):
        changed_files("main", tmp_path)
