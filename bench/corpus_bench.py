"""Benchmark the corpus store against its baselines, size by size, in one run.

    python bench/corpus_bench.py 100 1000 10000         # figures in bench/corpus_results.json
    python bench/corpus_bench.py --steps queries 10000  # one step again, or the next one

Each step of each size runs in its own process (so that peak memory is the step's own), and
its figures are written to the results file as soon as it ends, so that a long run can be
taken up again step by step (``--steps``); the store stays in the working folder between
steps, and the export and queries steps, which take longest, go on from what they measured
before they were cut:

1. ``ingest``: generate the corpus (bench/corpus_generate.py, once) and ingest it into a
   fresh store, as ``lexgraph ingest`` does.
2. ``export``: export to N-Triples and Turtle streamed to a file (``CorpusStore.write``,
   which restores the model's datatypes); then the engine's floor, pyoxigraph serialising
   the union itself.
3. ``queries``: every query of ``queries/`` and ``queries/corpus/``, rows converted to
   rdflib terms (as ``lexgraph query --store`` renders them), each followed by the engine
   answering it natively.
4. ``floor``: the engine's floor for ingest, its bulk loader on the store's N-Quads.
5. ``validate``: lexgraph's validation of the whole store (the shapes compiled to SPARQL,
   ``lexgraph validate --store``, one query a CPU at a time).
6. ``sample``: pySHACL with its default settings on the first works of the store (all
   their versions), as many as it validates within its budget, each time with exactly what
   a store of those works alone would hold (their versions, the vocabulary, and the
   meetings, periods and software they lead to); then lexgraph on the same graph.
7. ``baseline``: the naive path, rdflib's in-memory graph (parse, the same queries, Turtle),
   where the union has at most ``RDFLIB_LIMIT`` triples.

``--steps lexgraph`` means ingest, export, queries and floor. A baseline step that would
pass its time budget (10 minutes) is skipped and recorded as such. The working folder
(``BENCH_DIR``, default /tmp/lexgraph-bench) keeps the texts and the stores; exports are
deleted once measured.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET = 600.0  # seconds a baseline step may take before it is skipped
RDFLIB_LIMIT = 3_000_000  # triples above which the rdflib baseline is not attempted


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = step()
    return time.perf_counter() - start, value


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _resumed(partial: Path) -> dict[str, Any]:
    """The figures a step saved before it was cut, to go on from (none if it was not)."""
    if not partial.exists():
        return {}
    return dict(json.loads(partial.read_text(encoding="utf-8")))


def _queries() -> list[Path]:
    from lexgraph import paths

    folder = paths.queries_dir()
    return sorted(folder.glob("*.rq")) + sorted((folder / "corpus").glob("*.rq"))


def _texts(size: int, work: Path) -> list[Path]:
    sys.path.insert(0, str(HERE))
    from corpus_generate import generate  # noqa: PLC0415

    texts = work / f"texts-{size}"
    if not texts.exists():
        generate(size, texts)
    return sorted(texts.glob("*.txt"))


def ingest_step(size: int, work: Path) -> dict[str, object]:
    """Generate the corpus (once) and ingest it into a fresh store."""
    from lexgraph import corpus
    from lexgraph.vocabulary import Vocabulary

    out: dict[str, object] = {"size": size}
    files = _texts(size, work)
    out["files"] = len(files)
    store_dir = work / f"store-{size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    vocab = Vocabulary.load()
    with corpus.CorpusStore(store_dir, create=True) as db:
        seconds, summary = _timed(lambda: corpus.ingest_files(db, files, vocab=vocab))
        out["ingest_s"] = seconds
        out["versions"] = summary.documents
        out["ingest_versions_per_s"] = summary.documents / seconds
        out["ingest_declarations_per_s"] = size / seconds
        out["triples"] = len(db)
    out["store_mib"] = _du(store_dir)
    out["peak_rss_mib_ingest"] = _peak_mib()
    return out


def export_step(size: int, work: Path) -> dict[str, object]:
    """Export the store to N-Triples and Turtle streamed to a file: ours (with the model's
    datatypes restored), each followed by the engine serialising the union itself."""
    import pyoxigraph as ox

    from lexgraph import corpus

    target = work / f"export-{size}"
    partial = work / f"export-{size}.partial.json"  # what is done, should the step be cut
    out: dict[str, object] = _resumed(partial)
    with corpus.CorpusStore(work / f"store-{size}", read_only=True) as db:
        raw = db._store  # the engine itself, for its floor
        for fmt, syntax in (("nt", ox.RdfFormat.N_TRIPLES), ("turtle", ox.RdfFormat.TURTLE)):
            if f"floor_export_{fmt}_s" in out:  # measured before the step was cut
                continue
            with target.open("wb") as f:
                out[f"export_{fmt}_s"], _ = _timed(lambda f=f, fmt=fmt: db.write(fmt, f))
            out[f"export_{fmt}_mib"] = target.stat().st_size / 2**20
            with target.open("wb") as f:

                def floor_export(f: Any = f, syntax: Any = syntax) -> None:
                    union = raw.query(
                        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
                    )
                    union.serialize(f, format=syntax)

                out[f"floor_export_{fmt}_s"], _ = _timed(floor_export)
            partial.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    target.unlink(missing_ok=True)
    partial.unlink()
    out["peak_rss_mib_export"] = _peak_mib()
    return out


def queries_step(size: int, work: Path) -> dict[str, object]:
    """Every query of queries/, rows converted to rdflib terms (what ``lexgraph query
    --store`` renders), each followed by the engine answering it natively."""
    from lexgraph import corpus

    out: dict[str, object] = {}
    partial = work / f"queries-{size}.partial.json"  # what is done, should the step be cut
    done = _resumed(partial)
    ours: dict[str, float] = done.get("query_s", {})
    native: dict[str, float] = done.get("floor_query_s", {})
    rows: dict[str, int] = done.get("query_rows", {})
    with corpus.CorpusStore(work / f"store-{size}", read_only=True) as db:
        for q in _queries():
            if q.stem in native:  # measured before the step was cut
                continue
            text = q.read_text(encoding="utf-8")
            ours[q.stem], rows[q.stem] = _timed(lambda text=text: sum(1 for _ in db.rows(text)))
            native[q.stem], _ = _timed(lambda text=text: sum(1 for _ in db.raw_query(text)))
            done = {"query_s": ours, "floor_query_s": native, "query_rows": rows}
            partial.write_text(json.dumps(done, indent=2) + "\n", encoding="utf-8")
    partial.unlink()
    out["queries"] = len(ours)
    out["queries_s"] = sum(ours.values())
    out["floor_queries_s"] = sum(native.values())
    out["query_s"] = ours
    out["floor_query_s"] = native
    out["query_rows"] = rows
    out["peak_rss_mib_queries"] = _peak_mib()
    return out


def floor_step(size: int, work: Path) -> dict[str, object]:
    """The engine's floor for ingest: its bulk loader on the store's own N-Quads.

    The N-Quads are written once (to a partial file, renamed when whole) and kept until the
    bulk load has been measured, so that a load stopped for want of disk can be run again
    without writing them again. Where the disk cannot hold them beside the store and the
    loader's new store (at 10,000: 27 GiB, 16 GiB and more than 28 GiB), they are kept
    compressed by ``zstd`` and streamed to the loader through ``zstd -dc``, whose time
    alone is measured too (``BENCH_FLOOR_ZSTD=1`` asks for that at any size)."""
    import pyoxigraph as ox

    from lexgraph import corpus

    nq = work / f"export-{size}.nq"
    packed = work / f"export-{size}.nq.zst"
    floor_dir = work / f"floor-{size}"
    store_dir = work / f"store-{size}"
    store_bytes = _du(store_dir) * 2**20
    # twice the store for the bulk loader (at 10,000 it filled 27 GiB for a 16 GiB store
    # and stopped), and the N-Quads (about 1.7 times the store, a tenth of that packed)
    load = 2 * store_bytes
    zstd = shutil.which("zstd")
    pack = zstd is not None and (
        os.environ.get("BENCH_FLOOR_ZSTD") == "1"
        or packed.exists()
        or shutil.disk_usage(work).free < load + (0 if nq.exists() else 1.7 * store_bytes)
    )
    needed = load
    if pack and not packed.exists():  # packed beside the plain N-Quads, which then go
        needed += 0.2 * store_bytes - (nq.stat().st_size if nq.exists() else 0)
    elif not pack and not nq.exists():
        needed += 1.7 * store_bytes
    if shutil.disk_usage(work).free < needed:
        return {"floor_bulk_load_s": f"not run: under {needed / 2**30:.0f} GiB free"}
    if pack and not packed.exists():
        partial = packed.with_suffix(".zst.partial")
        if nq.exists():  # written by an earlier run: packed, then let go
            subprocess.run([str(zstd), "-q", "-1", "-f", str(nq), "-o", str(partial)], check=True)
        else:
            with (
                partial.open("wb") as f,
                subprocess.Popen(
                    [str(zstd), "-q", "-1", "-c"], stdin=subprocess.PIPE, stdout=f
                ) as packer,
            ):
                assert packer.stdin is not None
                with corpus.CorpusStore(store_dir, read_only=True) as db:
                    db.write("nq", packer.stdin)
                packer.stdin.close()
            if packer.returncode:
                sys.exit(f"corpus_bench: zstd failed ({packer.returncode})")
        partial.rename(packed)
        nq.unlink(missing_ok=True)
    elif not pack and not nq.exists():
        partial = nq.with_suffix(".nq.partial")
        with corpus.CorpusStore(store_dir, read_only=True) as db, partial.open("wb") as f:
            db.write("nq", f)
        partial.rename(nq)
    shutil.rmtree(floor_dir, ignore_errors=True)
    out: dict[str, object] = {}
    try:
        floor = ox.Store(str(floor_dir))
        if pack:
            out["floor_input"] = "N-Quads through zstd -dc"
            out["floor_decompress_s"], _ = _timed(
                lambda: subprocess.run(
                    [str(zstd), "-q", "-dc", str(packed)], stdout=subprocess.DEVNULL, check=True
                )
            )
            with subprocess.Popen(
                [str(zstd), "-q", "-dc", str(packed)], stdout=subprocess.PIPE
            ) as unpack:
                out["floor_bulk_load_s"], _ = _timed(
                    lambda: floor.bulk_load(unpack.stdout, format=ox.RdfFormat.N_QUADS)  # noqa: F821
                )
        else:
            out["floor_input"] = "N-Quads"
            out["floor_bulk_load_s"], _ = _timed(
                lambda: floor.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)  # noqa: F821
            )
        del floor
    except OSError as error:  # the disk filled: keep the N-Quads for another try
        return {"floor_bulk_load_s": f"not run to the end: {' '.join(str(error).split())[:160]}"}
    finally:
        shutil.rmtree(floor_dir, ignore_errors=True)
    nq.unlink(missing_ok=True)
    packed.unlink(missing_ok=True)
    return out


def validate_step(size: int, work: Path) -> dict[str, object]:
    """lexgraph's validation of the whole store (the shapes compiled to SPARQL)."""
    from lexgraph import corpus, shacl_sparql

    out: dict[str, object] = {}
    checks = shacl_sparql.compile_shapes()
    timing = shacl_sparql.Timing()
    partial = work / f"validate-{size}.partial.json"  # how far it is, while it runs
    done = 0

    def progress(_check: object) -> None:
        nonlocal done
        done += 1
        so_far = {"checks_done": done, "checks": len(checks), "check_s": timing.seconds}
        partial.write_text(json.dumps(so_far, indent=2) + "\n", encoding="utf-8")

    folder = work / f"store-{size}"
    with corpus.CorpusStore(folder, read_only=True):
        pass  # as ``lexgraph validate --store`` does: the store opens, then each check
    jobs = os.cpu_count() or 1  # opens it afresh, one check a CPU at a time
    seconds, report = _timed(
        lambda: shacl_sparql.validate_store(
            folder, checks, timing=timing, progress=progress, jobs=jobs
        )
    )
    out["validate_jobs"] = jobs
    out["validate_s"] = seconds
    out["validate_violations"] = len(report.violations)
    out["validate_warnings"] = len(report.results) - len(report.violations)
    out["peak_rss_mib_validate"] = _peak_mib()
    out["validate_found"] = _found(report.results)
    # the slowest checks (by shape and constraint component), for how costs grow
    slowest = sorted(timing.seconds.items(), key=lambda kv: -kv[1])[:10]
    out["validate_slowest_s"] = {key.rsplit("#", 1)[-1]: round(s, 2) for key, s in slowest}
    partial.unlink(missing_ok=True)
    return out


