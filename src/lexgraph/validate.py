"""Validate a graph against the SHACL shapes in ``shapes/`` and report what is wrong.

The shapes check the contract of ``docs/model.md``. A graph *conforms* when no result has
severity ``sh:Violation``; warnings (``sh:Warning``) mark what is incomplete rather than
wrong, and do not stop a graph from conforming. Validation runs pySHACL without inference
(the graph is checked as written) and with SHACL Advanced Features, which the shapes use
for SPARQL-based targets.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, report.results, report.exit_code
(True, [], 0)
>>> print(render(report, "text"))
Conforms: 0 violations, 0 warnings.

A period that ends before it starts:

>>> data = Graph().parse(format="turtle", data='''
... @prefix dcat: <http://www.w3.org/ns/dcat#> .
... @prefix dcterms: <http://purl.org/dc/terms/> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... <https://w3id.org/lexgraph/id/period/2011-06-28/2011-06-27> a dcterms:PeriodOfTime ;
...     dcat:startDate "2011-06-28"^^xsd:date ; dcat:endDate "2011-06-27"^^xsd:date .
... ''')
>>> report = validate(data)
>>> report.exit_code
1
>>> print(render(report, "text"))  # doctest: +NORMALIZE_WHITESPACE
Violation lexid:period/2011-06-28/2011-06-27 dcat:endDate: A period's dcat:endDate
    2011-06-27 must not be before its dcat:startDate. [lexsh:PeriodShape]
Does not conform: 1 violation, 0 warnings.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Node

from lexgraph.errors import InputError, LexgraphError, RDFSyntaxError, UsageError
from lexgraph.namespaces import PREFIXES
from lexgraph.paths import shapes_dir

LEXSH = Namespace("https://w3id.org/lexgraph/shapes#")
"""Namespace of the shapes (``lexsh:ParagraphShape``, ``lexsh:ParagraphShape-number``)."""

FORMATS = ("text", "turtle", "json")
"""What :func:`render` can write."""

SHAPE_PREFIXES: dict[str, str] = {**PREFIXES, "lexsh": str(LEXSH)}


class Severity(StrEnum):
    """The severity of a result, as the local name of ``sh:Violation`` and its kin."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: Node) -> Severity:
        """The severity named by ``sh:Violation``, ``sh:Warning`` or ``sh:Info``.

        >>> Severity.from_iri(SH.Warning)
        <Severity.WARNING: 'Warning'>
        """
        return cls(str(iri).removeprefix(str(SH)))


_SEVERITY_ORDER = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Result:
    """One thing a shape found wrong (or incomplete) with one node."""

    focus_node: Node
    """The node that does not fit the shape."""
    path: URIRef | PropertyPath | None
    """The property (or property path) concerned, if any."""
    severity: Severity
    source_shape: Node
    """The shape that reported it, e.g. ``lexsh:ParagraphShape-number``."""
    constraint_component: URIRef
    """e.g. ``sh:MinCountConstraintComponent``, ``sh:SPARQLConstraintComponent``."""
    message: str
    value: Node | None = None
    """The offending value, if any."""
    source_constraint: Node | None = None
    """For SHACL-SPARQL results, the constraint, e.g. ``lexsh:ClauseShape-verbInText``."""


@dataclass(frozen=True)
class Report:
    """What :func:`validate` found: a verdict, the results, and the SHACL report graph."""

    conforms: bool
    """True when no result is a violation (warnings alone conform)."""
    results: list[Result]
    """Sorted: violations first, then by focus node, path and message."""
    build_graph: Callable[[], Graph] = field(repr=False, compare=False)
    """What gives :attr:`graph`, called once when it is first read."""

    @functools.cached_property
    def graph(self) -> Graph:
        """The SHACL validation report as a graph (``sh:ValidationReport``), built when
        first read: a report of hundreds of thousands of results held as a graph takes
        gigabytes, and most callers read only :attr:`results`."""
        return self.build_graph()

    @property
    def exit_code(self) -> int:
        """0 when the graph conforms, 1 when it does not (2, for errors, is the CLI's)."""
        return 0 if self.conforms else 1

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity is Severity.WARNING]


