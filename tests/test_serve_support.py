"""Helpers (no tests) for the test_serve* modules: ``lexgraph serve`` as a subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port, wait_for_http


def lexgraph_program() -> list[str]:
    """The ``lexgraph`` console script of this environment."""
    beside = Path(sys.executable).with_name("lexgraph")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("lexgraph")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from lexgraph.cli import main; sys.exit(main())"]


@dataclass
class Served:
    """A running ``lexgraph serve``."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


@contextmanager
def lexgraph_server(log: Path, arguments: Sequence[str] = ()) -> Iterator[Served]:
    """``lexgraph serve`` on a free port of 127.0.0.1 for the duration of a with-block."""
    port = free_port()
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [*lexgraph_program(), "serve", "--port", str(port), *arguments],
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    served = Served(process, port, log)
    try:
        try:
            wait_for_http(f"{served.base}/sparql", timeout=60)
        except TimeoutError:
            raise AssertionError(f"lexgraph serve did not start: {log.read_text()}") from None
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
