"""SIGKILL a writer process at random points: every case it reported committed is there, intact."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY
from tests.support.processes import kill_hard, was_killed_hard
from villagedesk.services import maintenance, queries
from villagedesk.services.desk import Desk

TRIALS = 8


def _run_and_kill(profile: Path, seed: int, rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_writer", str(profile), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first.strip() == "READY", child.stderr.read() if child.stderr else first
    lines = [child.stdout.readline()]  # the writer is warm once its first case is in; kill it afterwards
    time.sleep(rng.uniform(0.0, 1.0))
    kill_hard(child)
    out, err = child.communicate(timeout=30)
    assert was_killed_hard(child.returncode), err
    return lines + out.splitlines()


@pytest.mark.slow
def test_sigkilled_writer_loses_no_committed_case(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    rng = random.Random(20261125)
    registered: set[str] = set()
    submitted: set[str] = set()
    for trial in range(TRIALS):
        lines = _run_and_kill(profile, 1000 + trial, rng)
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "REG" and rest:
                registered.update(rest.split())
            elif kind == "SUB" and rest:
                submitted.add(rest)
        with Desk.open(profile, today=TODAY) as check_desk:
            rows = {r.case_no: r for r in queries.list_cases(check_desk, limit=100_000)}
            missing = registered - set(rows)
            assert not missing, f"trial {trial}: committed cases lost: {sorted(missing)[:5]}"
            assert all(rows[c].status == "submitted" for c in submitted), trial
            report = maintenance.check(check_desk)
            assert report.integrity == "ok", report.integrity
            assert report.mismatched == [], report.mismatched
            assert report.ok
            assert report.cases == len(rows) >= len(registered)
    summary = (
        f"crash test: {TRIALS} SIGKILL trials, {len(registered)} committed cases checked ({len(submitted)} submitted)"
    )
    (tmp_path / "crash_summary.txt").write_text(summary, encoding="utf-8")
    print(summary)
    assert len(registered) >= TRIALS  # the writer did get work done between kills
