"""Run the lexgraph command as a person at a terminal would see it: stderr on a
pseudo-terminal, with ``CI`` unset (progress bars show only on a terminal, never in CI)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

LEXGRAPH = Path(sys.executable).with_name("lexgraph")


def without_ci() -> dict[str, str]:
    """This environment without ``CI``."""
    return {k: v for k, v in os.environ.items() if k != "CI"}


def on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``lexgraph ARGS`` with its stderr on a pseudo-terminal: exit code, stderr."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:  # the terminal's buffer is small: read while the command runs
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal is closed
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        done = subprocess.run(
            [str(LEXGRAPH), *args],
            stdout=subprocess.PIPE,
            stderr=slave,
            env=without_ci(),
            timeout=600,
        )
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return done.returncode, b"".join(chunks).decode("utf-8", "replace")


def in_a_pipe(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run ``lexgraph ARGS`` with stdout and stderr in pipes, ``CI`` unset."""
    return subprocess.run(
        [str(LEXGRAPH), *args], capture_output=True, env=without_ci(), timeout=600
    )