def _found(results: list[Any]) -> dict[str, dict[str, object]]:
    """What validation found, by shape and constraint: how many results, their severity,
    and the first three focus nodes, values and messages (to tell, after a long run, a
    fault of the data from one of the ingest)."""
    grouped: dict[str, list[Any]] = {}
    for r in results:
        shape = str(r.source_constraint or r.source_shape).rsplit("#", 1)[-1]
        key = f"{shape} {str(r.constraint_component).rsplit('#', 1)[-1]}"
        grouped.setdefault(key, []).append(r)
    found: dict[str, dict[str, object]] = {}
    for key, rs in sorted(grouped.items()):
        examples = [
            {
                "focus": str(r.focus_node),
                "value": None if r.value is None else str(r.value),
                "message": r.message,
            }
            for r in rs[:3]
        ]
        found[key] = {"count": len(rs), "severity": rs[0].severity.value, "examples": examples}
    return found


def sample_step(size: int, work: Path) -> dict[str, object]:
    """pySHACL (default settings) on the first works of the store (all their versions),
    doubling the number while a run stays under a tenth of the budget; lexgraph's time on
    the same graph."""
    import pyoxigraph as ox
    from pyshacl import validate as pyshacl_validate

    from lexgraph import corpus, shacl_sparql, validate

    shapes = validate.load_shapes()
    best: dict[str, object] = {}
    with corpus.CorpusStore(work / f"store-{size}", read_only=True) as db:
        works: dict[Any, list[Any]] = {}  # every version of a work, or none: the work
        for d in db.documents():  # graph lists the paragraphs of all its versions
            works.setdefault(_work_of(d), []).append(d)
        n = 1
        while n <= len(works):
            versions = [d for vs in list(works.values())[:n] for d in vs]
            g = _sample(db, versions)
            seconds, result = _run_with_budget(lambda g=g: pyshacl_validate(g, shacl_graph=shapes))
            if result is None:
                note = f"{len(versions)} versions of {n} works: over {BUDGET:.0f} s, stopped"
                best.setdefault("pyshacl_note", note)
                break
            sample = ox.Store()
            sample.extend(ox.Quad(*_ox_triple(t)) for t in g)
            ours, report = _timed(lambda sample=sample: shacl_sparql.validate_store(sample))
            best = {
                "pyshacl_works": n,
                "pyshacl_versions": len(versions),
                "pyshacl_triples": len(g),
                "pyshacl_s": seconds,
                "pyshacl_conforms": bool(result[0]),
                "lexgraph_same_sample_s": ours,
                "lexgraph_same_sample_conforms": not report.violations,
            }
            if seconds > BUDGET / 10:
                break
            n *= 2
    return best


