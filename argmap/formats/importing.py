"""``argmap import`` without the terminal: read files of other tools, write annotated documents.

:func:`import_file` picks the reader, runs the writer, and returns the document
text (or, for an AIF map of several argmap documents, one text per document)
with every finding and a tally; :func:`plan_batch` turns many inputs (files,
folders, globs) into one document each in an output folder. The caller writes
the files (:func:`argmap.corpus.files.atomic_write`) and presents the report.

Front matter is never invented: the options, else a sidecar file (``NAME.meta.yaml``
beside the input, or ``--meta FILE`` for every input), else what the input says;
a required field found nowhere fails the import with AM512 and says how to give it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError, Diagnostic, ImportFailed, Location, Severity, UsageError
from argmap.formats import ImportFormat
from argmap.formats.imported import ImportedMap, import_diag, replace_surrogates
from argmap.model import RelationType
from argmap.source.frontmatter import ID_PATTERN

#: File suffix -> format, when ``--format`` is not given (``.json`` is AIF or SADFACE: the reader tells by structure).
SUFFIXES = {
    ".json": ImportFormat.AIF,
    ".ann": ImportFormat.BRAT,
    ".argdown": ImportFormat.ARGDOWN,
    ".ad": ImportFormat.ARGDOWN,
    ".xml": ImportFormat.MICROTEXTS,
}
#: Kialo's plain-text export starts with this line.
KIALO_FIRST_LINE = "Discussion Title:"
#: The sidecar beside an input: its front-matter fields (title, authors, date, ...), YAML.
SIDECAR_SUFFIX = ".meta.yaml"


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
    #: Relations carried by type, and ``linked inferences`` (see :attr:`~argmap.formats.markdown.WriteResult.by_type`).
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


#: The option that gives each front-matter field (:attr:`argmap.errors.ArgmapError.options`).
_FRONT_MATTER_OPTION = {"title": "title", "authors": "author", "date": "date"}


def guess_format(path: Path) -> ImportFormat:
    found = SUFFIXES.get(path.suffix.lower())
    if found is None and path.suffix.lower() == ".txt" and _starts_with(path, KIALO_FIRST_LINE):
        found = ImportFormat.KIALO
    if found is None:
        raise UsageError(
            f"cannot tell the format of {str(path)!r} from its name: name it (aif, brat, argdown, sadface, "
            "kialo or microtexts)",
            options=("format",),
        )
    return found


def _starts_with(path: Path, prefix: str) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(prefix.encode()) + 3)
    except OSError:
        return False
    return head.decode("utf-8", "replace").removeprefix("\ufeff").startswith(prefix)


def document_id(output: Path, given: str | None) -> str:
    """``--id``, else the output file's stem; it must be a valid document id."""
    doc_id = given or output.stem
    if not ID_PATTERN.match(doc_id):
        raise UsageError(
            f"{doc_id!r} is not a valid document id (a letter, then letters, digits, '-' or '_'): "
            "name the output file after the id, or give the id",
            options=("id",),
        )
    return doc_id


def read_text(path: Path) -> str:
    """A file as text, exactly (no newline translation); not UTF-8 is an AM501 failure."""
    from argmap.corpus.files import read_regular_file

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


def read_input(
    path: Path,
    fmt: ImportFormat,
    txt: Path | None = None,
    *,
    stance_relations: bool = True,
    explicit: bool = True,
) -> ImportedMap:
    """Run the reader for ``fmt`` on ``path`` (and, for brat, its ``.txt``).

    ``explicit``: the user named the format (else it came from the name; ``.json`` is then AIF or
    SADFace by structure).
    """
    shown = path.as_posix()
    if fmt in (ImportFormat.AIF, ImportFormat.SADFACE):
        from argmap.formats.aif import read_json_map

        return read_json_map(read_text(path), shown, str(fmt) if explicit else None)
    if fmt is ImportFormat.ARGDOWN:
        from argmap.formats.argdown import read_argdown

        return read_argdown(read_text(path), shown)
    if fmt is ImportFormat.KIALO:
        from argmap.formats.kialo import read_kialo

        return read_kialo(read_text(path), shown)
    if fmt is ImportFormat.MICROTEXTS:
        from argmap.formats.microtexts import read_microtext

        return read_microtext(read_text(path), shown)
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
    return read_brat(
        read_text(path), read_text(txt_path), shown, txt_path.as_posix(), stance_relations=stance_relations
    )


