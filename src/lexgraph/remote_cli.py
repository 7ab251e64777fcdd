"""The ``push`` and ``pull`` commands, and ``query --endpoint``: options in, library out.

Credentials come from ``LEXGRAPH_SPARQL_USER``/``LEXGRAPH_SPARQL_PASSWORD`` or ``~/.netrc``
(see :mod:`lexgraph.remote`); there is deliberately no option for them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from lexgraph import paths, remote
from lexgraph.corpus_cli import store_graph, store_option
from lexgraph.errors import UsageError
from lexgraph.store import load_graph

F = TypeVar("F", bound=Callable[..., Any])
LINKSET_NAME = "linkset.ttl"
"""The linkset's file in data/ (``lexgraph.paths.LINKSET_NAME``)."""


def _progress() -> Callable[[str], None] | None:
    """Progress lines on stderr, only when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"lexgraph: {message}", err=True)


def connection_options(function: F) -> F:
    """The options of every command that talks to a remote store.

    --endpoint (required), --timeout, --retries, --update-url, --store-url.
    """
    options = [
        click.option(
            "--endpoint",
            "endpoint_url",
            required=True,
            metavar="URL",
            help="SPARQL query endpoint, e.g. http://localhost:7878/query (Oxigraph) or "
            "http://localhost:8890/sparql (Virtuoso). Credentials: LEXGRAPH_SPARQL_USER and "
            "LEXGRAPH_SPARQL_PASSWORD, or ~/.netrc.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=remote.DEFAULT_TIMEOUT,
            show_default=True,
            metavar="S",
            help="Give up on a request after S seconds.",
        ),
        click.option(
            "--retries",
            type=click.IntRange(min=0),
            default=remote.DEFAULT_RETRIES,
            show_default=True,
            help="Retries on connection errors and 5xx answers, with exponential backoff.",
        ),
        click.option(
            "--update-url",
            metavar="URL",
            help="SPARQL Update endpoint (default: derived from --endpoint).",
        ),
        click.option(
            "--store-url",
            metavar="URL",
            help="Graph Store Protocol endpoint (default: derived from --endpoint).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _endpoint(
    endpoint_url: str,
    timeout: float,
    retries: int = remote.DEFAULT_RETRIES,
    update_url: str | None = None,
    store_url: str | None = None,
) -> remote.Endpoint:
    return remote.endpoint(
        endpoint_url,
        update_url=update_url,
        store_url=store_url,
        timeout=timeout,
        retries=retries,
    )


def remote_query(
    endpoint_url: str,
    sparql: str,
    source: str,
    fmt: str,
    *,
    timeout: float | None = None,
    default_graphs: Sequence[str] = (),
) -> None:
    """Run ``query --endpoint``: stream the rendered result to stdout."""
    target = _endpoint(endpoint_url, timeout or remote.DEFAULT_TIMEOUT)
    result = remote.run_query(target, sparql, source, default_graphs=default_graphs)
    for piece in remote.render(result, fmt):
        click.echo(piece, nl=False)


_PROTOCOL = click.option(
    "--protocol",
    type=click.Choice(["auto", "gsp", "update"]),
    default="auto",
    show_default=True,
    help="Graph Store HTTP Protocol, SPARQL Update, or whichever the server offers.",
)


@click.command(
    epilog="""\b
