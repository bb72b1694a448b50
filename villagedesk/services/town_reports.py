"""工作进展报送 镇→市: the town generates its monthly report from its villages' synced data, writes its
情况说明 and submits it to the city; the city accepts or returns it (with a reason). The same shapes as a
village's report to the town (``services.progress_reports``): an event stream (``domain.progress_report``,
the town's own partition, ``domain.town_report``), so sync carries it to the city and to the town's other
clerks, and to no village and no other town."""

from __future__ import annotations

from datetime import date

from villagedesk.domain import validators as v
from villagedesk.domain.errors import TransitionError, ValidationError
from villagedesk.domain.lifecycle import TOWN_REPORT_EVENTS, EventType, Role, State
from villagedesk.domain.progress_report import ReportView, town_report_id
from villagedesk.domain.town_report import KIND, MAX_NOTE, MAX_REMARKS, village_row
from villagedesk.services import metrics
from villagedesk.services import report_core as core
from villagedesk.services.desk import Desk
from villagedesk.services.progress_reports import _month

__all__ = ["accept", "draft", "filter_reports", "get", "list_reports", "return_report", "submit", "town_report_id"]


TOWN = core.ReportLevel(
    level="town",
    events=TOWN_REPORT_EVENTS,
    drafted=EventType.TOWN_REPORT_DRAFTED,
    reviewer=Role.CITY,
    reviews=lambda region, partition: partition[:6] == region[:6],
    missing="乡镇进展报告不存在",
    not_drafted="本月乡镇进展报告尚未生成, 请先生成报告",
    not_reviewer="只有所属市级审批服务中心可以审核乡镇的进展报告",
    clean=True,
)


def get(desk: Desk, rid: str) -> ReportView:
    return core.get(TOWN, desk, rid)


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
            view, _ = core.load(TOWN, s, rid)
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
    return core.review(TOWN, desk, rid, event, payload)


def _append(desk: Desk, rid: str, partition: str, event: EventType, payload: dict) -> ReportView:
    return core.append(TOWN, desk, rid, partition, event, payload)


def filter_reports(
    desk: Desk, month: tuple[int, int] | None = None, town: str | None = None, state: State | None = None
) -> list[ReportView]:
    """The town reports of one month, one town and/or one state (each None: any), newest first."""
    return core.filter_reports(TOWN, desk, month, town, state)


def list_reports(desk: Desk, year: int | None = None) -> list[ReportView]:
    """Every town report in this database (a town's own, or every town's at the city), newest first."""
    return core.list_reports(TOWN, desk, year)
