"""Drive ``lexgraph serve``'s SPARQL endpoint and Oxigraph's own server with the same load.

Both servers run on 127.0.0.1 and hold the same graph (``data/lexgraph.ttl`` and
``ontology/*.ttl``). Concurrent clients send every query of ``queries/*.rq`` (top level),
round after round, until each has done ``--rounds`` rounds or ``--seconds`` have passed.
Prints queries per second and latency percentiles per server, and checks that both
servers return the same number of rows for every query.

Run from the project folder:

    .venv/bin/python -m bench.serve_bench --clients 4 --rounds 5 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lexgraph import paths
from lexgraph.store import default_paths
from tests.servers import start_oxigraph
from tests.test_serve_support import lexgraph_server


@dataclass
class Run:
    """Latencies (seconds) and errors of one server under load."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def _post(url: str, sparql: str) -> bytes:
    data = urllib.parse.urlencode({"query": sparql}).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body: bytes = response.read()
        return body


def _rows(body: bytes) -> int:
    document = json.loads(body)
    if "boolean" in document:
        return 1
    return len(document["results"]["bindings"])


def drive(
    name: str, url: str, queries: dict[str, str], clients: int, rounds: int, seconds: float
) -> Run:
    """``clients`` threads each run every query ``rounds`` times (or until ``seconds``)."""
    run = Run(name)
    for stem, text in queries.items():  # warm up, and count the rows once
        run.rows[stem] = _rows(_post(url, text))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        for _ in range(rounds):
            for stem, text in queries.items():
                if time.monotonic() > deadline:
                    return
                started = time.monotonic()
                try:
                    _post(url, text)
                except (urllib.error.URLError, OSError) as e:
                    with lock:
                        run.errors.append(f"{stem}: {e}")
                    continue
                with lock:
                    run.latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.wall = time.monotonic() - started
    return run


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) of values, nearest rank.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.0
    """
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def report(runs: list[Run], clients: int) -> str:
    lines = [
        "| server | clients | queries | errors | queries/s | p50 ms | p90 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        n = len(run.latencies)
        if n == 0:
            lines.append(f"| {run.name} | {clients} | 0 | {len(run.errors)} | | | | | |")
            continue
        ms: Callable[[float], str] = lambda s: f"{s * 1000:.1f}"  # noqa: E731
        lines.append(
            f"| {run.name} | {clients} | {n} | {len(run.errors)} | {n / run.wall:.1f} "
            f"| {ms(percentile(run.latencies, 50))} | {ms(percentile(run.latencies, 90))} "
            f"| {ms(percentile(run.latencies, 99))} | {ms(statistics.fmean(run.latencies))} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over queries/ per client")
    parser.add_argument("--seconds", type=float, default=60, help="time cap per server")
    parser.add_argument("--workers", type=int, default=4, help="lexgraph serve --workers")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.rounds <= 1000 or args.seconds > 600:
        parser.error("keep it bounded: 1-64 clients, 1-1000 rounds, at most 600 seconds")

    queries = {
        p.stem: p.read_text(encoding="utf-8") for p in sorted(paths.queries_dir().glob("*.rq"))
    }
    runs = []
    with tempfile.TemporaryDirectory(prefix="lexgraph-bench-") as folder:
        log = Path(folder) / "serve.log"
        arguments = ["--workers", str(args.workers), "--timeout", "30"]
        with lexgraph_server(log, arguments) as served:
            runs.append(
                drive(
                    f"lexgraph serve ({args.workers} workers)",
                    served.sparql,
                    queries,
                    args.clients,
                    args.rounds,
                    args.seconds,
                )
            )
        oxigraph = start_oxigraph(Path(folder) / "oxigraph")
        try:
            for path in default_paths():
                request = urllib.request.Request(
                    oxigraph.store_url + "?default",
                    data=path.read_bytes(),
                    headers={"Content-Type": "text/turtle"},
                    method="POST",
                )
                urllib.request.urlopen(request, timeout=60).close()
            runs.append(
                drive(
                    "oxigraph serve",
                    oxigraph.query_url,
                    queries,
                    args.clients,
                    args.rounds,
                    args.seconds,
                )
            )
        finally:
            oxigraph.stop()
    print(report(runs, args.clients))
    differ = [s for s in queries if runs[0].rows.get(s) != runs[1].rows.get(s)]
    if differ:
        print("\nrow counts differ for: " + ", ".join(differ))
    else:
        print(f"\nboth servers return the same number of rows for all {len(queries)} queries")
    for run in runs:
        for error in run.errors[:5]:
            print(f"{run.name}: {error}")


if __name__ == "__main__":
    main()
