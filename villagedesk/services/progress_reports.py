"""工作进展报送: generate a center's monthly report from the data, add remarks, submit; the town
accepts or returns it. The report is an event stream (see domain.progress_report), so sync carries it."""

from __future__ import annotations

from datetime import date

from villagedesk.domain import validators as v
from villagedesk.domain.errors import TransitionError, ValidationError
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.metrics import Period
from villagedesk.domain.progress_report import REPORT_EVENTS, ReportView, report_id
from villagedesk.services import metrics
from villagedesk.services import report_core as core
from villagedesk.services.desk import Desk


def _month(year: int, month: int, today: date) -> Period:
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError("month", "请选择正确的年份和月份")
    period = Period.month(year, month)
    if period.start > today:
        raise ValidationError("month", f"{period.label}尚未开始, 不能生成进展报告")
    return period


VILLAGE = core.ReportLevel(
    level="village",
    events=REPORT_EVENTS,
    drafted=EventType.REPORT_DRAFTED,
    reviewer=Role.CLERK,
    reviews=lambda region, partition: partition.startswith(region[:9]),
    missing="进展报告不存在",
    not_drafted="本月进展报告尚未生成, 请先生成报告",
    not_reviewer="只有所属乡镇中心可以审核该进展报告",
)


def get(desk: Desk, rid: str) -> ReportView:
    return core.get(VILLAGE, desk, rid)


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
    return core.review(VILLAGE, desk, rid, event, payload)


def _append(desk: Desk, rid: str, partition: str, event: EventType, payload: dict) -> ReportView:
    return core.append(VILLAGE, desk, rid, partition, event, payload)


def filter_reports(
    desk: Desk, month: tuple[int, int] | None = None, village: str | None = None, state: State | None = None
) -> list[ReportView]:
    """The village reports of one month, one village and/or one state (each None: any), newest first."""
    return core.filter_reports(VILLAGE, desk, month, village, state)


def list_reports(desk: Desk, year: int | None = None) -> list[ReportView]:
    """Every progress report in this database (a village's own, or all of a town's), newest first."""
    return core.list_reports(VILLAGE, desk, year)
