"""Safe file access: reads that cannot hang on special files, atomic writes that never leave half a file."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Largest input file argmap reads (corpus documents, source texts, map definitions).
MAX_INPUT_BYTES = 256 * 1024 * 1024


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes.

    A FIFO, a device (``/dev/zero``) or a socket named like a document would
    block or never end; such files raise :class:`OSError` with a reason
    instead, before anything is read. Symbolic links are followed.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, FIFO, device or socket)")
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MB")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        if remaining <= 0:
            raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def normalize_newlines(text: str) -> str:
    """``text`` with every line break as ``\\n``: argmap's one definition of a line.

    A line ends at LF, CRLF or a lone CR, as editors and SARIF viewers count
    lines; nothing else ends one (form feeds, NEL, U+2028 are characters of
    the line). Columns are unchanged: a line break is the end of its line.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: str | os.PathLike[str]) -> str:
    """A regular file's text: UTF-8 (else :class:`UnicodeDecodeError`), line breaks as in :func:`normalize_newlines`."""
    return normalize_newlines(read_regular_file(path).decode("utf-8"))


#: A temporary file of argmap's whose writer may still be running is left alone for this long.
STALE_TEMP_SECONDS = 3600
#: The middle of a temporary file's name: ``<pid>-<random>`` (this version) or ``<random>`` (earlier ones).
_TEMP_MIDDLE = re.compile(r"(?:(\d+)-)?[a-z0-9_]{8}")


def make_temp(folder: str | os.PathLike[str], name: str) -> tuple[int, str]:
    """Create the temporary file that becomes ``folder/name`` when renamed: ``(fd, path)``.

    It is ``.<name>.<pid>-<random>.tmp``, beside its target (a rename within a
    folder is atomic), with the writer's process id, so that the next write
    can tell a file whose writer died (:func:`remove_stale_temps`).
    """
    return tempfile.mkstemp(prefix=f".{name}.{os.getpid()}-", suffix=".tmp", dir=os.fspath(folder) or ".")


def remove_stale_temps(folder: str | os.PathLike[str], name: str | None = None) -> int:
    """Delete argmap's temporary files for ``folder/name`` (every target, when ``name`` is ``None``)
    whose writer is no longer running, or that are older than :data:`STALE_TEMP_SECONDS`.

    A writer killed between creating its temporary file and renaming it
    (``kill -9``, a power cut) leaves the file behind; the next write of the
    same target removes it. Returns how many were removed; never raises.
    """
    import time

    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(os.fspath(folder) or "."))
    except OSError:
        return 0
    for entry in entries:
        file_name = entry.name
        if not (file_name.startswith(".") and file_name.endswith(".tmp")):
            continue
        target, dot, middle = file_name[1:-4].rpartition(".")
        if not dot or (name is not None and target != name):
            continue
        m = _TEMP_MIDDLE.fullmatch(middle)
        if m is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        pid = m.group(1)
        if now - info.st_mtime < STALE_TEMP_SECONDS and (pid is None or _running(int(pid))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed += 1
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (on this machine)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or not a pid this system has: assume it is running
    return True


def atomic_write(path: str | os.PathLike[str], data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` (text, bytes, or chunks of bytes written as they come) to ``path`` through a
    temporary file in the same folder, then rename.

    The rename is atomic on POSIX, so readers see either the old file or the
    whole new one. Text is written as UTF-8 with ``\\n`` line endings.
    Temporary files that earlier writes of the same target left behind
    (their writer was killed) are removed first (:func:`remove_stale_temps`).

    A symbolic link is followed (the file it names is replaced, the link stays).
    A target that exists and is not a regular file (``/dev/null``, a FIFO, a
    terminal) cannot be replaced by renaming and must not be: it is written to
    as it is.
    """
    chunks: Iterable[bytes] = (
        (data.encode("utf-8"),) if isinstance(data, str) else (data,) if isinstance(data, bytes) else data
    )
    try:
        mode: int | None = os.stat(path).st_mode  # through a symbolic link
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with open(path, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent
    remove_stale_temps(folder, target.name)
    fd, tmp_name = make_temp(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
