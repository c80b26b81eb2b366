"""A real HTTP server on 127.0.0.1 for the link-check tests (never the internet).

A ``ThreadingHTTPServer`` with a deep listen backlog and ``TCP_NODELAY`` on its
keep-alive connections, so that the server is never what makes a client look
slow. Every request is recorded (method, path, time) so tests can count them.

Routes (``<x>`` is any text, used to make URLs distinct)::

    /ok[/<x>]              200 (HEAD and GET)
    /status/<code>[/<x>]   that status code
    /moved/<code>?to=<u>   a redirect with that code to <u> (default /ok; sent as UTF-8)
    /no-location           302 without a Location header
    /loop                  302 to itself
    /slow?s=<seconds>      waits, then 200
    /limited/<x>?n=<k>&after=<s>   429 with Retry-After: <s> for the first k requests, then 200
    /busy/<x>?n=<k>        503 (no Retry-After) for the first k requests, then 200
    /no-head/<code>[/<x>]  HEAD gets <code> (405, 501, 403, 404...), GET gets 200
    /switch/<x>            200 until ``server.switch_off(x)``, then 404
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    at: float


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # TCP_NODELAY on every accepted connection
    server: LoopbackServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def _reply(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"ok\n") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value.encode("utf-8").decode("latin-1"))  # raw UTF-8, as hostile servers send
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self, method: str) -> None:
        started = time.monotonic()
        try:
            self._answer(method)
        finally:
            self.server.served(self.path, started, time.monotonic())

    def _answer(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        seg = parts.path.strip("/").split("/")
        count = self.server.record(method, self.path)
        head = seg[0]
        if head == "ok":
            self._reply(200)
        elif head == "status" and len(seg) > 1 and seg[1].isdigit():
            self._reply(int(seg[1]))
        elif head == "moved" and len(seg) > 1 and seg[1].isdigit():
            self._reply(int(seg[1]), {"Location": query.get("to", "/ok")})
        elif head == "no-location":
            self._reply(302)
        elif head == "loop":
            self._reply(302, {"Location": "/loop"})
        elif head == "slow":
            time.sleep(float(query.get("s", "2")))
            self._reply(200)
        elif head == "limited":
            if count <= int(query.get("n", "1")):
                self._reply(429, {"Retry-After": query.get("after", "1")})
            else:
                self._reply(200)
        elif head == "busy":
            if count <= int(query.get("n", "1")):
                self._reply(503)
            else:
                self._reply(200)
        elif head == "no-head" and len(seg) > 1 and seg[1].isdigit():
            self._reply(int(seg[1]) if method == "HEAD" else 200)
        elif head == "switch":
            self._reply(404 if parts.path in self.server.switched_off else 200)
        else:
            self._reply(404)


class LoopbackServer(ThreadingHTTPServer):
    """Serve the routes above on 127.0.0.1 (or ``host``) on a free port, in a background thread."""

    request_queue_size = 1024  # the listen backlog (socketserver's default is 5)
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), _Handler)
        self.scheme = "http"
        if tls is not None:  # the handshake happens in each connection's own thread, on first read
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
            self.scheme = "https"
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self.counts: Counter[str] = Counter()
        self.switched_off: set[str] = set()
        self.connections = 0
        self.spans: list[tuple[str, float, float]] = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def record(self, method: str, path: str) -> int:
        """Note a request; return how many requests this path (query included) has had."""
        with self._lock:
            self.seen.append(Seen(method, path, time.monotonic()))
            self.counts[path] += 1
            return self.counts[path]

    def served(self, path: str, started: float, ended: float) -> None:
        with self._lock:
            self.spans.append((path, started, ended))

    def most_at_once(self, part: str) -> int:
        """The most requests whose path contains ``part`` that were being answered at the same time."""
        with self._lock:
            events = sorted(
                (t, step) for path, start, end in self.spans if part in path for t, step in ((start, 1), (end, -1))
            )
        busy = peak = 0
        for _, step in events:
            busy += step
            peak = max(peak, busy)
        return peak

    def requests(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if path is None or s.path == path]

    def switch_off(self, path: str) -> None:
        with self._lock:
            self.switched_off.add(path)

    def process_request(self, request: object, client_address: object) -> None:  # type: ignore[override]
        with self._lock:
            self.connections += 1
        super().process_request(request, client_address)  # type: ignore[arg-type]

    def handle_error(self, request: object, client_address: object) -> None:  # type: ignore[override]
        pass  # a client that hangs up or refuses the certificate is part of the tests, not news

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.shutdown()
        self.server_close()
