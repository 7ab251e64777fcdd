"""The links into other datasets: the mapping file, the linkset and its description, the
instruments of paragraph 5, and 'lexgraph link' on good and bad mapping files."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from lexgraph import iris, links, paths
from lexgraph.cli import cli
from lexgraph.namespaces import ELI, ID, LEX
from lexgraph.store import default_paths, load_graph

DATA = paths.data_dir()
MAPPING = DATA / "links.toml"
BUILT = DATA / paths.BUILT_GRAPH_NAME
WORK = (
    str(ID) + "eli/communique/caracas/2011/12/03/"
    "communique-special-sur-la-situation-des-droits-de-l-homme-des-personnes-migrantes"
)
INSTRUMENTS = paths.ontology_dir() / "instruments.ttl"
WD = "http://www.wikidata.org/entity/"

OneLineError = Callable[..., str]


@pytest.fixture(scope="module")
def built() -> Graph:
    return load_graph([BUILT])


@pytest.fixture(scope="module")
def result(built: Graph) -> links.Result:
    return links.make(built, MAPPING, strict=True)


# --- the committed files ----------------------------------------------------------------


def test_committed_linkset_and_description_regenerate_byte_for_byte(
    result: links.Result,
) -> None:
    for path, payload in links.files(result, DATA).items():
        assert path.read_bytes() == payload, f"run 'lexgraph link' and commit {path.name}"


def test_build_writes_the_linkset_beside_the_graph(tmp_path: Path) -> None:
    from lexgraph.build import build

    out = tmp_path / "graph.ttl"
    written = build(None, out).written
    assert written == [out, tmp_path / "linkset.ttl", tmp_path / "void.ttl"]
    assert (tmp_path / "linkset.ttl").read_bytes() == (DATA / "linkset.ttl").read_bytes()
    assert (tmp_path / "void.ttl").read_bytes() == (DATA / "void.ttl").read_bytes()


def test_default_data_holds_the_linkset_and_conforms() -> None:
    from lexgraph.validate import validate

    files = default_paths()
    assert DATA / "linkset.ttl" in files
    assert DATA / "linkset.ttl" not in default_paths(linkset=False)
    report = validate(load_graph(files))
    assert report.conforms, [r.message for r in report.violations]
    # The only warnings: the region has no Wikidata or GeoNames identifier yet.
    assert {(str(r.focus_node), str(r.source_shape).rsplit("#")[-1]) for r in report.warnings} == {
        (str(ID) + "place/latin-america-and-the-caribbean", "LinkedPlaceShape-wikidata"),
        (str(ID) + "place/latin-america-and-the-caribbean", "LinkedPlaceShape-geonames"),
    }


def test_every_link_has_its_statement(result: links.Result) -> None:
    g = result.linkset
    for link in result.mapping.links:
        assert (link.source, link.kind, link.target) in g
        stmt = links.statement_iri(link)
        assert (stmt, RDF.type, RDF.Statement) in g
        assert g.value(stmt, DCTERMS.source) == Literal(link.seen)
        if link.kind in links.JUDGEMENTS:
            why = g.value(stmt, LEX.justification)
            assert isinstance(why, Literal) and why.language == "en" and str(why).strip()


def test_mapping_uses_only_verified_kinds_and_patterns(result: links.Result) -> None:
    for link in result.mapping.links:
        assert links.dataset_of(str(link.target)) is link.dataset
        assert link.kind in link.dataset.kinds
        assert link.seen


def test_justice_is_not_social_justice(result: links.Result) -> None:
    justice = URIRef(str(ID) + "concept/principle/justice")
    social_justice = URIRef("http://metadata.un.org/thesaurus/1005970")
    assert set(result.linkset.predicates(justice, social_justice)) == {SKOS.narrowMatch}


def test_sdg_links_are_judgements_with_the_expected_targets(result: links.Result) -> None:
    sdg = {
        (str(link.source).removeprefix(str(ID) + "concept/topic/"), str(link.target)[27:])
        for link in result.mapping.links
        if link.dataset.key == "sdg"
    }
    assert sdg == {
        ("safe-migration", "10.7"),
        ("migration-policy", "10.7"),
        ("regularisation", "10.7"),
        ("international-migration", "10.7"),
        ("trafficking-in-persons", "16.2"),
        ("trafficking-in-persons", "5.2"),
        ("working-conditions", "8.8"),
    }
    assert all(
        link.kind in links.JUDGEMENTS for link in result.mapping.links if link.dataset.key == "sdg"
    )


def test_mexico_city_is_the_populated_place_not_the_federal_entity(result: links.Result) -> None:
    city = URIRef(str(ID) + "place/mexico-city")
    targets = set(result.linkset.objects(city, OWL.sameAs))
    assert URIRef("https://sws.geonames.org/3530597/") in targets
    assert URIRef("https://sws.geonames.org/3527646/") not in targets


def test_instruments_link_to_wikidata_as_identity_or_judgement(result: links.Result) -> None:
    """The Universal Declaration is Wikidata's item; the four Geneva Conventions of 1949 are
    close to Wikidata's Geneva Conventions, which also holds the later Protocols."""
    udhr = URIRef(iris.INSTRUMENT_BASE + "universal-declaration-of-human-rights")
    geneva = URIRef(iris.INSTRUMENT_BASE + "geneva-conventions")
    wikidata = "http://www.wikidata.org/entity/"
    assert set(result.linkset.objects(udhr, OWL.sameAs)) == {URIRef(wikidata + "Q7813")}
    assert set(result.linkset.objects(geneva, OWL.sameAs)) == set()
    assert set(result.linkset.objects(geneva, SKOS.closeMatch)) == {URIRef(wikidata + "Q133536")}
    (link,) = [k for k in result.mapping.links if k.source == geneva]
    assert link.justification and "Protocols" in link.justification
    unlinked = {g.entity for g in result.gaps if g.kind == "instrument"}
    assert udhr not in unlinked and geneva not in unlinked
    assert URIRef(iris.INSTRUMENT_BASE + "refugee-convention") in unlinked


