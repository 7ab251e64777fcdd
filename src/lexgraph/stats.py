"""Counting what a graph holds: triples, subjects and instances of each class."""

from __future__ import annotations

from typing import TypedDict

from rdflib import Graph
from rdflib.term import Node, URIRef

from lexgraph.namespaces import PREFIXES
from lexgraph.query import format_table, shorten

_RDF_TYPE = URIRef(PREFIXES["rdf"] + "type")


class Stats(TypedDict):
    """What :func:`stats` counts. ``classes`` maps a shortened class IRI to its instances."""

    triples: int
    subjects: int
    classes: dict[str, int]


def stats(graph: Graph) -> Stats:
    """Count triples, distinct subjects, and instances by class (sorted by class IRI)."""
    instances: dict[Node, set[Node]] = {}
    for subject, cls in graph.subject_objects(_RDF_TYPE):
        instances.setdefault(cls, set()).add(subject)
    classes = {
        shorten(str(cls)): len(members)
        for cls, members in sorted(instances.items(), key=lambda item: str(item[0]))
    }
    return Stats(
        triples=len(graph),
        subjects=len(set(graph.subjects())),
        classes=classes,
    )


def render(counts: Stats) -> str:
    """Render :func:`stats` as two aligned tables: totals, then instances by class.

    >>> print(render(Stats(triples=3, subjects=2, classes={"eli:LegalResource": 1})), end="")
    triples   3
    subjects  2
    <BLANKLINE>
    class              instances
    -----------------  ---------
    eli:LegalResource          1
    """
    totals = [("triples", counts["triples"]), ("subjects", counts["subjects"])]
    label_width = max(len(name) for name, _ in totals)
    number_width = max(len(str(n)) for _, n in totals)
    head = "".join(
        f"{name.ljust(label_width)}  {str(n).rjust(number_width)}\n" for name, n in totals
    )
    width = max([len("instances"), *(len(str(n)) for n in counts["classes"].values())])
    rows = [[cls, str(n).rjust(width)] for cls, n in counts["classes"].items()]
    return head + "\n" + format_table(["class", "instances".rjust(width)], rows)


__all__ = ["Stats", "render", "stats"]
