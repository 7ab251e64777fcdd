"""The ``lexgraph`` command: it parses options, calls the library and renders results.

Exit codes: 0 success (``validate``: the graph conforms), 1 the graph does not conform to
the shapes, 2 an error (one line on stderr: ``lexgraph: error: ...``), 130 interrupted.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import Graph

from lexgraph import __version__, export, paths, query
from lexgraph.corpus_cli import (
    jobs_option,
    store_export,
    store_graph,
    store_option,
    store_query,
    validation_progress,
)
from lexgraph.errors import LexgraphError, UsageError
from lexgraph.stats import render as render_stats
from lexgraph.stats import stats as count
from lexgraph.store import default_paths, load_graph
from lexgraph.textio import atomic_write

EXIT_OK = 0
EXIT_DOES_NOT_CONFORM = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _error(message: str) -> None:
    click.echo(f"lexgraph: error: {_one_line(message)}", err=True)


def _warning(message: str) -> None:
    click.echo(f"lexgraph: warning: {_one_line(message)}", err=True)


def _os_message(error: OSError) -> str:
    if error.filename is None:
        return str(error)
    where = str(error.filename)
    if error.filename2 is not None:
        where += f" -> {error.filename2}"
    return f"{where}: {error.strerror or error}"


def _usage_message(error: click.ClickException) -> str:
    message = error.format_message()
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


class _Group(click.Group):
    """A group whose every error is one line on stderr and an exit code, not a traceback."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(args, prog_name or "lexgraph", complete_var, False, **extra)
            code = rv if isinstance(rv, int) else EXIT_OK
        except (click.exceptions.Abort, KeyboardInterrupt):
            code = EXIT_INTERRUPTED
        except click.ClickException as e:
            _error(_usage_message(e))
            code = EXIT_ERROR
        except LexgraphError as e:
            _error(str(e))
            code = EXIT_ERROR
        except OSError as e:
            _error(_os_message(e))
            code = EXIT_ERROR
        if standalone_mode:
            sys.exit(code)
        return code


def _display(path: Path) -> str:
    """A path relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def data_option(function: F) -> F:
    """``--data FILE`` (repeatable), replacing the default graph."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        metavar="FILE",
        type=click.Path(path_type=Path),
        help="RDF file to read, format from its extension (repeatable). "
        "Default: data/lexgraph.ttl and ontology/*.ttl.",
    )(function)


def _graph(data: Sequence[Path]) -> Graph:
    return load_graph(list(data) if data else default_paths())


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  lexgraph build                      # data/*.txt -> data/lexgraph.ttl, validated
  lexgraph query queries/paragraphs.rq
  lexgraph export --format jsonld -o lexgraph.jsonld

\b
Exit codes: 0 success (validate: conforms), 1 does not conform, 2 error,
130 interrupted.""",
)
@click.version_option(
    __version__, "-V", "--version", prog_name="lexgraph", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Legal and diplomatic texts as a validated linked-data knowledge graph."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _severity(result: Any) -> str:
    """``violation``, ``warning`` or ``info``, however the severity is written."""
    return re.split(r"[#/:]", str(getattr(result, "severity", "")))[-1].lower()


def _import_missing(error: ModuleNotFoundError, module: str) -> None:
    if error.name == module:
        raise UsageError(f"{module} is not available in this installation") from None


@cli.command(
    short_help="Build the graph from texts, then validate it.",
    epilog="""\b
