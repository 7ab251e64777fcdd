"""Validate a corpus store natively: the SHACL shapes compiled to SPARQL, run by Oxigraph.

pySHACL validates an rdflib graph focus node by focus node; a corpus store holds tens of
millions of triples, which rdflib can hardly load. Here every shape × constraint of
``shapes/`` becomes one SPARQL SELECT that returns the violating rows (focus node, value,
path) of the whole store at once; :func:`validate_store` runs them on the union of the
store's graphs and builds the same :class:`~lexgraph.validate.Report` that
:func:`lexgraph.validate.validate` builds from pySHACL, so that
:func:`~lexgraph.validate.render` shows it unchanged.

What is compiled is what the shapes use, and nothing else (an unknown parameter is an
error, not a silent pass):

- targets: ``sh:targetClass`` (instances of the class and of its ``rdfs:subClassOf*``
  subclasses *in the data*, as pySHACL does), ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf`` and SHACL-AF ``sh:target`` with an ``sh:SPARQLTarget``;
- paths: IRIs, ``sh:inversePath``, ``sh:alternativePath``, sequences and the
  ``sh:zeroOrMorePath`` family;
- core constraints: ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``,
  ``sh:maxCount``, ``sh:minInclusive``, ``sh:minLength``, ``sh:maxLength``,
  ``sh:pattern`` (with ``sh:flags``), ``sh:languageIn``, ``sh:uniqueLang``, ``sh:in``,
  ``sh:hasValue``, ``sh:equals``, ``sh:qualifiedValueShape`` with
  ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount`` (the inner shape made of the
  per-value constraints above), ``sh:closed`` with ``sh:ignoredProperties``;
- SHACL-SPARQL constraints (``sh:sparql``/``sh:select``, with ``sh:prefixes``) on node
  shapes: ``$this`` is pre-bound by evaluating the query's WHERE clause for each of the
  shape's focus nodes (``LATERAL``, below), so that every group of the query sees it, as
  with pre-binding by substitution;
- ``sh:severity`` (default ``sh:Violation``), ``sh:deactivated``, ``sh:message``
  (``{?var}``/``{$var}`` filled in for SPARQL results, as pySHACL does).

Each query covers every focus node at once, and one query serves several checks where it
can: the per-value constraints of a shape share one query (a ``?check`` column says which
failed), its ``sh:minCount`` and ``sh:maxCount`` one count, its qualified counts another.
``FILTER [NOT] EXISTS`` over several triple patterns, which Oxigraph 0.5 evaluates in time
quadratic in the store, is rewritten to an equivalent ``OPTIONAL`` (see
:func:`_exists_as_optional`). A closed shape's check and every SHACL-SPARQL constraint
read each focus node's triples with Oxigraph's ``LATERAL`` (proposed for SPARQL 1.2): a
plain join made the engine evaluate the query's patterns for the whole store and hash
them (every triple of the store, for a closed shape). :func:`validate_store` runs several
queries at once in threads.

Where the store differs from an rdflib graph, the check follows what the store holds:
Oxigraph keeps only the primitive datatype of a derived one, so the values of the
properties of :data:`lexgraph.corpus.RETYPED` (``oa:start``, ``oa:end``,
``dcat:byteSize``, all ``xsd:nonNegativeInteger`` in the model) are stored as
``xsd:integer``. ``sh:datatype xsd:nonNegativeInteger`` on exactly those properties
therefore accepts a well-formed ``xsd:integer`` that is ≥ 0, and reports such values with
their model datatype, as :meth:`lexgraph.corpus.CorpusStore.graph` gives them back. A value
written as ``xsd:integer`` in the source cannot be told apart, once stored, from one
written as ``xsd:nonNegativeInteger``: neither engine sees it in the store.
Oxigraph also stores valid literals in canonical form (``"05"^^xsd:integer`` becomes
``"5"``), and it does not know rdflib's leniencies (rdflib reads ``"1_0"`` as the integer
10, Python's ``$`` matches before a final newline): such lexical oddities may be judged
differently than pySHACL judges the source file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from lexgraph.corpus import RETYPED, CorpusStore, to_rdflib
from lexgraph.errors import LexgraphError
from lexgraph.validate import (
    SHAPE_PREFIXES,
    Report,
    Result,
    Severity,
    load_shapes,
    property_path,
    result_message,
    result_order,
)

_SELECT = re.compile(r"^\s*SELECT\b(\s+DISTINCT\b)?", re.IGNORECASE)
_IRI_REF = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_FORMAT_VAR = "{{[?$]{}}}"

# Parameters a shape may carry; anything else of the sh: namespace is refused.
_STRUCTURE = {
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.property,
    SH.path,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.ignoredProperties,
    SH.flags,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}
_VALUE_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minInclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH["in"],
}
"""Constraints on each value node alone: they compile to a FILTER on ``?value``."""
_SET_PARAMETERS = (
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.hasValue,
    SH.equals,
    SH.qualifiedValueShape,
)
"""Constraints on the set of a focus node's values: each compiles to its own query."""
_SHAPE_PARAMETERS = _VALUE_PARAMETERS | {*_SET_PARAMETERS, SH.closed, SH.sparql}
_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}


class ShapeCompileError(LexgraphError):
    """A shape uses something the SPARQL compiler does not support."""


