"""``lexgraph serve``: the SPARQL endpoint, the linked-data IRIs and the reading view."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

import click

from lexgraph.corpus_cli import store_option
from lexgraph.errors import UsageError


@click.command(
    "serve",
    epilog="""\b
Examples:
  lexgraph serve                          # http://127.0.0.1:8000/
  lexgraph serve --port 8080 --timeout 5 --max-results 1000
  lexgraph serve --data my-graph.ttl --data ontology/lexgraph.ttl
  lexgraph serve --store lexgraph-store   # a corpus store (lexgraph ingest)

\b
Routes: / (documents), /page/... (reading view, resource pages), /id/... (IRIs,
303 to HTML or data), /data/....ttl|.jsonld|.nt, /sparql (SPARQL 1.1 Protocol,
read-only), /query (query page).""",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--data",
    "data",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="RDF file to serve, format from its extension (repeatable). "
    "Default: data/lexgraph.ttl, ontology/*.ttl and data/linkset.ttl.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a SPARQL query may run; a longer one is stopped and answered 503.",
)
@click.option(
    "--max-results",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows (or triples) a result may have; a larger one is answered 422.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1, max=64),
    help="Query worker processes (each holds a copy of the graph).",
)
@store_option
def serve(
    host: str,
    port: int,
    data: tuple[Path, ...],
    timeout: float,
    max_results: int,
    workers: int,
    store: Path | None = None,
) -> None:
    """Serve the graph: a read-only SPARQL endpoint, dereferenceable IRIs, a reading view.

    Logs one line per request on stderr. Stop with Ctrl+C.
    """
    try:
        import uvicorn

        from lexgraph.serve.app import Settings, create_app
    except ModuleNotFoundError as e:
        raise UsageError(f"{e.name} is not installed: pip install 'lexgraph'") from None
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr, force=True
    )
    if store is not None and data:
        raise UsageError("give --store or --data, not both")
    _check_port(host, port)  # before loading anything: a busy port is one line, exit 2
    app = create_app(Settings(tuple(data), timeout, max_results, workers, store))
    click.echo(f"lexgraph: serving on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning")
    try:
        uvicorn.Server(config).run()
    except SystemExit as e:  # uvicorn exits when it cannot bind or start
        if e.code:
            raise UsageError(f"cannot serve on {host}:{port}") from None


def _check_port(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise UsageError(f"--host {host}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            raise UsageError(f"cannot listen on {host}:{port}: {e.strerror}") from None


__all__ = ["serve"]
