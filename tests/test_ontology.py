"""The vocabulary in ``ontology/``: well-formed RDF, complete metadata, and a gazetteer that
reads the seed communiqué as intended.

The gazetteer checks use a small reference matcher written from the rule in
docs/model.md (labels in the text's language, case-insensitive, whole words, apostrophes
equal, the longest match wins within a kind), so that they test the data, not the code
that will use it.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from lexgraph import namespaces, paths

ONTOLOGY_DIR = Path(paths.ontology_dir())
TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))
ONTOLOGY_IRI = URIRef("https://w3id.org/lexgraph/ontology")
LEX_NS = str(namespaces.LEX._NS)
ID = str(namespaces.ID)
CONCEPT = ID + "concept/"
LANGS = ("en", "fr", "es")
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
# an open Namespace: pytest probes module globals, and the closed SDO warns when probed
SDO = Namespace("https://schema.org/")
FOAF = "http://xmlns.com/foaf/0.1/"
ACTOR_CLASSES = frozenset(
    {
        URIRef(FOAF + "Agent"),  # a single office: the Secretary-General
        URIRef(FOAF + "Group"),
        URIRef(FOAF + "Organization"),
        URIRef("http://www.w3.org/ns/org#FormalOrganization"),
        SDO.GovernmentOrganization,
    }
)
PLACE_CLASSES = frozenset({SDO.City, SDO.Country, SDO.Place})
SCHEMES = (
    "speech-act",
    "principle",
    "topic",
    "event-type",
    "document-type",
    "paragraph-kind",
    "mention-kind",
    "actor-role",
)
UNMATCHED_SCHEMES = ("paragraph-kind", "mention-kind", "actor-role")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SEED = paths.data_dir() / "000_da563d301c0450ee.txt"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"  # verbatim copies

# Forms that are rightly the same string in two entries of a kind, in different languages.
SAME_FORM_ACROSS_LANGUAGES = {
    ("place", "mexico"): "fr 'Mexico' is the city, en 'Mexico' the country",
}

# Names that two organs, or a country and its city, share: the default sense shows them,
# the other hides them.
SHARED_NAMES = {"general assembly", "assemblée générale", "asamblea general", "panama"}


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for path in TTL_FILES:
        g.parse(path, format="turtle")
    return g


def concept(scheme: str, key: str | None = None) -> URIRef:
    return URIRef(CONCEPT + scheme + (f"/{key}" if key else ""))


def key_of(iri: Node) -> str:
    return str(iri).rsplit("/", 1)[-1]


def fold(form: str) -> str:
    """A surface form as the matcher compares it: lower case, straight apostrophes,
    single spaces."""
    return " ".join(form.translate(str.maketrans("’ʼ`", "'''")).lower().split())


def literals(g: Graph, s: Node, p: URIRef, lang: str | None = None) -> list[Literal]:
    return [
        o
        for o in g.objects(s, p)
        if isinstance(o, Literal) and (lang is None or o.language == lang)
    ]


def entries(g: Graph) -> Iterator[tuple[str, URIRef]]:
    """(kind, IRI) of every gazetteer entry: concepts by scheme, actors, places."""
    for c in sorted(s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)):
        scheme = g.value(c, SKOS.inScheme)
        yield str(scheme)[len(CONCEPT) :], c
    for kind, classes in (("actor", ACTOR_CLASSES), ("place", PLACE_CLASSES)):
        found = {s for cls in classes for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        yield from ((kind, s) for s in sorted(found))


def surface_forms(g: Graph, kind: str, lang: str) -> dict[str, URIRef]:
    """Folded form -> entry, for one kind and language (the tests below make it unique)."""
    out = {}
    for k, e in entries(g):
        if k == kind:
            for p in LABELS:
                for label in literals(g, e, p, lang):
                    out[fold(str(label))] = e
    return out


def spans(text: str, forms: dict[str, URIRef]) -> list[tuple[int, int, URIRef]]:
    """(start, end, entry) of every match, the longest winning over overlaps."""
    folded = text.translate(str.maketrans("’ʼ`", "'''"))
    candidates = []
    for form, entry in forms.items():
        body = r"\s+".join(re.escape(w) for w in form.split())
        for m in re.finditer(rf"(?<!\w){body}(?!\w)", folded, re.IGNORECASE):
            candidates.append((m.start(), m.end(), entry))
    chosen: list[tuple[int, int, URIRef]] = []
    for start, end, entry in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, entry))
    return sorted(chosen)


def find(text: str, forms: dict[str, URIRef]) -> list[tuple[str, str]]:
    """(text as written, entry key) of every match, in order."""
    return [(" ".join(text[s:e].split()), key_of(entry)) for s, e, entry in spans(text, forms)]


# --------------------------------------------------------------------------- RDF


@pytest.mark.parametrize("path", TTL_FILES, ids=[p.name for p in TTL_FILES])
def test_file_parses(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0


def test_expected_files_are_there() -> None:
    names = {p.name for p in TTL_FILES}
    expected = {
        "lexgraph.ttl",
        "speech-acts.ttl",
        "principles.ttl",
        "topics.ttl",
        "event-types.ttl",
        "document-types.ttl",
        "kinds.ttl",
        "rules.ttl",
        "actors.ttl",
        "places.ttl",
        "meetings.ttl",
    }
    assert expected <= names


def test_no_blank_nodes(graph: Graph) -> None:
    assert [t for t in graph if any(isinstance(n, BNode) for n in t)] == []


def test_subjects_are_ours(graph: Graph) -> None:
    """The vocabulary describes only its own resources, never someone else's."""
    foreign = {
        s
        for s in graph.subjects()
        if s != ONTOLOGY_IRI and not (str(s).startswith(LEX_NS) or str(s).startswith(ID))
    }
    assert foreign == set()


