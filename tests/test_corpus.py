"""The corpus: ingesting texts of any shape, language versions, the store, the queries.

The corpus is built once per session from data/*.txt and tests/fixtures/corpus/*.txt
(the Los Angeles Declaration in English and Spanish, verbatim, and synthetic texts shaped
like the genre; see tests/fixtures/corpus/README.md).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from lexgraph import align, corpus, ingest, paths, remote, shacl_sparql
from lexgraph.cli import cli
from lexgraph.corpus_cli import store_graph
from lexgraph.extract import Extraction, extract
from lexgraph.lang import ordinal
from lexgraph.namespaces import ELI, LEX
from lexgraph.segment import segment, segment_documents
from lexgraph.textio import read_text
from lexgraph.vocabulary import Vocabulary
from tests.servers import Oxigraph
from tests.terminal import in_a_pipe, on_a_terminal
from tests.test_serve_support import lexgraph_server

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
LA_EN = FIXTURES / "los-angeles-declaration-2022-en.txt"
LA_ES = FIXTURES / "los-angeles-declaration-2022-es.txt"
LA_FR = FIXTURES / "los-angeles-declaration-2022-fr.txt"
SYNTHETIC_FR = FIXTURES / "synthetic-communique-2012-fr.txt"
SYNTHETIC_EN = FIXTURES / "synthetic-resolutions-en.txt"
SYNTHETIC_ES = FIXTURES / "synthetic-informe-2013-es.txt"
ID = "https://w3id.org/lexgraph/id/"
LA_WORK = ID + "eli/declaration/los-angeles/2022/06/10/"
LA_WORK += "declaration-de-los-angeles-sur-les-migrations-et-la-protection"
SEED_WORK = (
    ID + "eli/communique/caracas/2011/12/03/"
    "communique-special-sur-la-situation-des-droits-de-l-homme-des-personnes-migrantes"
)
CORPUS_QUERIES = sorted((paths.queries_dir() / "corpus").glob("*.rq"))
SCRIPT = Path(sys.executable).with_name("lexgraph")


def corpus_files() -> list[Path]:
    return sorted(paths.data_dir().glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return Vocabulary.load()


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    """A store built from the seed, the Los Angeles Declaration and the synthetic texts."""
    folder = tmp_path_factory.mktemp("corpus") / "store"
    with corpus.CorpusStore(folder, create=True) as db:
        corpus.ingest_files(db, corpus_files(), vocab=vocab)
    return folder


@pytest.fixture
def store(corpus_dir: Path) -> Iterator[corpus.CorpusStore]:
    with corpus.CorpusStore(corpus_dir, read_only=True) as db:
        yield db


OA_START = "http://www.w3.org/ns/oa#start"
PREFIX_ELI = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"


def rows(db: corpus.CorpusStore, sparql: str) -> list[dict[str, str]]:
    result = db.query(sparql)
    return [{str(k): str(v) for k, v in b.items()} for b in result.bindings]


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# --- ingesting real texts ----------------------------------------------------------------


def test_los_angeles_front_matter_is_not_text() -> None:
    (doc,) = segment_documents(read_text(LA_EN), "en.txt")
    assert doc.title == "Los Angeles Declaration on Migration and Protection"
    assert doc.metadata["date"] == "2022-06-10"
    assert doc.metadata["source"].startswith("github brian14708/wh-briefings")
    assert doc.paragraphs[0].text.startswith("We, the Heads of State and Government")
    assert not any("source_url" in p.text or p.text.startswith("**") for p in doc.paragraphs)
    # headings ("**Promoting ...**") are not paragraphs; list items are, without "-"
    assert not any(p.text.startswith("Promoting") for p in doc.paragraphs)
    assert [p.text.split()[0] for p in doc.paragraphs[12:17]] == [
        "Convene",
        "Improve",
        "Strengthen",
        "Improve",
        "Expand",
    ]
    assert len(doc.paragraphs) == 18 and not doc.numbered


def test_seed_segments_the_same_in_both_segmenters() -> None:
    text = read_text(paths.data_dir() / "000_da563d301c0450ee.txt")
    (general,) = segment_documents(text)
    strict = segment(text)
    assert (general.title, general.paragraphs) == (strict.title, strict.paragraphs)


def test_los_angeles_speech_acts_actors_and_meeting(vocab: Vocabulary) -> None:
    docs = [d for path in (LA_EN, LA_ES) for d in ingest.read_documents(path, vocab)]
    en, es = (d.extraction for d in docs)
    assert (en.lang, es.lang) == ("en", "es")
    for x in (en, es):
        assert x.author == URIRef(ID + "actor/heads-of-state-and-government")
        assert x.place == URIRef(ID + "place/los-angeles")
        # "the Ninth Summit of the Americas", "la Novena Cumbre de las Américas": the
        # meeting ontology/meetings.ttl describes, with its days
        assert x.framework_event == URIRef(ID + "event/2022-06-06/los-angeles/summit")
        (summit,) = x.meetings
        assert (summit.first, summit.last) == ("2022-06-06", "2022-06-10")
        assert x.date == "2022-06-10"  # from the YAML header
    acts = {(c.paragraph, c.verb, str(c.act).rsplit("/", 1)[-1]) for c in en.clauses}
    assert {(1, "reiterate", "reiterate"), (6, "reaffirm", "reaffirm")} <= acts
    assert (11, "Recognizing", "recognize") in acts
    es_acts = {(c.paragraph, c.verb, str(c.act).rsplit("/", 1)[-1]) for c in es.clauses}
    assert {(1, "reiteramos", "reiterate"), (6, "Reafirmamos", "reaffirm")} <= es_acts
    principles = {str(m.body) for m in en.mentions if m.kind == "principle"}
    assert ID + "concept/principle/solidarity" in principles


def test_list_items_carry_the_speech_act_of_their_lead_in(vocab: Vocabulary) -> None:
    """ "... we intend to work together across the hemisphere to:" then five bulleted items
    that open with a bare infinitive ("Convene", "Convocar"): each item's first clause has
    no verb of its own and expresses the lead-in's act; a verb inside the item ("to review
    financial support instruments") opens no clause."""
    for path in (LA_EN, LA_ES):
        (doc,) = ingest.read_documents(path, vocab)
        x = doc.extraction
        assert not [w for w in x.warnings if "no speech act" in w], x.warnings
        (lead,) = [c for c in x.clauses if c.paragraph == 12]
        assert str(lead.act).endswith("/intend") and lead.verb in ("intend", "pretendemos")
        items = [c for c in x.clauses if 13 <= c.paragraph <= 17]
        assert [(c.paragraph, c.index, c.verb, c.act, c.governed_by) for c in items] == [
            (n, 1, None, lead.act, (12, 1)) for n in range(13, 18)
        ]
        by_number = {p.number: p for p in x.paragraphs}
        for c in items:
            assert c.text == by_number[c.paragraph].text.rstrip(" ,")
        assert not [m for m in x.mentions if m.kind == "speech-act" and 13 <= m.paragraph <= 17]
        # the paragraph after the list opens no item: its own verbs
        assert all(c.governed_by is None for c in x.clauses if c.paragraph == 18)


def _read_text(tmp_path: Path, vocab: Vocabulary, text: str, lang: str) -> ingest.Document:
    """The one document of a text written to a file, read in lang."""
    path = tmp_path / f"text-{lang}.txt"
    path.write_text(text, encoding="utf-8")
    (read,) = ingest.read_documents(path, vocab, lang)
    return read


def _acts(x: Extraction) -> list[tuple[int, str | None, str, str | None, tuple[int, int] | None]]:
    return [
        (
            c.paragraph,
            c.verb,
            str(c.act).rsplit("/", 1)[-1],
            str(c.receiver).rsplit("/", 1)[-1] if c.receiver else None,
            c.governed_by,
        )
        for c in x.clauses
    ]


def test_an_unseen_resolution_reads_its_type_and_date_above_the_text(vocab: Vocabulary) -> None:
    """A UN-style resolution: "Resolution adopted by the General Assembly on ..." above the
    text gives type and date; "(a)" items belong to their numbered paragraph; "to adopt"
    after "Urges States" completes the urging and opens no clause of its own."""
    (doc,) = ingest.read_documents(FIXTURES / "synthetic-resolution-2031-en.txt", vocab)
    x = doc.extraction
    assert (x.doctype, x.date) == (URIRef(ID + "concept/document-type/resolution"), "2031-12-18")
    assert x.author == URIRef(ID + "actor/un-general-assembly")
    assert [x.kinds[p.number] for p in x.paragraphs] == ["chapeau"] + ["preambular"] * 3 + [
        "operative"
    ] * 3
    assert x.paragraphs[5].text.endswith("(b) to guarantee access to consular assistance;")
    assert _acts(x)[3:] == [
        (5, "Calls upon", "call-upon", "states", None),
        (6, "Urges", "urge", "states", None),
        (7, "Requests", "request", "un-secretary-general", None),
    ]
    requests = [m for m in x.mentions if m.kind == "speech-act" and m.paragraph == 7]
    assert [(m.exact, m.rule, m.label) for m in requests] == [
        ("Requests", "inflected-verb", "request")
    ]
    assert not x.warnings  # a singular verb is grammar, not a misspelling to warn of


@pytest.mark.parametrize(
    "line",
    [
        "Adoptado por el Coloquio sobre la Protección Internacional de los Refugiados, "
        "celebrado en Cartagena, Colombia, el 22 de noviembre de 1984",
        "Adoptada en Cartagena el 22 de noviembre de 1984",
    ],
)
def test_a_line_saying_who_adopted_the_text_is_front_matter(
    vocab: Vocabulary, line: str, tmp_path: Path
) -> None:
    """Under the title, "Adoptado por ..." says who adopted the text, where and when: front
    matter, which dates the text, not a paragraph whose act is to adopt."""
    text = (
        f"Declaración de Cartagena sobre Refugiados\n\n{line}\n\n"
        "Recordando las conclusiones del Coloquio,\n\nReiteran la importancia de la protección.\n"
    )
    (doc,) = segment_documents(text, "t.txt")
    assert doc.metadata["front"] == line
    assert [p.text.split()[0] for p in doc.paragraphs] == ["Recordando", "Reiteran"]
    assert not any(m.label == "adopt" for m in extract(doc, vocab, "es").mentions)
    path = tmp_path / "cartagena.txt"
    path.write_text(text, encoding="utf-8")
    (read,) = ingest.read_documents(path, vocab, "es")
    assert read.extraction.date == "1984-11-22"


@pytest.mark.parametrize(
    ("lang", "above", "title", "chapeau"),
    [
        (
            "en",
            "United Nations\nGeneral Assembly\nSeventy-first session\n\n"
            "The General Assembly\nAdopts the following outcome document of the high-level "
            "plenary meeting on addressing large movements of refugees and migrants:",
            "Declaration for Refugees and Migrants",
            "We, the Heads of State and Government, meeting in Lima on 19 September 2016, "
            "have adopted the following declaration.",
        ),
        (
            "es",
            "Naciones Unidas\nAsamblea General\n\nLa Asamblea General\n"
            "Aprueba la siguiente Declaración:",
            "Declaración sobre los Refugiados y los Migrantes",
            "Nosotros, los Jefes de Estado y de Gobierno, reunidos en Lima el 19 de septiembre "
            "de 2016, hemos aprobado la siguiente declaración.",
        ),
        (
            "fr",
            "Nations Unies\nAssemblée générale\n\nL'Assemblée générale\n"
            "Adopte le document final suivant de la réunion plénière de haut niveau :",
            "Déclaration sur les réfugiés et les migrants",
            "Nous, chefs d'État et de gouvernement, réunis à Lima le 19 septembre 2016, avons "
            "adopté la déclaration suivante.",
        ),
    ],
)
def test_the_formula_adopting_the_text_below_is_front_matter(
    vocab: Vocabulary, lang: str, above: str, title: str, chapeau: str, tmp_path: Path
) -> None:
    """A resolution that adopts the text below it ("The General Assembly / Adopts the
    following outcome document ...:") is front matter, with the masthead above it; the
    heading under it is the title, and the text's own chapeau dates the text."""
    text = (
        f"{above}\n\n{title}\n\n{chapeau}\n\nI. Introduction\n\n"
        "1. Since earliest times, humanity has been on the move.\n\n"
        "2. We reaffirm the principle of non-refoulement.\n"
    )
    path = tmp_path / f"t-{lang}.txt"
    path.write_text(text, encoding="utf-8")
    (read,) = ingest.read_documents(path, vocab, lang)
    doc = read.segmented
    assert doc.title == title
    assert doc.metadata["front"].splitlines()[-1].endswith(":")
    assert [p.text for p in doc.paragraphs][0] == chapeau
    assert [p.printed for p in doc.paragraphs] == [None, 1, 2]
    assert read.extraction.date == "2016-09-19"
    assert str(read.extraction.place).endswith("/lima")
    # a preamble above the formula is the text's own, not front matter
    preamble = "The General Assembly,\n\nRecalling its resolutions on the protection of migrants,"
    (kept,) = segment_documents(f"{preamble}\n\n{above}\n\n{title}\n\n1. We note A.\n")
    assert "front" not in kept.metadata
    # nor is a formula followed by the items it adopts: it is the text's chapeau
    (own,) = segment_documents(f"{above}\n\n(a) Recalls its conclusions;\n\n(b) Urges States.\n")
    assert "front" not in own.metadata and own.paragraphs[-3].text.endswith(":")


@pytest.mark.parametrize(
    ("lang", "text", "exact", "act"),
    [
        (
            "es",
            "Teniendo igualmente presente la Convención,",
            "Teniendo igualmente presente",
            "consider",
        ),
        ("es", "Toman asimismo nota del informe.", "Toman asimismo nota", "take-note"),
        ("fr", "Tenant également compte des efforts,", "Tenant également compte", "consider"),
        ("fr", "Nous prenons aussi note du rapport.", "prenons aussi note", "take-note"),
        ("en", "Taking also into account the efforts,", "Taking also into account", "consider"),
    ],
)
def test_an_adverb_inside_a_set_phrase_keeps_the_phrase(
    vocab: Vocabulary, lang: str, text: str, exact: str, act: str
) -> None:
    """ "Teniendo igualmente presente": the adverb after the phrase's first word is read
    with it, and the act is the phrase's, not a shorter one's or none."""
    (m, *_) = vocab.find(text, "speech-act", lang)
    assert (m.exact, str(m.entry).rsplit("/", 1)[-1]) == (exact, act)
    assert m.label.lower() == " ".join(
        w
        for w in exact.lower().split()
        if w not in {"igualmente", "asimismo", "également", "aussi", "also"}
    )


@pytest.mark.parametrize(
    ("lang", "text", "acts"),
    [
        (
            "es",
            "DECLARAN:\n\n1. Reconocer la importancia de la cooperación.\n\n"
            "2. Fortalecer la lucha contra la trata de personas.\n\n"
            "3. Continuar trabajando con los países de tránsito.\n\n"
            "4. La Secretaría Técnica presentará un informe.\n\n"
            "Quito, 4 de septiembre de 2018\n",
            ["declare", "recognize", "declare", "declare", None],
        ),
        (
            "fr",
            "DÉCIDENT :\n\n1. De poursuivre la coopération.\n\n"
            "2. D'exhorter les États à protéger les migrants.\n\n"
            "3. Renforcer la lutte contre la traite des personnes.\n\n"
            "4. Entre les États, la coopération se poursuit.\n\n"
            "Quito, le 4 septembre 2018\n",
            ["decide", "decide", "urge", "decide", None],
        ),
        (
            "en",
            "AGREE:\n\n1. To continue working with countries of transit.\n\n"
            "2. To recognize the importance of cooperation.\n\n"
            "3. To strengthen the fight against trafficking in persons.\n\n"
            "4. The Technical Secretariat will present a report.\n\n"
            "Quito, 4 September 2018\n",
            ["agree", "agree", "recognize", "agree", None],
        ),
    ],
)
def test_numbered_items_under_a_lead_in_that_open_with_an_infinitive(
    vocab: Vocabulary, lang: str, text: str, acts: list[str | None], tmp_path: Path
) -> None:
    """ "DECLARAN: 1. Reconocer ... 2. Fortalecer ...": an item whose infinitive is a
    speech act of the vocabulary is that act; one whose infinitive is not ("Fortalecer",
    "To continue") goes on the lead-in's act; the list ends at a paragraph that opens
    otherwise. The dateline under the text dates it, over the meeting's days."""
    chapeau = {
        "es": "Los Ministros, reunidos en Quito los días 3 y 4 de septiembre de 2018,",
        "fr": "Les Ministres, réunis à Quito les 3 et 4 septembre 2018,",
        "en": "The Ministers, meeting in Quito on 3 and 4 September 2018,",
    }[lang]
    path = tmp_path / f"t-{lang}.txt"
    path.write_text(f"Declaración\n\n{chapeau}\n\n{text}", encoding="utf-8")
    (read,) = ingest.read_documents(path, vocab, lang)
    x = read.extraction
    first: dict[int, str] = {}
    for c in x.clauses:
        first.setdefault(c.paragraph, str(c.act).rsplit("/", 1)[-1])
    assert [first.get(p.number) for p in read.segmented.paragraphs[1:]] == acts
    assert x.date == "2018-09-04" and str(x.place).endswith("/quito")