def _sample(db: Any, documents: list[Any]) -> Any:
    """The graph of some versions as a store of their own would hold it: the versions,
    their works, the vocabulary, and of the shared graph only the meetings, periods and
    software they lead to (not those of the other documents)."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from lexgraph import corpus

    names = [corpus.ONTOLOGY_GRAPH, corpus.CURATED_GRAPH]
    names += documents + sorted({_work_of(d) for d in documents})
    g = db.graph(names)
    shared = ox.NamedNode(str(corpus.SHARED_GRAPH))
    todo = {o for o in g.objects() if isinstance(o, URIRef)}
    seen: set[Any] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in db._store.quads_for_pattern(ox.NamedNode(str(node)), None, None, shared):
            o = corpus.to_rdflib(q.object, q.predicate.value)
            g.add((node, URIRef(q.predicate.value), o))
            if isinstance(o, URIRef):
                todo.add(o)
    return g


def _work_of(expression: Any) -> Any:
    from rdflib import URIRef

    return URIRef(str(expression).rsplit("/", 1)[0])


def _ox_triple(t: Any) -> tuple[Any, Any, Any]:
    import pyoxigraph as ox
    from rdflib import Literal

    def term(x: Any) -> Any:
        if isinstance(x, Literal):
            if x.language:
                return ox.Literal(str(x), language=x.language)
            if x.datatype is None:  # xsd:string, read back as a plain literal
                return ox.Literal(str(x))
            return ox.Literal(str(x), datatype=ox.NamedNode(str(x.datatype)))
        return ox.NamedNode(str(x))

    s, p, o = t
    return term(s), term(p), term(o)


def _run_with_budget(step: Callable[[], Any]) -> tuple[float, Any]:
    """Run step in a thread; (seconds, value), or (BUDGET, None) if it passes the budget
    (the thread is then abandoned: the process exits when the step's figures are out)."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(step()), daemon=True)
    start = time.perf_counter()
    thread.start()
    thread.join(BUDGET)
    seconds = time.perf_counter() - start
    return (seconds, box[0]) if box else (seconds, None)


def baseline_step(size: int, work: Path) -> dict[str, object]:
    """The naive path: rdflib's in-memory graph on the same triples."""
    from rdflib import Graph

    out: dict[str, object] = {}
    union = work / f"export-{size}.nt"
    if not union.exists():
        from lexgraph import corpus

        with (
            corpus.CorpusStore(work / f"store-{size}", read_only=True) as db,
            union.open("wb") as f,
        ):
            db.write("nt", f)
    with union.open("rb") as f:
        triples = sum(1 for _ in f)
    if triples > RDFLIB_LIMIT:
        # rdflib holds about 1 KiB per triple: on a shared 2-core machine, not attempted
        return {"rdflib": f"not run: {triples:,} triples (over {RDFLIB_LIMIT:,})"}
    g = Graph()
    out["rdflib_parse_s"], _ = _timed(lambda: g.parse(union, format="nt"))
    total = 0.0
    for q in _queries():
        seconds, done = _run_with_budget(lambda q=q: list(g.query(q.read_text(encoding="utf-8"))))
        total += seconds
        if done is None or total > BUDGET:
            out["rdflib_queries_s"] = f"over {BUDGET:.0f} s (stopped at {q.stem})"
            break
    else:
        out["rdflib_queries_s"] = total
    out["rdflib_ttl_s"], _ = _run_with_budget(lambda: g.serialize(format="turtle"))
    out["peak_rss_mib_rdflib"] = _peak_mib()
    return out


def _du(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


STEPS = {
    "ingest": ingest_step,
    "export": export_step,
    "queries": queries_step,
    "floor": floor_step,
    "validate": validate_step,
    "sample": sample_step,
    "baseline": baseline_step,
}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        size, work, step = int(argv[1]), Path(argv[2]), argv[3]
        print(json.dumps(STEPS[step](size, work)), flush=True)
        os._exit(0)  # an abandoned baseline thread must not keep the process alive
    steps = list(STEPS)
    if argv[:1] == ["--steps"]:
        steps, argv = argv[1].split(","), argv[2:]
        if "lexgraph" in steps:
            at = steps.index("lexgraph")
            steps[at : at + 1] = ["ingest", "export", "queries", "floor"]
        if unknown := [s for s in steps if s not in STEPS]:
            sys.exit(f"corpus_bench: unknown step {unknown[0]!r}; steps: {', '.join(STEPS)}")
    usage = f"usage: corpus_bench.py [--steps STEP,...] [SIZE...]; steps: {', '.join(STEPS)}"
    if any(a in ("-h", "--help") for a in argv):
        print(usage)
        return
    if bad := [a for a in argv if not a.isdigit() or int(a) < 1]:
        print(f"corpus_bench: {bad[0]!r} is not a number of documents\n{usage}", file=sys.stderr)
        sys.exit(2)
    sizes = [int(a) for a in argv] or [100, 1000]
    work = Path(os.environ.get("BENCH_DIR", "/tmp/lexgraph-bench"))
    work.mkdir(parents=True, exist_ok=True)
    results_path = Path(os.environ.get("BENCH_RESULTS", HERE / "corpus_results.json"))
    results: dict[str, Any] = {"sizes": []}
    if results_path.exists():
        results = json.loads(results_path.read_text(encoding="utf-8"))
    results["machine"] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": os.getloadavg(),
    }
    for size in sizes:
        rows = [r for r in results["sizes"] if r.get("size") == size]
        row: dict[str, object] = rows[0] if rows else {"size": size}
        if not rows:
            results["sizes"].append(row)
        for step in steps:
            print(f"size {size}: {step}...", file=sys.stderr, flush=True)
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--one", str(size), str(work), step],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=3 * 3600,
                )
                row.update(json.loads(done.stdout.strip().splitlines()[-1]))
                # the machine is shared: how busy it was over the step's last minutes
                row[f"{step}_load_average_after"] = os.getloadavg()
                row.pop(f"{step}_error", None)
            except subprocess.TimeoutExpired:
                row[f"{step}_error"] = "time budget exceeded"
            except subprocess.CalledProcessError as e:
                row[f"{step}_error"] = e.stderr.strip().splitlines()[-3:]
            print(json.dumps(row), file=sys.stderr, flush=True)
            results["sizes"].sort(key=lambda r: r.get("size", 0))
            results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        (work / f"export-{size}.nt").unlink(missing_ok=True)


if __name__ == "__main__":
    main(sys.argv[1:])
