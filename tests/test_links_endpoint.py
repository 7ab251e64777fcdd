"""'lexgraph link --endpoint' and the federated query, against real servers on 127.0.0.1.

A real Oxigraph server holds the Wikidata-shaped fixture (tests/fixtures/wikidata/). The
faults are real too: a closed port, and a small http.server started here that answers
HTTP 500, an HTML page, or nothing for longer than the timeout. No HTTP is mocked.
"""

from __future__ import annotations

import shutil
import threading
import time
import tomllib
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lexgraph import links, paths
from lexgraph.cli import cli
from lexgraph.link_endpoint import candidates
from lexgraph.store import default_paths, load_graph
from tests.servers import Oxigraph, free_port, oxigraph_server

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata" / "items.ttl"
FEDERATED = paths.queries_dir() / "links" / "federated-wikidata.rq"
WIKIDATA_SERVICE = "<https://query.wikidata.org/sparql>"
WD = "http://www.wikidata.org/entity/"
ID = "https://w3id.org/lexgraph/id/"

OneLineError = Callable[..., str]


def load(server: Oxigraph, path: Path, graph: str = "default") -> None:
    request = urllib.request.Request(
        f"{server.store_url}?{graph}",
        data=path.read_bytes(),
        headers={"Content-Type": "text/turtle"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201, 204)


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """An Oxigraph server holding the Wikidata-shaped fixture."""
    with oxigraph_server(tmp_path_factory.mktemp("wikidata")) as server:
        load(server, FIXTURE)
        yield server


@pytest.fixture
def home(isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LEXGRAPH_HOME with the built graph and the mapping."""
    repo_data = Path(__file__).resolve().parents[1] / "data"
    for name in (paths.BUILT_GRAPH_NAME, "links.toml"):
        shutil.copy(repo_data / name, isolated_home / "data" / name)
    monkeypatch.chdir(tmp_path)
    return isolated_home


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)


# --- candidates from a real endpoint -----------------------------------------------------


def test_link_endpoint_writes_candidates_for_review_and_links_nothing(
    wikidata: Oxigraph, home: Path, tmp_path: Path
) -> None:
    review = tmp_path / "review.toml"
    result = invoke("link", "--endpoint", wikidata.query_url, "--review", review)
    assert result.exit_code == 0, result.output
    assert f"candidates from {wikidata.query_url}: 3 (not reviewed, not linked)" in result.stdout
    found = tomllib.loads(review.read_text(encoding="utf-8"))["candidate"]
    pairs = {(c["source"], c["target"].removeprefix(WD)) for c in found}
    assert pairs == {
        ("actor/celac", "Q90000001"),
        ("place/latin-america-and-the-caribbean", "Q90000002"),
        ("place/latin-america-and-the-caribbean", "Q90000003"),  # a homonym: review it
    }
    celac = next(c for c in found if c["source"] == "actor/celac")
    assert celac["kind"] == "owl:sameAs"
    assert (celac["matched"], celac["language"]) == (
        "Community of Latin American and Caribbean States",
        "en",
    )
    assert celac["description"] == "fixture: an invented regional organisation"
    assert celac["instance_of"] == [WD + "Q90000012"]
    # Nothing unreviewed enters the data: the linkset is the one of the mapping file.
    data = home / "data"
    assert (data / "linkset.ttl").read_bytes() == (paths.data_dir() / "linkset.ttl").read_bytes()
    assert "Q9000000" not in (data / "linkset.ttl").read_text(encoding="utf-8")
    assert "Q9000000" not in (data / "links.toml").read_text(encoding="utf-8")


def test_review_file_is_the_same_whatever_the_row_order(wikidata: Oxigraph) -> None:
    graph = load_graph(default_paths())
    result = links.make(load_graph([paths.data_dir() / paths.BUILT_GRAPH_NAME]))
    first = candidates(wikidata.query_url, graph, result.gaps, timeout=10)
    second = candidates(wikidata.query_url, graph, result.gaps, timeout=10, languages=("en",))
    assert [(c.source, c.target, c.label) for c in first] == [
        (c.source, c.target, c.label) for c in second
    ]


def test_default_review_file_is_in_data(wikidata: Oxigraph, home: Path) -> None:
    result = invoke("link", "--endpoint", wikidata.query_url)
    assert result.exit_code == 0, result.output
    assert (home / "data" / "link-review.toml").is_file()


# --- endpoints that fail -----------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    mode = "500"

    def _answer(self) -> None:
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "500":
            body = b"Internal Server Error"
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
        else:
            body = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the slow case)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._answer()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def bad_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """A tiny HTTP server on 127.0.0.1 that answers in the way the test names."""
    handler = type("Handler", (_Handler,), {"mode": request.param})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _no_files_written(home: Path, review: Path) -> None:
    assert not review.exists()
    assert sorted(p.name for p in (home / "data").iterdir()) == ["lexgraph.ttl", "links.toml"]


def test_connection_refused(home: Path, tmp_path: Path, one_line_error: OneLineError) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    review = tmp_path / "review.toml"
    result = invoke("link", "--endpoint", url, "--review", review, "--timeout", 5)
    one_line_error(result, f"endpoint {url}: connection refused")
    _no_files_written(home, review)


@pytest.mark.parametrize(
    ("bad_server", "fragment"),
    [
        ("500", "the endpoint failed: EndPointInternalError"),
        ("html", "the answer is not SPARQL JSON results (content type text/html)"),
        ("slow", "no answer within 0.5 s"),
    ],
    indirect=["bad_server"],
)
def test_failing_endpoint(
    bad_server: str,
    fragment: str,
    home: Path,
    tmp_path: Path,
    one_line_error: OneLineError,
) -> None:
    review = tmp_path / "review.toml"
    started = time.monotonic()
    result = invoke("link", "--endpoint", bad_server, "--review", review, "--timeout", 0.5)
    one_line_error(result, f"endpoint {bad_server}: {fragment}")
    assert time.monotonic() - started < 10
    _no_files_written(home, review)


def test_an_oxigraph_update_url_is_not_a_query_endpoint(
    wikidata: Oxigraph, home: Path, tmp_path: Path, one_line_error: OneLineError
) -> None:
    review = tmp_path / "review.toml"
    one_line_error(
        invoke("link", "--endpoint", wikidata.base + "/nothing-here", "--review", review),
        f"endpoint {wikidata.base}/nothing-here: the endpoint failed",
    )
    _no_files_written(home, review)


def test_endpoint_must_be_http(home: Path, one_line_error: OneLineError) -> None:
    one_line_error(invoke("link", "--endpoint", "ftp://x/sparql"), "not an http(s) URL")


# --- the federated query ----------------------------------------------------------------

EXPECTED_FEDERATED = {
    ("caracas", "Q1533", "Caracas", "Q90000010", "Q717"),
    ("lima", "Q2868", "Lima", "Q90000010", "Q419"),
    ("peru", "Q419", "Perú", "Q90000011", "Q419"),
    ("venezuela", "Q717", "Venezuela", "Q90000011", "Q717"),
}


def _federated(endpoint: str) -> str:
    text = FEDERATED.read_text(encoding="utf-8")
    assert WIKIDATA_SERVICE in text
    return text.replace(WIKIDATA_SERVICE, f"<{endpoint}>")


def _rows(bindings: list[dict[str, str]]) -> set[tuple[str, ...]]:
    return {
        (
            b["place"].removeprefix(ID + "place/"),
            b["item"].removeprefix(WD),
            b["wikidataLabel"],
            b["instanceOf"].removeprefix(WD),
            b["country"].removeprefix(WD),
        )
        for b in bindings
    }


def test_federated_query_with_rdflib_service(wikidata: Oxigraph, tmp_path: Path) -> None:
    """Our graph (with its linkset) in rdflib, Wikidata's part from the Oxigraph server."""
    import csv
    import io

    query = tmp_path / "federated.rq"
    query.write_text(_federated(wikidata.query_url), encoding="utf-8")
    result = invoke("query", query, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert _rows(rows) == EXPECTED_FEDERATED
    assert all(r["description"].startswith("fixture:") for r in rows)


def test_federated_query_from_one_oxigraph_server_to_another(
    wikidata: Oxigraph, tmp_path: Path
) -> None:
    """Our graph in a second Oxigraph server, which runs the SERVICE to the first."""
    import json

    from SPARQLWrapper import JSON, SPARQLWrapper

    ours = tmp_path / "ours.nt"
    from lexgraph.export import serialize

    ours.write_bytes(serialize(load_graph(default_paths()), "nt"))
    with oxigraph_server(tmp_path / "ours") as server:
        request = urllib.request.Request(
            f"{server.store_url}?default",
            data=ours.read_bytes(),
            headers={"Content-Type": "application/n-triples"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=60).close()
        client = SPARQLWrapper(server.query_url)
        client.setQuery(_federated(wikidata.query_url))
        client.setReturnFormat(JSON)
        answer = client.queryAndConvert()
    assert isinstance(answer, dict), json.dumps(answer)[:200]
    bindings = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
    assert _rows(bindings) == EXPECTED_FEDERATED
