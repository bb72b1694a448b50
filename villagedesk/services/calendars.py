"""The working-day calendar in force on this PC, fed by the schedules the town published.

``villagedesk-server publish-calendar`` reaches the PC by sync as reference data (``ref_data`` rows of
kind ``calendar``, one key per year, the newest row wins). This module turns them into the calendar the
deadlines are counted on (``domain.deadlines.WorkCalendar``: published schedule, then chinese_calendar,
then the fixed-date guess).

Due dates are a *projection rule*, not an event: ``cases.due_on`` is a function of the case's events and
the calendar. The setting ``calendar.applied`` names the published rows the stored due dates were
computed with; whenever the rows in ``ref_data`` differ (a schedule arrived or was replaced),
``refresh`` recomputes the due date of every open, running case in one transaction and keeps the list
of cases whose date moved under ``calendar.moved`` for the dashboard. No event is written: every PC
derives the same dates from the same events and schedules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.deadlines import WorkCalendar
from villagedesk.domain.projection import project, standing

if TYPE_CHECKING:  # Desk.open runs this module: a runtime import would be a circle
    from villagedesk.services.desk import Desk

K_APPLIED = "calendar.applied"  # "2027:41,2028:57": the published rows the stored due dates rest on
K_MOVED = "calendar.moved"  # JSON: the last recompute's years and the cases whose due date moved
CHUNK = 500


@dataclass(frozen=True)
class PublishedYear:
    year: int
    rseq: int
    holidays: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class Moved:
    case_no: str
    old: date | None
    new: date | None


@dataclass(frozen=True)
class Recomputed:
    """What a schedule's arrival changed: the years now in force and the cases whose due date moved."""

    years: tuple[int, ...]
    checked: int
    moved: tuple[Moved, ...]


def _dates(values: object, year: int) -> frozenset[date]:
    out = set()
    for v in values if isinstance(values, list) else []:
        try:
            day = date.fromisoformat(str(v))
        except ValueError:
            continue  # the server validates; a bad day from an old server is dropped, not guessed
        if day.year == year:
            out.add(day)
    return frozenset(out)


def published(s: Session) -> dict[int, PublishedYear]:
    """The newest published schedule of each year, as received by sync."""
    rows = s.scalars(select(m.RefData).where(m.RefData.kind == "calendar").order_by(m.RefData.rseq))
    out: dict[int, PublishedYear] = {}
    for row in rows:
        try:
            data = json.loads(row.data)
            year = int(data["year"])
        except (ValueError, TypeError, KeyError):
            continue
        holidays, workdays = _dates(data.get("holidays"), year), _dates(data.get("workdays"), year)
        if holidays & workdays:
            continue  # contradictory: the older schedule (or the library) stays in force
        out[year] = PublishedYear(year, row.rseq, holidays, workdays)
    return out


def fingerprint(years: dict[int, PublishedYear]) -> str:
    return ",".join(f"{y}:{p.rseq}" for y, p in sorted(years.items()))


def install(calendar: WorkCalendar, years: dict[int, PublishedYear]) -> None:
    """Put the published schedules in force (replacing, so the calendar's memo starts over)."""
    overrides: dict[date, bool] = {}
    for p in years.values():
        overrides.update(dict.fromkeys(p.holidays, False))
        overrides.update(dict.fromkeys(p.workdays, True))
    if calendar.published_years == frozenset(years) and dict(calendar.overrides) == overrides:
        return  # unchanged: keep the objects, so memos keyed on them (statistics) stay valid
    calendar.published_years = frozenset(years)
    calendar.overrides = overrides


def load(desk: Desk) -> None:
    """Install what ``ref_data`` holds into the desk's calendar (read only; no due date is touched)."""
    with desk.store.read() as s:
        install(desk.calendar, published(s))


def refresh(desk: Desk) -> Recomputed | None:
    """Install the published schedules; if they changed since the due dates were computed, recompute
    every open case's due date. Returns what moved, or None when nothing had changed."""
    with desk.store.read() as s:
        years = published(s)
        applied = st.get_setting(s, K_APPLIED, "") or ""
    install(desk.calendar, years)
    stamp = fingerprint(years)
    if stamp == applied:
        return None
    with desk.store.write() as s:
        if (st.get_setting(s, K_APPLIED, "") or "") == stamp:
            return None  # another thread got here first
        checked, moved = _recompute(s, desk.calendar, desk.today())
        result = Recomputed(tuple(sorted(years)), checked, tuple(moved))
        st.set_setting(s, K_APPLIED, stamp)
        st.set_setting(s, K_MOVED, json.dumps(_to_json(result), ensure_ascii=False))
    return result


