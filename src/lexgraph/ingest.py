"""Read declarations of any shape into graphs: one named graph per language version.

``segment_documents`` -> ``extract`` for every document of every file, then the
language versions of one declaration are grouped into one work (:mod:`lexgraph.align`)
and each version is assembled into its own graph, named by its expression IRI
(``{work}/{lang}``). :mod:`lexgraph.corpus` stores those graphs; ``lexgraph ingest -o``
writes them to a file.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as _version
from pathlib import Path

from rdflib import Graph, URIRef

from lexgraph import align, assemble, iris, paths
from lexgraph.dates import DateMatch, find_dates
from lexgraph.errors import StructureError, UsageError
from lexgraph.extract import Extraction, dateline, extract, line_mention, place_named
from lexgraph.lang import ISO639_3, LANGUAGES, detect_language
from lexgraph.segment import Segmented, segment_documents
from lexgraph.textio import read_text_and_bytes
from lexgraph.vocabulary import Match, Vocabulary

AUTO = "auto"
LANG_CHOICES = (*LANGUAGES, AUTO)
_MIN_CONFIDENCE = 0.5  # below this share of closed-class words, auto detection gives up
_SAME_WORK = 0.45  # agreement above which two versions are one declaration


@dataclass
class Document:
    """One document read from a file, with what extraction found in it."""

    path: Path
    source: assemble.Source
    segmented: Segmented
    extraction: Extraction
    confidence: float | None = None  # of the language, when detected
    warnings: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.extraction.lang

    def version(self) -> align.Version:
        return align.version_of(self.extraction, self.segmented.numbered, self.path.name)


@dataclass
class Ingested:
    """The graphs of the documents read, one per language version, and a summary."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)  # expression -> its graph
    documents: list[Document] = field(default_factory=list)
    works: dict[URIRef, list[URIRef]] = field(default_factory=dict)  # work -> expressions
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> int:
        return sum(len(d.extraction.paragraphs) for d in self.documents)


def check_language(lang: str | None) -> str | None:
    """lang if lexgraph reads it (None or ``auto`` for detection), else UsageError."""
    if lang in (None, AUTO):
        return None
    if lang not in LANGUAGES:
        raise UsageError(
            f"unsupported language {lang!r} (supported: {', '.join(LANGUAGES)}, or {AUTO})"
        )
    return lang


