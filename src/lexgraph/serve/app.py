"""The ASGI application behind ``lexgraph serve`` (Starlette).

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form, POST direct); read-only; without
  a query, the service description.
- ``/id/{path}``: every IRI lexgraph mints, ``https://w3id.org/lexgraph/id/{path}``. The
  IRIs name things (meetings, concepts, paragraphs), not web pages, so, as in
  legislation.gov.uk's ``/id/`` IRIs, they answer ``303 See Other`` to a document that
  describes the thing, chosen by ``Accept`` or ``?format=``: ``/page/{path}`` (HTML; for a
  document, its reading view) or ``/data/{path}.ttl|.jsonld|.nt``.
- ``/query``: a query page with every query in ``queries/``.
- ``/static/...``: the stylesheet and script, shipped in the package (no CDN).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from lexgraph import __version__, export, paths
from lexgraph.errors import LexgraphError
from lexgraph.namespaces import ID
from lexgraph.query import shorten
from lexgraph.serve import engine
from lexgraph.serve.site import (
    FACETS,
    KINDS,
    Document,
    Site,
    TimelineItem,
    href,
    local_path,
    mention_anchor,
)
from lexgraph.textio import read_text

log = logging.getLogger("lexgraph.serve")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DATA_FORMATS: dict[str, str] = {"ttl": "turtle", "jsonld": "jsonld", "nt": "nt"}
"""Extensions of ``/data/`` documents and the graph format of each."""

_FORMAT_PARAMETER = {
    "html": "html",
    "ttl": "ttl",
    "turtle": "ttl",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nt": "nt",
    "ntriples": "nt",
}


@dataclass(frozen=True)
class Settings:
    """What ``lexgraph serve`` was asked for."""

    data: tuple[Path, ...]
    timeout: float = engine.DEFAULT_TIMEOUT
    max_results: int = engine.DEFAULT_MAX_RESULTS
    workers: int = 2
    store: Path | None = None  # a corpus store, served instead of data


@dataclass(frozen=True)
class StoredQuery:
    name: str
    summary: str
    text: str


def stored_queries() -> list[StoredQuery]:
    """Every ``queries/*.rq`` (top level) with its ``#+ summary:``."""
    found = []
    for path in sorted(paths.queries_dir().glob("*.rq")):
        text = read_text(path)
        summary = path.stem
        for line in text.splitlines():
            if line.startswith("#+ summary:"):
                summary = line.removeprefix("#+ summary:").strip()
                break
        found.append(StoredQuery(path.stem, summary, text))
    return found


# --- templates ----------------------------------------------------------------------------


def _term_html(term: Node | str | None, site: Site | None = None) -> Markup:
    """A term as escaped HTML: a link with a label for IRIs, text with its tag for literals."""
    if term is None:
        return Markup("")
    if isinstance(term, Literal):
        text = Markup.escape(str(term))
        if term.language:
            return Markup('<span lang="{0}">{1}</span> <small class="tag">@{0}</small>').format(
                term.language, text
            )
        if term.datatype is not None and not str(term.datatype).endswith("#string"):
            return Markup('{0} <small class="tag">{1}</small>').format(
                text, shorten(str(term.datatype))
            )
        return text
    if isinstance(term, BNode):
        return Markup("<code>_:{0}</code>").format(str(term))
    iri = str(term)
    target = href(iri)
    shown = site.label(iri) if site is not None and local_path(iri) is not None else shorten(iri)
    if target is None:
        return Markup("<code>{0}</code>").format(iri)
    rel = "" if local_path(iri) is not None else ' rel="noopener external"'
    return Markup('<a href="{0}" title="{1}"{2}>{3}</a>').format(target, iri, Markup(rel), shown)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("lexgraph.serve", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        href=href,
        local_path=local_path,
        shorten=shorten,
        KINDS=KINDS,
        FACETS=FACETS,
        version=__version__,
        bcp47=bcp47,
        page_path=page_path,
        data_path=data_path,
        mention_anchor=mention_anchor,
        predicate_node=URIRef,
        iri_node=URIRef,
    )
    return env


_BCP47 = {"fra": "fr", "spa": "es", "eng": "en", "por": "pt"}


def bcp47(code: str) -> str:
    """The HTML ``lang`` of a three-letter code (``fra`` -> ``fr``)."""
    return _BCP47.get(code, code)


def page_path(iri: str) -> str:
    """The HTML page of a lexgraph IRI (``/page/...``)."""
    local = local_path(iri)
    return "/page/" + quote(local.removeprefix("/id/")) if local else iri


def data_path(iri: str, extension: str) -> str:
    """The data document of a lexgraph IRI (``/data/....ttl``)."""
    local = local_path(iri)
    return f"/data/{quote(local.removeprefix('/id/'))}.{extension}" if local else iri


# --- the application ------------------------------------------------------------------------


class Server:
    """The routes, holding the site (pages) and the query pool (SPARQL)."""

    def __init__(self, graph: Graph, pool: engine.QueryPool, settings: Settings) -> None:
        self.site = Site(graph)
        self.pool = pool
        self.settings = settings
        self.env = _environment()
        self.env.globals["term"] = lambda t: _term_html(t, self.site)
        self.queries = stored_queries()

    def page(self, name: str, status: int = 200, **context: Any) -> Response:
        body = self.env.get_template(name).render(**context)
        return Response(body, status, media_type="text/html; charset=utf-8")

    # home ------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        documents = await run_in_threadpool(self.site.documents)
        meetings = await run_in_threadpool(self.site.meetings)
        return self.page(
            "home.html",
            documents=documents,
            meetings=meetings,
            queries=self.queries,
            settings=self.settings,
        )

    # SPARQL ------------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        params = dict(request.query_params)
        sparql: str | None = params.get("query")
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8", errors="replace")
            if content_type == "application/x-www-form-urlencoded":
                form = dict(parse_qsl(body, keep_blank_values=True))
                params.update(form)
                sparql = form.get("query", sparql)
                if "update" in form:
                    return self.refusal(engine.UpdateRefused(_READ_ONLY))
            elif content_type == "application/sparql-query":
                sparql = body
            elif content_type == "application/sparql-update":
                return self.refusal(engine.UpdateRefused(_READ_ONLY))
            else:
                return _text(
                    415,
                    "POST a query as application/x-www-form-urlencoded (query=...) "
                    "or as application/sparql-query",
                )
        elif "update" in params:
            return self.refusal(engine.UpdateRefused(_READ_ONLY))
        if sparql is None:
            return self.service_description(request)
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return _text(
                400,
                "this endpoint has one default graph: default-graph-uri and "
                "named-graph-uri are not supported",
            )
        try:
            kind = engine.query_kind(sparql)
            graph = kind in ("CONSTRUCT", "DESCRIBE")
            types = engine.GRAPH_TYPES if graph else engine.RESULT_TYPES
            fmt = _requested_format(params, request.headers.get("accept"), types)
            answer = await run_in_threadpool(self.pool.run, sparql, fmt)
        except engine.QueryRefused as e:
            return self.refusal(e)
        except LexgraphError as e:
            return _text(400, str(e))
        headers = {"Vary": "Accept"}
        if "download" in params:
            headers["Content-Disposition"] = (
                f'attachment; filename="results.{"json" if fmt == "json" else fmt}"'
            )
        media = answer.media_type
        if media.startswith("text/") or media.endswith("json"):
            media += "; charset=utf-8"
        return Response(answer.body, 200, headers=headers, media_type=media)

    def refusal(self, error: engine.QueryRefused) -> Response:
        return _text(error.status, str(error))

    def service_description(self, request: Request) -> Response:
        endpoint = str(request.url.replace(query=""))
        g = Graph()
        g.bind("sd", _SD)
        g.bind("void", "http://rdfs.org/ns/void#")
        service = URIRef(endpoint + "#service")
        sd = _SD
        g.add((service, URIRef(_RDF_TYPE), URIRef(sd + "Service")))
        g.add((service, URIRef(sd + "endpoint"), URIRef(endpoint)))
        g.add((service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")))
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV"):
            g.add((service, URIRef(sd + "resultFormat"), URIRef(_FORMATS + name)))
        for name in ("SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples"):
            g.add((service, URIRef(sd + "resultFormat"), URIRef(_FORMATS + name)))
        dataset = URIRef(endpoint + "#dataset")
        default = URIRef(endpoint + "#default-graph")
        g.add((service, URIRef(sd + "defaultDataset"), dataset))
        g.add((dataset, URIRef(_RDF_TYPE), URIRef(sd + "Dataset")))
        g.add((dataset, URIRef(sd + "defaultGraph"), default))
        g.add((default, URIRef(_RDF_TYPE), URIRef(sd + "Graph")))
        triples = Literal(len(self.site.graph))
        g.add((default, URIRef("http://rdfs.org/ns/void#triples"), triples))
        fmt = engine.negotiate(
            request.headers.get("accept"), ["turtle", "jsonld", "nt"], engine.GRAPH_TYPES
        )
        if _prefers_html(request):
            return self.page(
                "service.html",
                turtle=g.serialize(format="turtle"),
                settings=self.settings,
            )
        fmt = fmt or "turtle"
        data = g.serialize(format="json-ld") if fmt == "jsonld" else g.serialize(format=fmt)
        return Response(data, 200, media_type=engine.GRAPH_TYPES[fmt], headers={"Vary": "Accept"})

    # linked data -------------------------------------------------------------------------

    def _iri(self, path: str) -> str:
        return str(ID) + path

    async def identifier(self, request: Request) -> Response:
        path = request.path_params["path"]
        iri = self._iri(path)
        if not await run_in_threadpool(self.site.knows, iri):
            return await self.not_found(request, iri)
        wanted = request.query_params.get("format")
        if wanted is not None:
            choice = _FORMAT_PARAMETER.get(wanted.lower())
            if choice is None:
                return _text(400, f"unknown format '{wanted}' (use html, ttl, jsonld or nt)")
        else:
            choice = _negotiate_document(request.headers.get("accept"))
            if choice is None:
                return _text(
                    406,
                    "this resource is available as text/html, text/turtle, "
                    "application/ld+json and application/n-triples",
                )
        quoted = quote(path)
        target = f"/page/{quoted}" if choice == "html" else f"/data/{quoted}.{choice}"
        return RedirectResponse(target, 303, headers={"Vary": "Accept"})

    async def page_of(self, request: Request) -> Response:
        path = request.path_params["path"]
        iri = self._iri(path)
        if not await run_in_threadpool(self.site.knows, iri):
            return await self.not_found(request, iri)
        if await run_in_threadpool(self.site.is_document, iri):
            return await self.reading_view(request, iri)
        described = await run_in_threadpool(self.site.describe, iri)
        return self.page("resource.html", r=described, path=quote(path), kinds=KINDS)

    async def data_of(self, request: Request) -> Response:
        path = request.path_params["path"]
        stem, _, extension = path.rpartition(".")
        if extension not in DATA_FORMATS or not stem:
            return await self.not_found(request, self._iri(path))
        iri = self._iri(stem)
        if not await run_in_threadpool(self.site.knows, iri):
            return await self.not_found(request, iri)
        fmt = DATA_FORMATS[extension]
        graph = await run_in_threadpool(self.site.resource_graph, iri)
        body = await run_in_threadpool(export.serialize, graph, fmt)
        media = engine.GRAPH_TYPES[fmt]
        link = f'<{iri}>; rel="describes"'
        return Response(body, 200, media_type=media, headers={"Link": link})

    async def not_found(self, request: Request, iri: str | None = None) -> Response:
        neighbours = await run_in_threadpool(self.site.neighbours, iri) if iri else []
        message = f"no resource {iri} in this graph" if iri else "no such page"
        if not _prefers_html(request):
            lines = [message, *(f"  did you mean {n}" for n in neighbours)]
            return _text(404, "\n".join(lines))
        return self.page("notfound.html", 404, iri=iri, neighbours=neighbours)

    # reading view ------------------------------------------------------------------------

    async def reading_view(self, request: Request, work: str) -> Response:
        document: Document = await run_in_threadpool(self.site.document, work)
        shown = [
            lang for lang in request.query_params.getlist("lang") if lang in document.languages
        ]
        shown = shown or document.languages
        selected: dict[str, set[str]] = {
            key: set(request.query_params.getlist(key)) for key, _ in FACETS
        }
        visible = {
            p.iri
            for p in document.paragraphs
            if all(values <= p.facets.get(key, set()) for key, values in selected.items())
        }
        return self.page(
            "document.html",
            d=document,
            shown=shown,
            selected=selected,
            visible=visible,
            timeline=_timeline_svg(document),
        )

    # query page --------------------------------------------------------------------------

    async def query_page(self, request: Request) -> Response:
        params = request.query_params
        example = params.get("example")
        text = params.get("query")
        chosen = next((q for q in self.queries if q.name == example), None)
        if text is None:
            text = chosen.text if chosen else (self.queries[0].text if self.queries else "")
        result: dict[str, Any] | None = None
        error: str | None = None
        turtle: str | None = None
        if "query" in params:
            try:
                kind = engine.query_kind(text)
                if kind in ("CONSTRUCT", "DESCRIBE"):
                    answer = await run_in_threadpool(self.pool.run, text, "turtle")
                    turtle = answer.body.decode("utf-8")
                else:
                    answer = await run_in_threadpool(self.pool.run, text, "json")
                    result = json.loads(answer.body)
            except LexgraphError as e:
                error = str(e)
        downloads = None
        if "query" in params and error is None:
            downloads = {
                fmt: "/sparql?" + urlencode({"query": text, "format": fmt, "download": "1"})
                for fmt in (("turtle", "jsonld") if turtle is not None else ("csv", "json"))
            }
        return self.page(
            "query.html",
            queries=self.queries,
            chosen=chosen,
            text=text,
            result=result,
            turtle=turtle,
            error=error,
            downloads=downloads,
            status=400 if error else 200,
        )


_READ_ONLY = (
    "this endpoint is read-only: SPARQL Update is refused (load data with 'lexgraph build')"
)
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status)


def _requested_format(params: dict[str, str], accept: str | None, types: dict[str, str]) -> str:
    """The format a ``format``/``output`` parameter names, else the one Accept prefers."""
    for key in ("format", "output"):
        if key in params:
            name = engine.format_name(params[key])
            if name in types:
                return name
    choice = engine.negotiate(accept, list(types), types)
    if choice is None:
        offered = ", ".join(types.values())
        raise engine.NotAcceptable(f"no acceptable format for this query; offered: {offered}")
    return choice


_DOCUMENT_TYPES = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}


def _negotiate_document(accept: str | None) -> str | None:
    """html, ttl, jsonld or nt, by Accept (a browser's ``*/*`` gets HTML).

    >>> _negotiate_document("text/turtle;q=0.9, application/ld+json")
    'jsonld'
    >>> _negotiate_document("text/html,application/xhtml+xml,*/*;q=0.8")
    'html'
    """
    if not accept:
        return "html"
    best: tuple[float, int] | None = None
    choice = None
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in ("*/*", "text/*", "application/xhtml+xml"):
            candidate = "html"
            specific = 0
        else:
            candidate = next((k for k, v in _DOCUMENT_TYPES.items() if v == media), "")
            if media == "application/json":
                candidate = "jsonld"
            specific = 1
        if not candidate:
            continue
        key = (q, specific)
        if best is None or key > best:
            best, choice = key, candidate
    return choice


def _prefers_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def _timeline_svg(document: Document) -> Markup:
    """An inline SVG timeline of the meetings and the document (escaped)."""
    items = document.timeline
    if not items:
        return Markup("")
    first = min(i.start for i in items)
    last = max(i.end for i in items)
    if (last - first).days < 30:  # one day, or a few: widen the axis so that it reads
        first, last = first - timedelta(days=15), last + timedelta(days=15)
    span = max((last - first).days, 1)
    width, left, right, row = 640, 8, 8, 36
    height = 40 + row * len(items)
    axis = height - 26

    def x(day: date) -> float:
        return left + (width - left - right) * (day - first).days / span

    parts = [
        Markup(
            '<svg class="timeline" viewBox="0 0 {0} {1}" role="img" '
            'aria-labelledby="timeline-title" preserveAspectRatio="xMinYMin meet">'
        ).format(width, height),
        Markup('<title id="timeline-title">Timeline: {0}</title>').format(
            "; ".join(f"{i.label} ({_when(i)})" for i in items)
        ),
        Markup('<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="axis"/>').format(
            left, axis, width - right
        ),
    ]
    ticks = {first: "start", last: "end"}
    for year in range(first.year + 1, last.year + 1):
        ticks.setdefault(date(year, 1, 1), "middle")
    for day, anchor in sorted(ticks.items()):
        text = day.isoformat() if anchor != "middle" else str(day.year)
        parts.append(
            Markup(
                '<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" class="tick"/>'
                '<text x="{0:.1f}" y="{3}" text-anchor="{4}" class="year">{5}</text>'
            ).format(x(day), axis - 4, axis + 4, axis + 18, anchor, text)
        )
    for index, item in enumerate(items):
        y = 16 + row * index
        x1, x2 = x(item.start), max(x(item.end), x(item.start) + 8)
        label = f"{item.label} ({_when(item)}" + (f", {item.place})" if item.place else ")")
        klass = "doc" if item.is_document else "event"
        parts.append(
            Markup(
                '<a href="{0}"><text x="{1}" y="{2}" class="label">{3}</text>'
                '<line x1="{4:.1f}" y1="{5}" x2="{4:.1f}" y2="{6}" class="drop"/>'
                '<rect x="{4:.1f}" y="{5}" width="{7:.1f}" height="10" rx="3" class="{8}"/></a>'
            ).format(
                local_path(item.iri) or "#",
                left,
                y,
                _short(label, 95),
                x1,
                y + 5,
                axis,
                x2 - x1,
                klass,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _when(item: TimelineItem) -> str:
    if item.end == item.start:
        return item.start.isoformat()
    return f"{item.start.isoformat()} to {item.end.isoformat()}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class RequestLog:
    """ASGI middleware: one line per request on the ``lexgraph.serve`` logger."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            client = scope.get("client") or ("-", 0)
            target = scope.get("path", "")
            if scope.get("query_string"):
                target += "?" + scope["query_string"].decode("latin-1")
            if len(target) > 200:
                target = target[:199] + "…"
            elapsed = (time.monotonic() - started) * 1000
            log.info(
                '%s "%s %s" %d %.1fms',
                client[0],
                scope.get("method", "-"),
                target.replace('"', "%22"),
                status,
                elapsed,
            )


