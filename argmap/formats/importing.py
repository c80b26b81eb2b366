"""``argmap import`` without the terminal: read a file of another tool, write an annotated document.

:func:`import_file` picks the reader, runs the writer, and returns the document
text with every finding and a tally; the caller writes the file
(:func:`argmap.fileio.atomic_write`) and presents the report.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError, Diagnostic, Location, Severity, UsageError
from argmap.formats.interchange import ImportedMap, ImportFailed, import_diag, replace_surrogates
from argmap.frontmatter import ID_PATTERN


class ImportFormat(StrEnum):
    AIF = "aif"
    BRAT = "brat"
    ARGDOWN = "argdown"


#: File suffix -> format, when ``--format`` is not given.
SUFFIXES = {
    ".json": ImportFormat.AIF,
    ".ann": ImportFormat.BRAT,
    ".argdown": ImportFormat.ARGDOWN,
    ".ad": ImportFormat.ARGDOWN,
}


@dataclass(slots=True)
class ImportOutcome:
    """The produced document and the report about it."""

    text: str
    doc_id: str
    format: ImportFormat
    diagnostics: list[Diagnostic]
    read: Counter[str]
    skipped: Counter[str]
    claims: int
    relations: int
    relations_read: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def guess_format(path: Path) -> ImportFormat:
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format of {str(path)!r} from its name: give --format aif, brat or argdown")
    return found


def document_id(output: Path, given: str | None) -> str:
    """``--id``, else the output file's stem; it must be a valid document id."""
    doc_id = given or output.stem
    if not ID_PATTERN.match(doc_id):
        raise UsageError(
            f"{doc_id!r} is not a valid document id (a letter, then letters, digits, '-' or '_'): "
            "name the output file after the id, or give --id"
        )
    return doc_id


def read_text(path: Path) -> str:
    """A file as text, exactly (no newline translation); not UTF-8 is an AM501 failure."""
    from argmap.fileio import read_regular_file

    try:
        data = read_regular_file(path)  # a FIFO or /dev/zero given as the input must not hang the import
    except OSError as exc:
        raise ArgmapError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        loc = Location(str(path), line, col)
        raise ImportFailed(
            f"{str(path)!r} is not UTF-8", [import_diag(loc, "AM501", f"not UTF-8 (byte {data[exc.start]:#04x})")]
        ) from None


def read_input(path: Path, fmt: ImportFormat, txt: Path | None = None) -> ImportedMap:
    """Run the reader for ``fmt`` on ``path`` (and, for brat, its ``.txt``)."""
    shown = path.as_posix()
    if fmt is ImportFormat.AIF:
        from argmap.formats.aif import read_aif

        return read_aif(read_text(path), shown)
    if fmt is ImportFormat.ARGDOWN:
        from argmap.formats.argdown import read_argdown

        return read_argdown(read_text(path), shown)
    from argmap.formats.brat import read_brat

    txt_path = txt or path.with_suffix(".txt")
    try:
        found = txt_path.is_file()
    except OSError as exc:  # e.g. a name too long for the file system
        raise ArgmapError(f"cannot read {str(txt_path)!r}: {exc.strerror or exc}") from None
    if not found:
        loc = Location(shown, 1, 1)
        raise ImportFailed(
            f"no text file {str(txt_path)!r} for {shown!r}",
            [import_diag(loc, "AM501", f"brat offsets point into a .txt: {str(txt_path)!r} not found (give --txt)")],
        )
    return read_brat(read_text(path), read_text(txt_path), shown, txt_path.as_posix())


