"""Remote SPARQL stores: query, push and pull over the standard protocols.

lexgraph speaks the SPARQL 1.1 Protocol (queries, through SPARQLWrapper), SPARQL 1.1
Update and the SPARQL 1.1 Graph Store HTTP Protocol (GSP), so any store that implements
them serves: Oxigraph, Virtuoso, Fuseki, GraphDB, QLever...

- Credentials come from the environment (:data:`ENV_USER`, :data:`ENV_PASSWORD`) or from
  ``~/.netrc`` (the file named by ``NETRC`` if set), never from the command line, and are
  never printed. HTTP Basic and Digest are both answered.
- Connection errors and 5xx answers are retried a bounded number of times with
  exponential backoff; a 4xx answer fails at once with the server's own text.
- :func:`push` replaces a named graph atomically: the triples go, in chunks, into a
  temporary graph; once the server holds them all, one ``MOVE`` request puts them over
  the target. A reader sees the old graph or the new one, never a mix and never an empty
  gap, on a store whose reads are consistent within a query (Oxigraph reads a snapshot).
  Virtuoso 7.2 runs the ``MOVE`` as one transaction too, but its readers get this only
  with ``DefaultIsolation = 4`` (REPEATABLE READ) in ``virtuoso.ini``: at its default,
  READ COMMITTED, a query whose scan is still running when the ``MOVE`` commits can count
  part of the commit. Then what the server holds is compared with what was sent
  (triple count and an order-independent digest of every triple); a difference fails loudly.
- :func:`pull` writes a named graph to a local file atomically.

Literals are compared after one normalisation (:func:`canonical_triple`): language tags in
lower case and typed literals of the XSD numeric, boolean and date types in their canonical
lexical form, because stores that keep values rather than lexical forms (Virtuoso) may give
``"01"^^xsd:integer`` back as ``"1"``; the XSD integer subtypes (``xsd:nonNegativeInteger``...)
count as ``xsd:integer``, because Oxigraph 0.5 stores them so (sent as
``"236"^^xsd:nonNegativeInteger``, it gives back ``"236"^^xsd:integer``).
"""

from __future__ import annotations

import hashlib
import html
import http.client
import json
import netrc
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rdflib import Graph
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import BNode, Literal, Node, URIRef
from SPARQLWrapper import POST, SPARQLWrapper

from lexgraph import export, query
from lexgraph.errors import LexgraphError, UsageError
from lexgraph.namespaces import PREFIXES

ENV_USER = "LEXGRAPH_SPARQL_USER"
"""Environment variable holding the user name for the endpoint."""
ENV_PASSWORD = "LEXGRAPH_SPARQL_PASSWORD"
"""Environment variable holding the password for the endpoint."""

