"""Statistics on a demo town: how long a village month, a town month and a town year take.

    python -m benchmarks.metrics [--cases 20000] [--runs 5] [--profile DIR]

Prints medians of ``--runs`` runs (seconds) on a fresh demo profile in a temporary directory, or on the
demo profile in ``--profile DIR`` (made there on first use): the same data for a before/after comparison
of two checkouts (run each checkout's code on one profile, alternately, and compare in the same session).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from villagedesk.domain.metrics import Period
from villagedesk.services import demo, metrics
from villagedesk.services.desk import Desk

TODAY = date(2026, 11, 25)


def _median(fn, runs: int, before=None) -> str:
    """Median wall and CPU seconds (the CPU figure is what a shared machine does not distort)."""
    wall, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return f"{statistics.median(wall):.3f} s wall, {statistics.median(cpu):.3f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="reuse (or create) the demo profile in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.profile or Path(tmp)
        fresh = not (folder / "villagedesk.db").exists() if args.profile else True
        with Desk.open(folder, today=TODAY) as desk:
            _run(desk, args, fresh)


def _run(desk: Desk, args: argparse.Namespace, fresh: bool) -> None:
    if fresh:
        summary = demo.generate(desk, cases=args.cases, role="clerk")
        print(f"demo: {summary.cases} cases, {summary.events} events")
    town = desk.identity.region_code
    village = sorted({f.partition for f in metrics.facts_for(desk, town, TODAY)})[0]
    month, year = Period.month(2026, 10), Period.year(2026)
    print(f"town {town}, village {village}")
    cases = len(metrics.facts_for(desk, village, month.end, month.start))
    # "first": remembered case facts forgotten before each run (what opening the page costs);
    # "again": the same figures asked for again (another page, re-scoring each village, a month switch)
    clear = getattr(metrics, "clear_cache", lambda _desk: None)  # older checkouts remember nothing
    cold = lambda: clear(desk)  # noqa: E731
    for label, fn in (
        ("village month", lambda: metrics.village(desk, village, month)),
        ("town month   ", lambda: metrics.town(desk, town, month)),
        ("town year    ", lambda: metrics.town(desk, town, year)),
    ):
        print(f"{label} first : {_median(fn, args.runs, cold)}")
        print(f"{label} again : {_median(fn, args.runs)}")
    print(f"({cases} cases read for the village month)")


if __name__ == "__main__":
    main()