def import_file(
    path: Path,
    fmt: ImportFormat,
    doc_id: str,
    *,
    txt: Path | None = None,
    title: str | None = None,
    authors: list[str] | None = None,
    date: str | None = None,
    today: _dt.date | None = None,
) -> ImportOutcome:
    """Read ``path`` and produce the annotated document. Raises :class:`ImportFailed` when nothing can be read."""
    from argmap.formats.writer import write_document

    imported = read_input(path, fmt, txt)
    if not imported.claims and any(d.severity is Severity.ERROR for d in imported.diagnostics):
        raise ImportFailed(
            f"nothing could be imported from {path.as_posix()!r}",
            sorted(imported.diagnostics),
            read=imported.read,
            skipped=imported.skipped,
        )
    written = write_document(imported, doc_id, title=title, authors=authors, date=date, today=today)
    skipped = Counter(imported.skipped)
    skipped.update(written.skipped)
    return ImportOutcome(
        text=written.text,
        doc_id=doc_id,
        format=fmt,
        diagnostics=sorted(imported.diagnostics + written.diagnostics),
        read=imported.read,
        skipped=skipped,
        claims=written.claims,
        relations=written.relations,
        relations_read=len(imported.relations),
    )


def summary_lines(outcome: ImportOutcome, source: str, output: str) -> list[str]:
    """The human summary: what was read, carried and skipped (and why)."""
    read = ", ".join(f"{n} {what}" for what, n in outcome.read.items() if n) or "nothing"
    lines = [
        f"read {read} from {source}",
        f"carried {outcome.claims} claim{'s' if outcome.claims != 1 else ''} and "
        f"{outcome.relations} relation{'s' if outcome.relations != 1 else ''} into {output}",
    ]
    if outcome.skipped:
        lines.append("not carried:")
        width = max(len(str(n)) for n in outcome.skipped.values())
        lines.extend(
            f"  {n:>{width}}  {why}" for why, n in sorted(outcome.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        )
    lines.append(
        f"findings: {outcome.errors} error{'s' if outcome.errors != 1 else ''}, "
        f"{outcome.warnings} warning{'s' if outcome.warnings != 1 else ''}"
    )
    return lines


def outcome_json(outcome: ImportOutcome, source: str, output: str) -> dict[str, Any]:
    """The ``--json`` report of an import that wrote its document."""
    return _report_json(
        source,
        output,
        str(outcome.format),
        outcome.doc_id,
        outcome.read,
        outcome.skipped,
        outcome.diagnostics,
        claims=outcome.claims,
        relations=outcome.relations,
        error=None,
    )


def failure_json(
    source: str,
    output: str,
    fmt: ImportFormat | None,
    doc_id: str | None,
    error: str,
    diagnostics: list[Diagnostic] | None = None,
    read: Counter[str] | None = None,
    skipped: Counter[str] | None = None,
) -> dict[str, Any]:
    """The ``--json`` report of an import that wrote nothing: the same keys, ``written`` false and the ``error``."""
    return _report_json(
        source,
        output,
        str(fmt) if fmt is not None else None,
        doc_id,
        read or Counter(),
        skipped or Counter(),
        diagnostics or [],
        claims=0,
        relations=0,
        error=error,
    )


def _report_json(
    source: str,
    output: str,
    fmt: str | None,
    doc_id: str | None,
    read: Counter[str],
    skipped: Counter[str],
    diagnostics: list[Diagnostic],
    *,
    claims: int,
    relations: int,
    error: str | None,
) -> dict[str, Any]:
    text = replace_surrogates  # paths that are not UTF-8 cannot go into JSON as they are
    return {
        "input": text(source),
        "output": text(output),
        "format": fmt,
        "document": doc_id,
        "read": {text(k): n for k, n in read.items()},
        "carried": {"claims": claims, "relations": relations},
        "skipped": {text(k): n for k, n in sorted(skipped.items())},
        "findings": [
            {
                "path": text(d.loc.path),
                "line": d.loc.line,
                "col": d.loc.col,
                "code": d.code,
                "severity": str(d.severity),
                "message": text(d.message),
            }
            for d in diagnostics
        ],
        "written": error is None,
        "error": text(error) if error is not None else None,
    }