@dataclass(frozen=True)
class Check:
    """One compiled query and what to make of each row it returns."""

    sparql: str
    shape: Node
    """The sh:sourceShape of the results."""
    component: URIRef
    severity: Severity
    messages: tuple[Literal, ...]
    """The sh:message literals: of the shape, or of the SHACL-SPARQL constraint."""
    path: URIRef | PropertyPath | None = None
    """The sh:resultPath of every result, unless a row binds ``?path``."""
    constraint: Node | None = None
    """For SHACL-SPARQL checks, the sh:sparql node."""
    shape_messages: tuple[Literal, ...] = ()
    """For SHACL-SPARQL checks, the messages of the shape that holds the constraint."""
    value_is_focus: bool = False
    """For checks on a node shape, the value is the focus node."""
    part: int | None = None
    """When several checks share one query: the ``?check`` of this one's rows."""
    count: tuple[str, int] | None = None
    """When several counts share one query: this one's rows have ``?n < k`` or ``?n > k``."""


@dataclass
class Timing:
    """How long each check took, for benchmarks (seconds, by source shape and component)."""

    seconds: dict[str, float] = field(default_factory=dict)


# --- compiling ---------------------------------------------------------------------------


def compile_shapes(shapes: Graph | None = None) -> list[Check]:
    """Every shape × constraint of ``shapes`` (by default :func:`load_shapes`) as a check.

    Raises :class:`ShapeCompileError` for a parameter the compiler does not support.
    """
    g = load_shapes() if shapes is None else shapes
    checks: list[Check] = []
    for node_shape in sorted(_targeted_shapes(g), key=str):
        if _deactivated(g, node_shape):
            continue
        target = _target(g, node_shape)
        checks += _shape_checks(g, node_shape, target, path=None)
        for prop in sorted(g.objects(node_shape, SH.property), key=str):
            if _deactivated(g, prop):
                continue
            path_node = g.value(prop, SH.path)
            if path_node is None:
                raise ShapeCompileError(f"{prop}: a property shape without sh:path")
            checks += _shape_checks(g, prop, target, path=path_node)
    return checks


def _targeted_shapes(g: Graph) -> set[Node]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    found = {s for t in targets for s in g.subjects(t, None)}
    for shape in g.subjects(RDF.type, SH.NodeShape):
        if (shape, RDF.type, RDFS.Class) in g:
            raise ShapeCompileError(f"{shape}: implicit class targets are not supported")
    for shape in found:
        if (shape, SH.path, None) in g:
            raise ShapeCompileError(f"{shape}: targets on a property shape are not supported")
    return found


def _deactivated(g: Graph, shape: Node) -> bool:
    value = g.value(shape, SH.deactivated)
    return isinstance(value, Literal) and value.value is True


def _severity(g: Graph, shape: Node) -> Severity:
    value = g.value(shape, SH.severity)
    return Severity.VIOLATION if value is None else Severity.from_iri(value)


def _messages(g: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(sorted(m for m in g.objects(node, SH.message) if isinstance(m, Literal)))


def _target(g: Graph, shape: Node) -> str:
    """A group pattern that binds ``?this`` to each focus node of ``shape``, once."""
    parts: list[str] = []
    for cls in sorted(g.objects(shape, SH.targetClass), key=str):
        parts.append(f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* {_term(cls)} . }}")
    for node in sorted(g.objects(shape, SH.targetNode), key=str):
        parts.append(f"{{ VALUES ?this {{ {_term(node)} }} }}")
    for predicate in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
        parts.append(f"{{ ?this {_term(predicate)} ?targetObject . }}")
    for predicate in sorted(g.objects(shape, SH.targetObjectsOf), key=str):
        parts.append(f"{{ ?targetSubject {_term(predicate)} ?this . }}")
    for target in sorted(g.objects(shape, SH.target), key=str):
        select = g.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
            raise ShapeCompileError(f"{target}: only sh:SPARQLTarget with sh:select is supported")
        parts.append(f"{{ {_prefixed_names(g, target, str(select))} }}")
    if not parts:
        raise ShapeCompileError(f"{shape}: no target")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _prefixed_names(g: Graph, node: Node, query: str) -> str:
    """``query`` with its prefixed names expanded, so that it can be nested in another."""
    prefixes = _declared_prefixes(g, node)
    return _expand_prefixed_names(query, prefixes)


def _declared_prefixes(g: Graph, node: Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for holder in g.objects(node, SH.prefixes):
        for declaration in g.objects(holder, SH.declare):
            prefix, namespace = g.value(declaration, SH.prefix), g.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise ShapeCompileError(f"{holder}: an sh:declare without prefix or namespace")
            found[str(prefix)] = str(namespace)
    return found


def _expand_prefixed_names(query: str, prefixes: dict[str, str]) -> str:
    """Replace ``p:local`` by ``<namespace local>`` outside strings and IRIs.

    >>> _expand_prefixed_names('SELECT ?x { ?x a ex:A ; ex:p "ex:no" }', {"ex": "http://e/"})
    'SELECT ?x { ?x a <http://e/A> ; <http://e/p> "ex:no" }'
    """
    if not prefixes:
        return query
    names = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w?$:-])({names}):([A-Za-z0-9_](?:[\w.-]*[\w-])?)?")
    out: list[str] = []
    for kind, text in _lex(query):
        if kind == "code":
            text = pattern.sub(lambda m: f"<{prefixes[m.group(1)]}{m.group(2) or ''}>", text)
        out.append(text)
    return "".join(out)


