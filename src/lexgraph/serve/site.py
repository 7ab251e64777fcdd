"""What the pages show, read from the graph with SPARQL (nothing is re-extracted).

:class:`Site` wraps the loaded graph. It lists the documents, assembles the reading view
of one document (paragraphs with their mentions, clauses, facets and a timeline) and
describes any resource for its page (properties, incoming links, every place in the text
that mentions it, links into other datasets).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SDO, SKOS
from rdflib.term import Literal, Node, URIRef

from lexgraph.namespaces import ELI, ID, PREFIXES
from lexgraph.query import shorten

FACETS: tuple[tuple[str, str], ...] = (
    ("speech-act", "Speech acts"),
    ("principle", "Principles"),
    ("topic", "Topics"),
    ("actor", "Actors"),
    ("meeting", "Meetings"),
    ("instrument", "Instruments cited"),
)
"""The facet panel's groups: key and heading."""

KINDS: dict[str, str] = {
    "speech-act": "speech act",
    "actor": "actor",
    "meeting": "meeting",
    "place": "place",
    "date": "date",
    "principle": "principle",
    "topic": "topic",
    "instrument": "instrument",
    "editorial-note": "editorial note",
}
"""Mention kinds (``lexid:concept/mention-kind/...``) and how the page names them."""

LINK_PREDICATES: tuple[URIRef, ...] = (
    OWL.sameAs,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    RDFS.seeAlso,
)
"""Predicates whose objects outside lexgraph are shown as links into other datasets."""

_LABELS: tuple[URIRef, ...] = (
    RDFS.label,
    SKOS.prefLabel,
    SDO.name,
    ELI.title,
    DCTERMS.title,
)
_MENTION_KIND = str(ID) + "concept/mention-kind/"


