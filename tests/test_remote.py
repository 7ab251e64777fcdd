"""The same workflow on real SPARQL servers: push, query, pull, on Oxigraph and Virtuoso.

Both servers run on 127.0.0.1 (tests/servers.py, tests/virtuoso.py). The commands below
are those of the README's section "Scaling out: Oxigraph and Virtuoso".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from lexgraph import paths, remote
from lexgraph.cli import cli
from lexgraph.store import load_graph
from tests.servers import Oxigraph
from tests.virtuoso import Virtuoso, virtuoso  # noqa: F401  (a session fixture)

QUERIES = sorted(paths.queries_dir().glob("*.rq"))
ALL_GRAPH = "https://w3id.org/lexgraph/graph/all"
"""Data and ontology in one graph, as the embedded store holds them (see test below)."""
SERVERS = ["oxigraph", "virtuoso"]


def _sources() -> list[Path]:
    return [paths.data_dir() / paths.BUILT_GRAPH_NAME, *sorted(paths.ontology_dir().glob("*.ttl"))]


@pytest.fixture(params=SERVERS)
def endpoint_url(request: pytest.FixtureRequest) -> str:
    """The SPARQL endpoint of each real server in turn."""
    server = request.getfixturevalue(request.param)
    return server.query_url if isinstance(server, Oxigraph) else str(server.sparql_url)


@pytest.fixture(scope="module")
def loaded(oxigraph: Oxigraph, virtuoso: Virtuoso) -> dict[str, str]:  # noqa: F811
    """Both servers hold the built graph and the ontology in one named graph."""
    runner = CliRunner()
    urls = {"oxigraph": oxigraph.query_url, "virtuoso": virtuoso.sparql_url}
    data = [arg for path in _sources() for arg in ("--data", str(path))]
    for url in urls.values():
        result = runner.invoke(cli, ["push", "--endpoint", url, "--graph", ALL_GRAPH, *data])
        assert result.exit_code == 0, result.output
    return urls


def _csv_rows(text: str) -> set[tuple[str, ...]]:
    return {tuple(row) for row in csv.reader(io.StringIO(text))}


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_every_query_gives_the_same_rows_locally_and_remotely(
    path: Path, server: str, loaded: dict[str, str], runner: CliRunner
) -> None:
    local = runner.invoke(cli, ["query", str(path), "--format", "csv"])
    assert local.exit_code == 0, local.output
    args = ["query", str(path), "--format", "csv", "--endpoint", loaded[server]]
    remote_run = runner.invoke(cli, [*args, "--default-graph", ALL_GRAPH])
    assert remote_run.exit_code == 0, remote_run.stderr
    expected = _csv_rows(local.output)
    assert len(expected) > 1 or path.stem.endswith("-violation"), "a question with no answer"
    assert _csv_rows(remote_run.output) == expected


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_remote_output_is_the_same_bytes_as_local(
    fmt: str, server: str, loaded: dict[str, str], runner: CliRunner
) -> None:
    # meetings.rq orders its rows fully and binds IRIs, language-tagged strings and dates.
    path = str(paths.queries_dir() / "meetings.rq")
    local = runner.invoke(cli, ["query", path, "--format", fmt])
    remote_run = runner.invoke(
        cli,
        [
            "query",
            path,
            "--format",
            fmt,
            "--endpoint",
            loaded[server],
            "--default-graph",
            ALL_GRAPH,
        ],
    )
    assert remote_run.exit_code == 0, remote_run.stderr
    assert "Mexico City" in local.output
    assert remote_run.output == local.output


def test_undeclared_lexgraph_prefixes_work_remotely(
    loaded: dict[str, str], runner: CliRunner
) -> None:
    sparql = "SELECT ?n WHERE { ?p a eli:LegalResourceSubdivision ; eli:number ?n } ORDER BY ?n"
    for url in loaded.values():
        result = runner.invoke(
            cli, ["query", "-e", sparql, "--endpoint", url, "--default-graph", ALL_GRAPH]
        )
        assert result.exit_code == 0, result.stderr
        assert "10" in result.output.split()


def test_ask_and_construct_remotely(loaded: dict[str, str], runner: CliRunner) -> None:
    ask = "ASK { ?s a eli:LegalResource }"
    construct = "CONSTRUCT { ?p eli:number ?n } WHERE { ?p eli:number ?n }"
    for url in loaded.values():
        common = ["--endpoint", url, "--default-graph", ALL_GRAPH]
        assert runner.invoke(cli, ["query", "-e", ask, *common]).output == "true\n"
        local = runner.invoke(cli, ["query", "-e", construct, "--format", "nt"])
        result = runner.invoke(cli, ["query", "-e", construct, "--format", "nt", *common])
        assert result.exit_code == 0, result.stderr
        assert set(result.output.splitlines()) == set(local.output.splitlines())
        assert len(result.output.splitlines()) >= 10


def test_push_verifies_then_a_second_push_changes_nothing(
    endpoint_url: str, runner: CliRunner
) -> None:
    graph = "https://w3id.org/lexgraph/graph/test-twice"
    built = load_graph([paths.data_dir() / paths.BUILT_GRAPH_NAME])
    first = runner.invoke(cli, ["push", "--endpoint", endpoint_url, "--graph", graph])
    assert first.exit_code == 0, first.stderr
    assert f"<{graph}>: {len(built)} triples pushed" in first.output
    assert "verified" in first.output
    store = remote.Store(remote.endpoint(endpoint_url))
    before = remote.digest(store.triples(graph, "update"))
    second = runner.invoke(cli, ["push", "--endpoint", endpoint_url, "--graph", graph])
    assert second.exit_code == 0, second.stderr
    assert "unchanged" in second.output
    after = remote.digest(store.triples(graph, "update"))
    assert (after.count, after.total) == (before.count, before.total)
    assert (after.count, after.total) == (len(built), remote.digest(built).total)
    assert store.count(remote.temporary_graph(graph)) == 0, "no temporary graph is left"


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_both_protocols_replace_the_graph(
    endpoint_url: str, protocol: str, small_graph_file: Path, runner: CliRunner
) -> None:
    graph = f"https://w3id.org/lexgraph/graph/test-{protocol}"
    args = ["push", "--endpoint", endpoint_url, "--graph", graph, "--protocol", protocol]
    built = runner.invoke(cli, [*args, "--chunk-size", "1000"])
    assert built.exit_code == 0, built.stderr
    # The small graph replaces the built one: nothing of the old graph remains.
    small = runner.invoke(cli, [*args, "--data", str(small_graph_file), "--chunk-size", "7"])
    assert small.exit_code == 0, small.stderr
    assert f"({protocol}, 5 chunks" in small.output
    store = remote.Store(remote.endpoint(endpoint_url))
    held = remote.digest(store.triples(graph, protocol))
    expected = remote.digest(load_graph([small_graph_file]))
    assert (held.count, held.total) == (expected.count, expected.total) == (31, expected.total)


def test_pull_writes_what_the_server_holds(
    endpoint_url: str, tmp_path: Path, runner: CliRunner
) -> None:
    graph = "https://w3id.org/lexgraph/graph/test-pull"
    pushed = runner.invoke(cli, ["push", "--endpoint", endpoint_url, "--graph", graph])
    assert pushed.exit_code == 0, pushed.stderr
    built = load_graph([paths.data_dir() / paths.BUILT_GRAPH_NAME])
    for name in ("pulled.ttl", "pulled.nt"):
        out = tmp_path / name
        result = runner.invoke(
            cli, ["pull", "--endpoint", endpoint_url, "--graph", graph, "-o", str(out)]
        )
        assert result.exit_code == 0, result.stderr
        assert result.output == f"<{graph}>: {len(built)} triples written to {out}\n"
        pulled = load_graph([out])
        assert remote.digest(pulled).total == remote.digest(built).total
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pulled.nt", "pulled.ttl"]


def test_pull_of_an_absent_graph_fails_without_writing(
    endpoint_url: str, tmp_path: Path, runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    out = tmp_path / "absent.ttl"
    result = runner.invoke(
        cli, ["pull", "--endpoint", endpoint_url, "--graph", "urn:lexgraph:absent", "-o", str(out)]
    )
    one_line_error(result, "<urn:lexgraph:absent> is empty or absent")
    assert not out.exists()


def test_large_graphs_are_verified_by_count_and_a_sample(
    endpoint_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remote, "FULL_CHECK_LIMIT", 100)
    graph = "https://w3id.org/lexgraph/graph/test-large"
    large = Graph()
    for i in range(600):
        subject = URIRef(f"https://example.org/large/{i}")
        large.add((subject, RDF.type, URIRef("https://example.org/Thing")))
        large.add((subject, RDFS.label, Literal(f"chose « {i} »\n", lang="fr")))
        large.add((subject, RDF.value, Literal(i)))
    target = remote.endpoint(endpoint_url)
    first = remote.push(target, large, graph, chunk_size=500)
    assert (first.triples, first.chunks, first.unchanged) == (1800, 4, False)
    # Beyond the limit a sample cannot prove the graphs equal: the second push goes ahead.
    second = remote.push(target, large, graph, chunk_size=500)
    assert (second.chunks, second.unchanged) == (4, False)
    store = remote.Store(target)
    held = remote.digest(store.triples(graph, "update"))
    assert (held.count, held.total) == (1800, remote.digest(large).total)
    lines = sorted(remote.canonical_triple(t) for t in large)
    assert remote._sample_held(store, graph, lines)
    missing = "<https://example.org/large/0> <https://example.org/p> <https://example.org/o> .\n"
    assert not remote._sample_held(store, graph, [missing])


def test_push_with_ontology_and_linkset_fills_three_named_graphs(
    endpoint_url: str, runner: CliRunner
) -> None:
    result = runner.invoke(
        cli, ["push", "--endpoint", endpoint_url, "--with-ontology", "--with-linkset"]
    )
    assert result.exit_code == 0, result.stderr
    store = remote.Store(remote.endpoint(endpoint_url))
    expected = {
        remote.DATA_GRAPH: [paths.data_dir() / paths.BUILT_GRAPH_NAME],
        remote.ONTOLOGY_GRAPH: sorted(paths.ontology_dir().glob("*.ttl")),
        remote.LINKSET_GRAPH: [paths.data_dir() / "linkset.ttl"],
    }
    for iri, files in expected.items():
        local = load_graph(files)
        assert f"<{iri}>: " in result.output
        assert store.count(iri) == len(local) > 0, iri
        held = remote.digest(store.triples(iri, "gsp"))
        assert held.total == remote.digest(local).total, iri


def test_the_same_graph_iri_twice_is_refused(
    oxigraph: Oxigraph, runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    result = runner.invoke(
        cli,
        ["push", "--endpoint", oxigraph.query_url, "--with-ontology"]
        + ["--ontology-graph", remote.DATA_GRAPH],
    )
    one_line_error(result, "must differ")


def test_remote_options_without_endpoint_or_with_data_are_refused(
    small_graph_file: Path, runner: CliRunner, one_line_error: Callable[..., str]
) -> None:
    ask = ["query", "-e", "ASK {}"]
    one_line_error(runner.invoke(cli, [*ask, "--timeout", "5"]), "need --endpoint")
    one_line_error(
        runner.invoke(
            cli, [*ask, "--endpoint", "http://127.0.0.1:1/q", "--data", str(small_graph_file)]
        ),
        "--data excludes it",
    )
    # A syntax error is found locally, before anything is sent.
    one_line_error(
        runner.invoke(cli, ["query", "-e", "SELECT ?x {", "--endpoint", "http://127.0.0.1:1/q"]),
        "<-e>:1:",
    )


def test_update_protocol_sends_large_chunks_in_pieces_virtuoso_accepts(
    virtuoso: Virtuoso,  # noqa: F811
) -> None:
    graph = "https://w3id.org/lexgraph/graph/test-update-chunks"
    large = Graph()
    for i in range(6_000):
        large.add((URIRef(f"https://example.org/u/{i}"), RDF.value, Literal(f"value {i}")))
    report = remote.push(
        remote.endpoint(virtuoso.sparql_url), large, graph, protocol="update", chunk_size=20_000
    )
    assert (report.triples, report.chunks) == (6_000, 3)
