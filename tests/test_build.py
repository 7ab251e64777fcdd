"""The committed graph is what the pipeline makes of the text, the build is deterministic,
and the shapes notice when a required fact goes missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import SDO

from lexgraph import paths
from lexgraph.build import build_graph, default_texts
from lexgraph.cli import cli
from lexgraph.export import serialize
from lexgraph.namespaces import ELI, OA
from lexgraph.textio import sha256_file
from tests.servers import require

ID = "https://w3id.org/lexgraph/id/"
WORK = (
    ID + "eli/communique/caracas/2011/12/03/"
    "communique-special-sur-la-situation-des-droits-de-l-homme-des-personnes-migrantes"
)
BUILT = paths.data_dir() / paths.BUILT_GRAPH_NAME


@pytest.fixture(scope="module")
def built() -> Graph:
    return Graph().parse(BUILT)


def test_seed_copy_is_verbatim() -> None:
    seed = paths.home().parent / "shared" / "seeds" / "000_da563d301c0450ee.txt"
    copy = paths.data_dir() / "000_da563d301c0450ee.txt"
    require(seed.exists(), f"{seed} is not beside this checkout")
    assert sha256_file(copy) == sha256_file(seed)


def test_fresh_build_reproduces_committed_graph_byte_for_byte() -> None:
    fresh = serialize(build_graph(default_texts()).graph, "turtle")
    assert fresh == BUILT.read_bytes(), "run 'lexgraph build' and commit data/lexgraph.ttl"


def test_build_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"g{seed}.ttl"
        code = (
            "import sys; from pathlib import Path; from lexgraph.build import build;"
            "build(None, Path(sys.argv[1]))"
        )
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_committed_graph_holds_the_communique(built: Graph) -> None:
    work = URIRef(WORK)
    assert len(list(built.objects(work, ELI.has_part))) == 10
    assert str(built.value(work, ELI.date_document)) == "2011-12-03"
    assert built.value(work, ELI.passed_by) == URIRef(
        ID + "actor/heads-of-state-and-government-lac"
    )


def _paragraph(n: int) -> URIRef:
    return URIRef(f"{WORK}/para_{n}")


REMOVALS = {
    "paragraph-number": (
        lambda g: (_paragraph(3), ELI.number, g.value(_paragraph(3), ELI.number)),
        "ParagraphShape-number",
    ),
    "meeting-start-date": (
        lambda g: (
            URIRef(ID + "event/2011-06-27/lima/meeting"),
            SDO.startDate,
            g.value(URIRef(ID + "event/2011-06-27/lima/meeting"), SDO.startDate),
        ),
        "EventShape",
    ),
    "annotation-offset": (
        lambda g: (
            URIRef(f"{WORK}/para_2/fra/mention/place/126-130/position"),
            OA.start,
            g.value(URIRef(f"{WORK}/para_2/fra/mention/place/126-130/position"), OA.start),
        ),
        "TextPositionSelectorShape-start",
    ),
    "paragraph-text": (
        lambda g: (
            URIRef(f"{WORK}/para_5/fra"),
            SDO.text,
            g.value(URIRef(f"{WORK}/para_5/fra"), SDO.text),
        ),
        "ParagraphTextShape-text",
    ),
}


@pytest.mark.parametrize("case", sorted(REMOVALS))
def test_removing_a_required_triple_fails_validation(
    case: str, built: Graph, tmp_path: Path
) -> None:
    pick, shape = REMOVALS[case]
    triple = pick(built)
    assert triple[2] is not None, "the triple to remove is in the committed graph"
    broken = Graph()
    broken += built
    broken.remove(triple)
    data = tmp_path / "broken.ttl"
    data.write_bytes(serialize(broken, "turtle"))
    result = CliRunner().invoke(cli, ["validate", "--data", str(data)])
    assert result.exit_code == 1, result.output
    node = str(triple[0]).replace(ID, "lexid:")
    lines = [line for line in result.output.splitlines() if f"[lexsh:{shape}]" in line]
    assert any(node in line for line in lines), result.output


def test_committed_graph_conforms() -> None:
    result = CliRunner().invoke(cli, ["validate", "--data", str(BUILT)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output.lower()
