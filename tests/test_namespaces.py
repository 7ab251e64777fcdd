"""The closed namespace ``LEX`` in Python and the ontology in ``ontology/lexgraph.ttl`` agree.

A term added on one side only would be either a term the code cannot use (``LEX.x``
raises) or a term the graph uses without a definition.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, VANN

from lexgraph import namespaces, paths

ONTOLOGY_FILE = paths.ontology_dir() / "lexgraph.ttl"
LEX_NS = str(namespaces.LEX._NS)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def defined_terms(graph: Graph) -> dict[str, URIRef]:
    """Local name -> IRI of every class or property the graph defines in the lex namespace."""
    out = {}
    for rdf_type in TERM_TYPES:
        for s in graph.subjects(RDF.type, rdf_type):
            if isinstance(s, URIRef) and str(s).startswith(LEX_NS):
                out[str(s)[len(LEX_NS) :]] = s
    return out


def python_terms() -> set[str]:
    return set(namespaces.LEX.__annotations__)


def test_python_and_turtle_declare_the_same_terms(ontology: Graph) -> None:
    in_turtle = set(defined_terms(ontology))
    in_python = python_terms()
    assert in_python - in_turtle == set(), "declared in namespaces.LEX, not in lexgraph.ttl"
    assert in_turtle - in_python == set(), "defined in lexgraph.ttl, not in namespaces.LEX"


def test_dir_of_lex_lists_exactly_the_defined_iris(ontology: Graph) -> None:
    assert set(dir(namespaces.LEX)) == set(defined_terms(ontology).values())


def test_classes_and_properties_are_typed_by_their_case(ontology: Graph) -> None:
    """UpperCamelCase names are owl:Class, lowerCamelCase names are properties."""
    for name, iri in defined_terms(ontology).items():
        types = set(ontology.objects(iri, RDF.type))
        if name[0].isupper():
            assert OWL.Class in types, name
        else:
            assert types & {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}, name
            assert OWL.Class not in types, name


def test_lex_is_closed() -> None:
    with pytest.raises(AttributeError):
        namespaces.LEX.speechActt  # noqa: B018 - the typo must fail


def test_every_lex_iri_used_in_ontology_folder_is_a_declared_term() -> None:
    """A typo in any vocabulary file (``lex:rol``) mints no new term."""
    declared = {str(t) for t in dir(namespaces.LEX)}
    for path in sorted(Path(paths.ontology_dir()).glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        used = {
            str(node)
            for triple in graph
            for node in triple
            if isinstance(node, URIRef) and str(node).startswith(LEX_NS)
        }
        assert used - declared == set(), path.name


def test_preferred_namespace_is_the_python_namespace(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/lexgraph/ontology")
    assert str(ontology.value(header, VANN.preferredNamespaceUri)) == LEX_NS
    assert str(ontology.value(header, VANN.preferredNamespacePrefix)) == "lex"
    assert namespaces.PREFIXES["lex"] == LEX_NS