def local_path(iri: str) -> str | None:
    """The server path of an IRI lexgraph mints (``/id/...``), or None for other IRIs.

    >>> local_path("https://w3id.org/lexgraph/id/place/lima")
    '/id/place/lima'
    >>> local_path("http://www.wikidata.org/entity/Q2868") is None
    True
    """
    return "/id/" + iri[len(str(ID)) :] if iri.startswith(str(ID)) else None


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: its local page, the IRI itself when it is http(s)."""
    local = local_path(iri)
    if local is not None:
        return local
    if iri.startswith(("http://", "https://")):
        return iri
    return None  # never a javascript: or data: link from the data


def language_code(expression: str, literal: Node | None = None) -> str:
    """The three-letter code of an expression (``.../para_2/fra`` -> ``fra``)."""
    last = expression.rstrip("/").rsplit("/", 1)[-1]
    if len(last) == 3 and last.isalpha():
        return last
    if isinstance(literal, Literal) and literal.language:
        return literal.language
    return "und"


@dataclass
class MeetingLine:
    """A meeting on the home page's timeline: its name, days, place and the documents
    (IRI, title) that name it."""

    iri: str
    name: str
    first: str | None
    last: str | None
    place: str | None
    documents: list[tuple[str, str]]


@dataclass
class Mention:
    iri: str
    kind: str
    start: int
    end: int
    exact: str
    body: str | None
    label: str
    note: str | None = None

    @property
    def tip(self) -> str:
        name = KINDS.get(self.kind, self.kind)
        if self.body is None:
            return f"{name}: {self.note or self.exact}"
        return f"{name}: {self.label}"


@dataclass
class Clause:
    iri: str
    position: int
    start: int | None
    end: int | None
    verb: str | None
    act: str | None
    act_label: str | None
    receiver: str | None
    receiver_label: str | None
    lead_in: int | None = None  # a list item's: the paragraph whose verb it completes


@dataclass
class Mark:
    """A highlighted span: a mention or a clause, with what it contains."""

    item: Mention | Clause
    children: list[str | Mark]

    @property
    def is_clause(self) -> bool:
        return isinstance(self.item, Clause)


@dataclass
class ParagraphText:
    iri: str
    lang: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)

    def marked(self) -> list[str | Mark]:
        """The text cut into plain runs and nested highlighted spans."""
        items: list[Mention | Clause] = [*self.clauses, *self.mentions]
        located = [i for i in items if i.start is not None and i.end is not None]
        return nest(self.text, located, 0, len(self.text))


@dataclass
class Paragraph:
    iri: str
    number: str
    position: int
    kind: str
    printed: str = ""  # the number the text prints, where it is not the paragraph's number
    texts: dict[str, ParagraphText] = field(default_factory=dict)
    facets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def facet_tokens(self) -> str:
        """``kind=iri`` tokens, space-separated, for the client-side filter."""
        return " ".join(sorted(f"{k}={v}" for k, values in self.facets.items() for v in values))


@dataclass
class FacetValue:
    iri: str
    label: str
    count: int


@dataclass
class TimelineItem:
    iri: str
    label: str
    start: date
    end: date
    is_document: bool = False
    place: str | None = None


@dataclass
class Document:
    iri: str
    title: str
    date: str | None
    languages: list[str]
    titles: dict[str, str]
    paragraphs: list[Paragraph]
    facets: dict[str, list[FacetValue]]
    timeline: list[TimelineItem]


def _start(item: Mention | Clause) -> int:
    return item.start if item.start is not None else 0


def _end(item: Mention | Clause) -> int:
    return item.end if item.end is not None else 0


def nest(text: str, items: Sequence[Mention | Clause], lo: int, hi: int) -> list[str | Mark]:
    """Cut ``text[lo:hi]`` into runs and marks; a span that crosses another is clipped.

    >>> m = Mention("m", "place", 2, 5, "ima", "x", "X")
    >>> nest("a Lima b", [m], 0, 8)
    ['a ', Mark(item=Mention(iri='m', ...), children=['Lim']), 'a b']
    """
    ordered = sorted(items, key=lambda i: (_start(i), -_end(i), not isinstance(i, Clause)))
    out: list[str | Mark] = []
    pos = lo
    for index, item in enumerate(ordered):
        start, end = max(_start(item), lo), min(_end(item), hi)
        if start < pos or start >= end:
            continue  # inside an earlier span (handled there) or empty after clipping
        if start > pos:
            out.append(text[pos:start])
        inner = [i for i in ordered[index + 1 :] if _start(i) < end and _start(i) >= start]
        out.append(Mark(item, nest(text, inner, start, end)))
        pos = end
    if pos < hi:
        out.append(text[pos:hi])
    return out


def _date(value: Node | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_WHERE = re.compile(r"WHERE\s*\{")


class Site:
    """The graph behind the pages; every method is safe to call from several threads."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        # a corpus store seen through oxrdflib: its queries run in Oxigraph
        self.native = type(graph.store).__name__ == "OxigraphStore"
        self._lock = threading.RLock()
        self._documents: dict[str, Document] = {}
        self._labels: dict[str, str] = {}

    # --- helpers ------------------------------------------------------------------------

    def select(self, sparql: str, bindings: Mapping[str, URIRef] | None = None) -> list[Any]:
        if bindings and self.native:
            # Oxigraph substitutes only projected variables: bind the others with VALUES
            names = " ".join(f"?{k}" for k in bindings)
            row = " ".join(v.n3() for v in bindings.values())
            values = f"WHERE {{ VALUES ({names}) {{ ({row}) }} "
            sparql = _WHERE.sub(lambda _: values, sparql, count=1)
            bindings = None
        with self._lock:
            result = self.graph.query(sparql, initNs=PREFIXES, initBindings=bindings or {})
            return list(result)

    def label(self, iri: str | Node, lang: str = "en") -> str:
        """The best label of a resource: English first, then any; else its short name."""
        key = str(iri)
        if key in self._labels:
            return self._labels[key]
        subject = URIRef(key)
        found: str | None = None
        with self._lock:
            for predicate in _LABELS:
                values = [
                    o for o in self.graph.objects(subject, predicate) if isinstance(o, Literal)
                ]
                if not values:
                    continue
                preferred = [v for v in values if v.language == lang] or sorted(values, key=str)
                found = str(preferred[0])
                break
        if found is None:
            with self._lock:
                number = self.graph.value(subject, ELI.number)
            if number is not None:  # a paragraph, or its text in one language
                found = f"paragraph {number}"
                if not key.endswith(f"/para_{number}"):
                    found += " (" + key.rsplit(f"/para_{number}/", 1)[-1] + ")"
        result = found or shorten(key)
        self._labels[key] = result
        return result

    def knows(self, iri: str) -> bool:
        """Whether the graph has any triple with ``iri`` as subject or object."""
        node = URIRef(iri)
        with self._lock:
            return (node, None, None) in self.graph or (None, None, node) in self.graph

    def neighbours(self, iri: str, limit: int = 12) -> list[str]:
        """Known lexgraph IRIs that share the longest path prefix with ``iri``."""
        with self._lock:
            known = {str(s) for s in self.graph.subjects() if str(s).startswith(str(ID))}
        parts = iri.split("/")
        for cut in range(len(parts) - 1, 4, -1):
            prefix = "/".join(parts[:cut]) + "/"
            close = [k for k in known if k.startswith(prefix)]
            if close:
                # the most similar first, so that a typo finds its intended IRI
                close.sort(key=lambda k: (-SequenceMatcher(None, k, iri).ratio(), k))
                return close[:limit]
        return []

    # --- documents ----------------------------------------------------------------------

    def documents(self) -> list[tuple[str, str, str | None]]:
        """Every work the graph holds a text of: IRI, title, date. Not the instruments the
        vocabulary describes (ontology/instruments.ttl), which have no expression here."""
        rows = self.select(
            "SELECT DISTINCT ?work ?date WHERE { ?work a eli:LegalResource ; "
            "eli:is_realized_by ?expression . "
            "OPTIONAL { ?work eli:date_document ?date } } ORDER BY ?date ?work"
        )
        return [
            (str(r.work), self.document_title(str(r.work)), r.date and str(r.date)) for r in rows
        ]

    def meetings(self) -> list[MeetingLine]:
        """Every meeting a document was adopted at or refers to, by its first day (undated
        ones last), with the documents that name it: a timeline of the corpus."""
        rows = self.select(
            """SELECT DISTINCT ?event ?start ?end ?place ?work WHERE {
                 ?event a schema:Event .
                 { ?work lex:adoptedAt ?event } UNION
                 { ?para dcterms:references ?event ; eli:is_part_of ?work }
                 OPTIONAL { ?event schema:startDate ?start }
                 OPTIONAL { ?event schema:endDate ?end }
                 OPTIONAL { ?event schema:location ?place }
               }"""
        )
        lines: dict[str, MeetingLine] = {}
        titles: dict[str, str] = {}  # each work's title, looked up once
        for r in rows:
            event = str(r.event)
            if event not in lines:
                place = self.label(r.place) if r.place is not None else None
                first = str(r.start) if r.start is not None else None
                last = str(r.end) if r.end is not None else None
                lines[event] = MeetingLine(event, self.label(event), first, last, place, [])
            works = lines[event].documents
            iri = str(r.work)
            if iri not in titles:
                titles[iri] = self.document_title(iri)
            work = (iri, titles[iri])
            if work not in works:
                works.append(work)
        for line in lines.values():
            line.documents.sort(key=lambda w: (w[1], w[0]))
        return sorted(lines.values(), key=lambda m: (m.first is None, m.first or "", m.iri))

    def document_title(self, work: str) -> str:
        rows = self.select(
            "SELECT ?title WHERE { ?work eli:is_realized_by ?e . ?e eli:title ?title } "
            "ORDER BY ?e ?title",
            {"work": URIRef(work)},
        )
        return str(rows[0].title) if rows else self.label(work)

    def is_document(self, iri: str) -> bool:
        with self._lock:
            work = URIRef(iri)
            return (work, RDF.type, ELI.LegalResource) in self.graph and (
                work,
                ELI.is_realized_by,
                None,
            ) in self.graph

    def document(self, work: str) -> Document:
        """The reading view of one work (computed once; the graph does not change)."""
        with self._lock:
            if work not in self._documents:
                self._documents[work] = self._document(work)
            return self._documents[work]

    def _document(self, work: str) -> Document:
        w = {"work": URIRef(work)}
        paragraphs: dict[str, Paragraph] = {}
        texts: dict[str, ParagraphText] = {}
        for r in self.select(
            """SELECT ?para ?number ?position ?kind ?text ?body ?printed WHERE {
                 ?para eli:is_part_of ?work ; eli:number ?number ; schema:position ?position .
                 OPTIONAL { ?para lex:paragraphKind ?kind }
                 OPTIONAL { ?para eli:is_realized_by ?text . ?text schema:text ?body
                            OPTIONAL { ?text lex:printedNumber ?printed } }
               }""",
            w,
        ):
            para = str(r.para)
            if para not in paragraphs:
                kind = self.label(r.kind) if r.kind is not None else ""
                paragraphs[para] = Paragraph(para, str(r.number), int(r.position), kind)
            if r.printed is not None:
                paragraphs[para].printed = str(r.printed)
            if r.text is not None:
                lang = language_code(str(r.text), r.body)
                t = ParagraphText(str(r.text), lang, str(r.body))
                paragraphs[para].texts[lang] = t
                texts[str(r.text)] = t
        by_text = {iri: p for p in paragraphs.values() for iri in (t.iri for t in p.texts.values())}

        for r in self.select(
            """SELECT ?text ?m ?kind ?start ?end ?exact ?body ?note WHERE {
                 ?para eli:is_part_of ?work ; eli:is_realized_by ?text .
                 ?m a oa:Annotation ; lex:mentionKind ?kind ; oa:hasTarget ?t .
                 ?t oa:hasSource ?text ; oa:hasSelector ?ps .
                 ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
                 OPTIONAL { ?t oa:hasSelector ?qs . ?qs oa:exact ?exact }
                 OPTIONAL { ?m oa:hasBody ?body }
                 OPTIONAL { ?m oa:bodyValue ?note }
               }""",
            w,
        ):
            kind = str(r.kind).removeprefix(_MENTION_KIND)
            body = str(r.body) if r.body is not None else None
            mention = Mention(
                str(r.m),
                kind,
                int(r.start),
                int(r.end),
                str(r.exact or ""),
                body,
                self.label(body) if body else "",
                str(r.note) if r.note is not None else None,
            )
            texts[str(r.text)].mentions.append(mention)
            if body and kind in ("actor", "meeting", "instrument"):
                by_text[str(r.text)].facets[kind].add(body)

        for r in self.select(
            """SELECT ?text ?clause ?k ?start ?end ?verb ?lead ?semantics ?receiver WHERE {
                 ?para eli:is_part_of ?work ; eli:is_realized_by ?text .
                 ?clause a lex:Clause ; dcterms:isPartOf ?text ; schema:position ?k .
                 OPTIONAL { ?clause lex:textSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
                 OPTIONAL { ?clause lex:verb ?verb }
                 OPTIONAL { ?clause lex:governedBy ?governor .
                            ?governor lex:verb ?verb ;
                                dcterms:isPartOf/eli:realizes/eli:number ?lead }
                 OPTIONAL { ?clause lex:expresses ?act . ?act lex:semantics ?semantics .
                            OPTIONAL { ?act lex:receiver ?receiver } }
               }""",
            w,
        ):
            act = str(r.semantics) if r.semantics is not None else None
            receiver = str(r.receiver) if r.receiver is not None else None
            clause = Clause(
                str(r.clause),
                int(r.k),
                int(r.start) if r.start is not None else None,
                int(r.end) if r.end is not None else None,
                str(r.verb) if r.verb is not None else None,
                act,
                self.label(act) if act else None,
                receiver,
                self.label(receiver) if receiver else None,
                int(r.lead) if r.lead is not None else None,
            )
            texts[str(r.text)].clauses.append(clause)
            if act:
                by_text[str(r.text)].facets["speech-act"].add(act)

        for r in self.select(
            """SELECT ?para ?concept ?scheme WHERE {
                 ?para eli:is_part_of ?work ; eli:is_about ?concept .
                 ?concept skos:inScheme ?scheme }""",
            w,
        ):
            scheme = str(r.scheme).rsplit("/", 1)[-1]
            if scheme in ("principle", "topic") and str(r.para) in paragraphs:
                paragraphs[str(r.para)].facets[scheme].add(str(r.concept))
        for r in self.select(
            "SELECT ?para ?event WHERE { ?para eli:is_part_of ?work ; dcterms:references ?event . "
            "?event a schema:Event }",
            w,
        ):
            if str(r.para) in paragraphs:
                paragraphs[str(r.para)].facets["meeting"].add(str(r.event))

        ordered = sorted(paragraphs.values(), key=lambda p: p.position)
        for p in ordered:
            for t in p.texts.values():
                t.mentions.sort(key=lambda m: (m.start, -m.end, m.kind))
                t.clauses.sort(key=lambda c: c.position)

        titles: dict[str, str] = {}
        languages: list[str] = []
        for r in self.select(
            "SELECT ?e ?title WHERE { ?work eli:is_realized_by ?e . "
            "OPTIONAL { ?e eli:title ?title } }",
            w,
        ):
            lang = language_code(str(r.e), r.title)
            if lang not in languages:
                languages.append(lang)
            if r.title is not None:
                titles[lang] = str(r.title)
        languages.sort()
        day = self.select("SELECT ?d WHERE { ?work eli:date_document ?d }", w)
        document_date = str(day[0].d) if day else None
        return Document(
            work,
            self.document_title(work),
            document_date,
            languages,
            titles,
            ordered,
            self._facets(ordered),
            self._timeline(work, ordered, document_date),
        )

    def _facets(self, paragraphs: Iterable[Paragraph]) -> dict[str, list[FacetValue]]:
        counts: dict[str, dict[str, int]] = {key: defaultdict(int) for key, _ in FACETS}
        for p in paragraphs:
            for key, values in p.facets.items():
                for value in values:
                    counts[key][value] += 1
        return {
            key: sorted(
                (FacetValue(iri, self.label(iri), n) for iri, n in counts[key].items()),
                key=lambda f: (-f.count, f.label.casefold()),
            )
            for key, _ in FACETS
        }

    def _timeline(
        self, work: str, paragraphs: Iterable[Paragraph], document_date: str | None
    ) -> list[TimelineItem]:
        events = sorted({e for p in paragraphs for e in p.facets.get("meeting", set())})
        items: list[TimelineItem] = []
        for event in events:
            rows = self.select(
                "SELECT ?start ?end ?place WHERE { OPTIONAL { ?e schema:startDate ?start } "
                "OPTIONAL { ?e schema:endDate ?end } OPTIONAL { ?e schema:location ?place } }",
                {"e": URIRef(event)},
            )
            start = _date(rows[0].start) if rows else None
            if start is None:
                continue
            end = _date(rows[0].end) or start
            place = self.label(rows[0].place) if rows[0].place is not None else None
            items.append(TimelineItem(event, self.label(event), start, end, False, place))
        day = _date(Literal(document_date)) if document_date else None
        if day is not None:
            items.append(TimelineItem(work, "this document", day, day, True))
        items.sort(key=lambda i: (i.start, i.is_document))
        return items

    # --- one resource -------------------------------------------------------------------

    def describe(self, iri: str) -> dict[str, Any]:
        """What the page of a resource shows."""
        node = URIRef(iri)
        with self._lock:
            outgoing = sorted(
                self.graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))
            )
            incoming = sorted(
                self.graph.subject_predicates(node), key=lambda sp: (str(sp[1]), str(sp[0]))
            )
            types = sorted(str(t) for t in self.graph.objects(node, RDF.type))
        properties: dict[str, list[Node]] = defaultdict(list)
        links: list[tuple[str, str]] = []
        for predicate, obj in outgoing:
            properties[str(predicate)].append(obj)
            if (
                predicate in LINK_PREDICATES
                and isinstance(obj, URIRef)
                and local_path(str(obj)) is None
            ):
                links.append((str(predicate), str(obj)))
        for subject, predicate in incoming:
            if predicate in LINK_PREDICATES and local_path(str(subject)) is None:
                links.append((str(predicate), str(subject)))
        dates = self.select(
            "SELECT ?start ?end WHERE { "
            "{ ?e schema:startDate ?start OPTIONAL { ?e schema:endDate ?end } } UNION "
            "{ ?e dcat:startDate ?start OPTIONAL { ?e dcat:endDate ?end } } }",
            {"e": node},
        )
        when = None
        if dates:
            start, end = str(dates[0].start), str(dates[0].end or dates[0].start)
            when = (start, end)
        return {
            "iri": iri,
            "label": self.label(iri),
            "types": types,
            "properties": sorted(properties.items()),
            "incoming": [(str(s), str(p)) for s, p in incoming],
            "mentions": self.mentions_of(iri),
            "links": sorted(set(links)),
            "when": when,
            "document": self.is_document(iri),
        }

    def mentions_of(self, iri: str) -> list[dict[str, Any]]:
        """Every place in the texts that mentions ``iri``, in reading order."""
        rows = self.select(
            """SELECT ?work ?number ?position ?text ?m ?kind ?start ?end ?exact ?prefix ?suffix
               WHERE {
                 ?m oa:hasBody ?entity ; oa:hasTarget ?t .
                 OPTIONAL { ?m lex:mentionKind ?kind }
                 ?t oa:hasSource ?text ; oa:hasSelector ?ps .
                 ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
                 OPTIONAL { ?t oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
                            OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix } }
                 ?text eli:realizes ?para .
                 ?para eli:number ?number ; schema:position ?position ; eli:is_part_of ?work .
               } ORDER BY ?work ?position ?start""",
            {"entity": URIRef(iri)},
        )
        found = []
        for r in rows:
            lang = language_code(str(r.text))
            kind = str(r.kind).removeprefix(_MENTION_KIND) if r.kind is not None else ""
            found.append(
                {
                    "work": str(r.work),
                    "paragraph": str(r.number),
                    "lang": lang,
                    "kind": kind,
                    "start": int(r.start),
                    "end": int(r.end),
                    "exact": str(r.exact or ""),
                    "prefix": str(r.prefix or ""),
                    "suffix": str(r.suffix or ""),
                    "anchor": mention_anchor(str(r.number), lang, kind, int(r.start), int(r.end)),
                }
            )
        return found

    def resource_graph(self, iri: str) -> Graph:
        """The triples about ``iri``: those it is the subject of, and those pointing to it."""
        node = URIRef(iri)
        g = Graph()
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace)
        with self._lock:
            for p, o in self.graph.predicate_objects(node):
                g.add((node, p, o))
            for s, p in self.graph.subject_predicates(node):
                g.add((s, p, node))
        return g


def mention_anchor(number: str, lang: str, kind: str, start: int, end: int) -> str:
    """The fragment id of a mention in the reading view.

    >>> mention_anchor("2", "fra", "meeting", 34, 93)
    'm-2-fra-meeting-34-93'
    """
    return f"m-{number}-{lang}-{kind}-{start}-{end}"


__all__ = [
    "FACETS",
    "KINDS",
    "LINK_PREDICATES",
    "Clause",
    "Document",
    "FacetValue",
    "Mark",
    "Mention",
    "Paragraph",
    "ParagraphText",
    "Site",
    "TimelineItem",
    "href",
    "language_code",
    "local_path",
    "mention_anchor",
    "nest",
]
