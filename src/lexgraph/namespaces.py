"""Namespaces used by lexgraph, declared once.

Our own terms live in :class:`LEX`, a closed :class:`~rdflib.namespace.DefinedNamespace`:
a typo such as ``LEX.speechActt`` raises :class:`AttributeError` instead of minting a
new term. ``tests/test_namespaces.py`` checks that this list and ``ontology/lexgraph.ttl``
agree.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

BASE = "https://w3id.org/lexgraph/"
"""Root of every IRI lexgraph mints (see :mod:`lexgraph.iris`)."""


class LEX(DefinedNamespace):
    """The lexgraph ontology (``ontology/lexgraph.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Clause: URIRef
    SpeechAct: URIRef
    ExtractionRule: URIRef

    # properties
    paragraphKind: URIRef
    sourceSelector: URIRef
    printedNumber: URIRef
    textSelector: URIRef
    expresses: URIRef
    verb: URIRef
    governedBy: URIRef
    standardForm: URIRef
    proponent: URIRef
    semantics: URIRef
    receiver: URIRef
    mentionKind: URIRef
    extractedBy: URIRef
    matchedLabel: URIRef
    adoptedAt: URIRef
    role: URIRef
    symbolSeries: URIRef
    citedByInferenceIn: URIRef
    justification: URIRef


ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
EUVOC_LANG = Namespace("http://publications.europa.eu/resource/authority/language/")
ID = Namespace(BASE + "id/")

PREFIXES: dict[str, str] = {
    "lex": str(LEX._NS),
    "lexid": str(ID),
    "eli": str(ELI),
    "oa": str(OA),
    "schema": str(SDO),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "spdx": str(SPDX),
    "vann": str(VANN),
    "void": str(VOID),
    "lang": str(EUVOC_LANG),
}
"""Prefixes bound in every graph lexgraph writes, sorted by the serialiser."""

__all__ = [
    "BASE",
    "DCAT",
    "DCTERMS",
    "ELI",
    "EUVOC_LANG",
    "FOAF",
    "ID",
    "LEX",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SH",
    "SKOS",
    "SPDX",
    "VANN",
    "VOID",
    "XSD",
]