LINKSET_NAME = "linkset.ttl"
"""The links into other datasets (``data/linkset.ttl``), served with the graph when present."""


def serve_paths() -> list[Path]:
    """What ``lexgraph serve`` serves by default: the built graph, ontology/, the linkset."""
    from lexgraph.store import default_paths

    linkset = paths.data_dir() / LINKSET_NAME
    return default_paths() + ([linkset] if linkset.is_file() else [])


def create_app(
    settings: Settings, graph: Graph | None = None, pool: engine.QueryPool | None = None
) -> Starlette:
    """The application: loads the graph, starts the query workers, warms the pages."""
    from lexgraph.store import load_graph

    data = list(settings.data) or serve_paths()
    if graph is None and settings.store is not None:
        from lexgraph.corpus import CorpusStore

        # the pages query the store natively, through a view that stays open while serving
        graph = CorpusStore(settings.store, read_only=True).view()
    graph = graph if graph is not None else load_graph(data)
    pool = pool or engine.QueryPool(
        data, settings.workers, settings.timeout, settings.max_results, settings.store
    )
    server = Server(graph, pool, settings)
    for work, _, _ in server.site.documents():
        server.site.document(work)  # the reading views are built once, before the first visit

    async def not_found(request: Request, exc: Exception) -> Response:
        return await server.not_found(request)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(pool.wait_ready)
        try:
            yield
        finally:
            pool.close()

    static = Path(__file__).with_name("static")
    app = Starlette(
        routes=[
            Route("/", server.home),
            Route("/sparql", server.sparql, methods=["GET", "POST"]),
            Route("/query", server.query_page),
            Route("/id/{path:path}", server.identifier),
            Route("/page/{path:path}", server.page_of),
            Route("/data/{path:path}", server.data_of),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ],
        exception_handlers={404: not_found},
        lifespan=lifespan,
    )
    app.state.server = server
    app.add_middleware(RequestLog)
    return app


__all__ = [
    "DATA_FORMATS",
    "LINKSET_NAME",
    "RequestLog",
    "Server",
    "Settings",
    "create_app",
    "serve_paths",
    "stored_queries",
]
