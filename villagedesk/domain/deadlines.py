"""Working-day deadlines: 工作日 and 自然日 limits, 调休, paused intervals, extensions, traffic lights.

Each day is answered by the most authoritative source that knows it (``Source``):

1. the schedule the town/city published for that year (``overrides`` for its listed days; a year in
   ``published_years`` is complete, so its unlisted days are ordinary Monday-Friday days);
2. the maintained ``chinese_calendar`` library (the State Council schedule of the years it ships);
3. for any other year, Monday-Friday less the fixed-date statutory holidays (元旦 1-1, 劳动节 5-1/5-2,
   国庆 10-1..10-3; the lunar ones and the 调休 weekends cannot be known before they are published).

A year answered by (3) is *unconfirmed*: a due date resting on it is provisional (``provisional``), and
the calendar remembers the years it had to guess (``uncertain_years``) instead of crashing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"  # 工作日
    NATURAL_DAYS = "natural_days"  # 自然日


class Source(StrEnum):
    """Who answered "is this a working day?" for a day, most authoritative first."""

    PUBLISHED = "published"  # the town/city's published schedule (synced reference data)
    LIBRARY = "library"  # chinese_calendar's copy of the State Council schedule
    FIXED_DATES = "fixed_dates"  # Monday-Friday less 元旦, 劳动节, 国庆 (an unconfirmed year)


# Statutory holidays on fixed solar dates (全国年节及纪念日放假办法, 2025 revision): the only ones a year
# nobody has published yet is sure to have. 春节, 清明, 端午, 中秋 move with the lunar calendar.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})

PROVISIONAL_NOTE = "以镇中心公布的节假日安排为准"


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


@dataclass
class WorkCalendar:
    """Answers "is this a working day?" for any date, never raising."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    uncertain_years: set[int] = field(default_factory=set)
    # years whose whole schedule was published: their days not in ``overrides`` are ordinary weekdays
    published_years: frozenset[int] = frozenset()
    # The official schedule never changes for a given date; chinese_calendar re-validates every call
    # (scanning its tables), which dominated bulk deadline computation, so answers are remembered.
    _official: dict[date, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    _memo: dict[date, bool] = field(default_factory=dict, repr=False, compare=False)
    _stamp: tuple[int, int, int] = field(default=(0, 0, 0), repr=False, compare=False)
    # Running count of working days over whole years [_first_year, _first_year + len/365…]: with it a span's
    # working days are one subtraction and "the n-th working day after" one bisection, instead of a walk
    # day by day (statistics ask this tens of thousands of times). Only years some question touched are
    # counted, so ``uncertain_years`` still names just the years that were asked about.
    _cum: list[int] = field(default_factory=list, repr=False, compare=False)
    _cum_base: int = field(default=0, repr=False, compare=False)  # ordinal of the day before the first year
    _cum_years: tuple[int, int] = field(default=(0, -1), repr=False, compare=False)

    def _check_stamp(self) -> None:
        stamp = (id(self.overrides), len(self.overrides), hash(self.published_years))
        if stamp != self._stamp:  # overrides replaced or grown: forget what was memoised
            self._memo.clear()
            self._cum, self._cum_years = [], (0, -1)
            self._stamp = stamp

    def is_workday(self, day: date) -> bool:
        # memoised: chinese_calendar validates every call against its whole table (~0.2 ms each), and
        # statistics ask about the same days thousands of times
        self._check_stamp()
        known = self._memo.get(day)
        if known is None:
            known = self._memo[day] = self._lookup(day)
        return known

    def _lookup(self, day: date) -> bool:
        return self.answer(day)[0]

    def answer(self, day: date) -> tuple[bool, Source]:
        """Whether ``day`` is a working day, and which source said so."""
        if day in self.overrides:
            return self.overrides[day], Source.PUBLISHED
        if day.year in self.published_years:
            return day.weekday() < 5, Source.PUBLISHED
        known = self._official.get(day)
        if known is None:
            try:
                known = chinese_calendar.is_workday(day)
            except NotImplementedError:
                known = None
            if known is None:
                self.uncertain_years.add(day.year)
                return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS, Source.FIXED_DATES
            self._official[day] = known
        return known, Source.LIBRARY

    def source(self, day: date) -> Source:
        """Which source answers for ``day`` (published schedule, library, or the fixed-date guess)."""
        return self.answer(day)[1]

    def knows(self, year: int) -> bool:
        """True when a published schedule or the library covers ``year`` (it is *confirmed*)."""
        if year in self.published_years or any(d.year == year for d in self.overrides):
            return True
        return library_knows(year)

    def unconfirmed(self, first: int, last: int) -> list[int]:
        """The years in ``first``..``last`` no published schedule or library covers."""
        return [y for y in range(first, last + 1) if not self.knows(y)]

    def provisional(self, start: date | None, due: date | None) -> bool:
        """True when a due date counted from ``start`` rests on a year nobody has confirmed."""
        if start is None or due is None:
            return False
        return bool(self.unconfirmed(start.year, max(start.year, due.year)))

    def _cover(self, first: int, last: int) -> bool:
        """Make the running count span the years ``first``..``last``; False outside 1900-2199."""
        self._check_stamp()
        lo, hi = self._cum_years
        if lo <= first and last <= hi:
            return True
        if first < 1900 or last > 2199:
            return False
        lo, hi = (first, last) if hi < lo else (min(lo, first), max(hi, last))
        day, stop = date(lo, 1, 1), date(hi, 12, 31)
        cum, count = [0], 0
        while day <= stop:
            count += self.is_workday(day)
            cum.append(count)
            day += timedelta(days=1)
        self._cum, self._cum_base, self._cum_years = cum, date(lo, 1, 1).toordinal() - 1, (lo, hi)
        return True

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (start itself not counted; 0 = start)."""
        if days <= 0:
            return start
        if self._cover(start.year, start.year):
            base = self._cum[start.toordinal() - self._cum_base]
            target = base + days
            while self._cum[-1] < target:  # the answer lies in a later year
                if not self._cover(self._cum_years[0], self._cum_years[1] + 1):
                    break
                base = self._cum[start.toordinal() - self._cum_base]
            else:
                return date.fromordinal(bisect_left(self._cum, target) + self._cum_base)
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many a clock running from start to end has counted."""
        if end <= start:
            return 0
        if self._cover(start.year, end.year):
            return self._cum[end.toordinal() - self._cum_base] - self._cum[start.toordinal() - self._cum_base]
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(days=i)))


