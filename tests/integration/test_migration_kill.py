"""SIGKILL an upgrade from revision 0001 at random points: the next start finishes it, nothing lost.

An upgrade is one transaction (schema and the search keys it fills in), preceded by a backup; a kill
leaves either the old revision or the new one, never a half-migrated schema.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY
from tests.integration.test_migrations import _at_revision
from villagedesk.db.engine import head_revision
from villagedesk.services import health, maintenance, queries
from villagedesk.services.desk import Desk

CASES = 6000


def _old_profile(root: Path) -> None:
    """A revision-0001 profile with many cases (so the search keys take a while to fill in)."""
    root.mkdir()
    db = root / "villagedesk.db"
    _at_revision(db, "0001")
    view = json.dumps({"state": "registered", "pauses": [], "extension_days": 0, "missing": []})
    conn = sqlite3.connect(db)
    with conn:
        rows = []
        for n in range(CASES):
            rows.append((str(uuid.UUID(int=n + 1)), f"100201-260302-AB{n + 1:03d}", f"applicant-{n}", view))
        conn.executemany(
            "INSERT INTO cases (id, case_no, item_code, item_version, bundle_code, title, category, final_level,"
            " applicant_id, applicant_name, id_masked, village_code, agent, status, level, registered_on,"
            " promised_days, limit_unit, due_on, open, paused, conflict, return_rounds, outcome, view, last_hlc,"
            " event_count) VALUES (?, ?, 'JY012', 1, NULL, '临时救助', '民政救助', 'town', ?, '欧阳娜',"
            " '419001********0014', '419001100201', '李娜', 'registered', 'village', '2026-03-02', 10,"
            " 'working_days', '2026-03-19', 1, 0, 0, 0, NULL, ?, '1772409600000-00000-devicea', 1)",
            rows,
        )
        for key, value in {"device_id": "device-a", "device_tag": "AB", "role": "agent",
                           "region_code": "419001100201", "user": "李娜", "user_id": "u1"}.items():  # fmt: skip
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
    conn.close()


@pytest.mark.slow
def test_a_killed_upgrade_is_finished_by_the_next_start(tmp_path: Path) -> None:
    rng = random.Random(2027)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outcomes = []
    for trial in range(4):
        root = tmp_path / f"old-{trial}"
        _old_profile(root)
        child = subprocess.Popen(
            [sys.executable, "-m", "villagedesk", "--profile", str(root), "check"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not list((root / "backups").glob("before-upgrade-0001-*.db")) and time.monotonic() < deadline:
            time.sleep(0.01)  # the backup is made just before the migration starts
        time.sleep(rng.uniform(0.0, 2.5))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        stamped = sqlite3.connect(root / "villagedesk.db").execute("SELECT version_num FROM alembic_version").fetchall()
        outcomes.append(stamped)
        assert stamped in ([("0001",)], [(head_revision(),)]), stamped  # never in between
        with Desk.open(root, today=TODAY) as desk:
            assert queries.count_cases(desk) == CASES
            assert health.schema_problems(desk.paths.db) == []
            assert maintenance.check(desk).integrity == "ok"
    print("upgrade kill outcomes:", outcomes)
