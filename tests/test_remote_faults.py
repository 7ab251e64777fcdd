"""Faults a remote store can throw at lexgraph, each against a real server on 127.0.0.1.

Servers down, killed in the middle of a push, slow, refusing credentials, not SPARQL at
all, failing with 500; and a large result that must stream.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from lexgraph import paths, remote
from lexgraph.cli import cli
from tests.servers import Oxigraph, free_port, start_oxigraph
from tests.virtuoso import PASSWORD, USER, Virtuoso, start_virtuoso, virtuoso  # noqa: F401

BUILT = paths.data_dir() / paths.BUILT_GRAPH_NAME
LEXGRAPH = str(Path(sys.executable).with_name("lexgraph"))
NO_CREDENTIALS = {remote.ENV_USER: None, remote.ENV_PASSWORD: None, "NETRC": "/nonexistent"}


def _tree(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# --- tiny real HTTP servers that are not SPARQL endpoints ---------------------------------


class _Page(http.server.BaseHTTPRequestHandler):
    status = 200
    content_type = "text/html; charset=utf-8"
    body = b"<html><head><title>Blog</title></head><body><h1>Welcome to my blog</h1></body></html>"
    hits = 0

    def _answer(self) -> None:
        type(self).hits += 1
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[Callable[[type[_Page]], str]]:
    """Start a ``http.server`` with a given handler; return its base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handler: type[_Page]) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# --- the faults ------------------------------------------------------------------------------


