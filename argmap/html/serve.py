"""``argmap report --serve``: the report on 127.0.0.1, rebuilt and reloaded when a corpus file changes.

The page carries the number of the build it is (in its data) and asks
``/version`` once a second (a same-origin ``fetch``, which its
Content-Security-Policy allows only when served); it reloads when the server
has a later build. Files are watched with watchfiles, imported here only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: How the data of a live page ends (``page(view, live=True)``: "live" is its last key, and no ``</`` is in the JSON).
_LIVE = b'"live":true}</script>'


def _stamped(html: bytes, version: int) -> bytes:
    """The page with its version in its data, so that it reloads only when a later one is built."""
    at = html.rfind(_LIVE)
    if at < 0:
        return html
    return html[:at] + b'"live":%d}</script>' % version + html[at + len(_LIVE) :]


class _State:
    def __init__(self, html: bytes) -> None:
        self.lock = threading.Lock()
        self.version = 1
        self.html = _stamped(html, self.version)
        self.error: str | None = None

    def update(self, html: bytes | None, error: str | None = None) -> None:
        with self.lock:
            self.version += 1
            if html is not None:
                self.html = _stamped(html, self.version)
            self.error = error


def _handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with state.lock:
                html, version, error = state.html, state.version, state.error
            if path in ("/", "/index.html", "/report.html"):
                self._send(200, "text/html; charset=utf-8", html)
            elif path == "/version":
                self._send(200, "text/plain; charset=utf-8", str(version).encode())
            elif path == "/error":
                self._send(200, "text/plain; charset=utf-8", (error or "").encode("utf-8"))
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found\n")

        def _send(self, code: int, kind: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the terminal shows rebuilds, not requests

    return Handler


def serve(
    build: Callable[[], str],
    watch: Iterable[Path],
    port: int = 0,
    say: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve ``build()`` on 127.0.0.1:``port`` (0: a free port) until Ctrl-C or ``stop``; rebuild on changes.

    ``say`` gets one line per event (the address, each rebuild and its errors);
    ``ready`` the address once the server listens. Ctrl-C stops the server and
    raises :class:`KeyboardInterrupt` again.
    """
    import watchfiles

    state = _State(build().encode("utf-8"))
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    stop = stop or threading.Event()
    paths = [p for p in watch if p.exists()]
    watching = threading.Event()

    def watcher() -> None:
        # yield_on_timeout: the first (empty) batch says the watch is in place, so no change is missed.
        for changes in watchfiles.watch(
            *paths, stop_event=stop, debounce=300, rust_timeout=200, yield_on_timeout=True, raise_interrupt=False
        ):
            watching.set()
            if not changes:
                continue
            names = sorted({Path(p).name for _, p in changes})
            try:
                state.update(build().encode("utf-8"))
                say(f"rebuilt after a change to {', '.join(names)}")
            except Exception as exc:  # a broken corpus or definition must not stop the preview
                state.update(None, str(exc))
                say(f"could not rebuild: {exc}")
        watching.set()

    thread = threading.Thread(target=watcher, name="argmap-watch", daemon=True)
    thread.start()
    watching.wait(timeout=10)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    serving.start()
    say(f"serving the report on {url} (Ctrl-C to stop)")
    if ready is not None:
        ready(url)
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        say("stopped")
        raise  # after the clean-up below: the command exits 130, as every command does after Ctrl-C
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
