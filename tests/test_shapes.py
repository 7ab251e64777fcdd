"""The SHACL shapes of shapes/: well formed, documented, and each proven by fixtures.

Fixtures live in ``tests/fixtures/shapes/<Group>/``, where ``<Group>`` is the local name of
a node shape (``lexsh:ParagraphShape`` → ``ParagraphShape/``). The shapes and SHACL-SPARQL
constraints named ``<Group>-<what>`` (``lexsh:ParagraphShape-number``,
``lexsh:ParagraphShape-iri``, ``lexsh:ParagraphShape-positionUnique``) belong to that group.

``valid-*.ttl`` fixtures must produce no result at all. ``invalid-*.ttl`` fixtures announce,
in their leading comments, every result they must produce::

    # expect-shape: lexsh:ParagraphShape-number
    # expect-component: sh:MinCountConstraintComponent

and, for SHACL-SPARQL results, which constraint::

    # expect-shape: lexsh:ParagraphShape
    # expect-component: sh:SPARQLConstraintComponent
    # expect-constraint: lexsh:ParagraphShape-positionUnique

Each expectation must be met by a result, and each result (violation or warning) must meet
an expectation, so that a fixture fails for the announced reason and for no other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from lexgraph.errors import InputError, RDFSyntaxError, UsageError
from lexgraph.namespaces import LEX, PREFIXES
from lexgraph.paths import shapes_dir
from lexgraph.validate import LEXSH, Report, Result, Severity, load_shapes, render, validate

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SHAPE_FILES = sorted(shapes_dir().glob("*.ttl"))
FIXTURE_FILES = sorted(FIXTURES.glob("*/*.ttl"))
NAMESPACES = {**PREFIXES, "lexsh": str(LEXSH)}

# Parameters of the SHACL core constraint components, and sh:closed: a shape with one of
# these reports results of its own and so needs an sh:message.
CONSTRAINT_PARAMETERS = {
    SH[name]
    for name in (
        "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive "
        "maxInclusive minLength maxLength pattern languageIn uniqueLang equals disjoint "
        "lessThan lessThanOrEquals not and or xone node qualifiedValueShape closed hasValue in"
    ).split()
}
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
NESTING = {SH.qualifiedValueShape, SH["not"], SH.node}
NESTING_LISTS = {SH["and"], SH["or"], SH.xone}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _shapes() -> Graph:
    """The shapes, for parametrizing (fixtures are not available at collection time)."""
    return load_shapes()


def local(node: Node) -> str:
    return str(node).removeprefix(str(LEXSH))


def group_of(node: Node) -> str:
    """``lexsh:ParagraphShape-number`` → ``ParagraphShape``."""
    return local(node).split("-", 1)[0]


def expand(curie: str) -> URIRef:
    prefix, _, name = curie.partition(":")
    if prefix not in NAMESPACES:
        raise ValueError(f"unknown prefix in {curie!r}")
    return URIRef(NAMESPACES[prefix] + name)


# --- what the shapes graph holds ---------------------------------------------------------


def nested_shapes(g: Graph) -> set[Node]:
    """Shapes used inside other constraints: they report through the outer shape."""
    inner: set[Node] = set()
    for predicate in NESTING:
        inner.update(g.objects(None, predicate))
    for predicate in NESTING_LISTS:
        for head in g.objects(None, predicate):
            inner.update(g.items(head))
    return inner


def node_shapes(g: Graph) -> set[Node]:
    found: set[Node] = set(g.subjects(RDF.type, SH.NodeShape))
    for predicate in TARGETS:
        found.update(g.subjects(predicate, None))
    return {s for s in found if (s, SH.path, None) not in g}


def property_shapes(g: Graph) -> set[Node]:
    return set(g.subjects(SH.path, None)) - nested_shapes(g)


def sparql_constraints(g: Graph) -> set[Node]:
    return set(g.objects(None, SH.sparql))


def reporting_shapes(g: Graph) -> set[Node]:
    """Shapes that can be the sh:sourceShape of a result with a constraint of their own."""
    candidates = node_shapes(g) | property_shapes(g)
    return {
        s
        for s in candidates
        if any((s, p, None) in g for p in CONSTRAINT_PARAMETERS) and s not in nested_shapes(g)
    }


def groups(g: Graph) -> list[str]:
    return sorted(local(s) for s in node_shapes(g) if "-" not in local(s))


# --- fixtures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    shape: URIRef
    component: URIRef
    constraint: URIRef | None = None

    def met_by(self, result: Result) -> bool:
        return (
            result.source_shape == self.shape
            and result.constraint_component == self.component
            and (self.constraint is None or result.source_constraint == self.constraint)
        )

    def __str__(self) -> str:
        text = f"{local(self.shape)} {self.component.removeprefix(str(SH))}"
        return text + (f" {local(self.constraint)}" if self.constraint else "")


def expectations(fixture: Path) -> list[Expectation]:
    """The ``# expect-...`` lines at the top of a fixture, grouped from each expect-shape."""
    found: list[dict[str, URIRef]] = []
    for line in fixture.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(":")
        if not sep or not key.startswith("expect-"):
            continue
        term = expand(value.strip())
        if key == "expect-shape":
            found.append({"shape": term})
        elif key in ("expect-component", "expect-constraint") and found:
            found[-1][key.removeprefix("expect-")] = term
        else:
            raise ValueError(f"{fixture}: unexpected {line!r}")
    return [Expectation(**e) for e in found]


def fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def load(fixture: Path) -> Graph:
    return Graph().parse(fixture, format="turtle")


def describe(report: Report) -> str:
    return render(report, "text")


# --- (a) the shapes files ---------------------------------------------------------------


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.name)
def test_shapes_file_parses(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    assert any(True for _ in graph.subjects(RDF.type, SH.NodeShape)), (
        f"{path.name} has no node shape"
    )


def test_shapes_are_one_file_per_area() -> None:
    assert [p.stem for p in SHAPE_FILES] == sorted(
        [
            "annotation",
            "clause",
            "document",
            "event",
            "links",
            "paragraph",
            "provenance",
            "vocabulary",
        ]
    )


def test_every_constraint_has_an_english_message(shapes: Graph) -> None:
    missing = [
        s
        for s in reporting_shapes(shapes) | sparql_constraints(shapes)
        if not any(
            isinstance(m, Literal) and m.language == "en" and str(m).strip()
            for m in shapes.objects(s, SH.message)
        )
    ]
    assert not missing, f"no sh:message@en: {sorted(map(str, missing))}"


def test_every_shape_and_constraint_is_named_after_its_group(shapes: Graph) -> None:
    named = reporting_shapes(shapes) | property_shapes(shapes) | sparql_constraints(shapes)
    anonymous = [s for s in named if not (isinstance(s, URIRef) and s.startswith(str(LEXSH)))]
    assert not anonymous, f"shapes without a lexsh: name: {anonymous}"
    known_groups = set(groups(shapes))
    for node_shape in node_shapes(shapes):
        for predicate in (SH.property, SH.sparql):
            for member in shapes.objects(node_shape, predicate):
                assert local(member).startswith(local(node_shape) + "-"), (
                    f"{local(member)} is held by {local(node_shape)} but not named after it"
                )
    for shape in named | node_shapes(shapes):
        assert group_of(shape) in known_groups, f"{local(shape)} belongs to no node shape"


def test_every_property_shape_and_constraint_is_used_by_a_targeted_node_shape(
    shapes: Graph,
) -> None:
    for member in property_shapes(shapes) | sparql_constraints(shapes):
        holders = set(shapes.subjects(SH.property, member)) | set(
            shapes.subjects(SH.sparql, member)
        )
        assert len(holders) == 1, f"{local(member)} is held by {len(holders)} node shapes"
        (holder,) = holders
        assert any((holder, t, None) in shapes for t in TARGETS), f"{local(holder)} has no target"
    for node_shape in node_shapes(shapes):
        assert any((node_shape, t, None) in shapes for t in TARGETS), (
            f"{local(node_shape)} has no target"
        )


def _sparql_nodes() -> list[Node]:
    g = _shapes()
    nodes = sparql_constraints(g) | set(g.objects(None, SH.target))
    return sorted((n for n in nodes if (n, SH.select, None) in g), key=str)


@pytest.mark.parametrize("node", _sparql_nodes(), ids=local)
def test_sparql_parses_with_its_declared_prefixes(node: Node, shapes: Graph) -> None:
    """Each query parses with the prefixes of its sh:prefixes, and no others."""
    prefixes = shapes.value(node, SH.prefixes)
    assert prefixes is not None, f"{local(node)} has no sh:prefixes"
    header = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for d in shapes.objects(prefixes, SH.declare)
    )
    select = str(shapes.value(node, SH.select)).replace("$this", "?this")
    prepareQuery(header + select)
    assert "?this" in select.split("WHERE")[0], f"{local(node)} must select $this"