def _lex(query: str) -> Iterator[tuple[str, str]]:
    """Split a query into ``string``, ``iri``, ``comment`` and ``code`` pieces."""
    i, n, start = 0, len(query), 0
    while i < n:
        c = query[i]
        if c in "\"'":
            quote = query[i : i + 3] if query[i : i + 3] in ('"""', "'''") else c
            end = i + len(quote)
            while end < n and not query.startswith(quote, end):
                end += 2 if query[end] == "\\" else 1
            end = min(n, end + len(quote))
        elif c == "<" and (m := _IRI_REF.match(query, i)):
            end = m.end()
        elif c == "#":
            end = query.find("\n", i)
            end = n if end < 0 else end
        else:
            i += 1
            continue
        if start < i:
            yield "code", query[start:i]
        yield ("iri" if c == "<" else "comment" if c == "#" else "string"), query[i:end]
        i = start = end
    if start < n:
        yield "code", query[start:n]


def _shape_checks(g: Graph, shape: Node, target: str, path: Node | None) -> list[Check]:
    unknown = {
        p
        for p in g.predicates(shape, None)
        if str(p).startswith(str(SH)) and p not in _STRUCTURE | _SHAPE_PARAMETERS
    }
    if unknown:
        names = ", ".join(sorted(str(p).removeprefix(str(SH)) for p in unknown))
        raise ShapeCompileError(f"{shape}: unsupported SHACL parameter(s) sh:{names}")
    severity = _severity(g, shape)
    messages = _messages(g, shape)
    base: dict[str, Any] = {"shape": shape, "severity": severity, "messages": messages}
    if path is None:
        values = f"{target} BIND (?this AS ?value)"
        base["value_is_focus"] = True
    else:
        values = f"{target} ?this {_path(g, path)} ?value ."
        base["path"] = property_path(g, path)
    checks: list[Check] = []

    def add(component: URIRef, body: str, **extra: Any) -> None:
        sparql = _exists_as_optional(body)
        checks.append(Check(sparql=sparql, component=component, **{**base, **extra}))

    # the per-value constraints of the shape: one query, a ?check for each
    conditions = [
        (parameter, _value_condition(g, shape, parameter, argument, path))
        for parameter in sorted(_VALUE_PARAMETERS, key=str)
        for argument in sorted(g.objects(shape, parameter), key=str)
    ]
    if conditions:
        failing = " || ".join(f"(?check = {i} && !({ok}))" for i, (_, ok) in enumerate(conditions))
        parts = " ".join(str(i) for i in range(len(conditions)))
        body = (
            f"SELECT DISTINCT ?this ?value ?check WHERE {{ {values} "
            f"VALUES ?check {{ {parts} }} FILTER ({failing}) }}"
        )
        for i, (parameter, _) in enumerate(conditions):
            add(_COMPONENT[parameter], body, part=i)
    if path is not None:
        p = _path(g, path)
        # sh:minCount and sh:maxCount: one count of the values of each focus node
        bounds = _bounds(g, shape, SH.minCount, SH.maxCount)
        if bounds:
            body = _counted(target, f"?this {p} ?v .", bounds)
            for component, op, n in bounds:
                add(component, body, count=(op, n))
        for unique in g.objects(shape, SH.uniqueLang):
            if isinstance(unique, Literal) and unique.value is True:
                add(
                    SH.UniqueLangConstraintComponent,
                    f"SELECT DISTINCT ?this (LCASE(LANG(?a)) AS ?language) WHERE {{ {target} "
                    f"?this {p} ?a , ?b . FILTER (isLiteral(?a) && isLiteral(?b) && "
                    f'LANG(?a) != "" && LCASE(LANG(?a)) = LCASE(LANG(?b)) && !sameTerm(?a, ?b)) }}',
                )
        for wanted in g.objects(shape, SH.hasValue):
            add(
                SH.HasValueConstraintComponent,
                f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} ?v . "
                f"FILTER (sameTerm(?v, {_term(wanted)})) }} }}",
            )
        for other in g.objects(shape, SH.equals):
            q = _term(other)
            add(
                SH.EqualsConstraintComponent,
                f"SELECT DISTINCT ?this ?value WHERE {{ {target} "
                f"{{ ?this {p} ?value . FILTER NOT EXISTS {{ ?this {q} ?value }} }} UNION "
                f"{{ ?this {q} ?value . FILTER NOT EXISTS {{ ?this {p} ?value }} }} }}",
            )
        for inner in g.objects(shape, SH.qualifiedValueShape):
            if (shape, SH.qualifiedValueShapesDisjoint, None) in g:
                raise ShapeCompileError(f"{shape}: sh:qualifiedValueShapesDisjoint")
            ok = _inner_shape_condition(g, inner)
            qualified = _bounds(g, shape, SH.qualifiedMinCount, SH.qualifiedMaxCount)
            body = _counted(target, f"?this {p} ?v . BIND (?v AS ?value) FILTER ({ok})", qualified)
            for component, op, n in qualified:
                add(component, body, count=(op, n))
    else:
        for parameter in _SET_PARAMETERS:
            if (shape, parameter, None) in g:
                raise ShapeCompileError(f"{shape}: {parameter} on a node shape is not supported")
    closed = g.value(shape, SH.closed)
    if isinstance(closed, Literal) and closed.value is True:
        allowed: set[URIRef] = set()
        for prop in g.objects(shape, SH.property):
            written = g.value(prop, SH.path)
            if isinstance(written, URIRef):
                allowed.add(written)
        for ignored in g.objects(shape, SH.ignoredProperties):
            allowed.update(n for n in Collection(g, ignored) if isinstance(n, URIRef))
        listed = ", ".join(_term(iri) for iri in sorted(allowed))
        keep = f"!(?path IN ({listed})) && " if allowed else ""
        # LATERAL (Oxigraph's, SPARQL 1.2's proposal): each focus node's own triples,
        # looked up by subject. Joined plainly, the engine read every triple of the store
        # into a hash table first: 1.3 GiB at 1,000 declarations, 15 GiB at 10,000.
        add(
            SH.ClosedConstraintComponent,
            f"SELECT DISTINCT ?this ?path ?value WHERE {{ {target} LATERAL {{ "
            f"?this ?path ?value . FILTER ({keep}!(sameTerm(?path, {_term(RDF.type)}) && "
            f"sameTerm(?value, {_term(RDFS.Resource)}))) }} }}",
            value_is_focus=False,
            path=None,
        )
    for constraint in sorted(g.objects(shape, SH.sparql), key=str):
        if path is not None:
            raise ShapeCompileError(f"{constraint}: SHACL-SPARQL on a property shape")
        if _deactivated(g, constraint):
            continue
        select = g.value(constraint, SH.select)
        if select is None:
            raise ShapeCompileError(f"{constraint}: only sh:select constraints are supported")
        add(
            SH.SPARQLConstraintComponent,
            _prebound(_prefixed_names(g, constraint, str(select)), target),
            constraint=constraint,
            messages=_messages(g, constraint),
            shape_messages=messages,
        )
    return checks


