"""The parse cache: what parsing and checking found, kept between runs, keyed by content.

Layout (default ``.argmap-cache/`` in the working folder; ``$ARGMAP_CACHE_DIR``
moves it; ``--no-cache`` or ``ARGMAP_NO_CACHE=1`` turns it off)::

    .argmap-cache/
      CACHEDIR.TAG  .gitignore       (backup tools and git leave the folder alone)
      parse/<name>                   one parsed document per source file
      check/<name>                   the findings of one `argmap check` file set

Every entry starts with a 32-byte key and a 32-byte checksum of its payload.
The key is a SHA-256 of everything the payload depends on: argmap's code (the
source of the core modules, :func:`code_fingerprint`), the Python and PyYAML versions,
the file's path as shown in findings and the SHA-256 of its bytes. An entry is
used only when its key is the one computed now and its checksum holds;
anything else (another version, an edited file, a torn or corrupt entry) is a
miss, and the entry is rewritten. Entry names depend on the file's absolute
path only, so an edited file replaces its entry and the cache does not grow
with edits.

A check entry also lists the source texts (front-matter ``source:``) that the
words-kept check read, with the SHA-256 of each: a changed source text
invalidates it, although no corpus document changed.

Writes go to a temporary file and are renamed into place (readers never see a
half-written entry). They are not fsync'ed: a cache entry lost to a power cut
is only a miss. A cache folder that cannot be created or written is not an
error: the run simply does not cache.

Entries are :mod:`marshal` data (see :mod:`argmap.corpus.codec`), never pickles.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from argmap import __version__
from argmap.corpus.files import MAX_INPUT_BYTES, make_temp, read_regular_file, remove_stale_temps
from argmap.errors import Diagnostic, Location, Severity

#: Environment variable naming the cache folder.
CACHE_DIR_ENV = "ARGMAP_CACHE_DIR"
#: Environment variable that turns the cache off (see :func:`disabled_by_environment`).
NO_CACHE_ENV = "ARGMAP_NO_CACHE"
#: The cache folder when ``$ARGMAP_CACHE_DIR`` is not set, relative to the working folder.
DEFAULT_CACHE_DIR = ".argmap-cache"

_HEADER = 64
#: The largest cache entry read: a parsed document is about twice its file (see MAX_INPUT_BYTES).
MAX_ENTRY_BYTES = 4 * MAX_INPUT_BYTES
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by argmap.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def disabled_by_environment() -> bool:
    """Whether ``$ARGMAP_NO_CACHE`` is set to something other than ``""``, ``0``, ``false`` or ``no``."""
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def cache_from_environment(enabled: bool = True) -> ParseCache | None:
    """The cache the command line uses: ``$ARGMAP_CACHE_DIR`` or ``./.argmap-cache``; ``None`` when off."""
    if not enabled or disabled_by_environment():
        return None
    return ParseCache(Path(os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR))


def code_fingerprint() -> bytes:
    """A digest of everything besides the input that decides what parsing and checking find.

    That is the source of every module of the core: the package's own modules
    (``argmap/*.py``) and the stages that read and check documents
    (:data:`CORE_PACKAGES`); the command line, formats, analysis and link
    checking do not decide findings. Python's version and PyYAML's count too. A
    changed core module, in a checkout or after an upgrade, is a new
    fingerprint: every entry is a miss.
    """
    digest = hashlib.sha256(f"argmap {__version__} python {sys.version_info[:3]}\0".encode())
    package = Path(__file__).resolve().parents[1]
    try:
        modules = sorted(package.glob("*.py"))
        for sub in CORE_PACKAGES:
            modules += sorted((package / sub).glob("*.py"))
    except OSError:
        modules = []
    for module in modules:
        name = module.relative_to(package).as_posix()
        try:
            digest.update(name.encode() + b"\0" + module.read_bytes() + b"\0")
        except OSError:
            digest.update(name.encode() + b": unreadable\0")
    digest.update(_yaml_stamp().encode())
    return digest.digest()


#: The sub-packages whose code decides what parsing and checking find.
CORE_PACKAGES = ("source", "corpus", "check")


def _yaml_stamp() -> str:
    """PyYAML's version, without importing it (an import costs more than the whole cached run)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("yaml")
        origin = spec.origin if spec is not None else None
        if origin is None:
            return "yaml: none"
        stat = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return "yaml: unknown"
    return f"yaml: {origin} {stat.st_size} {stat.st_mtime_ns}"


def file_digest(data: bytes) -> bytes:
    """The SHA-256 of a file's bytes (the fastest strong hash here: it has CPU instructions)."""
    return hashlib.sha256(data).digest()


class ParseCache:
    """Parsed documents and check results under one folder (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._fingerprint: bytes | None = None
        self._ready = False
        self._writable = True
        #: Counters for the benchmarks and tests: entries read and written in this process.
        self.hits = 0
        self.misses = 0
        self.writes = 0

    @property
    def fingerprint(self) -> bytes:
        if self._fingerprint is None:
            self._fingerprint = code_fingerprint()
        return self._fingerprint

    # -- parsed documents -------------------------------------------------

    def document_key(self, shown: str, digest: bytes) -> bytes:
        return hashlib.sha256(
            b"doc\0" + self.fingerprint + shown.encode("utf-8", "surrogatepass") + b"\0" + digest
        ).digest()

    def load_document(self, path: Path, key: bytes) -> bytes | None:
        """The encoded document stored for ``path`` under ``key`` (see :mod:`argmap.corpus.codec`), or ``None``."""
        payload = self._read("parse", _name(path), key)
        if payload is None:
            self.misses += 1
        else:
            self.hits += 1
        return payload

    def save_document(self, path: Path, key: bytes, encoded: bytes) -> None:
        self._write("parse", _name(path), key, encoded)

    # -- check results ----------------------------------------------------

    def check_key(self, files: Iterable[tuple[str, bytes]]) -> bytes:
        """The key of a check of ``(shown path, digest)`` files, in order."""
        digest = hashlib.sha256(b"check\0" + self.fingerprint)
        for shown, file_hash in files:
            digest.update(shown.encode("utf-8", "surrogatepass") + b"\0" + file_hash)
        return digest.digest()

    def load_findings(self, paths: Sequence[Path], key: bytes) -> list[Diagnostic] | None:
        """The findings stored for this file set under ``key``, if no source text they read has changed."""
        payload = self._read("check", _name(*paths), key)
        if payload is None:
            self.misses += 1
            return None
        try:
            sources, encoded = marshal.loads(payload)
            if any(source_stamp(Path(path)) != stamp for path, stamp in sources):
                self.misses += 1
                return None
            findings = [
                Diagnostic(Location(*where), code, message, Severity(severity))
                for where, code, message, severity in encoded
            ]
        except Exception:  # a corrupt entry is a miss, never a crash
            self.misses += 1
            return None
        self.hits += 1
        return findings

    def save_findings(
        self, paths: Sequence[Path], key: bytes, findings: list[Diagnostic], sources: Iterable[str]
    ) -> None:
        """Store ``findings`` for this file set; ``sources`` are the source texts the check read."""
        encoded = [
            ((d.loc.path, d.loc.line, d.loc.col, d.loc.end_line, d.loc.end_col), d.code, d.message, d.severity.value)
            for d in findings
        ]
        stamps = [(path, source_stamp(Path(path))) for path in sorted(set(sources))]
        try:
            payload = marshal.dumps((stamps, encoded))
        except ValueError:
            return
        self._write("check", _name(*paths), key, payload)

    # -- storage ----------------------------------------------------------

    def _read(self, kind: str, name: str, key: bytes) -> bytes | None:
        # Through the guarded reader: a FIFO or a link to /dev/zero planted in the
        # folder (a restored CI cache, a pull request) is a miss, not a hang.
        try:
            data = read_regular_file(self.root / kind / name, MAX_ENTRY_BYTES)
        except (OSError, ValueError):  # ValueError: a NUL character in $ARGMAP_CACHE_DIR
            return None
        if len(data) < _HEADER or data[:32] != key:
            return None
        payload = data[_HEADER:]
        if hashlib.sha256(payload).digest() != data[32:_HEADER]:
            return None
        return payload

    def _write(self, kind: str, name: str, key: bytes, payload: bytes) -> None:
        if not self._writable:
            return
        entry = key + hashlib.sha256(payload).digest() + payload
        try:
            if not self._ready:
                self._prepare()
            try:
                _write_atomically(self.root / kind, name, entry)
            except FileNotFoundError:  # the folder was removed while this process ran
                self._prepare()
                _write_atomically(self.root / kind, name, entry)
        except OSError:
            self._writable = False  # a read-only or full disk: go on without caching
            return
        self.writes += 1

    def _prepare(self) -> None:
        for kind in ("parse", "check"):
            (self.root / kind).mkdir(parents=True, exist_ok=True)
            remove_stale_temps(self.root / kind)  # of writers killed mid-write; once per process
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by argmap\n*\n")):
            try:  # created only where nothing is, not even a dangling link to somewhere else
                fd = os.open(self.root / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        self._ready = True


def _write_atomically(folder: Path, name: str, data: bytes) -> None:
    """Write through a temporary file renamed into place: readers see the whole entry or none."""
    fd, tmp = make_temp(folder, name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        _unlink(tmp)
        raise


def source_stamp(path: Path) -> str:
    """What a source text is now: the SHA-256 of its bytes, or why it cannot be read."""
    try:
        return file_digest(read_regular_file(path)).hex()
    except OSError as exc:
        return f"unreadable: {exc.errno}"
    except ValueError:  # a NUL character in the path
        return "unreadable: path"


def _name(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(os.path.abspath(path).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:40]


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
