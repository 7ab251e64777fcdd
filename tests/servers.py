"""Real servers for the tests, started on 127.0.0.1 on free ports and stopped afterwards.

In CI (``CI=true``) a missing server program fails the test; elsewhere it skips with a
message that says how to install it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, why: str) -> None:
    """Skip outside CI, fail in CI, when a component the test needs is missing."""
    if not condition:
        if IN_CI:
            pytest.fail(f"missing in CI: {why}")
        pytest.skip(why)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    """Wait until url answers HTTP (any status), or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout} s") from None
            time.sleep(0.1)


def oxigraph_program() -> str | None:
    """The ``oxigraph`` server command of this environment (pip package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


class ServerProcess:
    """A server program the tests started: stopped gently, or killed as a crash would."""

    process: subprocess.Popen[bytes]
    stop_timeout: float = 10.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """Kill the server at once, as a crash would."""
        self.process.kill()
        self.process.wait()


@dataclass
class Oxigraph(ServerProcess):
    """A running Oxigraph server."""

    process: subprocess.Popen[bytes]
    location: Path
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"


def start_oxigraph(location: Path, port: int | None = None) -> Oxigraph:
    """Start ``oxigraph serve`` on a data folder; the caller stops it."""
    program = oxigraph_program()
    require(program is not None, "oxigraph server not installed: pip install oxigraph")
    assert program is not None
    port = port or free_port()
    location.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [program, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Oxigraph(process, location, port)
    try:
        wait_for_http(server.query_url + "?query=ASK%7B%7D")
    except TimeoutError:
        server.stop()
        raise
    return server


@contextmanager
def oxigraph_server(location: Path) -> Iterator[Oxigraph]:
    """An Oxigraph server for the duration of a with-block."""
    server = start_oxigraph(location)
    try:
        yield server
    finally:
        server.stop()