def test_description_is_void_and_dcat(result: links.Result) -> None:
    from lexgraph import __version__

    g = result.description
    void = "http://rdfs.org/ns/void#"
    d = links.DATASET
    assert (d, RDF.type, URIRef(void + "Dataset")) in g
    assert (d, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in g
    assert g.value(d, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(d, DCTERMS.publisher) is not None
    assert {t.language for t in g.objects(d, DCTERMS.title)} == {"en", "fr"}
    assert str(g.value(d, URIRef("http://www.w3.org/ns/dcat#version"))) == __version__
    assert g.value(d, URIRef(void + "dataDump")) is not None
    assert URIRef(str(ELI)) in set(g.objects(d, URIRef(void + "vocabulary")))
    total = 0
    for ls in g.subjects(RDF.type, URIRef(void + "Linkset")):
        predicate = g.value(ls, URIRef(void + "linkPredicate"))
        target = g.value(ls, URIRef(void + "objectsTarget"))
        count = int(g.value(ls, URIRef(void + "triples")))  # type: ignore[arg-type]
        namespace = str(g.value(target, URIRef(void + "uriSpace")))
        actual = [
            t
            for t in result.linkset.triples((None, predicate, None))
            if str(t[2]).startswith(namespace)
        ]
        assert count == len(actual) > 0, ls
        total += count
    assert total == len(result.mapping.links)


# --- what is unlinked -------------------------------------------------------------------


def test_every_entity_is_linked_or_listed_with_a_reason(built: Graph, result: links.Result) -> None:
    """Done when: every place, country, meeting, principle and topic either has a link or
    is listed by 'lexgraph link' as unlinked, with the reason."""
    linked = {link.source for link in result.mapping.links}
    listed = {gap.entity for gap in result.gaps}
    found = links.entities(built, links.ontology_graph())
    kinds = {kind for _, kind in found}
    assert kinds == {"place", "actor", "meeting", "principle", "topic", "instrument"}
    for entity, _ in found:
        assert entity in linked or entity in listed, entity
    assert all(gap.reason.strip() for gap in result.gaps)
    meetings = [gap for gap in result.gaps if gap.kind == "meeting"]
    assert len(meetings) == 3
    assert {gap.reason for gap in meetings} == {links.NO_IDENTIFIER}
    places = {str(gap.entity).rsplit("/", 1)[-1] for gap in result.gaps if gap.kind == "place"}
    assert places == {"latin-america-and-the-caribbean"}


# --- the instruments of paragraph 5 -----------------------------------------------------


@pytest.fixture(scope="module")
def instruments() -> Graph:
    return Graph().parse(INSTRUMENTS)


def test_instruments_are_eli_resources_with_three_titles(instruments: Graph) -> None:
    found = sorted(instruments.subjects(RDF.type, ELI.LegalResource))
    assert [str(i).rsplit("/", 1)[-1] for i in found] == [
        "2030-agenda",
        "brazil-declaration-and-plan-of-action",
        "cartagena-declaration",
        "convention-against-torture",
        "convention-against-transnational-organized-crime",
        "convention-on-the-rights-of-the-child",
        "geneva-conventions",
        "global-compact-for-migration",
        "global-compact-on-refugees",
        "ilo-declaration-on-fundamental-principles-and-rights-at-work",
        "imrf-progress-declaration",
        "migrant-workers-convention",
        "new-york-declaration",
        "refugee-convention",
        "refugee-protocol",
        "smuggling-of-migrants-protocol",
        "trafficking-in-persons-protocol",
        "universal-declaration-of-human-rights",
    ]
    for instrument in found:
        titles = list(instruments.objects(instrument, DCTERMS.title))
        assert sorted(t.language for t in titles) == ["en", "es", "fr"]  # type: ignore[attr-defined]
        assert instruments.value(instrument, DCTERMS.source) is not None
    dates = {str(i).rsplit("/", 1)[-1]: str(instruments.value(i, ELI.date_document)) for i in found}
    assert dates["migrant-workers-convention"] == "1990-12-18"
    assert dates["trafficking-in-persons-protocol"] == "2000-11-15"
    assert dates["refugee-convention"] == "1951-07-28"
    # a resolution or a treaty series reference identifies each, but for the declarations
    # of conferences, the Geneva Conventions and the ILO's declaration
    unidentified = {
        str(i).rsplit("/", 1)[-1] for i in found if not instruments.value(i, ELI.id_local)
    }
    assert unidentified == {
        "brazil-declaration-and-plan-of-action",
        "cartagena-declaration",
        "geneva-conventions",
        "ilo-declaration-on-fundamental-principles-and-rights-at-work",
        "imrf-progress-declaration",  # its resolution's symbol was not seen
    }


def test_paragraph_5_cites_the_palermo_instruments_by_inference_only(instruments: Graph) -> None:
    para5 = URIRef(WORK + "/para_5")
    citing = set(instruments.subjects(LEX.citedByInferenceIn, para5))
    assert {str(i).rsplit("/", 1)[-1] for i in citing} == {
        "convention-against-transnational-organized-crime",
        "trafficking-in-persons-protocol",
        "smuggling-of-migrants-protocol",
    }
    assert (para5, ELI.cites, None) not in instruments, "not a literal citation"
    for instrument in citing:
        stmt = iris.curated_iri(str(instrument), str(LEX.citedByInferenceIn), para5.n3())
        assert (stmt, RDF.subject, instrument) in instruments, "statement IRI: triple's digest"
        assert (stmt, RDF.object, para5) in instruments
        assert "conventions internationales sur la matière" in str(
            instruments.value(stmt, DCTERMS.source)
        )
        assert instruments.value(stmt, LEX.justification) is not None


def test_the_build_does_not_copy_the_citations_into_the_graph(built: Graph) -> None:
    assert (None, LEX.citedByInferenceIn, None) not in built
    assert not any(str(s).startswith(iris.INSTRUMENT_BASE) for s in built.subjects())


# --- 'lexgraph link' --------------------------------------------------------------------


@pytest.fixture
def home(isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LEXGRAPH_HOME with the real vocabulary and shapes, the built graph and mapping."""
    shutil.copy(BUILT, isolated_home / "data" / paths.BUILT_GRAPH_NAME)
    shutil.copy(MAPPING, isolated_home / "data" / "links.toml")
    monkeypatch.chdir(tmp_path)
    return isolated_home


def invoke(runner: CliRunner, *args: object) -> Result:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=True)


def test_link_writes_linkset_and_description_and_lists_the_unlinked(
    runner: CliRunner, home: Path
) -> None:
    result = invoke(runner, "link")
    assert result.exit_code == 0, result.output
    data = home / "data"
    assert (data / "linkset.ttl").read_bytes() == (DATA / "linkset.ttl").read_bytes()
    assert (data / "void.ttl").read_bytes() == (DATA / "void.ttl").read_bytes()
    out = result.stdout
    n = len(tomllib.loads(MAPPING.read_text(encoding="utf-8"))["link"])
    assert out.startswith(f"links: {n} (Wikidata ")
    assert re.search(r"lexid:actor/celac +actor .*no verified identifier", out)
    assert re.search(r"lexid:event/2011-06-27/lima/meeting +meeting +Wikidata: no verified", out)
    assert "lexid:place/lima " not in out
    assert "data/linkset.ttl" in out.split("written:")[1]
    assert not (data / "link-review.toml").exists()


def mutate(home: Path, old: str, new: str) -> None:
    path = home / "data" / "links.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(home: Path, entry: str) -> None:
    path = home / "data" / "links.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")


LIMA_WD = 'target = "http://www.wikidata.org/entity/Q2868"'


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        pytest.param(
            lambda h: mutate(h, LIMA_WD, 'target = "http://www.wikidata.org/entity/Lima"'),
            ["links.toml: link 3 (lexid:place/lima owl:sameAs", "malformed Wikidata IRI"],
            id="malformed-wikidata",
        ),
        pytest.param(
            lambda h: mutate(h, LIMA_WD, 'target = "http://dbpedia.org/resource/Lima"'),
            ["link 3", "is in no known dataset"],
            id="unknown-dataset",
        ),
        pytest.param(
            lambda h: mutate(
                h,
                'target = "http://metadata.un.org/sdg/16.2"',
                'target = "http://metadata.un.org/sdg/16"',
            ),
            ["malformed UN Sustainable Development Goals IRI"],
            id="sdg-goal-not-target",
        ),
        pytest.param(
            lambda h: mutate(
                h,
                'target = "http://metadata.un.org/thesaurus/1006544"',
                'target = "http://metadata.un.org/thesaurus/106544"',
            ),
            ["malformed UNBIS Thesaurus IRI", "seven digits"],
            id="unbis-six-digits",
        ),
        pytest.param(
            lambda h: mutate(
                h,
                'target = "https://sws.geonames.org/3936456/"',
                'target = "https://sws.geonames.org/Lima/"',
            ),
            ["malformed GeoNames IRI"],
            id="geonames-not-digits",
        ),
        pytest.param(
            lambda h: mutate(h, 'source = "place/lima"', 'source = "place/atlantis"'),
            ["link 3 (lexid:place/atlantis", "is not in the graph"],
            id="source-not-in-graph",
        ),
        pytest.param(
            lambda h: append(
                h,
                '[[link]]\nsource = "place/lima"\nkind = "owl:sameAs"\n'
                f'{LIMA_WD}\nseen = "again"\n',
            ),
            ["duplicate of link 3"],
            id="duplicate",
        ),
        pytest.param(
            lambda h: append(
                h,
                '[[link]]\nsource = "place/lima"\nkind = "skos:closeMatch"\n'
                f'{LIMA_WD}\nseen = "x"\njustification = "y"\n',
            ),
            ["contradicts link 3, which says owl:sameAs"],
            id="contradictory-kind",
        ),
        pytest.param(
            lambda h: append(
                h,
                '[[link]]\nsource = "place/lima"\nkind = "owl:sameAs"\n'
                'target = "http://www.wikidata.org/entity/Q1533"\nseen = "x"\n',
            ),
            ["contradicts link 3", "two Wikidata items"],
            id="same-as-two-items",
        ),
        pytest.param(
            lambda h: mutate(h, 'kind = "skos:closeMatch"', 'kind = "owl:sameAs"'),
            ["owl:sameAs does not fit UNBIS Thesaurus"],
            id="kind-does-not-fit",
        ),
        pytest.param(
            lambda h: mutate(h, 'kind = "owl:sameAs"', 'kind = "owl:equivalentClass"'),
            ["unknown kind 'owl:equivalentClass'"],
            id="unknown-kind",
        ),
        pytest.param(
            lambda h: append(
                h,
                '[[link]]\nsource = "concept/topic/vulnerability"\n'
                'kind = "skos:relatedMatch"\n'
                'target = "http://metadata.un.org/thesaurus/1004110"\nseen = "x"\n',
            ),
            ["a skos:relatedMatch is a judgement and needs a justification"],
            id="judgement-without-justification",
        ),
        pytest.param(
            lambda h: mutate(h, 'seen = "GN-CAPS: GeoNames id of the capital Caracas"\n', ""),
            ["link 2", "lacks 'seen'"],
            id="no-source",
        ),
        pytest.param(
            lambda h: append(h, "[[link]\n"),
            ["links.toml", "line"],
            id="not-toml",
        ),
        pytest.param(
            lambda h: append(
                h, '[[unlinked]]\nsource = "place/lima"\ndataset = "wikidata"\nreason = "x"\n'
            ),
            ["contradicts a link into Wikidata"],
            id="unlinked-but-linked",
        ),
    ],
)
def test_bad_mapping_is_one_line_exit_2_and_nothing_written(
    runner: CliRunner,
    home: Path,
    one_line_error: OneLineError,
    change: Callable[[Path], None],
    fragments: list[str],
) -> None:
    old = b"# the linkset as it was\n"
    (home / "data" / "linkset.ttl").write_bytes(old)
    change(home)
    one_line_error(invoke(runner, "link"), *fragments)
    assert (home / "data" / "linkset.ttl").read_bytes() == old
    assert not (home / "data" / "void.ttl").exists()
    assert sorted(p.name for p in (home / "data").iterdir()) == [
        "lexgraph.ttl",
        "links.toml",
        "linkset.ttl",
    ]


def test_link_without_a_built_graph(
    runner: CliRunner, home: Path, one_line_error: OneLineError
) -> None:
    (home / "data" / paths.BUILT_GRAPH_NAME).unlink()
    one_line_error(invoke(runner, "link"), "no built graph; run 'lexgraph build' first")


def test_link_with_a_missing_mapping(
    runner: CliRunner, home: Path, one_line_error: OneLineError, tmp_path: Path
) -> None:
    one_line_error(
        invoke(runner, "link", "--mapping", tmp_path / "none.toml"), "no such mapping file"
    )


def test_review_needs_an_endpoint(
    runner: CliRunner, home: Path, one_line_error: OneLineError
) -> None:
    one_line_error(invoke(runner, "link", "--review", "x.toml"), "--review needs --endpoint")


def test_build_keeps_links_that_apply_and_warns_of_the_others(home: Path, tmp_path: Path) -> None:
    from lexgraph.build import build

    mutate(home, 'source = "place/lima"', 'source = "place/atlantis"')
    result = build([DATA / "000_da563d301c0450ee.txt"], tmp_path / "out.ttl")
    assert any("place/atlantis is not in the graph" in w for w in result.warnings)
    linkset = Graph().parse(tmp_path / "linkset.ttl")
    assert (URIRef(str(ID) + "place/atlantis"), None, None) not in linkset
    assert (URIRef(str(ID) + "place/caracas"), OWL.sameAs, URIRef(WD + "Q1533")) in linkset


# --- export with and without the linkset -------------------------------------------------


def test_export_includes_the_linkset_unless_told_not_to(runner: CliRunner, home: Path) -> None:
    assert invoke(runner, "link").exit_code == 0
    lima = f"<{ID}place/lima> <http://www.w3.org/2002/07/owl#sameAs> <{WD}Q2868> ."
    with_links = invoke(runner, "export", "--format", "nt")
    without = invoke(runner, "export", "--format", "nt", "--no-linkset")
    assert with_links.exit_code == without.exit_code == 0
    assert lima in with_links.stdout
    assert lima not in without.stdout
    assert len(with_links.stdout) > len(without.stdout)
    built = home / "data" / paths.BUILT_GRAPH_NAME
    only = invoke(runner, "export", "--format", "nt", "--data", built)
    added = invoke(runner, "export", "--format", "nt", "--data", built, "--linkset")
    assert lima not in only.stdout and lima in added.stdout


# --- dataset patterns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iri", "key"),
    [
        ("http://www.wikidata.org/entity/Q2868", "wikidata"),
        ("https://sws.geonames.org/3936456/", "geonames"),
        ("http://metadata.un.org/sdg/10.7", "sdg"),
        ("http://metadata.un.org/sdg/10.c", "sdg"),
        ("http://metadata.un.org/thesaurus/1004110", "unbis"),
        ("http://eurovoc.europa.eu/3912", "eurovoc"),
    ],
)
def test_well_formed_targets(iri: str, key: str) -> None:
    assert links.dataset_of(iri).key == key


@pytest.mark.parametrize(
    "iri",
    [
        "http://www.wikidata.org/entity/Q",
        "http://www.wikidata.org/entity/Q02868",
        "http://www.wikidata.org/entity/P31",
        "https://sws.geonames.org/3936456",
        "http://metadata.un.org/sdg/10",
        "http://metadata.un.org/sdg/C100701",
        "http://metadata.un.org/thesaurus/10041100",
        "http://eurovoc.europa.eu/migration",
        "https://www.wikidata.org/wiki/Q2868",
        "http://example.org/x",
    ],
)
def test_malformed_or_unknown_targets(iri: str) -> None:
    with pytest.raises(links.LinkError):
        links.dataset_of(iri)


def test_validate_finds_a_malformed_link_with_exit_1(runner: CliRunner, home: Path) -> None:
    assert invoke(runner, "link").exit_code == 0
    path = home / "data" / "linkset.ttl"
    text = path.read_text(encoding="utf-8")
    assert text.count("wd:Q2868") == 2  # the link and its statement
    path.write_text(text.replace("wd:Q2868", f"<{WD}Lima>"), encoding="utf-8")
    result = invoke(runner, "validate")
    assert result.exit_code == 1, result.output
    assert f"link target {WD}Lima is malformed or in no known dataset" in result.stdout
    # and Lima now lacks a Wikidata link, beside the region's two warnings
    assert result.stdout.rstrip().endswith("Does not conform: 1 violation, 3 warnings.")