def test_ontology_header(graph: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    version = str(graph.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert version == importlib.metadata.version("lexgraph")
    assert graph.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://www.apache.org/licenses/LICENSE-2.0"
    )
    for p in (DCTERMS.title, DCTERMS.description):
        assert {lit.language for lit in literals(graph, ONTOLOGY_IRI, p)} >= {"en", "fr"}


def own_terms(graph: Graph) -> list[URIRef]:
    return sorted(
        s for s in set(graph.subjects()) if isinstance(s, URIRef) and str(s).startswith(LEX_NS)
    )


def test_own_terms_are_documented(graph: Graph) -> None:
    terms = own_terms(graph)
    assert len(terms) == len(namespaces.LEX.__annotations__)
    for t in terms:
        for p in (RDFS.label, SKOS.definition):
            for lang in ("en", "fr"):
                assert len(literals(graph, t, p, lang)) == 1, (t, p, lang)
        assert graph.value(t, RDFS.isDefinedBy) == ONTOLOGY_IRI, t
        supers = list(graph.objects(t, RDFS.subClassOf)) + list(
            graph.objects(t, RDFS.subPropertyOf)
        )
        assert supers, f"{t} has no super-term"
        assert all(not str(s).startswith(LEX_NS) for s in supers), f"{t}: not a standard term"


def test_speech_act_follows_undo_and_prov(graph: Graph) -> None:
    lex = namespaces.LEX
    assert graph.value(lex.SpeechAct, RDFS.subClassOf) == URIRef(
        "http://www.w3.org/ns/prov#Activity"
    )
    definition = str(literals(graph, lex.SpeechAct, SKOS.definition, "en")[0])
    assert "UN Document Ontology" in definition
    for p in (lex.proponent, lex.semantics, lex.receiver):
        assert graph.value(p, RDFS.domain) == lex.SpeechAct


# --------------------------------------------------------------------------- SKOS


def test_every_scheme_exists_with_titles(graph: Graph) -> None:
    for scheme in SCHEMES:
        s = concept(scheme)
        assert (s, RDF.type, SKOS.ConceptScheme) in graph, scheme
        titles = literals(graph, s, DCTERMS.title)
        assert sorted(t.language or "" for t in titles) == sorted(LANGS), scheme
        tops = set(graph.objects(s, SKOS.hasTopConcept))
        assert tops, scheme
        assert tops == set(graph.subjects(SKOS.topConceptOf, s)), scheme
        assert all((t, SKOS.inScheme, s) in graph for t in tops), scheme


def test_concepts_are_complete(graph: Graph) -> None:
    schemes = {concept(s) for s in SCHEMES}
    concepts = list(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 50
    for c in concepts:
        assert isinstance(c, URIRef)
        in_schemes = list(graph.objects(c, SKOS.inScheme))
        assert len(in_schemes) == 1 and in_schemes[0] in schemes, c
        assert str(c).startswith(str(in_schemes[0]) + "/"), c
        assert SLUG.fullmatch(key_of(c)), c
        for lang in LANGS:
            assert len(literals(graph, c, SKOS.prefLabel, lang)) == 1, (c, lang)
        assert len(literals(graph, c, RDFS.label, "en")) == 1, c
        assert len(literals(graph, c, SKOS.definition, "en")) == 1, c


def test_labels_are_language_tagged(graph: Graph) -> None:
    for p in (*LABELS, RDFS.label, SKOS.definition, DCTERMS.title):
        for s, o in graph.subject_objects(p):
            assert isinstance(o, Literal) and o.language in LANGS, (s, p, o)


def test_pref_alt_and_hidden_labels_are_disjoint(graph: Graph) -> None:
    """SKOS S13: one literal is not two kinds of label of the same resource."""
    for _, e in entries(graph):
        seen: dict[tuple[str, str | None], URIRef] = {}
        for p in LABELS:
            for label in literals(graph, e, p):
                key = (fold(str(label)), label.language)
                assert key not in seen, f"{e}: {label!r} is both {seen[key]} and {p}"
                seen[key] = p


def test_related_is_symmetric_and_within_a_scheme(graph: Graph) -> None:
    pairs = list(graph.subject_objects(SKOS.related))
    assert pairs
    for a, b in pairs:
        assert (b, SKOS.related, a) in graph, (a, b)
        assert graph.value(a, SKOS.inScheme) == graph.value(b, SKOS.inScheme), (a, b)


def test_fixed_schemes_have_the_documented_keys(graph: Graph) -> None:
    documented = {
        "paragraph-kind": {"chapeau", "preambular", "operative"},
        "mention-kind": {
            "speech-act",
            "actor",
            "meeting",
            "place",
            "date",
            "principle",
            "topic",
            "instrument",
            "editorial-note",
        },
        "actor-role": {"rights-holder", "duty-bearer"},
        "event-type": {"summit", "meeting", "conference", "forum"},
    }
    for scheme, keys in documented.items():
        found = {key_of(c) for c in graph.subjects(SKOS.inScheme, concept(scheme))}
        assert found == keys, scheme


@pytest.mark.parametrize("scheme", UNMATCHED_SCHEMES)
def test_schemes_not_matched_against_texts_have_no_surface_forms(graph: Graph, scheme: str) -> None:
    for c in graph.subjects(SKOS.inScheme, concept(scheme)):
        assert not literals(graph, c, SKOS.altLabel), c
        assert not literals(graph, c, SKOS.hiddenLabel), c


# --------------------------------------------------------------------------- speech acts

CATEGORIES = ("assertive", "directive", "expressive", "commissive", "declarative")
REQUIRED_ACTS = {
    "welcome": "expressive",
    "reaffirm": "assertive",
    "encourage": "directive",
    "take-note": "assertive",
    "urge": "directive",
    "stress": "assertive",
    "recognize": "assertive",
    "reject": "expressive",
    "recall": "assertive",
    "reiterate": "assertive",
    "express-concern": "expressive",
    "express-support": "expressive",
    "call-upon": "directive",
    "invite": "directive",
    "request": "directive",
    "commit": "commissive",
    "decide": "declarative",
    "agree": "commissive",
    "acknowledge": "assertive",
    "emphasize": "assertive",
    "note-with-satisfaction": "expressive",
    "condemn": "expressive",
    "support": "commissive",
}


def test_searle_categories_are_the_top_concepts_and_never_match(graph: Graph) -> None:
    tops = {key_of(t) for t in graph.objects(concept("speech-act"), SKOS.hasTopConcept)}
    assert tops == set(CATEGORIES)
    for key in CATEGORIES:
        c = concept("speech-act", key)
        assert not literals(graph, c, SKOS.altLabel) and not literals(graph, c, SKOS.hiddenLabel)
        assert graph.value(c, SKOS.broader) is None


def test_every_act_has_one_category(graph: Graph) -> None:
    categories = {concept("speech-act", k) for k in CATEGORIES}
    acts = set(graph.subjects(SKOS.inScheme, concept("speech-act"))) - categories
    assert len(acts) >= len(REQUIRED_ACTS)
    for act in acts:
        broader = list(graph.objects(act, SKOS.broader))
        assert len(broader) == 1 and broader[0] in categories, act
        assert literals(graph, act, SKOS.hiddenLabel), f"{act}: no verb forms"


@pytest.mark.parametrize("key", sorted(REQUIRED_ACTS))
def test_required_act_is_in_its_category(graph: Graph, key: str) -> None:
    expected = concept("speech-act", REQUIRED_ACTS[key])
    assert graph.value(concept("speech-act", key), SKOS.broader) == expected


def test_speech_act_pref_labels_are_not_infinitives(graph: Graph) -> None:
    """Every speech-act form opens a clause, so an infinitive (which sits inside clauses:
    "la nécessité de promouvoir") must not be a form."""
    for act in graph.subjects(SKOS.inScheme, concept("speech-act")):
        for lang, endings in (("fr", ("er", "ir", "re")), ("es", ("ar", "er", "ir"))):
            for label in literals(graph, act, SKOS.prefLabel, lang):
                first = str(label).split()[0]
                if key_of(act) not in CATEGORIES:
                    assert not first.endswith(endings), (act, str(label))


# --------------------------------------------------------------------------- actors, places


def test_actors_are_complete(graph: Graph) -> None:
    roles = {concept("actor-role", "rights-holder"), concept("actor-role", "duty-bearer")}
    actors = [e for k, e in entries(graph) if k == "actor"]
    assert len(actors) >= 10
    for a in actors:
        assert str(a).startswith(ID + "actor/") and SLUG.fullmatch(key_of(a)), a
        assert len(literals(graph, a, RDFS.label, "en")) == 1, a
        for lang in LANGS:
            assert len(literals(graph, a, SKOS.prefLabel, lang)) == 1, (a, lang)
        assert literals(graph, a, SKOS.definition, "en") or literals(graph, a, RDFS.comment, "en")
        assert set(graph.objects(a, namespaces.LEX.role)) <= roles, a
        for part in graph.objects(a, DCTERMS.hasPart):
            assert set(graph.objects(part, RDF.type)) & ACTOR_CLASSES, (a, part)
    # everything under actor/ is typed as an actor
    under = {s for s in graph.subjects() if str(s).startswith(ID + "actor/")}
    assert under == set(actors)


def test_actor_roles(graph: Graph) -> None:
    def role(key: str) -> str | None:
        value = graph.value(URIRef(ID + "actor/" + key), namespaces.LEX.role)
        return key_of(value) if isinstance(value, URIRef) else None

    assert role("migrants-and-families") == "rights-holder"
    assert role("migrant-workers") == "rights-holder"
    assert role("states") == "duty-bearer"
    assert role("countries-of-origin-transit-and-destination") == "duty-bearer"
    assert (
        URIRef(ID + "actor/celac"),
        RDF.type,
        URIRef("http://www.w3.org/ns/org#FormalOrganization"),
    ) in graph


def test_places_are_complete(graph: Graph) -> None:
    places = [e for k, e in entries(graph) if k == "place"]
    expected = {
        "caracas",
        "venezuela",
        "lima",
        "peru",
        "mexico-city",
        "mexico",
        "latin-america-and-the-caribbean",
        "los-angeles",
        "united-states",
    }
    assert expected <= {key_of(p) for p in places}
    for p in places:
        assert str(p).startswith(ID + "place/"), p
        assert len(literals(graph, p, RDFS.label, "en")) == 1, p
        for lang in LANGS:
            assert len(literals(graph, p, SKOS.prefLabel, lang)) == 1, (p, lang)
    under = {s for s in graph.subjects() if str(s).startswith(ID + "place/")}
    assert under == set(places)


def test_described_meetings_are_complete_and_minted_as_extraction_mints_them(
    graph: Graph,
) -> None:
    """Each meeting of meetings.ttl: a schema:Event whose IRI is what extraction would mint
    from its first day, place and type, with its names in the three languages, its days,
    its place (a place of the vocabulary) and its source."""
    from lexgraph import iris

    schema = Namespace("https://schema.org/")
    meetings = sorted(m for m in graph.subjects(RDF.type, schema.Event) if isinstance(m, URIRef))
    assert URIRef(ID + "event/2022-06-06/los-angeles/summit") in meetings
    for m in meetings:
        start, end = graph.value(m, schema.startDate), graph.value(m, schema.endDate)
        place, kind = graph.value(m, schema.location), graph.value(m, DCTERMS.type)
        assert start is not None and end is not None and str(start) <= str(end), m
        assert (place, RDF.type, None) in graph, (m, place)
        minted = iris.event_iri(str(start), key_of(place), key_of(kind))
        assert m == minted, m
        for lang in LANGS:
            assert len(literals(graph, m, SKOS.prefLabel, lang)) == 1, (m, lang)
            assert literals(graph, m, schema.name, lang), (m, lang)
        assert graph.value(m, DCTERMS.source) is not None, m


def test_containment_is_only_what_the_seed_states(graph: Graph) -> None:
    """Only what the seed says: "Caracas, République Bolivarienne du Venezuela" and "Lima,
    Pérou". Other facts about places are curated with their sources in data/curated.toml."""
    pairs = {(key_of(a), key_of(b)) for a, b in graph.subject_objects(SDO.containedInPlace)}
    assert pairs == {("caracas", "venezuela"), ("lima", "peru")}


def test_rules_are_the_documented_ones(graph: Graph) -> None:
    rules = set(graph.subjects(RDF.type, namespaces.LEX.ExtractionRule))
    assert {key_of(r) for r in rules} == {
        "segmenter",
        "gazetteer",
        "fuzzy-verb",
        "inflected-verb",
        "future-tense",
        "date-expression",
        "meeting-phrase",
        "editorial-mark",
        "chapeau-subject",
        "directive-addressee",
        "list-item",
    }
    for r in rules:
        assert str(r) == ID + "rule/" + key_of(r)
        assert len(literals(graph, r, RDFS.label, "en")) == 1, r
        assert len(literals(graph, r, SKOS.definition, "en")) == 1, r


# --------------------------------------------------------------------------- surface forms


def test_a_surface_form_names_one_entry_per_kind_and_language(graph: Graph) -> None:
    """The matcher maps a form to one entry: a form in two entries is a bug, unless it is
    a name two organs share ("General Assembly") or a country and its city ("Panama" in
    French). Then one entry shows it, its default sense, and each other hides it and can be
    told by a document: by the series of its symbols (lex:symbolSeries), by the organisation
    it belongs to, or, for a city, by the preposition before it ("à Panama")."""
    owners: dict[tuple[str, str, str], set[URIRef]] = defaultdict(set)
    hidden: set[tuple[URIRef, str]] = set()
    for kind, e in entries(graph):
        for p in LABELS:
            for label in literals(graph, e, p):
                assert label.language
                owners[(kind, label.language, fold(str(label)))].add(e)
                if p == SKOS.hiddenLabel:
                    hidden.add((e, fold(str(label))))
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    for (_, _, form), senses in shared.items():
        shown = [e for e in senses if (e, form) not in hidden]
        assert len(shown) == 1, (form, sorted(map(key_of, senses)))
        for e in senses - set(shown):
            told = (e, URIRef(LEX_NS + "symbolSeries"), None) in graph
            told = told or (e, ORG.subOrganizationOf, None) in graph
            assert told or (e, RDF.type, SDO.City) in graph, key_of(e)
    assert {k[2] for k in shared} == SHARED_NAMES


def test_a_surface_form_names_one_entry_per_kind_across_languages(graph: Graph) -> None:
    owners: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for kind, e in entries(graph):
        for p in LABELS:
            for label in literals(graph, e, p):
                owners[(kind, fold(str(label)))].add(e)
    clashes = {k for k, v in owners.items() if len(v) > 1 and k[1] not in SHARED_NAMES}
    assert clashes == set(SAME_FORM_ACROSS_LANGUAGES)


def test_every_entry_has_forms_in_every_language(graph: Graph) -> None:
    for kind, e in entries(graph):
        if kind in UNMATCHED_SCHEMES:
            continue
        for lang in LANGS:
            assert any(literals(graph, e, p, lang) for p in LABELS), (kind, e, lang)


# --------------------------------------------------------------------------- the seed

SEED_SPEECH_ACTS = [
    ("Se félicitent", "welcome"),
    ("Réaffirment", "reaffirm"),
    ("encouragent", "encourage"),
    ("Prennent note", "take-note"),
    ("exhortent", "urge"),
    ("Soulignent", "stress"),
    ("reconnaissent", "recognize"),
    ("Expriment leur rejet", "reject"),
    ("rappellent", "recall"),
    ("réitèrent", "reiterate"),
    ("réaffirment", "reaffirm"),
    ("Réaffirment", "reaffirm"),
    ("soulignent", "stress"),
    ("Expriment leur préoccupation", "express-concern"),
]

SEED_ACTORS = [
    ("personnes migrantes", "migrants-and-families"),
    (
        "chefs d'État et de gouvernement de l'Amérique latine et de la Caraïbe",
        "heads-of-state-and-government-lac",
    ),
    ("Communauté d'États de l'Amérique latine et des Caraïbes", "celac"),
    ("CELAC", "celac"),
    ("personnes migrantes", "migrants-and-families"),
    ("personnes migrantes et de leurs familles", "migrants-and-families"),
    ("États", "states"),
    ("migrants", "migrants-and-families"),
    ("autorités des participants", "authorities-of-participants"),
    ("gouvernements d'Amérique latine et de la Caraïbe", "governments-lac"),
    ("émigrants", "migrants-and-families"),
    ("pays d'origine, de transit et de destination", "countries-of-origin-transit-and-destination"),
    ("émigrants", "migrants-and-families"),
    ("personnes migrantes", "migrants-and-families"),
    ("migrants", "migrants-and-families"),
    ("émigrants et leurs familles", "migrants-and-families"),
    ("migrants et de leurs familles", "migrants-and-families"),
    ("pays d'origine, de transit et de destination", "countries-of-origin-transit-and-destination"),
    ("personnes migrantes", "migrants-and-families"),
    ("pays de destination", "countries-of-destination"),
    ("migrants", "migrants-and-families"),
    ("pays d'origine et de destination", "countries-of-origin-and-destination"),
    ("travailleurs et des travailleuses migrants et de leurs familles", "migrant-workers"),
]

SEED_PLACES = [
    ("Amérique latine et de la Caraïbe", "latin-america-and-the-caribbean"),
    ("Caracas", "caracas"),
    ("République Bolivarienne du Venezuela", "venezuela"),
    ("Amérique latine et des Caraïbes", "latin-america-and-the-caribbean"),
    ("Lima", "lima"),
    ("Pérou", "peru"),
    ("Mexico", "mexico-city"),
    ("Amérique latine et de la Caraïbe", "latin-america-and-the-caribbean"),
]

SEED_PRINCIPLES = [
    ("tolérance", "tolerance"),
    ("solidarité", "solidarity"),
    ("complémentarité", "complementarity"),
    ("égalité des sexes", "gender-equality"),
    ("justice", "justice"),
    ("inclusion", "inclusion"),
    ("équité sociale", "social-equity"),
]

SEED_TOPICS = [
    ("droits de l'homme", "human-rights"),
    ("situation de vulnérabilité", "vulnerability"),
    ("droits humains", "human-rights"),
    ("développement économique et social", "economic-and-social-development"),
    ("facteurs expulseurs", "root-causes-of-migration"),
    ("migration internationale", "international-migration"),
    ("délinquance organisée transnationale", "transnational-organized-crime"),
    ("trafic illicite d'émigrants", "smuggling-of-migrants"),
    ("traite de personnes", "trafficking-in-persons"),
    ("protection et d'assistance", "protection-and-assistance"),
    ("criminalisation des migrants", "criminalisation-of-migrants"),
    ("racisme", "racism"),
    ("xénophobie", "xenophobia"),
    ("intégration", "integration"),
    ("droits humains", "human-rights"),
    ("politiques migratoires", "migration-policy"),
    ("migrations sûres", "safe-migration"),
    ("régularisation", "regularisation"),
    ("intégration", "integration"),
    ("interculturalité", "interculturality"),
    ("migration et le développement", "migration-and-development"),
    ("crise économique et financière", "economic-and-financial-crisis"),
    ("conditions de travail", "working-conditions"),
]

SEED_EXPECTED = {
    "speech-act": SEED_SPEECH_ACTS,
    "actor": SEED_ACTORS,
    "place": SEED_PLACES,
    "principle": SEED_PRINCIPLES,
    "topic": SEED_TOPICS,
    "event-type": [("Sommet", "summit"), ("Réunion", "meeting"), ("Réunion", "meeting")],
    "document-type": [("Communiqué", "communique")],
}


@pytest.mark.parametrize("kind", sorted(SEED_EXPECTED))
def test_seed_reads_as_intended(graph: Graph, kind: str) -> None:
    """Every match in the French seed, in order: nothing missed, nothing extra (a speech-act
    form that is a noun or participle in the seed, such as "reconnue", "soutien" or
    "rejet", would show here as an extra match)."""
    text = SEED.read_text(encoding="utf-8")
    assert find(text, surface_forms(graph, kind, "fr")) == SEED_EXPECTED[kind]


def test_misspelt_seed_verb_is_nearest_to_recognize(graph: Graph) -> None:
    """The misspelt "Reconnaittent" (paragraph 8) is left to the fuzzy-verb rule, not added
    as a form: its nearest one-word French verb form must be that of recognize."""
    forms = surface_forms(graph, "speech-act", "fr")
    assert "reconnaittent" not in forms
    one_word = [f for f in forms if " " not in f and "'" not in f]
    nearest = difflib.get_close_matches("reconnaittent", one_word, n=1, cutoff=0.8)
    assert nearest == ["reconnaissent"]
    assert key_of(forms[nearest[0]]) == "recognize"


# --------------------------------------------------------------------------- other texts

OPENINGS = [
    # the forms the brief names, in each language and tense
    ("fr", "Réaffirmons notre engagement", "reaffirm"),
    ("fr", "Les ministres réaffirmèrent leur soutien", "reaffirm"),
    ("fr", "Ils ont réaffirmé que", "reaffirm"),
    ("es", "Reafirman su compromiso", "reaffirm"),
    ("es", "Reafirmamos nuestro compromiso", "reaffirm"),
    ("es", "Los ministros reafirmaron que", "reaffirm"),
    ("en", "We reaffirm our shared commitment", "reaffirm"),
    ("en", "The ministers reaffirmed that", "reaffirm"),
    ("fr", "Prenons note des accords", "take-note"),
    ("es", "Toman nota de los acuerdos", "take-note"),
    ("es", "Tomamos nota de los acuerdos", "take-note"),
    ("en", "Take note of the agreements", "take-note"),
    ("en", "They took note of the agreements", "take-note"),
    ("fr", "Nous nous félicitons des résultats", "welcome"),
    ("es", "Saludan los resultados", "welcome"),
    ("es", "Celebran los resultados", "welcome"),
    ("es", "Acogen con beneplácito los resultados", "welcome"),
    ("en", "Welcome the results", "welcome"),
    ("en", "They welcomed the results", "welcome"),
    ("es", "Expresan su preocupación por", "express-concern"),
    ("en", "Express concern about", "express-concern"),
    ("en", "We express our concern about", "express-concern"),
    ("en", "They express their concern about", "express-concern"),
    ("es", "Rechazan la criminalización", "reject"),
    ("es", "Expresan su rechazo a la criminalización", "reject"),
    ("en", "Reject the criminalization", "reject"),
    ("fr", "Prennent note avec satisfaction des progrès", "note-with-satisfaction"),
    ("fr", "Exhortent les autorités", "urge"),
    ("es", "Instan a los Estados", "urge"),
    ("en", "Call upon the States", "call-upon"),
    # the Los Angeles declaration
    ("en", "We acknowledge that addressing irregular international migration", "acknowledge"),
    ("en", "We value the tradition of our region", "appreciate"),
    ("en", "We are committed to protecting the safety", "commit"),
    ("en", "We remain committed to collectively leveraging", "commit"),
    ("en", "We commit to guarantee human rights", "commit"),
    ("en", "We intend to cooperate closely", "intend"),
    ("en", "We plan to continue efforts", "intend"),
    ("en", "We seek to promote border security", "intend"),
    ("en", "Recognizing the imperative of promoting safe, orderly, and regular", "recognize"),
    ("en", "We applaud efforts throughout the region", "commend"),
    ("en", "We affirm that regular pathways", "affirm"),
    ("es", "Nos comprometemos a proteger la seguridad", "commit"),
    ("es", "Seguimos comprometidos con el aprovechamiento", "commit"),
    ("es", "Prevemos cooperar estrechamente", "intend"),
    ("es", "Tenemos previsto continuar los esfuerzos", "intend"),
    ("es", "Nos proponemos ampliar los esfuerzos", "intend"),
    ("es", "Valoramos la tradición de nuestra región", "appreciate"),
    ("es", "Aplaudimos los esfuerzos", "commend"),
    ("es", "Apoyamos los esfuerzos", "support"),
]


@pytest.mark.parametrize(("lang", "text", "key"), OPENINGS, ids=[o[1] for o in OPENINGS])
def test_clause_opening_is_read_as_its_act(graph: Graph, lang: str, text: str, key: str) -> None:
    found = find(text, surface_forms(graph, "speech-act", lang))
    assert [k for _, k in found] == [key]


# Words of the Los Angeles declaration that match a speech-act form without opening a
# clause: English verbs that are also nouns, or sit in a relative clause. The extractor
# must not open a clause there; listed so that a new one is noticed.
LA_NOT_OPENINGS = {
    "en": [("financial support instruments", "support"), ("and encourage and", "encourage")],
    "es": [],
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_los_angeles_speech_acts_open_clauses(graph: Graph, lang: str) -> None:
    path = CORPUS / f"los-angeles-declaration-2022-{lang}.txt"
    text = path.read_text(encoding="utf-8")
    forms = surface_forms(graph, "speech-act", lang)
    opener = re.compile(r"(?:^|[.,;:*]|\b(?:we|also|further|también|además))\s*$", re.IGNORECASE)
    strays = []
    for start, end, entry in spans(text, forms):
        before = " ".join(text[max(0, start - 40) : start].split())
        if not opener.search(before):
            after = " ".join(text[end : end + 30].split()).split()
            words = [*before.split()[-1:], " ".join(text[start:end].split()), *after[:1]]
            strays.append((" ".join(words), key_of(entry)))
    assert sorted(set(strays)) == sorted(LA_NOT_OPENINGS[lang])


def test_english_and_spanish_declarations_name_the_same_topics(graph: Graph) -> None:
    """The two versions of the Los Angeles declaration are translations: the topics the
    vocabulary finds in each should be the same."""
    found = {}
    for lang in ("en", "es"):
        path = CORPUS / f"los-angeles-declaration-2022-{lang}.txt"
        text = path.read_text(encoding="utf-8")
        found[lang] = {k for _, k in find(text, surface_forms(graph, "topic", lang))}
    assert found["en"] == found["es"]
    assert len(found["en"]) >= 15
