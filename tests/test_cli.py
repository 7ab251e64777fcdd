"""Tests of the lexgraph command: output, exit codes, and one-line errors on bad input.

Bad input must give one line ``lexgraph: error: ...`` on stderr and exit 2, never a
traceback. The build and validate commands are driven here with stand-ins for
``lexgraph.build`` and ``lexgraph.validate`` (their own tests live with them), plus the
real modules where they are installed.
"""

from __future__ import annotations

import errno
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from lexgraph import textio
from lexgraph.cli import cli
from lexgraph.export import serialize
from lexgraph.textio import read_text

OneLineError = Callable[..., str]
WriteFile = Callable[[str, bytes | str], Path]

COMMANDS = ["build", "validate", "query", "export", "stats"]


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args])


# --- stand-ins for lexgraph.build and lexgraph.validate ----------------------------------


@dataclass
class FakeBuildResult:
    graph: Graph
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass
class FakeResult:
    severity: str
    message: str
    focus: str = ""


@dataclass
class FakeReport:
    results: list[FakeResult]

    @property
    def conforms(self) -> bool:
        return not any(r.severity.endswith("Violation") for r in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1


@pytest.fixture
def fake_pipeline(
    monkeypatch: pytest.MonkeyPatch, small_graph: Graph, tmp_path: Path
) -> dict[str, Any]:
    """Install stand-in build/validate modules; the returned dict steers them."""
    state: dict[str, Any] = {"results": [], "warnings": [], "rendered": []}

    def build(texts: Sequence[Path] | None = None) -> FakeBuildResult:
        for text in texts or []:
            read_text(text)  # what the real build does first with each text
        out = tmp_path / "lexgraph.ttl"
        out.write_bytes(serialize(small_graph, "turtle"))
        return FakeBuildResult(
            small_graph, [out], list(state["warnings"]), [str(t) for t in texts or []]
        )

    def validate(graph: Graph) -> FakeReport:
        return FakeReport(list(state["results"]))

    def render(report: FakeReport, fmt: str) -> str:
        state["rendered"].append(fmt)
        return f"rendered as {fmt}\n"

    build_module = types.ModuleType("lexgraph.build")
    build_module.build = build  # type: ignore[attr-defined]
    validate_module = types.ModuleType("lexgraph.validate")
    validate_module.validate = validate  # type: ignore[attr-defined]
    validate_module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lexgraph.build", build_module)
    monkeypatch.setitem(sys.modules, "lexgraph.validate", validate_module)
    return state


# --- version and help --------------------------------------------------------------------


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"lexgraph {importlib.metadata.version('lexgraph')}\n"


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_has_examples(runner: CliRunner, command: list[str]) -> None:
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "  lexgraph " in result.stdout


# --- stats, query, export ----------------------------------------------------------------


def test_stats(runner: CliRunner, small_graph_file: Path) -> None:
    result = invoke(runner, "stats", "--data", small_graph_file)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["triples", "31"]
    assert ["eli:LegalExpression", "2"] in [line.split() for line in lines]
    assert ["schema:Event", "1"] in [line.split() for line in lines]


def test_stats_json(runner: CliRunner, small_graph_file: Path) -> None:
    result = invoke(runner, "stats", "--data", small_graph_file, "--format", "json")
    counts = json.loads(result.stdout)
    assert counts["triples"] == 31
    assert counts["classes"]["schema:City"] == 1


def test_data_is_repeatable(
    runner: CliRunner, small_graph_file: Path, write_file: WriteFile
) -> None:
    extra = write_file(
        "extra.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    )
    result = invoke(runner, "stats", "--data", small_graph_file, "--data", extra)
    assert result.stdout.splitlines()[0].split() == ["triples", "32"]


def test_query_expression(runner: CliRunner, small_graph_file: Path) -> None:
    sparql = "SELECT ?label WHERE { ?a skos:prefLabel ?label }"
    result = invoke(runner, "query", "--data", small_graph_file, "-e", sparql, "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout_bytes.decode().split("\r\n")
    assert header == "label"
    assert sorted(rows) == ["", "Estados", "States", "États"]  # "": after the last CRLF


def test_query_file(runner: CliRunner, small_graph_file: Path, write_file: WriteFile) -> None:
    query = write_file(
        "q.rq", "#+ summary: Which works?\nSELECT ?w WHERE { ?w a eli:LegalResource }\n"
    )
    result = invoke(runner, "query", query, "--data", small_graph_file)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == (
        "lexid:eli/communique/caracas/2011/12/03/communique-special-test"
    )


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt", "nq", "trig", "xml"])
def test_export_stdout_and_file(
    runner: CliRunner, small_graph_file: Path, tmp_path: Path, fmt: str
) -> None:
    expected = serialize(Graph().parse(small_graph_file), fmt)
    result = invoke(runner, "export", "--data", small_graph_file, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == expected
    out = tmp_path / f"out.{fmt}"
    result = invoke(runner, "export", "--data", small_graph_file, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == expected
    assert result.stdout == ""


# --- one-line errors ---------------------------------------------------------------------


def test_missing_data_file(runner: CliRunner, tmp_path: Path, one_line_error: OneLineError) -> None:
    missing = tmp_path / "nowhere.ttl"
    one_line_error(invoke(runner, "stats", "--data", missing), f"{missing}: no such file")


def test_unknown_data_extension(
    runner: CliRunner, write_file: WriteFile, one_line_error: OneLineError
) -> None:
    path = write_file("graph.csv", "a,b\n")
    one_line_error(invoke(runner, "stats", "--data", path), "unknown RDF file extension '.csv'")


def test_malformed_turtle_names_file_and_line(
    runner: CliRunner,
    fake_pipeline: dict[str, Any],
    write_file: WriteFile,
    one_line_error: OneLineError,
) -> None:
    path = write_file(
        "bad.ttl",
        "@prefix ex: <http://example.org/> .\n\n"
        "ex:a ex:b ex:c .\n"
        "ex:d ex:e ex:f\n"  # no final dot: the parser stops on line 5
        "ex:g ex:h ex:i .\n",
    )
    for command in ("stats", "export", "validate", "query"):
        args = ["-e", "ASK {}"] if command == "query" else []
        one_line_error(invoke(runner, command, "--data", path, *args), f"{path}:5: ")


def test_malformed_ntriples_names_file_and_line(
    runner: CliRunner, write_file: WriteFile, one_line_error: OneLineError
) -> None:
    good = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    path = write_file(
        "bad.nt", good * 3 + "<http://example.org/a> <http://example.org/b> .\n" + good
    )
    one_line_error(invoke(runner, "stats", "--data", path), f"{path}:4: invalid N-Triples")


GOOD_NT = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("truncated.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b", ":2: unexpected end"),
        ("bom.ttl", '\ufeff@prefix ex: <x> .\nex:a ex:b ex:c .\nex:d ex:e "x\n', ":3: newline"),
        (
            "bad.trig",
            "@prefix ex: <http://e/> .\nex:g {\n ex:a ex:b ex:c .\n ex:x ex:y }\n",
            ":4: ",
        ),
        ("bad.nq", GOOD_NT * 2 + "<http://a> <http://b> .\n", ":3: invalid N-Quads statement"),
        ("bad.jsonld", '{\n  "@id": "http://example.org/a",\n  "http://e/b": [\n', ":4: "),
        ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x">\n<a>\n</rdf:RDF>\n', ":4: "),
        ("latin1.ttl", b'@prefix ex: <x> .\nex:a ex:b "caf\xe9" .\n', ":2: not UTF-8"),
    ],
)
def test_malformed_rdf_names_file_and_line(
    runner: CliRunner,
    write_file: WriteFile,
    one_line_error: OneLineError,
    name: str,
    content: str | bytes,
    expected: str,
) -> None:
    path = write_file(name, content)
    one_line_error(invoke(runner, "stats", "--data", path), f"{path}{expected}")


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "n3"],
        ["query", "-e", "ASK {}", "--format", "xlsx"],
        ["validate", "--format", "html"],
        ["stats", "--format", "yaml"],
    ],
    ids=lambda args: args[0],
)
def test_unknown_format(
    runner: CliRunner, small_graph_file: Path, one_line_error: OneLineError, args: list[str]
) -> None:
    result = invoke(runner, *args, "--data", small_graph_file)
    one_line_error(result, "Invalid value for '--format'", "is not one of")


