"""Every competency question in queries/ parses and returns the rows a reader of the
communiqué expects. The expected rows below were written from the text, not from output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from lexgraph import paths
from lexgraph.query import run_query

QUERIES = sorted(paths.queries_dir().glob("*.rq"))
"""The questions on one document; queries/<area>/*.rq are tested by tests/test_<area>*.py."""
ALL_QUERIES = sorted(paths.queries_dir().glob("**/*.rq"))
ID = "https://w3id.org/lexgraph/id/"
WORK = ID + "eli/communique/caracas/2011/12/03/"
WORK += "communique-special-sur-la-situation-des-droits-de-l-homme-des-personnes-migrantes"

ALL, SOME = "all", "some"
HEADS = "Heads of State and Government of Latin America and the Caribbean"

EXPECTED: dict[str, tuple[str, set[tuple[str, ...]]]] = {
    "paragraphs": (
        SOME,
        {
            (
                "1",
                "Les chefs d'État et de gouvernement de l'Amérique latine et de la Caraïbe, "
                "réunis à Caracas, République Bolivarienne du Venezuela, le 3 décembre 2011, dans "
                "le cadre du Sommet de la Communauté d'États de l'Amérique latine et des Caraïbes "
                "(CELAC),",
                "chapeau",
            ),
            (
                "2",
                "Se félicitent des résultats de la Réunion régionale sur la protection des "
                "personnes migrantes, tenue les 27 et 28 juin 2011 à Lima, Pérou ;",
                "operative paragraph",
            ),
        },
    ),
    "speech-acts": (
        ALL,
        {
            ("2", "Se félicitent", "welcome", ""),
            ("3", "Réaffirment", "reaffirm", ""),
            ("3", "encouragent", "encourage", "States"),
            ("4", "Prennent note", "take note", ""),
            ("4", "exhortent", "urge", "authorities of the participants"),
            ("5", "Soulignent", "stress", ""),
            ("5", "reconnaissent", "recognize", ""),
            ("6", "Expriment leur rejet", "reject", ""),
            ("6", "rappellent", "recall", ""),
            ("7", "réitèrent", "reiterate", ""),
            ("7", "réaffirment", "reaffirm", ""),
            ("8", "Reconnaittent", "recognize", ""),
            ("9", "Réaffirment", "reaffirm", ""),
            ("9", "soulignent", "stress", ""),
            ("10", "Expriment leur préoccupation", "express concern", ""),
        },
    ),
    "meetings": (
        ALL,
        {
            (
                ID + "event/2011-12-03/caracas/summit",
                "Sommet de la Communauté d'États de l'Amérique latine et des Caraïbes (CELAC)",
                "2011-12-03",
                "2011-12-03",
                "Caracas",
                "1",
            ),
            (
                ID + "event/2011-06-27/lima/meeting",
                "Réunion régionale sur la protection des personnes migrantes",
                "2011-06-27",
                "2011-06-28",
                "Lima",
                "2",
            ),
            (
                ID + "event/2010-10-08/mexico-city/meeting",
                "Réunion ministérielle sur la délinquance organisée transnationale et la sécurité "
                "des migrants",
                "2010-10-08",
                "2010-10-08",
                "Mexico City",
                "4",
            ),
        },
    ),
    "principles": (
        ALL,
        {
            ("7", p)
            for p in (
                "tolerance",
                "solidarity",
                "complementarity",
                "gender equality",
                "justice",
                "inclusion",
                "social equity",
            )
        },
    ),
    "topics": (
        SOME,
        {
            ("3", "vulnerability"),
            ("3", "human rights"),
            ("4", "transnational organized crime"),
            ("5", "trafficking in persons"),
            ("5", "smuggling of migrants"),
            ("5", "protection and assistance"),
            ("6", "criminalization of migrants"),
            ("6", "racism"),
            ("6", "xenophobia"),
            ("8", "regularization"),
            ("8", "integration"),
            ("8", "safe migration"),
            ("9", "interculturality"),
            ("9", "migration and development"),
            ("10", "economic and financial crisis"),
            ("10", "working conditions"),
        },
    ),
    "actors": (
        SOME,
        {
            (
                ID + "actor/heads-of-state-and-government-lac",
                "Heads of State and Government of Latin America and the Caribbean",
                "http://xmlns.com/foaf/0.1/Group",
            ),
            (
                ID + "actor/celac",
                "Community of Latin American and Caribbean States",
                "http://www.w3.org/ns/org#FormalOrganization",
            ),
            (ID + "actor/states", "States", "http://xmlns.com/foaf/0.1/Organization"),
            (
                ID + "actor/governments-lac",
                "Governments of Latin America and the Caribbean",
                "https://schema.org/GovernmentOrganization",
            ),
            (
                ID + "actor/authorities-of-participants",
                "authorities of the participants",
                "https://schema.org/GovernmentOrganization",
            ),
            (
                ID + "actor/migrants-and-families",
                "migrants and their families",
                "http://xmlns.com/foaf/0.1/Group",
            ),
            (
                ID + "actor/countries-of-origin-transit-and-destination",
                "countries of origin, transit and destination",
                "http://xmlns.com/foaf/0.1/Organization",
            ),
        },
    ),
    "mentions": (
        SOME,
        {
            ("1", "84", "91", "Caracas", ID + "place/caracas"),
            ("1", "134", "149", "3 décembre 2011", ID + "period/2011-12-03/2011-12-03"),
            ("2", "0", "13", "Se félicitent", ID + "concept/speech-act/welcome"),
            ("2", "105", "123", "27 et 28 juin 2011", ID + "period/2011-06-27/2011-06-28"),
            ("2", "126", "130", "Lima", ID + "place/lima"),
            ("4", "147", "153", "Mexico", ID + "place/mexico-city"),
            ("4", "157", "171", "8 octobre 2010", ID + "period/2010-10-08/2010-10-08"),
            ("7", "224", "234", "solidarité", ID + "concept/principle/solidarity"),
            ("8", "0", "13", "Reconnaittent", ID + "concept/speech-act/recognize"),
        },
    ),
    "editorial-notes": (
        ALL,
        {("8", "sic", "migratoires"), ("8", "sic", "sûres"), ("9", "sic", "développement")},
    ),
    "document": (
        ALL,
        {
            (
                WORK,
                "Communiqué spécial sur la situation des droits de l'homme des personnes migrantes",
                "2011-12-03",
                "Caracas",
                "Heads of State and Government of Latin America and the Caribbean",
                ID + "event/2011-12-03/caracas/summit",
                "http://publications.europa.eu/resource/authority/language/FRA",
                "000_da563d301c0450ee.txt",
                "db4473d15ed166a9a65388c3c49a87fa1d7483ce23451c72e1abe169d5fc4466",
            ),
        },
    ),
    "verb-forms": (ALL, {("8", "Reconnaittent", "Reconnaissent")}),
    "provenance": (
        SOME,
        {
            (
                WORK,
                r"re:.*/build/0\.1\.0/[0-9a-f]{16}",
                ID + "software/lexgraph/0.1.0",
                "0.1.0",
                "meeting phrase",
                "3",
            ),
            (
                WORK,
                r"re:.*/build/0\.1\.0/[0-9a-f]{16}",
                ID + "software/lexgraph/0.1.0",
                "0.1.0",
                "editorial mark",
                "3",
            ),
            (
                WORK,
                r"re:.*/build/0\.1\.0/[0-9a-f]{16}",
                ID + "software/lexgraph/0.1.0",
                "0.1.0",
                "fuzzy verb match",
                "1",
            ),
            (
                WORK,
                r"re:.*/build/0\.1\.0/[0-9a-f]{16}",
                ID + "software/lexgraph/0.1.0",
                "0.1.0",
                "date expression",
                "3",
            ),
        },
    ),
    "paragraph-sources": (
        ALL,
        {
            (str(n), str(n), "000_da563d301c0450ee.txt", start, end)
            for n, (start, end) in enumerate(
                [
                    ("94", "339"),
                    ("347", "486"),
                    ("494", "1039"),
                    ("1044", "1327"),
                    ("1332", "2033"),
                    ("2038", "2503"),
                    ("2508", "3059"),
                    ("3064", "3400"),
                    ("3411", "3866"),
                    ("3876", "4141"),
                ],
                start=1,
            )
        },
    ),
    "clauses": (
        SOME,
        {
            (
                "3",
                "2",
                "encourage",
                HEADS,
                "States",
                r"re:Par conséquent, ils encouragent les États .*autonome\.",
            ),
            ("4", "1", "take note", HEADS, "", r"re:Prennent note .* le 8 octobre 2010"),
            (
                "4",
                "2",
                "urge",
                HEADS,
                "authorities of the participants",
                r"re:et exhortent .*accords\.",
            ),
            ("6", "2", "recall", HEADS, "", r"re:Dans ce sens, ils rappellent .*destination\."),
            (
                "7",
                "2",
                "reaffirm",
                HEADS,
                "",
                r"re:et réaffirment la responsabilité .*migratoire\.",
            ),
            (
                "8",
                "1",
                "recognize",
                HEADS,
                "",
                r"re:Reconnaittent les personnes migrantes .*vulnérables\.",
            ),
        },
    ),
    "paragraph-numbering-violation": (ALL, set()),
    "annotation-offsets-violation": (ALL, set()),
}


