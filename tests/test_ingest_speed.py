"""The corpus store's fast ingest path (issue 6) writes what the rdflib path builds.

``corpus.ingest_files`` assembles every language version into :class:`corpus.Parts`
(N-Triples lines, no rdflib graph) in worker processes; ``lexgraph build`` and
``lexgraph ingest -o`` assemble into an rdflib graph. Both go through
:func:`lexgraph.ingest.assemble_version`, so the triples must be the same, and the store
must not depend on the number of workers.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from lexgraph import corpus, paths
from lexgraph.ingest import Document, assemble_version, document_graph, plan, read_documents
from lexgraph.namespaces import PREFIXES
from lexgraph.vocabulary import Vocabulary

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
SEED = paths.data_dir() / "000_da563d301c0450ee.txt"
LOS_ANGELES = [
    FIXTURES / "los-angeles-declaration-2022-en.txt",
    FIXTURES / "los-angeles-declaration-2022-es.txt",
]
VERSION = "0.0.0-test"
ID = PREFIXES["lexid"]
VOCABULARY_KINDS = ("actor", "place", "concept", "rule")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


def _documents(files: list[Path], vocab: Vocabulary) -> list[Document]:
    return [d for f in files for d in read_documents(f, vocab)]


def _parse(lines: list[str]) -> set[tuple[object, object, object]]:
    g = Graph()
    g.parse(data="".join(f"{line} .\n" for line in lines), format="nt")
    return set(g)


@pytest.mark.parametrize("files", [[SEED], LOS_ANGELES], ids=["seed", "los-angeles"])
def test_fast_path_writes_exactly_the_rdflib_triples(files: list[Path], vocab: Vocabulary) -> None:
    planned = list(plan(_documents(files, vocab)))
    assert len(planned) == len(files)
    for _, work, x, doc in planned:
        graph = document_graph(x, doc.source, vocab, VERSION, work, with_vocabulary=False)
        sink = corpus.Parts(work)
        assemble_version(sink, x, doc.source, vocab, VERSION, work)
        fast = sink.parts()
        # the same parts, line for line, as partitioning the rdflib graph
        assert fast == corpus.partition(graph, work)
        # and, parsed back, every triple of the graph but the vocabulary entries' own
        kept = {t for t in graph if not _vocabulary_entry(t[0])}
        assert _parse([line for part in fast for line in part]) == kept
        assert len(kept) > 500


def _vocabulary_entry(subject: object) -> bool:
    """A subject the store keeps in its ontology graph only (see corpus.partition)."""
    local = str(subject).removeprefix(ID)
    return local != str(subject) and local.split("/", 1)[0] in VOCABULARY_KINDS


def test_literals_are_escaped_for_ntriples() -> None:
    """rdflib's n3() writes a literal with a line break in triple quotes (Turtle, not
    N-Triples); the fast path escapes it."""
    s = URIRef("https://example.org/s")
    p = URIRef("https://example.org/p")
    text = 'two "lines"\nand a \\ backslash\r'
    sink = corpus.Parts(URIRef("https://example.org/work"))
    sink.add((s, p, Literal(text, lang="fr")))
    (line,) = sink.parts()[0]
    assert "\n" not in line
    assert _parse([line]) == {(s, p, Literal(text, lang="fr"))}


def _ingest(files: list[Path], folder: Path, vocab: Vocabulary, jobs: int, window: int) -> bytes:
    seen: list[Path] = []
    with corpus.CorpusStore(folder, create=True) as db:
        summary = corpus.ingest_files(
            db, files, vocab=vocab, progress=seen.append, window=window, jobs=jobs
        )
        assert seen == files  # the progress callback, in the order of the files
        assert summary.files == len(files)
        return db.dump("nq")


@pytest.mark.parametrize("window", [50, 2])
def test_the_store_does_not_depend_on_the_number_of_workers(
    vocab: Vocabulary, tmp_path: Path, window: int
) -> None:
    files = [SEED, *LOS_ANGELES, *sorted(FIXTURES.glob("synthetic-*.txt"))]
    one = _ingest(files, tmp_path / "one", vocab, 1, window)
    two = _ingest(files, tmp_path / "two", vocab, 2, window)
    assert one == two
    assert one.count(b"\n") > 10_000


def test_a_first_ingest_streamed_to_one_bulk_load_stores_what_transactions_store(
    vocab: Vocabulary, tmp_path: Path
) -> None:
    """A first ingest of many files streams them to one bulk load and aligns translations
    with the versions it wrote from memory; the same files ingested in two parts, the
    second aligned with what the store holds, give the same store."""
    files = [SEED, LOS_ANGELES[0], *sorted(FIXTURES.glob("synthetic-*.txt")), LOS_ANGELES[1]]
    streamed = tmp_path / "streamed"
    with corpus.CorpusStore(streamed, create=True) as db:
        corpus.ingest_files(db, files, vocab=vocab, window=2, jobs=1)
        assert not db.building
        works = db.works()
        assert len(db.versions_of(_los_angeles(works))) == 2  # the translation found its work
        one = db.dump("nq")
    stepwise = tmp_path / "stepwise"
    with corpus.CorpusStore(stepwise, create=True) as db:
        corpus.ingest_files(db, files[:2], vocab=vocab, window=50, jobs=1)
        assert not db.building  # a first ingest of one window: a transaction
        corpus.ingest_files(db, files[2:], vocab=vocab, window=50, jobs=1)
        two = db.dump("nq")
    assert one == two


def test_a_bulk_stream_that_fails_says_where_and_the_store_is_emptied(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    pipes = set(Path(tempfile.gettempdir()).glob("lexgraph-load-*"))
    with corpus.CorpusStore(folder, create=True) as db:
        with pytest.raises(corpus.StoreError, match="bulk stream needs"):
            with db.bulk_stream():
                pass
        db.begin_build()
        with pytest.raises(corpus.StoreError, match=f"{folder}: cannot write") as caught:
            with db.bulk_stream() as write:
                write("<https://example.org/g> {\n<https://example.org/s> <p> .\n}\n")
                write("<https://example.org/s> <https://example.org/p> 1 .\n" * 100_000)
        assert "\n" not in str(caught.value)
        assert set(Path(tempfile.gettempdir()).glob("lexgraph-load-*")) == pipes
    with corpus.CorpusStore(folder) as db:  # still marked as being built: emptied
        assert len(db) == 0


def _los_angeles(works: list[URIRef]) -> URIRef:
    (work,) = [w for w in works if "los-angeles" in str(w)]
    return work


def test_an_error_in_a_worker_is_raised_in_the_caller(vocab: Vocabulary, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with corpus.CorpusStore(tmp_path / "store", create=True) as db:
        with pytest.raises(Exception) as caught:
            corpus.ingest_files(db, [SEED, empty], vocab=vocab, jobs=2)
        assert str(empty.name) in str(caught.value)
        assert db.documents() == []  # the window is one transaction


def test_cached_namespace_terms_stay_closed() -> None:
    """assemble makes each namespace term once; a typo still fails, as with rdflib's
    closed namespaces, instead of minting a new term."""
    from lexgraph import assemble

    assert assemble.OA.start is assemble.OA.start
    assert assemble.OA.start == URIRef("http://www.w3.org/ns/oa#start")
    with pytest.raises(AttributeError):
        assemble.LEX.Clasue  # noqa: B018
    with pytest.raises(AttributeError):
        assemble.RDF.tpye  # noqa: B018


def test_a_window_asks_the_store_only_for_keys_it_may_hold(tmp_path: Path) -> None:
    """Asking the store for the known versions of every window made an ingest quadratic;
    only keys that match a stored work are asked for (an empty part matches any)."""
    with corpus.CorpusStore(tmp_path / "store", create=True) as db:
        keys = corpus._StoredKeys(db)
    assert keys.matching({("t", "2011-12-03"), ("", "")}) == set()
    keys.add({("t", "2011-12-03"), ("", "2012-01-01")})  # no type: never known
    assert keys.matching({("t", "2011-12-03"), ("t", "2012-01-01"), ("u", "2011-12-03")}) == {
        ("t", "2011-12-03")
    }
    assert keys.matching({("", "2011-12-03"), ("t", ""), ("", ""), ("", "2012-01-01")}) == {
        ("", "2011-12-03"),
        ("t", ""),
        ("", ""),
    }