def _bounds(g: Graph, shape: Node, least: URIRef, most: URIRef) -> list[tuple[URIRef, str, int]]:
    """The (component, failing comparison, bound) of a shape's minimum and maximum counts:
    sh:minCount/sh:maxCount, or their sh:qualified... forms."""
    out = [(_BOUND_COMPONENT[least], "<", _integer(n, shape)) for n in g.objects(shape, least)]
    out += [(_BOUND_COMPONENT[most], ">", _integer(n, shape)) for n in g.objects(shape, most)]
    return out


_BOUND_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}


def _counted(target: str, values: str, bounds: list[tuple[URIRef, str, int]]) -> str:
    """The focus nodes whose number of distinct ``?v`` breaks one of ``bounds``.

    Each focus node's values are counted on their own (``LATERAL``), so that memory holds
    one focus node's values at a time: grouped over the whole store, the engine held a
    group for every focus node (1.6 GB for the 8 million selectors of 10,000
    declarations, against 0.4 GB counted one by one, which is faster too). The ``OPTIONAL``
    gives a focus node without values its count of 0.
    """
    failing = " || ".join(f"?n {op} {n}" for _, op, n in bounds)
    return (
        f"SELECT ?this ?n WHERE {{ {target} LATERAL {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) "
        f"WHERE {{ OPTIONAL {{ {values} }} }} GROUP BY ?this }} FILTER ({failing}) }}"
    )


def _integer(node: Node, shape: Node) -> int:
    if not (isinstance(node, Literal) and isinstance(node.value, int)):
        raise ShapeCompileError(f"{shape}: {node!r} is not an integer")
    return int(node.value)


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ShapeCompileError(f"cannot use the blank node {node} in a query")


def _path(g: Graph, node: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(node, URIRef):
        return _term(node)
    if (node, RDF.first, None) in g:
        return "(" + "/".join(_path(g, n) for n in Collection(g, node)) + ")"
    inverse = g.value(node, SH.inversePath)
    if inverse is not None:
        return f"(^{_path(g, inverse)})"
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(g, n) for n in Collection(g, alternatives)) + ")"
    for predicate, modifier in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+")):
        inner = g.value(node, predicate)
        if inner is not None:
            return f"({_path(g, inner)}){modifier}"
    inner = g.value(node, SH.zeroOrOnePath)
    if inner is not None:
        return f"({_path(g, inner)})?"
    raise ShapeCompileError(f"malformed property path: {node!r}")


def _inner_shape_condition(g: Graph, inner: Node) -> str:
    """The condition for ``?value`` to conform to the qualified value shape ``inner``."""
    conditions: list[str] = []
    for p in g.predicates(inner, None):
        if p == RDF.type:
            continue
        if p not in _VALUE_PARAMETERS and p not in (SH.flags, SH.message):
            raise ShapeCompileError(f"{inner}: sh:qualifiedValueShape with {p} is not supported")
    for parameter in sorted(_VALUE_PARAMETERS, key=str):
        for argument in sorted(g.objects(inner, parameter), key=str):
            conditions.append(f"({_value_condition(g, inner, parameter, argument, None)})")
    return " && ".join(conditions) or "true"


