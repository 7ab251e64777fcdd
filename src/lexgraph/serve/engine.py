"""Read-only SPARQL for the server: formats, negotiation, and a pool of query workers.

Each query runs in a worker *process* that holds its own copy of the graph. A query that
runs past the time limit cannot be stopped inside rdflib, so its worker is killed and a
fresh one started: the server never keeps a hung thread. A result with more rows (or
triples) than the size limit is refused in the worker, before it is serialised.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from pyparsing import ParseBaseException
from rdflib import Graph
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.query import Result
from rdflib.term import BNode, Literal, Node, URIRef

from lexgraph import export, query
from lexgraph.errors import LexgraphError, QuerySyntaxError

if TYPE_CHECKING:
    from lexgraph.corpus import CorpusStore

RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
"""Media types of the SPARQL 1.1 results formats (SELECT and ASK)."""

GRAPH_TYPES: dict[str, str] = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
"""Media types of the graph formats (CONSTRUCT and DESCRIBE)."""

# Other names a client may use, in Accept or in a ``format`` parameter.
_ALIASES: dict[str, str] = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "ttl": "turtle",
    "application/ld+json": "jsonld",
    "json-ld": "jsonld",
    "application/n-triples": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "text/plain": "nt",
}

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run before its worker is killed."""
DEFAULT_MAX_RESULTS = 10_000
"""Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a result may have."""


class QueryRefused(LexgraphError):
    """A query the endpoint will not answer; ``status`` is its HTTP status."""

    status = 400


class UpdateRefused(QueryRefused):
    """SPARQL Update on a read-only endpoint."""

    status = 403


class QueryTimeout(QueryRefused):
    """A query that ran past the time limit (its worker was stopped)."""

    status = 503


class ResultTooLarge(QueryRefused):
    """A result with more rows or triples than the size limit."""

    status = 422


class NotAcceptable(QueryRefused):
    """No format the client accepts suits this kind of query."""

    status = 406


class QueryFailed(QueryRefused):
    """The query engine failed on a query that parsed."""

    status = 500


def format_name(name: str) -> str | None:
    """The format key for a media type or a format name, or None.

    >>> format_name("application/sparql-results+json"), format_name("ttl"), format_name("x")
    ('json', 'turtle', None)
    """
    name = name.strip().lower()
    if name in RESULT_TYPES or name in GRAPH_TYPES:
        return name
    return _ALIASES.get(name)


def _accept_ranges(accept: str) -> list[tuple[float, int, str]]:
    ranges = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((q, index, media))
    return ranges


def negotiate(accept: str | None, offered: Sequence[str], types: dict[str, str]) -> str | None:
    """The format of ``offered`` (keys of ``types``) that an Accept header prefers.

    The first offered format wins ties and answers ``*/*`` or a missing header.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", ["json", "csv"], RESULT_TYPES)
    'json'
    >>> negotiate("application/json", ["json", "xml"], RESULT_TYPES)
    'json'
    >>> negotiate("image/png", ["json"], RESULT_TYPES) is None
    True
    """
    if not accept:
        return offered[0]
    best: tuple[float, int, int] | None = None
    choice = None
    for q, index, media in _accept_ranges(accept):
        if q <= 0:
            continue
        for rank, fmt in enumerate(offered):
            full = types[fmt]
            major = full.split("/")[0]
            if media in ("*/*", f"{major}/*") or format_name(media) == fmt:
                key = (q, -rank if media not in ("*/*", f"{major}/*") else -rank - 100, -index)
                if best is None or key > best:
                    best, choice = key, fmt
    return choice


