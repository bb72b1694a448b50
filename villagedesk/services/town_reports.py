"""工作进展报送 镇→市: the town generates its monthly report from its villages' synced data, writes its
情况说明 and submits it to the city; the city accepts or returns it (with a reason). The same shapes as a
village's report to the town (``services.progress_reports``): an event stream (``domain.progress_report``,
the town's own partition, ``domain.town_report``), so sync carries it to the city and to the town's other
clerks, and to no village and no other town."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import TOWN_REPORT_EVENTS, EventType, Role, next_state
from villagedesk.domain.payloads import clean_payload
from villagedesk.domain.progress_report import ReportView, fold, town_report_id
from villagedesk.domain.town_report import KIND, MAX_NOTE, MAX_REMARKS, village_row
from villagedesk.services import metrics
from villagedesk.services.desk import Desk
from villagedesk.services.progress_reports import _month

__all__ = ["accept", "draft", "get", "list_reports", "return_report", "submit", "town_report_id"]


def _load(session, rid: str) -> tuple[ReportView | None, list[Event]]:
    events = st.case_events(session, rid)
    view = fold(events)
    return (view if view is not None and view.is_town else None), events


def get(desk: Desk, rid: str) -> ReportView:
    with desk.store.read() as s:
        view, _ = _load(s, rid)
    if view is None:
        raise NotFoundError("乡镇进展报告不存在")
    return view


def _town(desk: Desk) -> str:
    ident = desk.identity
    if ident.role is not Role.CLERK:
        raise TransitionError("只有乡镇中心工作人员可以生成和报送本镇的进展报告")
    return ident.region_code


def draft(desk: Desk, year: int, month: int, remarks: str = "", on: date | None = None) -> ReportView:
    """(Re)generate this town's report for a month from its villages' synced data, as a draft."""
    town = _town(desk)
    today = on or desk.today()
    period = _month(year, month, today)
    figures = metrics.town(desk, town, period)
    payload = {
        "at": today.isoformat(),
        "kind": KIND,
        "town": town,
        "year": year,
        "month": month,
        "metrics": figures.total.snapshot(),
        "villages": {code: village_row(x.snapshot()) for code, x in figures.villages.items()},
        "remarks": v.free_text(remarks, "remarks", MAX_REMARKS),
    }
    return _append(desk, town_report_id(town, year, month), town, EventType.TOWN_REPORT_DRAFTED, payload)


def submit(desk: Desk, year: int, month: int, remarks: str | None = None, on: date | None = None) -> ReportView:
    """Submit the month's draft to the city with the town's 情况说明 (the draft's, or ``remarks``); an
    empty one is refused: the city reads the figures through it."""
    town = _town(desk)
    rid = town_report_id(town, year, month)
    if remarks is None:
        with desk.store.read() as s:
            view, _ = _load(s, rid)
        remarks = view.remarks if view is not None else ""
    text = v.free_text(remarks, "remarks", MAX_REMARKS)
    if not text:
        raise ValidationError("remarks", "请先填写情况说明(本月工作亮点、存在问题和下月打算), 再报送市级")
    payload = {"at": (on or desk.today()).isoformat(), "remarks": text}
    return _append(desk, rid, town, EventType.TOWN_REPORT_SUBMITTED, payload)


def accept(desk: Desk, rid: str, comment: str = "", on: date | None = None) -> ReportView:
    payload = {"at": (on or desk.today()).isoformat(), "comment": v.free_text(comment, "comment", MAX_NOTE)}
    return _review(desk, rid, EventType.TOWN_REPORT_ACCEPTED, payload)


def return_report(desk: Desk, rid: str, reason: str, on: date | None = None) -> ReportView:
    payload = {"at": (on or desk.today()).isoformat(), "reason": v.free_text(reason, "reason", MAX_NOTE, True)}
    return _review(desk, rid, EventType.TOWN_REPORT_RETURNED, payload)


def _review(desk: Desk, rid: str, event: EventType, payload: dict) -> ReportView:
    ident = desk.identity
    view = get(desk, rid)
    if ident.role is not Role.CITY or view.partition[:6] != ident.region_code[:6]:
        raise TransitionError("只有所属市级审批服务中心可以审核乡镇的进展报告")
    return _append(desk, rid, view.partition, event, payload)


def _append(desk: Desk, rid: str, partition: str, event: EventType, payload: dict) -> ReportView:
    assert event in TOWN_REPORT_EVENTS
    payload = clean_payload(event, payload)  # the judge's own rules: what it would refuse is never written
    with desk.store.write() as s:
        view, events = _load(s, rid)
        if view is None and events:
            raise TransitionError("该编号已被其他记录占用")
        if view is None and event is not EventType.TOWN_REPORT_DRAFTED:
            raise NotFoundError("本月乡镇进展报告尚未生成, 请先生成报告")
        next_state(view.state if view else None, event, desk.identity.role, payload)  # TransitionError if not
        desk.new_events(s, rid, partition, [(event, payload)])
        new_view, _ = _load(s, rid)
    assert new_view is not None
    return new_view


def list_reports(desk: Desk, year: int | None = None) -> list[ReportView]:
    """Every town report in this database (a town's own, or every town's at the city), newest first."""
    with desk.store.read() as s:
        drafted = select(m.EventRow.case_id).where(m.EventRow.type == EventType.TOWN_REPORT_DRAFTED.value)
        ids = set(s.scalars(drafted))
        streams: dict[str, list[Event]] = defaultdict(list)
        for row in s.scalars(select(m.EventRow).where(m.EventRow.case_id.in_(ids))):
            streams[row.case_id].append(st.row_to_event(row))
    views = [view for events in streams.values() if (view := fold(events)) is not None and view.is_town]
    if year is not None:
        views = [x for x in views if x.year == year]
    return sorted(views, key=lambda x: (-x.year, -x.month, x.partition))
