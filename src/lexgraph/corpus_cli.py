"""``lexgraph ingest`` and ``lexgraph compare``: options in, library calls, results out."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO

import click
from rdflib import Graph, URIRef

from lexgraph import align, corpus, export, ingest, query
from lexgraph.errors import UsageError
from lexgraph.store import rdf_format
from lexgraph.textio import atomic_file, atomic_write
from lexgraph.vocabulary import Vocabulary

EXIT_SAME = 0
EXIT_DIFFERENT = 1


def _warning(message: str) -> None:
    click.echo(f"lexgraph: warning: {' '.join(message.split())}", err=True)


def show_progress() -> bool:
    """Progress bars only on a terminal, never in pipes or CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[object], None] | None]:
    if not show_progress() or total < 2:
        yield None
        return
    with click.progressbar(
        length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True
    ) as bar:
        yield lambda _done: bar.update(1)


def validation_progress(total: int) -> AbstractContextManager[Callable[[object], None] | None]:
    """A bar over the ``total`` checks of a store's validation, on a terminal only."""
    return _progress(total, "validating")


_lang_option = click.option(
    "--lang",
    type=click.Choice(ingest.LANG_CHOICES),
    default=ingest.AUTO,
    show_default=True,
    help="Language of the texts; auto detects it for each document.",
)


def store_option(function: Callable[..., object]) -> Callable[..., object]:
    """``--store DIR``: the corpus store to use."""
    return click.option(
        "--store",
        "store",
        metavar="DIR",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help=f"Corpus store folder (default for ingest: ./{corpus.DEFAULT_STORE}).",
    )(function)


def jobs_option(help: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """``--jobs/-j N``: how much to run at once (default: one a CPU)."""
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help=help)


@click.command(
    "ingest",
    short_help="Read declarations into the corpus store (or a file).",
    epilog="""\b
Examples:
  lexgraph ingest data/*.txt ../shared/corpus/*.txt
  lexgraph ingest --lang es declaracion.txt -o declaracion.ttl
  lexgraph ingest --store corpus/ texts/*.txt""",
)
@click.argument(
    "files", nargs=-1, required=True, metavar="FILE...", type=click.Path(path_type=Path)
)
@_lang_option
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the documents' graphs to OUT (format from its extension) instead of a store.",
)
@store_option
@jobs_option(
    "Worker processes that read and assemble documents for the store (default: one a CPU)."
)
def ingest_(
    files: tuple[Path, ...], lang: str, output: Path | None, store: Path | None, jobs: int | None
) -> int:
    """Read declarations from FILE... into the corpus: each language version of each
    document in its own named graph, the versions of one declaration grouped into one
    work with their paragraphs aligned.

    Copes with front matter (YAML, "[Aprobado el ...]"), numbered or unnumbered
    paragraphs, headings, page numbers, PDF line breaks and several documents in one
    file. Re-ingesting a document replaces its graph. Exit code: 0 done, 2 error (the
    store unchanged).
    """
    vocab = Vocabulary.load()
    chosen = ingest.check_language(lang)
    if output is not None:
        fmt = export_format(output)
        with _progress(len(files), "reading") as tick:
            result = ingest.ingest(list(files), vocab, chosen, progress=tick)
        atomic_write(output, export.serialize(ingest.union(result.graphs.values()), fmt))
        for w in result.warnings:
            _warning(w)
        _languages(result.documents)
        click.echo(
            f"ingested {len(result.documents)} documents ({len(result.works)} works), "
            f"{result.paragraphs} paragraphs, {len(result.warnings)} warnings: {output}"
        )
        if store is None:
            return 0
    target = store or corpus.DEFAULT_STORE
    with corpus.CorpusStore(target, create=True) as db, _progress(len(files), "ingesting") as tick:
        summary = corpus.ingest_files(db, list(files), chosen, vocab, progress=tick, jobs=jobs)
    for w in summary.warnings:
        _warning(w)
    click.echo(f"ingested into {target}: {summary.line()}")
    return 0


def _languages(documents: list[ingest.Document]) -> None:
    for d in documents:
        if d.confidence is not None:
            click.echo(
                f"{d.path.name}: language {d.lang} (confidence {d.confidence:.2f})", err=True
            )


def export_format(path: Path) -> str:
    """The export format of an output file, from its extension."""
    by_parser = {
        "turtle": "turtle",
        "nt": "nt",
        "nquads": "nq",
        "trig": "trig",
        "json-ld": "jsonld",
        "xml": "xml",
    }
    fmt = by_parser.get(rdf_format(path))
    if fmt is None or fmt not in export.FORMATS:
        raise UsageError(f"{path}: cannot write this format")
    return fmt


