"""The promised day of a case, said once: when its clock runs, when it is 逾期, and how the promise reads.

One definition for every page, count, filter, export and report (issue 14, item 10: 工作台 said 230
overdue where 统计 said 130, because each wrote its own rule):

- **the clock runs** while a case is open (no decision, no village completion, not ended) and not paused
  (待补正, 退回补正, 特别程序: the villager's or the procedure's time does not count);
- its **promised day** is the one the receipt printed: counted from the town's acceptance (from
  registration for village-direct items), or, before the town has accepted, provisionally from
  registration plus the 3-working-day 报送 window (``promised_due``);
- a case is **逾期** when its clock runs and its promised day has passed (``is_overdue``). A case due
  today is not yet 逾期. A case decided after its promised day is not 逾期: it is counted as 超期办结
  (the complement of 按时办结 in ``metrics``), never among the open ones.

``db/store.overdue_clause`` is the same predicate as SQL on the ``cases`` table (whose ``open``
and ``paused`` columns are projected from ``STOPPED_STATES`` and ``PAUSED_STATES``); a test runs both
over the same rows.

The promise as printed, shown on the case page and on the villager's public page follows the same
states: while the materials are incomplete (待补正, 退回补正) the clock has not started — or stands
still until they are complete — and every place says ``NOT_STARTED`` instead of a date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from villagedesk.domain.deadlines import PROVISIONAL_NOTE, Interval, LimitUnit, WorkCalendar, due_date
from villagedesk.domain.lifecycle import PAUSED_STATES, STOPPED_STATES, State

SUBMIT_WINDOW_DAYS = 3  # the village's 报送 window: the provisional clock starts after it

# What the receipt, the case page and the public page say while the materials are not complete.
NOT_STARTED = "材料补齐之日起计算"
NOT_STARTED_SHORT = "补齐后起算"  # in a table's narrow column (``villagedesk cases``, the case list)
# Why a day counted from registration is an estimate, in words a villager reads: the town's acceptance
# starts the real count.
ESTIMATE_NOTE = "镇中心受理后按受理日重新计算"
WAITING_FOR_MATERIALS = frozenset({State.AWAITING_MATERIALS, State.RETURNED})


def clock_running(state: State | str) -> bool:
    """True while the promised clock counts: the case is open and not paused."""
    state = State(state)
    return state not in STOPPED_STATES and state not in PAUSED_STATES


def is_overdue(state: State | str, due: date | None, today: date) -> bool:
    """逾期: the clock runs and the promised day has passed (due today is not yet overdue)."""
    return due is not None and due < today and clock_running(state)


def closed_late(decided_on: date | None, due: date | None) -> bool:
    """超期办结: decided (or completed in the village) after the promised day."""
    return decided_on is not None and due is not None and decided_on > due


def promise_pending(state: State | str) -> bool:
    """True while the promise is "counted from the day the materials are complete" (no date yet)."""
    return State(state) in WAITING_FOR_MATERIALS


def awaiting_town(state: State | str, *, village_direct: bool, accepted_on: date | None) -> bool:
    """True while the promised day is the estimate from registration (``promised_due``): an open case of
    a town-level item the town has not accepted yet. Its day moves once the town accepts it."""
    return not village_direct and accepted_on is None and State(state) not in STOPPED_STATES


def promised_text(
    due: date | None, *, provisional: bool, pending: bool, short: bool = False, estimate: bool = False
) -> str:
    """The promised day as shown to people, one wording for the receipt, the villager's public page,
    ``villagedesk show``, the 交接单 and ``villagedesk cases``: ``NOT_STARTED`` while the materials are
    incomplete (``pending``, from ``promise_pending``), else "2026年12月10日"; a day that may still move
    is always marked 预计 and says why, so nobody takes a guess for the town's word: ``estimate``
    (``awaiting_town``: counted from registration until the town accepts) adds ``ESTIMATE_NOTE``,
    ``provisional`` (the holiday schedule of its year is not known) ``PROVISIONAL_NOTE``. "" without a
    day. ``short``: a table column's "2026-12-10" / "预计 2027-01-28" / ``NOT_STARTED_SHORT``."""
    if pending:
        return NOT_STARTED_SHORT if short else NOT_STARTED
    if due is None:
        return ""
    if short:
        return f"预计 {due.isoformat()}" if provisional or estimate else due.isoformat()
    day = f"{due.year}年{due.month}月{due.day}日"
    notes = [note for note, why in ((ESTIMATE_NOTE, estimate), (PROVISIONAL_NOTE, provisional)) if why]
    return f"预计 {day}，{'，'.join(notes)}" if notes else day


def promised_due(
    calendar: WorkCalendar,
    *,
    village_direct: bool,
    registered_on: date,
    accepted_on: date | None,
    limit: int,
    unit: LimitUnit,
    pauses: Iterable[Interval],
    extension: int,
    today: date,
) -> date:
    """The promised day the case shows and the receipt prints (see the module's docstring)."""
    pauses = list(pauses)
    if village_direct:
        start = registered_on
    elif accepted_on is not None:
        start = accepted_on
        pauses = [p for p in pauses if (p.end or today) > start]
    else:
        start = calendar.add_working_days(registered_on, SUBMIT_WINDOW_DAYS)
        pauses = []
    return due_date(calendar, start, limit, unit, pauses, extension, today)