def _value_condition(
    g: Graph, shape: Node, parameter: Node, argument: Node, path: Node | None
) -> str:
    """A SPARQL expression true when ``?value`` satisfies one per-value constraint.

    It follows pySHACL's reading of each component (see the module docstring for where
    the store makes a difference).
    """
    if parameter == SH["class"]:
        return f"EXISTS {{ ?value <{RDF.type}>/<{RDFS.subClassOf}>* {_term(argument)} }}"
    if parameter == SH.datatype:
        return _datatype_condition(argument, path)
    if parameter == SH.nodeKind:
        kinds: dict[Node, str] = {
            SH.IRI: "isIRI(?value)",
            SH.BlankNode: "isBlank(?value)",
            SH.Literal: "isLiteral(?value)",
            SH.BlankNodeOrIRI: "(isIRI(?value) || isBlank(?value))",
            SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
            SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
        }
        if argument not in kinds:
            raise ShapeCompileError(f"{shape}: unknown sh:nodeKind {argument}")
        return kinds[argument]
    if parameter == SH.minInclusive:
        if not isinstance(argument, Literal) or isinstance(argument.value, str):
            raise ShapeCompileError(f"{shape}: sh:minInclusive supports numbers and dates only")
        return f"(isLiteral(?value) && COALESCE(?value >= {argument.n3()}, false))"
    if parameter in (SH.minLength, SH.maxLength):
        n = _integer(argument, shape)
        op = ">=" if parameter == SH.minLength else "<="
        if parameter == SH.minLength and n == 0:
            return "true"
        return f"(!isBlank(?value) && STRLEN(STR(?value)) {op} {n})"
    if parameter == SH.pattern:
        flags = g.value(shape, SH.flags)
        extra = "" if flags is None else f", {Literal(str(flags)).n3()}"
        return f"(!isBlank(?value) && REGEX(STR(?value), {Literal(str(argument)).n3()}{extra}))"
    if parameter == SH.languageIn:
        wanted = ", ".join(Literal(str(x).lower()).n3() for x in Collection(g, argument))
        return (
            f'(isLiteral(?value) && LANG(?value) != "" && (LCASE(LANG(?value)) IN ({wanted}) '
            f'|| LCASE(STRBEFORE(LANG(?value), "-")) IN ({wanted})))'
        )
    if parameter == SH["in"]:
        members = [f"sameTerm(?value, {_term(x)})" for x in Collection(g, argument)]
        return "(" + (" || ".join(members) or "false") + ")"
    raise ShapeCompileError(f"{shape}: unsupported parameter {parameter}")


_WELL_FORMED = {
    XSD.integer,
    XSD.date,
    XSD.dateTime,
    XSD.decimal,
    XSD.boolean,
    XSD.double,
    XSD.float,
    XSD.time,
}
"""Datatypes whose lexical forms pySHACL checks (rdflib reads them into Python values)."""


def _datatype_condition(datatype: Node, path: Node | None) -> str:
    """``?value`` is a well-formed literal of ``datatype`` (see the module docstring).

    >>> _datatype_condition(XSD.string, None)
    '(isLiteral(?value) && DATATYPE(?value) = <http://www.w3.org/2001/XMLSchema#string>)'
    """
    if datatype == RDF.langString:
        return '(isLiteral(?value) && LANG(?value) != "")'
    if datatype == RDFS.Literal:
        return "isLiteral(?value)"
    dt = _term(datatype)
    same = f"isLiteral(?value) && DATATYPE(?value) = {dt}"
    if datatype in _WELL_FORMED:
        return f"({same} && COALESCE(DATATYPE({dt}(STR(?value))) = {dt}, false))"
    if isinstance(path, URIRef) and RETYPED.get(str(path)) == str(datatype):
        if datatype != XSD.nonNegativeInteger:
            raise ShapeCompileError(f"no store rule for {datatype} on {path}")
        integer = _term(XSD.integer)
        return (
            f"(({same}) || (isLiteral(?value) && DATATYPE(?value) = {integer} && "
            f"COALESCE({integer}(STR(?value)) >= 0, false)))"
        )
    # pySHACL checks no more than the datatype IRI of the others
    return f"({same})"


def _prebound(select: str, target: str) -> str:
    """The SHACL-SPARQL ``select`` run for every focus node of ``target`` at once.

    The query's WHERE clause is evaluated once for each focus node, with ``$this`` bound
    (Oxigraph's ``LATERAL``, proposed for SPARQL 1.2): every group of the query sees it,
    ``UNION`` branches and ``EXISTS`` included, which is what pre-binding by substitution
    means. Each focus node's triples are then looked up by subject; joined plainly, the
    engine evaluated the query's patterns for the whole store first and hashed them.

    >>> _prebound("SELECT $this ?v WHERE { { FILTER (isIRI($this)) BIND (1 AS ?v) } }", "T")
    'SELECT DISTINCT $this ?v WHERE { T LATERAL { { FILTER (isIRI($this)) BIND (1 AS ?v) } } }'
    """
    head = _SELECT.match(select)
    if head is None:
        raise ShapeCompileError(f"not a SELECT query: {select[:60]!r}")
    text = "SELECT DISTINCT" + select[head.end() :]
    pieces = list(_lex(text))
    code = "".join(t if k == "code" else " " * len(t) for k, t in pieces)
    if re.search(r"\b(SELECT|MINUS|GRAPH|SERVICE)\b", code[len("SELECT DISTINCT") :], re.I):
        raise ShapeCompileError("SHACL-SPARQL with sub-queries, MINUS, GRAPH or SERVICE")
    where = code.find("{")
    if where < 0:
        raise ShapeCompileError(f"no WHERE clause: {select[:60]!r}")
    close = _matching_brace(code, where)
    body = text[where + 1 : close].strip()
    return f"{text[: where + 1]} {target} LATERAL {{ {body} }} {text[close:]}"


