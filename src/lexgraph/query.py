"""Running SPARQL queries on a graph and rendering their results.

Queries may use the prefixes of :data:`lexgraph.namespaces.PREFIXES` without declaring
them; query files in ``queries/`` declare theirs anyway, so that they run elsewhere too.
Results render as an aligned ``table`` for people, or in the W3C SPARQL 1.1 results
formats ``csv``, ``tsv`` and ``json``. CONSTRUCT and DESCRIBE results are graphs: Turtle
for ``table``, JSON-LD for ``json``, or any format of :data:`lexgraph.export.FORMATS`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from pyparsing import ParseBaseException
from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import BNode, Literal, Node, URIRef, Variable

from lexgraph import export
from lexgraph.errors import QuerySyntaxError, UsageError
from lexgraph.namespaces import PREFIXES
from lexgraph.textio import read_text

RESULT_FORMATS = ("table", "csv", "tsv", "json")
"""Formats for SELECT and ASK results."""

FORMATS = (*RESULT_FORMATS, *(f for f in export.FORMATS if f not in RESULT_FORMATS))
"""Every format :func:`format_result` accepts (graph formats only for graph results)."""

_PYPARSING_POSITION = re.compile(r"\s*\(at char \d+\),\s*\(line:\d+,\s*col:\d+\)\s*$")
_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S*)")

# Longest namespace first, so that the most specific prefix wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))


def shorten(iri: str) -> str:
    """Write ``iri`` with the longest matching prefix of PREFIXES, or ``<iri>`` if none.

    >>> shorten("https://w3id.org/lexgraph/id/actor/states")
    'lexid:actor/states'
    >>> shorten("http://example.org/x")
    '<http://example.org/x>'
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def prepare(sparql: str, source: str = "<query>") -> Query:
    """Parse and translate a SPARQL query, or raise :class:`QuerySyntaxError`.

    The message is ``SOURCE:LINE:COL: message``.

    >>> prepare("SELECT ?s WHERE {\\n  ?s ?p \\n}", "q.rq")
    Traceback (most recent call last):
    ...
    lexgraph.errors.QuerySyntaxError: q.rq:2:3: Expected SelectQuery, found '?'
    """
    try:
        parsed = parseQuery(sparql)
    except ParseBaseException as e:
        message = _PYPARSING_POSITION.sub("", str(e))
        raise QuerySyntaxError(f"{source}:{e.lineno}:{e.col}: {message}") from None
    try:
        return translateQuery(parsed, initNs=dict(PREFIXES))
    except Exception as e:  # rdflib raises bare Exception for an unknown prefix
        message = " ".join(str(e).split())
        m = _UNKNOWN_PREFIX.search(message)
        if m:
            use = re.search(rf"(?<![\w:-]){re.escape(m[1])}:", sparql)
            if use:
                line, col = _position(sparql, use.start())
                raise QuerySyntaxError(
                    f"{source}:{line}:{col}: undeclared prefix '{m[1]}:'"
                ) from None
        raise QuerySyntaxError(f"{source}: {message}") from None


def run_query(graph: Graph, sparql: str | Query, source: str = "<query>") -> Result:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on ``graph``.

    ``sparql`` is the query text, or a query :func:`prepare` returned. ``source`` names
    the query in error messages (a file name, or ``<query>``).
    """
    prepared = prepare(sparql, source) if isinstance(sparql, str) else sparql
    return graph.query(prepared)


def read_query(path: Path) -> str:
    """Read a query file (UTF-8; see :func:`lexgraph.textio.read_text`)."""
    return read_text(path)


# --- rendering ---------------------------------------------------------------------------

_XSD = PREFIXES["xsd"]
_XSD_STRING = URIRef(_XSD + "string")
# Datatypes whose lexical form a table shows bare, as Turtle does.
_BARE = {URIRef(_XSD + name) for name in ("integer", "decimal", "double", "boolean")}


TABLE_TEXT_WIDTH = 80
"""Longer literals are cut (with ``…``) in tables; the other formats give them whole."""


def _table_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        text = text.replace("\t", "\\t")
        if len(text) > TABLE_TEXT_WIDTH:
            text = text[: TABLE_TEXT_WIDTH - 1] + "…"
        return text  # a table is for reading: tags and datatypes are in csv, tsv and json
    return str(term)


def _turtle_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _tsv_cell(term: Node | None) -> str:
    """A term in SPARQL 1.1 TSV: Turtle syntax, no raw tab or line break."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        quoted = _turtle_string(str(term))
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is None or term.datatype == _XSD_STRING:
            return quoted
        return f"{quoted}^^<{term.datatype}>"
    return str(term)