_LIBRARY_YEARS: dict[int, bool] = {}


def library_knows(year: int) -> bool:
    """Whether the installed chinese_calendar ships the State Council schedule of ``year``."""
    known = _LIBRARY_YEARS.get(year)
    if known is None:
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
            known = True
        except NotImplementedError:
            known = False
        _LIBRARY_YEARS[year] = known
    return known


@dataclass(frozen=True)
class Interval:
    """A paused interval [start, end); ``end`` None while the pause still runs."""

    start: date
    end: date | None = None


def _paused_days(calendar: WorkCalendar, unit: LimitUnit, pauses: Iterable[Interval], today: date) -> int:
    total = 0
    for pause in pauses:
        end = pause.end or today
        if unit is LimitUnit.WORKING_DAYS:
            total += calendar.working_days_between(pause.start, end)
        else:
            total += max(0, (end - pause.start).days)
    return total


def due_date(
    calendar: WorkCalendar,
    start: date,
    limit: int,
    unit: LimitUnit = LimitUnit.WORKING_DAYS,
    pauses: Iterable[Interval] = (),
    extension: int = 0,
    today: date | None = None,
) -> date:
    """When a limit that started on ``start`` runs out, shifted by pauses and an extension.

    A limit of 0 (即办) is due the same day. Natural-day limits that end on a non-working day move to
    the next working day, as administrative practice does.
    """
    today = today or date.today()
    paused = _paused_days(calendar, unit, pauses, today)
    if unit is LimitUnit.WORKING_DAYS:
        return calendar.add_working_days(start, limit + paused + extension)
    end = start + timedelta(days=limit + paused + extension)
    while not calendar.is_workday(end):
        end += timedelta(days=1)
    return end


def traffic_light(calendar: WorkCalendar, due: date, today: date, yellow_days: int = 1) -> Light:
    """Red when overdue, yellow when at most ``yellow_days`` working days are left, else green."""
    if today > due:
        return Light.RED
    left, day = 0, today
    while day < due:  # count working days left, stopping as soon as it is more than yellow_days
        day += timedelta(days=1)
        if calendar.is_workday(day):
            left += 1
            if left > yellow_days:
                return Light.GREEN
    return Light.YELLOW


SUBMIT_WINDOW_DAYS = 3  # 村级代办员报送时限: a case reaches the town within 3 working days of intake


def submit_by(calendar: WorkCalendar, registered_on: date) -> date:
    """The last day the village may carry a case to the town (registration + 3 working days)."""
    return calendar.add_working_days(registered_on, SUBMIT_WINDOW_DAYS)


def submit_light(calendar: WorkCalendar, registered_on: date, today: date) -> Light:
    """The village's own deadline as a light: red once the 3 working days are past."""
    return traffic_light(calendar, submit_by(calendar, registered_on), today)


def latest_late_registration(calendar: WorkCalendar, today: date) -> date:
    """The newest registration day whose 3-working-day window has closed before ``today``."""
    day = today - timedelta(days=1)
    while submit_by(calendar, day) >= today:
        day -= timedelta(days=1)
    return day
