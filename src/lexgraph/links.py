"""Links into other datasets: the reviewed mapping file, the linkset and its description.

``data/links.toml`` is reviewed by hand, one ``[[link]]`` a link::

    [[link]]
    source = "place/lima"                  # a path under lexid: (or a full lexgraph IRI)
    kind = "owl:sameAs"                    # or skos:exactMatch, closeMatch, broadMatch, ...
    target = "http://www.wikidata.org/entity/Q2868"
    seen = "where the identifier was seen next to a matching label"
    justification = "one line, required for close/broad/narrow/related matches"

and ``[[unlinked]]`` entries say why an entity has no link in a dataset (``dataset`` may be
left out to cover them all). From it :func:`linkset` makes the linkset: each link triple and
its ``rdf:Statement`` (``lexid:curated/{digest16}``, as for data/curated.toml) with
``dcterms:source`` and ``lex:justification``. :func:`description` makes the VoID and DCAT
description of the whole dataset, with one ``void:Linkset`` per target dataset and link
predicate. Both serialise to the same bytes for the same inputs.

Every problem with the mapping file is a :class:`LinkError` that names the file, the entry
and what is wrong; nothing is written while one remains.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version as _version
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SDO, SKOS, VOID, XSD

from lexgraph import iris, paths
from lexgraph.errors import InputError, LexgraphError
from lexgraph.namespaces import ELI, ID, LEX, PREFIXES
from lexgraph.store import load_graph

MAPPING_NAME = "links.toml"
LINKSET_NAME = paths.LINKSET_NAME
DESCRIPTION_NAME = "void.ttl"


class LinkError(LexgraphError):
    """A mapping that cannot become a link: malformed, unknown, duplicate, contradictory."""


@dataclass(frozen=True)
class Dataset:
    """A dataset we link into: where its IRIs live and what a well-formed one looks like."""

    key: str
    title: str
    namespace: str
    pattern: re.Pattern[str]
    example: str
    kinds: frozenset[URIRef]
    homepage: str
    sparql: str | None = None


SAME = OWL.sameAs
JUDGEMENTS = frozenset({SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch})
"""Link kinds that are judgements, not identities: each needs a justification."""
KINDS: dict[str, URIRef] = {
    "owl:sameAs": SAME,
    "skos:exactMatch": SKOS.exactMatch,
    "skos:closeMatch": SKOS.closeMatch,
    "skos:broadMatch": SKOS.broadMatch,
    "skos:narrowMatch": SKOS.narrowMatch,
    "skos:relatedMatch": SKOS.relatedMatch,
}
"""The link kinds, by the CURIE the mapping file writes."""
IDENTITIES = frozenset({SAME, SKOS.exactMatch})
_CONCEPT_KINDS = frozenset({SKOS.exactMatch}) | JUDGEMENTS

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "wikidata",
        "Wikidata",
        "http://www.wikidata.org/entity/",
        re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$"),
        "http://www.wikidata.org/entity/Q<digits>",
        frozenset({SAME}) | _CONCEPT_KINDS,
        "https://www.wikidata.org/",
        "https://query.wikidata.org/sparql",
    ),
    Dataset(
        "geonames",
        "GeoNames",
        "https://sws.geonames.org/",
        re.compile(r"^https://sws\.geonames\.org/[1-9][0-9]*/$"),
        "https://sws.geonames.org/<digits>/",
        frozenset({SAME}),
        "https://www.geonames.org/",
    ),
    Dataset(
        "sdg",
        "UN Sustainable Development Goals",
        "http://metadata.un.org/sdg/",
        re.compile(r"^http://metadata\.un\.org/sdg/[0-9]+\.[0-9a-z]+$"),
        "http://metadata.un.org/sdg/<goal>.<target>",
        JUDGEMENTS,
        "http://metadata.un.org/sdg/",
    ),
    Dataset(
        "unbis",
        "UNBIS Thesaurus",
        "http://metadata.un.org/thesaurus/",
        re.compile(r"^http://metadata\.un\.org/thesaurus/[0-9]{7}$"),
        "http://metadata.un.org/thesaurus/<seven digits>",
        _CONCEPT_KINDS,
        "http://metadata.un.org/thesaurus/",
    ),
    Dataset(
        "eurovoc",
        "EuroVoc",
        "http://eurovoc.europa.eu/",
        re.compile(r"^http://eurovoc\.europa\.eu/[1-9][0-9]*$"),
        "http://eurovoc.europa.eu/<digits>",
        _CONCEPT_KINDS,
        "https://op.europa.eu/en/web/eu-vocabularies",
    ),
)
BY_KEY: dict[str, Dataset] = {d.key: d for d in DATASETS}

LINK_PREFIXES = {
    "wd": "http://www.wikidata.org/entity/",
    "gn": "https://sws.geonames.org/",
    "sdg": "http://metadata.un.org/sdg/",
    "unbis": "http://metadata.un.org/thesaurus/",
    "eurovoc": "http://eurovoc.europa.eu/",
}
"""Prefixes bound in the linkset file (besides :data:`lexgraph.namespaces.PREFIXES`)."""


def dataset_of(target: str) -> Dataset:
    """The dataset an IRI belongs to, or :class:`LinkError` if it is malformed or unknown.

    >>> dataset_of("http://metadata.un.org/sdg/10.7").key
    'sdg'
    >>> dataset_of("http://www.wikidata.org/entity/Lima")
    Traceback (most recent call last):
    ...
    lexgraph.links.LinkError: malformed Wikidata IRI <http://www.wikidata.org/entity/Lima> \
