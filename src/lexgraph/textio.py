"""Reading texts and writing files safely.

Every error a user can cause while reading becomes an :class:`~lexgraph.errors.InputError`
whose message is one line that names the file. Writing is atomic: a reader sees the old
file or the new one, never half of it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lexgraph.errors import InputError

BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte order mark, dropped from the start of a text."""

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes, or raise :class:`InputError` naming it (missing, a directory...)."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode ``data`` read from ``path`` as UTF-8, naming the first bad byte on failure.

    >>> decode_utf8(Path("a.txt"), "é".encode())
    'é'
    >>> decode_utf8(Path("a.txt"), b"ok\\n\\xe9t\\xe9")
    Traceback (most recent call last):
    ...
    lexgraph.errors.InputError: a.txt:2: not UTF-8: invalid byte 0xe9 at byte offset 3
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            f"{path}:{line}: not UTF-8: invalid byte 0x{data[e.start]:02x} at byte offset {e.start}"
        ) from None


def read_text(path: Path) -> str:
    """Read a UTF-8 text verbatim, or raise :class:`InputError` saying what is wrong.

    See :func:`read_text_and_bytes`, which also gives the bytes the text was read from.
    """
    return read_text_and_bytes(path)[0]


def read_text_and_bytes(path: Path) -> tuple[str, bytes]:
    """A UTF-8 text and the bytes of its file, read once, or :class:`InputError`.

    The file must exist, be a regular file, be UTF-8 (byte offset and line of the first
    bad byte are reported otherwise), contain no NUL byte and something other than
    whitespace. A leading byte order mark is dropped; nothing else changes (line endings
    are kept as they are, so offsets into the text are offsets into the file's text).
    """
    data = read_bytes(path)
    if data.startswith(_UTF16_BOMS):
        raise InputError(f"{path}: UTF-16 text; expected UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{path}: binary file (NUL byte at byte offset {nul}); expected UTF-8 text"
        )
    skipped = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError:
        text = decode_utf8(path, data)  # raises, with offsets into the whole file
    if not text.strip():
        what = "empty file" if not text else "empty file (only whitespace)"
        raise InputError(f"{path}: {what}")
    return text, data


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` atomically (see :func:`atomic_file`)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path) as f:
        f.write(payload)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, atomically, in pieces.

    The bytes go to a temporary file in the same directory, which is flushed, synced and
    renamed over ``path`` when the ``with`` block ends. If anything fails, ``path`` is left
    as it was, the temporary file is removed and an :class:`OSError` naming ``path`` (or its
    missing directory) is raised.
    """
    directory = path.parent
    if not directory.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"no such directory: {directory}", str(path))
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _new_file_mode()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from e
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(e, OSError) and e.errno is not None:
            raise OSError(e.errno, e.strerror, str(path)) from e
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, in lowercase hex."""
    digest = hashlib.sha256()
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    return digest.hexdigest()


__all__ = [
    "BOM",
    "atomic_file",
    "atomic_write",
    "decode_utf8",
    "read_bytes",
    "read_text",
    "read_text_and_bytes",
    "sha256_file",
]
