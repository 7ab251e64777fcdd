"""Tests of lexgraph.query: running SPARQL and the W3C results formats it writes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from lexgraph.errors import InputError, QuerySyntaxError, UsageError
from lexgraph.query import (
    TABLE_TEXT_WIDTH,
    format_result,
    prepare,
    read_query,
    run_query,
    shorten,
)

XSD = "http://www.w3.org/2001/XMLSchema#"

# Projection order differs from the order of the WHERE clause and of the alphabet.
SELECT = """\
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
SELECT ?label ?actor ?lang ?missing
WHERE {
  ?actor skos:prefLabel ?label .
  BIND(LANG(?label) AS ?lang)
  OPTIONAL { ?actor schema:nothing ?missing }
}
ORDER BY ?lang
"""

TYPED = """\
SELECT ?date ?position ?start ?text WHERE {
  OPTIONAL { ?w eli:date_document ?date }
  OPTIONAL { ?p schema:position ?position }
  OPTIONAL { ?s oa:start ?start }
  OPTIONAL { ?x schema:text ?text }
}
"""


def check_w3c_json(document: dict[str, Any]) -> None:
    """Check the structure of SPARQL 1.1 Query Results JSON (SELECT)."""
    assert set(document) == {"head", "results"}
    names = document["head"]["vars"]
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    assert not any(n.startswith("?") for n in names)
    bindings = document["results"]["bindings"]
    assert isinstance(bindings, list)
    for binding in bindings:
        assert set(binding) <= set(names)
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert isinstance(term["value"], str)
            if term["type"] == "literal":
                assert set(term) <= {"type", "value", "xml:lang", "datatype"}
                assert not ("xml:lang" in term and "datatype" in term)
            else:
                assert set(term) == {"type", "value"}


def test_select_json_is_w3c(small_graph: Graph) -> None:
    document = json.loads(format_result(run_query(small_graph, SELECT), "json"))
    check_w3c_json(document)
    assert document["head"]["vars"] == ["label", "actor", "lang", "missing"]
    first = document["results"]["bindings"][0]
    assert first == {
        "label": {"type": "literal", "value": "States", "xml:lang": "en"},
        "actor": {"type": "uri", "value": "https://w3id.org/lexgraph/id/actor/states"},
        "lang": {"type": "literal", "value": "en"},  # xsd:string: no datatype
    }  # ?missing is unbound: left out


def test_select_json_datatypes(small_graph: Graph) -> None:
    document = json.loads(format_result(run_query(small_graph, TYPED), "json"))
    check_w3c_json(document)
    row = document["results"]["bindings"][0]
    assert row["date"] == {"type": "literal", "value": "2011-12-03", "datatype": XSD + "date"}
    assert row["position"] == {"type": "literal", "value": "1", "datatype": XSD + "integer"}
    assert row["start"]["datatype"] == XSD + "nonNegativeInteger"
    assert row["text"]["xml:lang"] == "fr"


def test_ask_json(small_graph: Graph) -> None:
    result = run_query(small_graph, "ASK { ?s a eli:LegalResource }")
    assert json.loads(format_result(result, "json")) == {"head": {}, "boolean": True}
    result = run_query(small_graph, "ASK { ?s a lex:Clause }")
    assert json.loads(format_result(result, "json")) == {"head": {}, "boolean": False}
    assert format_result(result, "table") == "false\n"


def test_csv_is_w3c(small_graph: Graph) -> None:
    text = format_result(run_query(small_graph, SELECT), "csv")
    assert text.startswith("label,actor,lang,missing\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["States", "https://w3id.org/lexgraph/id/actor/states", "en", ""]


def test_csv_quotes_commas_quotes_and_newlines(small_graph: Graph) -> None:
    text = format_result(run_query(small_graph, "SELECT ?t WHERE { ?x schema:text ?t }"), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["t"], ['Réaffirment « leur » engagement, "cité"\net <b> & 100 %']]


def test_tsv_is_w3c(small_graph: Graph) -> None:
    text = format_result(run_query(small_graph, SELECT), "tsv")
    lines = text.split("\n")
    assert lines[0] == "?label\t?actor\t?lang\t?missing"
    assert lines[1] == '"States"@en\t<https://w3id.org/lexgraph/id/actor/states>\t"en"\t'
    typed = format_result(run_query(small_graph, TYPED), "tsv").split("\n")[1].split("\t")
    assert typed[0] == f'"2011-12-03"^^<{XSD}date>'
    assert typed[3] == '"Réaffirment « leur » engagement, \\"cité\\"\\net <b> & 100 %"@fr'


def test_table_is_aligned(small_graph: Graph) -> None:
    text = format_result(run_query(small_graph, SELECT), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["label", "actor", "lang", "missing"]
    assert set(lines[1]) == {"-", " "}
    actor_column = lines[0].index("actor")
    assert lines[1][actor_column - 2 : actor_column] == "  "
    for line in lines[2:]:
        assert line[actor_column:].startswith("lexid:actor/states")
        assert line[actor_column - 2 : actor_column] == "  "
    assert "États" in text and "@fr" not in text


def test_table_cuts_long_literals_but_csv_keeps_them() -> None:
    graph = Graph().parse(
        data=f'<http://example.org/a> <http://example.org/t> "{"x" * 200}"@fr .', format="nt"
    )
    result = run_query(graph, "SELECT ?t WHERE { ?a ?p ?t }")
    cell = format_result(result, "table").splitlines()[2]
    assert cell == "x" * (TABLE_TEXT_WIDTH - 1) + "…"
    assert format_result(result, "csv") == "t\r\n" + "x" * 200 + "\r\n"


def test_projection_order_in_every_format(small_graph: Graph) -> None:
    query = "SELECT ?z ?a WHERE { ?a a ?z }"
    result = run_query(small_graph, query)
    assert json.loads(format_result(result, "json"))["head"]["vars"] == ["z", "a"]
    assert format_result(result, "csv").startswith("z,a\r\n")
    assert format_result(result, "tsv").startswith("?z\t?a\n")
    assert format_result(result, "table").split()[:2] == ["z", "a"]


def test_construct_renders_as_a_graph(small_graph: Graph) -> None:
    result = run_query(
        small_graph, "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }"
    )
    expected = Graph()
    for triple in small_graph.triples((None, None, None)):
        if str(triple[1]).endswith("prefLabel"):
            expected.add(triple)
    assert isomorphic(Graph().parse(data=format_result(result, "table"), format="turtle"), expected)
    assert isomorphic(Graph().parse(data=format_result(result, "nt"), format="nt"), expected)
    assert isomorphic(Graph().parse(data=format_result(result, "json"), format="json-ld"), expected)
    with pytest.raises(UsageError, match="gives a graph"):
        format_result(result, "csv")


def test_select_is_not_a_graph(small_graph: Graph) -> None:
    with pytest.raises(UsageError, match="gives no graph"):
        format_result(run_query(small_graph, SELECT), "turtle")


def test_unknown_format(small_graph: Graph) -> None:
    with pytest.raises(UsageError, match="unknown result format 'xlsx'"):
        format_result(run_query(small_graph, SELECT), "xlsx")


def test_syntax_error_has_source_line_and_column(small_graph: Graph) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        run_query(small_graph, "SELECT ?s\nWHERE {\n  ?s ?p \n}\n", "broken.rq")
    message = str(error.value)
    assert message.startswith("broken.rq:3:3: ")
    assert "\n" not in message


def test_undeclared_prefix_has_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError) as error:
        prepare("SELECT ?s WHERE {\n  ?s ex:p ?o }", "q.rq")
    assert str(error.value) == "q.rq:2:6: undeclared prefix 'ex:'"


def test_update_is_refused(small_graph: Graph) -> None:
    with pytest.raises(QuerySyntaxError, match=r"^<query>:1:1: "):
        run_query(small_graph, "INSERT DATA { <http://a> <http://b> <http://c> }")


def test_read_query(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: everything\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert read_query(path).startswith("#+ summary")
    with pytest.raises(InputError, match="no such file"):
        read_query(tmp_path / "missing.rq")


def test_shorten_prefers_the_longest_namespace() -> None:
    assert shorten("https://w3id.org/lexgraph/ontology#Clause") == "lex:Clause"
    assert shorten("https://w3id.org/lexgraph/id/place/lima") == "lexid:place/lima"
