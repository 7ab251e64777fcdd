"""Draw how the corpus benchmark's costs grow with the corpus, from bench/corpus_results.json.

    python bench/plot.py                      # writes bench/growth.svg
    python bench/plot.py results.json out.svg

Left: seconds against declarations, on logarithmic axes, lexgraph's steps in solid lines
and the engine's own floor for the same work dashed, with a dotted line of slope 1 (a cost
that grows as the corpus does). Right: lexgraph's time over the floor's for each step, with
the targets of issue 6 (2× for exports, 1.5× for queries), on a logarithmic axis too. A
figure missing at a size (a step not run there) leaves a gap. The same results give the same
bytes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = Path(__file__).resolve().parent

# step: (label, lexgraph's key, the floor's key or None)
STEPS = {
    "ingest": ("ingest", "ingest_s", "floor_bulk_load_s"),
    "export_nt": ("export N-Triples", "export_nt_s", "floor_export_nt_s"),
    "export_turtle": ("export Turtle", "export_turtle_s", "floor_export_turtle_s"),
    "queries": ("queries", "queries_s", "floor_queries_s"),
    "validate": ("validation", "validate_s", None),
}
TARGETS = {"export_nt": 2.0, "export_turtle": 2.0, "queries": 1.5}


def _seconds(size: dict[str, Any], key: str | None) -> float | None:
    value = size.get(key) if key else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


def draw(results: dict[str, Any], out: Path) -> None:
    """Write the figure of ``results`` (the JSON of bench/corpus_bench.py) to ``out``."""
    sizes = sorted(results["sizes"], key=lambda s: s["size"])
    plt.rcParams["svg.hashsalt"] = "lexgraph"  # stable ids, so stable bytes
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for (name, (label, ours, floor)), colour in zip(STEPS.items(), colours, strict=False):
        xs = [s["size"] for s in sizes]
        mine = [_seconds(s, ours) for s in sizes]
        left.plot(xs, mine, "o-", color=colour, label=label)
        if floor is not None:
            theirs = [_seconds(s, floor) for s in sizes]
            left.plot(xs, theirs, "o--", color=colour, alpha=0.6)
            ratios = [m / t if m and t else None for m, t in zip(mine, theirs, strict=True)]
            right.plot(xs, ratios, "o-", color=colour, label=label)
            if name in TARGETS:
                right.axhline(TARGETS[name], color=colour, linestyle=":", linewidth=1)
    first = sizes[0]["size"]
    base = _seconds(sizes[0], "ingest_s") or 1.0
    ends = [first, sizes[-1]["size"]]
    left.plot(ends, [base, base * ends[1] / first], ":", color="grey", label="grows as the corpus")
    left.set(
        xscale="log",
        yscale="log",
        xlabel="declarations",
        ylabel="seconds (solid: lexgraph, dashed: the engine's floor)",
        title="Cost of each step",
    )
    right.set(
        xscale="log",
        yscale="log",
        xlabel="declarations",
        ylabel="lexgraph / floor (dotted: the target)",
        title="Against the engine's own floor",
    )
    ticks = [0.5, 1, 1.5, 2, 5, 10, 20, 50]
    right.set_yticks(ticks, [f"{t:g}×" for t in ticks])
    right.minorticks_off()
    for ax in (left, right):
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize="small")
    machine = results.get("machine", {})
    fig.suptitle(
        f"lexgraph corpus benchmark on {machine.get('cpus', '?')} CPUs, "
        f"{machine.get('memory_gib', '?')} GiB (bench/corpus_results.json)",
        fontsize="medium",
    )
    fig.tight_layout()
    # write beside the target, then rename: a reader never sees half a figure
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".svg")
    os.close(fd)
    try:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
        plt.close(fig)


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else HERE / "corpus_results.json"
    out = Path(argv[1]) if len(argv) > 1 else HERE / "growth.svg"
    try:
        results = json.loads(source.read_text(encoding="utf-8"))
        results["sizes"][0]["size"]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        print(
            f"plot: {source}: not the results of bench/corpus_bench.py ({error})", file=sys.stderr
        )
        return 2
    draw(results, out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