def query_kind(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; refuses updates and bad syntax.

    >>> query_kind("ASK {}")
    'ASK'
    >>> query_kind("INSERT DATA { <x:a> <x:b> <x:c> }")
    Traceback (most recent call last):
    ...
    lexgraph.serve.engine.UpdateRefused: this endpoint is read-only: SPARQL Update is refused
    """
    try:
        prepared = query.prepare(sparql, "query")
    except QuerySyntaxError as error:
        try:
            parseUpdate(sparql)
        except (ParseBaseException, Exception):
            raise error from None
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused") from None
    name = str(prepared.algebra.name)
    return name.removesuffix("Query").upper()


# --- serialisation ----------------------------------------------------------------------


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attributes = ""
    if term.language:
        attributes = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and str(term.datatype) != str(XSD.string):
        attributes = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attributes}>{escape(str(term))}</literal>"


def results_xml(result: Result) -> str:
    """A SELECT or ASK result in the SPARQL Query Results XML format."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "  <head>",
    ]
    if result.type == "ASK":
        lines += ["  </head>", f"  <boolean>{'true' if result.askAnswer else 'false'}</boolean>"]
    else:
        names = [str(v) for v in result.vars or []]
        lines += [f"    <variable name={quoteattr(n)}/>" for n in names]
        lines += ["  </head>", "  <results>"]
        for binding in result.bindings:
            lines.append("    <result>")
            for variable in result.vars or []:
                term = binding.get(variable)
                if term is not None:
                    name = quoteattr(str(variable))
                    lines.append(f"      <binding name={name}>{_xml_term(term)}</binding>")
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def render(result: Result, fmt: str) -> bytes:
    """A query result as bytes in ``fmt`` (a key of RESULT_TYPES or GRAPH_TYPES)."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return export.serialize(result.graph, fmt)
    if fmt == "xml":
        return results_xml(result).encode("utf-8")
    if result.type == "ASK" and fmt in ("csv", "tsv"):
        # SPARQL 1.1 CSV/TSV define no boolean form; this one is what Jena and others write.
        return f"_askResult\n{'true' if result.askAnswer else 'false'}\n".encode()
    return query.format_result(result, fmt).encode("utf-8")


def size(result: Result) -> int:
    """Rows of a SELECT, triples of a CONSTRUCT or DESCRIBE, 1 for ASK."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return len(result.graph) if result.graph is not None else 0
    if result.type == "ASK":
        return 1
    return len(result.bindings)


def execute(graph: Graph, sparql: str, fmt: str, max_results: int) -> tuple[bytes, int]:
    """Run a query on ``graph`` and render it, or raise a :class:`QueryRefused`."""
    prepared = query.prepare(sparql, "query")
    try:
        result = graph.query(prepared)
        count = size(result)  # evaluates a lazy result
    except LexgraphError:
        raise
    except Exception as e:  # rdflib's evaluator raises many unrelated types
        message = " ".join(str(e).split()) or type(e).__name__
        raise QueryFailed(f"the query failed: {message}") from None
    _within_limit(result, count, max_results)
    return render(result, fmt), count


def _within_limit(result: Result, count: int, max_results: int, exact: bool = True) -> None:
    """Refuse a result of more than max_results rows or triples (``exact``: count is the
    result's size, else only a lower bound of it)."""
    if count <= max_results:
        return
    unit = "triples" if result.type in ("CONSTRUCT", "DESCRIBE") else "rows"
    size_text = f"{count} {unit}" if exact else f"more than {max_results} {unit}"
    raise ResultTooLarge(
        f"the result has {size_text}, more than the limit of {max_results}: "
        "add a LIMIT, or ask the server's operator to raise --max-results"
    )


# --- the worker pool --------------------------------------------------------------------


def execute_store(db: CorpusStore, sparql: str, fmt: str, max_results: int) -> tuple[bytes, int]:
    """Like :func:`execute`, natively on a corpus store; a SELECT stops reading rows as soon
    as it passes the limit."""
    prepared = query.prepare(sparql, "query")  # the same syntax errors and refusals
    try:
        if prepared.algebra.name == "SelectQuery":
            result = Result("SELECT")
            rows = db.rows(sparql)
            result.bindings = list(itertools.islice(rows, max_results + 1))
            result.vars = list(prepared.algebra["PV"])
        else:
            result = db.query(sparql)
    except LexgraphError:
        raise
    except (OSError, RuntimeError, ValueError) as e:  # pyoxigraph's evaluation errors
        raise QueryFailed(f"the query failed: {' '.join(str(e).split())}") from None
    count = size(result)
    _within_limit(result, count, max_results, exact=result.type != "SELECT")
    return render(result, fmt), count


