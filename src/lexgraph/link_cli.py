"""``lexgraph link``: rebuild the linkset from the mapping file and say what is unlinked."""

from __future__ import annotations

from pathlib import Path

import click

from lexgraph import links, paths
from lexgraph.errors import InputError, UsageError
from lexgraph.link_endpoint import LANGUAGES, candidates, review_file
from lexgraph.store import load_graph
from lexgraph.textio import atomic_write

REVIEW_NAME = "link-review.toml"


def _languages(text: str) -> tuple[str, ...]:
    langs = tuple(part.strip() for part in text.split(",") if part.strip())
    bad = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or bad:
        raise UsageError(
            f"--lang {text!r}: expected a comma-separated list of {', '.join(LANGUAGES)}"
        )
    return langs


@click.command(
    "link",
    epilog="""\b
Examples:
  lexgraph link
  lexgraph link --endpoint https://query.wikidata.org/sparql
  lexgraph link --endpoint http://127.0.0.1:7878/query --review candidates.toml""",
)
@click.option(
    "--mapping",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The reviewed mapping file. Default: data/links.toml.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="A SPARQL endpoint shaped like Wikidata's, asked for candidates by label.",
)
@click.option(
    "--review",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Where --endpoint writes its candidates. Default: data/{REVIEW_NAME}.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the endpoint.",
)
@click.option(
    "--lang",
    "langs",
    default=",".join(LANGUAGES),
    show_default=True,
    help="Languages of the labels sent to the endpoint.",
)
def link(
    mapping: Path | None,
    endpoint: str | None,
    review: Path | None,
    timeout: float,
    langs: str,
) -> None:
    """Rebuild data/linkset.ttl and data/void.ttl from the mapping file.

    Each target is checked against its dataset's pattern (Wikidata Q…, GeoNames, UN SDG
    target, UNBIS seven digits, EuroVoc), and each source against the graph. Then every
    place, actor, meeting, principle, topic and instrument still without a link is listed,
    with the reason. With --endpoint, candidates for the missing Wikidata links go to a
    review file; they never enter the linkset. Nothing is written unless every check and
    the endpoint succeed. Exit code: 0 success, 2 error.
    """
    languages = _languages(langs)
    if review is not None and endpoint is None:
        raise UsageError("--review needs --endpoint")
    data = paths.data_dir()
    built = data / paths.BUILT_GRAPH_NAME
    if not built.is_file():
        raise InputError(f"{built}: no built graph; run 'lexgraph build' first")
    graph = load_graph([built])
    vocabulary = links.ontology_graph()
    result = links.make(graph, mapping, vocabulary, strict=True)
    outputs = links.files(result, data)
    found = None
    if endpoint is not None:
        ours = graph + vocabulary
        found = candidates(endpoint, ours, result.gaps, timeout=timeout, languages=languages)
        target = review if review is not None else data / REVIEW_NAME
        outputs[target] = review_file(endpoint, found).encode("utf-8")
    for path, payload in outputs.items():
        atomic_write(path, payload)

    counts = result.counts()
    total = sum(counts.values())
    lines = [
        f"links: {total} ("
        + ", ".join(f"{links.BY_KEY[k].title} {n}" for k, n in counts.items())
        + ")"
    ]
    if found is not None:
        lines.append(f"candidates from {endpoint}: {len(found)} (not reviewed, not linked)")
    lines.append(f"unlinked: {len(result.gaps)}")
    width = max((len(str(gap).split("  ")[0]) for gap in result.gaps), default=0)
    for gap in result.gaps:
        entity, _, rest = str(gap).partition("  ")
        lines.append(f"  {entity.ljust(width)}  {rest}")
    lines.append("written:")
    lines += [f"  {paths.shown(path)}" for path in outputs]
    click.echo("\n".join(lines))


__all__ = ["link"]
