"""Backup and restore of a whole profile: time, archive size and verification cost.

    python -m benchmarks.backup_restore [--cases 20000] [--mb 2048] [--scan-kb 300]

A demo profile with ``--cases`` cases and ``--mb`` MB of random (incompressible, like JPEG scans)
attachment files in its blob store; then ``backup`` (DB by the online backup API + every blob + the
SHA-256 manifest), ``verify`` (every member hashed, as restore does first), and ``restore`` onto a fresh
profile (verify, extract, safety copy, counters). The target is 20,000 cases and 2 GB.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import save, table
from villagedesk.services import attachments, demo, maintenance
from villagedesk.services.backup_archive import verify_archive
from villagedesk.services.desk import Desk, ProfilePaths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--mb", type=int, default=2048)
    parser.add_argument("--scan-kb", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vd-bench-backup-") as tmp:
        root = Path(tmp) / "profile"
        rng = random.Random(2026)
        with Desk.open(root) as desk:
            demo.generate(desk, cases=args.cases, seed=2016)
            scans = max(1, args.mb * 1024 // args.scan_kb)
            for _ in range(scans):
                attachments.store_blob(desk, rng.randbytes(args.scan_kb * 1024))
            db_mb = desk.paths.db.stat().st_size / 1e6
            t0 = time.perf_counter()
            archive = maintenance.backup(desk, Path(tmp) / "full.vdbak")
            t_backup = time.perf_counter() - t0
        t0 = time.perf_counter()
        verify_archive(archive)
        t_verify = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = maintenance.restore(ProfilePaths(Path(tmp) / "new-pc"), archive)
        t_restore = time.perf_counter() - t0
        size_mb = archive.stat().st_size / 1e6
    rows = [
        ["cases", args.cases], ["attachment files", scans], ["attachments MB", round(scans * args.scan_kb / 1024, 1)],
        ["DB MB", round(db_mb, 1)], ["archive MB", round(size_mb, 1)], ["backup s", round(t_backup, 2)],
        ["verify s", round(t_verify, 2)], ["restore s (verify+extract)", round(t_restore, 2)],
        ["restored cases", result.cases],
    ]  # fmt: skip
    print(table(["figure", "value"], rows))
    save("backup_restore", {str(k): v for k, v in rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
