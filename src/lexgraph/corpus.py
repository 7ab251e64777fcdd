"""The corpus store: an embedded on-disk Oxigraph store, one named graph per document.

A store is a folder: ``lexgraph-store.json`` (what wrote it, and the store format) and
``oxigraph/`` (the database). Every language version of a document lives in the named
graph of its expression IRI (``{work}/{lang}``); the vocabulary of ``ontology/`` lives in
``lexid:graph/ontology`` and the curated facts in ``lexid:graph/curated``. Queries see
the union of all graphs as their default graph.

Writing a document's graph is one SPARQL update (``DROP SILENT GRAPH`` then
``INSERT DATA``), which Oxigraph applies in one transaction: a reader sees the old graph
or the new one, never a mix, and a crash in the middle leaves the old one. The same
transaction redoes the version's share of its work's graph and takes out of the shared graph
(``lexid:graph/shared``: meetings, periods) what no stored version still gives.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field, replace
from importlib.metadata import version as _version
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO, Protocol, TypeVar, cast

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from lexgraph import iris, paths
from lexgraph.align import _NUMBER, ANCHOR_KINDS, Anchors, Version, anchors_of
from lexgraph.assemble import Source
from lexgraph.errors import LexgraphError
from lexgraph.extract import Extraction
from lexgraph.ingest import (
    Document,
    Known,
    _work_key,
    assemble_version,
    check_language,
    plan,
    read_documents,
)
from lexgraph.lang import ISO639_3
from lexgraph.namespaces import PREFIXES
from lexgraph.store import load_graph
from lexgraph.textio import atomic_write
from lexgraph.vocabulary import Vocabulary

FORMAT = 1
"""The store format this lexgraph writes; it refuses to open a newer one."""

MARKER = "lexgraph-store.json"
BUILDING = "building"
"""The marker's flag for a first ingest in progress (see :meth:`CorpusStore.begin_build`)."""
ONTOLOGY_GRAPH = iris.graph_iri("ontology")
CURATED_GRAPH = iris.graph_iri("curated")
SHARED_GRAPH = iris.graph_iri("shared")
_ID = PREFIXES["lexid"]
_VERSION = re.compile(r"^" + re.escape(PREFIXES["lexid"]) + r"eli/.*/(fra|spa|eng)$")
DEFAULT_STORE = Path("lexgraph-store")
"""Where ``lexgraph ingest`` keeps the corpus unless told otherwise (``--store``)."""


_XSD = "http://www.w3.org/2001/XMLSchema#"
RETYPED = {
    "http://www.w3.org/ns/oa#start": _XSD + "nonNegativeInteger",
    "http://www.w3.org/ns/oa#end": _XSD + "nonNegativeInteger",
    "http://www.w3.org/ns/dcat#byteSize": _XSD + "nonNegativeInteger",
}
"""Properties whose values Oxigraph stores as xsd:integer (it keeps only the primitive
datatype of a derived one) and whose datatype the model fixes: restored on the way out."""

_RETYPE_LINE = re.compile(
    rb"^(<[^>]*> <(" + b"|".join(re.escape(k.encode()) for k in RETYPED) + rb")> "
    rb'"[^"]*"\^\^<)http://www\.w3\.org/2001/XMLSchema#integer(> (?:<[^>]*> )?\.)$',
    re.MULTILINE,
)


def _retype_lines(data: bytes) -> bytes:
    """N-Triples/N-Quads lines with the model's datatypes restored (see RETYPED)."""
    return _RETYPE_LINE.sub(rb"\1" + _XSD.encode() + rb"nonNegativeInteger\3", data)


_RETYPE_TURTLE_LINE = re.compile(
    rb"^([ \t]*(?:<[^<>\s]*> )?(?:"
    + b"|".join(re.escape(b"<" + k.encode() + b">") for k in RETYPED)
    + rb") )(\d+(?: , \d+)*)( [;.])?$",
    re.MULTILINE,
)
_INTEGER = re.compile(rb"\d+")
_NON_NEGATIVE = b'"\\g<0>"^^<' + _XSD.encode() + b"nonNegativeInteger>"


def _retype_turtle(data: bytes) -> bytes:
    r"""Lines of Turtle or TriG as Oxigraph writes them (full IRIs, one predicate to a line,
    integers bare) with the model's datatypes restored (see RETYPED).

    >>> _retype_turtle(b"<s> <http://www.w3.org/ns/oa#start> 5 ;\n\t<http://x/n> 6 .\n")
    b'<s> <http://www.w3.org/ns/oa#start> "5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> ;\n\t<http://x/n> 6 .\n'
    """  # noqa: E501

    def retype(m: re.Match[bytes]) -> bytes:
        return m[1] + _INTEGER.sub(_NON_NEGATIVE, m[2]) + (m[3] or b"")

    return _RETYPE_TURTLE_LINE.sub(retype, data)


_STORE_FORMATS: dict[str, tuple[ox.RdfFormat, bool, Callable[[bytes], bytes]]] = {
    "nt": (ox.RdfFormat.N_TRIPLES, False, _retype_lines),
    "nq": (ox.RdfFormat.N_QUADS, True, _retype_lines),
    "turtle": (ox.RdfFormat.TURTLE, False, _retype_turtle),
    "trig": (ox.RdfFormat.TRIG, True, _retype_turtle),
}
"""How :meth:`CorpusStore.write` writes each format: Oxigraph's syntax, whether the named
graphs are kept (else the union), and how the model's datatypes are restored."""


