"""Tests of lexgraph.export: every format round-trips, and output is byte-stable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lexgraph.errors import UsageError
from lexgraph.export import EXTENSIONS, FORMATS, jsonld_context, serialize
from lexgraph.namespaces import PREFIXES
from lexgraph.store import load_graph

RDFLIB_FORMAT = {
    "turtle": "turtle",
    "jsonld": "json-ld",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "xml": "xml",
}


def parse(data: bytes, fmt: str) -> Graph:
    """Parse an export with plain rdflib (quads flattened into one graph)."""
    if fmt in ("nq", "trig"):
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMAT[fmt])
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])


def test_formats_cover_the_store_extensions() -> None:
    assert set(FORMATS) == set(EXTENSIONS) == set(RDFLIB_FORMAT)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip(small_graph: Graph, fmt: str) -> None:
    data = serialize(small_graph, fmt)
    back = parse(data, fmt)
    assert len(back) == len(small_graph)
    assert isomorphic(back, small_graph)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_through_the_store(small_graph: Graph, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"graph{EXTENSIONS[fmt]}"
    path.write_bytes(serialize(small_graph, fmt))
    assert isomorphic(load_graph([path]), small_graph)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_bytes_across_runs_and_fresh_graphs(small_graph_file: Path, fmt: str) -> None:
    first = Graph().parse(small_graph_file)
    second = Graph().parse(small_graph_file)
    reversed_order = Graph()
    for triple in sorted(first, reverse=True):
        reversed_order.add(triple)
    out = serialize(first, fmt)
    assert serialize(first, fmt) == out
    assert serialize(second, fmt) == out
    assert serialize(reversed_order, fmt) == out


def test_same_bytes_across_processes(small_graph_file: Path) -> None:
    """Python's hash seed changes set order between processes: output must not follow it."""
    script = (
        "import sys, hashlib\n"
        "from pathlib import Path\n"
        "from lexgraph.export import FORMATS, serialize\n"
        "from lexgraph.store import load_graph\n"
        "g = load_graph([Path(sys.argv[1])])\n"
        "for f in sorted(FORMATS): print(f, hashlib.sha256(serialize(g, f)).hexdigest())\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script, str(small_graph_file)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1, outputs


def test_jsonld_expanded_by_pyld_is_the_turtle_graph(small_graph: Graph) -> None:
    document = json.loads(serialize(small_graph, "jsonld"))
    expanded = jsonld.expand(document)
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    from_pyld = parse(nquads.encode("utf-8"), "nq")
    from_turtle = parse(serialize(small_graph, "turtle"), "turtle")
    assert len(from_pyld) == len(small_graph)
    assert isomorphic(from_pyld, from_turtle)


def test_jsonld_is_compacted_with_the_lexgraph_context(small_graph: Graph) -> None:
    document = json.loads(serialize(small_graph, "jsonld"))
    assert document["@context"] == jsonld_context()
    nodes = {node["@id"]: node for node in document["@graph"]}
    assert list(nodes) == sorted(nodes)
    work = next(n for i, n in nodes.items() if i.endswith("communique-special-test"))
    assert work["@type"] == "eli:LegalResource"
    assert work["date_document"] == "2011-12-03"  # the term carries the xsd:date type
    assert work["has_part"].endswith("/para_1")  # the term carries "@type": "@id"
    para = next(n for i, n in nodes.items() if i.endswith("/para_1"))
    assert para["position"] == "1"


def test_context_declares_every_prefix() -> None:
    context = jsonld_context()
    assert {k: v for k, v in context.items() if isinstance(v, str)} == PREFIXES


def test_turtle_is_longturtle_with_sorted_prefixes(small_graph: Graph) -> None:
    text = serialize(small_graph, "turtle").decode("utf-8")
    prefixes = [line.split()[1] for line in text.splitlines() if line.startswith("PREFIX ")]
    assert prefixes == sorted(prefixes)
    assert set(prefixes) <= {f"{p}:" for p in PREFIXES}
    assert '"2011-12-03"^^xsd:date' in text
    assert '"États"@fr' in text
    assert "\n    a eli:LegalResource ;\n" in text


def test_nt_lines_are_sorted(small_graph: Graph) -> None:
    lines = serialize(small_graph, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(small_graph)


def test_unknown_format(small_graph: Graph) -> None:
    with pytest.raises(UsageError, match="unknown export format 'n3'"):
        serialize(small_graph, "n3")


def test_rdfxml_needs_qnames() -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/123"), Literal("x")))
    with pytest.raises(UsageError, match="cannot write this graph as xml"):
        serialize(graph, "xml")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_empty_graph(fmt: str) -> None:
    assert len(parse(serialize(Graph(), fmt), fmt)) == 0


# --- the committed graph of the communiqué ------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt", "nq", "trig", "xml"])
def test_committed_graph_round_trips_in_every_format(fmt: str) -> None:
    from lexgraph import paths

    source = load_graph([paths.data_dir() / paths.BUILT_GRAPH_NAME])
    data = serialize(source, fmt)
    parser = {"jsonld": "json-ld", "nq": "nquads"}.get(fmt, fmt)
    back = Dataset() if fmt in ("nq", "trig") else Graph()
    back.parse(data=data, format=parser)
    flat = Graph()
    for s, p, o, *_ in back.quads() if isinstance(back, Dataset) else back:
        flat.add((s, p, o))
    assert isomorphic(source, flat), fmt


def test_committed_graph_jsonld_expanded_by_pyld_is_the_turtle_graph() -> None:
    from lexgraph import paths

    source = load_graph([paths.data_dir() / paths.BUILT_GRAPH_NAME])
    document = json.loads(serialize(source, "jsonld"))
    assert "@context" in document, "the export is compacted with lexgraph's context"
    nquads = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
    from_pyld = Graph().parse(data=nquads, format="nquads")
    from_turtle = Graph().parse(data=serialize(source, "turtle"), format="turtle")
    assert isomorphic(from_pyld, from_turtle)
