"""lexgraph: legal and diplomatic texts as a validated linked-data knowledge graph.

The version comes from the package metadata, the one place it is written
(``pyproject.toml``). The submodules' main functions are re-exported here, except
``lexgraph.stats.stats``, which would hide its module.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lexgraph")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

# Defined before the submodules load, so that they may import it.
from lexgraph.errors import (  # noqa: E402
    InputError,
    LexgraphError,
    QuerySyntaxError,
    RDFSyntaxError,
    StructureError,
    UsageError,
)
from lexgraph.export import serialize  # noqa: E402
from lexgraph.query import format_result, read_query, run_query  # noqa: E402
from lexgraph.store import default_paths, load_graph  # noqa: E402
from lexgraph.textio import atomic_write, read_text, sha256_file  # noqa: E402

__all__ = [
    "InputError",
    "LexgraphError",
    "QuerySyntaxError",
    "RDFSyntaxError",
    "StructureError",
    "UsageError",
    "__version__",
    "atomic_write",
    "default_paths",
    "format_result",
    "load_graph",
    "read_query",
    "read_text",
    "run_query",
    "serialize",
    "sha256_file",
]
