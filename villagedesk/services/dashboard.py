"""工作台: what needs the agent's attention today, in one read."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.deadlines import latest_late_registration
from villagedesk.services import calendars
from villagedesk.services.desk import Desk
from villagedesk.services.queries import PRE_SUBMISSION, CaseRow, _row
from villagedesk.services.syncinfo import LastSync, last_sync, last_sync_text, notice_line, notices

DUE_SOON_WORKING_DAYS = 2
LIST_LIMIT = 50


@dataclass
class Dashboard:
    overdue: list[CaseRow] = field(default_factory=list)
    due_soon: list[CaseRow] = field(default_factory=list)
    awaiting: list[CaseRow] = field(default_factory=list)
    returned: list[CaseRow] = field(default_factory=list)
    submit_late: list[CaseRow] = field(default_factory=list)  # past the village's 3-working-day 报送 window
    counts: dict[str, int] = field(default_factory=dict)
    outbox_cases: int = 0
    outbox_events: int = 0
    rejected_events: int = 0
    last_sync: str = ""  # in Chinese, for commands; the window words ``last_run``
    last_run: LastSync | None = None
    notices: list[str] = field(default_factory=list)
    calendar: list[str] = field(default_factory=list)  # unconfirmed years, cases a new schedule moved
    # the same as figures, for the window to word in its language (``calendar`` is Chinese, for commands)
    unconfirmed_years: list[int] = field(default_factory=list)
    recompute: calendars.Recomputed | None = None


def outbox_counts(desk: Desk) -> tuple[int, int]:
    """(events waiting to be sent, events the server refused)."""
    ob = m.OutboxEntry
    with desk.store.read() as s:
        pending = s.scalar(select(func.count()).select_from(ob).where(ob.status == "pending")) or 0
        rejected = s.scalar(select(func.count()).select_from(ob).where(ob.status == "rejected")) or 0
    return pending, rejected


def summary(desk: Desk) -> Dashboard:
    calendars.refresh(desk)  # a schedule that arrived by sync: due dates recomputed before they are shown
    today = desk.today()
    soon = desk.calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    c = m.Case
    running = (c.open.is_(True), c.paused.is_(False), c.due_on.is_not(None))  # clock_running, with a date
    lists = {
        "overdue": select(c).where(st.overdue_clause(today)).order_by(c.due_on),  # the one 逾期 (domain.promise)
        "due_soon": select(c).where(*running, c.due_on >= today, c.due_on <= soon).order_by(c.due_on),
        "awaiting": select(c).where(c.status == "awaiting_materials").order_by(c.registered_on.desc()),
        "returned": select(c).where(c.status == "returned").order_by(c.registered_on.desc()),
        "submit_late": select(c)
        .where(
            c.open.is_(True),
            c.final_level != "village",
            c.submitted_on.is_(None),
            c.status.in_(PRE_SUBMISSION),
            c.registered_on <= latest_late_registration(desk.calendar, today),
        )
        .order_by(c.registered_on),
    }
    board = Dashboard()
    with desk.store.read() as s:
        for key, query in lists.items():
            rows = [_row(desk, r, today) for r in s.scalars(query.limit(LIST_LIMIT))]
            setattr(board, key, rows)
            board.counts[key] = s.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        ob = m.OutboxEntry
        board.outbox_events = s.scalar(select(func.count()).select_from(ob).where(ob.status == "pending")) or 0
        board.rejected_events = s.scalar(select(func.count()).select_from(ob).where(ob.status == "rejected")) or 0
        # cases only: a booking's (预约) or another record's events are in the outbox too but are no 办件;
        # they are among the 条记录 (outbox_events)
        pending_cases = (
            select(func.count(func.distinct(m.EventRow.case_id)))
            .join(ob, ob.event_id == m.EventRow.id)
            .join(m.Case, m.Case.id == m.EventRow.case_id)
            .where(ob.status == "pending")
        )
        board.outbox_cases = s.scalar(pending_cases) or 0
        board.last_sync = last_sync_text(s) or st.get_setting(s, "last_sync_at", "") or ""
        board.last_run = last_sync(s)
        board.notices = [notice_line(n) for n in notices(s)] or [
            n for n in (st.get_setting(s, "notices", "") or "").split("\n") if n.strip()
        ]
    board.calendar = calendars.dashboard_lines(desk)
    board.unconfirmed_years = calendars.unconfirmed_years(desk)
    board.recompute = calendars.last_recompute(desk)
    return board