def _csv_cell(term: Node | None) -> str:
    """A term in SPARQL 1.1 CSV: IRIs and lexical forms only."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    """A term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != _XSD_STRING:
            value["datatype"] = str(term.datatype)
        return value
    raise TypeError(f"not an RDF term: {term!r}")


def _rows(result: Result) -> tuple[list[str], list[list[Node | None]]]:
    variables: Sequence[Variable] = result.vars or []
    bindings: Sequence[Mapping[Variable, Node]] = result.bindings
    rows = [[binding.get(v) for v in variables] for binding in bindings]
    return [str(v) for v in variables], rows


def format_table(names: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Align ``rows`` of strings under a header and a rule.

    >>> print(format_table(["a", "long"], [["xyz", "1"], ["", "22"]]), end="")
    a    long
    ---  ----
    xyz  1
         22
    """
    widths = [len(n) for n in names]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
        for cells in [list(names), ["-" * w for w in widths], *rows]
    ]
    return "".join(line + "\n" for line in lines)


def _select(result: Result, fmt: str) -> str:
    names, rows = _rows(result)
    if fmt == "table":
        return format_table(names, [[_table_cell(t) for t in row] for row in rows])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([_csv_cell(t) for t in row] for row in rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_cell(t) for t in row) for row in rows]
        return "".join(line + "\n" for line in lines)
    # json
    document = {
        "head": {"vars": names},
        "results": {
            "bindings": [
                {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None}
                for row in rows
            ]
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def format_result(result: Result, fmt: str) -> str:
    """Render a query result as ``fmt`` (one of :data:`FORMATS`).

    SELECT: ``table``, ``csv``, ``tsv``, ``json``, columns in the query's projection
    order; tables cut literals longer than :data:`TABLE_TEXT_WIDTH`. ASK: ``table``
    (``true``/``false``) or ``json``. CONSTRUCT/DESCRIBE: ``table`` (Turtle), ``json``
    (JSON-LD) or an export format. Raises :class:`UsageError` for a format that does not
    fit the result.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown result format '{fmt}' (expected one of {', '.join(FORMATS)})")
    kind = result.type
    if kind in ("CONSTRUCT", "DESCRIBE"):
        graph_format = {"table": "turtle", "json": "jsonld"}.get(fmt, fmt)
        if graph_format not in export.FORMATS:
            raise UsageError(
                f"a {kind} query gives a graph: use --format table, json or one of "
                f"{', '.join(export.FORMATS)}, not {fmt}"
            )
        assert result.graph is not None
        return export.serialize(result.graph, graph_format).decode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"a {kind} query gives no graph: use --format {', '.join(RESULT_FORMATS)}")
    if kind == "ASK":
        answer = bool(result.askAnswer)
        if fmt == "table":
            return "true\n" if answer else "false\n"
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}, indent=2) + "\n"
        raise UsageError(f"an ASK query has no {fmt} form: use --format table or json")
    return _select(result, fmt)


__all__ = [
    "FORMATS",
    "RESULT_FORMATS",
    "TABLE_TEXT_WIDTH",
    "format_result",
    "format_table",
    "prepare",
    "read_query",
    "run_query",
    "shorten",
]
