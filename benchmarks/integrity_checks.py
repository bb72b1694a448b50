"""SQLite's quick_check against integrity_check on the corpus profile (what a start would pay for either).

    python -m benchmarks.integrity_checks [--cases 200000] [--runs 3]

Read-only connections on the profile of ``benchmarks/corpus_profile.py`` (built once per size, minutes at
200,000 cases); each pragma ``--runs`` times, the median printed with the load average of each run.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import time

from benchmarks import corpus_profile


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    db = corpus_profile.cached(args.cases) / "villagedesk.db"
    print(f"{args.cases} cases, {db.stat().st_size / 2**20:.0f} MB, load {_load()}")
    for pragma in ("quick_check", "integrity_check"):
        times = []
        for _ in range(args.runs):
            conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
            started = time.perf_counter()
            verdict = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
            times.append(time.perf_counter() - started)
            conn.close()
            print(f"  {pragma}: {verdict} {times[-1]:.2f} s (load {_load()})")
        print(f"{pragma}: median {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