@pytest.mark.parametrize(
    ("lang", "text", "done", "day", "city"),
    [
        (
            "fr",
            "Nous, Ministres, réunis à Rabat les 10 et 11 juillet 2006,\n\n"
            "Nous nous engageons à protéger les migrants.",
            "Fait à Rabat, le 11 juillet 2006.",
            "2006-07-11",
            "rabat",
        ),
        (
            "es",
            "Los Ministros, reunidos los días 2 y 3 de junio de 2015,\n\n"
            "Reafirman su compromiso con los migrantes.",
            "Hecho en Quito, Ecuador, el 3 de junio de 2015",
            "2015-06-03",
            "quito",
        ),
        (
            "en",
            "We, the Ministers,\n\nReaffirm our commitment to migrants.",
            "Done at Geneva on 4 May 2019.",
            "2019-05-04",
            "geneva",
        ),
    ],
)
def test_the_line_saying_where_and_when_the_text_was_done_dates_and_places_it(
    vocab: Vocabulary, lang: str, text: str, done: str, day: str, city: str, tmp_path: Path
) -> None:
    """ "Fait à ..., le ...", "Hecho en ..., el ...", "Done at ... on ...": the closing
    formula, not a paragraph; its day is the text's date (over the days of the meeting
    the chapeau names), its city the text's place when the chapeau names none; the
    signatures under it are closing lines. The words that give that date and place are
    anchored in the source file, and the document's graph conforms to the shapes."""
    path = tmp_path / f"t-{lang}.txt"
    title = {"fr": "Déclaration", "es": "Declaración", "en": "Declaration"}[lang]
    path.write_text(f"{title}\n\n{text}\n\n{done}\n\nPor el Perú\nPor Chile\n")
    (read,) = ingest.read_documents(path, vocab, lang)
    assert read.segmented.metadata["done"] == done
    assert read.segmented.metadata["closing"] == "Por el Perú\nPor Chile"
    assert len(read.segmented.paragraphs) == 2
    assert read.extraction.date == day
    assert str(read.extraction.place).endswith("/" + city)
    assert not read.warnings
    source = path.read_text(encoding="utf-8")
    anchored = {m.kind: m for m in read.extraction.line_mentions}
    # the chapeau names Rabat; Quito and Geneva are named by the closing line alone
    assert sorted(anchored) == (["date"] if lang == "fr" else ["date", "place"])
    for m in anchored.values():
        assert source[m.start : m.end] == m.exact and m.exact in done
        assert source[: m.start].endswith(m.prefix) and source[m.end :].startswith(m.suffix)
    assert anchored["date"].body == URIRef(f"{ID}period/{day}/{day}")
    out = tmp_path / "t.ttl"
    assert invoke("ingest", "--lang", lang, str(path), "-o", out)[0] == 0
    code, shown, _ = invoke("validate", "--data", out)
    assert code == 0 and "0 violations" in shown, shown
    graph = Graph().parse(out)
    sources = {str(s) for s in graph.objects(None, URIRef("http://www.w3.org/ns/oa#hasSource"))}
    assert any(s.startswith(f"{ID}source/") for s in sources)


@pytest.mark.parametrize(
    ("lang", "items", "acts"),
    [
        (
            "es",
            "ACUERDAN:\n\n1. Reconocer los avances en la protección de los migrantes.\n\n"
            "2. Instruir a la Secretaría Técnica a que elabore un informe.\n\n"
            "3. Comprometerse a proteger a los migrantes.\n\n"
            "4. Agradecer al Gobierno de Nicaragua su hospitalidad.\n",
            [
                ("Reconocer", "recognize"),
                ("Instruir", "instruct"),
                ("Comprometerse", "commit"),
                ("Agradecer", "thank"),
            ],
        ),
        (
            "fr",
            "DÉCIDENT :\n\n1. De reconnaître les progrès accomplis.\n\n"
            "2. D’exhorter les États à protéger les migrants.\n\n"
            "3. De se féliciter des progrès.\n\n4. Rappeler la Déclaration de Lima.\n\n"
            "5. De nombreux migrants restent sans protection.\n",
            [
                ("reconnaître", "recognize"),
                ("exhorter", "urge"),
                ("se féliciter", "welcome"),
                ("Rappeler", "recall"),
            ],
        ),
    ],
)
def test_the_infinitive_opening_each_item_of_a_list_is_its_act(
    vocab: Vocabulary, lang: str, items: str, acts: list[tuple[str, str]]
) -> None:
    """Under "ACUERDAN:" or "DÉCIDENT :", each numbered item opens with an infinitive
    ("Reconocer", "D'exhorter", "Comprometerse"): read by the grammar, with no warning of a
    misspelling; "De" before a word that is no infinitive is not a verb."""
    (doc,) = segment_documents(f"Declaración\n\nLos Ministros, reunidos en Lima,\n\n{items}")
    x = extract(doc, vocab, lang)
    found = [m for m in x.mentions if m.kind == "speech-act" and m.paragraph > 2]
    assert [(m.exact, str(m.body).rsplit("/", 1)[-1]) for m in found] == acts
    assert {m.rule for m in found} == {"inflected-verb"}
    assert not [w for w in x.warnings if "read as" in w]
    assert [x.kinds[p.number] for p in doc.paragraphs[2:]] == ["operative"] * (
        len(acts) + (lang == "fr")
    )


@pytest.mark.parametrize(
    ("lang", "text", "commits"),
    [
        ("fr", "Nous veillerons à la protection des migrants.", True),
        ("es", "Seguiremos trabajando por los migrantes.", True),
        ("es", "Extremos cuidados con los migrantes.", False),
        ("fr", "Les environs de la frontière.", False),
    ],
)
def test_a_paragraph_in_the_future_tense_commits_its_authors(
    vocab: Vocabulary, lang: str, text: str, commits: bool
) -> None:
    """The first person plural of the future is a commitment, found by its own rule; a
    word that only ends like a future is not."""
    (doc,) = segment_documents(f"Declaración\n\n{text}\n", "t.txt")
    x = extract(doc, vocab, lang)
    found = [
        m
        for m in x.mentions
        if m.kind == "speech-act" and m.rule == "future-tense" and m.start == 0
    ]
    assert bool(found) is commits
    if commits:
        assert str(found[0].body).endswith("/commit") and text.startswith(found[0].exact)


@pytest.mark.parametrize(
    ("lang", "text", "acts"),
    [
        (
            "fr",
            "L'Assemblée générale,\n\nRéaffirmant ses résolutions,\n\n"
            "Condamnant les actes de racisme contre les migrants,\n\n"
            "1. Prie le Secrétaire général de présenter un rapport ;\n\n"
            "2. Exhorte les États à protéger les migrants ;\n\n"
            "3. Prend note du rapport du Secrétaire général.\n",
            [
                ("Condamnant", "condamnent", "condemn"),
                ("Prie", "prient", "request"),
                ("Exhorte", "exhortent", "urge"),
                ("Prend note", "prennent note", "take-note"),
            ],
        ),
        (
            "es",
            "La Asamblea General,\n\nReafirmando sus resoluciones,\n\n"
            "1. Exhorta a los Estados a proteger a los migrantes;\n\n"
            "2. Pide al Secretario General que presente un informe.\n",
            [("Exhorta", "exhortan", "urge"), ("Pide", "piden", "request")],
        ),
        (
            "en",
            "The General Assembly,\n\nWelcoming the report of the Secretary-General,\n\n"
            "1. Requests the Secretary-General to report to it at its next session.\n",
            [("Welcoming", "welcome", "welcome"), ("Requests", "request", "request")],
        ),
    ],
)
def test_a_body_speaking_in_the_third_person_singular(
    vocab: Vocabulary, lang: str, text: str, acts: list[tuple[str, str, str]]
) -> None:
    """One body's verbs ("Prie", "Exhorta") are the singular of the vocabulary's plural
    forms, and a preambular paragraph's participle ("Condamnant", "Welcoming") is its
    participle: read by the grammar's endings, with no warning, at a paragraph's opening
    only ("welcoming" in mid-sentence is often an adjective)."""
    (doc,) = segment_documents("Résolution\n\n" + text, f"t-{lang}.txt")
    x = extract(doc, vocab, lang)
    found = [m for m in x.mentions if m.kind == "speech-act" and m.rule == "inflected-verb"]
    assert [(m.exact, m.label, str(m.body).rsplit("/", 1)[-1]) for m in found] == acts
    assert not x.warnings
    assert vocab.inflected_opening("la demande des États", "speech-act", "fr") is None
    welcoming = "We support communities welcoming refugees and migrants."
    assert not [m for m in vocab.find(welcoming, "speech-act", "en") if m.exact == "welcoming"]


