"""Deadlines on the real 2025 and 2026 schedules (chinese_calendar), with pauses, extensions and lights.

Dates checked against the library (chinese_calendar 1.11) and the State Council notices:
2025: 春节 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked; 国庆/中秋 10-01..10-08 off, 09-28 (Sun)
and 10-11 (Sat) worked. 2026: 春节 02-15..02-23 off, 02-14 (Sat) and 02-28 (Sat) worked; 国庆 10-01..10-07
off, 09-20 (Sun) and 10-10 (Sat) worked.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from villagedesk.domain.deadlines import Interval, Light, LimitUnit, WorkCalendar, due_date, traffic_light

D = date
WD, ND = LimitUnit.WORKING_DAYS, LimitUnit.NATURAL_DAYS


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 26), True),  # Sunday, 调休
        (D(2025, 2, 8), True),  # Saturday, 调休
        (D(2025, 9, 28), True),  # Sunday, 调休
        (D(2025, 10, 11), True),  # Saturday, 调休
        (D(2025, 10, 9), True),
        (D(2025, 2, 5), True),
        (D(2026, 2, 14), True),  # Saturday, 调休
        (D(2026, 2, 28), True),  # Saturday, 调休
        (D(2026, 9, 20), True),  # Sunday, 调休
        (D(2026, 10, 10), True),  # Saturday, 调休
        (D(2026, 11, 25), True),
        (D(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_single_days(day: date, working: bool) -> None:
    assert WorkCalendar().is_workday(day) is working


@pytest.mark.parametrize(
    ("start", "end"),
    [(D(2025, 1, 28), D(2025, 2, 4)), (D(2025, 10, 1), D(2025, 10, 8)), (D(2026, 2, 15), D(2026, 2, 23))],
)
def test_holiday_weeks_are_off(start: date, end: date) -> None:
    cal = WorkCalendar()
    assert not any(cal.is_workday(d) for d in _days(start, end))
    assert cal.uncertain_years == set()


def test_national_day_2026() -> None:
    cal = WorkCalendar()
    assert not any(cal.is_workday(d) for d in _days(D(2026, 10, 1), D(2026, 10, 7)))
    assert cal.is_workday(D(2026, 10, 8))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # Fri + 1 = the worked Sunday
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # over the Spring Festival
        (D(2025, 2, 5), 3, D(2025, 2, 8)),  # Wed, Thu, Fri... Sat 02-08 is worked
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # over National Day
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # Thu, Fri, worked Saturday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 11, 2), 10, D(2026, 11, 16)),
    ],
)
def test_working_day_limits(start: date, days: int, due: date) -> None:
    assert due_date(WorkCalendar(), start, days, WD, today=start) == due


def test_immediate_items_are_due_the_same_day() -> None:
    for start in (D(2025, 10, 3), D(2026, 11, 25), D(2026, 11, 28)):  # holiday, Wednesday, Saturday
        assert due_date(WorkCalendar(), start, 0, WD, today=start) == start


def test_natural_days_count_every_day_but_end_on_a_working_day() -> None:
    cal = WorkCalendar()
    assert due_date(cal, D(2025, 9, 1), 30, ND, today=D(2025, 9, 1)) == D(2025, 10, 9)  # 10-01 is off
    assert due_date(cal, D(2025, 9, 11), 30, ND, today=D(2025, 9, 11)) == D(2025, 10, 11)  # worked Saturday
    assert due_date(cal, D(2026, 11, 2), 7, ND, today=D(2026, 11, 2)) == D(2026, 11, 9)
    assert due_date(cal, D(2026, 11, 4), 7, ND, today=D(2026, 11, 4)) == D(2026, 11, 11)
    assert due_date(cal, D(2026, 11, 6), 7, ND, today=D(2026, 11, 6)) == D(2026, 11, 13)
    assert due_date(cal, D(2026, 11, 7), 7, ND, today=D(2026, 11, 7)) == D(2026, 11, 16)  # Sat 11-14 -> Mon


def test_paused_intervals_do_not_count() -> None:
    cal = WorkCalendar()
    start = D(2026, 11, 2)
    assert due_date(cal, start, 10, WD, [Interval(D(2026, 11, 4), D(2026, 11, 6))], today=start) == D(2026, 11, 18)
    # a pause over a weekend costs only its working days
    assert due_date(cal, start, 10, WD, [Interval(D(2026, 11, 6), D(2026, 11, 9))], today=start) == D(2026, 11, 17)
    # a pause still running counts up to today
    running = [Interval(D(2026, 11, 4))]
    assert due_date(cal, start, 10, WD, running, today=D(2026, 11, 6)) == D(2026, 11, 18)
    assert due_date(cal, start, 10, WD, running, today=D(2026, 11, 11)) == D(2026, 11, 23)
    # natural days: every calendar day of the pause
    assert due_date(cal, start, 7, ND, [Interval(D(2026, 11, 3), D(2026, 11, 5))], today=start) == D(2026, 11, 11)
    # a pause over the 2025 National Day holiday costs nothing but its working days
    assert cal.working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1


def test_extension_adds_working_days() -> None:
    cal = WorkCalendar()
    assert due_date(cal, D(2025, 9, 29), 10, WD, extension=5, today=D(2025, 9, 29)) == D(2025, 10, 27)
    assert due_date(cal, D(2025, 9, 29), 10, WD, today=D(2025, 9, 29)) == D(2025, 10, 20)


@pytest.mark.parametrize(
    ("today", "light"),
    [
        (D(2026, 11, 24), Light.GREEN),  # 3 working days left
        (D(2026, 11, 25), Light.GREEN),  # 2 left
        (D(2026, 11, 26), Light.YELLOW),  # 1 left
        (D(2026, 11, 27), Light.YELLOW),  # due today
        (D(2026, 11, 28), Light.RED),
    ],
)
def test_traffic_light(today: date, light: Light) -> None:
    assert traffic_light(WorkCalendar(), D(2026, 11, 27), today) is light


def test_traffic_light_skips_weekends_and_holidays() -> None:
    cal = WorkCalendar()
    assert traffic_light(cal, D(2026, 11, 30), D(2026, 11, 27)) is Light.YELLOW  # Fri -> Mon: 1 working day
    assert traffic_light(cal, D(2025, 10, 9), D(2025, 9, 30)) is Light.YELLOW  # over National Day
    assert traffic_light(cal, D(2025, 10, 10), D(2025, 9, 30)) is Light.GREEN
    assert traffic_light(cal, D(2026, 12, 1), D(2026, 11, 25), yellow_days=4) is Light.YELLOW


def test_unknown_year_falls_back_to_weekends_and_says_so() -> None:
    cal = WorkCalendar()
    assert not cal.knows(2031)
    assert cal.knows(2025) and cal.knows(2026)
    assert due_date(cal, D(2031, 1, 1), 3, WD, today=D(2031, 1, 1)) == D(2031, 1, 6)  # Wed -> Thu, Fri, Mon
    assert cal.is_workday(D(2031, 1, 4)) is False  # Saturday
    assert cal.uncertain_years == {2031}
    assert traffic_light(cal, D(2031, 1, 6), D(2031, 1, 2)) is Light.GREEN


def test_published_overrides_beat_the_library_and_the_fallback() -> None:
    cal = WorkCalendar(overrides={D(2031, 1, 2): False, D(2025, 10, 11): False})
    assert cal.knows(2031)
    assert due_date(cal, D(2031, 1, 1), 1, WD, today=D(2031, 1, 1)) == D(2031, 1, 3)
    assert due_date(cal, D(2025, 9, 30), 3, WD, today=D(2025, 9, 30)) == D(2025, 10, 13)