def load_shapes(dir: Path | None = None) -> Graph:  # noqa: A002 (the documented name)
    """All shapes: every ``*.ttl`` file in ``dir`` (by default the project's ``shapes/``).

    Raises :class:`~lexgraph.errors.RDFSyntaxError` (``file:line: message``) for malformed
    Turtle and :class:`~lexgraph.errors.InputError` when there are no shapes to read.
    """
    folder = shapes_dir() if dir is None else Path(dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such shapes folder")
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise InputError(f"{folder}: no shapes (*.ttl) in this folder")
    graph = Graph()
    for prefix, namespace in SHAPE_PREFIXES.items():
        graph.bind(prefix, namespace)
    for file in files:
        _parse_turtle(graph, file)
    return graph


def _parse_turtle(graph: Graph, file: Path) -> None:
    """Add the triples of a Turtle file to ``graph``, or raise a one-line error."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RDFSyntaxError(f"{file}:{line}: not UTF-8 text") from error
    try:
        graph.parse(data=text, format="turtle", publicID=file.resolve().as_uri())
    except BadSyntax as error:
        why = getattr(error, "_why", None) or str(error)
        raise RDFSyntaxError(f"{file}:{error.lines + 1}: {_one_line(why)}") from error
    except Exception as error:  # rdflib raises assorted errors for bad terms
        raise RDFSyntaxError(f"{file}:?: {_one_line(str(error))}") from error


def validate(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``data`` against ``shapes`` (by default :func:`load_shapes`).

    ``data`` is not modified. Raises :class:`~lexgraph.errors.LexgraphError` when the
    shapes themselves cannot be used.
    """
    shapes_graph = load_shapes() if shapes is None else shapes
    working = _PreparedQueryGraph()
    working += data
    try:
        _, report_graph, _ = pyshacl.validate(
            working,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=True,
            inplace=True,  # on our own copy: spares pySHACL a second one
            allow_warnings=True,
            abort_on_first=False,
        )
    except ReportableRuntimeError as error:
        message = _one_line(str(error))
        raise LexgraphError(f"cannot validate with these shapes: {message}") from error
    assert isinstance(report_graph, Graph)
    for prefix, namespace in SHAPE_PREFIXES.items():
        report_graph.bind(prefix, namespace)
    _drop_shape_messages(report_graph, shapes_graph)
    results = sorted(
        (_result(report_graph, node) for node in report_graph.objects(None, SH.result)),
        key=result_order,
    )
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return Report(conforms=conforms, results=results, build_graph=lambda: report_graph)


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL query text once.

    pySHACL runs a SHACL-SPARQL constraint once per focus node, as a string, which rdflib
    parses anew each time (tens of milliseconds): on a graph with hundreds of clauses and
    mentions, parsing would dominate validation. The queries declare their prefixes
    (``sh:prefixes``), so they are prepared without the graph's namespace bindings.
    """

    def query(
        self,
        query_object: str | Query,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # noqa: N803 (rdflib's name)
        initBindings: Any = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> QueryResult:
        if isinstance(query_object, str) and processor == "sparql" and not initNs and not kwargs:
            query_object = _prepare_query(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@functools.lru_cache(maxsize=1024)
def _prepare_query(text: str) -> Query:
    return prepareQuery(text)


def _drop_shape_messages(report: Graph, shapes: Graph) -> None:
    """Remove the node shape's own sh:message from the results of its SPARQL constraints.

    pySHACL gives a SHACL-SPARQL result both the constraint's sh:message and that of the
    shape holding it (e.g. the closed-shape message of lexsh:ClauseShape); only the first
    is about the result.
    """
    for result in list(report.subjects(SH.sourceConstraint, None)):
        shape = report.value(result, SH.sourceShape)
        own = {str(m) for m in shapes.objects(shape, SH.message)}
        messages = list(report.objects(result, SH.resultMessage))
        leaked = [m for m in messages if str(m) in own]
        if leaked and len(leaked) < len(messages):
            for message in leaked:
                report.remove((result, SH.resultMessage, message))


def _result(report: Graph, node: Node) -> Result:
    """Read one sh:ValidationResult."""
    path = report.value(node, SH.resultPath)
    component = report.value(node, SH.sourceConstraintComponent)
    return Result(
        focus_node=_required(report, node, SH.focusNode),
        path=None if path is None else property_path(report, path),
        severity=Severity.from_iri(_required(report, node, SH.resultSeverity)),
        source_shape=_required(report, node, SH.sourceShape),
        constraint_component=URIRef(str(component)),
        message=result_message(list(report.objects(node, SH.resultMessage)), component),
        value=report.value(node, SH.value),
        source_constraint=report.value(node, SH.sourceConstraint),
    )


def _required(report: Graph, node: Node, predicate: URIRef) -> Node:
    value = report.value(node, predicate)
    if value is None:
        raise LexgraphError(f"malformed SHACL report: a result has no {predicate.n3()}")
    return value


def result_message(messages: list[Node], component: Node | None) -> str:
    """The English message if there is one, else an untagged one, else any.

    >>> result_message([Literal("Falta", lang="es"), Literal("Missing", lang="en")], None)
    'Missing'
    >>> result_message([], SH.MinCountConstraintComponent)
    'MinCountConstraintComponent'
    """
    literals = [m for m in messages if isinstance(m, Literal)]
    for wanted in ("en", None):
        for literal in sorted(literals):
            if literal.language == wanted:
                return str(literal)
    if literals:
        return str(sorted(literals)[0])
    return str(component).removeprefix(str(SH)) if component is not None else ""


_PATH_MODIFIERS: tuple[tuple[URIRef, TypingLiteral["*", "+", "?"]], ...] = (
    (SH.zeroOrMorePath, "*"),
    (SH.oneOrMorePath, "+"),
    (SH.zeroOrOnePath, "?"),
)


def property_path(graph: Graph, node: Node) -> URIRef | PropertyPath:
    """The SHACL property path at ``node`` as an rdflib path.

    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     @prefix ex: <http://example.org/> .
    ...     ex:s sh:path [ sh:alternativePath ( [ sh:inversePath ex:p ] ex:q ) ] .''')
    >>> path = property_path(g, g.value(URIRef("http://example.org/s"), SH.path))
    >>> path.n3()
    '^<http://example.org/p>|<http://example.org/q>'
    """
    if isinstance(node, URIRef):
        return node
    if not isinstance(node, BNode):
        raise LexgraphError(f"malformed property path: {node!r}")
    if (node, RDF.first, None) in graph:
        return SequencePath(*(property_path(graph, n) for n in Collection(graph, node)))
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return InvPath(property_path(graph, inverse))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return AlternativePath(*(property_path(graph, n) for n in Collection(graph, alternatives)))
    for predicate, modifier in _PATH_MODIFIERS:
        inner = graph.value(node, predicate)
        if inner is not None:
            return MulPath(property_path(graph, inner), modifier)
    raise LexgraphError(f"malformed property path: {node!r}")


def result_order(result: Result) -> tuple[int, str, str, str, str, str, str, str]:
    """The order results are listed in, whichever engine found them and in whatever order:
    violations first; every field counts, so no two different results tie."""
    return (
        _SEVERITY_ORDER[result.severity],
        str(result.focus_node),
        _path_text(result.path),
        result.message,
        str(result.source_shape),
        "" if result.value is None else str(result.value),
        str(result.constraint_component),
        "" if result.source_constraint is None else str(result.source_constraint),
    )


def render(report: Report, fmt: str = "text") -> str:
    """The report as ``text`` (one line a result, then a verdict), ``turtle`` or ``json``.

    Raises :class:`~lexgraph.errors.UsageError` for another format.
    """
    if fmt == "text":
        return _render_text(report)
    if fmt == "turtle":
        return report.graph.serialize(format="longturtle")
    if fmt == "json":
        return json.dumps(
            {"conforms": report.conforms, "results": [_as_json(r) for r in report.results]},
            ensure_ascii=False,
            indent=2,
        )
    raise UsageError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")


def _render_text(report: Report) -> str:
    lines = sorted(
        (_text_line(r) for r in report.results),
        key=lambda line: (not line.startswith(str(Severity.VIOLATION)), line),
    )
    violations, warnings = len(report.violations), len(report.warnings)
    verdict = "Conforms" if report.conforms else "Does not conform"
    lines.append(f"{verdict}: {_count(violations, 'violation')}, {_count(warnings, 'warning')}.")
    return "\n".join(lines)


def _text_line(result: Result) -> str:
    where = _compact(result.focus_node)
    if result.path is not None:
        where += " " + _path_text(result.path, compact=True)
    return f"{result.severity} {where}: {result.message} [{_compact(result.source_shape)}]"


def _count(n: int, noun: str) -> str:
    """
    >>> _count(1, "warning"), _count(2, "violation")
    ('1 warning', '2 violations')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _compact(node: Node | None) -> str:
    """A short, readable form of a term: a prefixed name where a prefix fits.

    >>> _compact(URIRef("https://w3id.org/lexgraph/id/actor/states"))
    'lexid:actor/states'
    >>> _compact(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    >>> _compact(Literal("3"))
    '"3"'
    """
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        iri = str(node)
        matches = [(ns, p) for p, ns in SHAPE_PREFIXES.items() if iri.startswith(ns) and iri != ns]
        if matches:
            namespace, prefix = max(matches, key=lambda match: len(match[0]))
            return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3()


def _path_text(path: URIRef | PropertyPath | None, compact: bool = False) -> str:
    """A property path in SPARQL syntax, with prefixed names if ``compact``."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _compact(path) if compact else str(path)
    if compact:
        graph = Graph()
        for prefix, namespace in SHAPE_PREFIXES.items():
            graph.bind(prefix, namespace)
        return path.n3(graph.namespace_manager)
    return path.n3()


def _as_json(result: Result) -> dict[str, Any]:
    def term(node: Node | None) -> str | None:
        return None if node is None else str(node)

    return {
        "severity": str(result.severity),
        "focusNode": term(result.focus_node),
        "resultPath": _path_text(result.path) or None,
        "message": result.message,
        "sourceShape": term(result.source_shape),
        "sourceConstraintComponent": term(result.constraint_component),
        "sourceConstraint": term(result.source_constraint),
        "value": term(result.value),
    }


def _one_line(text: str) -> str:
    """
    >>> _one_line("Bad syntax\\n  at line 3 ")
    'Bad syntax at line 3'
    """
    return " ".join(text.split())


__all__ = [
    "FORMATS",
    "LEXSH",
    "SHAPE_PREFIXES",
    "Report",
    "Result",
    "Severity",
    "load_shapes",
    "property_path",
    "render",
    "result_message",
    "result_order",
    "validate",
]