DATA_GRAPH = "https://w3id.org/lexgraph/graph/data"
"""The named graph :func:`push` writes the built graph into, unless told otherwise."""
ONTOLOGY_GRAPH = "https://w3id.org/lexgraph/graph/ontology"
"""The named graph for the ontology and concept schemes (``push --with-ontology``)."""
LINKSET_GRAPH = "https://w3id.org/lexgraph/graph/linkset"
"""The named graph for the links into other datasets (``push --with-linkset``)."""

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_CHUNK = 20_000
UPDATE_CHUNK_LIMIT = 2_000
"""Most triples one ``INSERT DATA`` carries, whatever the chunk size: Virtuoso 7.2's SPARQL
compiler fails ("memory exhausted") on an ``INSERT DATA`` of about 5,000 triples."""
FULL_CHECK_LIMIT = 500_000
"""Graphs up to this many triples are verified triple by triple (a digest of them all).

Larger graphs are verified by their count and a sample of :data:`SAMPLE` triples: reading
a million triples back costs as much as sending them, and Virtuoso 7.2 cannot export a
graph larger than its ``MaxVectorSize`` (1,000,000 by default) through its graph store.
"""
SAMPLE = 1000
"""Triples looked up one by one after a push beyond :data:`FULL_CHECK_LIMIT`."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    _XSD + t
    for t in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "int",
        "long",
        "short",
        "byte",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_CANONICAL_TYPES = _INTEGER_TYPES | {
    _XSD + t for t in ("decimal", "double", "float", "boolean", "date")
}
_SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
_RESULT_TYPES = ("application/sparql-results+xml", "application/xml", "text/xml")
_GRAPH_TYPES = ("application/n-triples", "text/plain")


class RemoteError(LexgraphError):
    """A remote store could not do what was asked; the message says which and why."""


class EndpointUnreachable(RemoteError):
    """No connection to the endpoint (down, wrong host or port)."""


class EndpointTimeout(RemoteError):
    """The endpoint did not answer within the time limit."""


class EndpointRefused(RemoteError):
    """The endpoint answered 4xx: a bad request, wrong credentials, no permission."""


class EndpointFailed(RemoteError):
    """The endpoint answered 5xx, still after the retries."""


class NotSparql(RemoteError):
    """The URL answers, but not as a SPARQL endpoint (an HTML page, for instance)."""


class VerificationError(RemoteError):
    """After a push, the server holds something other than what was sent."""


# --- endpoints and HTTP --------------------------------------------------------------------


def _display(url: str) -> str:
    """A URL without its query string, for messages."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def credentials_for(url: str) -> tuple[str, str] | None:
    """User and password for ``url``: environment first, then the netrc file, else None."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user and password is not None:
        return user, password
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as e:
        raise UsageError(f"{path}: cannot read credentials: {getattr(e, 'msg', e)}") from None
    if entry is None or entry[2] is None:
        return None
    return entry[0] or "", entry[2]


def _derived(url: str, old: str, new: str) -> str:
    parts = urllib.parse.urlsplit(url)
    path = parts.path[: -len(old)] + new if parts.path.endswith(old) else parts.path
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass(frozen=True)
class Endpoint:
    """Where a store answers queries, updates and graph-store requests, and how to ask.

    Build it with :func:`endpoint`, which derives the update and graph-store URLs from
    the query URL for the common servers.
    """

    query_url: str
    update_url: str
    store_url: str | None
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = 0.5
    credentials: tuple[str, str] | None = field(default=None, repr=False)

    def opener(self) -> urllib.request.OpenerDirector:
        """A urllib opener that answers Basic and Digest challenges with the credentials."""
        handlers: list[urllib.request.BaseHandler] = []
        if self.credentials is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.query_url, self.update_url, self.store_url):
                if url:
                    manager.add_password(None, url, *self.credentials)
            handlers += [
                urllib.request.HTTPBasicAuthHandler(manager),
                urllib.request.HTTPDigestAuthHandler(manager),
            ]
        return urllib.request.build_opener(*handlers)


def endpoint(
    url: str,
    *,
    update_url: str | None = None,
    store_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = 0.5,
) -> Endpoint:
    """The :class:`Endpoint` of the SPARQL query URL ``url``.

    The update URL is the query URL with a final ``/query`` replaced by ``/update``
    (Oxigraph, Fuseki), otherwise the query URL itself (Virtuoso, GraphDB). The graph
    store is ``/store`` beside Oxigraph's ``/query`` and ``/sparql-graph-crud(-auth)``
    for Virtuoso's ``/sparql(-auth)``; give ``store_url`` for other servers.

    >>> e = endpoint("http://127.0.0.1:7878/query")
    >>> e.update_url, e.store_url
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> endpoint("http://h:8890/sparql-auth").store_url
    'http://h:8890/sparql-graph-crud-auth'
    >>> endpoint("http://u:p@h/sparql")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lexgraph.errors.UsageError: http://h/sparql: credentials do not go in the URL: set ...
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url}: not an http(s) URL of a SPARQL endpoint")
    if parts.username is not None or parts.password is not None:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        clean = urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
        raise UsageError(
            f"{clean}: credentials do not go in the URL: set {ENV_USER} and {ENV_PASSWORD}, "
            "or use ~/.netrc"
        )
    if timeout <= 0:
        raise UsageError(f"timeout must be positive, not {timeout}")
    path = parts.path.rstrip("/")
    if update_url is None:
        update_url = _derived(url, "/query", "/update") if path.endswith("/query") else url
    if store_url is None:
        if path.endswith("/query"):
            store_url = _derived(url, "/query", "/store")
        elif path.endswith("/sparql-auth"):
            store_url = _derived(url, "/sparql-auth", "/sparql-graph-crud-auth")
        elif path.endswith("/sparql"):
            store_url = _derived(url, "/sparql", "/sparql-graph-crud")
    return Endpoint(url, update_url, store_url, timeout, retries, backoff, credentials_for(url))


_TAG = re.compile(r"<[^>]*>")


def _server_text(body: bytes, content_type: str) -> str:
    """The server's own error text, on one line, without HTML markup, cut to 300 chars."""
    text = body.decode("utf-8", "replace")
    if "html" in content_type or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(_TAG.sub(" ", text))
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


def _reason(error: BaseException) -> str:
    inner = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror.lower()
    return str(inner) or type(inner).__name__