class _Retyper:
    """A writable that passes lines on to ``out`` with :data:`RETYPED` restored by
    ``retype``, whole lines at a time (a line may arrive in two writes)."""

    def __init__(self, out: BinaryIO, retype: Callable[[bytes], bytes]) -> None:
        self.out = out
        self.retype = retype
        self.rest = b""

    def write(self, data: bytes) -> int:
        chunk = self.rest + bytes(data)
        cut = chunk.rfind(b"\n") + 1
        self.rest = chunk[cut:]
        if cut:
            self.out.write(self.retype(chunk[:cut]))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.rest:
            self.out.write(self.retype(self.rest))
            self.rest = b""


class StoreError(LexgraphError):
    """A store folder that cannot be used: not a store, corrupt, locked, or too new."""


def _nt(term: URIRef | Literal | BNode) -> str:
    if isinstance(term, BNode):
        raise StoreError(f"blank node {term} in a document graph (lexgraph mints no blank nodes)")
    return term.n3()


def ntriples(graph: Graph) -> str:
    """The triples of graph as N-Triples lines (sorted, so the same graph gives the same text)."""
    return "".join(
        sorted(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in graph)  # type: ignore[arg-type]
    )


def to_rdflib(term: object, predicate: str | None = None) -> URIRef | Literal | BNode:
    """A pyoxigraph term as rdflib's (a value of a :data:`RETYPED` predicate retyped)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD + "string":
            return Literal(term.value)  # as rdflib reads a plain literal
        if predicate in RETYPED and datatype == _XSD + "integer":
            datatype = RETYPED[predicate]
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"unexpected term in a query result: {term!r}")


def _rows(raw: ox.QuerySolutions) -> Iterator[dict[Variable, URIRef | Literal | BNode]]:
    names = [(Variable(v.value), v.value) for v in raw.variables]
    for row in raw:
        yield {var: to_rdflib(row[name]) for var, name in names if row[name] is not None}


class CorpusStore:
    """An open corpus store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False) -> None:
        self.path = path
        marker = path / MARKER
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no such store (run 'lexgraph ingest --store {path}')")
            path.mkdir(parents=True)
        if not path.is_dir():
            raise StoreError(f"{path}: not a folder, so not a lexgraph store")
        if not marker.exists():
            if create and not any(path.iterdir()):
                self._write_marker()
            else:
                raise StoreError(f"{path}: not a lexgraph store (no {MARKER})")
        self.info = self._read_marker()
        try:
            db = str(path / "oxigraph")
            self._store = ox.Store.read_only(db) if read_only else ox.Store(db)
        except OSError as e:
            raise StoreError(
                f"{path}: cannot open the store, locked by another lexgraph or corrupt "
                f"({' '.join(str(e).split())[:160]})"
            ) from None
        if self.info.get(BUILDING):
            # an ingest into this store, empty until then, was interrupted: make it empty again
            if read_only:
                raise StoreError(
                    f"{path}: the first ingest into this store was interrupted; run "
                    f"'lexgraph ingest --store {path} ...' again (it starts afresh)"
                )
            self._store.clear()
            self.end_build()

    def _write_marker(self, building: bool = False) -> None:
        info: dict[str, object] = {"format": FORMAT, "lexgraph": _version("lexgraph")}
        if building:
            info[BUILDING] = True
        atomic_write(self.path / MARKER, json.dumps(info, indent=2) + "\n")
        self.info = info

    @property
    def building(self) -> bool:
        """True while a first ingest fills the store with :meth:`bulk_load` (see
        :meth:`begin_build`)."""
        return bool(self.info.get(BUILDING))

    def begin_build(self) -> None:
        """Mark an empty store as being filled by a first ingest, which may then load with
        Oxigraph's bulk loader (several times faster, but not transactional). If the ingest
        is interrupted, the next opening of the store finds the mark and empties the store
        again: the store is left as it was, empty."""
        self._write_marker(building=True)

    def end_build(self) -> None:
        """The first ingest is complete (everything flushed): remove the mark."""
        self._store.flush()
        self._write_marker()

    def _read_marker(self) -> dict[str, object]:
        marker = self.path / MARKER
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
            fmt = int(info["format"])
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise StoreError(f"{marker}: corrupt store marker ({e})") from None
        if fmt > FORMAT:
            raise StoreError(
                f"{self.path}: store format {fmt} was written by lexgraph "
                f"{info.get('lexgraph', '?')}; this lexgraph {_version('lexgraph')} reads "
                f"format {FORMAT} at most: upgrade lexgraph"
            )
        return dict(info)

    # --- context manager -----------------------------------------------------------------
    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (and its lock)."""
        if getattr(self, "_store", None) is not None:
            del self._store

    # --- writing -------------------------------------------------------------------------
    def replace(self, name: URIRef, graph: Graph) -> None:
        """Make graph the content of the named graph ``name``, atomically."""
        self.replace_text(name, ntriples(graph))

    def replace_text(self, name: URIRef, triples: str) -> None:
        """Like :meth:`replace`, from N-Triples text."""
        g = _nt(name)
        self.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{triples}}} }}")

    def update(self, sparql: str) -> None:
        """Run a SPARQL update: one transaction."""
        try:
            self._store.update(sparql)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(
                f"{self.path}: cannot write: {' '.join(str(e).split())[:200]}"
            ) from None

    def load_trig(self, trig: str) -> None:
        """Add TriG in one transaction (a store being built loads through
        :meth:`bulk_stream` instead)."""
        try:
            self._store.load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(
                f"{self.path}: cannot write: {' '.join(str(e).split())[:200]}"
            ) from None

    @contextmanager
    def bulk_stream(self) -> Iterator[Callable[[str], None]]:
        """While :attr:`building`, one bulk load for many writes: what is written (TriG)
        flows through a pipe to Oxigraph's bulk loader, in a thread, and is in the store
        once the block ends. A load a window slowed down as the store grew (the database
        merging each new batch with all the earlier ones): at 10,000 declarations an ingest
        took 5.3 times the bulk loader's time for all the quads at once, and 3.3 times
        streamed (reading the texts and the final compaction included).

        What is written is not yet readable inside the block."""
        if not self.building:
            raise StoreError(f"{self.path}: a bulk stream needs an empty store being built")
        folder = Path(tempfile.mkdtemp(prefix="lexgraph-load-"))
        fifo = folder / "graphs.trig"
        os.mkfifo(fifo)
        failed: list[BaseException] = []

        def load() -> None:
            try:
                self._store.bulk_load(path=str(fifo), format=ox.RdfFormat.TRIG)
            except BaseException as error:  # noqa: BLE001 (handed to the writing thread)
                failed.append(error)

        thread = threading.Thread(target=load, name="lexgraph-bulk-load", daemon=True)
        thread.start()
        out: IO[bytes] | None = None
        try:
            while out is None:  # the loader opens the pipe for reading first
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError as error:
                    if error.errno != errno.ENXIO:
                        raise StoreError(f"{fifo}: cannot write: {error.strerror}") from None
                    if not thread.is_alive():  # it stopped before it began to read
                        raise self._load_error(failed) from None
                    time.sleep(0.01)
                    continue
                os.set_blocking(fd, True)
                out = os.fdopen(fd, "wb", buffering=1 << 20)

            def write(trig: str) -> None:
                assert out is not None
                try:
                    out.write(trig.encode("utf-8"))
                except BrokenPipeError:
                    thread.join()
                    raise self._load_error(failed) from None

            yield write
        finally:
            if out is not None:
                try:
                    out.close()  # the end of the input: the loader finishes
                except BrokenPipeError:
                    pass
            thread.join()
            fifo.unlink()
            folder.rmdir()
        if failed:
            raise self._load_error(failed)

    def _load_error(self, failed: list[BaseException]) -> StoreError:
        what = " ".join(str(failed[0]).split())[:200] if failed else "the loader stopped"
        return StoreError(f"{self.path}: cannot write: {what}")

    def remove(self, name: URIRef) -> None:
        """Drop a named graph (nothing if absent)."""
        self._store.update(f"DROP SILENT GRAPH {_nt(name)}")

    def load_vocabulary(self, curated: Path | None = None) -> None:
        """Put ``ontology/*.ttl`` (and the curated facts, if any) in their named graphs."""
        from lexgraph import assemble

        self.replace(ONTOLOGY_GRAPH, load_graph(sorted(paths.ontology_dir().glob("*.ttl"))))
        curated_path = curated or paths.data_dir() / paths.CURATED_NAME
        if curated_path.exists():
            g = Graph()
            assemble.curated(g, curated_path)
            self.replace(CURATED_GRAPH, g)

    def flush(self) -> None:
        """Write what is buffered to disk and compact the database: after many
        transactional loads, compaction makes a store several times smaller."""
        self._store.flush()
        self._store.optimize()
        # RocksDB keeps its write-ahead logs until the database is reopened: after a large
        # ingest they hold as much again as the data, so reopen to let them go
        db = str(self.path / "oxigraph")
        del self._store
        self._store = ox.Store(db)

    # --- reading -------------------------------------------------------------------------
    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(
            URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def documents(self) -> list[URIRef]:
        """The named graphs that hold a language version of a document."""
        return [g for g in self.graphs() if _VERSION.search(str(g))]

    def works(self) -> list[URIRef]:
        """The named graphs that hold the work level of a document."""
        return [
            g
            for g in self.graphs()
            if str(g).startswith(_ID + "eli/") and not _VERSION.search(str(g))
        ]

    def __len__(self) -> int:
        return len(self._store)

    def raw_query(self, sparql: str) -> object:
        """Run SPARQL on the union of the graphs; pyoxigraph's own result."""
        try:
            return self._store.query(
                sparql, use_default_graph_as_union=True, prefixes=dict(PREFIXES)
            )
        except SyntaxError as e:
            raise LexgraphError(f"query: {' '.join(str(e).split())}") from None

    def rows(self, sparql: str) -> Iterator[dict[Variable, URIRef | Literal | BNode]]:
        """The rows of a SELECT query on the union of the graphs, one at a time, as rdflib
        terms (memory does not grow with the result)."""
        raw = self.raw_query(sparql)
        if not isinstance(raw, ox.QuerySolutions):
            raise LexgraphError("query: rows() needs a SELECT query")
        return _rows(raw)

    def query(self, sparql: str) -> Result:
        """Run SPARQL on the union of the graphs, as an rdflib result (for rendering)."""
        raw = self.raw_query(sparql)
        if isinstance(raw, bool):
            result = Result("ASK")
            result.askAnswer = raw
            return result
        if isinstance(raw, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(v.value) for v in raw.variables]
            result.bindings = list(_rows(raw))
            return result
        result = Result("CONSTRUCT")
        g = Graph()
        for t in raw:  # type: ignore[attr-defined]
            g.add(
                (
                    to_rdflib(t.subject),
                    to_rdflib(t.predicate),
                    to_rdflib(t.object, t.predicate.value),
                )
            )
        result.graph = g
        return result

    def dump(self, fmt: str) -> bytes:
        """The store in one format, in memory (see :meth:`write`)."""
        out = io.BytesIO()
        self.write(fmt, out)
        return out.getvalue()

    def write(self, fmt: str, out: BinaryIO) -> None:
        """Write the store to ``out``: ``nq``/``trig`` keep the named graphs, ``nt``/``turtle``
        are the union. The bytes stream through: memory does not grow with the store.

        Every format is written by Oxigraph itself, at its speed; literals of the properties
        in :data:`RETYPED` get their model datatype back line by line on the way out. Turtle
        and TriG therefore have full IRIs, no prefixes (Oxigraph writes prefixes only for
        triples that cross into Python, which costs twice the time on a large store).
        """
        syntax, graphs, retype = _STORE_FORMATS[fmt]
        sink = _Retyper(out, retype)
        if graphs:  # the named graphs: the store's own dump
            self._store.dump(cast(IO[bytes], sink), format=syntax)
        else:  # the union
            triples = self._store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(triples, ox.QueryTriples)
            triples.serialize(cast(IO[bytes], sink), format=syntax)
        sink.close()

    def graph(self, names: Sequence[URIRef] | None = None) -> Graph:
        """The union of the named graphs (all by default) as one rdflib graph."""
        from lexgraph import assemble

        g = assemble.new_graph()
        if names is None:
            g.parse(data=self.dump("nt").decode("utf-8"), format="nt")
            return g
        for name in names:
            for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
                g.add(
                    (
                        to_rdflib(q.subject),
                        to_rdflib(q.predicate),
                        to_rdflib(q.object, q.predicate.value),
                    )
                )
        return g

    def view(self) -> Dataset:
        """A live rdflib view of the store: the union of its graphs, whose SPARQL queries
        Oxigraph answers natively (through oxrdflib); nothing is copied into memory."""
        from oxrdflib import OxigraphStore

        view = Dataset(store=OxigraphStore(store=self._store), default_union=True)
        for prefix, namespace in PREFIXES.items():
            view.bind(prefix, namespace)
        return view

    def triples_in(self, name: URIRef) -> int:
        """How many triples the named graph holds."""
        return sum(
            1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
        )

    def __iter__(self) -> Iterator[object]:
        return iter(self._store)

    def versions_of(self, work: URIRef) -> list[Known]:
        """The stored language versions of a work."""
        return _versions_of(self, work)

    def known_versions(self, keys: set[tuple[str, str]]) -> list[Known]:
        """The stored versions of works of the given (document type, date) keys, with
        their paragraphs' anchors, for a new document to be aligned with."""
        if not keys:
            return []
        texts: dict[tuple[str, str], dict[int, str]] = {}
        meta: dict[tuple[str, str], tuple[str, str]] = {}
        where: dict[str, tuple[tuple[str, str], int]] = {}  # paragraph text: version, number
        for row in self.raw_query(_KNOWN.replace("#VALUES", _values(keys))):  # type: ignore[attr-defined]
            key = (row["work"].value, row["expr"].value)
            n = int(row["n"].value)
            texts.setdefault(key, {})[n] = row["text"].value
            meta[key] = (row["doctype"].value, row["date"].value)
            where[row["ptext"].value] = (key, n)
        found: dict[tuple[str, str], dict[int, dict[str, str]]] = {}
        # the mentions in a second query, version graph by version graph: each graph's
        # triples lie together in the store's graph-first indexes, where a lookup from each
        # paragraph text jumped across the whole store (4 times slower at 3,000
        # declarations); joined to the first query, every annotation of the store was read
        versions = sorted({expr for _, expr in texts})
        for start in range(0, len(versions), 50):
            chunk = " ".join(f"<{v}>" for v in versions[start : start + 50])
            for row in self.raw_query(_KNOWN_MENTIONS.replace("#GRAPHS", chunk)):  # type: ignore[attr-defined]
                if row["ptext"].value not in where:
                    continue  # a mention of the title, not of a paragraph
                key, n = where[row["ptext"].value]
                anchors = found.setdefault(key, {}).setdefault(n, {})
                kind_key = row["kind"].value.rsplit("/", 1)[-1]
                exact = row["exact"].value
                if kind_key == "meeting":
                    parts = [
                        row[v].value.rsplit("/", 1)[-1]
                        for v in ("etype", "start", "place")
                        if row[v] is not None
                    ]
                    anchors.setdefault("meeting " + " ".join(parts), exact)
                elif kind_key in ANCHOR_KINDS and row["body"] is not None:
                    anchors.setdefault(f"{kind_key} {row['body'].value}", exact)
        out = []
        for (work, expr), by_number in sorted(texts.items()):
            paragraphs = []
            for n, text in sorted(by_number.items()):
                anchors = dict(found.get((work, expr), {}).get(n, {}))
                for m in _NUMBER.finditer(text):
                    anchors.setdefault(f"number {m.group()}", m.group())
                paragraphs.append(Anchors(n, text, anchors))
            lang = {v: k for k, v in ISO639_3.items()}[expr.rsplit("/", 1)[-1]]
            doctype, date = meta[(work, expr)]
            version = Version(lang, False, tuple(paragraphs), expr)
            out.append(
                Known(URIRef(work), version, URIRef(doctype) if doctype else None, date or None)
            )
        return out


def _versions_of(store: CorpusStore, work: URIRef) -> list[Known]:
    rows = list(
        store.raw_query(  # type: ignore[call-overload]
            f"SELECT ?t ?d WHERE {{ {_nt(work)} eli:type_document ?t ; eli:date_document ?d }}"
        )
    )
    if not rows:
        raise StoreError(f"{work}: no such dated work in {store.path}")
    keys = {(rows[0]["t"].value, rows[0]["d"].value)}
    known = [k for k in store.known_versions(keys) if k.work == work]
    # the numbers the versions print, where not the work's (kept apart from known_versions,
    # which ingest calls for every window of documents)
    printed: dict[tuple[str, int], int] = {}
    for row in store.raw_query(_PRINTED.replace("#WORK", _nt(work))):  # type: ignore[attr-defined]
        printed[(row["expr"].value, int(row["n"].value))] = int(row["printed"].value)
    return [
        replace(
            k,
            version=replace(
                k.version,
                paragraphs=tuple(
                    replace(p, printed=printed.get((k.version.label, p.number)))
                    for p in k.version.paragraphs
                ),
            ),
        )
        for k in known
    ]


def _values(keys: set[tuple[str, str]]) -> str:
    def cell(doctype: str, date: str) -> str:
        t = f"<{doctype}>" if doctype else "UNDEF"
        d = f'"{date}"^^xsd:date' if date else "UNDEF"
        return f"({t} {d})"

    rows = " ".join(cell(t, d) for t, d in sorted(keys))
    return f"VALUES (?doctype ?date) {{ {rows} }}"


_KNOWN = """
SELECT ?work ?expr ?doctype ?date ?ptext ?n ?text WHERE {
  #VALUES
  ?work eli:date_document ?date ; eli:type_document ?doctype ; eli:is_realized_by ?expr .
  ?expr dcterms:hasPart ?ptext .
  ?ptext eli:realizes ?para ; schema:text ?text .
  ?para eli:number ?n .
}
"""
"""The date first, and no ``?work a eli:LegalResource``: Oxigraph joins in the order written,
and starting from every work cost 4.5 s a window at 7,700 works (0.6 s from the date)."""

_PRINTED = """
SELECT ?expr ?n ?printed WHERE {
  #WORK eli:is_realized_by ?expr .
  ?expr dcterms:hasPart ?ptext .
  ?ptext lex:printedNumber ?printed ; eli:realizes ?para .
  ?para eli:number ?n .
}
"""

_KNOWN_MENTIONS = """
SELECT ?ptext ?kind ?body ?exact ?etype ?start ?place WHERE {
  VALUES ?g { #GRAPHS }
  GRAPH ?g {
    ?ann lex:mentionKind ?kind ; oa:hasBody ?body ; oa:hasTarget ?target .
    ?target oa:hasSource ?ptext ; oa:hasSelector ?quote .
    ?quote oa:exact ?exact .
  }
  OPTIONAL { ?body dcterms:type ?etype }
  OPTIONAL { ?body schema:startDate ?start }
  OPTIONAL { ?body schema:location ?place }
}
"""


_SHARED_KINDS = ("event", "period", "software")
_VOCABULARY_KINDS = ("actor", "place", "concept", "rule")
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(term: Node) -> str:
    """A term in N-Triples syntax, without rdflib's per-term checks (lexgraph's IRIs come
    from :mod:`lexgraph.iris`, and Oxigraph checks every term it loads).

    >>> _term(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> _term(Literal(3))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if type(term) is URIRef:
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = str(term).translate(_ESCAPE)
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None:
            return f'"{lexical}"^^<{term.datatype}>'
        return f'"{lexical}"'
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise StoreError(f"blank node {term} in a document graph (lexgraph mints no blank nodes)")


class Parts:
    """A sink for :func:`lexgraph.ingest.assemble_version` that files every triple, as
    N-Triples ``"s p o"``, in the part of a version it belongs to (see :func:`partition`),
    without building an rdflib graph: the corpus store's fast path."""

    def __init__(self, work: URIRef) -> None:
        self.own: list[str] = []
        self.work_level: list[str] = []
        self.shared: list[str] = []
        self._left_out: list[str] = []
        self._work = str(work)
        self._paragraph = self._work + "/para_"
        self._depth = self._work.count("/") + 1
        self._part: dict[str, list[str]] = {}  # subject in N-Triples -> its part

    def _part_of(self, subject: str) -> list[str]:
        if subject == self._work or (
            subject.startswith(self._paragraph) and subject.count("/") == self._depth
        ):
            return self.work_level
        entity = subject[len(_ID) :].split("/", 1)[0] if subject.startswith(_ID) else ""
        if entity in _SHARED_KINDS:
            return self.shared
        if entity in _VOCABULARY_KINDS or entity == "curated":
            return self._left_out
        return self.own

    def add(self, triple: tuple[Node, Node, Node], /) -> Parts:
        s, p, o = triple
        subject = _term(s)
        part = self._part.get(subject)
        if part is None:
            part = self._part[subject] = self._part_of(str(s))
        part.append(f"{subject} {_term(p)} {_term(o)}")
        return self

    def parts(self) -> tuple[list[str], list[str], list[str]]:
        """(own, work level, shared), each sorted and without repeats."""
        return sorted(set(self.own)), sorted(set(self.work_level)), sorted(set(self.shared))


def partition(graph: Graph, work: URIRef) -> tuple[list[str], list[str], list[str]]:
    """A version's triples, each as ``"s p o"`` in N-Triples syntax, in three parts: its
    own (the expression and what hangs from it, the source file, the ingest), the work
    level (the work and its paragraphs, shared by all versions), and the entities other
    documents may name too (meetings, periods, the software). Vocabulary entries are
    left out: the ontology graph holds them. In a store, each triple is then held once,
    whatever the number of documents that state it."""
    sink = Parts(work)
    for triple in graph:
        sink.add(triple)
    return sink.parts()


def _triples(lines: list[str]) -> str:
    return "".join(f"{line} .\n" for line in lines)


# --- reading and assembling, in worker processes ---------------------------------------

_T = TypeVar("_T")
_WORKER_VOCAB: Vocabulary | None = None  # the vocabulary of a worker process


class _Run(Protocol):
    """Start fn(*args); return what gives its value (or raises its error) when called."""

    def __call__(self, fn: Callable[..., _T], *args: object) -> Callable[[], _T]: ...


def _start_worker(vocab: Vocabulary) -> None:
    """Keep the vocabulary (inherited, not copied, where processes fork); leave Ctrl-C to
    the parent, which stops the pool; stop when the parent is gone (killed: nobody stops
    the pool then)."""
    global _WORKER_VOCAB
    _WORKER_VOCAB = vocab
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _read(path: Path, lang: str | None, vocab: Vocabulary | None = None) -> list[Document]:
    vocab = vocab or _WORKER_VOCAB
    assert vocab is not None
    return read_documents(path, vocab, lang)


def _assemble(
    x: Extraction,
    source: Source,
    version: str,
    work: URIRef,
    vocab: Vocabulary | None = None,
) -> tuple[str, str, str]:
    """A version's own, work-level and shared triples (see :func:`partition`), each as
    N-Triples text: three strings cross to the ingesting process faster than the lists
    of lines (a third of its time went to receiving them at 3,000 declarations)."""
    vocab = vocab or _WORKER_VOCAB
    assert vocab is not None
    sink = Parts(work)
    assemble_version(sink, x, source, vocab, version, work)
    own, work_level, shared = sink.parts()
    return _triples(own), _triples(work_level), _triples(shared)


@contextmanager
def _runner(jobs: int, vocab: Vocabulary) -> Iterator[_Run]:
    """Run tasks in ``jobs`` worker processes, or in this one (lazily, when asked for their
    value) when jobs is 1. Values are taken in the order tasks were started."""
    if jobs <= 1:

        def inline(fn: Callable[..., _T], *args: object) -> Callable[[], _T]:
            return functools.partial(fn, *args, vocab=vocab)

        yield inline
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(jobs, context, _start_worker, (vocab,))
    try:

        def submit(fn: Callable[..., _T], *args: object) -> Callable[[], _T]:
            return pool.submit(fn, *args).result

        yield submit
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _StoredKeys:
    """The (document type, date) keys of the works in a store, kept up to date during an
    ingest, so that a window asks the store for the known versions of its keys only when
    the store may hold some: that query scans every work, and asking it of every window
    made an ingest quadratic in the size of the store."""

    _WORKS = (
        "SELECT DISTINCT ?t ?d WHERE "
        "{ ?w a eli:LegalResource ; eli:type_document ?t ; eli:date_document ?d }"
    )

    def __init__(self, store: CorpusStore) -> None:
        rows = store.raw_query(self._WORKS)
        self.pairs = {(r["t"].value, r["d"].value) for r in rows}  # type: ignore[attr-defined]

    def add(self, keys: set[tuple[str, str]]) -> None:
        """Keys now stored (a work without type or date is never known: left out)."""
        self.pairs |= {(t, d) for t, d in keys if t and d}

    def matching(self, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """The keys that match a stored work; an empty part matches any, as UNDEF does in
        the query of :meth:`CorpusStore.known_versions`."""
        types = {t for t, _ in self.pairs}
        dates = {d for _, d in self.pairs}
        return {
            (t, d)
            for t, d in keys
            if (
                (t, d) in self.pairs
                if t and d
                else (t in types if t else d in dates if d else bool(self.pairs))
            )
        }


_Assembled = tuple[URIRef, URIRef, bool, str, str, str]
"""A version to write: expression, work, whether it is the work's only version, and its
own, work-level and shared triples as N-Triples text (see :func:`_assemble`)."""


def _forget_version(work: URIRef, expression: URIRef) -> str:
    """A SPARQL update that removes from the work's graph what links to one of its versions
    (the expression, and its paragraph texts ``{work}/para_n/{lang}``)."""
    w, lang = str(work), str(expression).rsplit("/", 1)[-1]
    return (
        f"DELETE {{ GRAPH <{w}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{w}> {{ ?s ?p ?o "
        f'FILTER (?o = <{expression}> || (isIRI(?o) && STRSTARTS(STR(?o), "{w}/para_") '
        f'&& STRENDS(STR(?o), "/{lang}"))) }} }}'
    )


def _write(store: CorpusStore, versions: list[_Assembled], replacing: bool) -> None:
    """Write a window's versions in one transaction: one SPARQL update when a graph is
    replaced, else one TriG load. (A store's first ingest streams to the bulk loader
    instead: see :class:`_Writes`.)"""
    shared_graph = _nt(SHARED_GRAPH)
    if not replacing:
        store.load_trig(_trig(versions))
        return
    # the meetings and periods the versions about to be replaced name: what may be left
    # unused in the shared graph once they are
    touched = _shared_named_by(store, [v[:2] for v in versions])
    updates: list[str] = []
    for expression, work, alone, own, work_level, shared in versions:
        g, w = _nt(expression), _nt(work)
        updates.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{own}}} }}")
        if alone:
            updates.append(f"DROP SILENT GRAPH {w}")
        else:  # the other versions' share of the work level stays; this version's is redone
            updates.append(_forget_version(work, expression))
        updates.append(f"INSERT DATA {{ GRAPH {w} {{\n{work_level}}} }}")
        if not alone:
            updates.append(_forget_unquoted(w))
            updates += _forget_unrealized(work)
        updates.append(f"INSERT DATA {{ GRAPH {shared_graph} {{\n{shared}}} }}")
    updates += _forget_unused_shared(touched)
    store.update(" ;\n".join(updates))


def _trig(versions: list[_Assembled]) -> str:
    """The versions' triples as TriG, each in its graph (the triples as the workers
    wrote them: nothing is rewritten line by line here)."""
    shared_graph = _nt(SHARED_GRAPH)
    return "".join(
        f"{_nt(expression)} {{\n{own}}}\n{_nt(work)} {{\n{work_level}}}\n"
        f"{shared_graph} {{\n{shared}}}\n"
        for expression, work, _, own, work_level, shared in versions
    )


class _Writes:
    """Where an ingest's windows go, one after the other: into a store being built, one
    bulk stream for them all (:meth:`CorpusStore.bulk_stream`), else (or for a window that
    replaces a version: the store must show what it replaces) a transaction each."""

    def __init__(self, store: CorpusStore) -> None:
        self.store = store
        self._stream: AbstractContextManager[Callable[[str], None]] | None = None
        self._write: Callable[[str], None] | None = None

    def __call__(self, versions: list[_Assembled], replacing: bool) -> None:
        if self.store.building and not replacing:
            if self._write is None:
                self._stream = self.store.bulk_stream()
                self._write = self._stream.__enter__()
            self._write(_trig(versions))
            return
        self.end()
        _write(self.store, versions, replacing)

    def end(self) -> None:
        """End the bulk stream, if any: what it carried is then in the store."""
        stream, self._stream, self._write = self._stream, None, None
        if stream is not None:
            stream.__exit__(None, None, None)


class _Written:
    """The versions that an ingest into an empty store has written so far, for the
    documents after them to be aligned with: what :meth:`CorpusStore.known_versions`
    would find, had the store not been filling through one bulk stream, which it cannot be
    read from."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], dict[str, Known]] = {}
        self._key_of: dict[str, tuple[str, str]] = {}  # expression: its work's key

    def add(self, expression: URIRef, work: URIRef, x: Extraction, key: tuple[str, str]) -> None:
        """A version written (x numbered as its work), in its work of the given key."""
        if not all(key):
            return  # a work without a type or a date is never looked up
        old = self._key_of.pop(str(expression), None)
        if old is not None:
            del self._by_key[old][str(expression)]
        # the same anchors recur in thousands of paragraphs: held once each (a tenth of the
        # memory of an ingest of 10,000 declarations went to copies of them)
        anchors = {
            n: {sys.intern(k): sys.intern(v) for k, v in found.items()}
            for n, found in anchors_of(x).items()
        }
        version = Version(
            x.lang,
            False,
            tuple(Anchors(p.number, p.text, anchors[p.number]) for p in x.paragraphs),
            str(expression),
        )
        if version.paragraphs:
            self._by_key.setdefault(key, {})[str(expression)] = Known(
                work, version, URIRef(key[0]), key[1]
            )
            self._key_of[str(expression)] = key

    def known(self, keys: set[tuple[str, str]]) -> list[Known]:
        """As :meth:`CorpusStore.known_versions`: an empty part of a key matches any."""
        found = [
            k
            for (t, d), versions in self._by_key.items()
            if any((not kt or kt == t) and (not kd or kd == d) for kt, kd in keys)
            for k in versions.values()
        ]
        return sorted(found, key=lambda k: (str(k.work), k.version.label))


def _shared_named_by(store: CorpusStore, graphs: list[tuple[URIRef, URIRef]]) -> list[str]:
    """The meetings and periods that the stored graphs of these versions and works name."""
    lexid = PREFIXES["lexid"]
    names = " ".join(sorted({_nt(g) for pair in graphs for g in pair}))
    rows = store.raw_query(
        f"SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?e }} "
        f'FILTER (isIRI(?e) && (STRSTARTS(STR(?e), "{lexid}event/") '
        f'|| STRSTARTS(STR(?e), "{lexid}period/"))) }}'
    )
    return sorted(f"<{r['e'].value}>" for r in rows)  # type: ignore[attr-defined]


def _forget_unquoted(work: str) -> str:
    """A SPARQL update that takes from a work's graph each meeting a paragraph refers to
    and each concept it is about that no version of the paragraph mentions any more (each
    version adds its own; a replaced version's old ones would stay).

    MINUS, not FILTER NOT EXISTS: Oxigraph evaluates the right side once, from the work's
    paragraphs, where it evaluated NOT EXISTS over every annotation of the store for each
    row (minutes at 10,000 declarations)."""
    dcterms, eli, oa = (PREFIXES[p] for p in ("dcterms", "eli", "oa"))
    return (
        f"DELETE {{ GRAPH {work} {{ ?para ?p ?x }} }} WHERE {{ GRAPH {work} {{ ?para ?p ?x "
        f"FILTER (?p IN (<{dcterms}references>, <{eli}is_about>)) }} MINUS {{ "
        f"GRAPH {work} {{ ?para <{eli}is_realized_by> ?text }} GRAPH ?g {{ "
        f"?target <{oa}hasSource> ?text . ?m <{oa}hasTarget> ?target ; <{oa}hasBody> ?x }} }} }}"
    )


def _forget_unrealized(work: URIRef) -> list[str]:
    """SPARQL updates that take out of a work's graph the paragraphs no version realizes
    any more (a replaced version was the last to have them: a longer text, re-ingested
    shorter), and what links to them there."""
    w, eli = _nt(work), PREFIXES["eli"]
    unrealized = (
        f"GRAPH {w} {{ ?para a <{eli}LegalResourceSubdivision> }} "
        f"MINUS {{ GRAPH {w} {{ ?para <{eli}is_realized_by> ?text }} }}"
    )
    return [
        f"DELETE {{ GRAPH {w} {{ ?s ?p ?para }} }} "
        f"WHERE {{ {unrealized} GRAPH {w} {{ ?s ?p ?para }} }}",
        f"DELETE {{ GRAPH {w} {{ ?para ?p ?o }} }} "
        f"WHERE {{ {unrealized} GRAPH {w} {{ ?para ?p ?o }} }}",
    ]


def _forget_unused_shared(touched: list[str]) -> list[str]:
    """SPARQL updates that take out of the shared graph what no stored version gives any
    more, among the meetings and periods ``touched`` that replaced versions named: those
    no document refers to, and each meeting name that no mention of the meeting quotes
    (every name of a meeting is the exact text of one of its mentions)."""
    if not touched:
        return []
    shared = _nt(SHARED_GRAPH)
    schema, oa = PREFIXES["schema"], PREFIXES["oa"]
    values = f"VALUES ?e {{ {' '.join(touched)} }}"
    return [
        f"DELETE {{ GRAPH {shared} {{ ?e ?p ?o }} }} WHERE {{ {values} "
        f"GRAPH {shared} {{ ?e ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }} FILTER (?g != {shared}) }} }}",
        f"DELETE {{ GRAPH {shared} {{ ?e <{schema}name> ?name }} }} WHERE {{ {values} "
        f"GRAPH {shared} {{ ?e <{schema}name> ?name }} BIND (STR(?name) AS ?key) MINUS {{ "
        f"{values} GRAPH ?g {{ ?m <{oa}hasBody> ?e ; <{oa}hasTarget> ?target . "
        f"?target <{oa}hasSelector> ?quote . ?quote <{oa}exact> ?exact }} "
        f"BIND (STR(?exact) AS ?key) }} }}",
    ]


@dataclass
class Summary:
    """What an ingest did."""

    files: int = 0
    documents: int = 0
    paragraphs: int = 0
    replaced: int = 0  # versions that were in the store already
    works: set[URIRef] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.files} files, {self.documents} documents ({len(self.works)} works, "
            f"{self.replaced} replaced), {self.paragraphs} paragraphs, "
            f"{len(self.warnings)} warnings"
        )


def ingest_files(
    store: CorpusStore,
    files: Sequence[Path],
    lang: str | None = None,
    vocab: Vocabulary | None = None,
    progress: Callable[[Path], None] | None = None,
    window: int = 50,
    jobs: int | None = None,
) -> Summary:
    """Ingest text files into the store, ``window`` files to a transaction.

    Within a window, documents are read, grouped with their other language versions
    (in the window or already stored) and written in one transaction (an N-Quads load
    when every graph is new, else one SPARQL update): a crash leaves every earlier window
    stored and this one absent, never part of a document.

    Reading, extracting and assembling run in ``jobs`` worker processes (default: one a
    CPU); grouping and writing stay here, in the order of ``files``, so that the same
    files give the same store whatever the number of jobs. A window is written (in a
    thread) while the next one is read and assembled, and each write waits for the one
    before: windows are stored in order, each whole or not at all.

    A first ingest of more than one window into an empty store streams every window to
    one bulk load instead (:meth:`CorpusStore.bulk_stream`), and aligns each document
    with the versions written before it from memory (:class:`_Written`); if it is
    interrupted, the store is emptied again when next opened.
    """
    vocab = vocab or Vocabulary.load()
    lang = check_language(lang)
    summary = Summary()
    store.load_vocabulary()
    existing = set(store.documents())
    if not existing and len(files) > window and hasattr(os, "mkfifo"):
        store.begin_build()  # a first ingest of many files: one bulk load
    stored_keys = _StoredKeys(store)
    remembered = _Written() if store.building else None
    writes = _Writes(store)
    version = _version("lexgraph")
    windows = [files[k : k + window] for k in range(0, len(files), window)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    writing: Future[None] | None = None  # the previous window's transaction
    written: set[tuple[str, str]] = set()  # the (type, date) keys of its documents
    try:
        with _runner(workers, vocab) as run, ThreadPoolExecutor(1) as writer:
            reading = [run(_read, path, lang) for path in windows[0]] if windows else []
            for index, chunk in enumerate(windows):
                documents: list[Document] = []
                for path, read in zip(chunk, reading, strict=True):
                    documents += read()
                    summary.files += 1
                    if progress is not None:
                        progress(path)
                keys = {_work_key(d.extraction) for d in documents}
                if remembered is not None:
                    known = remembered.known(keys)
                else:
                    if writing is not None and keys & written:
                        writing.result()  # a version of this window may translate one of the last
                    known = store.known_versions(stored_keys.matching(keys))
                stored_keys.add(keys)
                planned = list(plan(documents, known))
                assembling = [
                    run(_assemble, x, doc.source, version, work) for _, work, x, doc in planned
                ]
                following = windows[index + 1] if index + 1 < len(windows) else []
                reading = [run(_read, path, lang) for path in following]  # read ahead
                versions_of: dict[URIRef, set[str]] = {}
                for stored in known:
                    versions_of.setdefault(stored.work, set()).add(stored.version.label)
                assembled: list[_Assembled] = []
                replacing = False  # then one SPARQL update, else TriG loaded (much faster)
                for (expression, work, x, doc), parts in zip(planned, assembling, strict=True):
                    # the work's only version: its work-level triples are rebuilt, not added to
                    alone = versions_of.setdefault(work, set()) <= {str(expression)}
                    replacing |= expression in existing or (alone and bool(versions_of[work]))
                    versions_of[work].add(str(expression))
                    assembled.append((expression, work, alone, *parts()))
                    if remembered is not None:
                        remembered.add(expression, work, x, _work_key(doc.extraction))
                    summary.documents += 1
                    summary.paragraphs += len(doc.extraction.paragraphs)
                    summary.replaced += expression in existing
                    summary.works.add(work)
                    summary.warnings += doc.warnings
                    existing.add(expression)
                if writing is not None:
                    writing.result()  # windows are written one after the other, in order
                    writing = None
                if assembled:
                    writing = writer.submit(writes, assembled, replacing)
                written = keys
            if writing is not None:
                writing.result()
    except BaseException:
        # what the bulk stream carried goes in (a part of the ingest, which the next
        # opening of the store clears: it is still being built); the first error is told
        with suppress(StoreError):
            writes.end()
        raise
    writes.end()
    store.flush()
    if store.building:
        store.end_build()
    return summary


__all__ = [
    "CURATED_GRAPH",
    "DEFAULT_STORE",
    "FORMAT",
    "MARKER",
    "ONTOLOGY_GRAPH",
    "CorpusStore",
    "Parts",
    "StoreError",
    "Summary",
    "ingest_files",
    "ntriples",
    "to_rdflib",
]
