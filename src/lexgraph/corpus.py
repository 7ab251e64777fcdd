"""The corpus store: an embedded on-disk Oxigraph store, one named graph per document.

A store is a folder: ``lexgraph-store.json`` (what wrote it, and the store format) and
``oxigraph/`` (the database). Every language version of a document lives in the named
graph of its expression IRI (``{work}/{lang}``); the vocabulary of ``ontology/`` lives in
``lexid:graph/ontology`` and the curated facts in ``lexid:graph/curated``. Queries see
the union of all graphs as their default graph.

Writing a document's graph is one SPARQL update (``DROP SILENT GRAPH`` then
``INSERT DATA``), which Oxigraph applies in one transaction: a reader sees the old graph
or the new one, never a mix, and a crash in the middle leaves the old one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as _version
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from lexgraph import iris, paths
from lexgraph.align import _NUMBER, Anchors, Version
from lexgraph.errors import LexgraphError
from lexgraph.ingest import Known, check_language, graphs, read_documents
from lexgraph.lang import ISO639_3
from lexgraph.namespaces import PREFIXES
from lexgraph.store import load_graph
from lexgraph.textio import atomic_write
from lexgraph.vocabulary import Vocabulary

FORMAT = 1
"""The store format this lexgraph writes; it refuses to open a newer one."""

MARKER = "lexgraph-store.json"
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


def _to_rdflib(term: object, predicate: str | None = None) -> URIRef | Literal | BNode:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if predicate in RETYPED and datatype == _XSD + "integer":
            datatype = RETYPED[predicate]
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"unexpected term in a query result: {term!r}")


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

    def _write_marker(self) -> None:
        info = {"format": FORMAT, "lexgraph": _version("lexgraph")}
        atomic_write(self.path / MARKER, json.dumps(info, indent=2) + "\n")

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

    def load_quads(self, nquads: str) -> None:
        """Add N-Quads in one transaction."""
        try:
            self._store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(
                f"{self.path}: cannot write: {' '.join(str(e).split())[:200]}"
            ) from None

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
        self._store.flush()

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

    def query(self, sparql: str) -> Result:
        """Run SPARQL on the union of the graphs, as an rdflib result (for rendering)."""
        raw = self.raw_query(sparql)
        if isinstance(raw, bool):
            result = Result("ASK")
            result.askAnswer = raw
            return result
        if isinstance(raw, ox.QuerySolutions):
            names = [v.value for v in raw.variables]
            result = Result("SELECT")
            result.vars = [Variable(n) for n in names]
            result.bindings = [
                {Variable(n): _to_rdflib(row[n]) for n in names if row[n] is not None}
                for row in raw
            ]
            return result
        result = Result("CONSTRUCT")
        g = Graph()
        for t in raw:  # type: ignore[attr-defined]
            g.add(
                (
                    _to_rdflib(t.subject),
                    _to_rdflib(t.predicate),
                    _to_rdflib(t.object, t.predicate.value),
                )
            )
        result.graph = g
        return result

    def dump(self, fmt: str) -> bytes:
        """The store: ``nq``/``trig`` keep the named graphs; ``nt``/``turtle`` are the union.

        Literals of the properties in :data:`RETYPED` get their model datatype back.
        """
        if fmt in ("nq", "trig"):
            quads = _retype_lines(bytes(self._store.dump(format=ox.RdfFormat.N_QUADS) or b""))
            if fmt == "nq":
                return quads
            parsed = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
            out = ox.serialize(parsed, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))
            return bytes(out or b"")
        triples = self._store.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        assert isinstance(triples, ox.QueryTriples)
        lines = _retype_lines(bytes(triples.serialize(format=ox.RdfFormat.N_TRIPLES) or b""))
        if fmt == "nt":
            return lines
        parsed = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
        return bytes(
            ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)) or b""
        )

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
                        _to_rdflib(q.subject),
                        _to_rdflib(q.predicate),
                        _to_rdflib(q.object, q.predicate.value),
                    )
                )
        return g

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
        rows = self.raw_query(_KNOWN.replace("#VALUES", _values(keys)))
        texts: dict[tuple[str, str], dict[int, str]] = {}
        found: dict[tuple[str, str], dict[int, dict[str, str]]] = {}
        meta: dict[tuple[str, str], tuple[str, str]] = {}
        for row in rows:  # type: ignore[attr-defined]
            key = (row["work"].value, row["expr"].value)
            n = int(row["n"].value)
            texts.setdefault(key, {})[n] = row["text"].value
            meta[key] = (row["doctype"].value, row["date"].value)
            anchors = found.setdefault(key, {}).setdefault(n, {})
            kind = row["kind"]
            if kind is None:
                continue
            kind_key = kind.value.rsplit("/", 1)[-1]
            exact = row["exact"].value
            if kind_key == "meeting":
                parts = [
                    row[v].value.rsplit("/", 1)[-1]
                    for v in ("etype", "start", "place")
                    if row[v] is not None
                ]
                anchors.setdefault("meeting " + " ".join(parts), exact)
            elif row["body"] is not None:
                anchors.setdefault(f"{kind_key} {row['body'].value}", exact)
        out = []
        for (work, expr), by_number in sorted(texts.items()):
            paragraphs = []
            for n, text in sorted(by_number.items()):
                anchors = dict(found[(work, expr)].get(n, {}))
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
    return [k for k in store.known_versions(keys) if k.work == work]


def _values(keys: set[tuple[str, str]]) -> str:
    def cell(doctype: str, date: str) -> str:
        t = f"<{doctype}>" if doctype else "UNDEF"
        d = f'"{date}"^^xsd:date' if date else "UNDEF"
        return f"({t} {d})"

    rows = " ".join(cell(t, d) for t, d in sorted(keys))
    return f"VALUES (?doctype ?date) {{ {rows} }}"


_KNOWN = """
SELECT ?work ?expr ?doctype ?date ?n ?text ?kind ?body ?exact ?etype ?start ?place WHERE {
  #VALUES
  ?work a eli:LegalResource ; eli:type_document ?doctype ; eli:date_document ?date ;
        eli:is_realized_by ?expr .
  ?expr dcterms:hasPart ?ptext .
  ?ptext eli:realizes ?para ; schema:text ?text .
  ?para eli:number ?n .
  OPTIONAL {
    ?ann oa:hasTarget ?target ; lex:mentionKind ?kind ; oa:hasBody ?body .
    ?target oa:hasSource ?ptext ; oa:hasSelector ?quote .
    ?quote oa:exact ?exact .
    OPTIONAL { ?body dcterms:type ?etype }
    OPTIONAL { ?body schema:startDate ?start }
    OPTIONAL { ?body schema:location ?place }
  }
}
"""


_SHARED_KINDS = ("event", "period", "software")
_VOCABULARY_KINDS = ("actor", "place", "concept", "rule")


def partition(graph: Graph, work: URIRef) -> tuple[list[str], list[str], list[str]]:
    """A version's triples, each as ``"s p o"`` in N-Triples syntax, in three parts: its
    own (the expression and what hangs from it, the source file, the ingest), the work
    level (the work and its paragraphs, shared by all versions), and the entities other
    documents may name too (meetings, periods, the software). Vocabulary entries are
    left out: the ontology graph holds them. In a store, each triple is then held once,
    whatever the number of documents that state it."""
    own: list[str] = []
    work_level: list[str] = []
    shared: list[str] = []
    w = str(work)
    depth = w.count("/") + 1
    for s, p, o in graph:
        subject = str(s)
        line = f"{_nt(s)} {_nt(p)} {_nt(o)}"  # type: ignore[arg-type]
        if subject == w or (subject.startswith(w + "/para_") and subject.count("/") == depth):
            work_level.append(line)
            continue
        entity = subject[len(_ID) :].split("/", 1)[0] if subject.startswith(_ID) else ""
        if entity in _SHARED_KINDS:
            shared.append(line)
        elif entity in _VOCABULARY_KINDS or entity == "curated":
            continue
        else:
            own.append(line)
    return sorted(own), sorted(work_level), sorted(shared)


def _triples(lines: list[str]) -> str:
    return "".join(f"{line} .\n" for line in lines)


def _quads(lines: list[str], graph: str) -> str:
    return "".join(f"{line} {graph} .\n" for line in lines)


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
) -> Summary:
    """Ingest text files into the store, ``window`` files to a transaction.

    Within a window, documents are read, grouped with their other language versions
    (in the window or already stored) and written in one SPARQL update: a crash leaves
    every earlier window stored and this one absent, never part of a document.
    """
    vocab = vocab or Vocabulary.load()
    lang = check_language(lang)
    summary = Summary()
    store.load_vocabulary()
    existing = set(store.documents())
    for k in range(0, len(files), window):
        chunk = files[k : k + window]
        documents = []
        for path in chunk:
            documents += read_documents(path, vocab, lang)
            summary.files += 1
            if progress is not None:
                progress(path)
        keys = {(str(d.extraction.doctype or ""), d.extraction.date or "") for d in documents}
        known = store.known_versions(keys)
        versions_of: dict[URIRef, set[str]] = {}
        for stored in known:
            versions_of.setdefault(stored.work, set()).add(stored.version.label)
        updates: list[str] = []  # for graphs that replace others: one SPARQL update
        quads: list[str] = []  # for new graphs only: one N-Quads load (much faster)
        replacing = False
        shared_graph = _nt(SHARED_GRAPH)
        for expression, work, graph, doc in graphs(documents, vocab, known, False):
            own, work_level, shared = partition(graph, work)
            g, w = _nt(expression), _nt(work)
            updates.append(
                f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{_triples(own)}}} }}"
            )
            replacing |= expression in existing
            if versions_of.setdefault(work, set()) <= {str(expression)}:
                # the work's only version: its work-level triples are rebuilt, not added to
                updates.append(f"DROP SILENT GRAPH {w}")
                replacing |= bool(versions_of[work])
            versions_of[work].add(str(expression))
            updates.append(f"INSERT DATA {{ GRAPH {w} {{\n{_triples(work_level)}}} }}")
            updates.append(f"INSERT DATA {{ GRAPH {shared_graph} {{\n{_triples(shared)}}} }}")
            quads += [_quads(own, g), _quads(work_level, w), _quads(shared, shared_graph)]
            summary.documents += 1
            summary.paragraphs += len(doc.extraction.paragraphs)
            summary.replaced += expression in existing
            summary.works.add(work)
            summary.warnings += doc.warnings
            existing.add(expression)
        if replacing:
            store.update(" ;\n".join(updates))
        elif quads:
            store.load_quads("".join(quads))
    store.flush()
    return summary


__all__ = [
    "CURATED_GRAPH",
    "DEFAULT_STORE",
    "FORMAT",
    "MARKER",
    "ONTOLOGY_GRAPH",
    "CorpusStore",
    "StoreError",
    "Summary",
    "ingest_files",
    "ntriples",
]
