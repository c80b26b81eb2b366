"""Corpus files -> parsed documents: from the parse cache, in this process, or in worker processes.

:func:`read_files` reads the bytes of every file once (their SHA-256 keys the
cache); :func:`parse_files` turns them into documents, in the order given:

* a file whose parse is cached (:mod:`argmap.corpus.cache`) is decoded, not parsed;
* the rest are parsed here, or, when there are enough bytes to parse
  (:data:`PARALLEL_MIN_BYTES`) and more than one CPU, partly in forked
  worker processes, which hand each document back encoded
  (:mod:`argmap.corpus.codec`) and store it in the cache themselves.

Whichever way a document is made, it is the same document.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.codes import severity_of
from argmap.corpus.files import normalize_newlines, read_regular_file
from argmap.errors import Diagnostic, Location
from argmap.model import Document
from argmap.source.frontmatter import ID_PATTERN

if TYPE_CHECKING:
    from argmap.corpus.cache import ParseCache

#: Environment variable: how many processes parse (1: only this one). Default: the CPUs this process may use.
JOBS_ENV = "ARGMAP_JOBS"
#: Bytes left to parse below which no worker is forked: about 8,500 claims, a quarter of a second
#: of parsing, of which a worker saves a tenth (measured on 2 CPUs; see docs/performance.md).
PARALLEL_MIN_BYTES = 1_000_000
#: Costs relative to parsing a document, measured on 2 CPUs: encoding it in a worker
#: (argmap.corpus.codec), and receiving and decoding it in this process.
ENCODE_COST = 0.25
DECODE_COST = 0.29
#: Worker chunks: at least this many bytes, about this many per worker.
CHUNK_MIN_BYTES = 200_000
CHUNKS_PER_WORKER = 8


@dataclass(slots=True)
class CorpusFile:
    """One corpus file as read: its path as shown in findings, its bytes, or why they could not be read."""

    path: Path
    shown: str
    data: bytes | None
    error: str | None = None
    #: SHA-256 of ``data`` (only when read for a cache).
    digest: bytes = b""


@dataclass(frozen=True, slots=True)
class Meanwhile:
    """Work this process does while its workers parse (a command's own imports), and what it costs
    as a number of bytes of parsing: this process then parses that many bytes fewer itself."""

    work: Callable[[], object]
    cost_bytes: int


@dataclass(slots=True)
class ParseStats:
    """What :func:`parse_files` did (for the benchmarks and tests)."""

    files: int = 0
    cached: int = 0
    parsed: int = 0
    parsed_in_workers: int = 0
    workers: int = 0


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (as CI annotations need), as text.

    A file name that is not UTF-8 reaches Python with lone surrogates in it, which
    no JSON, SARIF or terminal output can carry: its odd bytes are shown as
    ``\\xff`` escapes instead.
    """
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = path.as_posix()
    else:
        inside = rel != os.pardir and not rel.startswith(os.pardir + os.sep)  # "..drafts/a.md" is inside
        shown = Path(rel).as_posix() if inside else Path(os.path.abspath(path)).as_posix()
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return shown


def read_files(paths: Iterable[Path], digests: bool = False) -> list[CorpusFile]:
    """Read each file's bytes (and their SHA-256 when ``digests``); unreadable files keep their error."""
    from argmap.corpus.cache import file_digest

    files = []
    for path in paths:
        shown = display_path(path)
        try:
            data = read_regular_file(path)
        except OSError as exc:
            files.append(CorpusFile(path, shown, None, str(exc.strerror or exc)))
            continue
        files.append(CorpusFile(path, shown, data, None, file_digest(data) if digests else b""))
    return files


def document_from(file: CorpusFile) -> Document:
    """Parse one file read by :func:`read_files`; unreadable or non-UTF-8 files become an AM100 finding."""
    from argmap.source.parse import parse_document

    shown, data = file.shown, file.data
    if data is None:
        return _unreadable(shown, Location(shown, 1, 1), f"cannot read the file: {file.error}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(data, exc.start)
        return _unreadable(shown, Location(shown, line, col), f"the file is not UTF-8 (byte {data[exc.start]:#04x})")
    doc = parse_document(text, shown)
    if not doc.id and ID_PATTERN.match(file.path.stem):
        doc.meta["id"] = file.path.stem  # already reported; the file name stands in so the rest can be checked
    return doc


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of the byte at ``offset`` (lines as :func:`normalize_newlines` counts them)."""
    before = normalize_newlines(data[:offset].decode("utf-8", "replace").removeprefix("\ufeff"))
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _unreadable(shown: str, loc: Location, message: str) -> Document:
    doc = Document(path=shown, meta={})
    doc.diagnostics.append(Diagnostic(loc, "AM100", message, severity_of("AM100")))
    return doc


def parse_files(
    files: Sequence[CorpusFile],
    cache: ParseCache | None = None,
    jobs: int | None = None,
    stats: ParseStats | None = None,
    meanwhile: Meanwhile | None = None,
) -> list[Document]:
    """The document of each file, in order (see the module docstring).

    ``jobs``: processes that may parse (default ``$ARGMAP_JOBS``, else the CPUs
    this process may use). ``stats``, when given, is filled in. ``meanwhile`` is
    done once, while the workers parse if there are any.
    """
    from argmap.bulk import gc_paused
    from argmap.corpus import codec as compact

    stats = stats if stats is not None else ParseStats()
    stats.files = len(files)
    docs: list[Document | None] = [None] * len(files)
    keys: list[bytes] = [b""] * len(files)
    todo: list[int] = []
    with gc_paused():
        for index, file in enumerate(files):
            if file.data is None:
                docs[index] = document_from(file)
                continue
            if cache is not None:
                keys[index] = key = cache.document_key(file.shown, file.digest or _digest(file.data))
                encoded = cache.load_document(file.path, key)
                if encoded is not None:
                    try:
                        docs[index] = compact.loads(encoded)
                        stats.cached += 1
                        continue
                    except Exception:  # a corrupt entry: parse again (and rewrite it)
                        pass
            todo.append(index)
        stats.parsed = len(todo)
        workers = _worker_count(jobs, sum(len(files[i].data or b"") for i in todo))
        if workers:
            todo = _parse_in_workers(files, todo, docs, keys, cache, workers, stats, meanwhile)
        elif meanwhile is not None:
            meanwhile.work()
        for index in todo:
            doc = docs[index] = document_from(files[index])
            if cache is not None:
                _store(cache, files[index].path, keys[index], doc)
    return [doc for doc in docs if doc is not None]


def _digest(data: bytes) -> bytes:
    from argmap.corpus.cache import file_digest

    return file_digest(data)


def _store(cache: ParseCache, path: Path, key: bytes, doc: Document) -> None:
    from argmap.corpus import codec as compact

    try:
        encoded = compact.dumps(doc)
    except ValueError:  # compact.Unencodable, or a value marshal cannot write: not cached
        return
    cache.save_document(path, key, encoded)


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _worker_count(jobs: int | None, todo_bytes: int) -> int:
    """Worker processes to start besides this one: none for small work, one CPU, or ``jobs=1``."""
    from argmap.corpus import codec as compact

    if jobs is None:
        env = os.environ.get(JOBS_ENV, "").strip()
        jobs = int(env) if env.isdigit() and int(env) > 0 else available_cpus()
    if jobs < 2 or todo_bytes < PARALLEL_MIN_BYTES or not compact.SUPPORTED or not _can_fork():
        return 0
    return jobs - 1


def _can_fork() -> bool:
    """Workers are forked: they start at once and need not import anything. Forking is safe in a
    process with one thread, and not on macOS (its system libraries may break in a forked child);
    where it is not safe, everything is parsed in this process."""
    import multiprocessing
    import threading

    return (
        sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    )


def main_share(workers: int, extra: float = 0.0) -> float:
    """The share of the bytes this process parses itself beside ``workers`` worker processes.

    Each process should finish at the same time: this one parses its share,
    then decodes what the workers sent (about a third of the cost of parsing
    it, :data:`DECODE_COST`), while each worker parses and encodes its part.
    ``extra``: other work this process does meanwhile, as a share of the bytes
    (:class:`Meanwhile`).
    """
    cost = (1 + ENCODE_COST) / workers
    return min(1.0, max(0.0, (cost - DECODE_COST - extra) / (1 - DECODE_COST + cost)))


def _parse_in_workers(
    files: Sequence[CorpusFile],
    todo: list[int],
    docs: list[Document | None],
    keys: list[bytes],
    cache: ParseCache | None,
    workers: int,
    stats: ParseStats,
    meanwhile: Meanwhile | None = None,
) -> list[int]:
    """Fork up to ``workers`` processes to parse part of ``todo``; return what is left for this process to parse.

    ``meanwhile`` is done here once the workers are started (or, if none is, before returning).
    This process keeps the first :func:`main_share` of the bytes; the rest is
    cut into chunks, each worker taking a run of them. The workers see the
    files' bytes by forking (nothing is sent to them) and write each chunk's
    documents, encoded, to a file of their own in a temporary folder, so they
    never wait for this process (there is no pipe to fill, no thread here to
    serve one): this process parses its share, then decodes the chunks in
    order as they appear. Whatever a worker does not deliver (it could not be
    forked, or it died) is left for this process.
    """
    import shutil
    import tempfile

    sizes = {i: len(files[i].data or b"") for i in todo}
    total = sum(sizes.values())
    keep = total * main_share(workers, meanwhile.cost_bytes / total if meanwhile is not None and total else 0.0)
    mine: list[int] = []
    chunks: list[list[int]] = []
    done = 0
    chunk_bytes = max(CHUNK_MIN_BYTES, (total - keep) / (workers * CHUNKS_PER_WORKER))
    for index in todo:
        if done + sizes[index] / 2 <= keep:
            mine.append(index)
        elif chunks and sum(sizes[i] for i in chunks[-1]) + sizes[index] / 2 <= chunk_bytes:
            chunks[-1].append(index)
        else:
            chunks.append([index])
        done += sizes[index]
    workers = min(workers, len(chunks))
    if not workers:
        if meanwhile is not None:
            meanwhile.work()
        return mine
    # worker w parses chunks[starts[w]:starts[w + 1]]
    starts = [len(chunks) * w // workers for w in range(workers + 1)]
    folder = Path(tempfile.mkdtemp(prefix="argmap-parse-"))
    children: list[int] = []
    ended: set[int] = set()
    delivered = 0
    completed = False
    try:
        for w in range(workers):
            try:
                pid = os.fork()
            except OSError:  # no more processes: what is not forked is parsed here
                break
            if pid == 0:  # the worker: parse, write, and leave without running anything of this process's
                code = 1
                try:
                    _worker(files, keys, cache, chunks, starts[w], starts[w + 1], folder)
                    code = 0
                finally:
                    os._exit(code)
            children.append(pid)
        if meanwhile is not None:
            meanwhile.work()
        for index in mine:
            doc = docs[index] = document_from(files[index])
            if cache is not None:
                _store(cache, files[index].path, keys[index], doc)
        for w, pid in enumerate(children):
            for number in range(starts[w], starts[w + 1]):
                encoded = _wait_for_chunk(folder / f"chunk-{number}", pid, ended)
                if encoded is None:
                    break  # the worker died: the rest of its chunks is parsed here
                for index, data in zip(chunks[number], encoded, strict=True):
                    if data is not None:
                        docs[index] = _decode(data)
                        delivered += docs[index] is not None
        completed = True
    finally:
        for pid in children:
            _end(pid, ended, kill=not completed)
        shutil.rmtree(folder, ignore_errors=True)
    stats.workers = len(children)
    stats.parsed_in_workers = delivered
    return [index for index in todo if docs[index] is None]


def _worker(
    files: Sequence[CorpusFile],
    keys: list[bytes],
    cache: ParseCache | None,
    chunks: list[list[int]],
    first: int,
    stop: int,
    folder: Path,
) -> None:
    """In a worker: parse each chunk, store its documents in the cache, write them (encoded) for the parent."""
    import marshal
    import signal

    from argmap.corpus import codec as compact

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    for number in range(first, stop):
        out: list[bytes | None] = []
        for index in chunks[number]:
            doc = document_from(files[index])
            try:
                encoded: bytes | None = compact.dumps(doc)
            except ValueError:
                encoded = None  # not encodable: the parent parses it again
            if encoded is not None and cache is not None:
                cache.save_document(files[index].path, keys[index], encoded)
            out.append(encoded)
        partial = folder / f".chunk-{number}"
        partial.write_bytes(marshal.dumps(out))
        os.replace(partial, folder / f"chunk-{number}")  # the parent sees it whole or not at all


def _wait_for_chunk(path: Path, pid: int, ended: set[int]) -> list[bytes | None] | None:
    """The encoded documents of one chunk once its worker has written them; ``None`` if the worker ended first.

    ``ended`` holds the workers already reaped.
    """
    import marshal
    import time

    pause = 0.0005
    while True:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            if pid not in ended:
                finished, _ = os.waitpid(pid, os.WNOHANG)
                if not finished:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.005)
                    continue
                ended.add(pid)
            if path.exists():  # written just before the worker ended
                continue
            return None
        try:
            encoded = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        return list(encoded)


def _decode(data: bytes) -> Document | None:
    from argmap.corpus import codec as compact

    try:
        return compact.loads(data)
    except Exception:  # never expected: the parent parses the file again
        return None


def _end(pid: int, ended: set[int], kill: bool) -> None:
    """Reap a worker: it has delivered everything and is ending, or (``kill``) this process gives up on it."""
    import signal

    if pid in ended:
        return
    try:
        if kill:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
    ended.add(pid)