Examples:
  lexgraph build
  lexgraph build data/000_da563d301c0450ee.txt""",
)
@click.argument("texts", nargs=-1, metavar="[TEXT]...", type=click.Path(path_type=Path))
def build(texts: tuple[Path, ...]) -> int:
    """Build the graph from TEXT files (default: every data/*.txt), then validate it.

    Prints the documents built, instances by class, the validation verdict and the files
    written. Exit code: 0 conforms, 1 does not conform, 2 error.
    """
    try:
        from lexgraph.build import build as build_graph
    except ModuleNotFoundError as e:
        _import_missing(e, "lexgraph.build")
        raise
    try:
        from lexgraph.validate import validate as validate_graph
    except ModuleNotFoundError as e:
        _import_missing(e, "lexgraph.validate")
        raise

    result = build_graph(list(texts))
    for warning in result.warnings:
        _warning(warning)
    report = validate_graph(result.graph)

    severities = [_severity(r) for r in report.results]
    verdict = "conforms" if report.conforms else "does not conform"
    lines = [f"documents built: {len(result.documents)}"]
    lines += [f"  {document}" for document in result.documents]
    lines += ["", render_stats(count(result.graph)).rstrip("\n"), ""]
    lines.append(
        f"validation: {severities.count('violation')} violations, "
        f"{severities.count('warning')} warnings: {verdict}"
    )
    if not report.conforms:
        lines.append("  (run 'lexgraph validate' for the details)")
    lines.append("written:")
    lines += [f"  {_display(path)}" for path in result.written]
    click.echo("\n".join(lines))
    return int(report.exit_code)


@cli.command(
    epilog="""\b
Examples:
  lexgraph validate
  lexgraph validate --data my-graph.ttl --format json
  lexgraph validate --store corpus/            # compiled SPARQL, on the store itself"""
)
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="Report format: text for people, the SHACL report graph in Turtle, or JSON.",
)
@store_option
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default=None,
    help="sparql: the shapes compiled to SPARQL queries run by Oxigraph (fast; the default "
    "with --store); pyshacl: pySHACL on an in-memory rdflib graph (the reference; the "
    "default with --data). Both report the same results.",
)
@jobs_option("With the sparql engine: checks run at once, in threads (default: one a CPU).")
def validate(
    data: tuple[Path, ...],
    fmt: str,
    store: Path | None = None,
    engine: str | None = None,
    jobs: int | None = None,
) -> int:
    """Validate the graph against the SHACL shapes in shapes/.

    Exit code: 0 conforms, 1 does not conform, 2 error.
    """
    engine = engine or ("sparql" if store is not None else "pyshacl")
    try:
        from lexgraph.validate import render
        from lexgraph.validate import validate as validate_graph
    except ModuleNotFoundError as e:
        _import_missing(e, "lexgraph.validate")
        raise
    if engine == "sparql":
        from lexgraph.shacl_sparql import validate_graph_natively, validate_store_dir

        threads = jobs or os.cpu_count() or 1
        if store is not None:
            report = validate_store_dir(store, progress=validation_progress, jobs=threads)
        else:
            report = validate_graph_natively(_graph(data), jobs=threads)
    else:
        report = validate_graph(store_graph(store) if store is not None else _graph(data))
    click.echo(str(render(report, fmt)).rstrip("\n"))
    return int(report.exit_code)


@cli.command(
    "query",
    epilog="""\b
Examples:
  lexgraph query queries/paragraphs.rq
  lexgraph query -e 'SELECT ?work WHERE { ?work a eli:LegalResource }' --format csv
  lexgraph query --data my-graph.ttl --format json my-question.rq""",
)
@click.argument("file", required=False, metavar="[FILE.rq]", type=click.Path(path_type=Path))
@click.option("-e", "--expression", metavar="SPARQL", help="The query text itself.")
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(query.FORMATS),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, or the SPARQL 1.1 csv, tsv or json results formats. "
    "CONSTRUCT/DESCRIBE: table (Turtle), json (JSON-LD) or an export format.",
)
@click.option(
    "--endpoint", metavar="URL", help="Ask this SPARQL endpoint instead of the local graph."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    help="With --endpoint: give up after S seconds (default 60).",
)
@click.option(
    "--default-graph",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: query the merge of these named graphs (repeatable).",
)
@store_option
def query_(
    file: Path | None,
    expression: str | None,
    data: tuple[Path, ...],
    fmt: str,
    endpoint: str | None = None,
    timeout: float | None = None,
    default_graph: tuple[str, ...] = (),
    store: Path | None = None,
) -> None:
    """Run a SPARQL query from FILE.rq ('-' for stdin) or from -e.

    The prefixes of lexgraph's namespaces (lex:, lexid:, eli:, schema:...) may be used
    without declaring them.
    """
    if (file is None) == (expression is None):
        raise UsageError("give the query as FILE.rq or as -e SPARQL (one of them)")
    if expression is not None:
        sparql, source = expression, "<-e>"
    elif str(file) == "-":
        sparql, source = sys.stdin.read(), "<stdin>"
    else:
        assert file is not None
        sparql, source = query.read_query(file), str(file)
    prepared = query.prepare(sparql, source)  # a syntax error fails before loading data
    if endpoint is not None or timeout is not None or default_graph:
        from lexgraph.remote_cli import remote_query  # issue 4: remote endpoints

        if endpoint is None or data:
            raise UsageError("--timeout and --default-graph need --endpoint; --data excludes it")
        return remote_query(
            endpoint, sparql, source, fmt, timeout=timeout, default_graphs=default_graph
        )
    if store is not None:  # issue 6: the corpus store, queried natively
        return store_query(store, sparql, fmt)
    result = query.run_query(_graph(data), prepared, source)
    click.echo(query.format_result(result, fmt), nl=False)


@cli.command(
    "export",
    epilog="""\b
Examples:
  lexgraph export --format jsonld -o lexgraph.jsonld
  lexgraph export --data my-graph.ttl --format nt > my-graph.nt
  lexgraph export --no-linkset -o communique-only.ttl""",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(export.FORMATS)),
    default="turtle",
    show_default=True,
    help="Output format; the same graph always gives the same bytes.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE (atomically: the old file stays whole if anything fails). Default: stdout.",
)
@data_option
@click.option(
    "--linkset/--no-linkset",
    default=None,
    help="Include the links into other datasets (data/linkset.ttl). "
    "Default: included with the default data, not with --data.",
)
@store_option
def export_(
    fmt: str,
    output: Path | None,
    data: tuple[Path, ...],
    linkset: bool | None,
    store: Path | None = None,
) -> None:
    """Write the graph in another RDF format."""
    if store is not None:  # issue 6: the corpus store, streamed
        store_export(store, fmt, output)
        return
    if data:
        files = list(data)
        if linkset:
            files.append(paths.data_dir() / paths.LINKSET_NAME)
    else:
        files = default_paths(linkset=linkset is not False)
    payload = export.serialize(load_graph(files), fmt)
    if output is None:
        click.echo(payload, nl=False)  # bytes go to the binary stream, untouched
    else:
        atomic_write(output, payload)


@cli.command(
    epilog="""\b
Examples:
  lexgraph stats
  lexgraph stats --data my-graph.ttl --format json"""
)
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text tables, or a JSON object.",
)
@store_option
def stats(data: tuple[Path, ...], fmt: str, store: Path | None = None) -> None:
    """Count triples, subjects and instances by class."""
    counts = count(store_graph(store) if store is not None else _graph(data))
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        click.echo(render_stats(counts), nl=False)


def _link_command() -> None:
    from lexgraph.link_cli import link

    cli.add_command(link)


_link_command()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (the ``lexgraph`` console script) and return its exit code."""
    code: int = cli.main(args=argv, prog_name="lexgraph", standalone_mode=False)
    return code


__all__ = ["cli", "main"]

from lexgraph.remote_cli import pull, push  # noqa: E402  (issue 4)

for _command in (push, pull):
    cli.add_command(_command)

from lexgraph.serve_cli import serve  # noqa: E402  (issue 5)

cli.add_command(serve)

from lexgraph.corpus_cli import compare_, ingest_  # noqa: E402  (issue 6)

for _command in (ingest_, compare_):
    cli.add_command(_command)
