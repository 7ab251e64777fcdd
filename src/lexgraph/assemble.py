"""Turn what extraction found into RDF, after the templates of docs/model.md.

The third stage of the pipeline. Every IRI comes from :mod:`lexgraph.iris`; every term
from :mod:`lexgraph.namespaces`. No blank node is created.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _rdflib_ns
from rdflib.term import Node

from lexgraph import iris
from lexgraph import namespaces as _ns
from lexgraph.errors import InputError
from lexgraph.extract import Extraction, Mention
from lexgraph.lang import ISO639_3
from lexgraph.namespaces import EUVOC_LANG, PREFIXES
from lexgraph.vocabulary import Vocabulary


class Sink(Protocol):
    """Where assembled triples go: an rdflib :class:`~rdflib.Graph`, or a lighter
    collector (the corpus store writes N-Quads lines without building a graph)."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object: ...


class _Terms:
    """The terms of a namespace, each made once: rdflib's closed namespaces make and check
    a new URIRef at every attribute access, which showed in the ingest profile."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = URIRef(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


DCAT, DCTERMS, PROV = (_Terms(n) for n in (_rdflib_ns.DCAT, _rdflib_ns.DCTERMS, _rdflib_ns.PROV))
RDF, RDFS, SDO, XSD = (
    _Terms(n) for n in (_rdflib_ns.RDF, _rdflib_ns.RDFS, _rdflib_ns.SDO, _rdflib_ns.XSD)
)
ELI, LEX, OA, SPDX = (_Terms(n) for n in (_ns.ELI, _ns.LEX, _ns.OA, _ns.SPDX))

_MOTIVATION = {
    "principle": OA.classifying,
    "topic": OA.classifying,
    "speech-act": OA.classifying,
    "editorial-note": OA.commenting,
}


@dataclass(frozen=True)
class Source:
    """The file a text was read from."""

    name: str
    sha256: str
    size: int


def new_graph() -> Graph:
    """An empty graph with every prefix of lexgraph bound."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in sorted(PREFIXES.items()):
        g.bind(prefix, ns)
    return g


@functools.lru_cache(maxsize=4096)
def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


@functools.lru_cache(maxsize=65536)
def _count(value: int) -> Literal:
    """An offset or a size (made once: a document has thousands, many alike)."""
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _position(g: Sink, node: URIRef, start: int, end: int) -> None:
    g.add((node, RDF.type, OA.TextPositionSelector))
    g.add((node, OA.start, _count(start)))
    g.add((node, OA.end, _count(end)))


def _mention(g: Sink, ptext: URIRef, m: Mention, lang: str) -> None:
    ann = iris.mention_iri(ptext, m.kind, m.start, m.end)
    target, quote, position = (iris.part_iri(ann, p) for p in ("target", "quote", "position"))
    g.add((ann, RDF.type, OA.Annotation))
    g.add((ann, OA.motivatedBy, _MOTIVATION.get(m.kind, OA.identifying)))
    g.add((ann, LEX.mentionKind, iris.concept_iri("mention-kind", m.kind)))
    if m.body is not None:
        g.add((ann, OA.hasBody, m.body))
    if m.note is not None:
        g.add((ann, OA.bodyValue, Literal(m.note)))
    g.add((ann, OA.hasTarget, target))
    g.add((ann, LEX.extractedBy, iris.rule_iri(m.rule)))
    if m.label is not None:
        g.add((ann, LEX.matchedLabel, Literal(m.label, lang=lang)))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, ptext))
    g.add((target, OA.hasSelector, quote))
    g.add((target, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(m.exact)))
    g.add((quote, OA.prefix, Literal(m.prefix)))
    g.add((quote, OA.suffix, Literal(m.suffix)))
    _position(g, position, m.start, m.end)


