"""Helpers for the interchange tests: exact plain text and span offsets of a produced document."""

from __future__ import annotations

from pathlib import Path

from argmap.source import scanner
from argmap.source.frontmatter import read_front_matter

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "interchange" / "corpus"
INTERCHANGE = Path(__file__).parent / "fixtures" / "interchange"
SHIPPED = Path(__file__).parent.parent / "corpus"
SHIPPED_READY = (Path(__file__).parent.parent / ".corpus-ready").exists()


def corpora() -> list[Path]:
    """The fixture corpus, and the shipped one once it is complete."""
    return [FIXTURE_CORPUS, SHIPPED] if SHIPPED_READY else [FIXTURE_CORPUS]


def plain_and_spans(document: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The body's plain text (markup removed, as argmap reads it) and each span's plain offsets by id."""
    fm = read_front_matter(document)
    result = scanner.ScanResult()
    removals: list[tuple[int, int]] = []
    for kind, start, end in scanner.blocks(document, fm.body_start):
        if kind == "para":
            scanner._scan_inline(document, start, end, result, removals)
    removals.sort()
    plain, offsets = scanner._plain_text(document, fm.body_start, removals)
    starts = [s for _, s, _ in offsets]
    spans: dict[str, tuple[int, int]] = {}
    for raw in result.spans:
        ids = [a.name for a in raw.attrs if a.type == "id"]
        if ids:
            spans[ids[0]] = (
                scanner._to_plain(raw.content_start, offsets, starts),
                scanner._to_plain(raw.content_end, offsets, starts),
            )
    return plain, spans
