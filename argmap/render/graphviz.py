"""DOT -> SVG/PNG/PDF with Graphviz's ``dot``, and the stamp that lets ``render --check`` work anywhere.

Graphviz measures text with the fonts installed, so the SVG for the same DOT
differs between machines. Every SVG argmap writes therefore carries a stamp,
one XML comment after the XML declaration::

    <!-- argmap-map dot-sha256=<hash of the DOT source> svg-sha256=<hash of the rest of the file> -->

``render --all --check`` regenerates the DOT (pure Python, no Graphviz needed)
and compares hashes: a map is stale when its DOT changed (the corpus, the
definition or argmap's drawing changed) or when the file no longer matches its
own ``svg-sha256`` (edited by hand, truncated, merge conflict).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess

from argmap.errors import GraphvizMissingError, RenderError

FORMATS = ("svg", "png", "pdf")
#: Seconds ``dot`` may take before the render fails (see docs/commands/render.md).
DOT_TIMEOUT = 300.0
#: Largest DOT source handed to ``dot`` (bytes): about 55,000 claims (5.7 MB of DOT per 10,000 in the benchmarks).
MAX_DOT_BYTES = 32 * 1024 * 1024

INSTALL_HINT = (
    "Graphviz is not installed ('dot' is not on PATH): install it with 'sudo apt-get install graphviz' "
    "(Debian/Ubuntu), 'brew install graphviz' (macOS) or from https://graphviz.org/download/, "
    "or write the map as DOT, which needs no Graphviz"
)

_PDF_DATE = re.compile(rb"/CreationDate \(D:(\d+)([^)]*\))")
_STAMP = re.compile(rb"<!-- argmap-map dot-sha256=([0-9a-f]{64}) svg-sha256=([0-9a-f]{64}) -->\n")


#: The options that narrow a map, as a remedy (:attr:`argmap.errors.ArgmapError.options`).
_NARROWING = ("target", "depth", "relation")


def too_big(dot_bytes: int, at_least: bool = False) -> RenderError:
    """The error for a map of ``dot_bytes`` bytes of DOT (``at_least``: an estimate from below)."""
    size = f"{'at least ' if at_least else ''}{dot_bytes // 1_000_000} MB of DOT"
    return RenderError(
        f"the map is too big for Graphviz ({size}); narrow it to a claim or a document, a smaller depth, or some"
        " relation types",
        options=_NARROWING,
    )


#: Bytes every node statement has besides its quoted text (style, label, tooltip lines; measured: 330 and up).
NODE_FLOOR = 250
#: Bytes every edge statement has at the least (measured: 100 and up).
EDGE_FLOOR = 90


def dot_size_floor(texts: list[str], edges: int) -> int:
    """Bytes of DOT that a map needs at the least: nodes quoting ``texts``, and ``edges`` relations.

    Every node's tooltip quotes its text whole (or cut at 12,000 characters), so
    this never exceeds the real size; it lets ``render`` refuse a map too big to
    draw before spending seconds building its DOT.
    """
    return sum(min(len(text.encode("utf-8")), 12_000) + NODE_FLOOR for text in texts) + EDGE_FLOOR * edges


def find_dot() -> str:
    """The path of ``dot``, or :class:`GraphvizMissingError` naming the install command."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissingError(INSTALL_HINT, options=("format",))
    return exe


def run_dot(source: str, fmt: str, timeout: float = DOT_TIMEOUT) -> bytes:
    """Lay out and draw ``source`` as ``fmt`` (svg, png or pdf); the whole output, or an error."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    exe = find_dot()
    data = source.encode("utf-8")
    if len(data) > MAX_DOT_BYTES:
        raise too_big(len(data))
    env = {**os.environ, "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "0"}
    try:
        proc = subprocess.run([exe, f"-T{fmt}"], input=data, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz took more than {timeout:g} s to lay out the map; narrow it to a claim or a document,"
            " a smaller depth, or some relation types",
            options=_NARROWING,
        ) from None
    except OSError as exc:
        raise RenderError(f"cannot run {exe!r}: {exc.strerror or exc}") from None
    if proc.returncode != 0 or not proc.stdout:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0] if message else f"exit status {proc.returncode}"
        if "init_rank" in first:  # a known failure of dot's ranking with clusters
            raise RenderError(
                f"Graphviz failed to draw the map: {first}; draw it without document groups, or narrow it",
                options=("no_group", "depth", "relation"),
            )
        raise RenderError(f"Graphviz failed to draw the map: {first}")
    return _fixed_pdf_date(proc.stdout) if fmt == "pdf" else proc.stdout


_SCALE = re.compile(rb'<g id="graph0" class="graph" transform="scale\(([0-9.]+)')


def drawing_scale(svg: bytes) -> float:
    """How much Graphviz shrank the drawing to fit its ``size`` (1.0: not at all), read off its SVG."""
    match = _SCALE.search(svg)
    return float(match.group(1)) if match else 1.0


def _fixed_pdf_date(pdf: bytes) -> bytes:
    """The PDF with cairo's ``/CreationDate`` set to 1970 (same length, so offsets hold): same map, same bytes."""

    def epoch(match: re.Match[bytes]) -> bytes:
        digits = len(match.group(1))
        return b"/CreationDate (D:" + b"19700101000000"[:digits].ljust(digits, b"0") + match.group(2)

    return _PDF_DATE.sub(epoch, pdf, count=1)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stamp_svg(svg: bytes, source: str) -> bytes:
    """``svg`` with the argmap stamp after its XML declaration (or at the start)."""
    svg = _STAMP.sub(b"", svg, count=1)
    stamp = f"<!-- argmap-map dot-sha256={_sha256(source.encode('utf-8'))} svg-sha256={_sha256(svg)} -->\n".encode()
    if svg.startswith(b"<?xml"):
        end = svg.index(b"\n") + 1 if b"\n" in svg else len(svg)
        return svg[:end] + stamp + svg[end:]
    return stamp + svg


def svg_staleness(svg: bytes, source: str) -> str | None:
    """Why the stamped ``svg`` is not the current drawing of ``source``, or ``None`` when it is."""
    match = _STAMP.search(svg)
    if match is None:
        return "it has no argmap stamp (argmap did not render it)"
    rest = svg[: match.start()] + svg[match.end() :]
    if match.group(2).decode() != _sha256(rest):
        return "it was changed after it was rendered"
    if match.group(1).decode() != _sha256(source.encode("utf-8")):
        return "the corpus or the map definition changed since it was rendered"
    return None
