"""SQLCipher's cost: the foundation queries and a demo-sized write load, encrypted beside plain, same run.

    python -m benchmarks.encryption [--cases N] [--runs R]

The plain profile is the floor: the same cases (same seed), the same queries, the same process and
moment, so the ratio says what encryption costs whatever the load of the machine. Write load: a fresh
profile filled by ``demo`` (every event, projection and search term goes through the store as at an
intake), encrypted and plain, alternating. Queries: the case list's filters and searches
(``benchmarks/foundation.py``), first page and count, on a plain profile and its encrypted export.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import timed
from benchmarks.figures import Figure, load_average
from benchmarks.foundation import TODAY, _samples, query_cases
from villagedesk.db import cipher
from villagedesk.services import catalog, demo, queries
from villagedesk.services.desk import Desk


def _fill(root: Path, cases: int, seed: int, key: bytes | None) -> float:
    """Seconds to generate ``cases`` demo cases into a fresh profile (encrypted when ``key`` is given)."""
    if key is not None:
        root.mkdir(parents=True)
        cipher.register_key(root, key)
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        start = time.perf_counter()
        demo.generate(desk, cases=cases, seed=seed, role="clerk", batch=5000)
        seconds = time.perf_counter() - start
    if cipher.is_encrypted(root / "villagedesk.db") != (key is not None):
        raise RuntimeError("the profile was not written as asked (encrypted or plain)")
    return seconds


def write_load(base: Path, cases: int, runs: int) -> tuple[float, float]:
    """Median seconds (encrypted, plain) of ``runs`` alternating fills."""
    sealed, plain = [], []
    for n in range(runs):
        plain.append(_fill(base / f"plain-{n}", cases, 7, None))
        sealed.append(_fill(base / f"sealed-{n}", cases, 7, os.urandom(32)))
    return statistics.median(sealed), statistics.median(plain)


def query_load(plain_root: Path, sealed_root: Path, runs: int) -> tuple[float, float, int]:
    """Sum over the foundation queries of the median (first page + count) seconds: (encrypted, plain, n)."""
    sample = _samples(plain_root / "villagedesk.db")
    totals = {}
    for label, root in (("plain", plain_root), ("sealed", sealed_root)):
        with Desk.open(root, today=TODAY) as desk:
            total = 0.0
            for _group, _name, filt in query_cases(sample):
                seconds, _, _ = timed(
                    lambda f=filt: (queries.list_cases(desk, f, limit=50), queries.count_cases(desk, f)), runs
                )
                total += seconds
            totals[label] = total
    return totals["sealed"], totals["plain"], len(query_cases(sample))


def measure(cases: int, runs: int) -> list[Figure]:
    base = Path(tempfile.mkdtemp(prefix="vd-crypt-bench-"))
    try:
        load_before = load_average()
        sealed_w, plain_w = write_load(base / "write", cases, max(1, runs // 3))
        plain_root = base / "write" / "plain-0"
        key = os.urandom(32)
        sealed_root = base / "queries-sealed"
        sealed_root.mkdir()
        cipher.register_key(sealed_root, key)
        cipher.export_encrypted(plain_root / "villagedesk.db", sealed_root / "villagedesk.db", key)
        sealed_q, plain_q, count = query_load(plain_root, sealed_root, runs)
        load = load_average() if load_before is None else max(load_before, load_average() or 0)
        note_w = f"demo --cases {cases}, median of {max(1, runs // 3)} fills each, alternating; floor: plain"
        note_q = f"{count} case-list queries (page + count), median of {runs} runs each, summed; floor: plain"
        return [
            Figure.over("write load encrypted", "≤ 1.10× plain", sealed_w, "s", plain_w, load=load, note=note_w),
            Figure.over("foundation queries encrypted", "≤ 1.10× plain", sealed_q, "s", plain_q, load=load,
                        note=note_q),
        ]  # fmt: skip
    finally:
        cipher.forget_keys()
        shutil.rmtree(base, ignore_errors=True)


def figures(quick: bool, cases: int | None = None) -> list[Figure]:
    """At least 1,500 cases: the foundation's query samples take the 1,000th case number."""
    return measure(max(cases or (1_500 if quick else 20_000), 1_500), 3 if quick else 9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.encryption", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    for f in measure(max(args.cases, 1_500), args.runs):  # the query samples need 1,000+ cases
        print(
            f"{f.name}: {f.median:.3f} {f.unit} (plain {f.floor:.3f} {f.unit}, ratio {f.ratio:.3f}×, "
            f"load {f.load:.2f}) — {f.note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
