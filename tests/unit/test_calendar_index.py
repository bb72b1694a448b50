"""The working-day index answers exactly what a day-by-day walk answers (holidays, 调休, overrides)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from villagedesk.domain.deadlines import WorkCalendar


def _walk_between(cal: WorkCalendar, start: date, end: date) -> int:
    return sum(1 for i in range(1, (end - start).days + 1) if cal.is_workday(start + timedelta(days=i)))


def _walk_add(cal: WorkCalendar, start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        days -= cal.is_workday(current)
    return current


def test_index_matches_the_walk_across_years_and_holidays() -> None:
    cal = WorkCalendar()
    rng = random.Random(7)
    for _ in range(400):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        end = start + timedelta(days=rng.randrange(-5, 400))
        n = rng.randrange(0, 80)
        assert cal.working_days_between(start, end) == _walk_between(cal, start, end), (start, end)
        assert cal.add_working_days(start, n) == _walk_add(cal, start, n), (start, n)


def test_hand_worked_national_day_and_tiaoxiu() -> None:
    cal = WorkCalendar()
    # 2026: 10-1..10-7 off, Sunday 9-20 and Saturday 10-10 are working days (调休)
    assert cal.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3  # 10-8, 10-9, Sat 10-10
    assert cal.working_days_between(date(2026, 9, 19), date(2026, 9, 20)) == 1  # Sunday 9-20 works
    assert cal.uncertain_years == set()  # only years asked about are looked up
    # into 2027, which the installed schedule may not know yet (then Monday-Friday): same as the walk
    assert cal.add_working_days(date(2026, 12, 30), 3) == _walk_add(WorkCalendar(), date(2026, 12, 30), 3)


def test_overrides_added_later_are_taken_into_account() -> None:
    overrides: dict[date, bool] = {}
    cal = WorkCalendar(overrides)
    assert cal.working_days_between(date(2026, 6, 1), date(2026, 6, 5)) == 4
    overrides[date(2026, 6, 3)] = False  # the town publishes a day off
    assert cal.working_days_between(date(2026, 6, 1), date(2026, 6, 5)) == 3
    assert cal.add_working_days(date(2026, 6, 1), 2) == date(2026, 6, 4)


def test_far_dates_fall_back_to_the_walk() -> None:
    cal = WorkCalendar()
    assert cal.add_working_days(date(2199, 12, 30), 3) == _walk_add(cal, date(2199, 12, 30), 3)
    assert cal.working_days_between(date(1899, 12, 25), date(1900, 1, 5)) == _walk_between(
        cal, date(1899, 12, 25), date(1900, 1, 5)
    )
