"""A document as a reader sees it: its text with the markup of annotations removed, and where each span is.

The words stay exactly as written in the source file: only the annotation
markup (a span's ``[`` and its ``]{...}``, and reference spans ``[]{...}``)
is taken out. Other Markdown (emphasis, links, headings) stays as written.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from argmap.views.base import View


@dataclass(frozen=True, slots=True)
class SpanMark(View):
    """An annotated span in :attr:`DocumentReading.text`: ``text[start:end]`` are its words, ``id`` its node key."""

    start: int
    end: int
    id: str


@dataclass(frozen=True, slots=True)
class DocumentReading(View):
    """One document's body as text with its spans (``marks``, nested spans inside their outer span).

    ``lines`` gives, for each source line of the body that is in ``text``, the
    offset in ``text`` where it starts: ``[[offset, line number], ...]``, so a
    reader can show line numbers. ``error`` says why there is no text (the file
    could not be read), else ``None``.
    """

    doc: str
    text: str
    marks: tuple[SpanMark, ...]
    lines: tuple[tuple[int, int], ...]
    error: str | None = None


def document_reading(doc_id: str, path: str | Path, known: frozenset[str] | set[str]) -> DocumentReading:
    """The reading of the document ``doc_id`` stored at ``path``; spans whose key is not in ``known`` are not marked."""
    from argmap.corpus.files import read_regular_file
    from argmap.model import qualify
    from argmap.source.frontmatter import read_front_matter
    from argmap.source.scanner import scan

    try:
        source = read_regular_file(path).decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return DocumentReading(doc_id, "", (), (), f"cannot read {str(path)!r}: {reason}")
    body_start = read_front_matter(source).body_start
    result = scan(source, body_start)
    removals: list[tuple[int, int]] = []
    spans: list[tuple[int, int, str]] = []  # source offsets of each marked span's words
    for raw in result.spans:
        removals.append((raw.start, raw.content_start))
        removals.append((raw.content_end, raw.end))
        local = next((a.name for a in raw.attrs if a.type == "id"), None)
        key = qualify(doc_id, local) if local else None
        if key is not None and key in known and raw.content_end > raw.content_start:
            spans.append((raw.content_start, raw.content_end, key))
    removals.sort()
    # Keep the text between removals, and map source offsets to text offsets.
    pieces: list[str] = []
    kept: list[tuple[int, int, int]] = []  # (source start, source end, text start)
    at = body_start
    length = 0
    for start, end in [*removals, (len(source), len(source))]:
        if start > at:
            pieces.append(source[at:start])
            kept.append((at, start, length))
            length += start - at
        at = max(at, end)
    text = "".join(pieces)

    starts = [s for s, _, _ in kept]

    def fast(offset: int) -> int:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return 0
        s, e, t = kept[i]
        return t + min(offset, e) - s

    marks = sorted((SpanMark(fast(s), fast(e), key) for s, e, key in spans), key=lambda m: (m.start, -m.end, m.id))
    lines: list[tuple[int, int]] = []
    line = source.count("\n", 0, body_start) + 1
    pos = body_start
    while pos < len(source):
        lines.append((fast(pos), line))
        nxt = source.find("\n", pos)
        if nxt < 0:
            break
        pos = nxt + 1
        line += 1
    return DocumentReading(doc_id, text, tuple(marks), tuple(lines))
