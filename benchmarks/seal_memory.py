"""Peak memory of sealing one large scan: whole in memory (VDBLOB1) beside record by record (VDBLOB2).

    python -m benchmarks.seal_memory [--mb 50] [--runs 3]

A random (incompressible) scan of ``--mb`` MB (50: the attachment size limit) on an encrypted profile:
"whole" is what attaching did before (read the file, ``seal`` it whole, write it), "streamed" is
``sealed_blobs.write_file`` (the path of ``attachments.add_file`` now), "read back" is
``attachments.read_bytes`` of the streamed file (the plain scan is returned whole: its callers need the
bytes). Peak of Python's allocations (tracemalloc: every ``bytes`` buffer), and seconds, medians.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import table
from villagedesk.db import cipher
from villagedesk.services import catalog, sealed_blobs
from villagedesk.services.desk import Desk


def _peak(work: Callable[[], object]) -> tuple[float, float]:
    """(peak MB above the start, seconds) of ``work``."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    work()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base) / 1e6, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vd-bench-seal-") as tmp:
        root = Path(tmp) / "profile"
        root.mkdir()
        key = os.urandom(32)
        cipher.register_key(root, key)
        with Desk.open(root) as desk:
            catalog.seed_reference_data(desk)
        scan = Path(tmp) / "scan.jpg"
        scan.write_bytes(os.urandom(args.mb * 1024 * 1024))
        digest = hashlib.sha256(scan.read_bytes()).hexdigest()
        target = sealed_blobs.path_of(root / "blobs", digest)

        def whole() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(sealed_blobs.seal(scan.read_bytes(), digest, key))

        def streamed() -> None:
            sealed_blobs.write_file(root, digest, scan)

        def read_back() -> None:
            if sealed_blobs.read_verified(root, digest)[:1] == b"":
                raise RuntimeError("empty")

        got: dict[str, list[tuple[float, float]]] = {"whole (VDBLOB1)": [], "streamed (VDBLOB2)": [], "read back": []}
        for _ in range(args.runs):
            got["whole (VDBLOB1)"].append(_peak(whole))
            got["streamed (VDBLOB2)"].append(_peak(streamed))
            got["read back"].append(_peak(read_back))
        if not target.read_bytes().startswith(b"VDBLOB2\n"):
            raise RuntimeError("the streamed file is not VDBLOB2")
    rows = [
        [name, f"{statistics.median(p for p, _ in v):.1f} MB", f"{statistics.median(s for _, s in v):.3f} s"]
        for name, v in got.items()
    ]
    print(f"one {args.mb} MB scan, encrypted profile, medians of {args.runs}; load average {os.getloadavg()[0]:.2f}")
    print(table(["sealing", "peak Python memory", "time"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
