"""``lexgraph serve``: a read-only SPARQL endpoint, dereferenceable IRIs and a reading view.

:mod:`~lexgraph.serve.engine` runs SPARQL in worker processes with a time and a size limit,
:mod:`~lexgraph.serve.site` reads what the pages show from the graph, and
:mod:`~lexgraph.serve.app` is the Starlette application (``create_app``).
"""

from __future__ import annotations

__all__: list[str] = []
