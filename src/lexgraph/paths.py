"""Where the project's folders are: ontology/, shapes/, queries/, data/.

They are found next to the source tree (an editable install, the normal way to use
lexgraph), or under the folder named by ``LEXGRAPH_HOME``.
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The project folder that holds ontology/, shapes/, queries/ and data/."""
    env = os.environ.get("LEXGRAPH_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def shown(path: Path) -> Path:
    """A path as the user would write it: relative to the working folder where it can be."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def ontology_dir() -> Path:
    return home() / "ontology"


def shapes_dir() -> Path:
    return home() / "shapes"


def queries_dir() -> Path:
    return home() / "queries"


def data_dir() -> Path:
    return home() / "data"


BUILT_GRAPH_NAME = "lexgraph.ttl"
CURATED_NAME = "curated.toml"
LINKSET_NAME = "linkset.ttl"