def document(
    g: Sink,
    x: Extraction,
    source: Source,
    vocab: Vocabulary,
    build: URIRef,
    work: URIRef | None = None,
) -> URIRef:
    """Add one document's triples to g; return its work IRI.

    ``work`` names the work when x is one language version of a work already named
    (:mod:`lexgraph.align`); by default it is minted from x's type, date and title.
    """
    lang, code = x.lang, ISO639_3[x.lang]
    if work is None:
        work = work_of(x, source)
    expr = iris.expression_iri(work, code)
    src = iris.source_iri(source.sha256)
    checksum = iris.part_iri(src, "checksum")
    language = EUVOC_LANG[code.upper()]

    g.add((work, RDF.type, ELI.LegalResource))
    if x.doctype:
        g.add((work, ELI.type_document, x.doctype))
    if x.date:
        g.add((work, ELI.date_document, _date(x.date)))
    if x.author:
        g.add((work, ELI.passed_by, x.author))
        g.add((work, LEX.extractedBy, iris.rule_iri("chapeau-subject")))
    if x.place:
        g.add((work, SDO.locationCreated, x.place))
    if x.framework_event:
        g.add((work, LEX.adoptedAt, x.framework_event))
    if x.symbol:
        g.add((work, ELI.id_local, Literal(x.symbol)))
    g.add((work, ELI.is_realized_by, expr))

    g.add((expr, RDF.type, ELI.LegalExpression))
    g.add((expr, ELI.realizes, work))
    g.add((expr, ELI.language, language))
    if x.title:
        g.add((expr, ELI.title, Literal(x.title, lang=lang)))
    g.add((expr, PROV.wasDerivedFrom, src))
    g.add((expr, PROV.wasGeneratedBy, build))

    g.add((src, RDF.type, PROV.Entity))
    g.add((src, DCTERMS.title, Literal(source.name)))
    g.add((src, DCTERMS.format, Literal("text/plain")))
    g.add((src, DCAT.byteSize, _count(source.size)))
    g.add((src, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(source.sha256)))
    g.add((build, PROV.used, src))

    for p in x.paragraphs:
        para = iris.paragraph_iri(work, p.number)
        ptext = iris.paragraph_text_iri(work, p.number, code)
        g.add((work, ELI.has_part, para))
        g.add((para, RDF.type, ELI.LegalResourceSubdivision))
        g.add((para, ELI.number, Literal(str(p.number))))
        g.add((para, SDO.position, Literal(p.position)))
        g.add((para, LEX.paragraphKind, iris.concept_iri("paragraph-kind", x.kinds[p.number])))
        g.add((para, ELI.is_part_of, work))
        g.add((para, ELI.is_realized_by, ptext))
        for concept in x.about(p.number):
            g.add((para, ELI.is_about, concept))
        for event in x.references(p.number):
            g.add((para, DCTERMS.references, event))
        for instrument in x.cites(p.number):
            g.add((para, ELI.cites, instrument))

        g.add((expr, DCTERMS.hasPart, ptext))
        g.add((ptext, RDF.type, ELI.LegalExpression))
        g.add((ptext, ELI.realizes, para))
        g.add((ptext, ELI.language, language))
        g.add((ptext, DCTERMS.isPartOf, expr))
        g.add((ptext, SDO.text, Literal(p.text, lang=lang)))
        if p.printed is not None and p.printed != p.number:
            g.add((ptext, LEX.printedNumber, Literal(str(p.printed))))
        g.add((ptext, LEX.extractedBy, iris.rule_iri("segmenter")))
        source_sel = iris.part_iri(ptext, "source")
        g.add((ptext, LEX.sourceSelector, source_sel))
        _position(g, source_sel, p.source_start, p.source_end)

    for c in x.clauses:
        ptext = iris.paragraph_text_iri(work, c.paragraph, code)
        clause = iris.clause_iri(ptext, c.index)
        act = iris.part_iri(clause, "act")
        position = iris.part_iri(clause, "position")
        g.add((ptext, DCTERMS.hasPart, clause))
        g.add((clause, RDF.type, LEX.Clause))
        g.add((clause, DCTERMS.isPartOf, ptext))
        g.add((clause, SDO.position, Literal(c.index)))
        g.add((clause, SDO.text, Literal(c.text, lang=lang)))
        g.add((clause, LEX.textSelector, position))
        _position(g, position, c.start, c.end)
        if c.verb is not None:
            g.add((clause, LEX.verb, Literal(c.verb, lang=lang)))
        if c.governed_by is not None:
            lead_text = iris.paragraph_text_iri(work, c.governed_by[0], code)
            g.add((clause, LEX.governedBy, iris.clause_iri(lead_text, c.governed_by[1])))
            g.add((act, LEX.extractedBy, iris.rule_iri("list-item")))
        if c.standard_form:
            g.add((clause, LEX.standardForm, Literal(c.standard_form, lang=lang)))
        g.add((clause, LEX.expresses, act))
        g.add((act, RDF.type, LEX.SpeechAct))
        g.add((act, LEX.semantics, c.act))
        if x.author:
            g.add((act, LEX.proponent, x.author))
        if c.receiver:
            g.add((act, LEX.receiver, c.receiver))
            g.add((act, LEX.extractedBy, iris.rule_iri("directive-addressee")))

    for meeting in x.meetings:
        ev = meeting.iri
        g.add((ev, RDF.type, SDO.Event))
        g.add((ev, DCTERMS.type, meeting.event_type))
        g.add((ev, SDO.name, Literal(meeting.name, lang=lang)))
        if meeting.first and meeting.last:
            g.add((ev, SDO.startDate, _date(meeting.first)))
            g.add((ev, SDO.endDate, _date(meeting.last)))
        if meeting.place:
            g.add((ev, SDO.location, meeting.place))

    # the mentions in paragraphs, then those in lines outside them (a dateline, a closing
    # line), whose source is the file
    spans = [(m, iris.paragraph_text_iri(work, m.paragraph, code)) for m in x.mentions]
    spans += [(m, src) for m in x.line_mentions]
    for m, text in spans:
        _mention(g, text, m, lang)
        if m.kind == "date" and m.body is not None:
            _, start, end = str(m.body).rsplit("/", 2)
            g.add((m.body, RDF.type, DCTERMS.PeriodOfTime))
            g.add((m.body, DCAT.startDate, _date(start)))
            g.add((m.body, DCAT.endDate, _date(end)))
    return work


