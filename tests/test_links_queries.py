"""The questions of queries/links/ on the built graph with its linkset and the ontology.

The expected rows were written from the communiqué and the mapping file (data/links.toml),
not from output. The federated query is tested in tests/test_links_endpoint.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from lexgraph import paths
from lexgraph.query import run_query
from lexgraph.store import default_paths, load_graph

QUERIES = paths.queries_dir() / "links"
ID = "https://w3id.org/lexgraph/id/"
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph(default_paths())


def rows(graph: Graph, name: str) -> list[tuple[str, ...]]:
    result = run_query(graph, (QUERIES / name).read_text(encoding="utf-8"), name)
    return [tuple("" if v is None else str(v) for v in row) for row in result]  # type: ignore[union-attr]


def test_the_query_files() -> None:
    assert sorted(p.name for p in QUERIES.glob("*.rq")) == [
        "federated-wikidata.rq",
        "index-terms.rq",
        "places-and-meetings.rq",
        "sdg-paragraphs.rq",
    ]
    assert "SERVICE" in (QUERIES / "federated-wikidata.rq").read_text(encoding="utf-8")


def test_paragraphs_relevant_to_sdg_target_10_7(graph: Graph) -> None:
    found = [(r[0], r[2], r[3], r[4]) for r in rows(graph, "sdg-paragraphs.rq")]
    assert [r for r in found if r[0] == "10.7"] == [
        # paragraph 3: migration as an autonomous decision, free of the factors that force it
        ("10.7", "3", "international migration", "relatedMatch"),
        # paragraph 8: migration policies, safe migration, regularization
        ("10.7", "8", "migration policy", "relatedMatch"),
        ("10.7", "8", "regularization", "relatedMatch"),
        ("10.7", "8", "safe migration", "closeMatch"),
    ]


def test_paragraphs_relevant_to_the_other_sdg_targets(graph: Graph) -> None:
    found = {(r[0], r[2], r[3]) for r in rows(graph, "sdg-paragraphs.rq") if r[0] != "10.7"}
    assert found == {
        ("16.2", "5", "trafficking in persons"),
        ("5.2", "5", "trafficking in persons"),
        ("8.8", "10", "working conditions"),
    }
    assert all(r[5] for r in rows(graph, "sdg-paragraphs.rq")), "every row has its why"


def test_concepts_as_unbis_and_eurovoc_index_terms(graph: Graph) -> None:
    found = {(r[1], r[2], r[3].rsplit("/", 1)[-1], r[4]) for r in rows(graph, "index-terms.rq")}
    for expected in [
        ("xenophobia", "UNBIS", "1007092", "exactMatch"),
        ("xenophobia", "EuroVoc", "3912", "exactMatch"),
        ("trafficking in persons", "UNBIS", "1006622", "exactMatch"),
        ("trafficking in persons", "EuroVoc", "5933", "exactMatch"),
        ("human rights", "UNBIS", "1002975", "exactMatch"),
        ("racism", "UNBIS", "1005310", "relatedMatch"),
        ("justice", "UNBIS", "1005970", "narrowMatch"),
        ("smuggling of migrants", "UNBIS", "1005947", "broadMatch"),
        ("tolerance", "UNBIS", "1006544", "exactMatch"),
    ]:
        assert expected in found, expected
    assert {r[1] for r in found} == {"UNBIS", "EuroVoc"}
    # Only concepts the paragraphs invoke: no place, no actor, no unused vocabulary entry.
    concepts = {r[0] for r in rows(graph, "index-terms.rq")}
    assert all(c.startswith(ID + "concept/") for c in concepts)
    assert ID + "concept/topic/asylum" not in concepts


def test_places_and_meetings_with_their_identifiers(graph: Graph) -> None:
    found = {
        (r[0].removeprefix(ID), r[1], r[3], r[4]) for r in rows(graph, "places-and-meetings.rq")
    }
    assert found == {
        ("place/caracas", "place", "Q1533", "3646738"),
        ("place/lima", "place", "Q2868", "3936456"),
        ("place/mexico-city", "place", "Q1489", "3530597"),
        ("place/peru", "place", "Q419", "3932488"),
        ("place/venezuela", "place", "Q717", "3625428"),
        ("place/latin-america-and-the-caribbean", "place", "", ""),
        ("event/2011-12-03/caracas/summit", "meeting", "", ""),
        ("event/2011-06-27/lima/meeting", "meeting", "", ""),
        ("event/2010-10-08/mexico-city/meeting", "meeting", "", ""),
    }


def test_without_the_linkset_the_sdg_query_finds_nothing() -> None:
    graph = load_graph(default_paths(linkset=False))
    assert rows(graph, "sdg-paragraphs.rq") == []


def test_queries_parse_on_their_own(tmp_path: Path) -> None:
    """Each file declares its prefixes: it runs outside lexgraph too."""
    from rdflib.plugins.sparql import prepareQuery

    for path in QUERIES.glob("*.rq"):
        prepareQuery(path.read_text(encoding="utf-8"))
