"""Backup and restore of a whole profile: time and archive size beside the floor, plain and encrypted.

    python -m benchmarks.backup_restore [--cases 20000] [--mb 2048] [--scan-kb 300] [--runs 3]
                                        [--kinds plain,encrypted]

For each kind, a demo profile with ``--cases`` cases and ``--mb`` MB of random (incompressible, like
JPEG scans) attachment files in its blob store (sealed on the encrypted profile); then, ``--runs``
times: ``backup`` (DB by the online backup API + every blob + the SHA-256 manifest; on an encrypted
profile every scan is unsealed once to check its hash), ``verify`` (every member hashed, as restore does
first), ``restore`` onto a fresh profile (verify, extract, safety copy, counters), and the floor: a plain
copy of the same files (DB and blobs, fsynced) in the same run. Medians; the target is 20,000 cases and
2 GB.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import save, table
from villagedesk.db import cipher
from villagedesk.services import attachments, demo, maintenance, sealed_blobs
from villagedesk.services.backup_archive import verify_archive
from villagedesk.services.desk import Desk, ProfilePaths


def _profile(root: Path, cases: int, mb: int, scan_kb: int, key: bytes | None) -> int:
    """A filled profile (encrypted under ``key`` when given); returns how many scans it holds."""
    root.mkdir(parents=True)
    if key is not None:
        cipher.register_key(root, key)
    rng = random.Random(2026)
    with Desk.open(root) as desk:
        demo.generate(desk, cases=cases, seed=2016)
        scans = max(1, mb * 1024 // scan_kb)
        for _ in range(scans):
            attachments.store_blob(desk, rng.randbytes(scan_kb * 1024))
    if cipher.is_encrypted(root / "villagedesk.db") != (key is not None):
        raise RuntimeError("the profile was not written as asked")
    if key is not None and not all(sealed_blobs.is_sealed(p) for p in sealed_blobs.iter_files(root / "blobs")):
        raise RuntimeError("the encrypted profile holds plain scans")
    return scans


def _floor(root: Path, dest: Path) -> float:
    """Seconds to copy the DB and every blob file as they are (no manifest, no hashing), fsynced."""
    start = time.perf_counter()
    for src in [root / "villagedesk.db", *sealed_blobs.iter_files(root / "blobs")]:
        target = dest / src.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        with src.open("rb") as fin, target.open("wb") as fout:
            shutil.copyfileobj(fin, fout, 1024 * 1024)
            fout.flush()
            os.fsync(fout.fileno())
    return time.perf_counter() - start


def _kind(tmp: Path, kind: str, args: argparse.Namespace) -> dict[str, float]:
    key = os.urandom(32) if kind == "encrypted" else None
    root = tmp / f"{kind}-profile"
    t0 = time.perf_counter()
    scans = _profile(root, args.cases, args.mb, args.scan_kb, key)
    fill = time.perf_counter() - t0
    got: dict[str, list[float]] = {"backup": [], "verify": [], "restore": [], "floor": [], "archive MB": []}
    data_mb = (root / "villagedesk.db").stat().st_size / 1e6
    data_mb += sum(p.stat().st_size for p in sealed_blobs.iter_files(root / "blobs")) / 1e6
    cases = 0
    for n in range(args.runs):
        got["floor"].append(_floor(root, tmp / f"floor-{n}"))
        shutil.rmtree(tmp / f"floor-{n}")
        with Desk.open(root) as desk:
            t0 = time.perf_counter()
            archive = maintenance.backup(desk, tmp / f"full-{n}.vdbak")
            got["backup"].append(time.perf_counter() - t0)
        got["archive MB"].append(archive.stat().st_size / 1e6)
        t0 = time.perf_counter()
        verify_archive(archive)
        got["verify"].append(time.perf_counter() - t0)
        new_pc = tmp / f"new-pc-{n}"
        if key is not None:
            cipher.register_key(new_pc, key)  # this PC's key: restore opens the staged DB with it
        t0 = time.perf_counter()
        cases = maintenance.restore(ProfilePaths(new_pc), archive).cases
        got["restore"].append(time.perf_counter() - t0)
        shutil.rmtree(new_pc)
        archive.unlink()
    out = {k: statistics.median(v) for k, v in got.items()}
    out.update(scans=scans, data_mb=data_mb, fill=fill, cases=cases, load=os.getloadavg()[0])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--mb", type=int, default=2048)
    parser.add_argument("--scan-kb", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", default="plain,encrypted")
    args = parser.parse_args()
    rows, saved = [], {}
    with tempfile.TemporaryDirectory(prefix="vd-bench-backup-") as tmp:
        for kind in args.kinds.split(","):
            r = _kind(Path(tmp), kind, args)
            shutil.rmtree(Path(tmp) / f"{kind}-profile")
            rows += [
                [kind, "data (DB + blobs) MB", round(r["data_mb"], 1), ""],
                [kind, "archive MB (median)", round(r["archive MB"], 1), f"{r['archive MB'] / r['data_mb']:.2f}× data"],
                [kind, "floor: plain copy s", round(r["floor"], 2), "1.00×"],
                [kind, "backup s", round(r["backup"], 2), f"{r['backup'] / r['floor']:.2f}× floor"],
                [kind, "verify s", round(r["verify"], 2), f"{r['verify'] / r['floor']:.2f}× floor"],
                [kind, "restore s (verify+extract)", round(r["restore"], 2), f"{r['restore'] / r['floor']:.2f}× floor"],
                [kind, "restored cases / scans", f"{r['cases']} / {r['scans']}", ""],
                [kind, "load average at the end", round(r["load"], 2), ""],
            ]  # fmt: skip
            saved[kind] = r
    print(f"{args.cases} cases, {args.mb} MB of {args.scan_kb} KB scans, medians of {args.runs} runs")
    print(table(["kind", "figure", "value", "ratio"], rows))
    save("backup_restore", saved)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