def _worker_main(
    conn: Connection, paths: list[str], store: str | None
) -> None:  # pragma: no cover (subprocess)
    """A query worker: load the graph (or open the store), then answer queries until the
    pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    from lexgraph.store import load_graph

    if store is not None:
        from lexgraph.corpus import CorpusStore

        db = CorpusStore(Path(store), read_only=True)

        def execute_one(sparql: str, fmt: str, max_results: int) -> tuple[bytes, int]:
            return execute_store(db, sparql, fmt, max_results)
    else:
        graph = load_graph([Path(p) for p in paths])

        def execute_one(sparql: str, fmt: str, max_results: int) -> tuple[bytes, int]:
            return execute(graph, sparql, fmt, max_results)

    conn.send(("ready",))
    while True:
        try:
            sparql, fmt, max_results = conn.recv()
        except (EOFError, OSError):
            return
        try:
            body, count = execute_one(sparql, fmt, max_results)
            conn.send(("ok", body, count))
        except QueryRefused as e:
            conn.send(("refused", type(e).__name__, str(e)))
        except LexgraphError as e:
            conn.send(("refused", "QuerySyntaxError", str(e)))


_REFUSALS: dict[str, type[LexgraphError]] = {
    cls.__name__: cls
    for cls in (
        QueryRefused,
        UpdateRefused,
        QueryTimeout,
        ResultTooLarge,
        NotAcceptable,
        QueryFailed,
        QuerySyntaxError,
    )
}


class _Worker:
    def __init__(self, paths: Sequence[Path], store: Path | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        where = str(store) if store is not None else None
        self.process = context.Process(
            target=_worker_main, args=(child, [str(p) for p in paths], where), daemon=True
        )
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise QueryFailed(f"a query worker did not start within {timeout:g} s")
        message = self.conn.recv()
        if message != ("ready",):
            raise QueryFailed("a query worker failed to start")
        self.ready = True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


@dataclass(frozen=True)
class Answer:
    """A rendered query result."""

    body: bytes
    media_type: str
    fmt: str
    count: int
    seconds: float


class QueryPool:
    """Worker processes that each hold the graph (or open the corpus store read-only) and
    run one query at a time."""

    STARTUP_TIMEOUT = 60.0

    def __init__(
        self,
        paths: Sequence[Path],
        workers: int = 2,
        timeout: float = DEFAULT_TIMEOUT,
        max_results: int = DEFAULT_MAX_RESULTS,
        store: Path | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("at least one query worker is needed")
        self.paths = list(paths)
        self.store = store
        self.timeout = timeout
        self.max_results = max_results
        self.size = workers
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self.paths, self.store)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> _Worker:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        return self._spawn()

    def wait_ready(self) -> None:
        """Block until every worker has loaded the graph."""
        workers: list[_Worker] = []
        while len(workers) < self.size:
            workers.append(self._idle.get())
        try:
            for worker in workers:
                worker.wait_ready(self.STARTUP_TIMEOUT)
        finally:
            for worker in workers:
                self._idle.put(worker)

    def run(self, sparql: str, fmt: str, timeout: float | None = None) -> Answer:
        """Run a query in a worker and return its rendered result, or raise QueryRefused."""
        limit = self.timeout if timeout is None else timeout
        kind = query_kind(sparql)
        types = GRAPH_TYPES if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
        if fmt not in types:
            raise NotAcceptable(f"a {kind} query has no {fmt} form (use {', '.join(types)})")
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise QueryTimeout(
                f"all {self.size} query workers stayed busy for {limit:g} s; try again later"
            ) from None
        try:
            worker.wait_ready(self.STARTUP_TIMEOUT)
            worker.conn.send((sparql, fmt, self.max_results))
            remaining = max(0.0, limit - (time.monotonic() - started))
            if not worker.conn.poll(remaining):
                worker = self._retire(worker)
                raise QueryTimeout(
                    f"the query ran longer than the time limit of {limit:g} s and was stopped"
                )
            reply: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            worker = self._retire(worker)
            raise QueryFailed("the query worker stopped unexpectedly") from None
        finally:
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)
        if reply[0] == "refused":
            raise _REFUSALS.get(reply[1], QueryRefused)(reply[2])
        body, count = reply[1], reply[2]
        return Answer(body, types[fmt], fmt, count, time.monotonic() - started)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()


__all__ = [
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_TIMEOUT",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Answer",
    "NotAcceptable",
    "QueryFailed",
    "QueryPool",
    "QueryRefused",
    "QueryTimeout",
    "ResultTooLarge",
    "UpdateRefused",
    "execute",
    "execute_store",
    "format_name",
    "negotiate",
    "query_kind",
    "render",
    "results_xml",
]
