"""A real Virtuoso open-source server for the tests (Debian package ``virtuoso-opensource``).

The fixture writes a minimal ``virtuoso.ini`` into a temporary folder, with free HTTP and
SQL ports and REPEATABLE READ as the default isolation (why: see the ini), starts
``virtuoso-t`` in the foreground, grants SPARQL Update the standard way
(``GRANT SPARQL_UPDATE TO "SPARQL"`` for the anonymous ``/sparql`` endpoint) and creates
a user for the Digest-protected ``/sparql-auth`` endpoint. It stops the server at the end.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import ServerProcess, free_port, require, wait_for_http

INSTALL = "Virtuoso not installed: apt-get install virtuoso-opensource"
USER = "lexgraph"
PASSWORD = "lexgraph-test-secret"

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 40000
MaxDirtyBuffers = 30000
CheckpointInterval = 0
DirsAllowed = ., {dir}
; REPEATABLE READ: SPARQL readers over HTTP take the server's default isolation, and at the
; default READ COMMITTED a COUNT still scanning when a push's MOVE commits counts part of it.
; At 4 a reader waits for the MOVE's locks and sees the old graph or the new one; 8
; (SERIALIZABLE) deadlocks the graph store's loads against readers (40001).
DefaultIsolation = 4
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def virtuoso_programs() -> tuple[str, str] | None:
    """The server and isql commands of the Debian package, if installed."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


@dataclass
class Virtuoso(ServerProcess):
    """A running Virtuoso server."""

    process: subprocess.Popen[bytes]
    directory: Path
    http_port: int
    sql_port: int
    programs: tuple[str, str]
    stop_timeout = 20.0  # Virtuoso writes a checkpoint on the way down

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """The anonymous endpoint (queries and, once granted, updates)."""
        return f"{self.base}/sparql"

    @property
    def auth_url(self) -> str:
        """The endpoint behind HTTP Digest authentication."""
        return f"{self.base}/sparql-auth"

    def isql(self, sql: str) -> str:
        """Run SQL statements as dba; return isql's output."""
        done = subprocess.run(
            [self.programs[1], f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        if "*** Error" in done.stdout or "*** Error" in done.stderr:
            raise RuntimeError(done.stdout + done.stderr)
        return done.stdout


def start_virtuoso(
    directory: Path,
    http_port: int | None = None,
    sql_port: int | None = None,
    isolation: int = 4,
) -> Virtuoso:
    """Start Virtuoso on a data folder (created and configured on first use), its readers
    at the given default isolation (2 is Virtuoso's own default)."""
    programs = virtuoso_programs()
    require(programs is not None, INSTALL)
    assert programs is not None
    directory.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = http_port or free_port(), sql_port or free_port()
    fresh = not (directory / "virtuoso.db").exists()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        _INI.format(dir=directory, http_port=http_port, sql_port=sql_port).replace(
            "DefaultIsolation = 4", f"DefaultIsolation = {isolation}"
        ),
        encoding="utf-8",
    )
    log = (directory / "stdout.log").open("ab")
    process = subprocess.Popen(
        [programs[0], "-f", "-c", str(ini)], cwd=directory, stdout=log, stderr=log
    )
    log.close()
    server = Virtuoso(process, directory, http_port, sql_port, programs)
    try:
        wait_for_http(server.sparql_url + "?query=ASK%7B%7D", timeout=60)
        if fresh:
            server.isql(
                'GRANT SPARQL_UPDATE TO "SPARQL"; '
                f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); "
                f'GRANT SPARQL_UPDATE TO "{USER}"; '
                "checkpoint;"
            )
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[Virtuoso]:
    """A Virtuoso server for the duration of a with-block."""
    server = start_virtuoso(directory)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A real Virtuoso server on 127.0.0.1, empty at the start of the session."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
