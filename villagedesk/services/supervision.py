"""督查: a town (or the city) inspects a village center, the city also a town; the inspected answers
with its 整改情况 (a village's agent, or the town's clerks).

Each inspection is an event stream (domain/inspection_record.py) in the village's partition, so sync
carries it to the village, to every clerk of the town and to the city, and the answer back. Deductions
and leaks feed the star rating. Inspections of the old local table (before they were events) stay
readable, and still count in the rating of their year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.events import new_id
from villagedesk.domain.inspection_record import Answer, InspectionView, fold, role_problem
from villagedesk.domain.lifecycle import EventType, Role, next_state
from villagedesk.domain.payloads import clean_payload
from villagedesk.domain.record_payloads import INSPECTION_KINDS, MAX_DEDUCTION
from villagedesk.domain.town_report import is_town_code
from villagedesk.services import record_streams
from villagedesk.services.desk import Desk
from villagedesk.services.metrics import is_village

KINDS = INSPECTION_KINDS
__all__ = ["KINDS", "MAX_DEDUCTION", "InspectionRow", "answer", "list_for", "record", "record_fix"]
LEGACY = "legacy:"  # id prefix of an inspection from the old local table


@dataclass(frozen=True)
class InspectionRow:
    id: str
    village_code: str
    kind: str
    kind_label: str
    on: date
    inspector: str
    findings: str
    deduction: float
    data_leak: bool
    fix_by: date | None
    fixed_on: date | None
    result: str
    level: str = "镇"  # who inspected: 镇 (a town clerk) or 市 (the city)
    answers: tuple[Answer, ...] = field(default_factory=tuple)

    def overdue(self, today: date) -> bool:
        return self.fix_by is not None and self.fixed_on is None and today > self.fix_by

    @property
    def answered(self) -> bool:
        return bool(self.answers) or bool(self.result)


def _scope(desk: Desk) -> str:
    ident = desk.identity
    if ident.role is Role.AGENT:
        return ident.region_code
    return ident.region_code[:6] if ident.role is Role.CITY else ident.region_code[:9]


def _inspector(desk: Desk, code: str) -> None:
    """The town inspects its villages; the city its villages and its towns (``role_problem``'s rules)."""
    ident = desk.identity
    if ident.role not in (Role.CLERK, Role.CITY):
        raise TransitionError("只有乡镇中心或市级中心可以记录督查")
    if ident.role is Role.CITY and is_town_code(code):
        if code[:6] != ident.region_code[:6]:
            raise TransitionError("只能督查本市的乡镇")
        return
    if not is_village(code):
        what = "村(社区)或乡镇" if ident.role is Role.CITY else "村(社区)"
        raise ValidationError("village_code", f"请选择被督查的{what}便民服务中心(12 位代码)")
    if not code.startswith(_scope(desk)):
        raise TransitionError("只能督查本乡镇(市)的村级便民服务中心")


def record(
    desk: Desk,
    village_code: str,
    kind: str,
    on: date,
    findings: str,
    deduction: float = 0.0,
    fix_by: date | None = None,
    data_leak: bool = False,
    inspector: str | None = None,
) -> InspectionRow:
    """Record one inspection of a village (or, by the city, of a town: ``village_code`` is then the town's
    code); it reaches the inspected by sync; problems found need a fix deadline."""
    _inspector(desk, village_code)
    if on > desk.today():
        raise ValidationError("on", "督查日期不能晚于今天")
    payload = clean_payload(
        EventType.INSPECTION_RECORDED,
        {
            "at": on.isoformat(),
            "kind": kind,
            "on": on.isoformat(),
            "findings": findings,
            "deduction": deduction,
            "data_leak": data_leak,
            "fix_by": fix_by.isoformat() if fix_by is not None else None,
            "inspector": v.free_text(inspector or desk.identity.user, "inspector", 64, True),
        },
    )
    iid = new_id()
    with desk.store.write() as s:
        desk.new_events(s, iid, village_code, [(EventType.INSPECTION_RECORDED, payload)])
        view = fold(record_streams.one(s, iid))
    assert view is not None
    return _row(view)


def answer(desk: Desk, inspection_id: str, result: str, fixed: bool, fixed_on: date | None = None) -> InspectionRow:
    """整改情况: the inspected village (or town) answers (again until the fix is done); the inspector sees it."""
    ident = desk.identity
    with desk.store.read() as s:
        view = fold(record_streams.one(s, inspection_id)) if not inspection_id.startswith(LEGACY) else None
    if view is None:
        raise NotFoundError("督查记录不存在(或是本机旧台账中的记录)")
    problem = role_problem(EventType.INSPECTION_ANSWERED, view.village_code, ident.role)
    if problem or view.village_code != ident.region_code:
        raise TransitionError(problem or "整改情况由被督查的单位自己填报")
    if fixed and (fixed_on is None or (view.on and fixed_on < view.on) or fixed_on > desk.today()):
        raise ValidationError("fixed_on", "整改完成日期应在督查日期之后、今天之前")
    payload = clean_payload(
        EventType.INSPECTION_ANSWERED,
        {
            "at": desk.today().isoformat(),
            "result": result,
            "fixed": fixed,
            "fixed_on": fixed_on.isoformat() if fixed and fixed_on else None,
            "answerer": ident.user,
        },
    )
    with desk.store.write() as s:
        view = fold(record_streams.one(s, inspection_id))
        assert view is not None
        next_state(view.state, EventType.INSPECTION_ANSWERED, ident.role, payload)
        desk.new_events(s, inspection_id, view.village_code, [(EventType.INSPECTION_ANSWERED, payload)])
        view = fold(record_streams.one(s, inspection_id))
    assert view is not None
    return _row(view)


def record_fix(desk: Desk, inspection_id: str, fixed_on: date, result: str) -> InspectionRow:
    """The village has fixed what the inspection found: its answer with the fix done."""
    return answer(desk, inspection_id, result, True, fixed_on)


def list_for(desk: Desk, village_code: str | None = None, year: int | None = None) -> list[InspectionRow]:
    """The inspections this device's scope holds (a village its own; a town its villages'; the city all),
    oldest first: synced ones and those of the old local table."""
    prefix = village_code or _scope(desk)
    with desk.store.read() as s:
        streams = record_streams.streams(s, EventType.INSPECTION_RECORDED, prefix)
        out = [_row(view) for events in streams.values() if (view := fold(events)) is not None]
        legacy = select(m.Inspection).where(m.Inspection.village_code.like(prefix + "%"))
        out += [_legacy(r) for r in s.scalars(legacy)]
    if year:
        out = [x for x in out if x.on.year == year]
    return sorted(out, key=lambda x: (x.on, x.id))


def _row(view: InspectionView) -> InspectionRow:
    assert view.on is not None
    return InspectionRow(
        view.inspection_id,
        view.village_code,
        view.kind,
        view.kind_label,
        view.on,
        view.inspector,
        view.findings,
        view.deduction,
        view.data_leak,
        view.fix_by,
        view.fixed_on,
        view.result,
        "市" if view.inspector_role is Role.CITY else "镇",
        tuple(view.answers),
    )


def _legacy(r: m.Inspection) -> InspectionRow:
    return InspectionRow(
        f"{LEGACY}{r.id}",
        r.village_code,
        r.kind,
        KINDS.get(r.kind, r.kind),
        r.on,
        r.inspector,
        r.findings,
        r.deduction,
        r.data_leak,
        r.fix_by,
        r.fixed_on,
        r.result,
    )