(expected http://www.wikidata.org/entity/Q<digits>)
    """
    for dataset in DATASETS:
        if target.startswith(dataset.namespace):
            if not dataset.pattern.match(target):
                raise LinkError(
                    f"malformed {dataset.title} IRI <{target}> (expected {dataset.example})"
                )
            return dataset
    known = ", ".join(d.title for d in DATASETS)
    raise LinkError(f"<{target}> is in no known dataset ({known})")


# --- the mapping file -------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One reviewed link: our resource, the kind of link, the other dataset's resource."""

    number: int
    source: URIRef
    kind: URIRef
    target: URIRef
    dataset: Dataset
    seen: str
    justification: str | None = None

    @property
    def curie(self) -> str:
        return next(c for c, k in KINDS.items() if k == self.kind)

    def __str__(self) -> str:
        return f"link {self.number} ({_short(self.source)} {self.curie} <{self.target}>)"


@dataclass(frozen=True)
class Unlinked:
    """Why an entity has no link (in one dataset, or in any)."""

    number: int
    source: URIRef
    dataset: Dataset | None
    reason: str


@dataclass(frozen=True)
class MappingFile:
    path: Path
    links: tuple[Link, ...]
    unlinked: tuple[Unlinked, ...]


_LINK_KEYS = frozenset({"source", "kind", "target", "seen", "justification"})
_UNLINKED_KEYS = frozenset({"source", "dataset", "reason"})


def default_mapping() -> Path:
    return paths.data_dir() / MAPPING_NAME


def read_mapping(path: Path) -> MappingFile:
    """Read and check the mapping file on its own (not yet against the graph)."""
    if not path.is_file():
        raise InputError(f"{path}: no such mapping file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: {e}") from None
    extra = sorted(set(data) - {"link", "unlinked"})
    if extra:
        raise LinkError(f"{path}: unknown table {extra[0]!r} (expected [[link]] or [[unlinked]])")
    links = tuple(_link(path, i, entry) for i, entry in enumerate(_entries(path, data, "link"), 1))
    unlinked = tuple(
        _unlinked(path, i, entry) for i, entry in enumerate(_entries(path, data, "unlinked"), 1)
    )
    _check_consistency(path, links, unlinked)
    return MappingFile(path, links, unlinked)


def _entries(path: Path, data: Mapping[str, object], name: str) -> list[dict[str, object]]:
    entries = data.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LinkError(f"{path}: '{name}' must be an array of tables ([[{name}]])")
    return entries


def _text(path: Path, where: str, entry: Mapping[str, object], key: str) -> str:
    value = entry.get(key)
    if value is None:
        raise LinkError(f"{path}: {where} lacks {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise LinkError(f"{path}: {where}: {key!r} must be a non-empty string")
    return value.strip()


def _link(path: Path, number: int, entry: Mapping[str, object]) -> Link:
    where = f"link {number}"
    unknown = sorted(set(entry) - _LINK_KEYS)
    if unknown:
        raise LinkError(f"{path}: {where}: unknown key {unknown[0]!r}")
    source = resolve(path, where, _text(path, where, entry, "source"))
    curie = _text(path, where, entry, "kind")
    target = _text(path, where, entry, "target")
    where = f"link {number} ({_short(source)} {curie} <{target}>)"
    if curie not in KINDS:
        raise LinkError(f"{path}: {where}: unknown kind {curie!r} (expected {', '.join(KINDS)})")
    kind = KINDS[curie]
    try:
        dataset = dataset_of(target)
    except LinkError as e:
        raise LinkError(f"{path}: {where}: {e}") from None
    if kind not in dataset.kinds:
        allowed = ", ".join(c for c, k in KINDS.items() if k in dataset.kinds)
        raise LinkError(f"{path}: {where}: {curie} does not fit {dataset.title} (use {allowed})")
    seen = _text(path, where, entry, "seen")
    justification = None
    if "justification" in entry:
        justification = _text(path, where, entry, "justification")
    if kind in JUDGEMENTS and justification is None:
        raise LinkError(f"{path}: {where}: a {curie} is a judgement and needs a justification")
    return Link(number, source, kind, URIRef(target), dataset, seen, justification)


def _unlinked(path: Path, number: int, entry: Mapping[str, object]) -> Unlinked:
    where = f"unlinked {number}"
    unknown = sorted(set(entry) - _UNLINKED_KEYS)
    if unknown:
        raise LinkError(f"{path}: {where}: unknown key {unknown[0]!r}")
    source = resolve(path, where, _text(path, where, entry, "source"))
    dataset = None
    if "dataset" in entry:
        key = _text(path, where, entry, "dataset")
        if key not in BY_KEY:
            raise LinkError(
                f"{path}: {where}: unknown dataset {key!r} (expected {', '.join(BY_KEY)})"
            )
        dataset = BY_KEY[key]
    return Unlinked(number, source, dataset, _text(path, where, entry, "reason"))


def resolve(path: Path, where: str, name: str) -> URIRef:
    """A source: a path under lexid: (``place/lima``) or a full lexgraph IRI."""
    iri = name if name.startswith(("http://", "https://")) else str(ID) + name
    if not iri.startswith(str(ID)) or re.search(r"[\s<>\"{}|\\^`]", iri) or iri == str(ID):
        raise LinkError(f"{path}: {where}: source {name!r} is not a lexgraph resource")
    return URIRef(iri)


def _check_consistency(path: Path, links: Sequence[Link], unlinked: Sequence[Unlinked]) -> None:
    """No duplicate, no two kinds for one pair, no identity with two items of one dataset."""
    by_pair: dict[tuple[URIRef, URIRef], Link] = {}
    identity: dict[tuple[URIRef, str], Link] = {}
    for link in links:
        earlier = by_pair.get((link.source, link.target))
        if earlier is not None:
            if earlier.kind == link.kind:
                raise LinkError(f"{path}: {link}: duplicate of link {earlier.number}")
            raise LinkError(
                f"{path}: {link}: contradicts link {earlier.number}, which says {earlier.curie}"
            )
        by_pair[(link.source, link.target)] = link
        if link.kind in IDENTITIES:
            other = identity.get((link.source, link.dataset.key))
            if other is not None:
                raise LinkError(
                    f"{path}: {link}: contradicts link {other.number}: "
                    f"{_short(link.source)} cannot be the same as two {link.dataset.title} "
                    f"items (<{other.target}> and <{link.target}>)"
                )
            identity[(link.source, link.dataset.key)] = link
    linked = {(link.source, link.dataset.key) for link in links}
    seen: set[tuple[URIRef, str | None]] = set()
    for u in unlinked:
        key = (u.source, u.dataset.key if u.dataset else None)
        if key in seen:
            raise LinkError(f"{path}: unlinked {u.number} ({_short(u.source)}): duplicate")
        seen.add(key)
        if u.dataset is not None and (u.source, u.dataset.key) in linked:
            raise LinkError(
                f"{path}: unlinked {u.number} ({_short(u.source)}): contradicts a link "
                f"into {u.dataset.title}"
            )


def check_sources(mapping: MappingFile, graph: Graph) -> list[str]:
    """The mappings whose source our graph does not contain, one message each."""
    problems = []
    entries: list[tuple[str, URIRef]] = [(str(link), link.source) for link in mapping.links]
    entries += [(f"unlinked {u.number} ({_short(u.source)})", u.source) for u in mapping.unlinked]
    for where, source in entries:
        if (source, RDF.type, None) not in graph:
            problems.append(
                f"{mapping.path}: {where}: {_short(source)} is not in the graph "
                "(no resource of that IRI has a type)"
            )
    return problems


def _short(iri: URIRef | str) -> str:
    text = str(iri)
    return "lexid:" + text[len(str(ID)) :] if text.startswith(str(ID)) else f"<{text}>"


# --- the linkset and its description ----------------------------------------------------


def new_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, **LINK_PREFIXES}.items():
        g.bind(prefix, namespace)
    return g


def statement_iri(link: Link) -> URIRef:
    """The statement of a link: ``lexid:curated/{digest16}`` of its triple."""
    return iris.curated_iri(str(link.source), str(link.kind), link.target.n3())


def linkset(links: Iterable[Link]) -> Graph:
    """The link triples, each with its statement: where it was seen and, for a judgement, why."""
    g = new_graph()
    for link in links:
        g.add((link.source, link.kind, link.target))
        stmt = statement_iri(link)
        g.add((stmt, RDF.type, RDF.Statement))
        g.add((stmt, RDF.subject, link.source))
        g.add((stmt, RDF.predicate, link.kind))
        g.add((stmt, RDF.object, link.target))
        g.add((stmt, DCTERMS.source, Literal(link.seen)))
        if link.justification:
            g.add((stmt, LEX.justification, Literal(link.justification, lang="en")))
    return g


BASE = "https://w3id.org/lexgraph/"
DATASET = URIRef(str(ID) + "dataset")
PUBLISHER = URIRef(BASE)
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DUMPS = {
    "graph": URIRef(BASE + "data/lexgraph.ttl"),
    "linkset": URIRef(BASE + "data/linkset.ttl"),
}
VOCABULARIES = (
    "http://data.europa.eu/eli/ontology#",
    "http://www.w3.org/2004/02/skos/core#",
    "https://schema.org/",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/dcat#",
    "http://spdx.org/rdf/terms#",
    "http://www.w3.org/2002/07/owl#",
    "https://w3id.org/lexgraph/ontology#",
)


def _kind_key(kind: URIRef) -> str:
    """``skos:closeMatch`` -> ``close-match``, ``owl:sameAs`` -> ``same-as``."""
    local = str(kind).rsplit("#", 1)[-1]
    return re.sub(r"(?<!^)([A-Z])", r"-\1", local).lower()


def linkset_iri(dataset: Dataset, kind: URIRef) -> URIRef:
    return URIRef(f"{DATASET}/linkset/{dataset.key}/{_kind_key(kind)}")


def description(graph: Graph, links: Sequence[Link], package_version: str | None = None) -> Graph:
    """VoID and DCAT for the dataset (the built graph) and its linksets."""
    version = package_version or _version("lexgraph")
    g = new_graph()
    g.bind("void", str(VOID))
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("lexgraph: legal and diplomatic texts as a graph", lang="en")))
    g.add(
        (
            d,
            DCTERMS.title,
            Literal("lexgraph : textes juridiques et diplomatiques en graphe", lang="fr"),
        )
    )
    g.add(
        (
            d,
            DCTERMS.description,
            Literal(
                "The special communiqué on the human rights of migrants (CELAC summit, Caracas, "
                "3 December 2011) as a validated knowledge graph: paragraphs, clauses and their "
                "speech acts, mentions of actors, places, meetings, principles and topics, with "
                "their provenance, and links into Wikidata, GeoNames, the UN SDG and UNBIS "
                "vocabularies and EuroVoc.",
                lang="en",
            ),
        )
    )
    g.add((d, DCTERMS.license, LICENCE))
    g.add((d, DCTERMS.publisher, PUBLISHER))
    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, FOAF.name, Literal("the lexgraph project", lang="en")))
    g.add((d, URIRef(str(DCAT) + "version"), Literal(version)))
    g.add((d, OWL.versionInfo, Literal(version)))
    g.add((d, FOAF.homepage, PUBLISHER))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.dataDump, DUMPS["graph"]))
    # No triple count for the graph itself: the description would change with every
    # rebuild of it; the linksets below are counted.
    for namespace in VOCABULARIES:
        g.add((d, VOID.vocabulary, URIRef(namespace)))
    distribution = URIRef(f"{d}/distribution/turtle")
    g.add((d, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCAT.downloadURL, DUMPS["graph"]))
    g.add(
        (
            distribution,
            DCAT.mediaType,
            URIRef("https://www.iana.org/assignments/media-types/text/turtle"),
        )
    )
    g.add((distribution, DCTERMS.license, LICENCE))
    # No SPARQL endpoint is served: none is stated (void:sparqlEndpoint).

    counts = Counter((link.dataset.key, link.kind) for link in links)
    for dataset in DATASETS:
        target = URIRef(f"{d}/target/{dataset.key}")
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(dataset.title, lang="en")))
        g.add((target, FOAF.homepage, URIRef(dataset.homepage)))
        g.add((target, VOID.uriSpace, Literal(dataset.namespace)))
        if dataset.sparql:
            g.add((target, VOID.sparqlEndpoint, URIRef(dataset.sparql)))
    for (key, kind), n in sorted(counts.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        dataset = BY_KEY[key]
        ls = linkset_iri(dataset, kind)
        g.add((d, VOID.subset, ls))
        g.add((ls, RDF.type, VOID.Linkset))
        g.add(
            (ls, DCTERMS.title, Literal(f"lexgraph to {dataset.title}: {_curie(kind)}", lang="en"))
        )
        g.add((ls, VOID.subjectsTarget, d))
        g.add((ls, VOID.objectsTarget, URIRef(f"{d}/target/{key}")))
        g.add((ls, VOID.linkPredicate, kind))
        g.add((ls, VOID.triples, Literal(n, datatype=XSD.integer)))
        g.add((ls, VOID.dataDump, DUMPS["linkset"]))
    return g


def _curie(kind: URIRef) -> str:
    return next(c for c, k in KINDS.items() if k == kind)


# --- what has no link yet ---------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """An entity of our graph without a link where one is expected, and why."""

    entity: URIRef
    kind: str
    wanted: str
    reason: str

    def __str__(self) -> str:
        return f"{_short(self.entity)}  {self.kind}  {self.wanted}: {self.reason}"


NO_IDENTIFIER = "no verified identifier"
_ANY_INDEX = ("wikidata", "unbis", "eurovoc")
EXPECTED: dict[str, tuple[tuple[str, ...], ...]] = {
    "place": (("wikidata",), ("geonames",)),
    "meeting": (("wikidata",),),
    "actor": (_ANY_INDEX,),
    "principle": (_ANY_INDEX,),
    "topic": (_ANY_INDEX,),
    "instrument": (("wikidata",),),
}
"""For each kind of entity, the links expected: one in any dataset of each group."""

_PLACES = (SDO.City, SDO.Country, SDO.Place)
_ACTORS = (
    FOAF.Group,
    FOAF.Organization,
    FOAF.Agent,
    URIRef("http://www.w3.org/ns/org#FormalOrganization"),
    SDO.GovernmentOrganization,
)


def entities(document_graph: Graph, vocabulary: Graph) -> list[tuple[URIRef, str]]:
    """(IRI, kind) of every place, actor, meeting, principle and topic of the built graph,
    and every instrument the vocabulary describes, sorted."""
    found: dict[URIRef, str] = {}

    def add(s: object, kind: str) -> None:
        if isinstance(s, URIRef) and str(s).startswith(str(ID)):
            found.setdefault(s, kind)

    g = document_graph
    for cls in _PLACES:
        for s in g.subjects(RDF.type, cls):
            add(s, "place")
    for cls in _ACTORS:
        for s in g.subjects(RDF.type, cls):
            add(s, "actor")
    for s in g.subjects(RDF.type, SDO.Event):
        add(s, "meeting")
    for scheme in ("principle", "topic"):
        for s in g.subjects(SKOS.inScheme, iris.concept_iri(scheme)):
            add(s, scheme)
    for s in vocabulary.subjects(RDF.type, ELI.LegalResource):
        if str(s).startswith(iris.INSTRUMENT_BASE):
            add(s, "instrument")
    return sorted(found.items(), key=lambda item: (item[1], str(item[0])))


def gaps(
    found: Sequence[tuple[URIRef, str]], links: Sequence[Link], unlinked: Sequence[Unlinked]
) -> list[Gap]:
    """Every expected link that is missing, with the reason given in the mapping file."""
    linked = {(link.source, link.dataset.key) for link in links}
    reasons: dict[tuple[URIRef, str | None], str] = {
        (u.source, u.dataset.key if u.dataset else None): u.reason for u in unlinked
    }
    out = []
    for entity, kind in found:
        for group in EXPECTED[kind]:
            if any((entity, key) in linked for key in group):
                continue
            reason = next(
                (reasons[(entity, k)] for k in group if (entity, k) in reasons),
                reasons.get((entity, None), NO_IDENTIFIER),
            )
            wanted = " or ".join(BY_KEY[k].title for k in group)
            out.append(Gap(entity, kind, wanted, reason))
    return out


# --- putting it together ----------------------------------------------------------------


@dataclass
class Result:
    """The linkset, its description and what is still unlinked."""

    mapping: MappingFile
    linkset: Graph
    description: Graph
    gaps: list[Gap]
    warnings: list[str]

    def counts(self) -> dict[str, int]:
        c = Counter(link.dataset.key for link in self.mapping.links)
        return {d.key: c[d.key] for d in DATASETS if c[d.key]}


def make(
    document_graph: Graph,
    mapping_path: Path | None = None,
    vocabulary: Graph | None = None,
    *,
    strict: bool = True,
) -> Result:
    """Check the mapping file against the graph and make the linkset and its description.

    With ``strict``, a mapping whose source is not in the graph is a :class:`LinkError`;
    otherwise it is left out with a warning (a build of other texts than the seed's).
    """
    mapping = read_mapping(mapping_path or default_mapping())
    vocab = vocabulary if vocabulary is not None else ontology_graph()
    ours = Graph()
    ours += document_graph
    ours += vocab
    problems = check_sources(mapping, ours)
    if problems and strict:
        raise LinkError(problems[0])
    kept = tuple(link for link in mapping.links if (link.source, RDF.type, None) in ours)
    used = MappingFile(mapping.path, kept, mapping.unlinked)
    return Result(
        mapping=used,
        linkset=linkset(kept),
        description=description(document_graph, kept),
        gaps=gaps(entities(document_graph, vocab), kept, mapping.unlinked),
        warnings=problems,
    )


def ontology_graph() -> Graph:
    return load_graph(sorted(paths.ontology_dir().glob("*.ttl")))


def files(result: Result, folder: Path) -> dict[Path, bytes]:
    """The files a linkset result is written to, and their bytes."""
    from lexgraph.export import serialize

    return {
        folder / LINKSET_NAME: serialize(result.linkset, "turtle"),
        folder / DESCRIPTION_NAME: serialize(result.description, "turtle"),
    }


def for_build(document_graph: Graph, folder: Path) -> tuple[dict[Path, bytes], list[str]]:
    """What ``lexgraph build`` writes beside the graph when data/links.toml exists.

    Mappings to resources the built graph lacks are warnings here: a build of other texts
    keeps the links that apply. ``lexgraph link`` treats them as errors.
    """
    if not default_mapping().is_file():
        return {}, []
    result = make(document_graph, strict=False)
    return files(result, folder), result.warnings


__all__ = [
    "DATASETS",
    "KINDS",
    "Dataset",
    "Gap",
    "Link",
    "LinkError",
    "MappingFile",
    "Result",
    "Unlinked",
    "dataset_of",
    "description",
    "entities",
    "files",
    "for_build",
    "gaps",
    "linkset",
    "make",
    "read_mapping",
]
