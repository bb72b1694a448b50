"""工作进展报送: generate a center's monthly report from the data, add remarks, submit; the town
accepts or returns it. The report is an event stream (see domain.progress_report), so sync carries it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role, next_state
from villagedesk.domain.metrics import Period
from villagedesk.domain.progress_report import REPORT_EVENTS, ReportView, fold, report_id
from villagedesk.services import metrics
from villagedesk.services.desk import Desk


def _month(year: int, month: int, today: date) -> Period:
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError("month", "请选择正确的年份和月份")
    period = Period.month(year, month)
    if period.start > today:
        raise ValidationError("month", f"{period.label}尚未开始, 不能生成进展报告")
    return period


def _load(session, rid: str) -> tuple[ReportView | None, list[Event]]:
    events = st.case_events(session, rid)
    return fold(events), events


def get(desk: Desk, rid: str) -> ReportView:
    with desk.store.read() as s:
        view, _ = _load(s, rid)
    if view is None:
        raise NotFoundError("进展报告不存在")
    return view


def draft(desk: Desk, year: int, month: int, remarks: str = "", on: date | None = None) -> ReportView:
    """(Re)generate this center's report for a month from its current data, as a draft."""
    ident = desk.identity
    if ident.role is not Role.AGENT:
        raise TransitionError("只有村代办员可以生成本村的进展报告")
    today = on or desk.today()
    period = _month(year, month, today)
    remarks = v.free_text(remarks, "remarks", 4000)
    figures = metrics.village(desk, ident.region_code, period)
    rid = report_id(ident.region_code, year, month)
    payload = {
        "at": today.isoformat(),
        "kind": "progress_report",
        "center": ident.region_code,
        "year": year,
        "month": month,
        "metrics": figures.snapshot(),
        "remarks": remarks,
    }
    return _append(desk, rid, ident.region_code, EventType.REPORT_DRAFTED, payload)


def submit(desk: Desk, year: int, month: int, remarks: str | None = None, on: date | None = None) -> ReportView:
    """Submit the month's draft to the town, with the agent's remarks (情况说明)."""
    ident = desk.identity
    rid = report_id(ident.region_code, year, month)
    payload: dict = {"at": (on or desk.today()).isoformat()}
    if remarks is not None:
        payload["remarks"] = v.free_text(remarks, "remarks", 4000)
    return _append(desk, rid, ident.region_code, EventType.REPORT_SUBMITTED, payload)


def accept(desk: Desk, rid: str, comment: str = "", on: date | None = None) -> ReportView:
    payload = {"at": (on or desk.today()).isoformat(), "comment": v.free_text(comment, "comment", 2000)}
    return _review(desk, rid, EventType.REPORT_ACCEPTED, payload)


def return_report(desk: Desk, rid: str, reason: str, on: date | None = None) -> ReportView:
    payload = {"at": (on or desk.today()).isoformat(), "reason": v.free_text(reason, "reason", 2000, True)}
    return _review(desk, rid, EventType.REPORT_RETURNED, payload)


def _review(desk: Desk, rid: str, event: EventType, payload: dict) -> ReportView:
    ident = desk.identity
    with desk.store.read() as s:
        view, _ = _load(s, rid)
    if view is None:
        raise NotFoundError("进展报告不存在")
    if ident.role is not Role.CLERK or not view.partition.startswith(ident.region_code[:9]):
        raise TransitionError("只有所属乡镇中心可以审核该进展报告")
    return _append(desk, rid, view.partition, event, payload)


def _append(desk: Desk, rid: str, partition: str, event: EventType, payload: dict) -> ReportView:
    assert event in REPORT_EVENTS
    with desk.store.write() as s:
        view, events = _load(s, rid)
        if view is None and events:
            raise TransitionError("该编号已被其他记录占用")
        if view is None and event is not EventType.REPORT_DRAFTED:
            raise NotFoundError("本月进展报告尚未生成, 请先生成报告")
        next_state(view.state if view else None, event, desk.identity.role, payload)  # TransitionError if not
        desk.new_events(s, rid, partition, [(event, payload)])
        new_view, _ = _load(s, rid)
    assert new_view is not None
    return new_view


def list_reports(desk: Desk, year: int | None = None) -> list[ReportView]:
    """Every progress report in this database (a village's own, or all of a town's), newest first."""
    with desk.store.read() as s:
        ids = set(s.scalars(select(m.EventRow.case_id).where(m.EventRow.type == EventType.REPORT_DRAFTED.value)))
        streams: dict[str, list[Event]] = defaultdict(list)
        for row in s.scalars(select(m.EventRow).where(m.EventRow.case_id.in_(ids))):
            streams[row.case_id].append(st.row_to_event(row))
    views = [view for events in streams.values() if (view := fold(events)) is not None]
    if year is not None:
        views = [x for x in views if x.year == year]
    return sorted(views, key=lambda x: (-x.year, -x.month, x.partition))
