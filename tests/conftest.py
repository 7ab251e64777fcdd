"""Shared fixtures: a small graph and files built in tmp_path, the CLI runner and its checks.

The small graph follows docs/model.md (ELI work, expression, paragraph, actor, meeting,
text selector): no blank nodes, language-tagged literals, xsd:date and other typed values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from lexgraph.namespaces import ELI, EUVOC_LANG, ID, OA
from tests.servers import Oxigraph, oxigraph_server


def pytest_configure(config: pytest.Config) -> None:
    # rdflib 7.6 deprecates its own internals (ConjunctiveGraph, Dataset.default_context)
    # and still uses them in its parsers and serialisers: nothing a caller can change.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:rdflib.*")


# Closed namespaces are used through their module: as globals here, pytest's doctest
# collection would probe them for attributes and warn.
WORK = ID["eli/communique/caracas/2011/12/03/communique-special-test"]


def build_small_graph() -> Graph:
    """A few resources of every kind the model has, with literals that test escaping."""
    g = Graph()
    expression = URIRef(f"{WORK}/fra")
    para = URIRef(f"{WORK}/para_1")
    para_fr = URIRef(f"{WORK}/para_1/fra")
    selector = URIRef(f"{WORK}/para_1/fra/source")
    states = ID["actor/states"]
    lima = ID["place/lima"]
    meeting = ID["event/2011-06-27/lima/meeting"]
    triples = [
        (WORK, ns.RDF.type, ELI.LegalResource),
        (WORK, ELI.date_document, Literal("2011-12-03", datatype=ns.XSD.date)),
        (WORK, ELI.has_part, para),
        (WORK, ELI.is_realized_by, expression),
        (expression, ns.RDF.type, ELI.LegalExpression),
        (expression, ELI.realizes, WORK),
        (expression, ELI.language, EUVOC_LANG.FRA),
        (expression, ELI.title, Literal("Communiqué spécial sur les migrants", lang="fr")),
        (para, ns.RDF.type, ELI.LegalResourceSubdivision),
        (para, ELI.number, Literal("1")),
        (para, ns.SDO.position, Literal(1)),
        (para, ELI.is_part_of, WORK),
        (para, ELI.is_realized_by, para_fr),
        (para_fr, ns.RDF.type, ELI.LegalExpression),
        (para_fr, ELI.realizes, para),
        (
            para_fr,
            ns.SDO.text,
            Literal('Réaffirment « leur » engagement, "cité"\net <b> & 100 %', lang="fr"),
        ),
        (selector, ns.RDF.type, OA.TextPositionSelector),
        (selector, OA.start, Literal(412, datatype=ns.XSD.nonNegativeInteger)),
        (selector, OA.end, Literal(1020, datatype=ns.XSD.nonNegativeInteger)),
        (states, ns.RDF.type, ns.FOAF.Organization),
        (states, ns.RDFS.label, Literal("States", lang="en")),
        (states, ns.SKOS.prefLabel, Literal("States", lang="en")),
        (states, ns.SKOS.prefLabel, Literal("États", lang="fr")),
        (states, ns.SKOS.prefLabel, Literal("Estados", lang="es")),
        (lima, ns.RDF.type, ns.SDO.City),
        (lima, ns.RDFS.label, Literal("Lima", lang="en")),
        (meeting, ns.RDF.type, ns.SDO.Event),
        (meeting, ns.SDO.name, Literal("Réunion régionale, Lima", lang="fr")),
        (meeting, ns.SDO.startDate, Literal("2011-06-27", datatype=ns.XSD.date)),
        (meeting, ns.SDO.endDate, Literal("2011-06-28", datatype=ns.XSD.date)),
        (meeting, ns.SDO.location, lima),
    ]
    for triple in triples:
        g.add(triple)
    return g


@pytest.fixture
def small_graph() -> Graph:
    """The small graph, built in code."""
    return build_small_graph()


@pytest.fixture
def small_graph_file(tmp_path: Path) -> Path:
    """The small graph as a Turtle file written by plain rdflib (not by lexgraph)."""
    path = tmp_path / "small.ttl"
    build_small_graph().serialize(destination=path, format="turtle", encoding="utf-8")
    return path


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write bytes (or UTF-8 text, verbatim) to a file in tmp_path and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def check_one_line_error(result: Result, *fragments: str, exit_code: int = 2) -> str:
    """Assert the CLI failed with one line ``lexgraph: error: ...`` and no traceback."""
    assert result.exit_code == exit_code, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lexgraph: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@pytest.fixture
def one_line_error() -> Callable[..., str]:
    """:func:`check_one_line_error`, as a fixture."""
    return check_one_line_error


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """A real Oxigraph server on 127.0.0.1, empty at the start of the session."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LEXGRAPH_HOME with the real vocabulary, shapes and queries, and an empty data/."""
    repo = Path(__file__).resolve().parents[1]
    home = tmp_path / "home"
    home.mkdir()
    for folder in ("ontology", "shapes", "queries"):
        (home / folder).symlink_to(repo / folder)
    (home / "data").mkdir()
    monkeypatch.setenv("LEXGRAPH_HOME", str(home))
    return home