@pytest.mark.parametrize(
    "path", ALL_QUERIES, ids=[str(q.relative_to(paths.queries_dir())) for q in ALL_QUERIES]
)
def test_every_query_parses_and_says_what_it_asks(path: Path) -> None:
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    assert re.match(r"#\+ summary: \S", text), "a query opens with '#+ summary:'"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem), "kebab-case file names"
    prepareQuery(text)


def _rows(graph: Graph, path: Path) -> list[tuple[str, ...]]:
    result = run_query(graph, path.read_text(encoding="utf-8"), source=str(path))
    return [tuple("" if v is None else str(v) for v in row) for row in result]


def _same(expected: tuple[str, ...], actual: tuple[str, ...]) -> bool:
    return len(expected) == len(actual) and all(
        re.fullmatch(e[3:], a) if e.startswith("re:") else e == a
        for e, a in zip(expected, actual, strict=True)
    )


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_has_header_and_expected_rows(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.match(r"#\+ summary: \S", text), "a query opens with '#+ summary:'"
    assert path.stem in EXPECTED, f"{path.name} has no expected rows in tests/test_queries.py"


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_returns_expected_rows(path: Path, seed_graph: Graph) -> None:
    mode, expected = EXPECTED[path.stem]
    rows = _rows(seed_graph, path)
    missing = [e for e in expected if not any(_same(e, r) for r in rows)]
    assert not missing, f"{path.name}: missing rows {missing}"
    if mode == ALL:
        extra = [r for r in rows if not any(_same(e, r) for e in expected)]
        assert not extra, f"{path.name}: unexpected rows {extra}"


def test_paragraphs_are_the_ten_of_the_communique(seed_graph: Graph) -> None:
    rows = _rows(seed_graph, paths.queries_dir() / "paragraphs.rq")
    assert [r[0] for r in rows] == [str(n) for n in range(1, 11)]
    assert [r[2] for r in rows] == ["chapeau"] + ["operative paragraph"] * 9
    texts = [r[1] for r in rows]
    assert "combattre le racisme et la xénophobie" in texts[5]
    assert not any("*" in t or "- " in t[:3] for t in texts), "markdown artefacts are gone"


def test_query_columns_follow_the_issue(seed_graph: Graph) -> None:
    columns = {
        "paragraphs": ["number", "text", "kind"],
        "speech-acts": ["paragraph", "verb", "act", "addressee"],
        "meetings": ["meeting", "name", "start", "end", "place", "paragraph"],
        "principles": ["paragraph", "principle"],
        "topics": ["paragraph", "topic"],
        "actors": ["actor", "label", "type"],
        "mentions": ["paragraph", "start", "end", "exact", "entity"],
        "editorial-notes": ["paragraph", "note", "exact"],
    }
    for stem, names in columns.items():
        path = paths.queries_dir() / f"{stem}.rq"
        result = run_query(seed_graph, path.read_text(encoding="utf-8"))
        assert [str(v) for v in result.vars or []] == names, stem


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    """The graph built afresh from data/*.txt, with the ontology beside it."""
    from lexgraph.build import build_graph, default_texts
    from lexgraph.store import load_graph

    graph = build_graph(default_texts()).graph
    graph += load_graph(sorted(paths.ontology_dir().glob("*.ttl")))
    return graph


def test_paragraph_text_is_its_source_span_normalised(seed_graph: Graph) -> None:
    from lexgraph.segment import normalise
    from lexgraph.textio import read_text

    source = read_text(paths.data_dir() / "000_da563d301c0450ee.txt")
    rows = _rows(seed_graph, paths.queries_dir() / "paragraph-sources.rq")
    texts = [r[1] for r in _rows(seed_graph, paths.queries_dir() / "paragraphs.rq")]
    assert len(rows) == len(texts) == 10
    for (_, _, _, start, end), text in zip(rows, texts, strict=True):
        assert normalise(source[int(start) : int(end)]) == text
    assert "- 9.**" in source[int(rows[8][3]) - 7 : int(rows[8][3])], "the marker is outside"