def test_query_syntax_error_has_line_and_column(
    runner: CliRunner, small_graph_file: Path, write_file: WriteFile, one_line_error: OneLineError
) -> None:
    query = write_file(
        "broken.rq",
        "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nSELECT ?w\nWHERE {\n  ?w a }\n",
    )
    one_line_error(invoke(runner, "query", query, "--data", small_graph_file), f"{query}:4:")


def test_query_syntax_error_before_loading_data(
    runner: CliRunner, tmp_path: Path, one_line_error: OneLineError
) -> None:
    result = invoke(runner, "query", "-e", "SELEKT ?x", "--data", tmp_path / "missing.ttl")
    one_line_error(result, "<-e>:1:1: ")


@pytest.mark.parametrize("args", [[], ["q.rq", "-e", "ASK {}"]], ids=["neither", "both"])
def test_query_needs_one_query(
    runner: CliRunner, small_graph_file: Path, one_line_error: OneLineError, args: list[str]
) -> None:
    one_line_error(invoke(runner, "query", *args, "--data", small_graph_file), "FILE.rq or as -e")


def test_missing_query_file(
    runner: CliRunner, small_graph_file: Path, tmp_path: Path, one_line_error: OneLineError
) -> None:
    missing = tmp_path / "missing.rq"
    one_line_error(
        invoke(runner, "query", missing, "--data", small_graph_file), f"{missing}: no such file"
    )