def _recompute(s: Session, calendar: WorkCalendar, today: date) -> tuple[int, list[Moved]]:
    """Due dates of open, running cases from their events on ``calendar``. A paused case keeps its
    date: it is recomputed (on the calendar then in force) when its pause ends."""
    c = m.Case
    rows = s.execute(select(c.id, c.case_no, c.due_on).where(c.open.is_(True), c.paused.is_(False))).all()
    moved: list[Moved] = []
    table = m.EventRow.__table__
    refused = st.refused_ids(s)  # this PC's refused steps count for no date (projection.standing)
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        events: dict[str, list] = {}
        query = select(table).where(table.c.case_id.in_([r.id for r in chunk])).order_by(table.c.local_seq)
        for ev in s.execute(query):
            events.setdefault(ev.case_id, []).append(st.row_to_event(ev))
        for r in chunk:
            new = st.compute_due(calendar, project(r.id, standing(events.get(r.id, []), refused)), today)
            if new != r.due_on:
                s.execute(update(c).where(c.id == r.id).values(due_on=new))
                moved.append(Moved(r.case_no, r.due_on, new))
    return len(rows), moved


def _to_json(r: Recomputed) -> dict:
    return {
        "years": list(r.years),
        "checked": r.checked,
        "moved": [[x.case_no, x.old and x.old.isoformat(), x.new and x.new.isoformat()] for x in r.moved],
    }


def last_recompute(desk: Desk) -> Recomputed | None:
    """The last arrival's recompute, as kept for the dashboard."""
    with desk.store.read() as s:
        raw = st.get_setting(s, K_MOVED)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        moved = tuple(
            Moved(no, date.fromisoformat(a) if a else None, date.fromisoformat(b) if b else None)
            for no, a, b in data["moved"]
        )
        return Recomputed(tuple(int(y) for y in data["years"]), int(data["checked"]), moved)
    except (ValueError, TypeError, KeyError):
        return None


def unconfirmed_years(desk: Desk) -> list[int]:
    """Years that matter now (this one, the next, and any open case's due date) that no published
    schedule or library covers: due dates in them are provisional."""
    today = desk.today()
    with desk.store.read() as s:
        last = s.scalar(select(func.max(m.Case.due_on)).where(m.Case.open.is_(True)))  # index-only
    top = max(today.year + 1, last.year if last else today.year)
    return desk.calendar.unconfirmed(today.year, top)


def dashboard_lines(desk: Desk, moved_shown: int = 10) -> list[str]:
    """What the agent must be told about the calendar: unconfirmed years, and cases that moved."""
    lines = []
    missing = unconfirmed_years(desk)
    if missing:
        years = "、".join(str(y) for y in missing)
        lines.append(f"{years} 年节假日安排尚未确认(镇中心未公布): 落在该年的到期日为预计日期, 公布后自动重算")
    last = last_recompute(desk)
    if last and last.moved:
        shown = "; ".join(f"{x.case_no} {x.old or '—'} → {x.new or '—'}" for x in last.moved[:moved_shown])
        more = f" 等 {len(last.moved)} 件" if len(last.moved) > moved_shown else ""
        years = "、".join(str(y) for y in last.years)
        lines.append(f"已按镇中心公布的 {years} 年节假日安排重算到期日, {len(last.moved)} 件有变动: {shown}{more}")
    return lines


def arrival_line(result: Recomputed | None) -> str:
    """One line for the command line after a sync: "" when no schedule arrived."""
    if result is None:
        return ""
    years = "、".join(str(y) for y in result.years) or "无"
    named = ", ".join(x.case_no for x in result.moved[:10]) + (" 等" if len(result.moved) > 10 else "")
    tail = f", 变动的办件: {named}" if result.moved else ""
    counts = f"重算 {result.checked} 件在办办件的到期日, {len(result.moved)} 件有变动"
    return f"节假日安排已更新(生效年份: {years}), {counts}{tail}"
