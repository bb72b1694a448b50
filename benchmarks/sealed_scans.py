"""Sealed attachment scans' cost: attach and read back realistic scans on an encrypted profile beside a plain one.

    python -m benchmarks.sealed_scans [--scans N] [--runs R]

The plain profile is the floor, measured in the same process and moment: each scan (200 KB–2 MB of
incompressible bytes, as a JPEG scan is) is attached to both profiles in turn (``attachments.add_file``,
the path the detail page and ``villagedesk attach`` take: read the file, hash, seal or not, write
atomically, one event) and read back (``attachments.read_bytes``: read, unseal or not, hash check), so the
machine's load moves both. Figures: median seconds per attach and per read, and the whole batch.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import Figure, load_average
from villagedesk.db import cipher
from villagedesk.services import attachments, demo, queries, sealed_blobs
from villagedesk.services.desk import Desk


def _profile(root: Path, key: bytes | None) -> tuple[Desk, str]:
    root.mkdir(parents=True)
    if key is not None:
        cipher.register_key(root, key)  # the DB file is created encrypted, as a converted profile's is
    desk = Desk.open(root)
    demo.generate(desk, cases=3, seed=13)
    case_id = queries.list_cases(desk, limit=1)[0].id
    if cipher.is_encrypted(root / "villagedesk.db") != (key is not None):
        raise RuntimeError("the profile was not written as asked (encrypted or plain)")
    return desk, case_id


def measure(scans: int, runs: int) -> list[Figure]:
    base = Path(tempfile.mkdtemp(prefix="vd-scan-bench-"))
    rng = random.Random(2026)
    times: dict[str, dict[str, list[float]]] = {k: {"attach": [], "read": []} for k in ("sealed", "plain")}
    try:
        load_before = load_average()
        plain, plain_case = _profile(base / "plain", None)
        sealed, sealed_case = _profile(base / "sealed", os.urandom(32))
        files = base / "scans"
        files.mkdir()
        for n in range(scans):
            scan = files / f"scan-{n:04d}.jpg"
            scan.write_bytes(rng.randbytes(rng.randint(200 * 1024, 2 * 1024 * 1024)))
            order = [("plain", plain, plain_case), ("sealed", sealed, sealed_case)]
            for label, desk, case_id in order if n % 2 else order[::-1]:  # alternate who goes first
                start = time.perf_counter()
                info = attachments.add_file(desk, case_id, scan, "身份证")
                times[label]["attach"].append(time.perf_counter() - start)
                reads = []
                for _ in range(runs):
                    start = time.perf_counter()
                    attachments.read_bytes(desk, info.sha256)
                    reads.append(time.perf_counter() - start)
                times[label]["read"].append(statistics.median(reads))
        if not sealed_blobs.is_sealed(attachments.blob_path(sealed, info.sha256)):
            raise RuntimeError("the encrypted profile's scan was not sealed")
        if sealed_blobs.is_sealed(attachments.blob_path(plain, info.sha256)):
            raise RuntimeError("the plain profile's scan was sealed")
        plain.close()
        sealed.close()
        load = load_average() if load_before is None else max(load_before, load_average() or 0)
        note = f"{scans} scans of 200 KB–2 MB, alternating plain/sealed; floor: the plain profile, same run"
        med = {k: {op: statistics.median(v) for op, v in ops.items()} for k, ops in times.items()}
        tot = {k: sum(ops["attach"]) + sum(ops["read"]) for k, ops in times.items()}
        return [
            Figure.over("attach one scan, sealed", "≤ 1.5× plain", med["sealed"]["attach"] * 1000, "ms",
                        med["plain"]["attach"] * 1000, load=load, note=note + "; median per scan"),
            Figure.over("read one scan, sealed", "≤ 3× plain", med["sealed"]["read"] * 1000, "ms",
                        med["plain"]["read"] * 1000, load=load, note=f"{note}; median of {runs} reads per scan"),
            Figure.over(f"attach + read {scans} scans, sealed", "≤ 1.5× plain", tot["sealed"], "s", tot["plain"],
                        load=load, note=note + "; sum"),
        ]  # fmt: skip
    finally:
        cipher.forget_keys()
        sealed_blobs.forget()
        shutil.rmtree(base, ignore_errors=True)


def figures(quick: bool) -> list[Figure]:
    return measure(20 if quick else 200, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sealed_scans", description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for f in measure(args.scans, args.runs):
        print(
            f"{f.name}: {f.median:.3f} {f.unit} (plain {f.floor:.3f} {f.unit}, ratio {f.ratio:.3f}×, "
            f"load {f.load:.2f}) — {f.note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
