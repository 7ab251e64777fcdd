"""shapes/links.ttl checks link targets with the patterns of links.DATASETS, and no others."""

from __future__ import annotations

import re

import pytest

from lexgraph import links, paths
from lexgraph.store import load_graph
from lexgraph.validate import validate

SHAPES = (paths.shapes_dir() / "links.ttl").read_text(encoding="utf-8")


def as_shape_pattern(pattern: re.Pattern[str]) -> str:
    return pattern.pattern.replace(r"\.", "[.]")


@pytest.mark.parametrize("dataset", links.DATASETS, ids=lambda d: d.key)
def test_shape_uses_the_dataset_pattern(dataset: links.Dataset) -> None:
    assert f'"{as_shape_pattern(dataset.pattern)}"' in SHAPES


def test_the_shape_lists_every_dataset_and_only_those() -> None:
    block = SHAPES.split("lexsh:LinkShape-targetMatchesDataset a")[1].split("lexsh:")[0]
    assert len(re.findall(r"!REGEX\(STR\(\?value\)", block)) == len(links.DATASETS)


def test_a_malformed_link_in_the_linkset_is_a_violation(tmp_path: object) -> None:
    """The validation finding behind exit code 1 of 'lexgraph validate'."""
    from rdflib import URIRef
    from rdflib.namespace import OWL

    from lexgraph.store import default_paths

    graph = load_graph(default_paths())
    lima = URIRef("https://w3id.org/lexgraph/id/place/lima")
    graph.add((lima, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Lima")))
    report = validate(graph)
    assert not report.conforms
    assert {str(r.source_constraint).rsplit("#")[-1] for r in report.violations} == {
        "LinkShape-targetMatchesDataset",
        "LinkShape-hasSource",
        "LinkShape-oneItemPerDataset",
    }
