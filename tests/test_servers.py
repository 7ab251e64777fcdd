"""The test servers themselves: a real Oxigraph answers SPARQL on 127.0.0.1."""

from __future__ import annotations

from SPARQLWrapper import JSON, SPARQLWrapper

from tests.servers import Oxigraph


def test_oxigraph_answers_sparql(oxigraph: Oxigraph) -> None:
    client = SPARQLWrapper(oxigraph.query_url)
    client.setQuery("SELECT (1 + 1 AS ?two) WHERE {}")
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    assert result["results"]["bindings"][0]["two"]["value"] == "2"
