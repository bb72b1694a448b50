"""督查: the town records inspections of its village centers; deductions and leaks feed the star rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.services.desk import Desk
from villagedesk.services.metrics import is_village

KINDS = {"open_visit": "明察", "unannounced": "暗访", "phone_check": "电话抽查"}
MAX_DEDUCTION = 100.0


@dataclass(frozen=True)
class InspectionRow:
    id: int
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

    def overdue(self, today: date) -> bool:
        return self.fix_by is not None and self.fixed_on is None and today > self.fix_by


def _town_clerk(desk: Desk, village_code: str) -> None:
    ident = desk.identity
    if ident.role is not Role.CLERK:
        raise TransitionError("只有乡镇中心可以记录督查")
    if not is_village(village_code):
        raise ValidationError("village_code", "请选择被督查的村(社区)便民服务中心")
    if not village_code.startswith(ident.region_code[:9]):
        raise TransitionError("只能督查本乡镇的村级便民服务中心")


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
    """Record one inspection; problems found need a fix deadline."""
    _town_clerk(desk, village_code)
    if kind not in KINDS:
        raise ValidationError("kind", f"督查方式应为 {'/'.join(KINDS.values())} 之一")
    if on > desk.today():
        raise ValidationError("on", "督查日期不能晚于今天")
    findings = v.free_text(findings, "findings", 4000, True)
    if isinstance(deduction, bool) or not isinstance(deduction, int | float) or not 0 <= deduction <= MAX_DEDUCTION:
        raise ValidationError("deduction", "扣分应为 0-100 之间的数字")
    if deduction > 0 and fix_by is None:
        raise ValidationError("fix_by", "发现问题并扣分的, 请填写整改期限")
    if fix_by is not None and fix_by < on:
        raise ValidationError("fix_by", "整改期限不能早于督查日期")
    with desk.store.write() as s:
        row = m.Inspection(
            village_code=village_code,
            kind=kind,
            on=on,
            inspector=v.free_text(inspector or desk.identity.user, "inspector", 64, True),
            findings=findings,
            deduction=float(deduction),
            data_leak=bool(data_leak),
            fix_by=fix_by,
            result="",
            created_at=datetime.now(),
        )
        s.add(row)
        s.flush()
        return _row(row)


def record_fix(desk: Desk, inspection_id: int, fixed_on: date, result: str) -> InspectionRow:
    """The village has fixed what the inspection found (整改结果)."""
    with desk.store.write() as s:
        row = s.get(m.Inspection, inspection_id)
        if row is None:
            raise NotFoundError("督查记录不存在")
        _town_clerk(desk, row.village_code)
        if fixed_on < row.on or fixed_on > desk.today():
            raise ValidationError("fixed_on", "整改完成日期应在督查日期之后、今天之前")
        row.fixed_on = fixed_on
        row.result = v.free_text(result, "result", 4000, True)
        return _row(row)


def list_for(desk: Desk, village_code: str | None = None, year: int | None = None) -> list[InspectionRow]:
    query = select(m.Inspection).order_by(m.Inspection.on, m.Inspection.id)
    if village_code:
        query = query.where(m.Inspection.village_code == village_code)
    if year:
        query = query.where(m.Inspection.on >= date(year, 1, 1), m.Inspection.on <= date(year, 12, 31))
    with desk.store.read() as s:
        return [_row(r) for r in s.scalars(query)]


def _row(r: m.Inspection) -> InspectionRow:
    return InspectionRow(
        r.id,
        r.village_code,
        r.kind,
        KINDS[r.kind],
        r.on,
        r.inspector,
        r.findings,
        r.deduction,
        r.data_leak,
        r.fix_by,
        r.fixed_on,
        r.result,
    )
