"""Push the graph and a generated corpus to Oxigraph and Virtuoso; time pushes and queries.

Run from the repository root:

    .venv/bin/python -m bench.push_bench                  # 1,000,000-triple corpus
    .venv/bin/python -m bench.push_bench --triples 200000 --query-timeout 30

It starts both servers on 127.0.0.1 in a temporary folder (as the tests do), pushes
(1) the built graph with the ontology and (2) a corpus made of copies of the built graph
whose document IRIs are renamed per copy, with ``lexgraph push`` semantics (chunks into a
temporary graph, one MOVE, then full verification). It prints throughput in triples per
second, the embedded store's (rdflib parse) beside, and the latency of every query of
``queries/`` on each store. Results for one machine are in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from rdflib import Graph, URIRef

from lexgraph import paths, remote
from lexgraph.query import run_query
from lexgraph.store import load_graph
from tests.servers import oxigraph_server
from tests.virtuoso import virtuoso_server

DOCUMENTS = "https://w3id.org/lexgraph/id/eli/"
BUILT_GRAPH = "https://w3id.org/lexgraph/graph/bench-built"
CORPUS_GRAPH = "https://w3id.org/lexgraph/graph/bench-corpus"


def machine() -> str:
    """nproc, memory and CPU model, for the record."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} CPUs ({model}), {memory:.1f} GiB memory, {platform.platform()}"


def corpus(base: Graph, triples: int) -> Graph:
    """Copies of ``base`` with document IRIs renamed per copy, until ``triples`` is reached."""
    graph = Graph()
    copy = 0
    while len(graph) < triples:
        prefix = f"{DOCUMENTS}bench/{copy}/"

        def rename(term: object, prefix: str = prefix) -> object:
            if isinstance(term, URIRef) and str(term).startswith(DOCUMENTS):
                return URIRef(prefix + str(term)[len(DOCUMENTS) :])
            return term

        for s, p, o in base:
            graph.add((rename(s), p, rename(o)))  # type: ignore[arg-type]
            if len(graph) >= triples:
                break
        copy += 1
    return graph


class _TooSlow(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work (the embedded store) after ``seconds``."""

    def alarm(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(function: Callable[[], object], limit: float, repeat: int = 3) -> str:
    """Median wall time of ``function`` in ms, or ``> limit s``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            with time_limit(limit):
                function()
        except (_TooSlow, remote.EndpointTimeout):
            return f"> {limit:g} s"
        times.append(time.perf_counter() - started)
    return f"{statistics.median(times) * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=remote.DEFAULT_CHUNK)
    parser.add_argument("--query-timeout", type=float, default=60.0)
    parser.add_argument("--servers", default="oxigraph,virtuoso")
    options = parser.parse_args()

    print(f"machine: {machine()}")
    sources = [
        paths.data_dir() / paths.BUILT_GRAPH_NAME,
        *sorted(paths.ontology_dir().glob("*.ttl")),
    ]
    started = time.perf_counter()
    built = load_graph(sources)
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    big = corpus(load_graph(sources[:1]), options.triples) + load_graph(sources[1:])
    print(
        f"corpus: {len(big)} triples generated in {time.perf_counter() - started:.1f} s", flush=True
    )
    started = time.perf_counter()
    reparsed = Graph().parse(data=big.serialize(format="nt"), format="nt")
    corpus_parse = time.perf_counter() - started
    assert len(reparsed) == len(big)
    del reparsed

    rows: list[tuple[str, str, int, float]] = [
        ("embedded (rdflib parse)", "built+ontology", len(built), parse_seconds),
        ("embedded (rdflib parse)", "corpus", len(big), corpus_parse),
    ]
    queries = sorted(paths.queries_dir().glob("*.rq"))
    latency: dict[tuple[str, str], dict[str, str]] = {}
    for path in queries:
        text = path.read_text(encoding="utf-8")

        def local(graph: Graph, text: str = text) -> None:
            list(run_query(graph, text))

        latency[(path.stem, "built")] = {
            "embedded": timed(lambda: local(built), options.query_timeout)
        }
        latency[(path.stem, "corpus")] = {
            "embedded": timed(lambda: local(big), options.query_timeout, repeat=1)
        }

    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="lexgraph-bench-") as tmp:
        servers: dict[str, str] = {}
        for name in options.servers.split(","):
            if name == "oxigraph":
                servers[name] = stack.enter_context(oxigraph_server(Path(tmp) / name)).query_url
            elif name == "virtuoso":
                servers[name] = stack.enter_context(virtuoso_server(Path(tmp) / name)).sparql_url
        for name, url in servers.items():
            target = remote.endpoint(url, timeout=max(600.0, options.query_timeout))
            for label, graph, iri in (
                ("built+ontology", built, BUILT_GRAPH),
                ("corpus", big, CORPUS_GRAPH),
            ):
                report = remote.push(target, graph, iri, chunk_size=options.chunk_size)
                rows.append(
                    (f"{name} push ({report.protocol})", label, report.triples, report.seconds)
                )
                print(
                    f"{name}: {label}: {report.triples} triples in {report.seconds:.1f} s",
                    flush=True,
                )
            query_target = remote.endpoint(url, timeout=options.query_timeout, retries=0)
            for path in queries:
                text = path.read_text(encoding="utf-8")
                for label, iri in (("built", BUILT_GRAPH), ("corpus", CORPUS_GRAPH)):

                    def ask(
                        iri: str = iri, text: str = text, target: remote.Endpoint = query_target
                    ) -> None:
                        result = remote.run_query(target, text, default_graphs=[iri])
                        for _ in remote.render(result, "csv"):
                            pass

                    latency[(path.stem, label)][name] = timed(ask, options.query_timeout)

    print("\npush throughput (verification included)")
    print(f"{'store':32} {'graph':16} {'triples':>9} {'seconds':>8} {'triples/s':>10}")
    for store, label, count, seconds in rows:
        print(f"{store:32} {label:16} {count:9d} {seconds:8.1f} {count / seconds:10.0f}")
    names = ["embedded", *servers]
    print("\nquery latency, ms (median of 3; corpus on the embedded store: one run)")
    print(f"{'query':32} {'graph':7} " + " ".join(f"{n:>10}" for n in names))
    for (stem, label), times in latency.items():
        print(f"{stem:32} {label:7} " + " ".join(f"{times.get(n, '-'):>10}" for n in names))


if __name__ == "__main__":
    main()