def test_server_down_before_push_changes_nothing_locally(
    tmp_path: Path, runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    data = tmp_path / "graph.ttl"
    data.write_bytes(BUILT.read_bytes())
    before = _tree(tmp_path)
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(
        cli, ["push", "--endpoint", url, "--data", str(data), "--retries", "1"], env=NO_CREDENTIALS
    )
    one_line_error(result, f"cannot reach {url}: connection refused (after 2 attempts)")
    assert _tree(tmp_path) == before


def _generated(n: int, tag: str) -> Graph:
    graph = Graph()
    for i in range(n):
        subject = URIRef(f"https://example.org/{tag}/{i}")
        graph.add((subject, URIRef("https://example.org/value"), Literal(f"{tag} {i}")))
    return graph


def _start(kind: str, directory: Path, ports: tuple[int, ...] = ()) -> Oxigraph | Virtuoso:
    if kind == "oxigraph":
        return start_oxigraph(directory, *ports)
    return start_virtuoso(directory, *ports)


def _url(server: Oxigraph | Virtuoso) -> str:
    return server.query_url if isinstance(server, Oxigraph) else server.sparql_url


def _ports(server: Oxigraph | Virtuoso) -> tuple[int, ...]:
    return (server.port,) if isinstance(server, Oxigraph) else (server.http_port, server.sql_port)


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_server_killed_in_the_middle_of_a_chunked_push_keeps_the_old_graph(
    kind: str, tmp_path: Path, runner: CliRunner
) -> None:
    graph = "https://w3id.org/lexgraph/graph/test-kill"
    old, new = _generated(500, "old"), _generated(6_000, "new")
    server = _start(kind, tmp_path / kind)
    try:
        target = remote.endpoint(_url(server), retries=1, backoff=0.05, timeout=20)
        remote.push(target, old, graph)
        sent: list[str] = []

        def kill_after_three_chunks(message: str) -> None:
            sent.append(message)
            if len(sent) == 3:
                server.kill()

        with pytest.raises(remote.EndpointUnreachable, match="cannot reach"):
            remote.push(target, new, graph, chunk_size=1000, progress=kill_after_three_chunks)
        assert len(sent) == 3, "the push stopped at the kill"

        server = _start(kind, tmp_path / kind, _ports(server))
        store = remote.Store(target)
        held = remote.digest(store.triples(graph, "update"))
        assert (held.count, held.total) == (500, remote.digest(old).total), "old graph whole"
        assert 0 < store.count(remote.temporary_graph(graph)) < 6_000, "killed half-way"

        new_file = tmp_path / "new.nt"
        new.serialize(new_file, format="nt", encoding="utf-8")
        again = runner.invoke(
            cli,
            ["push", "--endpoint", _url(server), "--graph", graph, "--data", str(new_file)]
            + ["--chunk-size", "1000"],
            env=NO_CREDENTIALS,
        )
        assert again.exit_code == 0, again.stderr
        assert "6000 triples pushed" in again.output
        held = remote.digest(store.triples(graph, "update"))
        assert (held.count, held.total) == (6_000, remote.digest(new).total), "new graph whole"
        assert store.count(remote.temporary_graph(graph)) == 0
    finally:
        server.stop()


def test_slow_query_meets_the_timeout(
    tmp_path: Path, runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    values = " ".join(str(i) for i in range(100))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { "
    slow += " ".join(f"VALUES ?{v} {{ {values} }}" for v in "abcd") + " }"  # 10^8 rows
    server = start_oxigraph(tmp_path / "slow")  # its own: it stays busy until stopped
    try:
        started = time.monotonic()
        result = runner.invoke(
            cli, ["query", "-e", slow, "--endpoint", server.query_url, "--timeout", "1"]
        )
        elapsed = time.monotonic() - started
        one_line_error(result, f"{server.query_url}: no answer within 1 s")
        assert elapsed < 5, elapsed
    finally:
        server.kill()


def test_wrong_credentials_are_refused_in_one_line_without_the_password(
    virtuoso: Virtuoso,  # noqa: F811
    runner: CliRunner,
    one_line_error: Callable[..., str],
) -> None:
    args = ["push", "--endpoint", virtuoso.auth_url, "--graph", "urn:lexgraph:test-auth"]
    wrong = {**NO_CREDENTIALS, remote.ENV_USER: USER, remote.ENV_PASSWORD: "not-the-password"}
    line = one_line_error(
        runner.invoke(cli, args, env=wrong), "401", "the credentials were refused"
    )
    assert "not-the-password" not in line
    one_line_error(runner.invoke(cli, args, env=NO_CREDENTIALS), "401", "no credentials")


def test_credentials_from_the_environment_or_netrc_are_accepted(
    virtuoso: Virtuoso,  # noqa: F811
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    netrc.chmod(0o600)
    for env, graph in [
        ({**NO_CREDENTIALS, remote.ENV_USER: USER, remote.ENV_PASSWORD: PASSWORD}, "env"),
        ({**NO_CREDENTIALS, "NETRC": str(netrc)}, "netrc"),
    ]:
        iri = f"urn:lexgraph:test-auth-{graph}"
        result = runner.invoke(
            cli, ["push", "--endpoint", virtuoso.auth_url, "--graph", iri], env=env
        )
        assert result.exit_code == 0, result.stderr
        assert "verified" in result.output
        assert PASSWORD not in result.output + result.stderr


def test_credentials_in_the_url_are_refused(
    runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    result = runner.invoke(cli, ["push", "--endpoint", "http://me:secret@127.0.0.1:1/sparql"])
    line = one_line_error(result, "credentials do not go in the URL")
    assert "secret" not in line


def test_an_html_page_is_not_a_sparql_endpoint(
    http_server: Callable[[type[_Page]], str], runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    base = http_server(_Page)
    query = runner.invoke(cli, ["query", "-e", "ASK {}", "--endpoint", base + "/sparql"])
    one_line_error(query, "answered text/html, not SPARQL results", "Welcome to my blog")
    push = runner.invoke(cli, ["push", "--endpoint", base + "/sparql"], env=NO_CREDENTIALS)
    one_line_error(push, "is it a SPARQL endpoint?")


def test_a_server_answering_500_is_retried_a_bounded_number_of_times(
    http_server: Callable[[type[_Page]], str], runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    class Failing(_Page):
        status = 500
        content_type = "text/plain"
        body = b"simulated failure: the database is locked"
        hits = 0

    base = http_server(Failing)
    result = runner.invoke(
        cli, ["push", "--endpoint", base + "/sparql", "--retries", "2"], env=NO_CREDENTIALS
    )
    one_line_error(
        result, "server error 500", "after 3 attempts", "simulated failure: the database is locked"
    )
    assert Failing.hits == 3


def test_a_4xx_answer_shows_the_servers_own_text(
    oxigraph: Oxigraph, runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    # The update endpoint does not answer queries: Oxigraph says why, in its own words.
    result = runner.invoke(cli, ["query", "-e", "ASK {}", "--endpoint", oxigraph.update_url])
    line = one_line_error(result, f"{oxigraph.update_url}: 4")
    assert len(line.split(": ", 3)[-1]) > 10, line


def test_a_result_of_100000_rows_streams_to_the_output(oxigraph: Oxigraph, tmp_path: Path) -> None:
    pad = "x" * 500
    tens = " ".join(str(i) for i in range(10))
    hundred = " ".join(str(i) for i in range(100))
    sparql = (
        f"SELECT ?a ?b ?c ?pad WHERE {{ VALUES ?a {{ {hundred} }} VALUES ?b {{ {hundred} }} "
        f'VALUES ?c {{ {tens} }} BIND ("{pad}" AS ?pad) }}'
    )

    def peak_rss_kib(args: list[str], out: Path) -> int:
        """Run the CLI in a child process, output to a file; its peak resident memory."""
        with out.open("wb") as sink:
            child = subprocess.Popen([LEXGRAPH, *args], stdout=sink, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        assert child.returncode == 0, child.stderr.read() if child.stderr else ""
        return int(usage.ru_maxrss)

    common = ["query", "--endpoint", oxigraph.query_url, "--format", "csv", "-e"]
    small = peak_rss_kib([*common, sparql.replace(hundred, "0")], tmp_path / "small.csv")
    out = tmp_path / "big.csv"
    big = peak_rss_kib([*common, sparql], out)
    size_kib = out.stat().st_size // 1024
    with out.open(encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    assert rows == 100_000
    assert size_kib > 48_000  # 100,000 rows of 500 characters and more
    # Holding the result even once would add its size to the peak; streaming adds little.
    assert big - small < size_kib / 4, (big, small, size_kib)


def test_graphs_with_blank_nodes_are_refused(
    oxigraph: Oxigraph, write_file: Callable[[str, str], Path], runner: CliRunner
) -> None:
    path = write_file("blank.ttl", "[] <https://example.org/p> 1 .\n")
    result = runner.invoke(cli, ["push", "--endpoint", oxigraph.query_url, "--data", str(path)])
    assert result.exit_code == 2
    assert "blank nodes" in result.stderr


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_readers_see_the_old_graph_or_the_new_one_never_a_mix(
    kind: str, request: pytest.FixtureRequest
) -> None:
    graph = "https://w3id.org/lexgraph/graph/test-readers"
    old, new = _generated(3_000, "old"), _generated(8_000, "new")
    server = request.getfixturevalue(kind)
    target = remote.endpoint(_url(server))
    remote.push(target, old, graph)
    seen: list[int] = []
    stop = threading.Event()
    # A filter on every triple makes each count a slow scan, and three readers make it
    # likely that one is half-way through when a MOVE commits: so a store whose readers
    # can see a mix (Virtuoso at READ COMMITTED) fails here even on an idle machine.
    count = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> "
        "{ ?s ?p ?o FILTER (STRLEN(STR(?o)) > 0) } }"
    )

    def read() -> None:
        store = remote.Store(target)
        while not stop.is_set():
            seen.append(int(str(store.select(count)[0][0])))
            time.sleep(0.005)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        remote.push(target, new, graph, chunk_size=2_000)
        remote.push(target, old, graph, chunk_size=2_000)
        time.sleep(0.2)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert set(seen) == {3_000, 8_000}, sorted(set(seen))


def test_virtuoso_runs_a_sparql_update_as_one_transaction(virtuoso: Virtuoso) -> None:  # noqa: F811
    """A regression guard for the push's MOVE: no row-by-row autocommit over HTTP.

    ``log_enable`` returns the transaction mode without changing it when given NULL (an
    unbound variable): 1 is "logged, committed at the end of the request"; 2 or 3 would
    commit every row, and a MOVE would be visible half-done to every reader. The graph
    probed is written by the very request that reads the mode.
    """
    graph = "urn:lexgraph:test-log-enable"
    store = remote.Store(remote.endpoint(virtuoso.sparql_url))
    store.update(
        f"INSERT {{ GRAPH <{graph}> {{ <urn:lexgraph:update> <urn:lexgraph:mode> ?mode }} }} "
        "WHERE { BIND (bif:log_enable(?unbound) AS ?mode) }"
    )
    rows = store.select(f"SELECT ?mode WHERE {{ GRAPH <{graph}> {{ ?s ?p ?mode }} }}")
    store.update(f"DROP SILENT GRAPH <{graph}>")
    assert [[str(term) for term in row] for row in rows] == [["1"]]


def test_virtuoso_readers_run_at_repeatable_read(virtuoso: Virtuoso) -> None:  # noqa: F811
    """The fixture's server reads at REPEATABLE READ, which the readers' test relies on.

    At Virtuoso's default, READ COMMITTED, a count still scanning when the push's MOVE
    commits counts part of it (0, 187, 2000... of 8000, seen under CPU load with slow
    readers). SPARQL cannot change a session's isolation: only ``DefaultIsolation = 4``
    in ``virtuoso.ini`` does, and ``sys_stat`` tells what the server runs at.
    """
    store = remote.Store(remote.endpoint(virtuoso.sparql_url))
    rows = store.select('SELECT (bif:sys_stat("default_txn_isolation") AS ?i) WHERE {}')
    assert [[str(term) for term in row] for row in rows] == [["4"]]


def test_push_warns_when_virtuoso_readers_may_see_a_mix(
    virtuoso: Virtuoso,  # noqa: F811
    oxigraph: Oxigraph,
    tmp_path: Path,
    write_file: Callable[[str, str], Path],
    runner: CliRunner,
) -> None:
    """A Virtuoso at its own default isolation (READ COMMITTED) gets the push, and a warning
    that says how to give readers the old graph or the new one; a Virtuoso at REPEATABLE
    READ and an Oxigraph get no warning."""
    data = write_file("small.ttl", "<https://example.org/s> <https://example.org/p> 1 .\n")
    default = start_virtuoso(tmp_path / "virtuoso-default", isolation=2)
    try:
        for server, warned in ((default, True), (virtuoso, False), (oxigraph, False)):
            url = server.sparql_url if isinstance(server, Virtuoso) else server.query_url
            args = ["push", "--endpoint", url, "--data", str(data)]
            args += ["--graph", "https://w3id.org/lexgraph/graph/test-isolation"]
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, result.stderr
            assert "verified" in result.stdout
            assert ("DefaultIsolation = 4 in virtuoso.ini" in result.stderr) is warned, (
                server,
                result.stderr,
            )
    finally:
        default.stop()