@pytest.mark.parametrize(
    ("name", "title", "adopted", "closing", "acts"),
    [
        (
            "synthetic-resolucion-2034-es.txt",
            "Protección de los migrantes",
            "2034-12-19",
            "53a sesión plenaria 19 de diciembre de 2034",
            [(5, "Exhorta", "urge"), (6, "Alienta", "encourage"), (7, "Solicita", "request")],
        ),
        (
            "synthetic-resolution-2035-fr.txt",
            "Protection des migrants",
            "2035-12-17",
            "54e séance plénière 17 décembre 2035",
            [(5, "Demande", "request"), (6, "Engage", "urge"), (7, "Prie", "request")],
        ),
        (  # distributed on 9 January 2037, adopted on 20 December 2036
            "synthetic-resolution-2036-en.txt",
            "Protection of migrants",
            "2036-12-20",
            "56th plenary meeting 20 December 2036",
            [
                (4, "Reaffirms", "reaffirm"),
                (5, "Encourages", "encourage"),
                (6, "Decides", "decide"),
            ],
        ),
    ],
)
def test_a_resolution_laid_out_as_the_un_prints_it(
    vocab: Vocabulary,
    runner: CliRunner,
    tmp_path: Path,
    name: str,
    title: str,
    adopted: str,
    closing: str,
    acts: list[tuple[int, str, str]],
) -> None:
    """Masthead and symbol, session, agenda item and "adopted by" line above the title,
    which follows the resolution's number ("89/141. Protección ..."): front matter. The
    closing line ("53a sesión plenaria") is not a paragraph. The chapeau ("La Asamblea
    General,") names the author; operative paragraphs keep the numbers they print."""
    (doc,) = ingest.read_documents(FIXTURES / name, vocab)
    meta, x = doc.segmented.metadata, doc.extraction
    assert doc.segmented.title == x.title == title
    assert meta["symbol"].startswith("A/RES/") and meta["number"] == meta["symbol"][6:]
    assert meta["closing"] == closing
    assert x.doctype == URIRef(ID + "concept/document-type/resolution")
    assert x.date == adopted
    assert x.author == URIRef(ID + "actor/un-general-assembly")
    preamble = len(x.paragraphs) - 3
    kinds = [x.kinds[p.number] for p in x.paragraphs]
    assert kinds == ["chapeau"] + ["preambular"] * (preamble - 1) + ["operative"] * 3
    assert [p.printed for p in x.paragraphs] == [None] * preamble + [1, 2, 3]
    operative = [(c.paragraph, c.verb, str(c.act).rsplit("/", 1)[-1]) for c in x.clauses]
    assert [c for c in operative if c[0] > preamble] == acts
    assert not doc.segmented.warnings
    out = tmp_path / "resolution.ttl"
    result = runner.invoke(cli, ["ingest", str(FIXTURES / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out)
    (work,) = set(g.subjects(ELI.has_part, None))
    # the work's local identifier (the Universal Declaration it cites has its own)
    assert {str(s) for s in g.objects(work, ELI.id_local)} == {meta["symbol"]}


def test_a_resolution_keeps_the_numbers_it_prints_on_its_operative_paragraphs(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A resolution numbers only its operative paragraphs: the work numbers every paragraph
    by position (operative "1." is paragraph 5), and the English text keeps the "1" it
    prints, in lex:printedNumber, shown by the reading view."""
    source = FIXTURES / "synthetic-resolution-2031-en.txt"
    out = tmp_path / "resolution.ttl"
    result = runner.invoke(cli, ["ingest", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out)
    printed = g.query(
        """PREFIX eli: <http://data.europa.eu/eli/ontology#>
        PREFIX lex: <https://w3id.org/lexgraph/ontology#>
        SELECT ?number ?printed WHERE {
            ?para eli:number ?number ; eli:is_realized_by ?text .
            OPTIONAL { ?text lex:printedNumber ?printed }
        } ORDER BY xsd:integer(?number)"""
    )
    assert [(str(n), p and str(p)) for n, p in printed] == [
        ("1", None),
        ("2", None),
        ("3", None),
        ("4", None),
        ("5", "1"),
        ("6", "2"),
        ("7", "3"),
    ]
    result = runner.invoke(cli, ["validate", "--data", str(out)])
    assert result.exit_code == 0 and "0 violations" in result.output, result.output
    with lexgraph_server(tmp_path / "serve.log", ["--data", str(out)]) as served:
        work = ID + "eli/resolution/2031/12/18/protection-of-migrants"
        page = urllib.parse.quote(work.removeprefix(ID))
        with urllib.request.urlopen(f"{served.base}/page/{page}", timeout=30) as response:
            view = re.sub(r"<[^>]+>", "", response.read().decode("utf-8"))
    assert "¶ 5 operative paragraph, numbered 1 in the text" in re.sub(r"\s+", " ", view)
    assert "numbered 4 in the text" not in view


def test_printed_numbers_only_where_they_run_from_one() -> None:
    """A text numbered throughout prints its numbers; one whose numbers start again (two
    lists) has none it can be trusted with, so its paragraphs are numbered by position."""
    (numbered,) = segment_documents("Title\n\n1. We reaffirm A.\n\n2. We urge B.\n", "t.txt")
    assert [(p.number, p.printed) for p in numbered.paragraphs] == [(1, 1), (2, 2)]
    text = "Title\n\nWe note A.\n\n1. We reaffirm B.\n\n2. We urge C.\n"
    (mixed,) = segment_documents(text, "t.txt")
    assert [(p.number, p.printed) for p in mixed.paragraphs] == [(1, None), (2, 1), (3, 2)]
    text = "Title\n\nWe note A.\n\n2. We reaffirm B.\n\n3. We urge C.\n"
    (odd,) = segment_documents(text, "t.txt")
    assert [(p.number, p.printed) for p in odd.paragraphs] == [(1, None), (2, None), (3, None)]
    # a number like a resolution's ("1/2.") in the text, below its opening, titles nothing
    (body,) = segment_documents("Title\n\nWe note A,\n\n1/2. We reaffirm B.\n", "t.txt")
    assert body.title == "Title" and "number" not in body.metadata
    assert [p.text for p in body.paragraphs] == ["We note A,", "1/2. We reaffirm B."]


def test_unseen_declarations_with_lettered_items(vocab: Vocabulary) -> None:
    """French, numbered: "a)", "b)" stay in their paragraph; Spanish, unnumbered: they are
    items that carry the lead-in's act ("Se comprometen a:"); a date in a line under the
    title ("Lima, le 14 avril 2032") or in a bracketed note dates the document."""
    (fr,) = ingest.read_documents(FIXTURES / "synthetic-declaration-2032-fr.txt", vocab)
    x = fr.extraction
    assert (x.date, x.place) == ("2032-04-14", URIRef(ID + "place/lima"))
    assert [p.text[:20] for p in x.paragraphs][3:] == [
        "Nous engageons à : a",
        "Exhortons les États ",
    ]
    assert not x.warnings
    (es,) = ingest.read_documents(FIXTURES / "synthetic-declaracion-2033-es.txt", vocab)
    x = es.extraction
    assert es.segmented.metadata == {"note": "Aprobada el 5 de marzo de 2033"}
    assert (x.date, x.place) == ("2033-03-05", URIRef(ID + "place/caracas"))
    assert x.author == URIRef(ID + "actor/heads-of-state-and-government-lac")
    assert _acts(x) == [
        (2, "Reafirman", "reaffirm", None, None),
        (3, "Se comprometen", "commit", None, None),
        (4, None, "commit", None, (3, 1)),
        (5, None, "commit", None, (3, 1)),
        (6, "Instan", "urge", "states", None),
    ]
    assert not x.warnings


@pytest.mark.parametrize(
    ("lang", "text", "acts"),
    [
        (
            "es",
            "Declaración\n\n1. Reafirmamos el compromiso con los migrantes.\n\n"
            "1.1 Reconocemos su contribución.\n\n1.2. Condenamos la xenofobia.\n\n"
            "2. Instamos a los Estados a cooperar.\n\n2.1. Acordamos fortalecer la "
            "cooperación\nde 1.5 millones de personas.\n",
            [
                (1, "Reafirmamos el compromiso con los migrantes.", "reaffirm"),
                (1, "Reconocemos su contribución.", "recognize"),
                (1, "Condenamos la xenofobia.", "condemn"),
                (2, "Instamos a los Estados a cooperar.", "urge"),
                (2, "Acordamos fortalecer la cooperación de 1.5 millones de personas.", "agree"),
            ],
        ),
        (
            "en",
            "Declaration\n\n1. We reaffirm our commitment.\n2.1 We condemn xenophobia.\n\n"
            "2. We urge States to cooperate.\n\n2.1 We recognize their efforts.\n",
            [
                (1, "We reaffirm our commitment.", "reaffirm"),
                (1, "We condemn xenophobia.", "condemn"),
                (2, "We urge States to cooperate.", "urge"),
                (2, "We recognize their efforts.", "recognize"),
            ],
        ),
    ],
)
def test_subparagraph_numbers_stay_in_their_paragraph(
    vocab: Vocabulary, lang: str, text: str, acts: list[tuple[int, str, str]]
) -> None:
    """ "1.1", "1.2." under paragraph 1 number its subparagraphs: they belong to it, as
    lettered items do, so that paragraph numbers stay the document's own, and each
    subparagraph's verb opens a clause without its number. A number that is not under its
    paragraph ("2.1" under 1) or that breaks a line ("1.5 millones") opens no item."""
    (doc,) = segment_documents(text, "t.txt")
    assert doc.numbered and [p.number for p in doc.paragraphs] == [1, 2]
    assert re.search(r"\. [12]\.[12]\.? ", doc.paragraphs[0].text)
    x = extract(doc, vocab, lang)
    assert [(c.paragraph, c.text, str(c.act).rsplit("/", 1)[-1]) for c in x.clauses] == acts
    assert not x.warnings


def test_a_summit_declaration_under_a_subtitle(vocab: Vocabulary, tmp_path: Path) -> None:
    """A Summit of the Americas declaration: the long subtitle above paragraph 1 is front
    matter, so paragraph 1 is the chapeau that names the authors, the city (Port of Spain,
    not Spain) and the summit's days, whose first dates the text."""
    read = _read_text(
        tmp_path,
        vocab,
        "Declaration of Commitment of Port of Spain\n\n"
        "Securing Our Citizens' Future by Promoting Human Prosperity, Energy Security and "
        "Environmental Sustainability\n\n"
        "1. We, the Heads of State and Government of the democratic countries of the "
        "Americas, gathered in Port of Spain, Trinidad and Tobago, for the Fifth Summit of "
        "the Americas, on 17-19 April 2009, reaffirm our commitment to protect migrants.\n\n"
        "2. We recognize the contributions of migrants.\n",
        "en",
    )
    x = read.extraction
    assert read.segmented.metadata["front"].startswith("Securing Our Citizens' Future")
    assert [p.number for p in x.paragraphs] == [1, 2]
    assert (x.date, x.place) == ("2009-04-17", URIRef(ID + "place/port-of-spain"))
    assert x.author == URIRef(ID + "actor/heads-of-state-and-government")
    places = {m.body for m in x.mentions if m.kind == "place"}
    assert URIRef(ID + "place/spain") not in places
    assert not read.warnings


def test_conclusions_numbered_by_ordinal_words(vocab: Vocabulary, tmp_path: Path) -> None:
    """The Cartagena Declaration numbers its conclusions "Primera.", "Segunda." ... under
    "El Coloquio adopta las siguientes conclusiones:". The ordinals number the items; an
    infinitive of no speech act ("Promover") carries the adoption, one of the vocabulary
    ("Reiterar") is the item's own act."""
    read = _read_text(
        tmp_path,
        vocab,
        "DECLARACIÓN DE CARTAGENA SOBRE REFUGIADOS\n\n"
        "El Coloquio adopta las siguientes conclusiones:\n\n"
        "Primera. Promover la adopción de normas internas sobre los refugiados.\n\n"
        "Segunda. Reiterar la naturaleza humanitaria del asilo.\n\n"
        "TERCERA. Propiciar la cooperación entre los Estados.\n",
        "es",
    )
    x = read.extraction
    assert [(p.position, p.printed) for p in x.paragraphs] == [(1, None), (2, 1), (3, 2), (4, 3)]
    assert x.paragraphs[1].text.startswith("Promover")
    assert ordinal("Décima tercera") == ordinal("Decimotercera") == ordinal("Thirteenth") == 13
    assert _acts(x) == [
        (1, "adopta", "adopt", None, None),
        (2, None, "adopt", None, (1, 1)),
        (3, "Reiterar", "reiterate", None, None),
        (4, None, "adopt", None, (1, 1)),
    ]


def test_a_declaration_under_a_quoted_subtitle(vocab: Vocabulary, tmp_path: Path) -> None:
    """The Brazil Declaration's shape: its title and the subtitle in quotes under it are
    its title; the dateline above the text says which of the meeting's days ("los días 2
    y 3") it was adopted on; "1.-" and "PRIMERO.-" number items."""
    read = _read_text(
        tmp_path,
        vocab,
        "DECLARACIÓN DE BRASIL\n"
        '"Un Marco de Cooperación y Solidaridad Regional para Fortalecer la Protección\n'
        'Internacional de las Personas Refugiadas en América Latina y el Caribe"\n\n'
        "Brasilia, 3 de diciembre de 2014\n\n"
        "Los Gobiernos de los países de América Latina y el Caribe participantes, reunidos "
        "en Brasilia los días 2 y 3 de diciembre de 2014,\n\n"
        "Preocupados por la situación de los apátridas;\n\nAcuerdan:\n\n"
        "1.- Reafirmar el compromiso con la protección de las personas refugiadas.\n\n"
        "2.- Promover la cooperación regional.\n",
        "es",
    )
    x = read.extraction
    assert x.title is not None and x.title.startswith('DECLARACIÓN DE BRASIL "Un Marco')
    assert str(x.doctype).endswith("/declaration")
    assert (x.date, x.place) == ("2014-12-03", URIRef(ID + "place/brasilia"))
    # the day is read in the dateline above the text, and anchored there
    assert [(m.kind, m.exact) for m in x.line_mentions] == [("date", "3 de diciembre de 2014")]
    assert x.author == URIRef(ID + "actor/governments-lac")
    assert [p.printed for p in x.paragraphs] == [None, None, None, 1, 2]
    assert _acts(x)[-2:] == [
        (4, "Reafirmar", "reaffirm", None, None),
        (5, None, "agree", None, (3, 1)),
    ]
    (ordinal_item,) = segment_documents("Acuerdos\n\nPRIMERO.- Adoptar el Plan.\n", "t.txt")
    assert [(p.printed, p.text) for p in ordinal_item.paragraphs] == [(1, "Adoptar el Plan.")]


def test_a_masthead_above_the_title_and_a_list_of_own_verbs(
    vocab: Vocabulary, tmp_path: Path
) -> None:
    """A Regional Conference on Migration declaration: the masthead on two lines above
    the title "Declaration" is front matter; under "AGREE TO:", lettered items that open
    with a verb of their own ("a) Reaffirm") keep the list going, so that the next item
    without one ("b) Strengthen") still carries the agreement."""
    read = _read_text(
        tmp_path,
        vocab,
        "REGIONAL CONFERENCE ON MIGRATION\nXXIII Vice-Ministerial Meeting\n\nDeclaration\n\n"
        "The Vice-Ministers of the Member Countries of the Regional Conference on Migration, "
        "meeting in Tegucigalpa, Honduras, on 28 and 29 June 2018,\n\n"
        "CONSIDERING that migration is a multidimensional phenomenon,\n\nAGREE TO:\n\n"
        "a) Reaffirm the commitment to protect the human rights of migrants.\n\n"
        "b) Strengthen regional cooperation to combat smuggling of migrants.\n\n"
        "c) Thank the Government of Honduras for its hospitality.\n",
        "en",
    )
    x = read.extraction
    assert x.title == "Declaration"
    assert read.segmented.metadata["front"] == (
        "REGIONAL CONFERENCE ON MIGRATION XXIII Vice-Ministerial Meeting"
    )
    assert (x.date, x.author) == ("2018-06-28", URIRef(ID + "actor/vice-ministers"))
    assert _acts(x)[1:] == [
        (3, "AGREE", "agree", None, None),
        (4, "Reaffirm", "reaffirm", None, None),
        (5, None, "agree", None, (3, 1)),
        (6, "Thank", "thank", None, None),
    ]
    assert not read.warnings


def test_articles_under_commit_to_and_an_adopted_in_line(vocab: Vocabulary, tmp_path: Path) -> None:
    """A Summit commitment: "Article 1." numbers an item; under "Commit to:" an item that
    opens with a bare infinitive ("Strengthen") carries the commitment, one that opens
    with "We" is a paragraph of its own; "Adopted in Lima, Peru, on 14 April 2018." closes
    the text and dates it."""
    read = _read_text(
        tmp_path,
        vocab,
        "Lima Commitment\n\nWe, the Heads of State and Government, gathered in Lima,\n\n"
        "Commit to:\n\nArticle 1. Strengthen democratic governance.\n\n"
        "Article 2. Promote the protection of migrants.\n\n"
        "Article 3. We urge States to protect migrants.\n\n"
        "Adopted in Lima, Peru, on 14 April 2018.\n",
        "en",
    )
    x = read.extraction
    assert read.segmented.metadata["done"] == "Adopted in Lima, Peru, on 14 April 2018."
    assert (x.date, x.place) == ("2018-04-14", URIRef(ID + "place/lima"))
    assert [p.printed for p in x.paragraphs] == [None, None, 1, 2, 3]
    assert x.paragraphs[2].text == "Strengthen democratic governance."
    assert _acts(x)[1:] == [
        (3, None, "commit", None, (2, 1)),
        (4, None, "commit", None, (2, 1)),
        (5, "urge", "urge", "states", None),
    ]
    assert not read.warnings


def test_a_symbol_in_a_masthead_and_an_aprobada_en_line(vocab: Vocabulary, tmp_path: Path) -> None:
    """The symbol under "Naciones Unidas" in a masthead of two lines is the document's; an
    "Aprobada en ..., el ..." line closes a text."""
    read = _read_text(
        tmp_path,
        vocab,
        "Naciones Unidas\nA/RES/71/237\n\nAsamblea General\n\n"
        "71/237. Protección de los migrantes\n\nLa Asamblea General,\n\n"
        "1. Exhorta a los Estados a proteger a los migrantes.\n\n"
        "Aprobada en Nueva York, el 21 de diciembre de 2016.\n",
        "es",
    )
    x = read.extraction
    assert (x.symbol, x.title) == ("A/RES/71/237", "Protección de los migrantes")
    assert (x.date, x.place) == ("2016-12-21", URIRef(ID + "place/new-york"))
    assert [p.text for p in x.paragraphs] == [
        "La Asamblea General,",
        "Exhorta a los Estados a proteger a los migrantes.",
    ]


def test_stem_changing_infinitives(vocab: Vocabulary, tmp_path: Path) -> None:
    """ "Aprobar" is the infinitive of "aprueban" (adopt), read without a warning; the
    next item's infinitive is none of the vocabulary's and carries the decision."""
    read = _read_text(
        tmp_path,
        vocab,
        "RESOLUCIÓN\n\nEL CONSEJO,\n\nRESUELVE:\n\n"
        "Artículo 1.- Aprobar la Declaración sobre los migrantes.\n\n"
        "Artículo 2.- Promover la cooperación.\n",
        "es",
    )
    assert [(c.verb, c.act.rsplit("/", 1)[-1]) for c in read.extraction.clauses][1:] == [
        ("Aprobar", "adopt"),
        (None, "decide"),  # "Promover", no act of the vocabulary: the item carries RESUELVE's
    ]
    assert not read.warnings


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "es",
            "RESOLUCIÓN\n\nEL CONSEJO,\n\nCONSIDERANDO:\n\n"
            "Que la migración afecta a todos los Estados Partes;\n\n"
            "Que es necesario proteger a los migrantes;\n\nRESUELVE:\n\n"
            "Artículo 1.- Exhortar a los Estados a combatir la xenofobia.\n",
        ),
        (
            "en",
            "Resolution\n\nThe Assembly,\n\nWHEREAS:\n\nThat migration is a global phenomenon;"
            "\n\nThat migrants contribute to development;\n\nRESOLVES:\n\n"
            "1. To urge States to protect migrants.\n",
        ),
        (
            "fr",
            "Résolution\n\nLe Conseil,\n\nCONSIDÉRANT :\n\nQue la migration est mondiale ;\n\n"
            "Qu'il est nécessaire de protéger les migrants ;\n\nDÉCIDE :\n\n"
            "1. D'exhorter les États à protéger les migrants.\n",
        ),
    ],
)
def test_that_clauses_under_considerando_whereas_and_considerant(
    vocab: Vocabulary, tmp_path: Path, lang: str, text: str
) -> None:
    """ "CONSIDERANDO:", "WHEREAS:" and "CONSIDÉRANT :" consider, and the "Que ...",
    "That ..." and "Qu'..." clauses under them are preambular items that carry their act."""
    read = _read_text(tmp_path, vocab, text, lang)
    x = read.extraction
    assert [x.kinds[p.number] for p in x.paragraphs] == [
        "chapeau",
        "preambular",
        "preambular",
        "preambular",
        "operative",
        "operative",
    ]
    assert [(c.act.rsplit("/", 1)[-1], c.governed_by) for c in x.clauses][:3] == [
        ("consider", None),
        ("consider", (2, 1)),
        ("consider", (2, 1)),
    ]
    assert not read.warnings


def test_whereas_opens_preambular_paragraphs(vocab: Vocabulary, tmp_path: Path) -> None:
    """The Universal Declaration's preamble: each "Whereas ..." is a preambular paragraph
    that considers, and "The General Assembly proclaims" declares."""
    x = _read_text(
        tmp_path,
        vocab,
        "Universal Declaration\n\nWhereas recognition of the inherent dignity of all is the "
        "foundation of freedom,\n\nWhereas disregard for human rights has resulted in "
        "barbarous acts,\n\nNow, therefore, The General Assembly proclaims this Declaration.\n",
        "en",
    ).extraction
    assert [x.kinds[p.number] for p in x.paragraphs] == ["preambular", "preambular", "operative"]
    assert [c.act.rsplit("/", 1)[-1] for c in x.clauses] == ["consider", "consider", "declare"]


def test_endnotes_and_a_subject_left_to_the_chapeau(vocab: Vocabulary, tmp_path: Path) -> None:
    """Notes under a rule at the end of a text ("1 Voir la résolution ...") are metadata,
    not paragraphs, but a closing line that opens with a day is no note; "Nous engageons
    à", whose subject "Nous" the chapeau gave, commits."""
    read = _read_text(
        tmp_path,
        vocab,
        "Déclaration de Panama\n\nNous, Chefs d'État et de gouvernement, réunis à Panama :\n\n"
        "1. Réaffirmons notre engagement envers les migrants.1\n\n"
        "2. Nous engageons à renforcer la coopération.\n\n____________\n"
        "1 Voir la résolution A/RES/71/1.\n2 Voir la résolution A/RES/72/1.\n",
        "fr",
    )
    notes = "1 Voir la résolution A/RES/71/1.\n2 Voir la résolution A/RES/72/1."
    assert read.segmented.metadata["notes"] == notes
    assert [str(c.act).rsplit("/", 1)[-1] for c in read.extraction.clauses] == [
        "reaffirm",
        "commit",
    ]
    (closing,) = segment_documents(
        "Titre\n\n1. Réaffirment A.\n\n2. Condamnent B.\n\n21 de diciembre de 2016\n", "t"
    )
    assert closing.metadata == {"closing": "21 de diciembre de 2016"}


def test_objectives_are_headings(vocab: Vocabulary, tmp_path: Path) -> None:
    """The Global Compact's shape: "Objective 1: Collect ..." and "Objetivo 2:" are
    headings, however long, between numbered paragraphs; Morocco places the meeting."""
    read = _read_text(
        tmp_path,
        vocab,
        "Global Compact for Migration\n\n1. We, the Heads of State and Government, meeting "
        "in Morocco on 10 and 11 December 2018, reaffirm the New York Declaration.\n\n"
        "Objective 1: Collect and utilize accurate and disaggregated data as a basis for "
        "evidence-based policies\n\n2. We commit to strengthen the evidence base.\n\n"
        "Objetivo 2: Reducir al mínimo los factores adversos\n\n3. We commit to act.\n",
        "en",
    )
    x = read.extraction
    assert [p.number for p in x.paragraphs] == [1, 2, 3]
    assert (x.date, x.place) == ("2018-12-10", URIRef(ID + "place/morocco"))
    assert not read.warnings


def test_a_joint_communique_closed_by_its_dateline(vocab: Vocabulary, tmp_path: Path) -> None:
    """Unnumbered paragraphs in the past tense of a report; the foreign ministers
    ("Cancilleres") author it; its last line, which only places and dates it, closes it,
    where a last paragraph that ends with a year ("la Agenda 2030") does not."""
    text = (
        "COMUNICADO CONJUNTO\n\nLos Cancilleres de la Argentina, Brasil y Chile, reunidos "
        "en Buenos Aires el 15 de mayo de 2019, acordaron lo siguiente:\n\n"
        "Expresaron su preocupación por la situación de los migrantes;\n\n"
        "Instruyeron a sus equipos técnicos a elaborar un plan de acción.\n\n"
    )
    read = _read_text(tmp_path, vocab, text + "Buenos Aires, 15 de mayo de 2019\n", "es")
    x = read.extraction
    assert read.segmented.metadata == {"closing": "Buenos Aires, 15 de mayo de 2019"}
    assert (x.date, x.author) == ("2019-05-15", URIRef(ID + "actor/ministers"))
    assert len(x.paragraphs) == 3 and not read.warnings
    (agenda,) = segment_documents(text + "Reafirman, una vez más, la Agenda 2030.\n", "t")
    assert len(agenda.paragraphs) == 4 and not agenda.metadata


def test_footnotes_between_pages_are_notes(vocab: Vocabulary, tmp_path: Path) -> None:
    """A resolution as its PDF prints it: footnotes under a rule between the paragraphs and
    the document's job number ("17-22728 (E)") are not text; a paragraph that ends with a
    footnote's number (",3") is no heading, nor, above paragraph 1, a subtitle."""
    read = _read_text(
        tmp_path,
        vocab,
        "72/179. Protection of migrants\n\nThe General Assembly,\n\n"
        "Recalling the Universal Declaration of Human Rights,1\n\n"
        "Reaffirming the New York Declaration for Refugees and Migrants,2\n\n"
        "_______________\n1 Resolution 217 A (III).\n2 Resolution 71/1.\n\n17-22728 (E)\n\n"
        "1. Calls upon States to protect the human rights of all migrants;\n\n"
        "2. Requests the Secretary-General to submit a report.\n",
        "en",
    )
    x = read.extraction
    assert read.segmented.metadata["notes"] == "1 Resolution 217 A (III).\n2 Resolution 71/1."
    assert [p.text[:11] for p in x.paragraphs] == [
        "The General",
        "Recalling t",
        "Reaffirming",
        "Calls upon ",
        "Requests th",
    ]
    assert [x.kinds[p.number] for p in x.paragraphs][1:3] == ["preambular", "preambular"]
    assert not read.warnings