Examples:
  lexgraph push --endpoint http://localhost:7878/query
  lexgraph push --endpoint http://localhost:8890/sparql --with-ontology --with-linkset
  lexgraph push --endpoint URL --graph https://example.org/g --data my-graph.ttl
  lexgraph push --endpoint URL --store lexgraph-store --with-ontology""",
)
@connection_options
@click.option(
    "--graph",
    "graph_iri",
    default=remote.DATA_GRAPH,
    show_default=True,
    metavar="IRI",
    help="Named graph to replace.",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="RDF file to push (repeatable). Default: data/lexgraph.ttl.",
)
@click.option(
    "--with-ontology",
    is_flag=True,
    help="Also push ontology/*.ttl (ontology and concept schemes) into --ontology-graph.",
)
@click.option(
    "--ontology-graph",
    default=remote.ONTOLOGY_GRAPH,
    show_default=True,
    metavar="IRI",
    help="Named graph for --with-ontology.",
)
@click.option(
    "--with-linkset",
    is_flag=True,
    help="Also push data/linkset.ttl (links into other datasets) into --linkset-graph.",
)
@click.option(
    "--linkset-graph",
    default=remote.LINKSET_GRAPH,
    show_default=True,
    metavar="IRI",
    help="Named graph for --with-linkset.",
)
@_PROTOCOL
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=remote.DEFAULT_CHUNK,
    show_default=True,
    help="Triples per request while loading.",
)
@store_option
def push(
    endpoint_url: str,
    timeout: float,
    retries: int,
    update_url: str | None,
    store_url: str | None,
    graph_iri: str,
    data: tuple[Path, ...],
    with_ontology: bool,
    ontology_graph: str,
    with_linkset: bool,
    linkset_graph: str,
    protocol: str,
    chunk_size: int,
    store: Path | None = None,
) -> None:
    """Replace a named graph of a remote store with the graph, atomically, then verify it.

    The triples go in chunks into a temporary graph, which one MOVE puts over the target:
    readers see the old graph or the new one, never a mix (on Virtuoso 7.2 only with
    DefaultIsolation = 4 in virtuoso.ini; below it, push warns). The server's copy is then
    compared with what was sent (count and digest of every triple). Pushing the same graph
    again sends nothing.
    """
    target = _endpoint(endpoint_url, timeout, retries, update_url, store_url)
    if store is not None and data:
        raise UsageError("give --store or --data, not both")
    if store is not None:  # the documents of a corpus store (its vocabulary: --with-ontology)
        graphs = {graph_iri: store_graph(store, vocabulary=False)}
    else:
        graphs = {graph_iri: load_graph(list(data) or [paths.data_dir() / paths.BUILT_GRAPH_NAME])}
    if with_ontology:
        graphs[ontology_graph] = load_graph(sorted(paths.ontology_dir().glob("*.ttl")))
    if with_linkset:
        graphs[linkset_graph] = load_graph([paths.data_dir() / LINKSET_NAME])
    if len(graphs) != 1 + with_ontology + with_linkset:
        raise UsageError("--graph, --ontology-graph and --linkset-graph must differ")
    for iri, graph in graphs.items():
        report = remote.push(
            target, graph, iri, protocol=protocol, chunk_size=chunk_size, progress=_progress()
        )
        if report.unchanged:
            click.echo(
                f"<{iri}>: unchanged, the server already holds these {report.triples} triples"
            )
        else:
            click.echo(
                f"<{iri}>: {report.triples} triples pushed ({report.protocol}, "
                f"{report.chunks} chunks, {report.seconds:.1f} s), verified"
            )
        if report.warning:
            click.echo(f"lexgraph: warning: {report.warning}", err=True)


@click.command(
    epilog="""\b
Examples:
  lexgraph pull --endpoint http://localhost:7878/query -o pulled.ttl
  lexgraph pull --endpoint URL --graph https://example.org/g -o g.nt""",
)
@connection_options
@click.option(
    "--graph",
    "graph_iri",
    default=remote.DATA_GRAPH,
    show_default=True,
    metavar="IRI",
    help="Named graph to read.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (atomically); the format follows from the extension.",
)
@_PROTOCOL
def pull(
    endpoint_url: str,
    timeout: float,
    retries: int,
    update_url: str | None,
    store_url: str | None,
    graph_iri: str,
    output: Path,
    protocol: str,
) -> None:
    """Write a named graph of a remote store to a local file."""
    target = _endpoint(endpoint_url, timeout, retries, update_url, store_url)
    count = remote.pull(target, graph_iri, output, protocol=protocol)
    click.echo(f"<{graph_iri}>: {count} triples written to {output}")


__all__ = ["pull", "push", "remote_query"]