def work_of(x: Extraction, source: Source) -> URIRef:
    """The work IRI minted from what the text says of itself: type, place, date, title."""
    doctype_key = str(x.doctype).rsplit("/", 1)[-1] if x.doctype else "document"
    place_key = str(x.place).rsplit("/", 1)[-1] if x.place else None
    return iris.work_iri(doctype_key, x.date, x.title or source.name, place_key)


def vocabulary_used(g: Graph, vocab: Vocabulary) -> None:
    """Copy in the vocabulary's description of every entry, concept and rule g names."""
    prefix = str(iris.entity_iri("x"))[:-1]
    described = {
        s for s in vocab.graph.subjects() if isinstance(s, URIRef) and str(s).startswith(prefix)
    }
    named = {o for o in g.objects() if isinstance(o, URIRef) and o in described}
    g += vocab.describe(sorted(named))


def provenance(g: Sink, build: URIRef, version: str) -> None:
    """The build activity and the software that ran it."""
    agent = iris.software_iri(version)
    g.add((build, RDF.type, PROV.Activity))
    g.add((build, PROV.wasAssociatedWith, agent))
    g.add((build, RDFS.label, Literal(f"lexgraph {version} build", lang="en")))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"lexgraph {version}")))
    g.add((agent, SDO.softwareVersion, Literal(version)))


def curated(g: Graph, path: Path) -> None:
    """Add the reviewed facts of data/curated.toml, each with its statement and source."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read curated facts: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: {e}") from None
    for i, fact in enumerate(data.get("fact", []), start=1):
        try:
            s = _resolve(fact["subject"])
            p = _resolve(fact["predicate"])
            if "object" in fact:
                o: URIRef | Literal = _resolve(fact["object"])
            else:
                dt = _resolve(fact["datatype"]) if "datatype" in fact else None
                o = Literal(fact["value"], lang=fact.get("lang"), datatype=dt)
            source = fact["source"]
        except KeyError as e:
            raise InputError(f"{path}: fact {i} lacks {e.args[0]!r}") from None
        except ValueError as e:
            raise InputError(f"{path}: fact {i}: {e}") from None
        stmt = iris.curated_iri(s, p, o.n3())
        g.add((s, p, o))
        g.add((stmt, RDF.type, RDF.Statement))
        g.add((stmt, RDF.subject, s))
        g.add((stmt, RDF.predicate, p))
        g.add((stmt, RDF.object, o))
        g.add((stmt, DCTERMS.source, Literal(source)))


def _resolve(name: str) -> URIRef:
    """A CURIE of a lexgraph prefix, a full IRI, or a path under lexid:."""
    if name.startswith(("http://", "https://")):
        return URIRef(name)
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    iris.parse(PREFIXES["lexid"] + name)
    return URIRef(PREFIXES["lexid"] + name)


__all__ = [
    "Sink",
    "Source",
    "curated",
    "document",
    "new_graph",
    "provenance",
    "vocabulary_used",
    "work_of",
]