def sidecar_of(path: Path) -> Path:
    """The sidecar file of an input: ``essay001.ann`` -> ``essay001.meta.yaml``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_meta_file(path: Path) -> dict[str, Any]:
    """A sidecar's front-matter fields (a YAML mapping). Unreadable or not a mapping: :class:`ArgmapError`."""
    import yaml

    try:
        data = yaml.safe_load(read_text(path))
    except ImportFailed as exc:
        raise ArgmapError(f"cannot read the metadata file {str(path)!r}: not UTF-8") from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ArgmapError(f"cannot read the metadata file {str(path)!r}: {str(exc).splitlines()[0]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArgmapError(f"the metadata file {str(path)!r} is not a mapping of front-matter fields (title: ...)")
    return {str(k): v for k, v in data.items()}


def metadata_for(path: Path, meta_file: dict[str, Any] | None) -> dict[str, Any]:
    """``--meta FILE``'s fields, overridden by the input's own sidecar when there is one."""
    meta = dict(meta_file or {})
    sidecar = sidecar_of(path)
    if sidecar.is_file():
        meta.update(read_meta_file(sidecar))
    return meta


@dataclass(slots=True)
class Options:
    """What the options of ``argmap import`` say about every input."""

    txt: Path | None = None
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    #: ``--meta FILE``: front-matter fields for every input (its own sidecar overrides them).
    meta: dict[str, Any] | None = None
    #: brat: relations from each Claim's stance to the MajorClaims (``--stance-relations``).
    stance_relations: bool = True
    #: ``--format`` was given (else the format came from the file name).
    explicit_format: bool = True


def import_file(
    path: Path,
    fmt: ImportFormat,
    doc_id: str,
    *,
    txt: Path | None = None,
    title: str | None = None,
    authors: list[str] | None = None,
    date: str | None = None,
    options: Options | None = None,
) -> ImportOutcome:
    """Read ``path`` and produce the annotated document.

    Raises :class:`ImportFailed` when nothing can be read, or when a required front-matter field is
    in neither the input, its sidecar, ``--meta`` nor the options (AM512).
    """
    opts = options or Options(txt=txt, title=title, authors=authors, date=date)
    imported = read_input(path, fmt, opts.txt, stance_relations=opts.stance_relations, explicit=opts.explicit_format)
    if len(imported.documents) > 1:
        imported.report(
            Location(path.as_posix(), 1, 1),
            "AM510",
            f"the map holds {len(imported.documents)} argmap documents ({', '.join(imported.documents)}): "
            "imported as one; give -o DIR to write one document each",
        )
    return outcome_of(imported, path, fmt, doc_id, opts)


def outcome_of(imported: ImportedMap, path: Path, fmt: ImportFormat, doc_id: str, opts: Options) -> ImportOutcome:
    """Write ``imported`` as the document ``doc_id`` (see :func:`import_file`)."""
    from argmap.formats.markdown import write_document

    if not imported.claims and any(d.severity is Severity.ERROR for d in imported.diagnostics):
        raise ImportFailed(
            f"nothing could be imported from {path.as_posix()!r}",
            sorted(imported.diagnostics),
            read=imported.read,
            skipped=imported.skipped,
        )
    meta = metadata_for(path, opts.meta)
    written = write_document(imported, doc_id, title=opts.title, authors=opts.authors, date=opts.date, meta=meta)
    skipped = Counter(imported.skipped)
    skipped.update(written.skipped)
    diagnostics = sorted(imported.diagnostics + written.diagnostics)
    if written.missing:
        them = "them" if len(written.missing) > 1 else "it"
        raise ImportFailed(
            f"{path.as_posix()!r} gives no {', '.join(written.missing)} for the front matter: give {them}, "
            f"or write {them} in {sidecar_of(path).as_posix()!r} or another metadata file",
            diagnostics,
            read=imported.read,
            skipped=skipped,
            options=(*(_FRONT_MATTER_OPTION[field] for field in written.missing), "meta"),
        )
    return ImportOutcome(
        text=written.text,
        doc_id=doc_id,
        format=fmt,
        diagnostics=diagnostics,
        read=imported.read,
        skipped=skipped,
        claims=written.claims,
        relations=written.relations,
        relations_read=len(imported.relations),
        extra={"via": dict(Counter(r.via for r in imported.relations if r.via))},
        by_type=written.by_type,
    )


def summary_lines(outcome: ImportOutcome, source: str, output: str) -> list[str]:
    """The human summary: what was read, carried and skipped (and why)."""
    read = ", ".join(f"{n} {what}" for what, n in outcome.read.items() if n) or "nothing"
    lines = [
        f"read {read} from {source}",
        f"carried {outcome.claims} claim{'s' if outcome.claims != 1 else ''} and "
        f"{outcome.relations} relation{'s' if outcome.relations != 1 else ''} into {output}",
    ]
    if outcome.by_type:
        lines.append(f"  {by_type_line(outcome.by_type)}")
    for via, n in sorted(outcome.extra.get("via", {}).items()):
        lines.append(f"  of which {n} made from {via}s (tagged; --no-{via}-relations leaves them out)")
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


def by_type_line(by_type: dict[str, int]) -> str:
    """``relations: 272 supports, 110 attacks, ...; 21 linked inferences``."""
    relations = ", ".join(f"{n} {kind}" for kind, n in by_type.items() if kind != "linked inferences")
    linked = by_type.get("linked inferences")
    return f"relations: {relations}" + (f"; {linked} linked inference{'s' if linked != 1 else ''}" if linked else "")


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


# -- many inputs in one run -----------------------------------------------

#: Suffixes a folder is searched for (``.txt`` only with ``--format kialo``: brat keeps its texts as ``.txt``).
FOLDER_SUFFIXES = {
    ImportFormat.AIF: (".json",),
    ImportFormat.SADFACE: (".json",),
    ImportFormat.BRAT: (".ann",),
    ImportFormat.ARGDOWN: (".argdown", ".ad"),
    ImportFormat.KIALO: (".txt",),
    ImportFormat.MICROTEXTS: (".xml",),
}
_GLOB_CHARS = frozenset("*?[")


def is_batch(sources: list[Path], output: Path) -> bool:
    """Many inputs, a folder or a glob, or an output folder (an existing one, or a name with no suffix)."""
    if len(sources) > 1 or not output.suffix:
        return True
    try:
        if output.is_dir():
            return True
        source = sources[0]
        return source.is_dir() or (not source.exists() and bool(_GLOB_CHARS & set(str(source))))
    except OSError:
        return False


def expand_sources(sources: list[Path], fmt: ImportFormat | None) -> list[Path]:
    """Files named, the importable files of folders (not recursive), the files a glob matches; in order, once each."""
    import glob

    wanted = FOLDER_SUFFIXES[fmt] if fmt is not None else tuple(s for s in SUFFIXES)
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            found.extend(
                sorted(
                    p
                    for p in source.iterdir()
                    if p.suffix.lower() in wanted and not p.name.endswith(SIDECAR_SUFFIX) and p.is_file()
                )
            )
        elif not source.exists() and _GLOB_CHARS & set(str(source)):
            matches = sorted(Path(m) for m in glob.glob(str(source)))
            if not matches:
                raise UsageError(f"no file matches {str(source)!r}")
            found.extend(m for m in matches if m.is_file() and not m.name.endswith(SIDECAR_SUFFIX))
        else:
            found.append(source)
    seen: set[Path] = set()
    unique = [p for p in found if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]
    if not unique:
        raise UsageError("no file to import: the folders hold no " + "/".join(wanted) + " files")
    return unique


@dataclass(slots=True)
class BatchFile:
    """One input of a batch: the documents it gave, or why it gave none."""

    source: Path
    format: ImportFormat | None = None
    outcomes: list[ImportOutcome] = field(default_factory=list)
    error: str | None = None
    failed: ImportFailed | None = None


def stem_id(path: Path) -> str:
    """A document id from a file name: ``essay001.ann`` -> ``essay001``."""
    from argmap.formats.imported import slug

    return slug(path.stem, "doc")


def import_batch(files: list[Path], fmt: ImportFormat | None, opts: Options) -> list[BatchFile]:
    """Read every file and produce its documents (nothing is written). A file that fails does not stop the rest."""
    from argmap.formats.imported import split_documents

    results: list[BatchFile] = []
    for path in files:
        item = BatchFile(path)
        results.append(item)
        try:
            item.format = fmt or guess_format(path)
            file_opts = Options(**{**_fields(opts), "explicit_format": fmt is not None})
            imported = read_input(
                path, item.format, None, stance_relations=opts.stance_relations, explicit=fmt is not None
            )
            parts = split_documents(imported, stem_id(path)) if len(imported.documents) > 1 else []
            if not parts:
                parts = [(stem_id(path), imported)]
            for doc_id, part in parts:
                item.outcomes.append(outcome_of(part, path, item.format, doc_id, file_opts))
        except ImportFailed as exc:
            item.error, item.failed = str(exc), exc
        except ArgmapError as exc:  # UsageError included: an unknown suffix, an unreadable sidecar
            item.error = str(exc)
    return results


def _fields(opts: Options) -> dict[str, Any]:
    return {name: getattr(opts, name) for name in Options.__dataclass_fields__}


def batch_outputs(results: list[BatchFile], folder: Path, force: bool) -> list[tuple[Path, ImportOutcome]]:
    """Where each document goes; two documents with one id, or an existing file without ``force``, fail the batch."""
    targets: list[tuple[Path, ImportOutcome]] = []
    by_id: dict[str, Path] = {}
    for item in results:
        for outcome in item.outcomes:
            if outcome.doc_id in by_id:
                raise ArgmapError(
                    f"{by_id[outcome.doc_id].as_posix()!r} and {item.source.as_posix()!r} both give the document id "
                    f"{outcome.doc_id!r}: rename one, or import them in two runs into two folders"
                )
            by_id[outcome.doc_id] = item.source
            targets.append((folder / f"{outcome.doc_id}.md", outcome))
    if not force:
        existing = [p.as_posix() for p, _ in targets if p.exists()]
        if existing:
            more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
            raise ArgmapError(
                f"{existing[0]!r}{more} exists: nothing was written; overwrite only if you mean to", options=("force",)
            )
    return targets


def batch_summary(results: list[BatchFile], folder: str) -> list[str]:
    """The one summary of a batch: files, documents, claims and relations carried, what was not, findings."""
    outcomes = [o for item in results for o in item.outcomes]
    failed = [item for item in results if item.error is not None]
    read: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    via: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for outcome in outcomes:
        read.update(outcome.read)
        skipped.update(outcome.skipped)
        via.update(outcome.extra.get("via", {}))
        by_type.update(outcome.by_type)
    claims = sum(o.claims for o in outcomes)
    relations = sum(o.relations for o in outcomes)
    errors = sum(o.errors for o in outcomes) + sum(
        sum(d.severity is Severity.ERROR for d in item.failed.diagnostics) for item in failed if item.failed
    )
    warnings = sum(o.warnings for o in outcomes)
    ok = len(results) - len(failed)
    lines = [
        f"imported {ok} of {len(results)} file{'s' if len(results) != 1 else ''} into {folder}: "
        f"{len(outcomes)} document{'s' if len(outcomes) != 1 else ''}, {claims} claims and {relations} relations",
        "read " + (", ".join(f"{n} {what}" for what, n in read.items() if n) or "nothing"),
    ]
    if by_type:
        order = [str(t) for t in RelationType] + ["linked inferences"]
        lines.append(f"  {by_type_line({k: by_type[k] for k in order if by_type[k]})}")
    for name, n in sorted(via.items()):
        lines.append(f"  of the relations, {n} made from {name}s (tagged; --no-{name}-relations leaves them out)")
    if skipped:
        lines.append("not carried:")
        width = max(len(str(n)) for n in skipped.values())
        lines.extend(f"  {n:>{width}}  {why}" for why, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    if failed:
        lines.append(f"not imported: {len(failed)} file{'s' if len(failed) != 1 else ''}")
        lines.extend(f"  {item.source.as_posix()}: {item.error}" for item in failed)
    lines.append(
        f"findings: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    )
    return lines


def batch_json(results: list[BatchFile], targets: dict[int, Path], folder: str, error: str | None) -> dict[str, Any]:
    """The ``--json`` report of a batch: one report per input (as for one file) and the totals."""
    files = []
    for item in results:
        source = item.source.as_posix()
        if item.error is not None:
            failed = item.failed
            files.append(
                failure_json(
                    source,
                    folder,
                    item.format,
                    None,
                    item.error,
                    failed.diagnostics if failed else None,
                    failed.read if failed else None,
                    failed.skipped if failed else None,
                )
            )
            continue
        for outcome in item.outcomes:
            out = targets.get(id(outcome))
            report = outcome_json(outcome, source, out.as_posix() if out else folder)
            if error is not None:
                report["written"], report["error"] = False, error
            files.append(report)
    outcomes = [o for item in results for o in item.outcomes]
    return {
        "files": files,
        "summary": {
            "inputs": len(results),
            "imported": sum(1 for item in results if item.error is None),
            "documents": len(outcomes),
            "claims": sum(o.claims for o in outcomes),
            "relations": sum(o.relations for o in outcomes),
            "written": error is None,
            "error": replace_surrogates(error) if error is not None else None,
        },
    }
