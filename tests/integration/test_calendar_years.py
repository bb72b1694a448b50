"""Due dates across 2026 -> 2027, with and without the schedule the town publishes.

The installed chinese_calendar knows 2026 but not 2027. Without a published 2027 schedule a due date in
2027 is a guess (Monday-Friday less 元旦/劳动节/国庆) and says so everywhere; once ``villagedesk-server
publish-calendar`` reaches the PC by a real sync over loopback HTTP, the published days are in force,
every open case's due date is recomputed and the agent is told which moved.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.flows import VALID_PAYLOAD, as_role, register
from tests.integration.server_harness import RunningServer
from tests.integration.test_sync_roundtrip import sync
from villagedesk.domain.deadlines import Source, library_knows
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server.cli import main as server_main
from villagedesk.server.db import Database, default_url
from villagedesk.services import actions, appointments, calendars, dashboard, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

D = date
E = EventType
VILLAGE = "419001100201"
NOTE = "以镇中心公布的节假日安排为准"
# not yet accepted by the town: the day is also an estimate from registration (domain.promise.ESTIMATE_NOTE)
GUESS = "镇中心受理后按受理日重新计算"

# An illustrative 2027 schedule in the State Council's shape (not the real one, not yet published):
# 元旦 01-01..01-03, 春节 02-06..02-13 with the Sundays 02-14 and 02-20 worked (调休).
SCHEDULE_2027 = {
    "year": 2027,
    "holidays": ["2027-01-01", "2027-01-02", "2027-01-03", *(f"2027-02-{d:02d}" for d in range(6, 14))],
    "workdays": ["2027-02-14", "2027-02-20"],
}

pytestmark = pytest.mark.skipif(library_knows(2027), reason="the installed chinese_calendar already knows 2027")


@pytest.fixture
def desk_dec(profile: Path):
    """An agent's desk on Friday 2026-12-25."""
    d = Desk.open(profile, today=D(2026, 12, 25))
    d.setup(Role.AGENT, VILLAGE, "李娜")
    yield d
    d.close()


def _row(desk: Desk, case_id: str) -> queries.CaseRow:
    return queries.detail(desk, case_id).row


def _list_row(desk: Desk, case_id: str) -> queries.CaseRow:
    return next(r for r in queries.list_cases(desk, limit=50) if r.id == case_id)


def test_2027_without_a_schedule_is_a_provisional_guess_that_knows_new_year(desk_dec) -> None:
    # 宅基地 (20 working days, town), not yet accepted: registration + 3 working days + 20
    early = register(desk_dec, "JY009", registered_on=D(2026, 12, 1))
    late = register(desk_dec, "JY009", registered_on=D(2026, 12, 25), id_number="419001198502020026")
    # before: 2027-01-01 (元旦 itself) and 2027-01-27, shown as certain
    assert _row(desk_dec, early.case_id).due_on == D(2027, 1, 4)
    row = _list_row(desk_dec, late.case_id)
    assert row.due_on == D(2027, 1, 28)
    assert row.provisional and row.due_text == f"预计 2027年1月28日，{GUESS}，{NOTE}"
    assert _row(desk_dec, late.case_id).due_text == row.due_text  # the case page reads the same row
    assert desk_dec.calendar.source(D(2027, 1, 1)) is Source.FIXED_DATES
    assert desk_dec.calendar.source(D(2026, 10, 1)) is Source.LIBRARY
    assert not desk_dec.calendar.is_workday(D(2027, 1, 1))
    board = dashboard.summary(desk_dec)
    assert any(line.startswith("2027 年节假日安排尚未确认") for line in board.calendar)


def test_a_case_wholly_inside_2026_is_not_provisional(desk_dec) -> None:
    case = register(desk_dec, "JY006", registered_on=D(2026, 12, 1))  # 1 working day
    row = _row(desk_dec, case.case_id)
    assert row.due_on is not None and row.due_on.year == 2026
    day = f"{row.due_on.year}年{row.due_on.month}月{row.due_on.day}日"
    assert not row.provisional and row.due_text == f"预计 {day}，{GUESS}"  # not accepted yet: an estimate