# --- running -----------------------------------------------------------------------------

Store = CorpusStore | ox.Store | Path
"""An open store, or the folder of a corpus store (opened afresh, read-only, for each query:
RocksDB keeps the index and filter blocks of every table a query has read until the
database is closed, so that one opening for all the checks held more memory with each
check)."""


def _runner(store: Store) -> Callable[[str], list[dict[str, Node]]]:
    if isinstance(store, Path):
        folder = store

        def fresh(sparql: str) -> list[dict[str, Node]]:
            with CorpusStore(folder, read_only=True) as db:
                return _rows(db.raw_query(sparql))

        return fresh
    if isinstance(store, CorpusStore):
        return lambda sparql: _rows(store.raw_query(sparql))
    return lambda sparql: _rows(store.query(sparql, use_default_graph_as_union=True))


def validate_store(
    store: Store,
    checks: list[Check] | None = None,
    timing: Timing | None = None,
    progress: Callable[[Check], None] | None = None,
    jobs: int = 1,
) -> Report:
    """Validate the union of the graphs of ``store`` with the compiled ``checks``.

    ``checks`` default to :func:`compile_shapes` of the project's shapes. The report is
    what :func:`lexgraph.validate.validate` would give for the same triples, whatever
    ``jobs``: how many queries run at once, in threads (Oxigraph evaluates a query without
    holding Python's lock, so two threads keep two CPUs busy). ``progress`` receives each
    check once its query has run.
    """
    run = _runner(store)
    compiled = compile_shapes() if checks is None else checks
    sharing: dict[str, list[Check]] = {}  # each distinct query: the checks it answers
    for check in compiled:
        sharing.setdefault(check.sparql, []).append(check)

    def answer(sparql: str) -> tuple[str, list[dict[str, Node]], float]:
        start = time.perf_counter()
        try:
            rows = run(sparql)
        except (SyntaxError, OSError, ValueError) as error:
            message = " ".join(str(error).split())[:200]
            shape = sharing[sparql][0].shape
            raise LexgraphError(f"cannot run the check of {shape}: {message}") from None
        return sparql, rows, time.perf_counter() - start

    results: list[Result] = []

    def take(sparql: str, rows: list[dict[str, Node]], seconds: float) -> None:
        for i, check in enumerate(sharing[sparql]):
            start = time.perf_counter()
            results.extend(_results(check, _mine(check, rows)))
            if timing is not None:  # the query's time goes to the first check it answers
                key = f"{check.shape} {str(check.component).removeprefix(str(SH))}"
                spent = time.perf_counter() - start + (seconds if i == 0 else 0.0)
                timing.seconds[key] = timing.seconds.get(key, 0.0) + spent
            if progress is not None:
                progress(check)

    if jobs <= 1:
        for sparql in sharing:
            take(*answer(sparql))
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            pending = [pool.submit(answer, sparql) for sparql in sharing]
            try:
                for done in as_completed(pending):
                    take(*done.result())
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
    results.sort(key=result_order)
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return Report(
        conforms=conforms,
        results=results,
        build_graph=lambda: _report_graph(conforms, results),
    )


def _rows(solutions: Any) -> list[dict[str, Node]]:
    variables = [v.value for v in solutions.variables]
    return [
        {name: to_rdflib(row[name]) for name in variables if row[name] is not None}
        for row in solutions
    ]


def _mine(check: Check, rows: list[dict[str, Node]]) -> Iterator[dict[str, Node]]:
    """The rows of a shared query that belong to ``check``."""
    for row in rows:
        if check.part is not None and _number(row.get("check")) != check.part:
            continue
        if check.count is not None:
            op, bound = check.count
            n = _number(row.get("n"))
            if n is None or not (n < bound if op == "<" else n > bound):
                continue
        yield row


def _number(node: Node | None) -> int | None:
    return int(node) if isinstance(node, Literal) and isinstance(node.value, int) else None


def _results(check: Check, rows: Iterable[dict[str, Node]]) -> Iterator[Result]:
    for bound in rows:
        focus = bound.get("this")
        if focus is None:
            continue
        path: URIRef | PropertyPath | None = check.path
        if "path" in bound:
            found = bound["path"]
            if not isinstance(found, URIRef):
                continue
            path = found
        value = bound.get("value")
        if value is None and check.value_is_focus:
            value = focus
        if isinstance(path, URIRef):
            value = _retyped(value, path)
        if check.component == SH.SPARQLConstraintComponent:
            message = _sparql_message(check, bound, focus, path, value)
        else:
            message = result_message(list(check.messages), check.component)
        yield Result(
            focus_node=focus,
            path=path,
            severity=check.severity,
            source_shape=check.shape,
            constraint_component=check.component,
            message=message,
            value=value if check.component not in _NO_VALUE else None,
            source_constraint=check.constraint,
        )


_NO_VALUE = {
    SH.MinCountConstraintComponent,
    SH.MaxCountConstraintComponent,
    SH.UniqueLangConstraintComponent,
    SH.HasValueConstraintComponent,
    SH.QualifiedMinCountConstraintComponent,
    SH.QualifiedMaxCountConstraintComponent,
}


