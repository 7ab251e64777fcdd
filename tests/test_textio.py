"""Tests of lexgraph.textio: reading texts verbatim, and writing files atomically."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from lexgraph import textio
from lexgraph.errors import InputError
from lexgraph.textio import atomic_write, read_text, sha256_file

WriteFile = Callable[[str, bytes | str], Path]


def one_line(error: pytest.ExceptionInfo[InputError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


def test_read_text_is_verbatim(write_file: WriteFile) -> None:
    text = "1. Premier\r\n2. Deuxième\n\n3. Troisième « cité »\r"
    assert read_text(write_file("a.txt", text)) == text


def test_read_text_drops_the_bom_only(write_file: WriteFile) -> None:
    path = write_file("bom.txt", b"\xef\xbb\xbf1. Texte\r\n")
    assert read_text(path) == "1. Texte\r\n"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n", "empty file (only whitespace)"),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty file"),
        ("binary.txt", b"PK\x03\x04\x00\x00junk", "binary file (NUL byte at byte offset 4)"),
        ("utf16.txt", "1. Texte".encode("utf-16"), "UTF-16"),
    ],
)
def test_read_text_rejects(write_file: WriteFile, name: str, content: bytes, expected: str) -> None:
    path = write_file(name, content)
    with pytest.raises(InputError) as error:
        read_text(path)
    message = one_line(error)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_read_text_names_the_first_bad_byte(write_file: WriteFile) -> None:
    # Latin-1 "é" (0xe9) on line 3, at byte offset 3 (BOM) + 9
    path = write_file("latin1.txt", b"\xef\xbb\xbf1. ok\n2.\n\xe9t\xe9\n")
    with pytest.raises(InputError) as error:
        read_text(path)
    assert one_line(error) == f"{path}:3: not UTF-8: invalid byte 0xe9 at byte offset 12"


def test_read_text_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as error:
        read_text(path)
    assert one_line(error) == f"{path}: no such file"


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_text(tmp_path)
    assert one_line(error) == f"{tmp_path}: is a directory, not a file"


def test_atomic_write_writes_bytes_and_text(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    atomic_write(target, b"\x00\x01 bytes")
    assert target.read_bytes() == b"\x00\x01 bytes"
    atomic_write(target, "texte é\r\n")
    assert target.read_bytes() == "texte é\r\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert (target.stat().st_mode & 0o777) == 0o640


def test_atomic_write_failure_leaves_the_target_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old content")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(textio.os, "fsync", disk_full)
    with pytest.raises(OSError) as error:
        atomic_write(target, "new content " * 1000)
    assert error.value.errno == errno.ENOSPC
    assert error.value.filename == str(target)
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]  # temp file removed


def test_atomic_write_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.ttl"
    with pytest.raises(FileNotFoundError) as error:
        atomic_write(target, "x")
    assert error.value.filename == str(target)
    assert str(tmp_path / "missing") in str(error.value.strerror)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_onto_a_directory_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "out.ttl").mkdir()
    with pytest.raises(OSError):
        atomic_write(tmp_path / "out.ttl", "x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_sha256_file(write_file: WriteFile) -> None:
    content = b"1. Texte\r\n" * 10_000
    assert sha256_file(write_file("a.txt", content)) == hashlib.sha256(content).hexdigest()


def test_sha256_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        sha256_file(tmp_path / "nowhere.txt")