def _publish_and_serve(tmp_path: Path, schedule: dict) -> tuple[Path, RunningServer]:
    data = tmp_path / "srv"
    (tmp_path / "cal.json").write_text(json.dumps(schedule), "utf-8")
    assert server_main(["--data", str(data), "publish-calendar", str(tmp_path / "cal.json")]) == 0
    return data, RunningServer(Database.open(default_url(data))).start()


def test_published_schedule_arrives_by_sync_and_moves_open_cases(desk_dec, tmp_path: Path) -> None:
    # JY002 (60 working days, city): registered 12-25, due in spring 2027 across 春节
    spring = register(desk_dec, "JY002", registered_on=D(2026, 12, 25))
    january = register(desk_dec, "JY009", registered_on=D(2026, 12, 25), id_number="419001198502020026")
    before = _row(desk_dec, spring.case_id).due_on
    assert before == D(2027, 3, 25) and _row(desk_dec, spring.case_id).provisional
    # 公休日预约 on Monday 2027-02-08, a published holiday: refused while unpublished
    with pytest.raises(Exception, match="公休日"):
        appointments.book(desk_dec, "张三", "13812345678", "JY012", D(2027, 2, 8))

    _data, srv = _publish_and_serve(tmp_path, SCHEDULE_2027)
    try:
        engine.enroll(desk_dec, srv.url, srv.code(VILLAGE, "agent", "李娜"))
        sync(desk_dec)
        board = dashboard.summary(desk_dec)  # the GUI refreshes the dashboard after every sync
    finally:
        srv.stop()
        srv.db.dispose()

    assert desk_dec.calendar.source(D(2027, 2, 8)) is Source.PUBLISHED
    assert desk_dec.calendar.source(D(2027, 6, 1)) is Source.PUBLISHED  # an ordinary day of a published year
    assert desk_dec.calendar.is_workday(D(2027, 2, 14))  # worked Sunday
    after = _row(desk_dec, spring.case_id)
    # 春节 takes five weekdays (02-08..02-12), the two worked weekend days give two back: 3 days later
    assert after.due_on == D(2027, 3, 30)
    assert not after.provisional and after.due_text == f"预计 2027年3月30日，{GUESS}"
    assert _row(desk_dec, january.case_id).due_on == D(2027, 1, 28)  # 元旦 was already guessed right
    assert not any("尚未确认" in line for line in board.calendar)
    moved = [line for line in board.calendar if "重算到期日" in line]
    assert len(moved) == 1 and spring.case_no in moved[0] and "2027-03-25 → 2027-03-30" in moved[0]
    assert january.case_no not in moved[0]  # only cases whose date changed are named
    booked = appointments.book(desk_dec, "张三", "13812345678", "JY012", D(2027, 2, 8))
    assert booked.day == D(2027, 2, 8)

    # a restart keeps the schedule in force and recomputes nothing again
    profile = desk_dec.paths.root
    with Desk.open(profile, today=D(2026, 12, 25)) as again:
        assert again.calendar.source(D(2027, 2, 8)) is Source.PUBLISHED
        assert _row(again, spring.case_id).due_on == D(2027, 3, 30)


def test_pause_and_extension_across_the_year_end_on_the_published_schedule(desk_dec, tmp_path: Path) -> None:
    _data, srv = _publish_and_serve(tmp_path, SCHEDULE_2027)
    try:
        engine.enroll(desk_dec, srv.url, srv.code(VILLAGE, "agent", "李娜"))
        sync(desk_dec)
    finally:
        srv.stop()
        srv.db.dispose()
    calendars.refresh(desk_dec)  # what the main window does when a sync finishes
    assert desk_dec.calendar.source(D(2027, 1, 4)) is Source.PUBLISHED
    case = register(desk_dec, "JY012", registered_on=D(2026, 12, 21))  # 临时救助, 10 working days
    steps = [
        (Role.AGENT, E.SUBMITTED, D(2026, 12, 22), None),
        (Role.CLERK, E.ACCEPTED, D(2026, 12, 23), None),  # clock starts: 12-24 is working day 1
        (Role.CLERK, E.RETURNED, D(2026, 12, 29), None),  # 补正: paused after 4 days (12-24..12-29 less weekend)
        (Role.AGENT, E.SUBMITTED, D(2027, 1, 6), None),
        (Role.CLERK, E.ACCEPTED, D(2027, 1, 6), None),
        (Role.CLERK, E.EXTENSION_GRANTED, D(2027, 1, 7), {"days": 2, "reason": "需入户核查"}),
    ]
    for role, event, on, payload in steps:
        as_role(desk_dec, role)
        actions.perform(desk_dec, case.case_id, event, payload or VALID_PAYLOAD[event], on=on)
    # paused (12-29, 01-06]: 12-30, 12-31, 01-04, 01-05, 01-06 = 5 working days (01-01..01-03 published off)
    # 10 + 5 + 2 = 17 working days after 12-23: 12-24 25 28 29 30 31, 01-04 .. 01-08, 01-11 .. 01-15, 01-18
    row = _row(desk_dec, case.case_id)
    assert row.due_on == D(2027, 1, 18)
    assert not row.provisional


