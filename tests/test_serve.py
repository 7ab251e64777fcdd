"""``lexgraph serve`` answers real HTTP clients: SPARQLWrapper, urllib, rdflib's parsers.

One server (a real ``lexgraph serve`` subprocess on a free port) serves the built graph for
the whole module, with a short time limit and a small result-size limit to test refusals.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper

from lexgraph import paths
from lexgraph.query import format_result, run_query
from lexgraph.serve import engine
from lexgraph.serve.app import serve_paths
from lexgraph.store import load_graph
from tests.test_serve_support import Served, lexgraph_server

QUERIES = sorted(paths.queries_dir().glob("*.rq"))
ID = "https://w3id.org/lexgraph/id/"
WORK = ID + "eli/communique/caracas/2011/12/03/"
WORK += "communique-special-sur-la-situation-des-droits-de-l-homme-des-personnes-migrantes"
TIMEOUT = 3
MAX_RESULTS = 1000
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    arguments = ["--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS), "--workers", "2"]
    with lexgraph_server(log, arguments) as served:
        yield served


@pytest.fixture(scope="module")
def embedded() -> Graph:
    return load_graph(serve_paths())


def _get(url: str, accept: str | None = None, data: bytes | None = None, **headers: str):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(url, data=data, headers=headers)
    if accept:
        request.add_header("Accept", accept)
    try:
        return urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as e:
        return e


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get_no_redirect(url: str, accept: str) -> urllib.error.HTTPError:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request, timeout=30)
    return caught.value


def _rows(document: dict) -> list[tuple[tuple[str, str, str, str], ...]]:  # type: ignore[type-arg]
    """SPARQL JSON bindings as sorted, comparable rows."""
    names = document["head"]["vars"]
    rows = []
    for binding in document["results"]["bindings"]:
        row = []
        for name in names:
            term = binding.get(name, {})
            row.append(
                (
                    term.get("type", ""),
                    term.get("value", ""),
                    term.get("xml:lang", ""),
                    term.get("datatype", ""),
                )
            )
        rows.append(tuple(row))
    return sorted(rows)


# --- SPARQLWrapper runs every query ----------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_sparqlwrapper_gets_the_rows_of_the_embedded_graph(
    server: Served, embedded: Graph, path: Path, method: str
) -> None:
    text = path.read_text(encoding="utf-8")
    client = SPARQLWrapper(server.sparql)
    client.setQuery(text)
    # SPARQLWrapper 2.0 strips only the first of consecutive '#' comment lines before it
    # guesses the query type, then reads "ADD" in "#+ columns: ..., addressee": tell it.
    client.queryType = engine.query_kind(text)
    client.setReturnFormat(JSON)
    if method == "POST":
        client.setMethod(POST)
    served = client.query().convert()
    expected = json.loads(format_result(run_query(embedded, text), "json"))
    assert served["head"]["vars"] == expected["head"]["vars"]
    assert _rows(served) == _rows(expected)


@pytest.mark.parametrize(("fmt", "name"), [(CSV, "csv"), (TSV, "tsv")])
def test_sparqlwrapper_csv_and_tsv_match_the_cli(
    server: Served, embedded: Graph, fmt: str, name: str
) -> None:
    text = (paths.queries_dir() / "meetings.rq").read_text(encoding="utf-8")
    client = SPARQLWrapper(server.sparql)
    client.setQuery(text)
    client.setReturnFormat(fmt)
    served = client.query().convert()
    expected = format_result(run_query(embedded, text), name)
    assert served.decode("utf-8") == expected
    if name == "csv":
        rows = list(csv.reader(io.StringIO(expected)))
        assert ["meeting", "name", "start", "end", "place", "paragraph"] == rows[0]


def test_sparqlwrapper_xml_results(server: Served) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(
        "SELECT ?start WHERE { <" + ID + "event/2011-06-27/lima/meeting> schema:startDate ?start }"
    )
    client.setReturnFormat(XML)
    document = client.query().convert()
    literals = document.getElementsByTagName("literal")
    assert [node.firstChild.data for node in literals] == ["2011-06-27"]
    assert literals[0].getAttribute("datatype") == "http://www.w3.org/2001/XMLSchema#date"


def test_ask_and_construct_by_accept(server: Served, embedded: Graph) -> None:
    ask = urllib.parse.quote("ASK { ?s a schema:Event }")
    with _get(f"{server.sparql}?query={ask}", "application/sparql-results+json") as response:
        assert json.load(response)["boolean"] is True
    construct = "CONSTRUCT { ?e schema:startDate ?d } WHERE { ?e schema:startDate ?d }"
    expected = run_query(embedded, construct).graph
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ]:
        with _get(
            server.sparql,
            accept,
            construct.encode(),
            **{"Content-Type": "application/sparql-query"},
        ) as response:
            assert response.headers["Content-Type"].startswith(accept)
            got = Graph().parse(data=response.read().decode("utf-8"), format=fmt)
        assert isomorphic(got, expected), fmt
        # the seed's three meetings, and those ontology/meetings.ttl describes
        described = Graph().parse(paths.ontology_dir() / "meetings.ttl")
        curated = set(described.subjects(RDF.type, URIRef("https://schema.org/Event")))
        assert set(got.subjects()) - curated == {
            URIRef(f"https://w3id.org/lexgraph/id/event/{e}")
            for e in (
                "2010-10-08/mexico-city/meeting",
                "2011-06-27/lima/meeting",
                "2011-12-03/caracas/summit",
            )
        }
        assert len(got) == 3 + len(curated)


def test_no_acceptable_format_is_406(server: Served) -> None:
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    response = _get(f"{server.sparql}?query={query}", "image/png")
    assert response.status == 406


def test_service_description(server: Served) -> None:
    with _get(server.sparql, "text/turtle") as response:
        g = Graph().parse(data=response.read().decode("utf-8"), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(g.subjects(URIRef(sd + "endpoint"), URIRef(server.sparql)))
    assert len(services) == 1
    assert (services[0], URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    with _get(server.sparql, "text/html") as response:
        assert "Service description" in response.read().decode("utf-8")


# --- refusals -----------------------------------------------------------------------------


def test_update_by_form_is_refused_403(server: Served) -> None:
    body = urllib.parse.urlencode({"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}).encode()
    response = _get(server.sparql, data=body)
    assert response.status == 403
    assert "read-only" in response.read().decode("utf-8")


def test_update_by_direct_post_is_refused_403(server: Served) -> None:
    response = _get(
        server.sparql,
        data=b"DELETE WHERE { ?s ?p ?o }",
        **{"Content-Type": "application/sparql-update"},
    )
    assert response.status == 403


def test_update_passed_as_a_query_is_refused_403(server: Served, embedded: Graph) -> None:
    update = urllib.parse.quote("DELETE WHERE { ?s ?p ?o }")
    response = _get(f"{server.sparql}?query={update}")
    assert response.status == 403
    assert "SPARQL Update is refused" in response.read().decode("utf-8")
    # and nothing was deleted
    count = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with _get(f"{server.sparql}?query={count}", "application/sparql-results+json") as r:
        n = int(json.load(r)["results"]["bindings"][0]["n"]["value"])
    assert n == len(embedded)


def test_query_over_the_time_limit_is_stopped_503(server: Served) -> None:
    started = time.monotonic()
    response = _get(f"{server.sparql}?query={urllib.parse.quote(SLOW)}")
    elapsed = time.monotonic() - started
    assert response.status == 503
    assert f"time limit of {TIMEOUT} s" in response.read().decode("utf-8")
    assert elapsed < TIMEOUT + 5
    # the worker was replaced: the endpoint still answers
    quick = urllib.parse.quote("ASK { ?s a schema:Event }")
    with _get(f"{server.sparql}?query={quick}", "application/sparql-results+json") as r:
        assert json.load(r)["boolean"] is True


def test_result_over_the_size_limit_is_refused_422(server: Served) -> None:
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    response = _get(f"{server.sparql}?query={query}")
    assert response.status == 422
    message = response.read().decode("utf-8")
    assert f"more than the limit of {MAX_RESULTS}" in message
    assert message.count("\n") == 1


def test_syntax_error_is_400_with_position(server: Served) -> None:
    response = _get(f"{server.sparql}?query={urllib.parse.quote('SELECT ?s WHERE { ?s ')}")
    assert response.status == 400
    assert re.match(r"query:1:\d+: ", response.read().decode("utf-8"))


# --- dereferenceable IRIs -------------------------------------------------------------------

RESOURCES = {
    "paragraph": WORK + "/para_2",
    "meeting": ID + "event/2011-06-27/lima/meeting",
    "concept": ID + "concept/principle/solidarity",
}


@pytest.mark.parametrize(
    ("accept", "fmt", "extension"),
    [("text/turtle", "turtle", "ttl"), ("application/ld+json", "json-ld", "jsonld")],
)
@pytest.mark.parametrize("kind", RESOURCES)
def test_iri_negotiates_turtle_and_jsonld(
    server: Served, embedded: Graph, kind: str, accept: str, fmt: str, extension: str
) -> None:
    iri = RESOURCES[kind]
    url = server.base + "/id/" + iri.removeprefix(ID)
    redirect = _get_no_redirect(url, accept)
    assert redirect.code == 303
    assert redirect.headers["Location"] == f"/data/{iri.removeprefix(ID)}.{extension}"
    assert "Accept" in redirect.headers["Vary"]
    with _get(url, accept) as response:  # urllib follows the 303
        assert response.headers["Content-Type"].startswith(accept)
        got = Graph().parse(data=response.read().decode("utf-8"), format=fmt)
    subject = URIRef(iri)
    own = set(embedded.triples((subject, None, None)))
    assert own, kind
    assert own <= set(got), kind


def test_iri_format_parameter_and_html(server: Served) -> None:
    path = "event/2011-06-27/lima/meeting"
    redirect = _get_no_redirect(f"{server.base}/id/{path}?format=ttl", "text/html")
    assert redirect.headers["Location"] == f"/data/{path}.ttl"
    with _get(f"{server.base}/id/{path}", "text/html,*/*;q=0.8") as response:
        assert response.url.endswith(f"/page/{path}")
        page = response.read().decode("utf-8")
    assert "2011-06-27" in page and "2011-06-28" in page


def test_unknown_iri_is_404_with_a_helpful_page(server: Served) -> None:
    response = _get(f"{server.base}/id/place/limma", "text/html")
    assert response.status == 404
    page = response.read().decode("utf-8")
    assert "https://w3id.org/lexgraph/id/place/limma" in page
    suggestions = re.findall(r'<li><a href="(/id/[^"]+)">', page.split("similar IRI")[1])
    assert suggestions[0] == "/id/place/lima"  # the closest known IRI comes first
    response = _get(f"{server.base}/data/place/atlantis.ttl", "text/turtle")
    assert response.status == 404
    assert "no resource" in response.read().decode("utf-8")


# --- pages ----------------------------------------------------------------------------------


def test_reading_view_is_served_with_mentions_and_acts(server: Served) -> None:
    with _get(f"{server.base}/id/{WORK.removeprefix(ID)}", "text/html") as response:
        page = response.read().decode("utf-8")
    assert 'id="p2"' in page
    lima = re.search(r'<li id="p2".*?</li>', page, re.S)
    assert lima is not None
    assert f'data-entity="{ID}event/2011-06-27/lima/meeting"' in lima.group(0)
    assert 'class="act">welcome</a>' in lima.group(0)
    assert "<svg" in page  # the timeline
    # offline: every stylesheet and script comes from this server, none from a CDN
    assets = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', page)
    assert assets and all(a.startswith("/static/") for a in assets), assets


def test_home_page_puts_the_meetings_on_a_timeline(server: Served) -> None:
    """The meetings the documents name, by their first day, each with its days, place and
    the documents that name it."""
    with _get(f"{server.base}/", "text/html") as response:
        page = response.read().decode("utf-8")
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    assert timeline is not None
    lines = re.findall(r"<li>(.*?)</li>", timeline.group(1), re.S)
    starts = [re.search(r'datetime="([0-9-]+)"', line) for line in lines]
    assert [m.group(1) for m in starts if m] == ["2010-10-08", "2011-06-27", "2011-12-03"]
    lima = lines[1]
    assert '<time datetime="2011-06-28">2011-06-28</time>' in lima and "Lima" in lima
    assert f'href="/page/{WORK.removeprefix(ID)}"' in lima
    # the documents are the texts the graph holds, not the instruments the vocabulary
    # describes (eli:LegalResource too, with no expression here)
    documents = page[page.index('<ul class="documents">') : page.index("<h2>Meetings</h2>")]
    assert documents.count("<li>") == 1 and "Communiqué spécial" in documents


def test_reading_view_filters_without_javascript(server: Served) -> None:
    solidarity = urllib.parse.quote(ID + "concept/principle/solidarity")
    url = f"{server.base}/page/{WORK.removeprefix(ID)}?principle={solidarity}"
    with _get(url, "text/html") as response:
        page = response.read().decode("utf-8")
    visible = re.findall(
        r'<li id="p(\d+)" class="paragraph"[^>]*data-facets="[^"]*"(?! hidden)>', page
    )
    assert visible == ["7"]
    assert "1 of 10 paragraphs shown" in page


def test_query_page_lists_every_query_and_runs_one(server: Served) -> None:
    with _get(f"{server.base}/query?example=meetings", "text/html") as response:
        page = response.read().decode("utf-8")
    for path in QUERIES:
        summary = next(
            line.removeprefix("#+ summary:").strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#+ summary:")
        )
        assert summary.replace("'", "&#39;").replace('"', "&#34;") in page, path.stem
    text = (paths.queries_dir() / "meetings.rq").read_text(encoding="utf-8")
    with _get(f"{server.base}/query?" + urllib.parse.urlencode({"query": text})) as response:
        page = response.read().decode("utf-8")
    assert '<a href="/id/event/2011-06-27/lima/meeting">' in page
    download = re.search(r'href="(/sparql\?[^"]*format=csv[^"]*)"', page)
    assert download is not None
    with _get(server.base + download.group(1).replace("&amp;", "&")) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        assert "2011-06-27" in response.read().decode("utf-8")


def test_static_assets_are_served_from_the_package(server: Served) -> None:
    with _get(f"{server.base}/static/style.css") as response:
        assert response.headers["Content-Type"].startswith("text/css")
    with _get(f"{server.base}/static/app.js") as response:
        assert b"facet-status" in response.read()


def test_one_log_line_per_request(server: Served) -> None:
    probe = "/id/place/log-probe"
    _get(server.base + probe).read()
    deadline = time.monotonic() + 5
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = [line for line in server.log_lines() if probe in line]
        if lines:
            break
        time.sleep(0.1)
    assert len(lines) == 1, lines
    assert re.search(rf'127\.0\.0\.1 "GET {probe}" 404 \d+\.\dms$', lines[0])


# --- links into other datasets ----------------------------------------------------------------

_LINKS = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { owl:sameAs skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
              skos:relatedMatch }
  ?s ?p ?o . FILTER (STRSTARTS(STR(?s), "https://w3id.org/lexgraph/id/")
                     && !STRSTARTS(STR(?o), "https://w3id.org/lexgraph/"))
} ORDER BY ?s ?p ?o LIMIT 3"""


