"""Loading RDF files into one graph.

The format follows from the file extension (:data:`FORMATS`). Quad formats (N-Quads,
TriG) are flattened: every triple of every named graph lands in the one graph returned.
Malformed RDF raises :class:`~lexgraph.errors.RDFSyntaxError` with the file and, where
the parser reports one, the line: ``FILE:LINE: message``.
"""

from __future__ import annotations

import json
import re
import xml.sax
from collections.abc import Sequence
from pathlib import Path

from rdflib import Dataset, Graph

from lexgraph import paths as project_paths
from lexgraph.errors import InputError, LexgraphError, RDFSyntaxError, UsageError
from lexgraph.textio import decode_utf8, read_bytes

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
"""rdflib parser name for each file extension lexgraph reads."""

QUAD_FORMATS = frozenset({"nquads", "trig"})
LINE_FORMATS = frozenset({"nt", "nquads"})
N3_FORMATS = frozenset({"turtle", "trig"})

# rdflib's Notation3/Turtle/TriG parser: "at line 4 of <file:///x.ttl>:\nBad syntax (why) at ^"
_N3_ERROR = re.compile(
    r"at line (?P<line>\d+) of <[^>]*>:\s*Bad syntax \((?P<why>.*)\) at \^", re.S
)


def rdf_format(path: Path) -> str:
    """The rdflib format name for ``path``, from its extension.

    >>> rdf_format(Path("data/lexgraph.ttl"))
    'turtle'
    >>> rdf_format(Path("x.csv"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lexgraph.errors.UsageError: x.csv: unknown RDF file extension '.csv' (expected .json, ...)
    """
    suffix = path.suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        expected = ", ".join(sorted(FORMATS))
        raise UsageError(
            f"{path}: unknown RDF file extension '{suffix}' (expected {expected})"
        ) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


# N-Triples/N-Quads lines end in CR, LF or CRLF (and nothing else: not str.splitlines()).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _first_bad_line(lines: list[str], fmt: str) -> int | None:
    """The 1-based number of the first line that makes a line-based file fail to parse.

    Binary search over prefixes: O(log n) parses, whatever the file's size.
    """

    def parses(n: int) -> bool:
        try:
            Dataset().parse(data="".join(lines[:n]), format=fmt)
        except Exception:
            return False
        return True

    if parses(len(lines)):
        return None
    lo, hi = 0, len(lines)  # lines[:lo] parses, lines[:hi] does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if parses(mid):
            lo = mid
        else:
            hi = mid
    return hi


def _describe(path: Path, fmt: str, text: str | None, error: Exception) -> str:
    """Turn a parser's exception into ``FILE[:LINE]: message``."""
    message = str(error)
    m = _N3_ERROR.search(message)
    if m:
        line = int(m["line"])
        # The parser's line count drifts near the end of the input; its index into the
        # text does not.
        index = getattr(error, "_i", None)
        if text is not None and isinstance(index, int) and 0 <= index <= len(text):
            line = text.count("\n", 0, index) + 1
        return f"{path}:{line}: {_one_line(m['why'])}"
    if fmt in N3_FORMATS and isinstance(error, IndexError) and text is not None:
        # rdflib's Turtle parser runs off the end of a truncated last statement.
        return f"{path}:{text.count(chr(10), 0, len(text.rstrip())) + 1}: unexpected end of file"
    if isinstance(error, xml.sax.SAXParseException):
        return f"{path}:{error.getLineNumber()}: {_one_line(error.getMessage())}"
    if isinstance(error, json.JSONDecodeError):
        return f"{path}:{error.lineno}: {error.msg} (column {error.colno})"
    if fmt in LINE_FORMATS and text is not None:
        lines = _LINE.findall(text)
        bad = _first_bad_line(lines, fmt)
        if bad is not None:
            name = "N-Triples" if fmt == "nt" else "N-Quads"
            statement = lines[bad - 1].strip()
            if len(statement) > 60:
                statement = statement[:57] + "..."
            return f"{path}:{bad}: invalid {name} statement: {statement}"
    return f"{path}: {_one_line(message) or type(error).__name__}"


def parse_file(graph: Graph, path: Path) -> None:
    """Add the triples of one RDF file to ``graph`` (quads are flattened)."""
    fmt = rdf_format(path)
    data = read_bytes(path)
    # Every format but RDF/XML is UTF-8 by definition; XML declares its own encoding.
    text = None if fmt == "xml" else decode_utf8(path, data).removeprefix("\ufeff")
    public_id = path.resolve().as_uri()
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=text, format=fmt, publicID=public_id)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        elif text is None:
            graph.parse(data=data, format=fmt, publicID=public_id)
        else:
            graph.parse(data=text, format=fmt, publicID=public_id)
    except LexgraphError:
        raise
    except Exception as e:  # rdflib's parsers raise many unrelated types
        raise RDFSyntaxError(_describe(path, fmt, text, e)) from None


def load_graph(paths: Sequence[Path]) -> Graph:
    """Parse RDF files (format from each extension) and merge them into one graph."""
    graph = Graph()
    for path in paths:
        parse_file(graph, path)
    return graph


def default_paths(linkset: bool = True) -> list[Path]:
    """The built graph (``data/lexgraph.ttl``), its linkset (``data/linkset.ttl``) where
    there is one and ``linkset`` is true, and every ``ontology/*.ttl``, sorted."""
    built = project_paths.data_dir() / project_paths.BUILT_GRAPH_NAME
    if not built.is_file():
        raise InputError(f"{built}: no built graph; run 'lexgraph build' first")
    links = project_paths.data_dir() / project_paths.LINKSET_NAME
    extra = [links] if linkset and links.is_file() else []
    return [built, *extra, *sorted(project_paths.ontology_dir().glob("*.ttl"))]


__all__ = ["FORMATS", "default_paths", "load_graph", "parse_file", "rdf_format"]
