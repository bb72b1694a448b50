"""Demo generation's bulk path: deterministic per seed and identical to what the live code would store."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from tests.conftest import TODAY
from villagedesk.domain.deadlines import WorkCalendar
from villagedesk.services import demo, maintenance
from villagedesk.services.desk import Desk


def _fingerprint(db: Path) -> str:
    con = sqlite3.connect(db)
    digest = hashlib.sha256()
    for table, order in [("events", "id"), ("cases", "id"), ("search_terms", "term, case_id"), ("applicants", "id")]:
        cols = [r[1] for r in con.execute(f"pragma table_info({table})") if r[1] != "local_seq"]
        for row in con.execute(f"select {','.join(cols)} from {table} order by {order}"):
            digest.update(repr(row).encode())
    con.close()
    return digest.hexdigest()


def test_same_seed_same_data_and_projections_match_rebuild(desk, tmp_path: Path) -> None:
    root = desk.paths.root
    desk.close()
    copies = []
    for name in ("a", "b"):
        target = tmp_path / name
        shutil.copytree(root, target)
        with Desk.open(target, today=TODAY) as d:
            summary = demo.generate(d, cases=300, seed=11)
            assert summary.cases == 300 and summary.events >= 300
            report = maintenance.check(d)
            assert report.ok, report.mismatched[:5]
            assert report.cases == 300
            db = d.paths.db
        copies.append(_fingerprint(db))
    assert copies[0] == copies[1]


def test_calendar_cache_answers_like_the_library() -> None:
    import chinese_calendar

    cal = WorkCalendar()
    day = TODAY.replace(month=1, day=1)
    for _ in range(2):  # second pass answers from the cache
        for offset in range(365):
            d = day.fromordinal(day.toordinal() + offset)
            assert cal.is_workday(d) == chinese_calendar.is_workday(d)


def test_traffic_light_early_exit_agrees_with_counting_every_day() -> None:
    from datetime import timedelta

    from villagedesk.domain.deadlines import Light, traffic_light

    cal = WorkCalendar()
    for offset in range(-3, 40):
        due = TODAY + timedelta(days=offset)
        for yellow in (0, 1, 3):
            if due < TODAY:
                expected = Light.RED
            elif cal.working_days_between(TODAY, due) <= yellow:
                expected = Light.YELLOW
            else:
                expected = Light.GREEN
            assert traffic_light(cal, due, TODAY, yellow) is expected


def test_check_finds_a_tampered_projection_and_rebuild_fixes_it(desk) -> None:
    from sqlalchemy import text

    demo.generate(desk, cases=120, seed=3)
    with desk.store.write() as s:
        case_no = s.execute(text("SELECT case_no FROM cases WHERE status != 'closed' LIMIT 1")).scalar()
        s.execute(text("UPDATE cases SET status = 'closed', event_count = 99 WHERE case_no = :n"), {"n": case_no})
    report = maintenance.check(desk)
    assert not report.ok and report.mismatched == [case_no]
    assert maintenance.check(desk, rebuild=True).rebuilt == 1
    assert maintenance.check(desk).ok
