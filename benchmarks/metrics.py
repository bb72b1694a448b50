"""Statistics on a demo town: how long a village month, a town month and a town year take.

    python -m benchmarks.metrics [--cases 20000] [--runs 5]

Prints medians of ``--runs`` runs (seconds) on a fresh demo profile in a temporary directory.
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


def _median(fn, runs: int) -> str:
    """Median wall and CPU seconds (the CPU figure is what a shared machine does not distort)."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return f"{statistics.median(wall):.3f} s wall, {statistics.median(cpu):.3f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp), today=TODAY) as desk:
        summary = demo.generate(desk, cases=args.cases, role="clerk")
        town = desk.identity.region_code
        village = sorted({f.partition for f in metrics.facts_for(desk, town, TODAY)})[0]
        month, year = Period.month(2026, 10), Period.year(2026)
        print(f"demo: {summary.cases} cases, {summary.events} events (town {town})")
        cases = len(metrics.facts_for(desk, village, month.end, month.start))
        print(
            f"village month : {_median(lambda: metrics.village(desk, village, month), args.runs)} ({cases} cases read)"
        )
        print(f"town month    : {_median(lambda: metrics.town(desk, town, month), args.runs)}")
        print(f"town year     : {_median(lambda: metrics.town(desk, town, year), args.runs)}")


if __name__ == "__main__":
    main()
