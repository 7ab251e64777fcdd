"""Mint and parse every IRI lexgraph gives to a resource.

The templates (docs/model.md) are ELI-like: a work, then its subdivisions, then the
language version. Every IRI is readable and depends only on the text and the vocabulary,
so it is stable across rebuilds.

>>> w = work_iri("communique", "2011-12-03", "Communiqué spécial sur les migrants", "caracas")
>>> str(w)
'https://w3id.org/lexgraph/id/eli/communique/caracas/2011/12/03/communique-special-sur-les-migrants'
>>> str(paragraph_text_iri(w, 3, "fra")).removeprefix(str(w))
'/para_3/fra'
>>> parse(str(w) + "/para_3/fra/clause_2")["clause"]
'2'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from lexgraph.namespaces import ID

_ID = str(ID)

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_WORK = (
    r"eli/(?P<doctype>[a-z0-9-]+)/(?:(?P<place>[a-z][a-z0-9-]*)/)?"
    r"(?P<date>\d{4}/\d{2}/\d{2}|undated)/(?P<slug>[a-z0-9-]+)"
)

_PATTERN = re.compile(
    rf"""
    ^{re.escape(_ID)}
    (?:
        {_WORK}                                  # the work
        (?:/para_(?P<para>\d+))?                 # a paragraph, work level
        (?:/(?P<lang>[a-z]{{3}}))?               # a language version
        (?:/clause_(?P<clause>\d+))?             # a clause of a paragraph text
        (?:/mention/(?P<kind>[a-z-]+)/(?P<start>\d+)-(?P<end>\d+))?   # an annotation
        (?:/(?P<part>source|position|act|target|quote))?              # a node of the above
      | (?P<entity>actor|place|concept|event|period|source|build|software|rule|curated|graph)
        /(?P<key>[^\s<>"]+)                       # an entity of the vocabulary or the build
    )$
    """,
    re.VERBOSE,
)


def slug(text: str, max_length: int = 96) -> str:
    """A lowercase ASCII slug of text, cut at a word boundary.

    >>> slug("Droits de l'homme des personnes migrantes !")
    'droits-de-l-homme-des-personnes-migrantes'
    >>> slug("a b c d", max_length=3)
    'a-b'
    >>> slug("   ")
    Traceback (most recent call last):
    ...
    ValueError: Invalid slug source: '   '
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if not words:
        raise ValueError(f"Invalid slug source: {text!r}")
    out: str = words[0][:max_length]
    for word in words[1:]:
        if len(out) + 1 + len(word) > max_length:
            break
        out += "-" + word
    return out


def _key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"Invalid key in IRI: {key!r}")
    return key


def work_iri(doctype: str, date: str | None, title: str, place: str | None = None) -> URIRef:
    """The work: ``eli/{doctype}/{place}/{yyyy}/{mm}/{dd}/{slug of title}``, without the
    place segment when the text names no place of adoption.

    Type, place, date and title are how such a text is cited ("Declaración de ..., Lima, 5
    de agosto de 2011"): two declarations of one type, date and title adopted in different
    cities are two works.

    >>> str(work_iri("declaration", None, "Déclaration")).removeprefix(_ID)
    'eli/declaration/undated/declaration'
    """
    when = "undated" if date is None else date.replace("-", "/")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ValueError(f"Invalid date in work IRI: {date!r}")
    if place is not None and not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", place):
        raise ValueError(f"Invalid place in work IRI: {place!r}")
    where = "" if place is None else f"{place}/"
    return URIRef(f"{_ID}eli/{_key(doctype)}/{where}{when}/{slug(title)}")


def expression_iri(work: URIRef, lang: str) -> URIRef:
    """A language version of a work (``fra``, ``spa``, ``eng``)."""
    return URIRef(f"{work}/{_lang(lang)}")


def paragraph_iri(work: URIRef, number: int) -> URIRef:
    """A paragraph at work level (language-neutral)."""
    return URIRef(f"{work}/para_{number}")


def paragraph_text_iri(work: URIRef, number: int, lang: str) -> URIRef:
    """A paragraph's text in one language."""
    return URIRef(f"{work}/para_{number}/{_lang(lang)}")


def clause_iri(paragraph_text: URIRef, k: int) -> URIRef:
    """The k-th clause (from 1) of a paragraph text."""
    return URIRef(f"{paragraph_text}/clause_{k}")


def mention_iri(paragraph_text: URIRef, kind: str, start: int, end: int) -> URIRef:
    """An annotation of the words at [start, end) of a paragraph text."""
    return URIRef(f"{paragraph_text}/mention/{_key(kind)}/{start}-{end}")


def part_iri(resource: URIRef, part: str) -> URIRef:
    """A node that belongs to one resource: its selector, target, act."""
    if part not in {"source", "position", "act", "target", "quote", "checksum"}:
        raise ValueError(f"Invalid part in IRI: {part!r}")
    return URIRef(f"{resource}/{part}")


def entity_iri(kind: str, *keys: str) -> URIRef:
    """An entity: ``actor/{key}``, ``place/{key}``, ``concept/{scheme}/{key}``, ..."""
    return URIRef(_ID + "/".join([kind, *(_key(k) for k in keys)]))


INSTRUMENT_BASE = _ID + "instrument/"
"""Where the instruments lexgraph describes but does not read live: ``instrument/{key}``."""


def concept_iri(scheme: str, key: str | None = None) -> URIRef:
    """A concept scheme, or a concept in it."""
    return entity_iri("concept", scheme) if key is None else entity_iri("concept", scheme, key)


def event_iri(
    start: str | None, place_key: str | None, event_type: str, name: str | None = None
) -> URIRef:
    """A meeting: ``event/{start date}/{place}/{event type}``.

    A meeting the text gives neither a date nor a place is told from others of its type
    by its name: ``event/undated/{slug of name, 48}/{event type}``.

    >>> str(event_iri(None, None, "conference", "Regional Conference on Migration (RCM)"))
    'https://w3id.org/lexgraph/id/event/undated/regional-conference-on-migration-rcm/conference'
    """
    if start is None and place_key is None and name:
        return URIRef(f"{_ID}event/undated/{slug(name, 48)}/{_key(event_type)}")
    return URIRef(
        f"{_ID}event/{start or 'undated'}/{_key(place_key or 'unlocated')}/{_key(event_type)}"
    )


def period_iri(start: str, end: str) -> URIRef:
    """The value of a date expression: ``period/{start}/{end}``."""
    for day in (start, end):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise ValueError(f"Invalid date in period IRI: {day!r}")
    return URIRef(f"{_ID}period/{start}/{end}")


def source_iri(sha256: str) -> URIRef:
    """A source file, by the SHA-256 of its bytes."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError(f"Invalid SHA-256 in source IRI: {sha256!r}")
    return URIRef(f"{_ID}source/{sha256}")


def build_iri(version: str, *inputs: str) -> URIRef:
    """The build activity, named by the version and a digest of its inputs."""
    digest = hashlib.sha256("\n".join(inputs).encode()).hexdigest()[:16]
    return URIRef(f"{_ID}build/{version}/{digest}")


def software_iri(version: str) -> URIRef:
    return URIRef(f"{_ID}software/lexgraph/{version}")


def graph_iri(name: str) -> URIRef:
    """A named graph of the corpus store that holds no document: ``graph/{name}``.

    >>> str(graph_iri("ontology"))
    'https://w3id.org/lexgraph/id/graph/ontology'
    """
    return entity_iri("graph", name)


def rule_iri(name: str) -> URIRef:
    return entity_iri("rule", name)


def curated_iri(*parts: str) -> URIRef:
    """A curated statement, named by a digest of its triple."""
    return URIRef(f"{_ID}curated/{hashlib.sha256(chr(10).join(parts).encode()).hexdigest()[:16]}")


def _lang(lang: str) -> str:
    if not re.fullmatch(r"[a-z]{3}", lang):
        raise ValueError(f"Invalid language code in IRI: {lang!r}")
    return lang


def parse(iri: str) -> dict[str, str]:
    """The parts of a lexgraph IRI, or ValueError.

    >>> parse("https://w3id.org/lexgraph/id/place/lima")
    {'entity': 'place', 'key': 'lima'}
    >>> parse("https://example.org/x")
    Traceback (most recent call last):
    ...
    ValueError: Invalid lexgraph IRI: https://example.org/x
    """
    m = _PATTERN.match(iri)
    if not m:
        raise ValueError(f"Invalid lexgraph IRI: {iri}")
    return {k: v for k, v in m.groupdict().items() if v is not None}


__all__ = [
    "INSTRUMENT_BASE",
    "build_iri",
    "clause_iri",
    "concept_iri",
    "curated_iri",
    "entity_iri",
    "event_iri",
    "expression_iri",
    "graph_iri",
    "mention_iri",
    "paragraph_iri",
    "paragraph_text_iri",
    "parse",
    "part_iri",
    "period_iri",
    "rule_iri",
    "slug",
    "software_iri",
    "source_iri",
    "work_iri",
]
