"""Serialising a graph, deterministically.

The same graph gives the same bytes in every run and every process, whatever the order
in which its triples were added or Python's hash seed: Turtle is rdflib's ``longturtle``
(sorted prefixes, one subject a block, ``a`` first), N-Triples and N-Quads are sorted
lines, JSON-LD is compacted with ``context.jsonld`` and sorted, TriG and RDF/XML are
written from subjects and triples in sorted order.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from functools import cache
from importlib import resources
from typing import Any

from rdflib import Dataset, Graph
from rdflib.graph import _TripleOrTriplePathType, _TripleSelectorType
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from lexgraph.errors import UsageError
from lexgraph.namespaces import PREFIXES

FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "xml": "application/rdf+xml",
}
"""Export formats and their media types."""

EXTENSIONS: dict[str, str] = {
    "turtle": ".ttl",
    "jsonld": ".jsonld",
    "nt": ".nt",
    "nq": ".nq",
    "trig": ".trig",
    "xml": ".rdf",
}
"""The file extension :mod:`lexgraph.store` reads each export format from."""


@cache
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context lexgraph compacts with (``src/lexgraph/context.jsonld``)."""
    text = resources.files("lexgraph").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def _term_key(term: Node | PropertyPath) -> tuple[str, str]:
    return (type(term).__name__, term.n3())


def _triple_key(triple: _TripleOrTriplePathType) -> tuple[tuple[str, str], ...]:
    return tuple(_term_key(t) for t in triple)


def _bind_prefixes(target: Graph, source: Graph) -> None:
    """Bind :data:`PREFIXES`, then the source's other prefixes that do not clash, sorted."""
    for prefix, namespace in sorted(PREFIXES.items()):
        target.bind(prefix, namespace, override=True, replace=True)
    taken_prefixes = set(PREFIXES)
    taken_namespaces = set(PREFIXES.values())
    for prefix, namespace in sorted(source.namespaces()):
        if prefix and prefix not in taken_prefixes and str(namespace) not in taken_namespaces:
            target.bind(prefix, namespace, override=False)
            taken_prefixes.add(prefix)
            taken_namespaces.add(str(namespace))


class _SortedGraph(Graph):
    """A graph whose triple patterns answer in sorted order (for order-naive serialisers)."""

    def triples(  # type: ignore[override]
        self, triple: _TripleSelectorType
    ) -> Generator[_TripleOrTriplePathType, None, None]:
        yield from sorted(super().triples(triple), key=_triple_key)


def _copy(graph: Graph, cls: type[Graph] = Graph) -> Graph:
    copy = cls(bind_namespaces="none")
    _bind_prefixes(copy, graph)
    for triple in sorted(graph, key=_triple_key):
        copy.add(triple)
    # Bind any namespace a predicate needs (ns1, ns2...) in a fixed order.
    for predicate in sorted(set(graph.predicates()), key=_term_key):
        try:
            copy.namespace_manager.compute_qname_strict(str(predicate))
        except ValueError:
            pass  # reported by the serialiser that needs it
    return copy


def _dataset(graph: Graph) -> Dataset:
    dataset = Dataset()
    _bind_prefixes(dataset, graph)
    for triple in sorted(graph, key=_triple_key):
        dataset.add(triple)
    return dataset


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def _sort_jsonld(value: Any, key: str | None = None) -> Any:
    """Sort every JSON-LD array whose order does not matter (all but ``@list``)."""
    if isinstance(value, dict):
        return {k: _sort_jsonld(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=_jsonld_sort_key)
    return value


def _jsonld_sort_key(item: Any) -> tuple[str, str]:
    node_id = item.get("@id", "") if isinstance(item, dict) else ""
    return (str(node_id), json.dumps(item, sort_keys=True, ensure_ascii=False))


def _jsonld(graph: Graph) -> str:
    context = jsonld_context()
    text = _copy(graph).serialize(format="json-ld", context=context, auto_compact=True)
    document = _sort_jsonld(json.loads(text))
    # rdflib writes a lone node without @graph: keep one shape for every graph.
    if isinstance(document, dict) and "@graph" not in document:
        node = {k: v for k, v in document.items() if k != "@context"}
        document = {"@context": context, "@graph": [node] if node else []}
    elif isinstance(document, list):  # an empty graph
        document = {"@context": context, "@graph": document}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise ``graph`` as ``fmt`` (a key of :data:`FORMATS`), deterministically.

    Raises :class:`UsageError` for an unknown format, or when the graph cannot be
    written in that format (RDF/XML needs every predicate to split into a QName).
    """
    try:
        if fmt == "turtle":
            text = _copy(graph).serialize(format="longturtle")
        elif fmt == "jsonld":
            text = _jsonld(graph)
        elif fmt == "nt":
            nt = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            text = _sorted_lines(nt)
        elif fmt == "nq":
            nq = _dataset(graph).serialize(format="nquads", encoding="utf-8").decode("utf-8")
            text = _sorted_lines(nq)
        elif fmt == "trig":
            text = _dataset(graph).serialize(format="trig")
        elif fmt == "xml":
            text = _copy(graph, _SortedGraph).serialize(format="xml")
        else:
            expected = ", ".join(FORMATS)
            raise UsageError(f"unknown export format '{fmt}' (expected one of {expected})")
    except (ValueError, TypeError) as e:
        raise UsageError(f"cannot write this graph as {fmt}: {e}") from None
    return text.encode("utf-8")


__all__ = ["EXTENSIONS", "FORMATS", "jsonld_context", "serialize"]