def test_a_human_rights_council_resolution(vocab: Vocabulary, tmp_path: Path) -> None:
    """ "The Human Rights Council," is the author; the High Commissioner's Office is an
    actor its operative paragraphs address."""
    read = _read_text(
        tmp_path,
        vocab,
        "Resolution adopted by the Human Rights Council on 6 July 2018\n\n"
        "38/21. Protection of the human rights of migrants\n\n"
        "The Human Rights Council,\n\nReaffirming the Universal Declaration of Human Rights,"
        "\n\n1. Calls upon all States to protect migrants;\n\n"
        "2. Requests the Office of the United Nations High Commissioner for Human Rights to "
        "continue its work.\n",
        "en",
    )
    x = read.extraction
    assert (x.date, x.author) == ("2018-07-06", URIRef(ID + "actor/un-human-rights-council"))
    assert _acts(x)[-1] == (4, "Requests", "request", "ohchr", None)
    # "human rights" in the names of the Council and of the Office is no topic of the text;
    # in "the Universal Declaration of Human Rights" it is
    topics = [(m.paragraph, m.exact) for m in x.mentions if m.kind == "topic"]
    assert topics == [(2, "Human Rights")]
    assert x.cites(2) == [URIRef(ID + "instrument/universal-declaration-of-human-rights")]


def test_preambular_chapeau_and_operative_clauses(vocab: Vocabulary) -> None:
    first, second = ingest.read_documents(SYNTHETIC_EN, vocab)
    assert first.extraction.title == "Resolution on the protection of migrants"
    assert second.extraction.title == "Resolution on the rights of migrant workers"
    assert first.extraction.kinds == {
        1: "chapeau",
        2: "preambular",  # "Recalling ..."
        3: "preambular",  # "Deeply concerned by ..."
        4: "operative",  # "1. Urges ..."
        5: "operative",
    }
    acts = [str(c.act).rsplit("/", 1)[-1] for c in first.extraction.clauses]
    assert acts == ["recall", "express-concern", "urge", "welcome"]
    assert [str(c.act).rsplit("/", 1)[-1] for c in second.extraction.clauses] == [
        "reaffirm",
        "invite",
    ]


def test_front_matter_page_numbers_and_cut_off_paragraph(vocab: Vocabulary) -> None:
    (doc,) = ingest.read_documents(SYNTHETIC_FR, vocab)
    seg = doc.segmented
    assert seg.metadata == {"symbol": "CELAC/2012/COM.3", "note": "Adopté le 28 janvier 2012"}
    assert [p.number for p in seg.paragraphs] == [1, 2, 3, 4, 5, 6]
    assert seg.paragraphs[1].text.endswith("Lima, Pérou ;")  # the page number "2" is gone
    assert seg.paragraphs[3].text.endswith("trafic illicite de migrants.")  # joined lines
    assert seg.paragraphs[5].text == "Expriment leur rejet de"  # cut off, kept
    assert any("ends mid-sentence" in w and "cut off" in w for w in doc.warnings)
    acts = {(c.paragraph, str(c.act).rsplit("/", 1)[-1]) for c in doc.extraction.clauses}
    assert {(3, "reaffirm"), (4, "urge"), (5, "take-note"), (6, "reject")} <= acts


def test_past_tense_report_in_spanish(vocab: Vocabulary) -> None:
    (doc,) = ingest.read_documents(SYNTHETIC_ES, vocab)
    x = doc.extraction
    assert x.title == "Informe de la reunión de ministros sobre migración"
    assert x.date == "2013-05-14"
    verbs = [(c.paragraph, c.verb) for c in x.clauses]
    assert verbs == [(2, "Reiteraron"), (3, "Exhortaron"), (4, "Reafirmamos")]
    assert [m.iri for m in x.meetings] == [URIRef(ID + "event/2011-06-27/lima/meeting")]
    assert doc.confidence is not None and doc.confidence >= 0.5


# --- language versions ---------------------------------------------------------------------


def test_versions_align_paragraph_by_paragraph(vocab: Vocabulary) -> None:
    en, es = (d for path in (LA_EN, LA_ES) for d in ingest.read_documents(path, vocab))
    pairs = align.align(es.version(), en.version())
    assert pairs == [(n, n) for n in range(1, 19)]
    assert align.agreement(es.version(), en.version(), pairs) > 0.8


def test_a_missing_paragraph_is_left_unaligned(vocab: Vocabulary) -> None:
    en, es = (d for path in (LA_EN, LA_ES) for d in ingest.read_documents(path, vocab))
    shorter = align.Version("es", False, es.version().paragraphs[:4] + es.version().paragraphs[5:])
    pairs = align.align(en.version(), shorter)
    assert (5, None) in pairs
    assert [b for a, b in pairs if a is not None and b is not None] == [
        n for n in range(1, 19) if n != 5
    ]


def test_compare_names_the_state_missing_from_the_spanish_copy() -> None:
    code, out, _ = invoke("compare", LA_EN, LA_ES)
    assert code == 1
    assert "18 aligned pairs" in out
    line = next(x for x in out.splitlines() if "guyana" in x)
    assert "place guyana in en" in line and "Co‑operative Republic of Guyana" in line
    assert "absent from es" in line
    assert not any("paragraph 1:" in x and "absent from en" in x for x in out.splitlines())


def test_the_french_version_aligns_with_both_and_lacks_guyana_too(vocab: Vocabulary) -> None:
    """The White House's French text of the Los Angeles Declaration: its 18 paragraphs
    align with the English and the Spanish ones; like the Spanish, it does not name Guyana;
    its lead-in "nous avons pour intention d'œuvrer ... pour :" intends the five bulleted
    items; and the instruments it names ("la Convention de Genève de 1951 relative au
    statut des réfugiés", "le Programme 2030") are those the other versions cite."""
    code, out, _ = invoke("compare", LA_EN, LA_ES, LA_FR)
    assert code == 1
    assert out.count("18 aligned pairs") == 3  # every pair: fr and es, fr and en, es and en
    guyana = [x for x in out.splitlines() if "guyana" in x]
    assert [x.rsplit(" ", 1)[-1] for x in guyana] == ["fr", "es"]  # absent from both
    assert all("place guyana in en" in x for x in guyana)
    assert "instrument" not in out and "meeting" not in out
    (fr,) = ingest.read_documents(LA_FR, vocab)
    (en,) = ingest.read_documents(LA_EN, vocab)
    x = fr.extraction
    assert (x.lang, x.date, str(x.place).rsplit("/", 1)[-1]) == ("fr", "2022-06-10", "los-angeles")
    assert x.framework_event == en.extraction.framework_event  # the Summit, "9<sup>e</sup> sommet"
    lead = [c for c in x.clauses if c.paragraph == 12]
    assert [str(c.act).rsplit("/", 1)[-1] for c in lead] == ["intend"]
    items = [c.paragraph for c in x.clauses if c.governed_by == (12, 1)]
    assert items == [13, 14, 15, 16, 17]
    assert _cited(x)[18] == _cited(en.extraction)[18]
    assert not [w for w in x.warnings if "no speech act" in w]


def test_compare_same_text_twice_in_one_language_is_refused() -> None:
    code, _, err = invoke("compare", LA_EN, LA_EN)
    assert code == 2 and err.startswith("lexgraph: error: two of the texts are in the same")


def test_versions_are_one_work_in_the_store(store: corpus.CorpusStore) -> None:
    found = rows(
        store,
        f"SELECT DISTINCT ?e WHERE {{ <{LA_WORK}> eli:is_realized_by ?e }} ORDER BY ?e",
    )
    assert [r["e"] for r in found] == [LA_WORK + "/eng", LA_WORK + "/fra", LA_WORK + "/spa"]
    # every work-level paragraph is realised by its English, French and Spanish texts
    pairs = rows(
        store,
        f"""SELECT ?n (COUNT(DISTINCT ?t) AS ?texts) WHERE {{
              ?p eli:is_part_of <{LA_WORK}> ; eli:number ?n . ?t eli:realizes ?p }}
            GROUP BY ?n""",
    )
    assert len(pairs) == 18 and {r["texts"] for r in pairs} == {"3"}


def test_compare_from_the_store(corpus_dir: Path) -> None:
    code, out, _ = invoke("compare", "--store", corpus_dir, LA_WORK)
    assert code == 1 and "place guyana in en" in out


# --- the cross-document queries ------------------------------------------------------------


def _query(db: corpus.CorpusStore, name: str) -> list[dict[str, str]]:
    return rows(db, (paths.queries_dir() / "corpus" / f"{name}.rq").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CORPUS_QUERIES, ids=[q.stem for q in CORPUS_QUERIES])
def test_corpus_query_answers(store: corpus.CorpusStore, path: Path) -> None:
    assert _query(store, path.stem), f"{path.name} returns no rows"


def test_documents_sharing_a_meeting(store: corpus.CorpusStore) -> None:
    found = {
        (r["meeting"].removeprefix(ID), r["document"], r["other"])
        for r in _query(store, "documents-sharing-a-meeting")
    }
    lima = "event/2011-06-27/lima/meeting"
    assert any(m == lima and SEED_WORK in (d, o) for m, d, o in found)
    assert any(m == "event/2010-10-08/mexico-city/meeting" for m, _, _ in found)


def test_meetings_timeline_cites_both_corpora(store: corpus.CorpusStore) -> None:
    found = _query(store, "meetings-timeline")
    starts = [r["start"] for r in found]
    assert starts == sorted(starts)
    documents = {r["document"] for r in found}
    assert {SEED_WORK, LA_WORK} <= documents
    assert {"2010-10-08", "2011-06-27", "2011-12-03", "undated"} <= set(starts)


def test_concepts_by_document_and_year(store: corpus.CorpusStore) -> None:
    found = _query(store, "concepts-by-document-and-year")
    years = {(r["year"], r["document"]) for r in found}
    assert ("2011", SEED_WORK) in years and ("2022", LA_WORK) in years
    solidarity = [r for r in found if r["concept"].endswith("principle/solidarity")]
    assert {r["document"] for r in solidarity} >= {SEED_WORK, LA_WORK}


def test_speech_acts_by_document(store: corpus.CorpusStore) -> None:
    found = {
        (r["document"], r["language"].rsplit("/", 1)[-1], r["act"]): int(r["clauses"])
        for r in _query(store, "speech-acts-by-document")
    }
    assert found[(SEED_WORK, "FRA", "urge")] == 1
    assert found[(LA_WORK, "ENG", "reaffirm")] == 3  # paragraphs 6 and 8 (twice)
    assert found[(LA_WORK, "SPA", "reaffirm")] == 3


def test_paragraphs_sharing_a_concept(store: corpus.CorpusStore) -> None:
    found = _query(store, "paragraphs-sharing-a-concept")
    by_concept: dict[str, set[str]] = {}
    for r in found:
        by_concept.setdefault(r["concept"], set()).add(r["document"])
    assert all(len(docs) > 1 for docs in by_concept.values())
    assert any({SEED_WORK, LA_WORK} <= docs for docs in by_concept.values())


def test_aligned_paragraphs_side_by_side(store: corpus.CorpusStore) -> None:
    found = [r for r in _query(store, "aligned-paragraphs") if r["paragraph"].startswith(LA_WORK)]
    assert len(found) == 3 * 18  # each paragraph in its three pairs of languages
    first = [r for r in found if r["number"] == "1"]
    texts = {(r["text"][:12], r["other_text"][:12]) for r in first}
    assert texts == {
        ("We, the Head", "Nosotros, lo"),
        ("We, the Head", "Nous, chefs "),
        ("Nous, chefs ", "Nosotros, lo"),
    }
    english_spanish = next(r for r in first if r["other_text"].startswith("Nosotros"))
    shared = english_spanish["shared"]
    assert "Heads of State and Government" in shared and "Los Angeles" in shared


# --- the store -------------------------------------------------------------------------------


