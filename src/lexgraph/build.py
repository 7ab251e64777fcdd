"""Run the whole pipeline: text files in, one validated-ready graph out, in data/.

segment -> extract -> assemble, for each text; then the vocabulary the texts use, the
curated facts and the provenance of the build. The same inputs give byte-identical
output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as _version
from pathlib import Path

from rdflib import Graph

from lexgraph import assemble, iris, links, paths
from lexgraph.errors import InputError
from lexgraph.export import serialize
from lexgraph.extract import extract
from lexgraph.segment import segment
from lexgraph.textio import atomic_write, read_text_and_bytes
from lexgraph.vocabulary import Vocabulary


@dataclass
class BuildResult:
    """The built graph, the files written, and what was odd about the inputs."""

    graph: Graph
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def default_texts() -> list[Path]:
    """Every ``data/*.txt``, sorted."""
    return sorted(paths.data_dir().glob("*.txt"))


def build_graph(
    texts: Sequence[Path],
    *,
    vocabulary: Vocabulary | None = None,
    curated: Path | None = None,
    lang: str | None = None,
) -> BuildResult:
    """The graph of texts, without writing anything."""
    if not texts:
        raise InputError("no text to build (give TEXT files, or put *.txt in data/)")
    vocab = vocabulary or Vocabulary.load()
    version = _version("lexgraph")
    sources = []
    for path in texts:
        text, raw = read_text_and_bytes(path)
        sources.append(
            (path, text, assemble.Source(path.name, hashlib.sha256(raw).hexdigest(), len(raw)))
        )
    build = iris.build_iri(version, *sorted(s.sha256 for _, _, s in sources))
    g = assemble.new_graph()
    result = BuildResult(g)
    for path, text, source in sources:
        path = paths.shown(path)
        doc = segment(text, source=str(path))
        x = extract(doc, vocab, lang)
        result.warnings += doc.warnings
        result.warnings += [f"{path}: {w}" for w in x.warnings]
        result.documents.append(str(assemble.document(g, x, source, vocab, build)))
    assemble.provenance(g, build, version)
    assemble.vocabulary_used(g, vocab)
    curated_path = curated if curated is not None else paths.data_dir() / paths.CURATED_NAME
    if curated_path.exists():
        assemble.curated(g, curated_path)
    return result


def build(texts: Sequence[Path] | None = None, out: Path | None = None) -> BuildResult:
    """Build the graph of texts (default: data/*.txt) and write it as Turtle to out."""
    result = build_graph(list(texts) if texts else default_texts())
    target = out or paths.data_dir() / paths.BUILT_GRAPH_NAME
    # With data/links.toml, the linkset and the dataset description go beside the graph.
    linked, warnings = links.for_build(result.graph, target.parent)
    result.warnings += warnings
    for path, payload in {target: serialize(result.graph, "turtle"), **linked}.items():
        atomic_write(path, payload)
        result.written.append(path)
    return result


__all__ = ["BuildResult", "build", "build_graph", "default_texts"]