@click.command(
    "compare",
    short_help="Say where language versions of a declaration differ.",
    epilog="""\b
Examples:
  lexgraph compare declaration-en.txt declaracion-es.txt
  lexgraph compare --store corpus/ https://w3id.org/lexgraph/id/eli/declaration/...""",
)
@click.argument("items", nargs=-1, required=True, metavar="FILE... | WORK")
@_lang_option
@click.option(
    "--all-kinds",
    is_flag=True,
    help="Also report principles and topics (by default: paragraphs, actors, places, "
    "dates, meetings and numbers).",
)
@store_option
def compare_(items: tuple[str, ...], lang: str, all_kinds: bool, store: Path | None) -> int:
    """Align the language versions of one declaration and report what one says and the
    other does not: paragraphs without a counterpart, and actors, places, dates, meetings
    and numbers named in one paragraph of a pair and not in the other.

    Give two or three text FILEs, or, with --store, a WORK IRI. Exit code: 0 no
    difference, 1 differences, 2 error.
    """
    kinds = (*align.SHOWN_KINDS, "principle", "topic") if all_kinds else align.SHOWN_KINDS
    if store is not None:
        if len(items) != 1:
            raise UsageError("with --store, give one WORK IRI")
        with corpus.CorpusStore(store, read_only=True) as db:
            versions = [k.version for k in db.versions_of(URIRef(items[0]))]
        if len(versions) < 2:
            raise UsageError(f"{items[0]}: fewer than two language versions in {store}")
    else:
        if len(items) < 2:
            raise UsageError("give two or more FILEs (the language versions), or --store DIR WORK")
        vocab = Vocabulary.load()
        documents = [d for item in items for d in ingest.read_documents(Path(item), vocab, lang)]
        versions = [d.version() for d in documents]
        if len({v.lang for v in versions}) < len(versions):
            raise UsageError(
                "two of the texts are in the same language: give one file per language"
            )
    versions.sort(key=lambda v: (-len(v.paragraphs), ingest.LANGUAGES.index(v.lang)))
    found = 0
    # every pair of versions: of three, what two lack is reported against each of them
    for n, reference in enumerate(versions):
        for other in versions[n + 1 :]:
            found += _compare_pair(reference, other, kinds)
    click.echo(f"{found} differences" if found else "no differences")
    return EXIT_DIFFERENT if found else EXIT_SAME


def _compare_pair(reference: align.Version, other: align.Version, kinds: Sequence[str]) -> int:
    """Report how two versions differ; the number of differences."""
    found = 0
    pairs = align.align(reference, other)
    aligned = sum(1 for a, b in pairs if a is not None and b is not None)
    click.echo(
        f"{reference.lang} ({len(reference.paragraphs)} paragraphs, {reference.label}) vs "
        f"{other.lang} ({len(other.paragraphs)} paragraphs, {other.label}): "
        f"{aligned} aligned pairs"
    )
    for difference in align.compare(reference, other, pairs, kinds):
        click.echo(f"  {difference.line()}")
        found += 1
    return found


def store_graph(store: Path, vocabulary: bool = True) -> Graph:
    """The union of a corpus store's graphs: documents, curated facts and, unless told
    otherwise, the vocabulary (ontology/)."""
    with corpus.CorpusStore(store, read_only=True) as db:
        if vocabulary:
            return db.graph()
        return db.graph([g for g in db.graphs() if g != corpus.ONTOLOGY_GRAPH])


def store_export(store: Path, fmt: str, output: Path | None) -> None:
    """Write a corpus store in an export format to output (atomically) or stdout.

    N-Triples, N-Quads, TriG and Turtle stream natively (fast, memory flat, not sorted);
    the others go through rdflib, so they need the corpus in memory.
    """
    with corpus.CorpusStore(store, read_only=True) as db:
        if output is not None:
            with atomic_file(output) as f:
                _write_store(db, fmt, f)
        else:
            out = sys.stdout.buffer
            _write_store(db, fmt, out)
            out.flush()


def _write_store(db: corpus.CorpusStore, fmt: str, out: BinaryIO) -> None:
    if fmt in ("nt", "nq", "trig", "turtle"):
        db.write(fmt, out)
    else:
        out.write(export.serialize(db.graph(), fmt))


def store_query(store: Path, sparql: str, fmt: str) -> None:
    """Run SPARQL natively on a corpus store and print the result as ``query`` does."""
    with corpus.CorpusStore(store, read_only=True) as db:
        result = db.query(sparql)
    click.echo(query.format_result(result, fmt), nl=False)


__all__ = [
    "store_export",
    "store_graph",
    "store_query",
    "compare_",
    "export_format",
    "ingest_",
    "show_progress",
    "store_option",
    "validation_progress",
]
