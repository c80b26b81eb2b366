"""Links per second of ``argmap check --online`` on loopback, cold and warm.

Usage::

    python tests/benchmarks/bench_links.py [--links 5000] [--per-host 8] [--concurrency 128]
                                           [--hosts 1] [--server asyncio|threading]

Serves N distinct URLs (``/ok/<i>``, 200) from a loopback server in another
process, checks them with an empty cache (cold), then again with the cache the
first run wrote (warm), and prints links/s for each, the client's CPU time per
link (steadier than wall time on a shared machine), the requests the server saw
and the TCP connections it accepted. ``--hosts K`` spreads the
URLs over K servers (K origins), so the per-host bound applies K times.

The default server is a minimal asyncio HTTP/1.1 server (keep-alive, listen
backlog 1024, TCP_NODELAY, which asyncio sets on every TCP connection), so the
numbers measure the client; ``--server threading`` uses the test suite's
ThreadingHTTPServer instead. Numbers, not assertions: this is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


class _Counts:
    requests = 0
    connections = 0


class _Http(asyncio.Protocol):
    """Just enough HTTP/1.1: every request is answered 200 with a 3-byte body, kept alive."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""
        _Counts.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            _Counts.requests += 1
            method, _, rest = head.partition(b" ")
            path = rest.partition(b" ")[0]
            if path == b"/__stats":
                body = json.dumps({"requests": _Counts.requests - 1, "connections": _Counts.connections}).encode()
            else:
                body = b"ok\n"
            reply = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
            self.transport.write(reply if method == b"HEAD" else reply + body)


async def _serve_asyncio() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # serve until the parent closes stdin


def _serve_threading() -> None:
    from loopback_server import LoopbackServer

    server = LoopbackServer()
    with server:
        print(server.server_address[1], flush=True)
        sys.stdin.read()


def _start(kind: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


def _server_counts(port: int, kind: str) -> tuple[int, int]:
    if kind != "asyncio":
        return -1, -1
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats", timeout=10) as response:
        data = json.load(response)
    return int(data["requests"]), int(data["connections"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=5000)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=128)
    parser.add_argument("--hosts", type=int, default=1)
    parser.add_argument("--server", choices=["asyncio", "threading"], default="asyncio")
    parser.add_argument("--serve", choices=["asyncio", "threading"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve == "asyncio":
        asyncio.run(_serve_asyncio())
        return
    if args.serve == "threading":
        _serve_threading()
        return

    from dataclasses import replace

    from argmap.errors import Location
    from argmap.links import LinkCache, check_links, load_config

    servers = [_start(args.server) for _ in range(args.hosts)]
    try:
        ports = [port for _, port in servers]
        targets = [
            (f"http://127.0.0.1:{ports[i % len(ports)]}/ok/{i}", Location("bench.md", i + 1, 1))
            for i in range(args.links)
        ]
        with tempfile.TemporaryDirectory() as tmp:
            config = replace(
                load_config(None, base=Path(tmp)),
                per_host=args.per_host,
                concurrency=args.concurrency,
                timeout=10.0,
                cache_path=Path(tmp) / "links.json",
            )
            print(
                f"{args.links} links on {args.hosts} loopback host(s), {args.server} server, "
                f"per-host {args.per_host}, concurrency {args.concurrency}, "
                f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
            )
            for run in ("cold", "warm"):
                before = [_server_counts(port, args.server) for port in ports]
                cache = LinkCache.load(config.cache_path, config.max_cache_age)
                started, cpu = time.perf_counter(), time.process_time()
                report = check_links(targets, config, cache=cache)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                after = [_server_counts(port, args.server) for port in ports]
                requests = sum(a[0] - b[0] for a, b in zip(after, before, strict=True))
                connections = sum(a[1] - b[1] for a, b in zip(after, before, strict=True))
                assert not report.diagnostics, report.diagnostics[:3]
                seen = f"server saw {requests} requests on {connections} new connections"
                if args.server != "asyncio":
                    seen = "server counts only with the asyncio server"
                print(
                    f"{run}: {args.links / elapsed:,.0f} links/s ({elapsed:.3f} s, client CPU "
                    f"{cpu / args.links * 1e6:,.0f} us per link; client sent {report.stats.requests} requests, "
                    f"{report.stats.cached} from cache; {seen})"
                )
    finally:
        for proc, _ in servers:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
