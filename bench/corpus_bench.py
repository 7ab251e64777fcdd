"""Benchmark the corpus store against its baselines, size by size, in one run.

    python bench/corpus_bench.py 100 1000 [10000]   # writes bench/corpus_results.json

Each size runs in its own process (so that peak memory is that size's): generate the
corpus (bench/corpus_generate.py), ingest it into a fresh store, export it, run the
queries, validate; then the baselines on the same data: rdflib's in-memory graph (parse,
queries, Turtle) with pySHACL's default validation, and pyoxigraph's own floor (bulk
load of the same N-Quads, native serialisation, native query time). A baseline step that
would pass its time budget is skipped and recorded as such.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET = 600.0  # seconds a baseline step may take before it is skipped
RDFLIB_LIMIT = 3_000_000  # triples above which the rdflib baseline is not attempted


def _timed(step: object) -> tuple[float, object]:
    start = time.perf_counter()
    value = step()  # type: ignore[operator]
    return time.perf_counter() - start, value


def one(size: int, work: Path) -> dict[str, object]:
    """Measure one size; return the figures."""
    import pyoxigraph as ox

    sys.path.insert(0, str(HERE))
    from corpus_generate import generate  # noqa: PLC0415

    from lexgraph import corpus, paths
    from lexgraph.vocabulary import Vocabulary

    out: dict[str, object] = {"size": size}
    texts = work / f"texts-{size}"
    if not texts.exists():
        generate(size, texts)
    files = sorted(texts.glob("*.txt"))
    out["files"] = len(files)
    store_dir = work / f"store-{size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    vocab = Vocabulary.load()
    with corpus.CorpusStore(store_dir, create=True) as db:
        seconds, summary = _timed(lambda: corpus.ingest_files(db, files, vocab=vocab))
        out["ingest_s"] = seconds
        out["versions"] = summary.documents  # type: ignore[attr-defined]
        out["ingest_versions_per_s"] = summary.documents / seconds  # type: ignore[attr-defined]
        out["triples"] = len(db)
        # export: ours (datatypes restored) and the engine's own serialisation
        out["export_nt_s"], nt = _timed(lambda: db.dump("nt"))
        out["export_ttl_s"], _ = _timed(lambda: db.dump("turtle"))
        raw = db._store  # the engine itself, for its floor
        out["floor_nt_s"], _ = _timed(
            lambda: raw.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            ).serialize(format=ox.RdfFormat.N_TRIPLES)
        )
        out["floor_ttl_s"], _ = _timed(
            lambda: raw.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            ).serialize(format=ox.RdfFormat.TURTLE)
        )
        nq = db.dump("nq")
        queries = sorted(paths.queries_dir().glob("*.rq")) + sorted(
            (paths.queries_dir() / "corpus").glob("*.rq")
        )
        ours = native = 0.0
        for q in queries:
            text = q.read_text(encoding="utf-8")
            t1, _ = _timed(lambda text=text: db.query(text))
            t2, _ = _timed(lambda text=text: list(db.raw_query(text)))  # type: ignore[call-overload]
            ours += t1
            native += t2
        if out["triples"] <= 400_000:  # type: ignore[operator]
            from lexgraph.validate import validate

            seconds, report = _timed(lambda: validate(db.graph()))
            out["validate_s"] = seconds
            out["validate_violations"] = len(report.violations)  # type: ignore[attr-defined]
        else:
            out["validate_s"] = "not run: the only path is pySHACL (see the baseline)"
        out["queries"] = len(queries)
        out["queries_s"] = ours
        out["floor_queries_s"] = native
    floor_dir = work / f"floor-{size}"
    shutil.rmtree(floor_dir, ignore_errors=True)
    floor = ox.Store(str(floor_dir))
    out["floor_bulk_load_s"], _ = _timed(
        lambda: floor.bulk_load(nq, format=ox.RdfFormat.N_QUADS)  # noqa: F821
    )
    del floor
    out["peak_rss_mib_lexgraph"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (work / f"union-{size}.nt").write_bytes(nt)
    return out


def baseline(size: int, work: Path) -> dict[str, object]:
    """rdflib in memory and pySHACL with default settings on the same triples."""
    from rdflib import Graph

    from lexgraph import paths
    from lexgraph.validate import load_shapes

    out: dict[str, object] = {}
    union = work / f"union-{size}.nt"
    with union.open("rb") as f:
        triples = sum(1 for _ in f)
    if triples > RDFLIB_LIMIT:
        # rdflib holds about 1 KiB per triple: on a shared 2-core machine, not attempted
        return {"rdflib": f"not run: {triples:,} triples (over {RDFLIB_LIMIT:,})"}
    g = Graph()
    out["rdflib_parse_s"], _ = _timed(lambda: g.parse(union, format="nt"))
    total = 0.0
    queries = sorted(paths.queries_dir().glob("*.rq")) + sorted(
        (paths.queries_dir() / "corpus").glob("*.rq")
    )
    for q in queries:
        if q.stem == "aligned-paragraphs" and len(g) > 100_000:
            out["rdflib_aligned_paragraphs"] = (
                "not run: skipped to keep the run within the time available"
            )
            continue
        seconds, _ = _timed(lambda q=q: list(g.query(q.read_text(encoding="utf-8"))))
        total += seconds
        if total > BUDGET:
            out["rdflib_queries_s"] = f"over {BUDGET:.0f} s"
            break
    else:
        out["rdflib_queries_s"] = total
    out["rdflib_ttl_s"], _ = _timed(lambda: g.serialize(format="turtle"))
    if len(g) <= 400_000:
        from pyshacl import validate

        shapes = load_shapes()
        seconds, result = _timed(lambda: validate(g, shacl_graph=shapes))
        out["pyshacl_s"] = seconds
        out["pyshacl_conforms"] = bool(result[0])  # type: ignore[index]
    else:
        out["pyshacl_s"] = "not run: over 400,000 triples it passes the 10-minute budget"
    out["peak_rss_mib_rdflib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        size, work = int(argv[1]), Path(argv[2])
        figures = one(size, work) if argv[3] == "lexgraph" else baseline(size, work)
        print(json.dumps(figures))
        return
    sizes = [int(a) for a in argv] or [100, 1000]
    work = Path(os.environ.get("BENCH_DIR", "/tmp/lexgraph-bench"))
    work.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "memory_gib": round(
                os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1
            ),
        },
        "sizes": [],
    }
    for size in sizes:
        row: dict[str, object] = {}
        for part in ("lexgraph", "baseline"):
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--one", str(size), str(work), part],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=3 * 3600 if part == "lexgraph" else 2 * BUDGET + 600,
                )
                row.update(json.loads(done.stdout.strip().splitlines()[-1]))
            except subprocess.TimeoutExpired:
                row[f"{part}_error"] = "time budget exceeded"
            except subprocess.CalledProcessError as e:
                row[f"{part}_error"] = e.stderr.strip().splitlines()[-1:]
        results["sizes"].append(row)  # type: ignore[union-attr]
        print(json.dumps(row), flush=True)
        (HERE / "corpus_results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