class _Client:
    """Requests to one endpoint with retries, a deadline and one-line errors."""

    def __init__(self, target: Endpoint) -> None:
        self.target = target
        self.opener = target.opener()

    def open(
        self, request: urllib.request.Request, *, idempotent: bool = True
    ) -> http.client.HTTPResponse:
        """Send ``request``; retry transient failures; raise a :class:`RemoteError`.

        A request that may not be repeated safely (``idempotent=False``) is retried only
        when the connection was refused, that is when the server never saw it.
        """
        url = _display(request.full_url)
        attempts = max(1, self.target.retries + 1)
        for attempt in range(1, attempts + 1):
            try:
                response = self.opener.open(request, timeout=self.target.timeout)
                assert isinstance(response, http.client.HTTPResponse)
                return response
            except urllib.error.HTTPError as e:
                body = _read_error(e)
                text = _server_text(body, e.headers.get("Content-Type", ""))
                if e.code < 500:
                    raise self._refused(url, e.code, e.reason, text) from None
                if attempt == attempts or not idempotent:
                    tries = f" after {attempt} attempts" if attempt > 1 else ""
                    raise EndpointFailed(
                        f"{url}: server error {e.code} {e.reason}{tries}: {text or 'no text'}"
                    ) from None
            except TimeoutError:
                raise EndpointTimeout(
                    f"{url}: no answer within {self.target.timeout:g} s (the time limit)"
                ) from None
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as e:
                reason = e.reason if isinstance(e, urllib.error.URLError) else e
                if isinstance(reason, TimeoutError):
                    raise EndpointTimeout(
                        f"{url}: no answer within {self.target.timeout:g} s (the time limit)"
                    ) from None
                refused = isinstance(reason, ConnectionRefusedError)
                if attempt == attempts or not (idempotent or refused):
                    tries = f" (after {attempt} attempts)" if attempt > 1 else ""
                    raise EndpointUnreachable(f"cannot reach {url}: {_reason(e)}{tries}") from None
            time.sleep(self.target.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def _refused(self, url: str, code: int, reason: str, text: str) -> EndpointRefused:
        if code in (401, 403):
            given = self.target.credentials is not None
            who = "the credentials were refused" if given else "no credentials were given"
            return EndpointRefused(
                f"{url}: {code} {reason}: {who} (set {ENV_USER} and {ENV_PASSWORD}, "
                f"or use ~/.netrc){': ' + text if text else ''}"
            )
        return EndpointRefused(f"{url}: {code} {reason}: {text or 'no text'}")


def _read_error(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(64 * 1024) or b""
    except Exception:  # an HTTPError made by urllib's auth handlers may have no body
        return b""


def _content_type(response: http.client.HTTPResponse) -> str:
    return (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()


def _expect(response: http.client.HTTPResponse, kinds: Sequence[str], what: str) -> None:
    kind = _content_type(response)
    if kind in kinds:
        return
    url = _display(response.geturl())
    body = _server_text(response.read(4096), kind)
    response.close()
    shown = f": {body[:120]}" if body else ""
    raise NotSparql(
        f"{url}: answered {kind or 'no content type'}, not {what}: is it a SPARQL endpoint?{shown}"
    )


# --- queries -------------------------------------------------------------------------------


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper that opens its requests through a :class:`_Client`."""

    def __init__(self, client: _Client, **kwargs: Any) -> None:
        super().__init__(client.target.query_url, **kwargs)
        self._client = client
        self.setOnlyConneg(True)  # the Accept header alone says what to send back

    def _query(self) -> tuple[http.client.HTTPResponse, str]:
        return self._client.open(self._createRequest()), self.returnFormat


_PREFIX_DECL = re.compile(r"(?im)^\s*PREFIX\s+([\w.-]*):")


def with_prefixes(sparql: str) -> str:
    """Declare the lexgraph prefixes the query uses without declaring them.

    Local queries may use them undeclared; a remote server needs the declarations.

    >>> print(with_prefixes("SELECT * { ?s eli:number ?n }"))
    PREFIX eli: <http://data.europa.eu/eli/ontology#>
    SELECT * { ?s eli:number ?n }
    >>> with_prefixes("PREFIX eli: <x#> SELECT * { ?s eli:n ?n }").startswith("PREFIX eli: <x#>")
    True
    """
    declared = set(_PREFIX_DECL.findall(sparql))
    used = [
        p
        for p in sorted(PREFIXES)
        if p not in declared and re.search(rf"(?<![\w:<?$-]){re.escape(p)}:", sparql)
    ]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + sparql


@dataclass
class RemoteResult:
    """A query's result as it streams from the server.

    ``kind`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``. For SELECT,
    ``variables`` are the column names and ``rows`` yields one list of terms per row as
    they arrive; for ASK, ``answer`` is the boolean; for the others, ``graph`` the graph.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: Iterator[list[Node | None]] = field(default_factory=lambda: iter(()))
    answer: bool | None = None
    graph: Graph | None = None


def _kind(sparql: str, source: str) -> str:
    name = str(query.prepare(sparql, source).algebra.name)
    return name.removesuffix("Query").upper()


def _term(element: ET.Element) -> Node:
    tag = element.tag.removeprefix(_SPARQL_RESULTS)
    text = element.text or ""
    if tag == "uri":
        return URIRef(text)
    if tag == "bnode":
        return BNode(text)
    if tag == "literal":
        lang = element.get("{http://www.w3.org/XML/1998/namespace}lang")
        datatype = element.get("datatype")
        if lang:
            return Literal(text, lang=lang)
        return Literal(text, datatype=URIRef(datatype) if datatype else None)
    raise NotSparql(f"unexpected term <{tag}> in the SPARQL results")


def _xml_results(
    response: http.client.HTTPResponse, deadline: float, limit: float
) -> tuple[list[str], Iterator[list[Node | None]] | bool]:
    """Parse SPARQL XML results incrementally: variables, then rows (or ASK's boolean)."""
    url = _display(response.geturl())
    events = ET.iterparse(response, events=("start", "end"))
    variables: list[str] = []
    holder: list[ET.Element] = []  # the <results> element, emptied after each result

    def check_time() -> None:
        if time.monotonic() > deadline:
            response.close()
            raise EndpointTimeout(f"{url}: no complete answer within {limit:g} s (the time limit)")

    def parse_error(e: ET.ParseError) -> NotSparql:
        return NotSparql(f"{url}: malformed SPARQL XML results: {e}")

    try:
        for event, element in events:
            tag = element.tag.removeprefix(_SPARQL_RESULTS)
            if event == "end" and tag == "variable":
                variables.append(element.get("name", ""))
            elif event == "end" and tag == "boolean":
                return variables, (element.text or "").strip() == "true"
            elif event == "start" and tag == "results":
                holder.append(element)
                break
    except ET.ParseError as e:
        raise parse_error(e) from None
    except TimeoutError:
        raise EndpointTimeout(f"{url}: no answer within {limit:g} s (the time limit)") from None

    def rows() -> Iterator[list[Node | None]]:
        index = {name: i for i, name in enumerate(variables)}
        try:
            for event, element in events:
                if event != "end" or element.tag != _SPARQL_RESULTS + "result":
                    continue
                row: list[Node | None] = [None] * len(variables)
                for binding in element:
                    name = binding.get("name", "")
                    if name in index and len(binding):
                        row[index[name]] = _term(binding[0])
                holder[0].clear()  # the memory of a result goes with it
                check_time()
                yield row
        except ET.ParseError as e:
            raise parse_error(e) from None
        except TimeoutError:
            raise EndpointTimeout(
                f"{url}: no complete answer within {limit:g} s (the time limit)"
            ) from None
        except (ConnectionError, http.client.HTTPException) as e:
            raise EndpointUnreachable(f"{url}: the connection broke: {_reason(e)}") from None
        finally:
            response.close()

    return variables, rows()


def run_query(
    target: Endpoint,
    sparql: str,
    source: str = "<query>",
    *,
    default_graphs: Sequence[str] = (),
) -> RemoteResult:
    """Send a query to ``target``; SELECT rows stream as the server sends them.

    The query is parsed locally first, so a syntax error is reported as for a local query
    before anything is sent. ``default_graphs`` become the protocol's ``default-graph-uri``
    (the default graph of the query is their merge).
    """
    kind = _kind(sparql, source)
    client = _Client(target)
    wrapper = _Wrapper(client)
    wrapper.setMethod(POST)
    wrapper.setQuery(with_prefixes(sparql))
    wrapper.queryType = kind  # its own guess takes "?addressee" for the update ADD
    for iri in default_graphs:
        wrapper.addDefaultGraph(iri)
    is_graph = kind in ("CONSTRUCT", "DESCRIBE")
    wrapper.addCustomHttpHeader(
        "Accept",
        "application/n-triples, text/plain;q=0.9" if is_graph else "application/sparql-results+xml",
    )
    deadline = time.monotonic() + target.timeout
    response: http.client.HTTPResponse = wrapper.query().response
    if is_graph:
        _expect(response, _GRAPH_TYPES, "N-Triples")
        graph = Graph()
        for triple in _ntriples(response, deadline, target.timeout):
            graph.add(triple)
        return RemoteResult(kind, graph=graph)
    _expect(response, _RESULT_TYPES, "SPARQL results")
    variables, rows = _xml_results(response, deadline, target.timeout)
    if isinstance(rows, bool):
        return RemoteResult(kind, answer=rows)
    return RemoteResult(kind, variables=variables, rows=rows)


def render(result: RemoteResult, fmt: str, batch: int = 1000) -> Iterator[str]:
    """Render a remote result as ``fmt`` exactly as a local result renders, in pieces.

    csv, tsv and json stream: at most ``batch`` rows are held at a time. A table needs
    its column widths, so it holds the rendered cells (once) before it is written.
    """
    if fmt not in query.FORMATS:
        raise UsageError(
            f"unknown result format '{fmt}' (expected one of {', '.join(query.FORMATS)})"
        )
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        graph_format = {"table": "turtle", "json": "jsonld"}.get(fmt, fmt)
        if graph_format not in export.FORMATS:
            raise UsageError(
                f"a {result.kind} query gives a graph: use --format table, json or one of "
                f"{', '.join(export.FORMATS)}, not {fmt}"
            )
        assert result.graph is not None
        yield export.serialize(result.graph, graph_format).decode("utf-8")
        return
    if fmt not in query.RESULT_FORMATS:
        raise UsageError(
            f"a {result.kind} query gives no graph: use --format {', '.join(query.RESULT_FORMATS)}"
        )
    if result.kind == "ASK":
        if fmt == "table":
            yield "true\n" if result.answer else "false\n"
        elif fmt == "json":
            yield json.dumps({"head": {}, "boolean": bool(result.answer)}, indent=2) + "\n"
        else:
            raise UsageError(f"an ASK query has no {fmt} form: use --format table or json")
        return
    yield from _render_select(result.variables, result.rows, fmt, batch)


def _batches(rows: Iterable[list[Node | None]], size: int) -> Iterator[list[list[Node | None]]]:
    batch: list[list[Node | None]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _render_select(
    names: list[str], rows: Iterator[list[Node | None]], fmt: str, batch: int
) -> Iterator[str]:
    # The cell renderers are those of local queries, so the output is the same bytes.
    if fmt == "table":
        cells = [[query._table_cell(t) for t in row] for row in rows]
        yield query.format_table(names, cells)
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        yield buffer.getvalue()
        for group in _batches(rows, batch):
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerows([query._csv_cell(t) for t in row] for row in group)
            yield buffer.getvalue()
    elif fmt == "tsv":
        yield "\t".join(f"?{n}" for n in names) + "\n"
        for group in _batches(rows, batch):
            yield "".join("\t".join(query._tsv_cell(t) for t in row) + "\n" for row in group)
    else:
        marker = "@@rows@@"
        skeleton = json.dumps(
            {"head": {"vars": names}, "results": {"bindings": [marker]}},
            indent=2,
            ensure_ascii=False,
        )
        before, after = skeleton.split(json.dumps(marker))
        indent = before[before.rfind("\n") + 1 :]
        head = before[: before.rfind("\n")]  # up to "bindings": [
        first = True
        for group in _batches(rows, batch):
            pieces = []
            for row in group:
                binding = {
                    n: query._json_term(t) for n, t in zip(names, row, strict=True) if t is not None
                }
                text = json.dumps(binding, indent=2, ensure_ascii=False)
                pieces.append(indent + text.replace("\n", "\n" + indent))
            yield (head + "\n" if first else ",\n") + ",\n".join(pieces)
            first = False
        if first:  # no rows: the local renderer writes an empty list
            yield (
                json.dumps(
                    {"head": {"vars": names}, "results": {"bindings": []}},
                    indent=2,
                    ensure_ascii=False,
                )
                + "\n"
            )
        else:
            yield after + "\n"


# --- graphs: canonical triples, digests, N-Triples ----------------------------------------


Triple = tuple[Node, Node, Node]


def canonical_term(term: Node) -> str:
    """A term in N-Triples after lexgraph's normalisation (see the module's docstring).

    >>> from rdflib.namespace import XSD
    >>> canonical_term(Literal("01", datatype=XSD.integer))
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> canonical_term(Literal("7", datatype=XSD.nonNegativeInteger))
    '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> canonical_term(Literal("Lima", lang="EN"))
    '"Lima"@en'
    """
    if isinstance(term, Literal):
        if term.language:
            return f"{_nt_string(str(term))}@{term.language.lower()}"
        datatype = None if term.datatype is None else str(term.datatype)
        lexical = str(term)
        if datatype in _CANONICAL_TYPES:
            value = term.toPython()
            if not isinstance(value, Literal):
                if datatype in _INTEGER_TYPES:
                    datatype = _XSD + "integer"
                lexical = str(Literal(value, datatype=URIRef(datatype)))
        if datatype is None or datatype == _XSD + "string":
            return _nt_string(lexical)
        return f"{_nt_string(lexical)}^^<{datatype}>"
    if isinstance(term, URIRef | BNode):
        return term.n3()
    raise TypeError(f"not an RDF term: {term!r}")


def _nt_string(text: str) -> str:
    r"""A string in N-Triples quotes, escaped.

    >>> print(_nt_string('a "b"\n\\'))
    "a \"b\"\n\\"
    """
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def canonical_triple(triple: Triple) -> str:
    """One N-Triples line (with its newline) after normalisation."""
    return " ".join(canonical_term(t) for t in triple) + " .\n"


@dataclass
class Digest:
    """An order-independent digest of a set of triples: their number and a hash sum."""

    count: int = 0
    total: int = 0

    def add(self, triple: Triple) -> None:
        self.add_line(canonical_triple(triple))

    def add_line(self, line: str) -> None:
        """Count one canonical N-Triples line (see :func:`canonical_triple`)."""
        hashed = int.from_bytes(hashlib.sha256(line.encode("utf-8")).digest(), "big")
        self.count += 1
        self.total = (self.total + hashed) % (1 << 256)

    @property
    def hexdigest(self) -> str:
        return f"{self.total:064x}"


def digest(triples: Iterable[Triple]) -> Digest:
    """The :class:`Digest` of ``triples`` (each counted once: give a set or a graph)."""
    result = Digest()
    for triple in triples:
        result.add(triple)
    return result


class _Sink:
    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def triple(self, s: Node, p: Node, o: Node) -> None:
        self.triples.append((s, p, o))


def _ntriples(
    response: IO[bytes], deadline: float, limit: float, batch: int = 2000
) -> Iterator[Triple]:
    """Parse N-Triples as they arrive, ``batch`` lines at a time."""
    url = _display(getattr(response, "geturl", lambda: "")() or "")
    sink = _Sink()
    parser = W3CNTriplesParser(sink)  # type: ignore[arg-type]
    lines: list[str] = []
    first = 1

    def parse() -> None:
        try:
            parser.parsestring("".join(lines))
        except Exception as e:  # rdflib raises ParseError, a bare Exception subclass
            where = f"lines {first}-{first + len(lines) - 1}"
            raise NotSparql(f"{url}: {where}: not N-Triples: {_one_line(str(e))}") from None

    try:
        for number, raw in enumerate(response, start=1):
            lines.append(raw.decode("utf-8"))
            if len(lines) < batch:
                continue
            parse()
            yield from sink.triples
            sink.triples.clear()
            lines.clear()
            first = number + 1
            if time.monotonic() > deadline:
                raise EndpointTimeout(f"{url}: no complete answer within {limit:g} s")
        parse()
        yield from sink.triples
    except TimeoutError:
        raise EndpointTimeout(f"{url}: no complete answer within {limit:g} s") from None
    except (ConnectionError, http.client.HTTPException) as e:
        raise EndpointUnreachable(f"{url}: the connection broke: {_reason(e)}") from None
    finally:
        response.close()


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- the store: updates, graph store, counts ---------------------------------------------


class Store:
    """A remote store's graphs, through SPARQL Update and, where offered, the GSP."""

    def __init__(self, target: Endpoint) -> None:
        self.target = target
        self.client = _Client(target)

    def _results(self, sparql: str, query_type: str) -> bool | list[list[Node | None]]:
        """The answer of an ASK or SELECT query, read as SPARQL XML results."""
        wrapper = _Wrapper(self.client)
        wrapper.setMethod(POST)
        wrapper.setQuery(sparql)
        wrapper.queryType = query_type
        wrapper.addCustomHttpHeader("Accept", "application/sparql-results+xml")
        response = wrapper.query().response
        _expect(response, _RESULT_TYPES, "SPARQL results")
        limit = self.target.timeout
        _, answer = _xml_results(response, time.monotonic() + limit, limit)
        return answer if isinstance(answer, bool) else list(answer)

    def ask(self, sparql: str) -> bool:
        """The answer of an ASK query."""
        answer = self._results(sparql, "ASK")
        if not isinstance(answer, bool):
            raise NotSparql(f"{_display(self.target.query_url)}: no boolean for an ASK query")
        return answer

    def select(self, sparql: str) -> list[list[Node | None]]:
        rows = self._results(sparql, "SELECT")
        return [] if isinstance(rows, bool) else rows

    def update(self, sparql: str, *, idempotent: bool = True) -> None:
        request = urllib.request.Request(
            self.target.update_url,
            data=urllib.parse.urlencode({"update": sparql}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
            method="POST",
        )
        self.client.open(request, idempotent=idempotent).close()

    def _store_request(self, graph: str, method: str, data: bytes | None = None) -> Any:
        assert self.target.store_url is not None
        url = self.target.store_url + "?" + urllib.parse.urlencode({"graph": graph})
        headers = {"Content-Type": "application/n-triples; charset=utf-8"} if data else {}
        if method == "GET":
            headers["Accept"] = "application/n-triples, text/plain;q=0.9"
        return urllib.request.Request(url, data=data, headers=headers, method=method)

    def offers_gsp(self) -> bool:
        """Whether the graph-store URL answers the GSP (200 or 404 for a graph, not HTML)."""
        if self.target.store_url is None:
            return False
        request = self._store_request("urn:lexgraph:probe", "GET")
        try:
            response = self.client.open(request)
        except EndpointRefused as e:
            return " 404 " in str(e)
        except (EndpointFailed, NotSparql):
            return False
        kind = _content_type(response)
        response.close()
        return "html" not in kind

    def post_triples(self, graph: str, lines: Sequence[str], protocol: str) -> None:
        """Add N-Triples ``lines`` to ``graph`` (GSP POST, or ``INSERT DATA``)."""
        payload = "".join(lines)
        if protocol == "gsp":
            request = self._store_request(graph, "POST", payload.encode("utf-8"))
            self.client.open(request).close()
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{payload}}} }}")

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        value = rows[0][0] if rows and rows[0] else None
        return int(str(value)) if value is not None else 0

    def _graph_response(self, graph: str, protocol: str) -> http.client.HTTPResponse | None:
        """The server's answer with the graph in N-Triples; None for an absent graph."""
        if protocol == "gsp":
            try:
                response = self.client.open(self._store_request(graph, "GET"))
            except EndpointRefused as e:
                if " 404 " in str(e):
                    return None
                raise
        else:
            wrapper = _Wrapper(self.client)
            wrapper.setMethod(POST)
            wrapper.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            wrapper.queryType = "CONSTRUCT"
            wrapper.addCustomHttpHeader("Accept", "application/n-triples, text/plain;q=0.9")
            response = wrapper.query().response
        _expect(response, _GRAPH_TYPES, "N-Triples")
        return response

    def triples(self, graph: str, protocol: str) -> Iterator[Triple]:
        """The graph's triples as the server sends them (GSP GET, or CONSTRUCT)."""
        deadline = time.monotonic() + self.target.timeout
        response = self._graph_response(graph, protocol)
        if response is None:
            return iter(())
        return _ntriples(response, deadline, self.target.timeout)

    def canonical_lines(self, graph: str, protocol: str) -> Iterator[str]:
        """The graph as canonical N-Triples lines (:func:`canonical_triple`), in any order.

        Lines of three plain IRIs are already canonical and skip the parser, which makes
        reading a large graph back about twice as fast.
        """
        deadline = time.monotonic() + self.target.timeout
        response = self._graph_response(graph, protocol)
        if response is None:
            return
        url, limit = _display(response.geturl()), self.target.timeout
        sink = _Sink()
        parser = W3CNTriplesParser(sink)  # type: ignore[arg-type]
        batch: list[str] = []
        plain = _PLAIN_IRI_TRIPLE.fullmatch

        def parsed() -> Iterator[str]:
            try:
                parser.parsestring("".join(batch))
            except Exception as e:  # rdflib raises ParseError, a bare Exception subclass
                raise NotSparql(f"{url}: not N-Triples: {_one_line(str(e))}") from None
            yield from (canonical_triple(t) for t in sink.triples)
            sink.triples.clear()
            batch.clear()
            if time.monotonic() > deadline:
                raise EndpointTimeout(f"{url}: no complete answer within {limit:g} s")

        try:
            for raw in response:
                if plain(raw):
                    yield " ".join(raw.decode("utf-8").strip()[:-1].split()) + " .\n"
                    continue
                batch.append(raw.decode("utf-8"))
                if len(batch) >= 2000:
                    yield from parsed()
            yield from parsed()
        except TimeoutError:
            raise EndpointTimeout(f"{url}: no complete answer within {limit:g} s") from None
        except (ConnectionError, http.client.HTTPException) as e:
            raise EndpointUnreachable(f"{url}: the connection broke: {_reason(e)}") from None
        finally:
            response.close()


# A line of three IRIs without escapes: already canonical, once spaces are normalised.
_PLAIN_IRI_TRIPLE = re.compile(
    rb"<[^<>\\\s]*>[ \t]+<[^<>\\\s]*>[ \t]+<[^<>\\\s]*>[ \t]*\.[ \t]*\r?\n?"
)


def temporary_graph(target_graph: str) -> str:
    """The graph a push loads into before it moves over ``target_graph``.

    It depends only on the target, so that a push that died half-way is cleaned up by
    the next one.

    >>> temporary_graph("https://w3id.org/lexgraph/graph/data")
    'urn:lexgraph:push:698c820837550d2d'
    """
    return "urn:lexgraph:push:" + hashlib.sha256(target_graph.encode()).hexdigest()[:16]


@dataclass
class PushReport:
    """What :func:`push` did to one graph."""

    graph: str
    triples: int
    protocol: str
    chunks: int
    unchanged: bool
    seconds: float
    warning: str | None = None  # what readers may have seen, where the store says so


READERS_ISOLATION = 4
"""Virtuoso's REPEATABLE READ: the default isolation at which its readers see the old graph
or the new one while a push's ``MOVE`` commits (README, "Scaling out")."""


def reader_isolation(store: Store) -> int | None:
    """Virtuoso's default transaction isolation, which its SPARQL readers run at (1 read
    uncommitted, 2 read committed, 4 repeatable read, 8 serializable); None from any
    other store, which refuses the ``bif:`` function."""
    try:
        rows = store.select('SELECT (bif:sys_stat("default_txn_isolation") AS ?i) WHERE {}')
    except RemoteError:
        return None
    value = rows[0][0] if rows and rows[0] else None
    return int(value) if isinstance(value, Literal) and str(value).isdigit() else None


def _choose_protocol(store: Store, protocol: str) -> str:
    if protocol not in ("auto", "gsp", "update"):
        raise UsageError(f"unknown protocol '{protocol}' (expected auto, gsp or update)")
    if protocol == "gsp":
        if store.target.store_url is None:
            raise UsageError(
                f"{store.target.query_url}: no graph-store URL known for this endpoint: "
                "give --store-url, or use --protocol update"
            )
        return "gsp"
    if protocol == "auto":
        return "gsp" if store.offers_gsp() else "update"
    return "update"


def _check_no_blank_nodes(graph: Graph) -> None:
    for triple in graph:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            raise UsageError(
                "the graph has blank nodes, which a store renames on every load: "
                "a push could not be verified nor repeated without change; give them IRIs"
            )


def _sample_held(store: Store, graph: str, lines: Sequence[str]) -> bool:
    """Whether the server's ``graph`` holds a sample of ``lines`` (canonical N-Triples).

    Only triples whose object is an IRI or a string are sampled: stores differ in how they
    match typed values (see :func:`canonical_term`), not in how they match these.
    """
    sink = _Sink()
    parser = W3CNTriplesParser(sink)  # type: ignore[arg-type]
    step = max(1, len(lines) // SAMPLE)
    for line in lines[::step]:
        parser.parsestring(line)
    sample = [
        t
        for t in sink.triples
        if isinstance(t[2], URIRef) or (isinstance(t[2], Literal) and t[2].datatype is None)
    ]
    # Ground triple patterns, not VALUES: Virtuoso 7.2 undercounts a VALUES block whose
    # rows mix IRIs and literals.
    for start in range(0, len(sample), 50):
        patterns = " ".join(canonical_triple(t) for t in sample[start : start + 50])
        if not store.ask(f"ASK {{ GRAPH <{graph}> {{ {patterns} }} }}"):
            return False
    return True


def _server_digest(store: Store, graph: str, protocol: str) -> Digest:
    result = Digest()
    for line in store.canonical_lines(graph, protocol):
        result.add_line(line)
    return result


def push(
    target: Endpoint,
    graph: Graph,
    graph_iri: str = DATA_GRAPH,
    *,
    protocol: str = "auto",
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Replace the named graph ``graph_iri`` of the store by ``graph``, atomically.

    1. If the server already holds exactly ``graph`` there, nothing is sent.
    2. The triples go in chunks of ``chunk_size`` into :func:`temporary_graph`, which is
       cleared first (the leftovers of a push that died half-way go with it).
    3. The temporary graph is checked (count and digest); then one ``MOVE`` puts it over
       the target: the server replaces the target in one transaction (what a concurrent
       reader sees of it depends on the store's isolation: see the module's docstring).
    4. The target is checked again; any difference raises :class:`VerificationError`.

    Checks compare the number of triples and a :class:`Digest` of them all, which the
    server's copy is read back for; beyond :data:`FULL_CHECK_LIMIT` triples, the number
    alone. ``progress`` receives a line after each chunk.
    """
    started = time.monotonic()
    if chunk_size < 1:
        raise UsageError(f"chunk size must be at least 1, not {chunk_size}")
    if len(graph) == 0:
        raise UsageError("nothing to push: the graph is empty")
    _check_no_blank_nodes(graph)
    note = progress or (lambda message: None)
    store = Store(target)
    store.count(graph_iri)  # the query endpoint answers before anything else is tried
    chosen = _choose_protocol(store, protocol)
    lines = sorted(canonical_triple(t) for t in graph)
    lines = [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]
    local = Digest()
    for line in lines:
        local.add_line(line)

    large = local.count > FULL_CHECK_LIMIT

    def held(name: str) -> Digest:
        if store.count(name) != local.count:
            return Digest(count=-1)
        if large:  # the count, and a sample of triples each looked up
            return local if _sample_held(store, name, lines) else Digest(count=-1)
        return _server_digest(store, name, chosen)

    # Beyond the limit a sample cannot prove the graphs equal: the push goes ahead.
    current = Digest(count=-1) if large else held(graph_iri)
    if current.count == local.count and current.total == local.total:
        note(f"{graph_iri}: the server already holds these {local.count} triples")
        return PushReport(graph_iri, local.count, chosen, 0, True, time.monotonic() - started)

    temporary = temporary_graph(graph_iri)
    if chosen == "update":
        chunk_size = min(chunk_size, UPDATE_CHUNK_LIMIT)
    store.update(f"DROP SILENT GRAPH <{temporary}>")
    chunks = 0
    for start in range(0, len(lines), chunk_size):
        store.post_triples(temporary, lines[start : start + chunk_size], chosen)
        chunks += 1
        note(f"{graph_iri}: {min(start + chunk_size, len(lines))}/{len(lines)} triples sent")
    loaded = held(temporary)
    if loaded.count != local.count or loaded.total != local.total:
        raise VerificationError(
            f"{_display(target.query_url)}: the temporary graph <{temporary}> differs from "
            f"what was sent ({store.count(temporary)} triples held, {local.count} sent); "
            f"the target <{graph_iri}> was not touched"
        )
    isolation = reader_isolation(store)
    warning = None
    if isolation is not None and isolation < READERS_ISOLATION:
        warning = (
            f"{_display(target.query_url)}: Virtuoso runs its readers at isolation {isolation}, "
            f"below REPEATABLE READ: a query running while <{graph_iri}> was replaced may have "
            f"seen part of it; set DefaultIsolation = {READERS_ISOLATION} in virtuoso.ini "
            "(README, 'Scaling out')"
        )
    # Not retried after the request may have reached the server: MOVE is not idempotent.
    store.update(f"MOVE GRAPH <{temporary}> TO GRAPH <{graph_iri}>", idempotent=False)
    after = held(graph_iri)
    if after.count != local.count or after.total != local.total:
        raise VerificationError(
            f"{_display(target.query_url)}: after the push, <{graph_iri}> differs from what "
            f"was sent ({store.count(graph_iri)} triples held, {local.count} sent)"
        )
    seconds = time.monotonic() - started
    return PushReport(graph_iri, local.count, chosen, chunks, False, seconds, warning)


def pull(target: Endpoint, graph_iri: str, output: Path, *, protocol: str = "auto") -> int:
    """Write the named graph ``graph_iri`` to ``output`` atomically; return its size.

    The format follows from the extension (:data:`lexgraph.store.FORMATS`). N-Triples
    stream to the file; other formats are built in memory. The file is renamed into place
    only when the server has sent every triple it counts.
    """
    from lexgraph.store import rdf_format
    from lexgraph.textio import atomic_write

    fmt = rdf_format(output)
    if fmt == "nquads":
        raise UsageError(f"{output}: pull writes one graph: use .nt, .ttl, .jsonld, .rdf or .trig")
    store = Store(target)
    expected = store.count(graph_iri)
    chosen = _choose_protocol(store, protocol)
    if expected == 0:
        where = _display(target.query_url)
        raise RemoteError(f"{where}: the graph <{graph_iri}> is empty or absent")
    if fmt == "nt":
        count = _stream_to_file(output, store.canonical_lines(graph_iri, chosen), expected)
    else:
        graph = Graph()
        for triple in store.triples(graph_iri, chosen):
            graph.add(triple)
        count = len(graph)
        if count != expected:
            raise VerificationError(f"<{graph_iri}>: received {count} triples, not {expected}")
        atomic_write(output, export.serialize(graph, fmt))
    return count


def _stream_to_file(path: Path, lines: Iterable[str], expected: int) -> int:
    directory = path.parent
    if not directory.is_dir():
        raise FileNotFoundError(2, f"no such directory: {directory}", str(path))
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(name)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            for line in lines:
                f.write(line)
                count += 1
            f.flush()
            os.fsync(f.fileno())
        if count != expected:
            raise VerificationError(f"{path}: received {count} triples, not {expected}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def replace_graphs(target: Endpoint, updates: dict[str, Graph], **options: Any) -> list[PushReport]:
    """:func:`push` several named graphs, one after another."""
    return [push(target, graph, iri, **options) for iri, graph in updates.items()]


__all__ = [
    "DATA_GRAPH",
    "ENV_PASSWORD",
    "ENV_USER",
    "LINKSET_GRAPH",
    "ONTOLOGY_GRAPH",
    "Digest",
    "Endpoint",
    "EndpointFailed",
    "EndpointRefused",
    "EndpointTimeout",
    "EndpointUnreachable",
    "NotSparql",
    "PushReport",
    "RemoteError",
    "RemoteResult",
    "Store",
    "VerificationError",
    "canonical_term",
    "canonical_triple",
    "credentials_for",
    "digest",
    "endpoint",
    "READERS_ISOLATION",
    "pull",
    "push",
    "reader_isolation",
    "render",
    "replace_graphs",
    "run_query",
    "temporary_graph",
    "with_prefixes",
]