def _copy(corpus_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(corpus_dir, target)
    return target


def test_reingesting_replaces_and_does_not_duplicate(corpus_dir: Path, tmp_path: Path) -> None:
    folder = _copy(corpus_dir, tmp_path)
    with corpus.CorpusStore(folder) as db:
        before, graphs = len(db), db.graphs()
    code, out, _ = invoke(
        "ingest", "--store", folder, paths.data_dir() / "000_da563d301c0450ee.txt"
    )
    assert code == 0 and "1 replaced" in out
    with corpus.CorpusStore(folder) as db:
        assert (len(db), db.graphs()) == (before, graphs)


def test_reingesting_one_language_version_redoes_its_share_of_the_work(
    corpus_dir: Path, tmp_path: Path
) -> None:
    folder = _copy(corpus_dir, tmp_path)
    with corpus.CorpusStore(folder) as db:
        before = len(db)
    text = read_text(LA_ES)
    # first with one more paragraph, which names a meeting no other document names
    longer = tmp_path / "longer" / LA_ES.name
    longer.parent.mkdir()
    extra = "Recordamos la Reunión Regional celebrada en Quito el 4 de septiembre de 2018."
    longer.write_text(text.rstrip() + "\n\n" + extra + "\n", encoding="utf-8")
    code, out, err = invoke("ingest", "--store", folder, longer)
    assert code == 0 and "1 replaced" in out, err
    shared = f"SELECT ?name WHERE {{ GRAPH <{corpus.SHARED_GRAPH}> {{ ?e schema:name ?name }} }}"
    quito = ID + "event/2018-09-04/quito/meeting"
    with corpus.CorpusStore(folder, read_only=True) as db:
        assert "Reunión Regional" in {str(b[Variable("name")]) for b in db.rows(shared)}
        assert list(db.rows(f"SELECT * WHERE {{ <{quito}> ?p ?o }}"))
    # then without its last paragraph, nor the one added
    last = text.rindex("Esta Declaración se basa")
    shorter = tmp_path / LA_ES.name
    shorter.write_text(text[:last].rstrip() + "\n", encoding="utf-8")
    code, out, err = invoke("ingest", "--store", folder, shorter)
    assert code == 0 and "1 replaced" in out, err
    realized = f"SELECT ?t WHERE {{ GRAPH <{LA_WORK}> {{ ?p eli:is_realized_by ?t }} }}"
    with corpus.CorpusStore(folder, read_only=True) as db:
        texts = {str(b[Variable("t")]) for b in db.rows(realized)}
        assert LA_WORK + "/para_18/spa" not in texts  # the paragraph now gone
        assert LA_WORK + "/para_18/eng" in texts  # the English version's share stays
        assert LA_WORK + "/para_17/spa" in texts
        assert len(db) < before
        # the meeting only the paragraph added named is gone from the shared graph, name
        # and all; the Summit, which the English version still names, keeps both names
        names = {str(b[Variable("name")]) for b in db.rows(shared)}
        assert "Reunión Regional" not in names
        assert {"Novena Cumbre de las Américas", "Ninth Summit of the Americas"} <= names
        assert not list(db.rows(f"SELECT * WHERE {{ <{quito}> ?p ?o }}"))
    code, out, _ = invoke("ingest", "--store", folder, LA_ES)  # and back again
    with corpus.CorpusStore(folder, read_only=True) as db:
        assert code == 0 and len(db) == before


def test_a_paragraph_no_version_has_any_more_leaves_the_work(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """The three versions re-ingested without their last paragraph: the work's paragraph
    18, which no version realizes any more, goes too (it stayed, with no text, and the
    store no longer conformed: ParagraphShape-is_realized_by, 89 times at 10,000
    declarations)."""
    folder = _copy(corpus_dir, tmp_path)
    shorter = []
    for path, cut in (
        (LA_ES, "Esta Declaración se basa"),
        (LA_FR, "La présente déclaration s’appuie"),
        (LA_EN, "This Declaration builds"),
    ):
        text = read_text(path)
        shorter.append(tmp_path / path.name)
        shorter[-1].write_text(text[: text.rindex(cut)].rstrip() + "\n", encoding="utf-8")
    for path in shorter:  # one after the other: the second is the last to say paragraph 18
        code, out, err = invoke("ingest", "--store", folder, path)
        assert code == 0 and "1 replaced" in out, (path, out, err)
    para = f"<{LA_WORK}/para_18>"
    with corpus.CorpusStore(folder, read_only=True) as db:
        assert not list(db.rows(f"SELECT * WHERE {{ {para} ?p ?o }}"))
        assert not list(db.rows(f"SELECT * WHERE {{ ?s ?p {para} }}"))
        assert list(db.rows(f"SELECT * WHERE {{ <{LA_WORK}/para_17> ?p ?o }}"))
        report = shacl_sparql.validate_store(db)
    assert report.conforms, [r.message for r in report.violations]


def test_two_declarations_alike_but_for_their_place_are_two_works(tmp_path: Path) -> None:
    """Same type, date, title and language, adopted in two cities: neither replaces the
    other, and each work has its one place of adoption."""
    seed = paths.data_dir() / "000_da563d301c0450ee.txt"
    text = read_text(seed)
    assert "réunis à Caracas, République Bolivarienne du Venezuela," in text
    lima = tmp_path / "lima.txt"
    lima.write_text(
        text.replace("réunis à Caracas, République Bolivarienne du Venezuela,", "réunis à Lima,"),
        encoding="utf-8",
    )
    folder = tmp_path / "store"
    code, out, err = invoke("ingest", "--store", folder, seed, lima)
    assert code == 0 and "1 replaced" not in out, err
    places = "SELECT ?w ?p WHERE { ?w a eli:LegalResource ; schema:locationCreated ?p }"
    with corpus.CorpusStore(folder, read_only=True) as db:
        found = {(str(b[Variable("w")]), str(b[Variable("p")])) for b in db.rows(places)}
        assert len(db.documents()) == 2
    assert found == {
        (SEED_WORK, ID + "place/caracas"),
        (SEED_WORK.replace("/caracas/", "/lima/"), ID + "place/lima"),
    }


def test_a_failed_write_leaves_the_store_as_it_was(corpus_dir: Path, tmp_path: Path) -> None:
    folder = _copy(corpus_dir, tmp_path)
    name = URIRef(SEED_WORK + "/fra")
    with corpus.CorpusStore(folder) as db:
        before = db.triples_in(name)
        good = "<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n"
        with pytest.raises(corpus.StoreError):
            # the drop and the first triple are valid; the last line is not: Oxigraph
            # applies none of the update
            db.replace_text(name, good + '<https://example.org/s> <bad iri> "x" .\n')
        assert db.triples_in(name) == before > 0


def test_store_round_trip_keeps_the_model_datatypes(store: corpus.CorpusStore) -> None:
    g = store.graph()
    starts = {getattr(o, "datatype", o) for o in g.objects(None, URIRef(OA_START))}
    assert starts == {URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")}
    assert b"XMLSchema#nonNegativeInteger" in store.dump("nq")


def test_store_from_a_newer_lexgraph_is_refused(corpus_dir: Path, tmp_path: Path) -> None:
    folder = _copy(corpus_dir, tmp_path)
    (folder / corpus.MARKER).write_text(json.dumps({"format": 99, "lexgraph": "9.0"}))
    code, _, err = invoke("ingest", "--store", folder, SYNTHETIC_ES)
    assert code == 2
    assert err.startswith("lexgraph: error: ") and "upgrade lexgraph" in err
    assert err.count("\n") == 1
    code, _, err = invoke("query", "--store", folder, "-e", "ASK {}")
    assert code == 2 and "store format 99" in err


def test_folder_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = invoke("query", "--store", tmp_path, "-e", "ASK {}")
    assert code == 2 and "not a lexgraph store" in err and err.count("\n") == 1
    code, _, err = invoke("ingest", "--store", tmp_path, SYNTHETIC_ES)
    assert code == 2 and "not a lexgraph store" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_corrupt_store_marker(corpus_dir: Path, tmp_path: Path) -> None:
    folder = _copy(corpus_dir, tmp_path)
    (folder / corpus.MARKER).write_text("{not json")
    code, _, err = invoke("stats", "--store", folder)
    assert code == 2 and "corrupt store marker" in err


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed next to python")
def test_locked_store(corpus_dir: Path, tmp_path: Path) -> None:
    folder = _copy(corpus_dir, tmp_path)
    with corpus.CorpusStore(folder):  # holds the lock while another process tries
        done = subprocess.run(
            [str(SCRIPT), "ingest", "--store", str(folder), str(SYNTHETIC_ES)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("lexgraph: error: ") and "locked" in done.stderr
    assert "Traceback" not in done.stderr


# --- bad input -------------------------------------------------------------------------------


def test_unknown_language_lists_the_supported_ones() -> None:
    code, _, err = invoke("ingest", "--lang", "de", SYNTHETIC_ES, "-o", "x.ttl")
    assert code == 2 and err.count("\n") == 1
    assert all(f"'{lang}'" in err for lang in ("fr", "es", "en", "auto"))


def test_file_without_paragraphs(tmp_path: Path) -> None:
    text = tmp_path / "empty.txt"
    text.write_text("---\ntitle: Nothing\n---\n\n12\n\n-----\n", encoding="utf-8")
    code, _, err = invoke("ingest", text, "-o", tmp_path / "out.ttl")
    assert code == 2 and "no recognisable paragraphs" in err
    assert not (tmp_path / "out.ttl").exists()


def test_mixed_languages_are_refused(tmp_path: Path) -> None:
    fr = read_text(paths.data_dir() / "000_da563d301c0450ee.txt")
    es = read_text(SYNTHETIC_ES).split("---\n", 2)[2]
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(fr + "\n\n" + es.replace("\n\n", "\n\n11. ", 1), encoding="utf-8")
    code, _, err = invoke("ingest", mixed, "-o", tmp_path / "out.ttl")
    assert code == 2 and "mixed languages" in err


def test_auto_language_reports_its_confidence(tmp_path: Path) -> None:
    code, out, err = invoke("ingest", LA_ES, "-o", tmp_path / "la.ttl")
    assert code == 0
    assert "los-angeles-declaration-2022-es.txt: language es (confidence" in err
    assert "ingested 1 documents (1 works), 18 paragraphs" in out


def test_ingest_output_is_read_by_query_and_validate(tmp_path: Path) -> None:
    out = tmp_path / "la.ttl"
    code, _, _ = invoke("ingest", LA_EN, LA_ES, "-o", out)
    assert code == 0
    g = Graph().parse(out)
    assert len(set(g.subjects(URIRef("http://data.europa.eu/eli/ontology#realizes")))) >= 36
    code, table, _ = invoke(
        "query", "--data", out, "-e", "SELECT DISTINCT ?e WHERE { ?w eli:is_realized_by ?e }"
    )
    assert code == 0 and "/eng" in table and "/spa" in table
    small = tmp_path / "informe.nt"  # pySHACL is slow: validate a small document
    assert invoke("ingest", SYNTHETIC_ES, "-o", small)[0] == 0
    code, report, _ = invoke("validate", "--data", small, *_ontology_args())
    assert code == 0, report


def _ontology_args() -> list[str]:
    out = []
    for path in sorted(paths.ontology_dir().glob("*.ttl")):
        out += ["--data", str(path)]
    return out


def test_progress_stays_quiet_in_pipes(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip("console script not installed next to python")
    done = subprocess.run(
        [
            str(SCRIPT),
            "ingest",
            "--store",
            str(tmp_path / "s"),
            str(SYNTHETIC_ES),
            str(SYNTHETIC_FR),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "ingesting" not in done.stderr and "%" not in done.stderr
    assert done.stdout.startswith(f"ingested into {tmp_path / 's'}: 2 files, 2 documents")


def test_store_commands(corpus_dir: Path, tmp_path: Path) -> None:
    code, out, _ = invoke("stats", "--store", corpus_dir, "--format", "json")
    triples = json.loads(out)["triples"]
    assert code == 0 and triples > 10000
    code, out, _ = invoke("export", "--store", corpus_dir, "--format", "nt")
    assert code == 0 and len(set(out.splitlines())) == triples
    small = tmp_path / "small"  # pySHACL is slow: validate a store of one document
    assert invoke("ingest", "--store", small, SYNTHETIC_ES)[0] == 0
    code, out, _ = invoke("validate", "--store", small)
    assert code == 0 and "Conforms: 0 violations" in out, out


def _communiques(folder: Path, count: int) -> list[str]:
    """count distinct copies of a synthetic communiqué, as files in folder."""
    texts = []
    body = read_text(SYNTHETIC_FR).split("\n", 4)[4]  # without symbol, note and title
    for n in range(count):
        path = folder / f"communique-{n}.txt"
        path.write_text(f"Communiqué spécial numéro {n}\n\n{body}", encoding="utf-8")
        texts.append(str(path))
    return texts


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed next to python")
def test_a_crash_in_the_middle_of_an_ingest_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    import os
    import signal
    import time

    folder = tmp_path / "store"
    assert invoke("ingest", "--store", folder, SYNTHETIC_ES)[0] == 0
    with corpus.CorpusStore(folder) as db:
        before = (len(db), db.graphs())
    texts = _communiques(tmp_path, 80)
    process = subprocess.Popen(
        [str(SCRIPT), "ingest", "--store", str(folder), *texts],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # reading and extracting, before the one transaction of the window
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL  # it was stopped in the middle
    with corpus.CorpusStore(folder) as db:
        after = (len(db), db.graphs())
        stored = len(db.documents())
    # each window of 50 files is one transaction: none, or all of a window, never part
    assert after == before or stored in (51, 81)


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed next to python")
def test_a_first_ingest_interrupted_leaves_the_store_empty_then_starts_afresh(
    tmp_path: Path,
) -> None:
    import os
    import signal
    import time

    folder = tmp_path / "store"
    texts = _communiques(tmp_path, 160)
    process = subprocess.Popen(
        [str(SCRIPT), "ingest", "--store", str(folder), *texts],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    marker = folder / corpus.MARKER
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until the bulk load has begun
        if marker.exists() and corpus.BUILDING in marker.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the first ingest never marked the store as being built")
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert corpus.BUILDING in marker.read_text(encoding="utf-8")
    with pytest.raises(corpus.StoreError, match="interrupted"):
        corpus.CorpusStore(folder, read_only=True)
    with corpus.CorpusStore(folder) as db:  # opening it for writing empties it
        assert len(db) == 0 and not db.building
    assert invoke("ingest", "--store", folder, *texts[:60])[0] == 0
    with corpus.CorpusStore(folder, read_only=True) as db:
        assert len(db.documents()) == 60 and not db.building


@pytest.mark.parametrize("fmt", ["nt", "nq", "turtle", "trig"])
def test_store_export_streams_every_line_with_the_model_datatypes(
    corpus_dir: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"corpus.{fmt}"
    code, _, err = invoke("export", "--store", corpus_dir, "--format", fmt, "-o", out)
    assert code == 0, err
    with corpus.CorpusStore(corpus_dir, read_only=True) as db:
        expected = db.graph()
    got = Dataset() if fmt in ("nq", "trig") else Graph()
    got.parse(out, format={"nt": "nt", "nq": "nquads", "turtle": "turtle", "trig": "trig"}[fmt])
    triples = {(s, p, o) for s, p, o, *_ in (got.quads() if isinstance(got, Dataset) else got)}
    assert triples == set(expected)
    starts = {getattr(o, "datatype", o) for s, p, o in triples if p == URIRef(OA_START)}
    assert starts == {URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")}


def test_push_a_store_to_a_real_oxigraph_server(oxigraph: Oxigraph, corpus_dir: Path) -> None:
    graph = "https://example.org/corpus"
    code, out, err = invoke(
        "push", "--endpoint", oxigraph.query_url, "--store", corpus_dir, "--graph", graph
    )
    assert code == 0, err
    local = store_graph(corpus_dir, vocabulary=False)
    assert f"<{graph}>: {len(local)} triples pushed" in out
    held = remote.Store(remote.endpoint(oxigraph.query_url))
    assert held.count(graph) == len(local) > 10_000
    assert remote.digest(held.triples(graph, "gsp")).total == remote.digest(local).total
    code, _, err = invoke("push", "--endpoint", oxigraph.query_url, "--store", corpus_dir,
                          "--data", corpus_dir / "nothing.ttl")  # fmt: skip
    assert code == 2 and "give --store or --data" in err


def test_serve_a_store_answers_natively_and_shows_its_documents(
    corpus_dir: Path, tmp_path: Path
) -> None:
    arguments = ["--store", str(corpus_dir), "--max-results", "50", "--workers", "1"]
    with lexgraph_server(tmp_path / "serve.log", arguments) as served:
        with corpus.CorpusStore(corpus_dir, read_only=True) as db:
            documents = len(db.documents())
        count = (
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?w eli:is_realized_by ?e . ?e eli:title ?t }"
        )
        body = urllib.parse.urlencode({"query": PREFIX_ELI + count}).encode()
        request = urllib.request.Request(
            served.sparql, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == documents > 2
        many = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}).encode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(served.sparql, data=many), timeout=30)
        assert refused.value.code == 422
        with urllib.request.urlopen(served.base + "/", timeout=30) as response:
            home = response.read().decode("utf-8")
        assert "Los Angeles" in home and "Communiqué spécial" in home
        # the timeline: the Ninth Summit of the Americas with its days, after the seed's
        timeline = home[home.index('<ol class="timeline">') :]
        assert timeline.index("2011-12-03") < timeline.index('datetime="2022-06-06"')
        assert 'to <time datetime="2022-06-10">' in timeline
        page = urllib.parse.quote(LA_WORK.removeprefix(ID))
        with urllib.request.urlopen(f"{served.base}/page/{page}", timeout=30) as response:
            view = re.sub(r"<[^>]+>", "", response.read().decode("utf-8"))
        assert "18 of 18 paragraphs shown" in view  # both versions, side by side
        assert "Co‑operative Republic of Guyana" in view and "Reafirmamos" in view
        # the five bulleted items after paragraph 12's lead-in show its act and verb
        assert view.count("completing paragraph 12") == 5
        # the instruments paragraph 18 names are a facet, each with its title
        assert "Instruments cited" in view
        assert "Convention relating to the Status of Refugees" in view


# The act and kind of each paragraph of tests/fixtures/openings/resolution-openings-*.txt,
# which open with the same phrases in the same order in the three languages.
OPENINGS = [
    (None, "chapeau"),  # "The General Assembly,"
    ("consider", "preambular"),  # "Bearing in mind", "Ayant à l'esprit", "Teniendo presente"
    ("consider", "preambular"),  # "Considering", "Considérant", "Considerando"
    ("take-note", "preambular"),  # "Noting", "Notant", "Observando"
    ("express-concern", "preambular"),  # "Noting with deep concern", "Notant avec une ..."
    ("consider", "preambular"),  # "Taking into account", "Tenant compte", "Teniendo en cuenta"
    ("consider", "preambular"),  # "Having considered", "Ayant examiné", "Habiendo examinado"
    ("consider", "preambular"),  # "Guided by", "Guidée par", "Guiada por"
    ("recognize", "preambular"),  # "Convinced", "Convaincue", "Convencida"
    ("recognize", "preambular"),  # "Aware of", "Consciente de", "Consciente de"
    ("express-concern", "preambular"),  # "Alarmed by", "Alarmée par", "Alarmada por"
    ("consider", "preambular"),  # "Keeping in mind", "Gardant à l'esprit", "Tomando en ..."
    ("intend", "preambular"),  # "Desiring", "Désireuse de", "Deseosa de"
    ("call-upon|request|urge", "operative"),  # "Calls upon", "Demande", "Exhorta"
    ("request", "operative"),  # "Also requests", "Prie également", "Solicita también"
    ("invite", "operative"),  # "Further invites", "Invite en outre", "Invita además"
    ("condemn", "operative"),  # "Strongly condemns", "Condamne énergiquement", "Condena ..."
    ("take-note", "operative"),  # "Takes note of", "Note", "Observa"
    ("decide", "operative"),  # "Decides", "Décide", "Decide"
]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_openings_of_a_resolution_in_three_languages(vocab: Vocabulary, lang: str) -> None:
    """The participles, adjectives and set phrases that open a resolution's preambular
    paragraphs, in either gender for one body ("Convaincue", "Deseosa"), and operative verbs
    after an English adverb ("Also requests"), are read as the same act in every language,
    with no warning."""
    path = FIXTURES.parent / "openings" / f"resolution-openings-{lang}.txt"
    (doc,) = segment_documents(path.read_text(encoding="utf-8"), path.name)
    x = extract(doc, vocab, lang)
    assert not x.warnings
    first: dict[int, str] = {}
    for m in sorted(x.mentions, key=lambda m: (m.paragraph, m.start)):
        if m.kind == "speech-act":
            first.setdefault(m.paragraph, str(m.body).rsplit("/", 1)[-1])
    numbers = sorted(x.kinds)
    assert len(numbers) == len(OPENINGS)
    for number, (act, kind) in zip(numbers, OPENINGS, strict=True):
        assert x.kinds[number] == kind, (number, kind)
        if act is None:
            assert number not in first
        else:
            assert first.get(number, "") in act.split("|"), (number, first.get(number))


def test_a_french_gerondif_completes_the_act_before_it(vocab: Vocabulary) -> None:
    """ "en tenant compte de" after another act of its sentence is that act's complement
    (the gérondif), not a clause of its own; at a paragraph's opening "Tenant compte" is."""
    text = (
        "Communiqué\n\n1. Exhortent les États à protéger les migrants en tenant compte de "
        "leurs besoins.\n\n2. Tenant compte des obligations des États, réaffirment leur "
        "engagement.\n"
    )
    (doc,) = segment_documents(text, "t-fr.txt")
    x = extract(doc, vocab, "fr")
    acts = [
        (m.paragraph, str(m.body).rsplit("/", 1)[-1]) for m in x.mentions if m.kind == "speech-act"
    ]
    assert acts == [(1, "urge"), (2, "consider"), (2, "reaffirm")]


def test_compare_names_a_resolution_paragraph_by_the_number_it_prints(tmp_path: Path) -> None:
    """A resolution numbers only its operative paragraphs: compare names the work's
    paragraph and the number the version prints, from files and from the store."""
    openings = FIXTURES.parent / "openings"
    en = openings / "resolution-openings-en.txt"
    fr = tmp_path / "resolution-openings-fr.txt"
    text = (openings / "resolution-openings-fr.txt").read_text(encoding="utf-8")
    fr.write_text(text.replace("Prie également le Secrétaire général de", "Prie également de"))
    code, out, _ = invoke("compare", en, fr)
    assert code == 1, out
    (line,) = [x for x in out.splitlines() if "secretary-general" in x]
    assert line.strip().startswith("paragraph 15 (numbered 2 in en): actor un-secretary-general")
    store = tmp_path / "store"
    code, _, err = invoke("ingest", "--store", store, en, fr)
    assert code == 0, err
    with corpus.CorpusStore(store, read_only=True) as db:
        (work,) = {r["w"] for r in rows(db, 'SELECT ?w WHERE { ?w eli:id_local "A/RES/92/17" }')}
    code, from_store, _ = invoke("compare", "--store", store, work)
    assert code == 1 and line in from_store.splitlines(), from_store


def test_ingest_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """A bar with counts on a terminal; nothing on stderr in a pipe but warnings, and the
    summary on stdout either way."""
    files = [str(LA_EN), str(LA_ES)]
    code, shown = on_a_terminal(["ingest", "--store", str(tmp_path / "a"), *files])
    assert code == 0, shown
    assert "ingesting" in shown and "2/2" in shown, shown
    piped = in_a_pipe(["ingest", "--store", str(tmp_path / "b"), *files])
    assert piped.returncode == 0
    assert "ingesting" not in piped.stderr.decode() and "2/2" not in piped.stderr.decode()
    assert "2 documents (1 works" in piped.stdout.decode()


@pytest.mark.parametrize(
    ("lang", "opening", "act", "kind"),
    [
        ("fr", "Se félicitant du rapport", "welcome", "preambular"),
        ("fr", "Prenant note avec préoccupation du rapport", "express-concern", "preambular"),
        ("fr", "Se déclare préoccupée par la situation", "express-concern", "operative"),
        ("fr", "Exprime sa profonde préoccupation face à", "express-concern", "operative"),
        ("es", "Tomando nota con preocupación del informe", "express-concern", "preambular"),
        ("es", "Profundamente preocupada por la situación", "express-concern", "preambular"),
        ("en", "Taking note with concern of the report", "express-concern", "preambular"),
        ("en", "Expresses its deep concern at the situation", "express-concern", "operative"),
        ("en", "Notes with appreciation the report", "note-with-satisfaction", "operative"),
        ("en", "Expressing its appreciation to the States", "appreciate", "preambular"),
        ("en", "Notes the report on the situation", "take-note", "operative"),
        ("en", "Further notes the progress", "take-note", "operative"),
        ("en", "Notes with concern the situation", "express-concern", "operative"),
        ("fr", "Engage vivement les États à protéger les droits", "urge", "operative"),
        ("es", "Haciendo notar la situación", "take-note", "preambular"),
        ("es", "Hace notar la labor", "take-note", "operative"),
        ("es", "Ratificamos la Declaración de Caracas", "reaffirm", "operative"),
        ("es", "Exigimos el goce y la protección de los derechos", "urge", "operative"),
        ("es", "Coincidimos en que es necesario avanzar en la protección", "agree", "operative"),
        ("fr", "Nous nous accordons à reconnaître la priorité", "agree", "operative"),
        ("en", "We have considered today the situation", "consider", "operative"),
        ("fr", "Nous avons examiné aujourd'hui la situation", "consider", "operative"),
        ("es", "Hemos examinado hoy la situación", "consider", "operative"),
        ("en", "We will assist, impartially, the States", "commit", "operative"),
        ("fr", "Nous continuerons à promouvoir la protection", "commit", "operative"),
        ("fr", "Nous nous efforcerons de protéger les droits", "commit", "operative"),
        ("es", "Promoveremos la protección de los derechos", "commit", "operative"),
        ("es", "Nos esforzaremos por proteger los derechos", "commit", "operative"),
        ("en", "Adopts the following outcome document", "adopt", "operative"),
    ],
)
def test_a_body_speaking_of_itself(
    vocab: Vocabulary, lang: str, opening: str, act: str, kind: str
) -> None:
    """A body writes of itself in the singular ("sa", "its", "préoccupée") and notes "with
    concern" rather than only takes note: each opening is read as its act, with no
    warning, preambular or operative by its grammar."""
    head = {"fr": "L'Assemblée générale,", "es": "La Asamblea General,"}.get(
        lang, "The General Assembly,"
    )
    (doc,) = segment_documents(f"Résolution\n\n{head}\n\n{opening} des migrants.\n", "t.txt")
    x = extract(doc, vocab, lang)
    paragraph = doc.paragraphs[-1].number
    acts = [m for m in x.mentions if m.kind == "speech-act" and m.paragraph == paragraph]
    assert acts and str(acts[0].body).rsplit("/", 1)[-1] == act
    assert x.kinds[paragraph] == kind and not x.warnings


@pytest.mark.parametrize(
    ("lang", "text", "acts"),
    [
        ("en", "We recognize the value of the work of migrants.", ["recognize"]),
        ("en", "We value the work of migrants.", ["appreciate"]),
        ("fr", "Saluent les États d'accueil et les exhortent à agir.", ["welcome", "urge"]),
        ("en", "As noted in the report, we reaffirm our commitment.", ["reaffirm"]),
        ("en", "We note the report and recall the notes verbales.", ["take-note", "recall"]),
        ("fr", "Engagent les États à coopérer.", ["urge"]),
        ("fr", "Nous nous engageons à coopérer.", ["commit"]),
        ("en", "Recalling the tasks UNHCR has been called upon to carry out.", ["recall"]),
    ],
)
def test_a_form_after_a_determiner_is_a_noun(
    vocab: Vocabulary, lang: str, text: str, acts: list[str]
) -> None:
    """ "the value of" names no act of appreciating, "as noted in" cites another text's act,
    "has been called upon" is a passive;
    "les exhortent" (a pronoun, not an article) still urges, and "engagent les États à"
    urges where "nous nous engageons" commits."""
    (doc,) = segment_documents(f"Declaration\n\n1. {text}\n", "t.txt")
    x = extract(doc, vocab, lang)
    found = [str(m.body).rsplit("/", 1)[-1] for m in x.mentions if m.kind == "speech-act"]
    assert found == acts


def _extracted(vocab: Vocabulary, text: str, lang: str) -> Extraction:
    """What extraction finds in a text of one document."""
    (doc,) = segment_documents(text, f"t-{lang}.txt")
    return extract(doc, vocab, lang)


def test_the_chapeau_after_lines_above_it_and_its_author(vocab: Vocabulary) -> None:
    """Lines above the chapeau that the segmenter kept as paragraphs ("No. 37 (XXXVI)")
    do not hide it: the first paragraph without a verb that ends as a chapeau does, before
    any clause, is one. Its author is the first actor it names who is not a rights-holder;
    and a title repeated as a paragraph ("Declaración de ...") is no misspelt verb."""
    text = (
        "Conclusión\n\nNo. 37 (XXXVI) - 1985\n\n"
        "Declaración de la CELAC acerca de la protección de migrantes\n\n"
        "Ante la situación de los migrantes y sus familias, las Jefas y los Jefes de Estado y de "
        "Gobierno de América Latina y el Caribe, reunidos en Quito el 27 de enero de 2016:\n\n"
        "1. Reafirmamos nuestro compromiso con la protección de los migrantes.\n"
    )
    x = _extracted(vocab, text, "es")
    kinds = [x.kinds[p.number] for p in x.paragraphs]
    assert kinds[-2:] == ["chapeau", "operative"], kinds
    assert x.author == URIRef(ID + "actor/heads-of-state-and-government-lac")
    assert x.date == "2016-01-27"
    assert not [w for w in x.warnings if "read as" in w], x.warnings
    assert [str(c.act).rsplit("/", 1)[-1] for c in x.clauses] == ["reaffirm"]


def test_each_meeting_keeps_its_own_date(vocab: Vocabulary) -> None:
    """Meetings named one after another in a sentence: the date and place that follow
    the last one are its own, not every meeting's."""
    text = (
        "Resolution\n\nThe General Assembly,\n\nRecalling the outcome of the World "
        "Conference on Human Rights, the Fourth World Conference on Women and the World "
        "Conference against Racism, held in Lima from 31 August to 8 September 2001,\n\n"
        "1. Reaffirms the Declaration.\n"
    )
    x = _extracted(vocab, text, "en")
    dated = {m.name: (m.first, m.last, m.place) for m in x.meetings}
    assert dated["World Conference against Racism"] == (
        "2001-08-31",
        "2001-09-08",
        URIRef(ID + "place/lima"),
    )
    assert dated["World Conference on Human Rights"] == (None, None, None)
    assert dated["Fourth World Conference on Women"] == (None, None, None)


def test_one_paragraph_a_line_as_a_web_page_gives_it(vocab: Vocabulary) -> None:
    """Lines wider than any page, one paragraph each and no blank line between them (a
    web page's text): each line is a paragraph. The short lines of another block are still
    joined, as lines broken on a page are."""
    long = " in accordance with the international instruments on the protection of refugees"
    text = (
        "Declaration\n\nThe Colloquium,\n\n"
        f"Recalling the conclusions adopted by the Colloquium held in Mexico{long * 2};\n"
        f"Recognizing that the refugee situation has evolved in recent years{long * 2};\n"
        "\nReaffirms the importance of protection\nfor all refugees.\n"
    )
    x = _extracted(vocab, text, "en")
    assert [x.kinds[p.number] for p in x.paragraphs] == [
        "chapeau",
        "preambular",
        "preambular",
        "operative",
    ]
    assert [str(c.act).rsplit("/", 1)[-1] for c in x.clauses] == [
        "recall",
        "recognize",
        "reaffirm",
    ]
    assert x.paragraphs[-1].text == "Reaffirms the importance of protection for all refugees."


def test_a_web_address_does_not_make_a_line_wide(vocab: Vocabulary) -> None:
    """A line broken as on a page stays joined to the next one even if a long web address
    makes it longer than a page."""
    address = "https://example.org/" + "a" * 200
    text = f"Declaration\n\n1. We reaffirm the report at {address} and\nrecall its findings.\n"
    x = _extracted(vocab, text, "en")
    assert len(x.paragraphs) == 1
    assert [str(c.act).rsplit("/", 1)[-1] for c in x.clauses] == ["reaffirm", "recall"]


def test_a_word_alone_or_a_common_verb_is_not_read_as_a_misspelt_verb(vocab: Vocabulary) -> None:
    """A table's header ("Comments:") is no clause: its word, close to "commends", is not
    read as a misspelt verb; the same misspelling opening a clause is, with a warning."""
    text = "Report\n\nThe Ministers,\n\nComments:\n\nComends the States for their efforts.\n"
    (doc,) = segment_documents(text, "t.txt")
    x = extract(doc, vocab, "en")
    fuzzy = [(m.paragraph, m.exact) for m in x.mentions if m.rule == "fuzzy-verb"]
    assert fuzzy == [(3, "Comends")]
    assert x.warnings == ["paragraph 3: verb 'Comends' read as 'commends'"]
    # nor is a common verb close to a longer one ("Estamos", "resaltamos")
    (doc,) = segment_documents("Declaración\n\nEstamos presenciando una movilidad humana.\n")
    assert not [m for m in extract(doc, vocab, "es").mentions if m.rule == "fuzzy-verb"]


def test_a_dateline_above_the_text_naming_the_meeting_days_dates_and_places_it(
    vocab: Vocabulary, tmp_path: Path
) -> None:
    """ "Managua, Nicaragua, 26 y 27 de junio de 2016" above a chapeau that names no day:
    the first of the meeting's days dates the text (as a chapeau naming them would), the
    city places it, and the vice-ministers are its authors."""
    path = tmp_path / "managua.txt"
    path.write_text(
        "Declaración de Managua\n\nManagua, Nicaragua, 26 y 27 de junio de 2016\n\n"
        "Los Viceministros de la Conferencia Regional sobre Migración,\n\n"
        "Reafirman su compromiso con la protección de los migrantes.\n",
        encoding="utf-8",
    )
    (read,) = ingest.read_documents(path, vocab, "es")
    x = read.extraction
    assert (x.date, str(x.place).rsplit("/", 1)[-1]) == ("2016-06-26", "managua")
    assert str(x.author).endswith("/vice-ministers")


@pytest.mark.parametrize(
    "heading",
    [
        "II. Compromisos que se aplican tanto a los refugiados como a los migrantes en todo lugar",
        "Capítulo 2 Compromisos que se aplican tanto a los refugiados como a los migrantes",
        "B. Commitments",
    ],
)
def test_a_numbered_section_heading_is_not_a_paragraph(heading: str) -> None:
    """A heading opened by a section's number ("II.", "B.", "Capítulo 2") is a heading
    however long, so that versions whose headings differ in length still align."""
    text = f"Declaración\n\n1. Reafirmamos A.\n\n{heading}\n\n2. Condenamos B.\n"
    (doc,) = segment_documents(text, "t.txt")
    assert [p.text for p in doc.paragraphs] == ["Reafirmamos A.", "Condenamos B."]


def test_a_resolution_as_the_organization_of_american_states_prints_it(
    vocab: Vocabulary, tmp_path: Path
) -> None:
    """Its symbol ("AG/RES. 2883 (XLVI-O/16)") and the note in parentheses under the title
    are front matter: the symbol makes it a resolution, the note dates it. "RESOLVES:"
    decides, and the items under it that open with an infinitive of no speech act carry
    that decision."""
    path = tmp_path / "oas.txt"
    path.write_text(
        "AG/RES. 2883 (XLVI-O/16)\n\nHUMAN RIGHTS OF ALL MIGRANT WORKERS\n\n"
        "(Adopted at the third plenary session, held on June 14, 2016)\n\n"
        "THE GENERAL ASSEMBLY,\n\nREAFFIRMING its resolutions on migrants;\n\nRESOLVES:\n\n"
        "1. To urge member states to protect all migrants.\n\n"
        "2. To strengthen cooperation among countries of origin.\n",
        encoding="utf-8",
    )
    (read,) = ingest.read_documents(path, vocab, "en")
    doc, x = read.segmented, read.extraction
    assert doc.title == "HUMAN RIGHTS OF ALL MIGRANT WORKERS"
    assert doc.metadata["symbol"] == "AG/RES. 2883 (XLVI-O/16)"
    assert doc.metadata["note"].startswith("Adopted at the third plenary session")
    assert (x.date, str(x.doctype).rsplit("/", 1)[-1]) == ("2016-06-14", "resolution")
    acts = {c.paragraph: str(c.act).rsplit("/", 1)[-1] for c in x.clauses if c.index == 1}
    assert [acts.get(p.number) for p in doc.paragraphs] == [
        None,
        "reaffirm",
        "decide",
        "urge",
        "decide",
    ]
    assert not read.warnings
    # "THE GENERAL ASSEMBLY," is the OAS's: its symbol is of the "AG" series
    assert x.author == URIRef(ID + "actor/oas-general-assembly")


@pytest.mark.parametrize(
    ("lang", "text", "author"),
    [
        (
            "es",
            "LA ASAMBLEA GENERAL,\n\nREAFIRMANDO la Carta de la Organización de los Estados "
            "Americanos;\n\nRESUELVE:\n\n1. Instar a los Estados a proteger a los migrantes.\n",
            "oas-general-assembly",
        ),
        (
            "fr",
            "L'ASSEMBLÉE GÉNÉRALE,\n\nRÉAFFIRMANT la Charte de l'OEA ;\n\nDÉCIDE :\n\n"
            "1. D'exhorter les États à protéger les migrants.\n",
            "oas-general-assembly",
        ),
        (
            "en",
            "The General Assembly,\n\nReaffirming the Charter of the United Nations,\n\n"
            "1. Urges States to protect migrants.\n",
            "un-general-assembly",
        ),
    ],
)
def test_a_general_assembly_is_the_one_of_the_organization_the_text_names(
    vocab: Vocabulary, tmp_path: Path, lang: str, text: str, author: str
) -> None:
    """ "General Assembly" alone names two organs. Without a symbol, the text's naming the
    Organization of American States ("la Carta de la Organización de los Estados
    Americanos", "l'OEA") makes it the OAS's; otherwise it is the United Nations'."""
    read = _read_text(tmp_path, vocab, f"Resolution\n\n{text}", lang)
    assert read.extraction.author == URIRef(ID + f"actor/{author}")
    bodies = {m.body for m in read.extraction.mentions if m.kind == "actor"}
    assert URIRef(ID + f"actor/{author}") in bodies


# --- instruments named in the text ---------------------------------------------------------


def _cited(x: Extraction) -> dict[int, list[str]]:
    """The instruments each paragraph cites, by key."""
    return {
        p.number: [str(i).rsplit("/", 1)[-1] for i in x.cites(p.number)]
        for p in x.paragraphs
        if x.cites(p.number)
    }


LA_INSTRUMENTS = [
    "convention-against-torture",
    "convention-against-transnational-organized-crime",
    "convention-on-the-rights-of-the-child",
    "geneva-conventions",
    "global-compact-for-migration",
    "global-compact-on-refugees",
    "ilo-declaration-on-fundamental-principles-and-rights-at-work",
    "imrf-progress-declaration",
    "migrant-workers-convention",
    "refugee-convention",
    "refugee-protocol",
    "smuggling-of-migrants-protocol",
    "trafficking-in-persons-protocol",
    "2030-agenda",
]


@pytest.mark.parametrize("path", [LA_EN, LA_ES], ids=["en", "es"])
def test_the_los_angeles_declaration_cites_the_same_instruments_in_both_languages(
    vocab: Vocabulary, path: Path
) -> None:
    """Paragraph 18 names fourteen instruments, each under its own title in each language
    ("the United Nations 1951 Refugee Convention; its 1967 Protocol", "La Convención de las
    Naciones Unidas para los Refugiados de 1951; su Protocolo de 1967")."""
    (doc,) = ingest.read_documents(path, vocab, "auto")
    cited = _cited(doc.extraction)
    assert sorted(cited) == [18]
    assert sorted(cited[18]) == sorted(LA_INSTRUMENTS)
    # the words of each are anchored, and no place, actor, date or act inside them is a
    # mention of its own (topics are: "Safe, Orderly and Regular Migration"); the forums
    # it names are actors, not meetings: only the Summit is a meeting
    assert [m.name for m in doc.extraction.meetings][-1:] == [
        "Ninth Summit of the Americas" if path == LA_EN else "Novena Cumbre de las Américas"
    ]
    assert len(doc.extraction.meetings) == 1
    actors = {str(m.body).rsplit("/", 1)[-1] for m in doc.extraction.mentions if m.kind == "actor"}
    assert {"regional-conference-on-migration", "south-american-conference-on-migration"} <= actors
    names = [m for m in doc.extraction.mentions if m.kind == "instrument"]
    inside = [
        m
        for m in doc.extraction.mentions
        if m.paragraph == 18 and m.kind not in ("instrument", "topic", "principle")
        if any(n.start <= m.start and m.end <= n.end for n in names)
    ]
    assert not inside, inside
    text = doc.extraction.paragraphs[17].text
    assert all(text[m.start : m.end] == m.exact for m in names)


def test_names_inside_an_instruments_name_are_not_the_texts(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """ "New York", "Refugees" and the date of the Geneva Conventions are parts of the
    instruments' names, not places, actors or dates of the text; "human rights" in the
    Universal Declaration's name is a topic of the paragraph that reaffirms it."""
    text = (
        "Declaration of Quito\n\n"
        "1. We reaffirm the New York Declaration for Refugees and Migrants and the "
        "Universal Declaration of Human Rights.\n\n"
        "2. We recall the Geneva Conventions of 12 August 1949 and the Cartagena Declaration "
        "on Refugees, and welcome the meeting held in New York on 3 May 2019.\n"
    )
    x = _read_text(tmp_path, vocab, text, "en").extraction
    assert _cited(x) == {
        1: ["new-york-declaration", "universal-declaration-of-human-rights"],
        2: ["cartagena-declaration", "geneva-conventions"],
    }
    by_kind = {(m.paragraph, m.kind, str(m.body).rsplit("/", 1)[-1]) for m in x.mentions}
    assert (1, "place", "new-york") not in by_kind
    assert (1, "topic", "human-rights") in by_kind
    assert not any(k == "actor" and p == 2 for p, k, _ in by_kind)  # no "Refugees"
    # the place and date of the meeting are the text's own
    assert (2, "place", "new-york") in by_kind
    assert [m.exact for m in x.mentions if m.kind == "date"] == ["3 May 2019"]


def test_french_and_spanish_texts_cite_instruments_by_their_titles(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    fr = (
        "Déclaration de Rabat\n\n"
        "1. Réaffirment le Pacte mondial pour des migrations sûres, ordonnées et régulières "
        "et la Convention relative aux droits de l'enfant ;\n"
    )
    es = (
        "Declaración de Brasilia\n\n"
        "1. Reafirmamos la Declaración de Cartagena sobre Refugiados, el Pacto Mundial sobre "
        "los Refugiados y la Agenda 2030 para el Desarrollo Sostenible.\n"
    )
    x_fr = _read_text(tmp_path, vocab, fr, "fr").extraction
    x_es = _read_text(tmp_path, vocab, es, "es").extraction
    assert _cited(x_fr) == {
        1: ["convention-on-the-rights-of-the-child", "global-compact-for-migration"]
    }
    assert _cited(x_es) == {
        1: ["2030-agenda", "cartagena-declaration", "global-compact-on-refugees"]
    }
    assert x_es.place is None or str(x_es.place).endswith("brasilia")
    assert not [m for m in x_es.mentions if m.kind == "place" and "cartagena" in str(m.body)]


def test_a_cited_instrument_is_described_in_the_documents_graph(tmp_path: Path) -> None:
    """`ingest -o` writes eli:cites with the instrument's description, and validates; the
    citations other documents' paragraphs make by inference stay out."""
    out = tmp_path / "la.ttl"
    code, _, err = invoke("ingest", LA_EN, "-o", out)
    assert code == 0, err
    g = Graph().parse(out)
    work = next(g.subjects(ELI.has_part, None))
    para = URIRef(str(work) + "/para_18")
    cites = set(g.objects(para, ELI.cites))
    assert len(cites) == len(LA_INSTRUMENTS)
    refugee = URIRef(ID + "instrument/refugee-convention")
    assert refugee in cites
    assert (refugee, ELI.date_document, Literal("1951-07-28", datatype=XSD.date)) in g
    assert (None, LEX.citedByInferenceIn, None) not in g
    code, out_text, _ = invoke("validate", "--data", out)
    assert code == 0 and "0 violations" in out_text


def test_instruments_cited_answers_with_named_and_inferred_citations(
    store: corpus.CorpusStore,
) -> None:
    found = {
        (r["instrument"].removeprefix(ID), r["document"], r["how"], r["paragraphs"])
        for r in _query(store, "instruments-cited")
    }
    assert ("instrument/refugee-convention", LA_WORK, "named", "18") in found
    palermo = "instrument/smuggling-of-migrants-protocol"
    assert (palermo, SEED_WORK, "inferred", "5") in found
    assert (palermo, LA_WORK, "named", "18") in found


def test_a_meetings_name_runs_over_the_commas_of_an_instrument_it_names(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    text = (
        "Declaration of Santiago\n\n"
        "1. We welcome the outcome of the Intergovernmental Conference to Adopt the Global "
        "Compact for Safe, Orderly and Regular Migration, held in Marrakech on 10 and 11 "
        "December 2018.\n"
    )
    x = _read_text(tmp_path, vocab, text, "en").extraction
    (meeting,) = x.meetings
    assert meeting.name.endswith("the Global Compact for Safe, Orderly and Regular Migration")
    assert (meeting.first, meeting.last) == ("2018-12-10", "2018-12-11")
    assert str(meeting.place).endswith("/marrakesh")
    assert _cited(x) == {1: ["global-compact-for-migration"]}


@pytest.mark.parametrize(
    ("lang", "line", "expected"),
    [
        ("fr", "Les Ministres, réunis à Panama le 4 avril 2019,", "panama-city"),
        ("fr", "Les Ministres, réunis au Panama le 4 avril 2019,", "panama"),
        ("es", "Los Ministros, reunidos en Panamá el 4 de abril de 2019,", "panama"),
        (
            "es",
            "Los Ministros, reunidos en la Ciudad de Panamá el 4 de abril de 2019,",
            "panama-city",
        ),
    ],
)
def test_a_name_a_country_and_its_city_share_is_the_city_after_a_city_preposition(
    tmp_path: Path, vocab: Vocabulary, lang: str, line: str, expected: str
) -> None:
    """French places a city with "à" and a country with "au" or "en"; in Spanish "en"
    places both, so "Panamá" alone is the country, the default sense."""
    verb = {"fr": "Réaffirment leur engagement.", "es": "Reafirman su compromiso."}[lang]
    title = {"fr": "Déclaration", "es": "Declaración"}[lang]
    x = _read_text(tmp_path, vocab, f"{title}\n\n{line}\n\n1. {verb}\n", lang).extraction
    assert str(x.place).rsplit("/", 1)[-1] == expected
    (place,) = [m for m in x.mentions if m.kind == "place"]
    assert str(place.body).rsplit("/", 1)[-1] == expected


def test_paragraphs_numbered_in_parentheses(tmp_path: Path, vocab: Vocabulary) -> None:
    """ "(1)", "(2)" number paragraphs; under a paragraph numbered "1." they are its items,
    as "(a)" items are."""
    alone = (
        "Declaration on Labour Migration\n\n"
        "The Ministers of Labour, meeting in Quito on 14 March 2017,\n\n"
        "(1) Reaffirm their commitment to migrant workers;\n\n"
        "(2) Decide to meet again in Lima in 2018.\n"
    )
    x = _read_text(tmp_path, vocab, alone, "en").extraction
    assert [(p.printed, p.text[:9]) for p in x.paragraphs] == [
        (None, "The Minis"),
        (1, "Reaffirm "),
        (2, "Decide to"),
    ]
    under = (
        "Resolution on migration\n\nThe Council,\n\n1. Decides:\n\n"
        "(1) to strengthen the protection of migrants;\n\n(2) to review its work in 2020;\n\n"
        "2. Requests the Secretary-General to report.\n"
    )
    x = _read_text(tmp_path, vocab, under, "en").extraction
    assert [p.printed for p in x.paragraphs] == [None, 1, 2]
    assert x.paragraphs[1].text.endswith("(2) to review its work in 2020;")


def test_a_word_hyphenated_at_a_line_break_is_read_whole(tmp_path: Path, vocab: Vocabulary) -> None:
    """ "mi-" / "grant" is "migrant" where the text writes "migrant" elsewhere, so that the
    gazetteer finds it; "vice-" / "ministres" keeps its hyphen, which is its own."""
    text = (
        "Déclaration de Quito\r\n\r\n"
        "Les vice-ministres, réunis à Quito le 14 mars 2017,\r\n\r\n"
        "1. Réaffirment leur engagement envers les travailleurs mi-\r\n"
        "grants et leurs familles, avec les vice-\r\nministres de la région ;\r\n\r\n"
        "2. Exhortent les États à ratifier la Convention internationale sur la pro-\r\n"
        "tection des droits de tous les travailleurs migrants et des membres de leur famille.\r\n"
    )
    x = _read_text(tmp_path, vocab, text, "fr").extraction
    first, second = x.paragraphs[1].text, x.paragraphs[2].text
    assert "travailleurs migrants et leurs familles" in first
    assert "les vice-ministres de la région" in first
    assert "sur la protection des droits" in second
    assert _cited(x) == {3: ["migrant-workers-convention"]}
    assert ("actor", "migrant-workers") in {
        (m.kind, str(m.body).rsplit("/", 1)[-1]) for m in x.mentions if m.paragraph == 2
    }


def test_items_without_a_verb_complete_the_lead_in(tmp_path: Path, vocab: Vocabulary) -> None:
    """Under "DECLARAN:", "1. Su compromiso con ..." is what they declare: an item that
    opens with their possessive and has no verb of its own carries the lead-in's act; the
    list ends at an item with a verb of its own ("Instar")."""
    text = (
        "Declaración de Buenos Aires\n\n"
        "Los Ministros del Interior, reunidos en Buenos Aires el 9 de noviembre de 2017,\n\n"
        "DECLARAN:\n\n"
        "1. Su compromiso con el principio de no devolución.\n\n"
        "2. Su voluntad de fortalecer la cooperación regional contra la trata de personas.\n\n"
        "3. Instar a los Estados a ratificar la Convención sobre el Estatuto de los Refugiados.\n"
    )
    x = _read_text(tmp_path, vocab, text, "es").extraction
    assert _acts(x) == [
        (2, "DECLARAN", "declare", None, None),
        (3, None, "declare", None, (2, 1)),
        (4, None, "declare", None, (2, 1)),
        (5, "Instar", "urge", "states", None),
    ]
    assert not x.warnings


@pytest.mark.parametrize(
    ("lang", "lead", "items"),
    [
        (
            "es",
            "DECLARAN:",
            [
                "La necesidad de fortalecer la cooperación regional.",
                "El rechazo a la criminalización de la migración irregular.",
                "La Secretaría Técnica presentará un informe.",
            ],
        ),
        (
            "fr",
            "DÉCLARENT :",
            [
                "L'importance de garantir les droits de l'homme des migrants.",
                "La nécessité de renforcer la coopération régionale.",
                "Le Secrétariat technique présentera un rapport.",
            ],
        ),
        (
            "en",
            "DECLARE:",
            [
                "The need to strengthen regional cooperation.",
                "The importance of protecting the human rights of migrants.",
                "The Technical Secretariat will present a report.",
            ],
        ),
    ],
)
def test_items_that_open_with_an_article_before_a_noun_complete_the_lead_in(
    tmp_path: Path, vocab: Vocabulary, lang: str, lead: str, items: list[str]
) -> None:
    """ "2. La necesidad de ..." under "DECLARAN:" is declared, as "1. Su compromiso ..."
    is; an article before a name ("La Secretaría Técnica presentará ...") opens another
    subject's statement, which the lead-in does not govern."""
    numbered = "".join(f"{n}. {item}\n\n" for n, item in enumerate(items, start=1))
    text = f"Declaración\n\nLos Ministros,\n\n{lead}\n\n{numbered}"
    x = _read_text(tmp_path, vocab, text, lang).extraction
    governed = [c.paragraph for c in x.clauses if c.governed_by == (2, 1)]
    assert governed == [3, 4]
    assert [w for w in x.warnings if "no speech act" in w] == ["paragraph 5: no speech act found"]


def test_a_long_title_in_capitals_is_the_title(tmp_path: Path, vocab: Vocabulary) -> None:
    """A title of fifteen words in capitals, then a dateline: title, type, place and date,
    and the chapeau is the first paragraph."""
    text = (
        "JOINT STATEMENT OF THE MINISTERS OF FOREIGN AFFAIRS OF CENTRAL AMERICA AND MEXICO "
        "ON MIGRATION\n\n"
        "Mexico City, 21 October 2021\n\n"
        "We, the Ministers of Foreign Affairs of Costa Rica, El Salvador and Mexico, meeting "
        "in Mexico City on 21 October 2021:\n\n"
        "HEREBY AGREE:\n\n"
        "1. To strengthen regional cooperation on border management.\n"
    )
    x = _read_text(tmp_path, vocab, text, "en").extraction
    assert x.title is not None and x.title.startswith("JOINT STATEMENT OF THE MINISTERS")
    assert str(x.doctype).endswith("/statement") and x.date == "2021-10-21"
    assert str(x.place).endswith("/mexico-city")
    assert [x.kinds[p.number] for p in x.paragraphs] == ["chapeau", "operative", "operative"]


def test_a_closing_line_dates_the_text_in_words(tmp_path: Path, vocab: Vocabulary) -> None:
    """ "Dada en la ciudad de Panamá, a los ocho días del mes de abril de dos mil quince":
    the text's date and place, each anchored in the source file."""
    text = (
        "Declaración de Panamá sobre Migración\n\n"
        "Los Ministros de Relaciones Exteriores,\n\n"
        "1. Reafirman su compromiso con el Pacto Mundial para la Migración Segura, Ordenada "
        "y Regular.\n\n"
        "Dada en la Ciudad de Panamá, a los ocho días del mes de abril de dos mil quince.\n"
    )
    doc = _read_text(tmp_path, vocab, text, "es")
    x = doc.extraction
    assert (x.date, str(x.place).rsplit("/", 1)[-1]) == ("2015-04-08", "panama-city")
    quoted = {(m.kind, m.exact) for m in x.line_mentions}
    assert ("date", "ocho días del mes de abril de dos mil quince") in quoted
    source = (tmp_path / "text-es.txt").read_text(encoding="utf-8")
    assert all(source[m.start : m.end] == m.exact for m in x.line_mentions)


def test_a_resolution_copied_from_a_pdf_without_blank_lines(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """Human Rights Council resolution 36/5 as right-docs.org gives it: its masthead, its
    number and title broken over two lines, the Council on a line of its own and each
    preambular clause on the lines after one that ends with a comma, no blank line."""
    text = (
        "Source: https://right-docs.org/doc/a-hrc-res-36-5\n\n"
        "GE.17-17406(E)\n"
        "Human Rights Council Thirty-sixth session\n"
        "11–29 September 2017\n"
        "Agenda item 3\n"
        "Resolution adopted by the Human Rights Council on 28 September 2017\n"
        "36/5. Unaccompanied migrant children and adolescents and human\n"
        "rights\n"
        "The Human Rights Council,\n"
        "Guided by the purposes and principles of the Charter of the United Nations,\n"
        "Reaffirming the Universal Declaration of Human Rights, which proclaims that all\n"
        "human beings are born free and equal in dignity and rights,\n"
    )
    doc = _read_text(tmp_path, vocab, text, "en")
    x = doc.extraction
    assert doc.segmented.metadata["source"] == "https://right-docs.org/doc/a-hrc-res-36-5"
    assert x.title == "Unaccompanied migrant children and adolescents and human rights"
    assert (x.date, str(x.author).rsplit("/", 1)[-1]) == ("2017-09-28", "un-human-rights-council")
    assert [x.kinds[p.number] for p in x.paragraphs] == ["chapeau", "preambular", "preambular"]
    # "which proclaims": the Declaration's act, not the Council's
    assert [c.verb for c in x.clauses] == ["Guided by", "Reaffirming"]


def test_a_resolution_under_a_masthead_with_its_title_and_note_on_several_lines(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """OAS resolution AG/RES. 1775 (XXXI-O/01) in French as oas.org prints it: a series
    above its symbol, a date and "Original: espagnol", "RÉSOLUTION", the title in capitals
    on two lines and the note in parentheses on two: all above "L'ASSEMBLÉE GÉNÉRALE,"."""
    text = (
        "OEA/Ser.P\nAG/RES. 1775 (XXXI-O/01)\n5 juin 2001\nOriginal: espagnol\n\n"
        "RÉSOLUTION\n\n"
        "LES DROITS HUMAINS DE TOUS LES TRAVAILLEURS MIGRANTS\nET DE LEURS FAMILLES\n\n"
        "(Cette résolution a été adoptée à la troisième séance plénière\n"
        "tenue le 5 juin 2001 et sera révisée par la Commission de style)\n\n"
        "L'ASSEMBLÉE GÉNÉRALE,\n\n"
        "AYANT ÉCOUTÉ le rapport de la Présidente de la Commission des questions juridiques et "
        "politiques relatif aux droits humains de tous les travailleurs migrants et de leurs "
        "familles (CP/ACTA-1276/01);\n\n"
        "CONSIDÉRANT:\n\n"
        "Que les chefs d'État et de gouvernement, réunis à l'occasion du Troisième Sommet des "
        "Amériques à Québec (Canada) en avril 2001, ont reconnu les contributions économiques "
        "et culturelles qu'apportent les migrants à leurs sociétés d'accueil,\n"
    )
    doc = _read_text(tmp_path, vocab, text, "fr")
    x, meta = doc.extraction, doc.segmented.metadata
    assert x.title == "LES DROITS HUMAINS DE TOUS LES TRAVAILLEURS MIGRANTS ET DE LEURS FAMILLES"
    assert meta["symbol"] == "AG/RES. 1775 (XXXI-O/01)"  # not the series "OEA/Ser.P"
    assert meta["note"].startswith("Cette résolution a été adoptée")
    assert "RÉSOLUTION" in meta["front"] and "Original: espagnol" in meta["front"]
    assert str(x.author).endswith("/oas-general-assembly") and x.date == "2001-06-05"
    assert [x.kinds[p.number] for p in x.paragraphs] == [
        "chapeau",
        "preambular",
        "preambular",
        "preambular",
    ]
    assert _acts(x)[0][1:3] == ("AYANT ÉCOUTÉ", "consider")
    # the Summit met at Quebec: "à Québec" is no part of its name
    assert [m.name for m in x.meetings] == ["Troisième Sommet des Amériques"]


def test_a_resolutions_number_stuck_to_its_title(tmp_path: Path, vocab: Vocabulary) -> None:
    """Human Rights Council resolution 52/20 in French as the OHCHR's copy prints it,
    "52/20.Droits humains des migrants ...": everything above it is front matter."""
    text = (
        "Nations Unies\n\nA/HRC/RES/52/20\n\nAssemblée générale\n\nDistr. générale\n\n"
        "5 avril 2023\n\nFrançais\n\nOriginal : anglais\n\nConseil des droits de l’homme\n\n"
        "Cinquante-deuxième session\n\n27 février-4 avril 2023\n\n"
        "Point 3 de l’ordre du jour\n\n"
        "Résolution adoptée par le Conseil des droits de l’homme le 3 avril 2023\n\n"
        "52/20.Droits humains des migrants : mandat de Rapporteur spécial sur les droits "
        "humains des migrants\n\n"
        "Le Conseil des droits de l’homme,\n\n"
        "Réaffirmant la Déclaration universelle des droits de l’homme, qui proclame que tous "
        "les êtres humains naissent libres et égaux en dignité et en droits et que chacun peut "
        "se prévaloir de tous les droits et de toutes les libertés qu’elle consacre,\n"
    )
    x = _read_text(tmp_path, vocab, text, "fr").extraction
    assert x.title is not None and x.title.startswith("Droits humains des migrants : mandat")
    assert (x.symbol, x.date) == ("A/HRC/RES/52/20", "2023-04-03")
    assert [x.kinds[p.number] for p in x.paragraphs] == ["chapeau", "preambular"]
    assert [c.verb for c in x.clauses] == ["Réaffirmant"]


@pytest.mark.parametrize(
    ("lang", "text", "verbs"),
    [
        (
            "fr",
            "Considérant que la Déclaration universelle des droits de l’homme proclame que tous "
            "les êtres humains naissent libres, et que chacun peut se prévaloir de tous les "
            "droits qu’elle proclame,",
            ["Considérant"],
        ),
        (
            "es",
            "Reafirmando la Declaración Universal de Derechos Humanos, que proclama que todos "
            "los seres humanos nacen libres e iguales,",
            ["Reafirmando"],
        ),
        (  # "que" after a verb opens what the speakers say, and they reaffirm again
            "es",
            "Reafirmamos que reafirmamos nuestro compromiso con los migrantes.",
            ["Reafirmamos", "reafirmamos"],
        ),
    ],
)
def test_a_verb_whose_subject_is_another_is_no_act_of_the_speakers(
    tmp_path: Path, vocab: Vocabulary, lang: str, text: str, verbs: list[str]
) -> None:
    """After a relative pronoun, or right after an instrument's name, a verb of the
    vocabulary is the instrument's, not an act of the text."""
    x = _read_text(tmp_path, vocab, f"Resolución\n\nLa Asamblea,\n\n{text}\n", lang).extraction
    assert [c.verb for c in x.clauses] == verbs


def test_an_untitled_declaration_opened_by_a_long_title_in_quito_ecuador(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """CELAC's Special Declaration 9 (Quito, 2016) as a blog copied it: a first line of 15
    words with a colon is its title, and "reunidos en Quito, Ecuador" places the summit in
    the city, which the vocabulary does not say is in Ecuador."""
    text = (
        "Declaración Especial 9: Sobre la Protección de Migrantes en la América Latina y el "
        "Caribe\n\n"
        "Las Jefas y los Jefes de Estado y de Gobierno de América Latina y del Caribe, reunidos "
        "en Quito, Ecuador, en ocasión de la IV Cumbre de la Comunidad de Estados "
        "Latinoamericanos y Caribeños (CELAC), el 27 de enero de 2016;\n\n"
        "Reconociendo la importancia histórica de la migración internacional en el desarrollo "
        "de la región;\n"
    )
    x = _read_text(tmp_path, vocab, text, "es").extraction
    assert x.title is not None and x.title.startswith("Declaración Especial 9: Sobre la")
    assert (x.date, str(x.place).rsplit("/", 1)[-1]) == ("2016-01-27", "quito")
    assert [x.kinds[p.number] for p in x.paragraphs] == ["chapeau", "preambular"]
    (summit,) = x.meetings
    assert str(summit.place).endswith("/quito") and summit.first == "2016-01-27"


def test_a_masthead_above_paragraphs_numbered_from_one(tmp_path: Path, vocab: Vocabulary) -> None:
    """The Rio Group's Panama Declaration (1998) as a journal printed it: the Group, the
    summit, its days and the quoted title on lines of their own above "1) Nosotros ...":
    front matter, so that the paragraphs keep their printed numbers."""
    text = (
        "Grupo de Río\n\n\nDeclaración de la Xll Cumbre\nde Jefes de Estado y de Gobierno\n\n"
        "4-5 de septiembre de 1998\n\n"
        '"Declaración de Panamá"\n\n'
        "1) Nosotros, los Jefes de Estado y de Gobierno de los Estados miembros del Mecanismo "
        "Permanente de Consulta y Concertación Política - Grupo de Río - nos hemos congregado "
        "en la Ciudad de Panamá, los días 4 y 5 de septiembre de 1998, con el fin de refrendar "
        "la voluntad de nuestros gobiernos.\n\n"
        "2) Reafirmamos nuestro compromiso con la democracia representativa.\n"
    )
    doc = _read_text(tmp_path, vocab, text, "es")
    x = doc.extraction
    assert [(p.number, p.printed) for p in doc.segmented.paragraphs] == [(1, 1), (2, 2)]
    assert "4-5 de septiembre de 1998" in doc.segmented.metadata["front"]
    assert (x.date, x.last_day) == ("1998-09-04", "1998-09-05")
    assert str(x.place).endswith("/panama-city")
    assert _acts(x)[0][1:3] == ("Reafirmamos", "reaffirm")


def test_a_theme_above_the_title_and_an_opening_of_the_first_person(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """The Francophonie's Saint-Boniface Declaration (2006): a theme ending with a colon
    above the title is part of it, "adoptée le 14 mai 2006" dates the text, and "Nous
    fondant sur ..." opens a preambular paragraph, as "Considérant" would."""
    text = (
        "Prévention des conflits et Sécurité humaine :\nDéclaration de Saint-Boniface\n\n"
        "adoptée le 14 mai 2006\n\n"
        "Nous, Ministres et Chefs de délégation des Etats et gouvernements ayant le français en "
        "partage, réunis à Saint-Boniface les 13 et 14 mai 2006, dans le cadre de la "
        "Conférence ministérielle de la Francophonie sur la prévention des conflits et la "
        "sécurité humaine ;\n\n"
        "Nous fondant sur les dispositions de la Charte de la Francophonie adoptée à "
        "Antananarivo en novembre 2005 ;\n"
    )
    x = _read_text(tmp_path, vocab, text, "fr").extraction
    assert x.title == "Prévention des conflits et Sécurité humaine : Déclaration de Saint-Boniface"
    assert str(x.doctype).endswith("/declaration") and x.date == "2006-05-14"
    assert [x.kinds[p.number] for p in x.paragraphs] == ["chapeau", "preambular"]
    assert _acts(x)[0][1:3] == ("Nous fondant sur", "consider")


def test_a_meeting_the_vocabulary_describes_is_one_in_every_document_and_language(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """The Declaration of North America (2023) names "the Ninth Summit of the Americas",
    where the Los Angeles Declaration was endorsed, without its days or city: it is the
    meeting each version of the Los Angeles Declaration was adopted at, and a query
    finds the documents that refer to it."""
    text = (
        "Declaration of North America\n\n"
        "Today marks the six-month anniversary of the Los Angeles Declaration on\n"
        "Migration and Protection, a bold new framework for regional\n"
        "responsibility-sharing that 21 leaders endorsed on the margins of the\n"
        "Ninth Summit of the Americas. We affirm our joint commitment to safe migration.\n"
    )
    x = _read_text(tmp_path, vocab, text, "en").extraction
    (summit,) = x.meetings
    assert summit.iri == URIRef(ID + "event/2022-06-06/los-angeles/summit")
    assert (summit.name, summit.first, summit.place) == (
        "Ninth Summit of the Americas",
        "2022-06-06",
        URIRef(ID + "place/los-angeles"),
    )
    mention = next(m for m in x.mentions if m.kind == "meeting")
    assert (mention.exact, mention.rule) == ("Ninth Summit of the Americas", "gazetteer")
    la = {
        d.extraction.framework_event
        for path in (LA_EN, LA_ES, LA_FR)
        for d in ingest.read_documents(path, vocab)
    }
    assert la == {summit.iri}


@pytest.mark.parametrize(
    ("lang", "sentence", "event"),
    [
        (
            "es",
            "Recuerdan los compromisos de la VIII Cumbre de las Américas.",
            "2018-04-13/lima/summit",
        ),
        (
            "fr",
            "Rappellent les engagements du septième Sommet des Amériques.",
            "2015-04-10/panama-city/summit",
        ),
        (  # dated by the text itself: the same meeting
            "en",
            "Welcome the adoption of the Global Compact at the Intergovernmental Conference to "
            "Adopt the Global Compact for Safe, Orderly and Regular Migration, held in "
            "Marrakech on 10 and 11 December 2018.",
            "2018-12-10/marrakesh/conference",
        ),
        (
            "es",
            "Toman nota del primer Foro de Examen de la Migración Internacional.",
            "2022-05-17/new-york/forum",
        ),
    ],
)
def test_meetings_the_vocabulary_describes_in_three_languages(
    tmp_path: Path, vocab: Vocabulary, lang: str, sentence: str, event: str
) -> None:
    text = f"Declaración\n\nLos Ministros,\n\n1. {sentence}\n"
    x = _read_text(tmp_path, vocab, text, lang).extraction
    assert [str(m.iri).removeprefix(ID + "event/") for m in x.meetings] == [event]
    (meeting,) = x.meetings
    assert meeting.first == event.split("/")[0] and meeting.last is not None


def test_a_header_title_folded_over_two_lines_and_a_list_of_states(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """The East Room Declaration (2023) as brian14708/wh-briefings keeps it: its YAML title
    goes on over two lines ("Economic\\_\\" then "Prosperity"), its chapeau lists twelve
    States and names no city (no place of adoption: not the first State of the list), and
    "To advance these priorities, we will ..." after the bullets is the speakers' own
    statement, not an item of the list."""
    text = (
        "---\ndate: '2023-11-03'\n"
        'title: "East Room Declaration of the Leaders of the Americas Partnership for '
        'Economic\\_\\\n  Prosperity"\n---\n \n'
        "We, the leaders of Barbados, Canada, Chile, Colombia, Costa Rica, the\n"
        "Dominican Republic, Ecuador, Mexico, Panama, Peru, the United States,\n"
        "and Uruguay hold a common vision for a more open, fair, inclusive,\n"
        "sustainable, and prosperous hemisphere. We reaffirm our collective commitment to\n"
        "shared values.\n\n"
        "At this inaugural Leaders’ Summit of the Americas Partnership,\n"
        "we have identified the following five initial cross-cutting priorities\n"
        "that will focus and drive our collective work:\n\n"
        "-   Strengthening regional competitiveness and integration\n"
        "-   Building sustainable infrastructure\n\n"
        "To advance these priorities, we will identify a set of specific actions\n"
        "that we intend to collectively implement to achieve concrete results.\n"
    )
    x = _read_text(tmp_path, vocab, text, "en").extraction
    assert x.title == (
        "East Room Declaration of the Leaders of the Americas Partnership for Economic Prosperity"
    )
    assert (x.date, x.place) == ("2023-11-03", None)
    last = [c for c in x.clauses if c.paragraph == 5]
    assert last[0].governed_by is None and last[0].verb == "we will"


@pytest.mark.parametrize(
    ("lang", "chapeau", "place"),
    [
        ("es", "Los Ministros de Argentina, Brasil y Chile, reunidos en Panamá,", "panama"),
        ("en", "The Ministers of Argentina, Brazil and Chile, meeting in Mexico,", "mexico"),
        ("fr", "Les Ministres de l'Argentine, du Brésil et du Chili, réunis au Mexique,", "mexico"),
        ("en", "The Ministers of Argentina, Brazil and Chile,", None),
    ],
)
def test_a_country_is_the_place_of_adoption_after_a_locative_only(
    tmp_path: Path, vocab: Vocabulary, lang: str, chapeau: str, place: str | None
) -> None:
    text = f"Declaration\n\n{chapeau}\n\n1. Reafirman su compromiso.\n"
    x = _read_text(tmp_path, vocab, text, lang).extraction
    assert (str(x.place).rsplit("/", 1)[-1] if x.place else None) == place


def test_only_the_lines_that_open_a_text_are_its_masthead(
    vocab: Vocabulary, tmp_path: Path
) -> None:
    """Short blocks above paragraph 1 are front matter only while they open the text: after
    the chapeau, a paragraph of two lines that ends without a period is still text."""
    text = (
        "Grupo de Río\n\nDeclaración de Lima\n\n"
        "Los Ministros del Interior, reunidos en Lima el 3 de mayo de 2015,\n\n"
        "Reafirman su compromiso con la Declaración de Cartagena\n"
        "y con el Plan de Acción de Brasil\n\n"
        "1. Reiteran su voluntad de combatir la trata de personas.\n"
    )
    doc = _read_text(tmp_path, vocab, text, "es")
    assert [p.text[:20] for p in doc.segmented.paragraphs] == [
        "Los Ministros del In",
        "Reafirman su comprom",
        "Reiteran su voluntad",
    ]
    assert doc.segmented.title == "Grupo de Río"


def test_a_name_at_a_line_break_opens_no_paragraph() -> None:
    """In a block with no blank line, a line that opens with a participle opens a paragraph
    after a comma; a name that looks like one ("Fernando", "Orlando") does not."""
    text = (
        "Title\n\nWe note the report of the Ministers of Panama,\n"
        "Fernando Pérez and Rolando Díaz, on migration.\n"
    )
    (doc,) = segment_documents(text, "t.txt")
    assert [p.text for p in doc.paragraphs] == [
        "We note the report of the Ministers of Panama, Fernando Pérez and Rolando Díaz, on "
        "migration."
    ]


def test_a_described_meeting_whose_name_holds_two_heads_is_one_meeting(tmp_path: Path) -> None:
    """A name the vocabulary describes with two head nouns in it ("... Forum ... Summit")
    is one meeting, mentioned once."""
    graph = Vocabulary.load().graph
    extra = Graph()
    extra += graph
    event = URIRef(ID + "event/2030-01-01/lima/summit")
    schema = "https://schema.org/"
    skos = "http://www.w3.org/2004/02/skos/core#"
    extra.add(
        (event, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(schema + "Event"))
    )
    extra.add(
        (event, URIRef("http://purl.org/dc/terms/type"), URIRef(ID + "concept/event-type/summit"))
    )
    extra.add((event, URIRef(skos + "prefLabel"), Literal("Youth Forum Summit of Lima", lang="en")))
    extra.add((event, URIRef(schema + "startDate"), Literal("2030-01-01", datatype=XSD.date)))
    extra.add((event, URIRef(schema + "location"), URIRef(ID + "place/lima")))
    vocab = Vocabulary(extra)
    text = "Declaration\n\nThe Ministers,\n\n1. Recall the Youth Forum Summit of Lima.\n"
    x = _read_text(tmp_path, vocab, text, "en").extraction
    assert [m.iri for m in x.meetings] == [event]
    assert [m.exact for m in x.mentions if m.kind == "meeting"] == ["Youth Forum Summit of Lima"]


def test_a_header_date_that_is_no_day_is_left_out_with_a_warning(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """ "date: 2022-13-45" in a YAML header: no traceback from the YAML reader, no invalid
    xsd:date in the graph, one warning."""
    text = "---\ndate: 2022-13-45\ntitle: T\n---\n\nWe reaffirm our commitment to migrants.\n"
    doc = _read_text(tmp_path, vocab, text, "en")
    assert doc.segmented.metadata["date"] == "2022-13-45"
    assert doc.extraction.date is None
    assert doc.extraction.warnings == ["front matter: date '2022-13-45' is no day of the calendar"]
