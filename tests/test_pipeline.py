"""The pipeline reads declarations of this genre, not only the seed: French, Spanish and
English texts written for these tests go through segment -> extract -> assemble."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, URIRef
from rdflib.namespace import SDO

from lexgraph import iris
from lexgraph.build import build_graph
from lexgraph.errors import StructureError
from lexgraph.extract import extract
from lexgraph.namespaces import ELI, LEX
from lexgraph.segment import segment, segment_documents
from lexgraph.vocabulary import Vocabulary

ID = "https://w3id.org/lexgraph/id/"

SPANISH = """Comunicado especial sobre la migración

1. Las Jefas y Jefes de Estado y de Gobierno de América Latina y el Caribe, reunidos en
Lima, Perú, el 3 de diciembre de 2011,

2. Reafirman su preocupación por la trata de personas y exhortan a los Estados a
fortalecer la cooperación, sobre la base de los principios de solidaridad y equidad social.

3. Toman nota de la Reunión Ministerial sobre migración celebrada en Caracas, Venezuela,
los días 27 y 28 de junio de 2011.
"""

ENGLISH = """# Special Communiqué on migration

1) The Heads of State and Government of Latin America and the Caribbean, meeting in
Caracas, Venezuela, on 3 December 2011,

2) Welcome the results of the Regional Meeting on the Protection of Migrants, held in
Lima, Peru, on 27-28 June 2011;

3) Urge the States to combat xenophobia, based on the principles of solidarity and
tolerance.
"""


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


def test_spanish_declaration(vocab: Vocabulary) -> None:
    x = extract(segment(SPANISH), vocab)
    assert x.lang == "es"
    assert x.date == "2011-12-03"
    assert x.place == URIRef(ID + "place/lima")
    assert x.author == URIRef(ID + "actor/heads-of-state-and-government-lac")
    assert x.doctype == URIRef(ID + "concept/document-type/communique")
    acts = [(c.paragraph, c.verb, str(c.act).rsplit("/", 1)[-1], c.receiver) for c in x.clauses]
    assert acts == [
        (2, "Reafirman", "reaffirm", None),
        (2, "exhortan", "urge", URIRef(ID + "actor/states")),
        (3, "Toman nota", "take-note", None),
    ]
    assert [c.text for c in x.clauses][1].startswith("y exhortan a los Estados")
    assert set(x.about(2)) >= {
        URIRef(ID + "concept/principle/solidarity"),
        URIRef(ID + "concept/principle/social-equity"),
        URIRef(ID + "concept/topic/trafficking-in-persons"),
    }
    (meeting,) = x.meetings
    assert meeting.name == "Reunión Ministerial sobre migración"
    assert (meeting.first, meeting.last) == ("2011-06-27", "2011-06-28")
    assert meeting.place == URIRef(ID + "place/caracas")
    assert meeting.iri == iris.event_iri("2011-06-27", "caracas", "meeting")


def test_english_declaration(vocab: Vocabulary) -> None:
    doc = segment(ENGLISH)
    assert doc.title == "Special Communiqué on migration"
    x = extract(doc, vocab)
    assert x.lang == "en"
    assert x.date == "2011-12-03"
    assert x.place == URIRef(ID + "place/caracas")
    (meeting,) = x.meetings
    assert meeting.name == "Regional Meeting on the Protection of Migrants"
    assert (meeting.first, meeting.last, meeting.place) == (
        "2011-06-27",
        "2011-06-28",
        URIRef(ID + "place/lima"),
    )
    verbs = [(c.verb, c.receiver) for c in x.clauses]
    assert verbs == [("Welcome", None), ("Urge", URIRef(ID + "actor/states"))]


def test_same_meeting_in_two_languages_is_one_resource(vocab: Vocabulary) -> None:
    """The meeting IRI depends on date, place and type, not on the language of its name."""
    fr = extract(
        segment(
            "T\n\n1. Se félicitent de la Réunion régionale, tenue les 27 et 28 juin 2011 "
            "à Lima, Pérou ;\n"
        ),
        vocab,
    )
    en = extract(segment(ENGLISH), vocab)
    assert fr.meetings[0].iri == en.meetings[0].iri


def test_paragraph_broken_over_blank_lines_is_joined() -> None:
    doc = segment("Titre\n\n1. Rappellent le racisme et\n\nla xénophobie.\n2. Notent.\n")
    assert [p.text for p in doc.paragraphs] == [
        "Rappellent le racisme et la xénophobie.",
        "Notent.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Titre\n\nPas de paragraphe numéroté.\n", "no numbered paragraphs"),
        ("Titre\n\n1. Un.\n2. Deux.\n2. Encore deux.\n", "duplicate paragraph number 2"),
        ("Titre\n\n1. Un.\n\nDeux, sans numéro.\n", "unnumbered paragraph after paragraph 1"),
    ],
)
def test_structure_that_cannot_be_trusted_is_an_error(text: str, message: str) -> None:
    with pytest.raises(StructureError, match=message):
        segment(text, source="t.txt")


def test_skipped_number_is_a_warning() -> None:
    """The paragraph after a skipped number is numbered by its position, as the shapes ask
    (eli:number is the position), and keeps the number it prints."""
    doc = segment("Titre\n\n1. Un.\n3. Trois.\n", source="t.txt")
    assert doc.warnings == ["t.txt:4: paragraph number 3 where 2 was expected"]
    assert [(p.number, p.printed) for p in doc.paragraphs] == [(1, 1), (2, 3)]
    assert not doc.numbered
    (lenient,) = segment_documents("Titre\n\n1. Un.\n\n17. Dix-sept.\n\n18. Dix-huit.\n", "t")
    assert [(p.number, p.printed) for p in lenient.paragraphs] == [(1, 1), (2, 17), (3, 18)]
    assert lenient.warnings == ["t:5: paragraph number 17 where 2 was expected"]


def test_built_graph_has_no_blank_nodes_and_follows_templates(tmp_path: Path) -> None:
    source = tmp_path / "es.txt"
    source.write_text(SPANISH, encoding="utf-8")
    g = build_graph([source]).graph
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    for s in set(g.subjects()):
        if str(s).startswith(ID):
            iris.parse(str(s))  # raises on an IRI outside the templates
    (work,) = g.subjects(ELI.type_document, URIRef(ID + "concept/document-type/communique"))
    assert str(work) == ID + "eli/communique/lima/2011/12/03/comunicado-especial-sobre-la-migracion"
    assert (work, ELI.is_realized_by, URIRef(str(work) + "/spa")) in g
    clause = URIRef(str(work) + "/para_2/spa/clause_2")
    assert (clause, LEX.verb, None) in g
    assert (URIRef(ID + "event/2011-06-27/caracas/meeting"), SDO.location, None) in g


def test_seed_fuzzy_verb_keeps_what_is_written(vocab: Vocabulary) -> None:
    from lexgraph.build import default_texts
    from lexgraph.textio import read_text

    (seed,) = [p for p in default_texts() if p.name.startswith("000_")]
    x = extract(segment(read_text(seed)), vocab)
    (clause,) = [c for c in x.clauses if c.paragraph == 8]
    assert (clause.verb, clause.standard_form) == ("Reconnaittent", "Reconnaissent")
    assert len(x.clauses) == 15
    assert [p.number for p in x.paragraphs] == list(range(1, 11))
