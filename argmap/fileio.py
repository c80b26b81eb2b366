"""Safe file access: reads that cannot hang on special files, atomic writes that never leave half a file."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
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


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The rename is atomic on POSIX, so readers see either the old file or the
    whole new one. Text is written as UTF-8 with ``\\n`` line endings.

    A symbolic link is followed (the file it names is replaced, the link stays).
    A target that exists and is not a regular file (``/dev/null``, a FIFO, a
    terminal) cannot be replaced by renaming and must not be: it is written to
    as it is.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode: int | None = os.stat(path).st_mode  # through a symbolic link
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with open(path, "wb") as handle:
            handle.write(payload)
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