def test_export_into_a_missing_directory(
    runner: CliRunner, small_graph_file: Path, tmp_path: Path, one_line_error: OneLineError
) -> None:
    out = tmp_path / "missing" / "out.ttl"
    result = invoke(runner, "export", "--data", small_graph_file, "-o", out)
    one_line_error(result, str(out), "no such directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.ttl"]


def test_failed_write_keeps_the_old_file(
    runner: CliRunner,
    small_graph_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_line_error: OneLineError,
) -> None:
    out = tmp_path / "out.ttl"
    out.write_text("old content\n")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(textio.os, "fsync", disk_full)
    result = invoke(runner, "export", "--data", small_graph_file, "-o", out)
    one_line_error(result, f"{out}: {os.strerror(errno.ENOSPC)}")
    assert out.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl", "small.ttl"]


def test_failed_serialisation_keeps_the_old_file(
    runner: CliRunner, write_file: WriteFile, tmp_path: Path, one_line_error: OneLineError
) -> None:
    # RDF/XML cannot write a predicate whose IRI does not split into a QName.
    data = write_file("odd.nt", '<http://example.org/a> <http://example.org/123> "x" .\n')
    out = write_file("out.rdf", "old content\n")
    result = invoke(runner, "export", "--data", data, "--format", "xml", "-o", out)
    one_line_error(result, "cannot write this graph as xml")
    assert out.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd.nt", "out.rdf"]


def test_output_is_a_directory(
    runner: CliRunner, small_graph_file: Path, tmp_path: Path, one_line_error: OneLineError
) -> None:
    one_line_error(
        invoke(runner, "export", "--data", small_graph_file, "-o", tmp_path), "is a directory"
    )


def test_no_built_graph(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_line_error: OneLineError
) -> None:
    monkeypatch.setenv("LEXGRAPH_HOME", str(tmp_path))
    one_line_error(invoke(runner, "stats"), "run 'lexgraph build' first")


def test_unknown_command_and_option(runner: CliRunner, one_line_error: OneLineError) -> None:
    one_line_error(invoke(runner, "frobnicate"), "No such command 'frobnicate'")
    one_line_error(invoke(runner, "stats", "--fromat", "json"), "No such option '--fromat'")


