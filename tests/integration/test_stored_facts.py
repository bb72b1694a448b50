"""Stored statistics facts (table ``case_facts``, migration 0015): the 统计 page of a town or a city gives
the figures a fresh reading of every event gives, with the facts kept in the profile or not; a case's
new event, a new holiday schedule and a restart are all seen; after a restart the page reads no event.

On a real city profile (the city benchmark's builder: the corpus's lifecycles over 16 towns, migrated by
Alembic), copied for each test."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import delete, event, func, select

from benchmarks import city as city_bench
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.metrics import Period, case_facts, facts_from_row, facts_to_row, facts_window
from villagedesk.domain.projection import event_day
from villagedesk.domain.satisfaction import FOLLOWUP_WORKING_DAYS
from villagedesk.services import actions, maintenance, metrics
from villagedesk.services.desk import Desk

CITY = city_bench.CITY
PERIODS = (
    Period.month(2026, 9),
    Period.month(2026, 10),
    Period.month(2026, 11),
    Period.year(2026),
    Period(date(2026, 6, 15), date(2026, 8, 20)),
)
READ_EVENTS = "SELECT local_seq, id, case_id"  # services.metrics._read_events: the events themselves


@pytest.fixture(scope="module")
def city_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("city") / "p"
    city_bench._build_city(root, 700)
    return root


@pytest.fixture
def city_root(city_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "p"
    shutil.copytree(city_template, target)
    return target


def _open(root: Path) -> tuple[Desk, list[str]]:
    """A desk on the profile, and the list every SQL statement it runs is appended to."""
    desk = Desk.open(root, today=city_bench.TODAY)
    statements: list[str] = []
    event.listen(desk.store.engine, "connect", lambda conn, _rec: conn.set_trace_callback(statements.append))
    return desk, statements


def _stored(desk: Desk) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).select_from(m.StoredFacts)) or 0


def _figures(desk: Desk) -> list:
    """Every period's city page and each town's page (snapshots: every figure, as shown and exported)."""
    out = []
    for period in PERIODS:
        page = metrics.city(desk, CITY, period)
        out.append((period, page.total.snapshot(), {c: x.snapshot() for c, x in page.villages.items()}))
        for town in sorted(page.villages)[:3]:
            t = metrics.town(desk, town, period)
            out.append((period, town, t.total.snapshot(), {c: x.snapshot() for c, x in t.villages.items()}))
    return out


def _fresh(desk: Desk) -> list:
    """The figures from the events alone: nothing remembered, nothing stored."""
    metrics.clear_cache(desk)
    metrics.clear_stored(desk)
    figures = _figures(desk)
    metrics.clear_stored(desk)
    metrics.clear_cache(desk)
    return figures


def test_stored_facts_give_the_fresh_figures_and_a_restart_reads_no_event(city_root: Path) -> None:
    desk, statements = _open(city_root)
    try:
        fresh = _fresh(desk)
        assert _stored(desk) == 0
        assert any(p[1]["cases"] > 20 for p in fresh if len(p) == 3)
        first = _figures(desk)  # computes and stores
        assert first == fresh
        assert _stored(desk) > 500
        metrics.clear_cache(desk)  # memory gone: only the stored rows can answer
        statements.clear()
        assert _figures(desk) == fresh
        assert not [q for q in statements if q.startswith(READ_EVENTS)]
    finally:
        desk.close()

    desk, statements = _open(city_root)  # a restart: a new process's desk on the same file
    try:
        assert _figures(desk) == fresh
        assert not [q for q in statements if q.startswith(READ_EVENTS)]
        assert any("case_facts" in q for q in statements)
    finally:
        desk.close()


def _case(desk: Desk, where) -> m.Case:
    with desk.store.read() as s:
        return s.scalars(select(m.Case).where(*where).order_by(m.Case.id).limit(1)).one()


def test_a_new_event_changes_its_case_figure_also_after_a_restart(city_root: Path) -> None:
    desk, _ = _open(city_root)
    month = Period.month(2026, 11)
    try:
        before = metrics.city(desk, CITY, month).total
        assert _stored(desk) > 0
    finally:
        desk.close()
    desk, statements = _open(city_root)
    try:
        c = m.Case
        waiting = _case(desk, (c.status == "forwarded", c.final_level == "city", c.bundle_code.is_(None)))
        actions.perform(desk, waiting.id, EventType.ACCEPTED, {})
        actions.perform(desk, waiting.id, EventType.DECIDED, {"outcome": "approved"})
        statements.clear()
        after = metrics.city(desk, CITY, month).total
        reads = [q for q in statements if q.startswith(READ_EVENTS)]
        assert len(reads) == 1 and (waiting.id in reads[0] or reads[0].count("?") == 1)  # that case only
        assert after.on_time_rate.den == before.on_time_rate.den + 1  # decided in November
        metrics.clear_cache(desk)
        metrics.clear_stored(desk)
        assert after.snapshot() == metrics.city(desk, CITY, month).total.snapshot()  # fresh
    finally:
        desk.close()


def test_a_new_holiday_schedule_invalidates_the_stored_facts(city_root: Path) -> None:
    desk, _ = _open(city_root)
    year = Period.year(2026)
    try:
        facts = {f.case_id: f for f in metrics.facts_for(desk, CITY, city_bench.TODAY, year.start)}
        reviewed = sorted((f for f in facts.values() if f.followup is not None), key=lambda f: f.case_id)
        assert reviewed, "the corpus has bad reviews"
        target = reviewed[0].followup
        # the schedule the town publishes: the three working days after the review are holidays
        days, day = [], target.reviewed_on
        while len(days) < 3:
            day += timedelta(days=1)
            if desk.calendar.is_workday(day):
                days.append(day)
        data = {"year": 2026, "holidays": [d.isoformat() for d in days], "workdays": []}
        with desk.store.write() as s:
            s.add(m.RefData(rseq=9_000, kind="calendar", key="2026", data=json.dumps(data)))
    finally:
        desk.close()
    desk, statements = _open(city_root)  # Desk.open puts the published schedule in force
    try:
        assert not desk.calendar.is_workday(days[0])
        statements.clear()
        again = {f.case_id: f for f in metrics.facts_for(desk, CITY, city_bench.TODAY, year.start)}
        moved = again[reviewed[0].case_id].followup
        assert moved.due_on == desk.calendar.add_working_days(target.reviewed_on, FOLLOWUP_WORKING_DAYS)
        assert moved.due_on != target.due_on  # (the published year replaces the library's: 国庆 too)
        assert [q for q in statements if q.startswith(READ_EVENTS)]  # computed again, not read back
        assert _figures(desk) == _fresh(desk)
    finally:
        desk.close()


def test_facts_hold_for_every_day_of_their_window(city_root: Path) -> None:
    """``case_facts`` reads ``as_of`` only to drop later events: facts computed as of a day are those of
    every day from its latest kept event to the day before its first dropped one (what is stored)."""
    desk, _ = _open(city_root)
    try:
        with desk.store.read() as s:
            rows = s.scalars(select(m.EventRow).order_by(m.EventRow.local_seq)).all()
            streams: dict[str, list] = {}
            for row in rows:
                streams.setdefault(row.case_id, []).append(st.row_to_event(row))
        checked = 0
        for events in list(streams.values())[:250]:
            days = sorted({event_day(e) for e in events})
            for as_of in {days[0] - timedelta(days=1), *days, days[len(days) // 2] + timedelta(days=1), days[-1]}:
                facts = case_facts(events, desk.calendar, as_of)
                first, until = facts_window(events, as_of)
                last = (until or days[-1] + timedelta(days=40)) - timedelta(days=1)
                for other in {first if first != date.min else as_of, last, first + (last - first) / 2}:
                    assert case_facts(events, desk.calendar, other) == facts, (events[0].case_id, as_of, other)
                if facts is not None:
                    assert facts_from_row(orjson.loads(orjson.dumps(facts_to_row(facts)))) == facts
                    checked += 1
        assert checked > 500
    finally:
        desk.close()


def test_check_and_its_rebuild_accept_stored_facts(city_root: Path) -> None:
    desk, _ = _open(city_root)
    try:
        figures = _figures(desk)
        report = maintenance.check(desk)  # (the builder's clones share ID numbers: two_names is not ok)
        assert report.integrity == "ok" and report.revision == report.head
        assert report.problems == [] and report.mismatched == []
        report = maintenance.check(desk, rebuild=True)
        assert report.problems == [] and report.mismatched == [] and report.repaired == []
        assert _stored(desk) == 0  # derived data: a rebuild computes them again from the events
        assert _figures(desk) == figures
        with desk.store.write() as s:
            s.execute(delete(m.StoredFacts))
    finally:
        desk.close()


def test_backup_and_restore_carry_stored_facts_that_still_hold(city_root: Path, tmp_path: Path) -> None:
    desk, _ = _open(city_root)
    month = Period.month(2026, 11)
    try:
        before = metrics.city(desk, CITY, month).total.snapshot()
        backup = maintenance.backup(desk, tmp_path / "before.db")
        c = m.Case
        waiting = _case(desk, (c.status == "forwarded", c.final_level == "city", c.bundle_code.is_(None)))
        actions.perform(desk, waiting.id, EventType.ACCEPTED, {})
        actions.perform(desk, waiting.id, EventType.DECIDED, {"outcome": "approved"})
        assert metrics.city(desk, CITY, month).total.snapshot() != before  # stored for the newer events
        paths = desk.paths
    finally:
        desk.close()
    maintenance.restore(paths, backup)
    desk, statements = _open(city_root)
    try:
        assert metrics.city(desk, CITY, month).total.snapshot() == before
        assert not [q for q in statements if q.startswith(READ_EVENTS)]  # the backup's rows hold for its events
        metrics.clear_cache(desk)
        metrics.clear_stored(desk)
        assert metrics.city(desk, CITY, month).total.snapshot() == before
    finally:
        desk.close()