def test_pages_show_the_links_the_graph_has(server: Served, embedded: Graph) -> None:
    links = list(run_query(embedded, _LINKS))
    if not links:
        pytest.skip("the served graph has no links into other datasets (no data/linkset.ttl)")
    for subject, _, target in links:
        with _get(server.base + "/id/" + str(subject).removeprefix(ID), "text/html") as r:
            page = r.read().decode("utf-8")
        elsewhere = page.split('id="elsewhere"')[1].split("</section>")[0]
        assert f'href="{target}"' in elsewhere


# --- the command line -----------------------------------------------------------------------


def test_serve_on_a_busy_port_is_one_line_exit_2(server: Served, runner, one_line_error) -> None:  # type: ignore[no-untyped-def]
    from lexgraph.cli import cli

    result = runner.invoke(cli, ["serve", "--port", str(server.port)])
    one_line_error(result, f"cannot listen on 127.0.0.1:{server.port}")


def test_serve_missing_data_is_one_line_exit_2(tmp_path: Path, runner, one_line_error) -> None:  # type: ignore[no-untyped-def]
    from lexgraph.cli import cli
    from tests.servers import free_port

    missing = tmp_path / "missing.ttl"
    result = runner.invoke(cli, ["serve", "--port", str(free_port()), "--data", str(missing)])
    one_line_error(result, "missing.ttl")