def test_interrupt_exits_130_quietly(
    runner: CliRunner, small_graph_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(paths: Sequence[Path]) -> Graph:
        raise KeyboardInterrupt

    monkeypatch.setattr("lexgraph.cli.load_graph", interrupted)
    result = invoke(runner, "stats", "--data", small_graph_file)
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert result.stderr.strip() == ""


# --- build and validate, with stand-ins --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.txt", b"1. R\xe9union\n", ":1: not UTF-8: invalid byte 0xe9 at byte offset 4"),
    ],
)
def test_build_bad_text(
    runner: CliRunner,
    fake_pipeline: dict[str, Any],
    write_file: WriteFile,
    one_line_error: OneLineError,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    path = write_file(name, content)
    one_line_error(invoke(runner, "build", path), str(path), expected)


def test_build_missing_text(
    runner: CliRunner, fake_pipeline: dict[str, Any], tmp_path: Path, one_line_error: OneLineError
) -> None:
    missing = tmp_path / "missing.txt"
    one_line_error(invoke(runner, "build", missing), f"{missing}: no such file")


def test_build_summary(
    runner: CliRunner, fake_pipeline: dict[str, Any], write_file: WriteFile, tmp_path: Path
) -> None:
    fake_pipeline["warnings"] = ["a.txt: paragraph 4: verb 'encouragent' misspelt"]
    fake_pipeline["results"] = [FakeResult("http://www.w3.org/ns/shacl#Warning", "odd")]
    text = write_file("a.txt", "1. Texte\n")
    result = invoke(runner, "build", text)
    assert result.exit_code == 0, result.output
    assert result.stderr == "lexgraph: warning: a.txt: paragraph 4: verb 'encouragent' misspelt\n"
    out = result.stdout
    assert "documents built: 1" in out
    assert "eli:LegalResource" in out and "triples" in out
    assert "validation: 0 violations, 1 warnings: conforms" in out
    assert "lexgraph.ttl" in out.split("written:")[1]


def test_build_exit_code_is_the_reports(
    runner: CliRunner, fake_pipeline: dict[str, Any], write_file: WriteFile
) -> None:
    fake_pipeline["results"] = [
        FakeResult("sh:Violation", "bad"),
        FakeResult("sh:Violation", "worse"),
    ]
    result = invoke(runner, "build", write_file("a.txt", "1. Texte\n"))
    assert result.exit_code == 1
    assert "validation: 2 violations, 0 warnings: does not conform" in result.stdout


@pytest.mark.parametrize(("severity", "code"), [("sh:Warning", 0), ("sh:Violation", 1)])
def test_validate_passes_format_and_exit_code(
    runner: CliRunner,
    fake_pipeline: dict[str, Any],
    small_graph_file: Path,
    severity: str,
    code: int,
) -> None:
    fake_pipeline["results"] = [FakeResult(severity, "x")]
    result = invoke(runner, "validate", "--data", small_graph_file, "--format", "json")
    assert result.exit_code == code
    assert result.stdout == "rendered as json\n"
    assert fake_pipeline["rendered"] == ["json"]


# --- build with the real pipeline, where it is installed ---------------------------------

_REAL = all(
    importlib.util.find_spec(name) is not None for name in ("lexgraph.build", "lexgraph.validate")
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x00\x01\x02", "binary file"),
        ("latin1.txt", b"1. R\xe9union\n", "not UTF-8: invalid byte 0xe9 at byte offset 4"),
    ],
)
def test_real_build_bad_text(
    runner: CliRunner,
    isolated_home: Path,
    tmp_path: Path,
    one_line_error: OneLineError,
    name: str,
    content: bytes | None,
    expected: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    one_line_error(invoke(runner, "build", path), str(path), expected)
    assert list((isolated_home / "data").iterdir()) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Titre\n\nDu texte sans numéro.\n", "no numbered paragraphs"),
        ("Titre\n\n1. Un.\n2. Deux.\n2. Encore.\n", ":5: duplicate paragraph number 2"),
    ],
)
def test_real_build_untrustworthy_structure(
    runner: CliRunner,
    isolated_home: Path,
    write_file: WriteFile,
    one_line_error: OneLineError,
    content: str,
    expected: str,
) -> None:
    path = write_file("declaration.txt", content)
    one_line_error(invoke(runner, "build", path), expected)
    assert list((isolated_home / "data").iterdir()) == []


@pytest.mark.parametrize(("folder", "name"), [("ontology", "topics.ttl"), ("shapes", "event.ttl")])
def test_malformed_turtle_in_project_folders_names_file_and_line(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_line_error: OneLineError,
    folder: str,
    name: str,
) -> None:
    repo = Path(__file__).resolve().parents[1]
    home = tmp_path / "home"
    for sub in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(repo / sub, home / sub)
    broken = home / folder / name
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines.insert(11, "this is not turtle .")
    broken.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("LEXGRAPH_HOME", str(home))
    command = "build" if folder == "ontology" else "validate"
    args = [home / "data" / "000_da563d301c0450ee.txt"] if command == "build" else []
    one_line_error(invoke(runner, command, *args), f"{broken}:12")
    assert (home / "data" / "lexgraph.ttl").read_bytes() == (
        repo / "data" / "lexgraph.ttl"
    ).read_bytes(), "nothing written over the built graph"


# --- the console script ------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("lexgraph")


def run_script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *(str(a) for a in args)], capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed next to python")
def test_console_script(small_graph_file: Path, write_file: WriteFile) -> None:
    version = run_script("--version")
    assert (version.returncode, version.stdout) == (
        0,
        f"lexgraph {importlib.metadata.version('lexgraph')}\n",
    )

    stats = run_script("stats", "--data", small_graph_file)
    assert stats.returncode == 0 and "triples" in stats.stdout

    for fmt in ("turtle", "jsonld", "nt", "nq", "trig", "xml"):  # and no warning on stderr
        exported = run_script("export", "--data", small_graph_file, "--format", fmt)
        assert (exported.returncode, exported.stderr) == (0, ""), fmt

    for args, fragment in [
        (("export", "--format", "bogus", "--data", small_graph_file), "'bogus' is not one of"),
        (
            ("stats", "--data", write_file("bad.ttl", "@prefix ex: <x> .\nex:a ex:b\n")),
            "bad.ttl:2: ",
        ),
    ]:
        failed = run_script(*args)
        assert failed.returncode == 2
        assert "Traceback" not in failed.stderr
        lines = failed.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("lexgraph: error: ") and fragment in lines[0]