# --- (b) every fixture --------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=fixture_id)
def test_fixture(fixture: Path, shapes: Graph) -> None:
    report = validate(load(fixture), shapes)
    expected = expectations(fixture)
    if fixture.name.startswith("valid-"):
        assert not expected, "a valid fixture expects nothing"
        assert report.conforms and not report.results, describe(report)
        return
    assert fixture.name.startswith("invalid-"), "fixtures are named valid-* or invalid-*"
    assert expected, "an invalid fixture must say what it fails with"
    unmet = [str(e) for e in expected if not any(e.met_by(r) for r in report.results)]
    assert not unmet, f"expected but not reported: {unmet}\n{describe(report)}"
    unexpected = [r for r in report.results if not any(e.met_by(r) for e in expected)]
    assert not unexpected, f"reported but not expected:\n{describe(report)}"


# --- (c) no shape without fixtures --------------------------------------------------------


@pytest.mark.parametrize("group", groups(_shapes()))
def test_every_node_shape_has_valid_and_invalid_fixtures(group: str) -> None:
    folder = FIXTURES / group
    assert folder.is_dir(), f"no fixtures for lexsh:{group} in {folder}"
    assert list(folder.glob("valid-*.ttl")), f"no valid fixture for lexsh:{group}"
    assert list(folder.glob("invalid-*.ttl")), f"no invalid fixture for lexsh:{group}"


def _expected_in_own_group() -> set[Node]:
    """Shapes and constraints expected by an invalid fixture of their own group's folder."""
    found: set[Node] = set()
    for fixture in FIXTURE_FILES:
        for e in expectations(fixture):
            for term in (e.shape, e.constraint):
                if term is not None and group_of(term) == fixture.parent.name:
                    found.add(term)
    return found


@pytest.mark.parametrize(
    "shape",
    sorted(
        {s for s in reporting_shapes(_shapes()) | sparql_constraints(_shapes())},
        key=str,
    ),
    ids=local,
)
def test_every_shape_and_constraint_is_proven_by_an_invalid_fixture(shape: Node) -> None:
    assert shape in _expected_in_own_group(), (
        f"no invalid fixture in {FIXTURES / group_of(shape)} expects lexsh:{local(shape)}"
    )


def test_fixture_folders_are_groups_and_expectations_name_real_terms(shapes: Graph) -> None:
    known = set(groups(shapes))
    assert {p.name for p in FIXTURES.iterdir()} <= known
    named = reporting_shapes(shapes) | sparql_constraints(shapes)
    for fixture in FIXTURE_FILES:
        assert fixture.name.startswith(("valid-", "invalid-")), fixture
        for e in expectations(fixture):
            assert e.shape in named or e.shape in node_shapes(shapes), f"{fixture}: {e}"
            assert e.component.startswith(str(SH)) and e.component.endswith("ConstraintComponent")
            if e.component == SH.SPARQLConstraintComponent:
                assert e.constraint in sparql_constraints(shapes), (
                    f"{fixture}: {e} names no constraint"
                )


def test_expectations_are_read_in_groups(tmp_path: Path) -> None:
    fixture = tmp_path / "invalid-x.ttl"
    fixture.write_text(
        "# Two problems.\n"
        "# expect-shape: lexsh:ParagraphShape-number\n"
        "# expect-component: sh:MinCountConstraintComponent\n"
        "# expect-shape: lexsh:ParagraphShape\n"
        "# expect-component: sh:SPARQLConstraintComponent\n"
        "# expect-constraint: lexsh:ParagraphShape-positionUnique\n"
        "\n# expect-shape: lexsh:NotAHeader\n",
        encoding="utf-8",
    )
    assert expectations(fixture) == [
        Expectation(LEXSH["ParagraphShape-number"], SH.MinCountConstraintComponent),
        Expectation(
            LEXSH.ParagraphShape,
            SH.SPARQLConstraintComponent,
            LEXSH["ParagraphShape-positionUnique"],
        ),
    ]


# --- (d) our own classes are closed -------------------------------------------------------


@pytest.mark.parametrize(
    "cls", [LEX.Clause, LEX.SpeechAct, LEX.ExtractionRule], ids=lambda c: c.fragment
)
def test_own_classes_have_closed_shapes(cls: URIRef, shapes: Graph) -> None:
    closed = [
        s
        for s in shapes.subjects(SH.targetClass, cls)
        if shapes.value(s, SH.closed) == Literal(True)
        and RDF.type in set(shapes.items(shapes.value(s, SH.ignoredProperties) or RDF.nil))
    ]
    assert closed, f"no sh:closed shape with sh:ignoredProperties (rdf:type) targets {cls.n3()}"