def _sparql_message(
    check: Check,
    bound: dict[str, Node],
    focus: Node,
    path: URIRef | PropertyPath | None,
    value: Node | None,
) -> str:
    """The message pySHACL writes for a SHACL-SPARQL result, as lexgraph reads it.

    pySHACL fills ``{?var}`` and ``{$var}`` with the row's values (``this``, ``path`` and
    ``value`` last) and drops the language tag of the filled-in messages; lexgraph then
    drops the holding shape's own messages when the constraint has one.
    """
    names = {k: str(v) for k, v in bound.items() if k not in ("this", "path", "value")}
    names["this"] = str(focus)
    if path is not None:
        names["path"] = str(path)
    if value is not None:
        names["value"] = str(value)

    def fill(message: Literal) -> Literal:
        text = str(message)
        for name, filled in names.items():
            # pySHACL passes the value to re.sub as a template; it is taken literally here
            literal = filled.replace("\\", "\\\\")
            text = re.sub(_FORMAT_VAR.format(re.escape(name)), literal, text)
        return Literal(text)

    own = [fill(m) for m in check.messages]
    if not own:
        own = [fill(m) for m in check.shape_messages]
    return result_message(list(own), check.component)


def _retyped(value: Node | None, path: URIRef) -> Node | None:
    """A value of a :data:`~lexgraph.corpus.RETYPED` property with its model datatype."""
    if (
        isinstance(value, Literal)
        and str(path) in RETYPED
        and value.datatype is not None
        and str(value.datatype) == str(XSD.integer)
    ):
        return Literal(str(value), datatype=URIRef(RETYPED[str(path)]))
    return value


def _report_graph(conforms: bool, results: list[Result]) -> Graph:
    """The results as a SHACL validation report graph (``sh:ValidationReport``)."""
    graph = Graph()
    for prefix, namespace in SHAPE_PREFIXES.items():
        graph.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for result in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus_node))
        graph.add((node, SH.resultSeverity, SH[str(result.severity)]))
        graph.add((node, SH.sourceShape, result.source_shape))
        graph.add((node, SH.sourceConstraintComponent, result.constraint_component))
        graph.add((node, SH.resultMessage, Literal(result.message)))
        if result.path is not None:
            graph.add((node, SH.resultPath, _path_node(graph, result.path)))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        if result.source_constraint is not None:
            graph.add((node, SH.sourceConstraint, result.source_constraint))
    return graph


