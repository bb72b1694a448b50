"""Peak memory of sealing one large scan: whole in memory (VDBLOB1) beside record by record (VDBLOB2).

    python -m benchmarks.seal_memory [--mb 50] [--runs 3]

A random (incompressible) scan of ``--mb`` MB (50: the attachment size limit) on an encrypted profile:
"whole" is what attaching did before (read the file, ``seal`` it whole, write it), "streamed" is
``sealed_blobs.write_file`` (the path of ``attachments.add_file`` now), "read back" is
``attachments.read_bytes`` of the streamed file (the plain scan is returned whole: its callers need the
bytes); then what ``check`` (``sealed_blobs.state``), ``encrypt`` (``conform``), ``backup``
(``write_archive``, the scan sealed with the profile's key, or left plain and sealed on its way in) and
``restore`` (``extract_blobs`` onto an encrypted and onto a plain profile) need for the same scan.
Peak of Python's allocations (tracemalloc: every ``bytes`` buffer), and seconds, medians.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from benchmarks.common import table
from villagedesk.db import cipher
from villagedesk.services import backup_archive, catalog, sealed_blobs
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
        formats: dict[str, bytes] = {}

        def whole() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(sealed_blobs.seal(scan.read_bytes(), digest, key))

        def streamed() -> None:
            sealed_blobs.write_file(root, digest, scan)

        def read_back() -> None:
            if sealed_blobs.read_verified(root, digest)[:1] == b"":
                raise RuntimeError("empty")

        def check_state() -> None:
            if sealed_blobs.state(root, digest) != "ok":
                raise RuntimeError("check says the scan is damaged")

        archive = Path(tmp) / "b.vdbak"
        plain_blob = sealed_blobs.path_of(Path(tmp) / "plainblobs", digest)
        plain_blob.parent.mkdir(parents=True)
        os.link(scan, plain_blob)

        def backup() -> None:
            backup_archive.write_archive(root / "villagedesk.db", root / "blobs", archive, 1, datetime.now(), root)

        def backup_plain_scan() -> None:  # a scan a killed conversion left plain: sealed into the archive
            shutil.copyfile(scan, target)
            backup()

        def restore_encrypted() -> None:
            fresh = Path(tmp) / "restored"
            shutil.rmtree(fresh, ignore_errors=True)
            backup_archive.extract_blobs(archive, backup_archive.verify_archive(archive), fresh, key, [key])

        def restore_plain() -> None:
            fresh = Path(tmp) / "restored-plain"
            shutil.rmtree(fresh, ignore_errors=True)
            backup_archive.extract_blobs(archive, backup_archive.verify_archive(archive), fresh, None, [key])

        def encrypt() -> None:  # `encrypt`'s sealing of a plain scan in the store
            shutil.copyfile(scan, target)
            sealed_blobs.conform(root, key)

        got: dict[str, list[tuple[float, float]]] = {
            "attach whole (VDBLOB1)": [],
            "attach streamed (VDBLOB2)": [],
            "read back (read_bytes)": [],
            "check (state)": [],
            "encrypt: seal a plain scan": [],
            "backup: scan sealed": [],
            "backup: scan left plain": [],
            "restore onto encrypted": [],
            "restore onto plain": [],
        }
        for _ in range(args.runs):
            got["attach whole (VDBLOB1)"].append(_peak(whole))
            target.unlink()
            got["attach streamed (VDBLOB2)"].append(_peak(streamed))
            if not target.read_bytes().startswith(b"VDBLOB2\n"):
                raise RuntimeError("the streamed file is not VDBLOB2")
            got["read back (read_bytes)"].append(_peak(read_back))
            got["check (state)"].append(_peak(check_state))
            got["encrypt: seal a plain scan"].append(_peak(encrypt))
            formats["encrypt"] = target.read_bytes()[:8]
            sealed_blobs.forget()
            got["backup: scan sealed"].append(_peak(backup))
            got["backup: scan left plain"].append(_peak(backup_plain_scan))
            with zipfile.ZipFile(archive) as zf, zf.open(f"blobs/{digest[:2]}/{digest}") as member:
                formats["backup"] = member.read(8)
            got["restore onto encrypted"].append(_peak(restore_encrypted))
            got["restore onto plain"].append(_peak(restore_plain))
    print("written by encrypt / into the backup:", formats["encrypt"], formats["backup"])
    rows = [
        [name, f"{statistics.median(p for p, _ in v):.1f} MB", f"{statistics.median(s for _, s in v):.3f} s"]
        for name, v in got.items()
    ]
    print(f"one {args.mb} MB scan, encrypted profile, medians of {args.runs}; load average {os.getloadavg()[0]:.2f}")
    print(table(["sealing", "peak Python memory", "time"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