# --- (e) validate() and render() ----------------------------------------------------------

FAILING = FIXTURES / "ClauseShape" / "invalid-text-differs.ttl"
WARNING_ONLY = FIXTURES / "WorkShape" / "invalid-no-date-document.ttl"


def test_render_text(shapes: Graph) -> None:
    report = validate(load(FAILING), shapes)
    lines = render(report, "text").splitlines()
    assert lines[-1] == "Does not conform: 1 violation, 0 warnings."
    assert lines[0].startswith(
        "Violation lexid:eli/communique/2011/12/03/communique-special/para_1/fra/clause_1: "
    )
    assert lines[0].endswith(" [lexsh:ClauseShape]")
    assert report.exit_code == 1


def test_render_json(shapes: Graph) -> None:
    report = validate(load(FAILING), shapes)
    data = json.loads(render(report, "json"))
    assert data["conforms"] is False
    (result,) = data["results"]
    assert result["severity"] == "Violation"
    assert result["sourceShape"] == str(LEXSH.ClauseShape)
    assert result["sourceConstraint"] == str(LEXSH["ClauseShape-textMatchesParagraph"])
    assert result["sourceConstraintComponent"] == str(SH.SPARQLConstraintComponent)
    assert "substring of its paragraph text" in result["message"]


def test_render_turtle_parses_back(shapes: Graph) -> None:
    report = validate(load(FAILING), shapes)
    graph = Graph().parse(data=render(report, "turtle"), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    assert len(list(graph.objects(node, SH.result))) == len(report.results) == 1


def test_render_unknown_format(shapes: Graph) -> None:
    with pytest.raises(UsageError, match="xml"):
        render(validate(Graph(), shapes), "xml")


def test_warnings_alone_conform(shapes: Graph) -> None:
    report = validate(load(WARNING_ONLY), shapes)
    assert report.conforms and report.exit_code == 0
    assert [r.severity for r in report.results] == [Severity.WARNING]
    assert render(report, "text").splitlines()[-1] == "Conforms: 0 violations, 1 warning."


def test_result_fields(shapes: Graph) -> None:
    fixture = FIXTURES / "ParagraphShape" / "invalid-no-number.ttl"
    (result,) = validate(load(fixture), shapes).results
    assert result.focus_node == URIRef(
        "https://w3id.org/lexgraph/id/eli/communique/2011/12/03/communique-special/para_1"
    )
    assert result.path == URIRef("http://data.europa.eu/eli/ontology#number")
    assert result.source_shape == LEXSH["ParagraphShape-number"]
    assert result.constraint_component == SH.MinCountConstraintComponent
    assert result.severity is Severity.VIOLATION
    assert result.value is None and result.source_constraint is None
    assert result.message.startswith("A paragraph has exactly one eli:number")


def test_sparql_result_message_is_the_constraints_own(shapes: Graph) -> None:
    """Regression: pySHACL also gives a SPARQL result the message of the shape holding the
    constraint (lexsh:ClauseShape's closed-shape message); we keep the constraint's."""
    report = validate(load(FAILING), shapes)
    (result,) = report.results
    assert "only the properties" not in result.message
    messages = list(report.graph.objects(None, SH.resultMessage))
    assert len(messages) == 1 and "substring" in str(messages[0])


def test_complex_paths_are_read(shapes: Graph) -> None:
    fixture = FIXTURES / "ConceptShape" / "invalid-no-english-label.ttl"
    (result,) = validate(load(fixture), shapes).results
    assert result.path is not None and not isinstance(result.path, (URIRef, BNode))
    assert "rdfs:label|skos:prefLabel" in render(validate(load(fixture), shapes), "text")


def test_validate_leaves_the_data_alone(shapes: Graph) -> None:
    data = load(FAILING)
    before = set(data)
    validate(data, shapes)
    assert set(data) == before


def test_load_shapes_reports_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "good.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n    ex:d .\n")
    with pytest.raises(RDFSyntaxError, match=rf"^{bad}:4: "):
        load_shapes(tmp_path)


def test_load_shapes_needs_shapes(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no shapes"):
        load_shapes(tmp_path)
    with pytest.raises(InputError, match="no such"):
        load_shapes(tmp_path / "missing")
