"""Candidate links from a SPARQL endpoint shaped like Wikidata's, for a person to review.

For every entity that still lacks a Wikidata link, its labels (en, fr, es) are looked up as
``rdfs:label`` of items, with each item's ``schema:description``, ``wdt:P31`` (instance
of) and ``wdt:P17`` (country). The answers go to a review file, never into the linkset: a
candidate becomes a link only when someone copies it, checked, into data/links.toml.

An endpoint that cannot be reached, is too slow, fails, or answers something other than
SPARQL JSON results is a :class:`~lexgraph.links.LinkError` naming the endpoint.
"""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as _version
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SDO, SKOS
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from lexgraph.links import BY_KEY, Gap, LinkError
from lexgraph.namespaces import ID

WIKIDATA = BY_KEY["wikidata"]
LANGUAGES = ("en", "fr", "es")

QUERY = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?label ?item ?description ?type ?country WHERE {{
  VALUES ?label {{ {labels} }}
  ?item rdfs:label ?label .
  FILTER (STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
  OPTIONAL {{ ?item schema:description ?description . FILTER (LANG(?description) = LANG(?label)) }}
  OPTIONAL {{ ?item wdt:P31 ?type }}
  OPTIONAL {{ ?item wdt:P17 ?country }}
}}
"""
"""Items whose label is one of ours, in the same language, and what Wikidata says of them."""


@dataclass
class Candidate:
    """An item of the endpoint whose label is one of an entity's labels."""

    source: URIRef
    kind: str
    target: str
    label: str
    language: str
    description: str = ""
    types: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    @property
    def matched(self) -> Literal:
        return Literal(self.label, lang=self.language)

    @property
    def suggested_kind(self) -> str:
        concept = self.kind in ("principle", "topic")
        return "skos:exactMatch" if concept else "owl:sameAs"


def labels(graph: Graph, entity: URIRef, languages: Sequence[str]) -> list[Literal]:
    """The names of an entity in the languages asked for: preferred labels, rdfs:label,
    an event's schema:name, an instrument's dcterms:title."""
    out: set[Literal] = set()
    for prop in (SKOS.prefLabel, RDFS.label, SDO.name, DCTERMS.title):
        for value in graph.objects(entity, prop):
            if isinstance(value, Literal) and value.language in languages and str(value).strip():
                out.add(Literal(" ".join(str(value).split()), lang=value.language))
    return sorted(out, key=lambda lit: (lit.language or "", str(lit)))


def _literal(label: Literal) -> str:
    return f"{json.dumps(str(label), ensure_ascii=False)}@{label.language}"


def ask(endpoint: str, sparql: str, timeout: float) -> list[dict[str, Any]]:
    """The bindings of a SELECT query, or a :class:`LinkError` saying what went wrong."""
    client = SPARQLWrapper(endpoint, agent=f"lexgraph/{_version('lexgraph')} (link candidates)")
    client.setQuery(sparql)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.timeout = timeout  # type: ignore[assignment]  # setTimeout() would round to int
    where = f"endpoint {endpoint}"
    try:
        response = client.query().response
        ctype = response.info().get_content_type()
        raw = response.read()
    except SPARQLWrapperException as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise LinkError(f"{where}: the endpoint failed: {first}") from None
    except urllib.error.HTTPError as e:
        raise LinkError(f"{where}: HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise LinkError(f"{where}: {_reason(e.reason, timeout)}") from None
    except TimeoutError:
        raise LinkError(f"{where}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as e:
        raise LinkError(f"{where}: {_reason(e, timeout)}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
        bindings = document["results"]["bindings"]
        if not isinstance(document["head"]["vars"], list) or not isinstance(bindings, list):
            raise TypeError
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        raise LinkError(
            f"{where}: the answer is not SPARQL JSON results (content type {ctype})"
        ) from None
    return [b for b in bindings if isinstance(b, dict)]


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return " ".join(str(reason).split()) or type(reason).__name__


def candidates(
    endpoint: str,
    graph: Graph,
    gaps: Iterable[Gap],
    *,
    timeout: float = 30.0,
    languages: Sequence[str] = LANGUAGES,
) -> list[Candidate]:
    """Candidates for every entity whose missing link could be a Wikidata one."""
    if not endpoint.startswith(("http://", "https://")):
        raise LinkError(f"endpoint {endpoint}: not an http(s) URL")
    wanted: dict[Literal, list[tuple[URIRef, str]]] = {}
    for gap in gaps:
        if WIKIDATA.title not in gap.wanted:
            continue
        for label in labels(graph, gap.entity, languages):
            wanted.setdefault(label, []).append((gap.entity, gap.kind))
    if not wanted:
        return []
    sparql = QUERY.format(labels=" ".join(_literal(lit) for lit in sorted(wanted, key=_literal)))
    found: dict[tuple[URIRef, str], Candidate] = {}
    for row in ask(endpoint, sparql, timeout):
        try:
            label_value = row["label"]
            item = row["item"]["value"]
            label = Literal(label_value["value"], lang=label_value.get("xml:lang"))
        except (KeyError, TypeError):
            continue
        if not WIKIDATA.pattern.match(item) or label not in wanted:
            continue
        for entity, kind in wanted[label]:
            key = (entity, item)
            candidate = found.get(key)
            if candidate is None:
                candidate = found[key] = Candidate(
                    entity, kind, item, str(label), label.language or ""
                )
            elif _rank(label, languages) < _rank(candidate.matched, languages):
                candidate.label, candidate.language = str(label), label.language or ""
                candidate.description = ""
            if "description" in row and label == candidate.matched:
                text = str(row["description"].get("value", ""))
                candidate.description = min(candidate.description or text, text)
            if "type" in row:
                candidate.types.add(str(row["type"].get("value", "")))
            if "country" in row:
                candidate.countries.add(str(row["country"].get("value", "")))
    return sorted(found.values(), key=lambda c: (str(c.source), c.target))


def _rank(label: Literal, languages: Sequence[str]) -> tuple[int, str]:
    """Labels in the first language asked for first, then alphabetically: the matched
    label does not depend on the order of the endpoint's rows."""
    lang = label.language or ""
    return (languages.index(lang) if lang in languages else len(languages), str(label))


def _toml(value: str) -> str:
    """A TOML basic string (JSON's string syntax is a subset of TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def review_file(endpoint: str, found: Sequence[Candidate]) -> str:
    """The review file: every candidate as a [[candidate]] to check before it is copied."""
    lines = [
        "# Candidate links, NOT REVIEWED: none of them is in the linkset.",
        f"# Found by 'lexgraph link --endpoint {endpoint}', by label and language.",
        "# To accept one, check the item, then copy source, kind and target into",
        "# data/links.toml as a [[link]], with where you checked it as 'seen'.",
        "",
    ]
    for c in found:
        short = str(c.source).removeprefix(str(ID))
        lines += [
            "[[candidate]]",
            f"source = {_toml(short)}",
            f"kind = {_toml(c.suggested_kind)}",
            f"target = {_toml(c.target)}",
            f"matched = {_toml(c.label)}",
            f"language = {_toml(c.language)}",
            f"description = {_toml(c.description)}",
            "instance_of = [" + ", ".join(_toml(t) for t in sorted(c.types)) + "]",
            "country = [" + ", ".join(_toml(t) for t in sorted(c.countries)) + "]",
            f"seen = {_toml(f'candidate from {endpoint}; not yet checked')}",
            "",
        ]
    if not found:
        lines.append("# No candidate was found.")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["QUERY", "Candidate", "ask", "candidates", "labels", "review_file"]