def test_cli_sync_applies_the_schedule_and_names_the_moved_cases(profile: Path, tmp_path: Path) -> None:
    with Desk.open(profile, today=D(2026, 12, 25)) as desk:
        desk.setup(Role.AGENT, VILLAGE, "李娜")
        spring = register(desk, "JY002", registered_on=D(2026, 12, 25))
    _data, srv = _publish_and_serve(tmp_path, SCHEDULE_2027)
    try:
        with Desk.open(profile) as desk:
            engine.enroll(desk, srv.url, srv.code(VILLAGE, "agent", "李娜"))
        out = run_cli("sync", profile=profile)
    finally:
        srv.stop()
        srv.db.dispose()
    assert out.returncode == 0, out.stderr
    assert "节假日安排已更新(生效年份: 2027)" in out.stdout and spring.case_no in out.stdout
    shown = run_cli("cases", "--json", profile=profile)
    case = json.loads(shown.stdout)["cases"][0]
    assert case["due_on"] == "2027-03-30" and case["provisional"] is False


def test_calendar_install_keeps_the_same_objects_when_nothing_changed(desk_dec) -> None:
    before = desk_dec.calendar.overrides
    dashboard.summary(desk_dec)  # refreshes the calendar: the statistics cache is keyed on these objects
    assert desk_dec.calendar.overrides is before


def test_pause_across_the_year_end_without_a_schedule_is_provisional(desk_dec) -> None:
    case = register(desk_dec, "JY012", registered_on=D(2026, 12, 21))
    for role, event, on in [
        (Role.AGENT, E.SUBMITTED, D(2026, 12, 22)),
        (Role.CLERK, E.ACCEPTED, D(2026, 12, 23)),
        (Role.CLERK, E.RETURNED, D(2026, 12, 29)),
        (Role.AGENT, E.SUBMITTED, D(2027, 1, 6)),
        (Role.CLERK, E.ACCEPTED, D(2027, 1, 6)),
    ]:
        as_role(desk_dec, role)
        actions.perform(desk_dec, case.case_id, event, VALID_PAYLOAD[event], on=on)
    # paused (12-29, 01-06]: 12-30, 12-31, 01-04, 01-05, 01-06 (元旦 guessed off) -> 10 + 5 after 12-23
    row = _row(desk_dec, case.case_id)
    assert row.due_on == D(2027, 1, 14) and row.provisional
    assert row.due_text == f"预计 2027年1月14日，{NOTE}"


def test_cli_cases_and_show_say_a_guessed_due_date_is_a_guess(profile: Path) -> None:
    """`cases` and `show` printed 2027-01-28 as certain while the list and the receipt said 预计 (show: the
    receipt's wording, domain.promise.promised_text)."""
    with Desk.open(profile, today=D(2026, 12, 25)) as desk:
        desk.setup(Role.AGENT, VILLAGE, "李娜")
        late = register(desk, "JY009", registered_on=D(2026, 12, 25))
        sure = register(desk, "JY006", registered_on=D(2026, 12, 1), id_number="419001198502020026")
    listed = run_cli("cases", profile=profile)
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if late.case_no in x)
    assert "到期 预计 2027-01-28" in line
    # counted from registration until the town accepts it: 预计 too, as `show` and the receipt say (#18)
    assert "到期 预计 2026-" in next(x for x in listed.stdout.splitlines() if sure.case_no in x)
    assert NOTE in listed.stdout
    shown = run_cli("show", late.case_no, profile=profile)
    assert shown.returncode == 0, shown.stderr
    assert f"到期 预计 2027年1月28日，{GUESS}，{NOTE}" in shown.stdout