def _path_node(graph: Graph, path: URIRef | PropertyPath) -> Node:
    """Write an rdflib path as a SHACL path in ``graph``."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(path, URIRef):
        return path
    node = BNode()
    if isinstance(path, InvPath):
        graph.add((node, SH.inversePath, _path_node(graph, path.arg)))
    elif isinstance(path, AlternativePath):
        head = BNode()
        Collection(graph, head, [_path_node(graph, a) for a in path.args])
        graph.add((node, SH.alternativePath, head))
    elif isinstance(path, SequencePath):
        Collection(graph, node, [_path_node(graph, a) for a in path.args])
    elif isinstance(path, MulPath):
        modifier = {"*": SH.zeroOrMorePath, "+": SH.oneOrMorePath, "?": SH.zeroOrOnePath}
        graph.add((node, modifier[path.mod], _path_node(graph, path.path)))
    else:
        raise LexgraphError(f"cannot write the path {path!r}")
    return node


def validate_store_dir(
    folder: Path,
    shapes: Graph | None = None,
    progress: Callable[[int], AbstractContextManager[Callable[[Check], None] | None]] | None = None,
    jobs: int = 1,
) -> Report:
    """Validate the corpus store in ``folder`` (opened read-only) with the compiled shapes,
    ``jobs`` queries at a time.

    ``progress``, given the number of checks, opens what receives each check as it ends.
    """
    checks = compile_shapes(shapes)
    with CorpusStore(folder, read_only=True):
        pass  # what is wrong with the store is said before any check runs
    if progress is None:
        return validate_store(folder, checks, jobs=jobs)
    with progress(len(checks)) as tick:
        return validate_store(folder, checks, progress=tick, jobs=jobs)


def validate_graph_natively(data: Graph, shapes: Graph | None = None, jobs: int = 1) -> Report:
    """Validate an rdflib graph with the compiled shapes, in an in-memory Oxigraph store,
    ``jobs`` queries at a time."""
    store = ox.Store()
    store.load(
        data.serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode("urn:x-lexgraph:data"),
    )
    return validate_store(store, compile_shapes(shapes), jobs=jobs)


# --- for benchmarks ----------------------------------------------------------------------


def bench_validate(store_dir: Path) -> dict[str, float]:
    """Time the compiled validation of a corpus store (for ``bench/corpus_bench.py``).

    Returns ``compile_s``, ``validate_s``, ``results`` and ``violations``.
    """
    start = time.perf_counter()
    checks = compile_shapes()
    compiled = time.perf_counter()
    report = validate_store(store_dir, checks)
    done = time.perf_counter()
    return {
        "compile_s": compiled - start,
        "validate_s": done - compiled,
        "results": float(len(report.results)),
        "violations": float(len(report.violations)),
    }


__all__ = [
    "Check",
    "ShapeCompileError",
    "Timing",
    "bench_validate",
    "compile_shapes",
    "validate_graph_natively",
    "validate_store",
    "validate_store_dir",
]


# --- EXISTS, evaluated once ----------------------------------------------------------------

_EXISTS = re.compile(r"\b(NOT\s+)?EXISTS\s*\{", re.IGNORECASE)
_FILTER = re.compile(r"\bFILTER\b", re.IGNORECASE)


def _exists_as_optional(query: str) -> str:
    """``FILTER [NOT] EXISTS { P }`` with a P of several triple patterns, as an OPTIONAL.

    Oxigraph (0.5) plans the patterns of an EXISTS before it knows the outer solution, so
    ``FILTER NOT EXISTS { ?this eli:realizes ?w . ?w a X }`` scans every ``?w a X`` for
    each ``?this``: quadratic in the store. ``OPTIONAL { P BIND (true AS ?e) }`` at the end
    of the same group, and ``BOUND(?e)`` in the filter, mean the same (a FILTER sees the
    whole group; the OPTIONAL's own FILTERs see the outer solution, as EXISTS does). The
    OPTIONAL is evaluated for each solution of its group with that solution's bindings
    (``LATERAL``), so that P's patterns are looked up, not scanned: a plain OPTIONAL is a
    hash join whose right side is P over the whole store, evaluated again for each focus
    node where the query runs per focus node (:func:`_prebound`). P's variables used
    nowhere else are renamed so that they cannot leak. Single patterns are left alone:
    Oxigraph looks those up directly.

    >>> _exists_as_optional("SELECT ?x { ?x a <A> FILTER NOT EXISTS { ?x <p> ?y . ?y a <B> } }")
    'SELECT ?x { ?x a <A> FILTER (!BOUND(?exists_1))  LATERAL { OPTIONAL {  ?x <p> ?exists_1_y . ?exists_1_y a <B>  BIND (true AS ?exists_1) } } }'
    """  # noqa: E501
    count = 0
    while True:
        code = _code_only(query)
        for match in reversed(list(_EXISTS.finditer(code))):
            open_at = match.end() - 1
            close_at = _matching_brace(code, open_at)
            inner = code[open_at + 1 : close_at]
            if "{" in inner or not _several_patterns(inner):
                continue
            group_open = _enclosing_group(code, match.start())
            if group_open < 0 or not _in_top_level_filter(code, group_open, match.start()):
                continue
            group_close = _matching_brace(code, group_open)
            count += 1
            flag = f"?exists_{count}"
            body = _rename_private_variables(
                query[open_at + 1 : close_at],
                code[: match.start()] + code[close_at + 1 :],
                f"exists_{count}_",
            )
            test = f"(!BOUND({flag}))" if match.group(1) else f"BOUND({flag})"
            optional = f" LATERAL {{ OPTIONAL {{ {body} BIND (true AS {flag}) }} }} "
            query = (
                query[: match.start()]
                + test
                + query[close_at + 1 : group_close]
                + optional
                + query[group_close:]
            )
            break
        else:
            return query


def _code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked (same length, same offsets)."""
    return "".join(
        t
        if k == "code"
        else (t[0] + "_" * (len(t) - 2) + t[-1] if k != "comment" else " " * len(t))
        for k, t in _lex(query)
    )


def _matching_brace(code: str, open_at: int) -> int:
    return _matching(code, open_at, "{", "}")


def _enclosing_group(code: str, at: int) -> int:
    depth = 0
    for i in range(at - 1, -1, -1):
        if code[i] == "}":
            depth += 1
        elif code[i] == "{":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _in_top_level_filter(code: str, group_open: int, at: int) -> bool:
    """Whether position ``at`` lies in a FILTER of the group opened at ``group_open``."""
    depth, i = 0, group_open + 1
    while i < at:
        c = code[i]
        if c in "{(":
            depth += 1
        elif c in "})":
            depth -= 1
        elif depth == 0 and _FILTER.match(code, i) and not code[i - 1].isalnum():
            j = i + len("FILTER")
            while code[j].isspace():
                j += 1
            if code[j] == "(":
                end = _matching(code, j, "(", ")")
            else:
                end = _matching(code, code.index("{", j), "{", "}")
            if i < at < end:
                return True
            i = end
        i += 1
    return False


def _matching(code: str, open_at: int, opening: str, closing: str) -> int:
    depth = 0
    for i in range(open_at, len(code)):
        if code[i] == opening:
            depth += 1
        elif code[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    raise ShapeCompileError(f"unbalanced {opening}{closing} in {code[:60]!r}")


def _several_patterns(inner: str) -> bool:
    """More than one triple pattern (a path with ``/`` counts as several)."""
    text = inner
    while True:
        stripped = re.sub(r"\([^()]*\)", " ", text)
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"\bFILTER\b|\bBIND\b", " ", text, flags=re.IGNORECASE)
    patterns = [p for p in re.split(r"[.;,]", text) if p.strip()]
    return len(patterns) > 1 or "/" in text


def _rename_private_variables(body: str, rest: str, prefix: str) -> str:
    """Rename the variables of ``body`` that ``rest`` does not use."""
    used_elsewhere = {m.group(1) for m in re.finditer(r"[?$](\w+)", rest)}
    out: list[str] = []
    for kind, text in _lex(body):
        if kind == "code":
            text = re.sub(
                r"([?$])(\w+)",
                lambda m: m.group(0) if m.group(2) in used_elsewhere else f"?{prefix}{m.group(2)}",
                text,
            )
        out.append(text)
    return "".join(out)