def _language(doc: Segmented, where: str) -> tuple[str, float]:
    """The language of a document, refusing one that mixes languages paragraph by paragraph."""
    lang, confidence = detect_language(" ".join(p.text for p in doc.paragraphs))
    if confidence < _MIN_CONFIDENCE:
        raise StructureError(
            f"{where}: cannot tell the language (best guess {lang}, confidence "
            f"{confidence:.2f}); give --lang {'|'.join(LANGUAGES)}"
        )
    others: dict[str, list[int]] = {}
    for p in doc.paragraphs:
        if len(p.text.split()) < 12:
            continue
        guess, sure = detect_language(p.text)
        if guess != lang and sure >= 0.7:
            others.setdefault(guess, []).append(p.number)
    for other, numbers in others.items():
        if len(numbers) >= max(2, len(doc.paragraphs) // 5):
            shown = ", ".join(str(n) for n in numbers[:5])
            raise StructureError(
                f"{where}: mixed languages: mostly {lang}, but paragraphs {shown} are {other}; "
                "split the file into one file per language"
            )
    return lang, confidence


def _evidence(
    x: Extraction, text: str, seg: Segmented, line: str, found: DateMatch | Match
) -> None:
    """Anchor a date or place read from a line outside the paragraphs to the source text."""
    mention = line_mention(text, seg.outside, line, found)
    if mention is not None:
        x.line_mentions.append(mention)


def read_documents(path: Path, vocab: Vocabulary, lang: str | None = None) -> list[Document]:
    """Every document of a text file, segmented and extracted."""
    lang = check_language(lang)
    shown = paths.shown(path)
    text, raw = read_text_and_bytes(path)
    source = assemble.Source(path.name, hashlib.sha256(raw).hexdigest(), len(raw))
    out = []
    for seg in segment_documents(text, source=str(shown)):
        confidence = None
        doc_lang = lang
        if doc_lang is None:
            doc_lang, confidence = _language(seg, str(shown))
        x = extract(seg, vocab, doc_lang)
        # the line that closes the text with where and when ("Fait à Rabat, le 11 juillet
        # 2006.", "Quito, 4 de septiembre de 2018", "53rd plenary meeting / 19 December
        # 2034"): the day the text was done, over the days of the meeting its chapeau names
        closing = [seg.metadata.get("done", ""), *seg.metadata.get("closing", "").splitlines()]
        done = False
        for line in filter(None, closing):
            done_on, done_at = dateline(vocab, line, doc_lang)
            if done_on:
                x.date, done = done_on.first.isoformat(), True
                _evidence(x, text, seg, line, done_on)
                if x.place is None and done_at is not None:
                    x.place = done_at.entry
                    _evidence(x, text, seg, line, done_at)
                break
        date = seg.metadata.get("date", "")
        if x.date is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            try:
                x.date = datetime.date.fromisoformat(date).isoformat()  # from the front matter
            except ValueError:
                x.warnings.append(f"front matter: date {date!r} is no day of the calendar")
        # a line above the text: "Lima, le 14 avril 2018", "[Aprobado ...]"; its day also
        # tells which of the meeting's days its chapeau names ("los días 2 y 3") it is
        # of, as a closing line's does
        if x.date is None or (not done and x.last_day and x.last_day != x.date):
            lines = [
                line for k in ("front", "note") for line in seg.metadata.get(k, "").splitlines()
            ]
            # the line that names the type ("Resolution adopted by the General Assembly on
            # ...") before a date of distribution or of the session
            lines.sort(key=lambda line: not vocab.find(line, "document-type", doc_lang))
            # a single day first; else the first day of a meeting's days ("Managua, 26 y
            # 27 de junio de 2016"), as a chapeau naming them dates the text
            found = [(d, line) for line in lines for d in find_dates(line, doc_lang)]
            days = [(d, line) for d, line in found if d.first == d.last] or found
            first = days[0][0].first.isoformat() if days else None
            if first and (x.date is None or (x.last_day and x.date <= first <= x.last_day)):
                day, line = days[0]
                x.date = first
                _evidence(x, text, seg, line, day)
                place = place_named(vocab, line, doc_lang)
                if x.place is None and place is not None:
                    x.place = place.entry
                    _evidence(x, text, seg, line, place)
        if x.title is None:
            x.title = seg.metadata.get("title") or path.stem
        x.symbol = seg.metadata.get("symbol") or None
        warnings = list(seg.warnings) + [f"{shown}: {w}" for w in x.warnings]
        out.append(Document(path, source, seg, x, confidence, warnings))
    return out


@dataclass(frozen=True)
class Known:
    """A version already in the corpus that a new document may be a translation of."""

    work: URIRef
    version: align.Version
    doctype: URIRef | None
    date: str | None


def _work_key(x: Extraction) -> tuple[str, str]:
    return (str(x.doctype or ""), x.date or "")


def group(
    documents: Sequence[Document], known: Sequence[Known] = ()
) -> list[tuple[URIRef | None, align.Version | None, list[tuple[Document, dict[int, int]]]]]:
    """Documents grouped into works: (known work or None, its reference version, members
    each with how its paragraphs are numbered in the work).

    Two documents are versions of one work when their languages differ, their type and
    date agree and their paragraphs align well (:func:`lexgraph.align.agreement`). The
    reference version keeps its numbers: a known version, else the longest document
    (ties: the language first in fr, es, en).
    """
    order = sorted(
        documents,
        key=lambda d: (-len(d.extraction.paragraphs), LANGUAGES.index(d.lang), str(d.path)),
    )
    groups: list[tuple[URIRef | None, align.Version | None, list[tuple[Document, dict[int, int]]]]]
    groups = []
    for doc in order:
        mine = doc.version()
        placed = False
        for index, (work, ref, members) in enumerate(groups):
            langs = {d.lang for d, _ in members} | ({ref.lang} if ref and work else set())
            first = members[0][0] if members else None
            key = _work_key(first.extraction) if first else None
            if doc.lang in langs or (key is not None and key != _work_key(doc.extraction)):
                continue
            reference = ref if ref is not None else (first.version() if first else None)
            if reference is None:
                continue
            pairs = align.align(reference, mine)
            if align.agreement(reference, mine, pairs) >= _SAME_WORK:
                numbers = [p.number for p in reference.paragraphs]
                members.append((doc, align.work_numbers(pairs, numbers)))
                groups[index] = (work, reference, members)
                placed = True
                break
        if placed:
            continue
        for k in known:
            if k.version.lang == doc.lang or (str(k.doctype or ""), k.date or "") != _work_key(
                doc.extraction
            ):
                continue
            pairs = align.align(k.version, mine)
            if align.agreement(k.version, mine, pairs) >= _SAME_WORK:
                numbers = [p.number for p in k.version.paragraphs]
                groups.append((k.work, k.version, [(doc, align.work_numbers(pairs, numbers))]))
                placed = True
                break
        if not placed:
            identity = {p.number: p.number for p in doc.extraction.paragraphs}
            groups.append((None, None, [(doc, identity)]))
    return groups


def ingest(
    paths: Sequence[Path],
    vocab: Vocabulary | None = None,
    lang: str | None = None,
    known: Sequence[Known] = (),
    progress: Callable[[Path], None] | None = None,
) -> Ingested:
    """Read files and build one graph per language version of every document in them."""
    vocab = vocab or Vocabulary.load()
    documents: list[Document] = []
    for path in paths:
        documents += read_documents(path, vocab, lang)
        if progress is not None:
            progress(path)
    out = Ingested(documents=documents)
    for expression, work, graph, doc in graphs(documents, vocab, known):
        out.graphs[expression] = graph
        out.works.setdefault(work, []).append(expression)
        out.warnings += doc.warnings
    return out


def plan(
    documents: Sequence[Document], known: Sequence[Known] = ()
) -> Iterator[tuple[URIRef, URIRef, Extraction, Document]]:
    """(expression, work, extraction numbered in its work, document) for every document,
    versions grouped in works: what :func:`graphs` assembles, one version at a time."""
    for work, _, members in group(documents, known):
        for n, (doc, numbers) in enumerate(members):
            x = doc.extraction
            if work is None and n == 0:
                work = assemble.work_of(x, doc.source)
            assert work is not None
            if numbers != {p.number: p.number for p in x.paragraphs}:
                x = align.renumber(x, numbers)
            yield iris.expression_iri(work, ISO639_3[x.lang]), work, x, doc


def graphs(
    documents: Sequence[Document],
    vocab: Vocabulary,
    known: Sequence[Known] = (),
    with_vocabulary: bool = True,
) -> Iterator[tuple[URIRef, URIRef, Graph, Document]]:
    """(expression, work, graph, document) for every document, versions grouped in works.

    Without ``with_vocabulary``, the graphs leave out the vocabulary entries they name
    (a corpus store holds the vocabulary once, in its own graph).
    """
    version = _version("lexgraph")
    for expression, work, x, doc in plan(documents, known):
        g = document_graph(x, doc.source, vocab, version, work, with_vocabulary)
        yield expression, work, g, doc


def assemble_version(
    g: assemble.Sink,
    x: Extraction,
    source: assemble.Source,
    vocab: Vocabulary,
    version: str,
    work: URIRef,
) -> None:
    """Add the triples of one language version and the provenance of its ingest to g
    (a graph, or the corpus store's lighter sink): the one assembly of both paths."""
    build = iris.build_iri(version, source.sha256)
    assemble.document(g, x, source, vocab, build, work=work)
    assemble.provenance(g, build, version)


def document_graph(
    x: Extraction,
    source: assemble.Source,
    vocab: Vocabulary,
    version: str,
    work: URIRef,
    with_vocabulary: bool = True,
) -> Graph:
    """The graph of one language version: its triples, the vocabulary it uses and the
    provenance of its ingest, self-contained so that it validates on its own."""
    g = assemble.new_graph()
    assemble_version(g, x, source, vocab, version, work)
    if with_vocabulary:
        assemble.vocabulary_used(g, vocab)
    return g


def union(graphs: Iterable[Graph]) -> Graph:
    """Every triple of graphs in one graph, with lexgraph's prefixes."""
    out = assemble.new_graph()
    for g in graphs:
        out += g
    return out


__all__ = [
    "AUTO",
    "Document",
    "Ingested",
    "Known",
    "LANG_CHOICES",
    "LANGUAGES",
    "assemble_version",
    "check_language",
    "document_graph",
    "graphs",
    "group",
    "ingest",
    "plan",
    "read_documents",
    "union",
]
