"""公休日预约: villagers book a weekend or holiday visit; when they come, the booking becomes a case."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors, IntakeForm, IntakeResult, register_in

STATUS_LABELS = {"booked": "已预约", "arrived": "已到访", "cancelled": "已取消"}
_SLOT = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class AppointmentInfo:
    id: str
    name: str
    phone: str
    item_code: str
    item_name: str
    day: date
    slot: str
    note: str
    status: str
    case_id: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def _info(row: m.Appointment, names: dict[str, str]) -> AppointmentInfo:
    return AppointmentInfo(
        row.id,
        row.name,
        row.phone,
        row.item_code,
        names.get(row.item_code, row.item_code),
        row.day,
        row.slot,
        row.note,
        row.status,
        row.case_id,
    )


def book(
    desk: Desk, name: str, phone: str, item_code: str, day: date, slot: str = "", note: str = ""
) -> AppointmentInfo:
    """Book a visit on a rest day (weekend or public holiday), today or later."""
    errors: list[ValidationError] = []

    def check(fn, *args):
        try:
            return fn(*args)
        except ValidationError as err:
            errors.append(err)
            return ""

    clean_name = check(v.person_name, name, "name")
    clean_phone = check(v.phone, phone, "phone")
    clean_note = check(v.free_text, note, "note", 500)
    if day < desk.today():
        errors.append(ValidationError("day", "预约日期不能早于今天"))
    elif desk.calendar.is_workday(day):
        errors.append(ValidationError("day", "公休日预约只能约在周末或法定节假日; 工作日请直接到村便民服务站"))
    slot = (slot or "").strip()
    if slot and not _SLOT.match(slot):
        errors.append(ValidationError("slot", "时间格式应为 HH:MM, 如 09:30"))
    with desk.store.write() as s:
        try:
            plan = catalog.plan_in(s, (item_code or "").strip(), day)
        except (NotFoundError, ValueError):
            errors.append(ValidationError("item_code", "请选择办理事项"))
            plan = None
        if errors:
            raise FormErrors(errors)
        assert plan is not None
        row = m.Appointment(
            id=str(uuid.uuid4()),
            village_code=desk.identity.region_code,
            name=clean_name,
            phone=clean_phone,
            item_code=item_code.strip(),
            day=day,
            slot=slot,
            note=clean_note,
            status="booked",
            case_id=None,
            created_at=datetime.now(),
        )
        s.add(row)
        return _info(row, {row.item_code: plan.title})


def _names(desk: Desk) -> dict[str, str]:
    out = {i.code: i.name for i in catalog.items(desk)}
    out.update({b.code: b.name for b in catalog.bundles(desk)})
    return out


def upcoming(desk: Desk, include_past: bool = False) -> list[AppointmentInfo]:
    names = _names(desk)
    with desk.store.read() as s:
        query = select(m.Appointment).order_by(m.Appointment.day, m.Appointment.slot, m.Appointment.name)
        if not include_past:
            query = query.where(m.Appointment.day >= desk.today())
        return [_info(r, names) for r in s.scalars(query)]


def cancel(desk: Desk, appointment_id: str) -> None:
    with desk.store.write() as s:
        row = s.get(m.Appointment, appointment_id)
        if row is None:
            raise NotFoundError("预约不存在")
        if row.status != "booked":
            raise TransitionError(f"该预约{STATUS_LABELS[row.status]}, 不能取消")
        row.status = "cancelled"


def arrive(desk: Desk, appointment_id: str, form: IntakeForm) -> IntakeResult:
    """The villager came: register their case and mark the booking arrived, in one transaction."""
    with desk.store.write() as s:
        row = s.get(m.Appointment, appointment_id)
        if row is None:
            raise NotFoundError("预约不存在")
        if row.status != "booked":
            raise TransitionError(f"该预约{STATUS_LABELS[row.status]}")
        form.channel = "appointment"
        result = register_in(desk, s, form)
        row.status = "arrived"
        row.case_id = result.case_id
        return result
