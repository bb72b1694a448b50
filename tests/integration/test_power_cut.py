"""A simulated power cut: the DB and WAL files as they are at random moments of a write loop.

The writer process is frozen (SIGSTOP) at a random point, possibly inside a transaction; the database
and WAL files are copied as they are (the shared-memory index is left behind, as a power cut loses
it); the writer goes on. Each copy must open, pass the integrity check, and hold every case the writer
reported committed before the freeze. The local DB syncs the WAL at every commit (synchronous=FULL),
so a commit reported to the agent is on disk, not only in the OS cache.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY
from villagedesk.db.engine import make_engine
from villagedesk.services import maintenance, queries
from villagedesk.services.desk import Desk

CUTS = 6


def test_the_local_database_syncs_every_commit(desk) -> None:
    engine = make_engine(desk.paths.db)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


@pytest.mark.slow
def test_copies_taken_at_random_points_of_a_write_loop_reopen_with_every_committed_case(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_writer", str(profile), "7"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(child.stdout.readline, "")), daemon=True)
    assert child.stdout.readline().strip() == "READY"
    reader.start()
    rng = random.Random(20261201)
    cuts: list[tuple[Path, set[str]]] = []
    try:
        for n in range(CUTS):
            time.sleep(rng.uniform(0.2, 0.8))
            child.send_signal(signal.SIGSTOP)
            time.sleep(0.2)  # let the reader take every line printed before the freeze
            committed = {no for line in list(lines) if line.startswith("REG ") for no in line.split()[1:]}
            cut = tmp_path / f"cut-{n}"
            cut.mkdir()
            for name in ("villagedesk.db", "villagedesk.db-wal"):
                if (profile / name).exists():
                    shutil.copyfile(profile / name, cut / name)
            cuts.append((cut, committed))
            child.send_signal(signal.SIGCONT)
    finally:
        child.kill()
        child.communicate(timeout=30)
    assert cuts[-1][1], "the writer committed nothing: nothing was tested"
    for cut, committed in cuts:
        with Desk.open(cut, today=TODAY) as reopened:
            report = maintenance.check(reopened)
            assert report.integrity == "ok", (cut.name, report.integrity)
            found = {r.case_no for r in queries.list_cases(reopened, limit=100_000)}
            assert not committed - found, (cut.name, sorted(committed - found)[:5])
            assert report.mismatched == []
