"""公休日预约: villagers book a weekend or holiday visit; when they come, the booking becomes a case.

A booking is an event stream (domain/appointment_record.py), so the town sees its villages' bookings
after a sync; arrival, cancellation and 爽约 (no-show) are events on it. Bookings of the old local table
stay readable and can still be closed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.domain import validators as v
from villagedesk.domain.appointment_record import AppointmentView, fold
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.events import Event, new_id
from villagedesk.domain.lifecycle import STATE_LABELS, EventType, Role, State, next_state
from villagedesk.domain.metrics import Appointment
from villagedesk.domain.payloads import clean_payload
from villagedesk.services import catalog, record_streams
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors, IntakeForm, IntakeResult, register_in

# a booking's status by the lifecycle's one table of state names (it had a copy of its own)
STATUS_STATES = {
    "booked": State.APPOINTMENT_BOOKED,
    "arrived": State.APPOINTMENT_ARRIVED,
    "cancelled": State.APPOINTMENT_CANCELLED,
    "no_show": State.APPOINTMENT_NO_SHOW,
}
STATUS_LABELS = {status: STATE_LABELS[state] for status, state in STATUS_STATES.items()}
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
    village_code: str = ""

    @property
    def status_label(self) -> str:
        """The state's Chinese name (the command line); a window words ``state`` in its language."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def state(self) -> str:
        """The lifecycle state of this appointment, for the UI's ``state_name``."""
        found = STATUS_STATES.get(self.status)
        return found.value if found else self.status


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
        row.village_code,
    )


def _view_info(view: AppointmentView, names: dict[str, str]) -> AppointmentInfo:
    assert view.day is not None
    return AppointmentInfo(
        view.appointment_id,
        view.name,
        view.phone,
        view.item_code,
        names.get(view.item_code, view.item_code),
        view.day,
        view.slot,
        view.note,
        view.status,
        view.case_id,
        view.village_code,
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
    if desk.identity.role is not Role.AGENT:
        raise TransitionError("预约由村便民服务站登记")
    with desk.store.write() as s:
        try:
            plan = catalog.plan_in(s, (item_code or "").strip(), day)
        except (NotFoundError, ValueError):
            code = (item_code or "").strip()
            errors.append(ValidationError("item_code", f"没有编码为 {code} 的事项" if code else "请选择办理事项"))
            plan = None
        if errors:
            raise FormErrors(errors)
        assert plan is not None
        if same := _same_booking(desk, s, clean_name, clean_phone, item_code.strip(), day, slot):
            when = f"{day.isoformat()}{' ' + slot if slot else ''}"
            raise FormErrors(
                [
                    ValidationError(
                        "day",
                        f"{clean_name} 已预约 {when} 办理「{plan.title}」(编号 {same[:8]}), 未重复登记; "
                        "要改时间请先取消原预约",
                    )
                ]
            )
        payload = clean_payload(
            EventType.APPOINTMENT_BOOKED,
            {
                "at": desk.today().isoformat(),
                "name": clean_name,
                "phone": clean_phone,
                "item_code": item_code.strip(),
                "day": day.isoformat(),
                "slot": slot,
                "note": clean_note,
            },
        )
        aid = new_id()
        desk.new_events(s, aid, desk.identity.region_code, [(EventType.APPOINTMENT_BOOKED, payload)])
        view = fold(record_streams.one(s, aid))
        assert view is not None
        return _view_info(view, {view.item_code: plan.title})


def _same_booking(desk: Desk, s, name: str, phone: str, item_code: str, day: date, slot: str) -> str | None:
    """The id of a booking still booked for the same villager (same phone or same name), day, slot and
    item, if there is one: the same booking made twice is refused, not kept as two."""
    for view, _opening in still_booked(desk, s):
        if (view.day, view.slot, view.item_code) == (day, slot, item_code) and (
            view.phone == phone or view.name == name
        ):
            return view.appointment_id
    for row in unattributed_still_booked(desk, s):
        if (row.day, row.slot, row.item_code) == (day, slot, item_code) and (row.phone == phone or row.name == name):
            return row.id
    return None


def _names(desk: Desk) -> dict[str, str]:
    out = {i.code: i.name for i in catalog.items(desk)}
    out.update({b.code: b.name for b in catalog.bundles(desk)})
    return out


def _scope(desk: Desk) -> str:
    ident = desk.identity
    if ident.role is Role.AGENT:
        return ident.region_code
    return ident.region_code[:6] if ident.role is Role.CITY else ident.region_code[:9]


def _views(s, prefix: str) -> list[AppointmentView]:
    streams = record_streams.streams(s, EventType.APPOINTMENT_BOOKED, prefix)
    return [view for events in streams.values() if (view := fold(events)) is not None]


def upcoming(desk: Desk, include_past: bool = False) -> list[AppointmentInfo]:
    """The bookings this device's scope holds (a village its own; a town all its villages'), soonest first."""
    names = _names(desk)
    prefix = _scope(desk)
    with desk.store.read() as s:
        query = select(m.Appointment).where(m.Appointment.village_code.like(prefix + "%"))
        out = [_info(r, names) for r in s.scalars(query)]
        out += [_view_info(x, names) for x in _views(s, prefix)]
    if not include_past:
        out = [a for a in out if a.day >= desk.today()]
    return sorted(out, key=lambda a: (a.day, a.slot, a.name, a.id))


def still_booked(desk: Desk, session) -> list[tuple[AppointmentView, Event]]:
    """The bookings still to come (still booked, for today or a later day) of this device's scope, each
    with its opening event: who booked it (``author``) and its id (when it came to this PC). The 交接单
    lists a leaving person's by these. A row of the old local table names nobody and is not among them."""
    today = desk.today()
    out: list[tuple[AppointmentView, Event]] = []
    for events in record_streams.streams(session, EventType.APPOINTMENT_BOOKED, _scope(desk)).values():
        view = fold(events)
        if view is None or view.status != "booked" or view.day is None or view.day < today:
            continue
        opening = next(e for e in events if e.type is EventType.APPOINTMENT_BOOKED)
        out.append((view, opening))
    return sorted(out, key=lambda x: (x[0].day, x[0].slot, x[0].name, x[0].appointment_id))


def unattributed_still_booked(desk: Desk, session) -> list[m.Appointment]:
    """The bookings of the old local table still to come: they name nobody who booked them, so no rule
    says whose they are; the 交接单 lists them on every sheet of this PC to be settled face to face (they
    were on no one's sheet)."""
    query = select(m.Appointment).where(
        m.Appointment.village_code.like(_scope(desk) + "%"),
        m.Appointment.status == "booked",
        m.Appointment.day >= desk.today(),
    )
    return sorted(session.scalars(query), key=lambda r: (r.day, r.slot, r.name, r.id))


def show_up_facts(desk: Desk, village_code: str) -> list[Appointment]:
    """A village's bookings as the 预约履约率 metric takes them (day and status), synced and old."""
    return [Appointment(a.day, a.status) for a in upcoming(desk, include_past=True) if a.village_code == village_code]


def show_up_by_village(desk: Desk) -> dict[str, list[Appointment]]:
    """Every booking of this device's scope as the 预约履约率 takes them, per village: the town's and the
    city's comparison count them as a village's own figures do (they once counted none: 「— (无预约)」
    beside a town whose booking was 到访)."""
    out: dict[str, list[Appointment]] = {}
    for a in upcoming(desk, include_past=True):
        out.setdefault(a.village_code, []).append(Appointment(a.day, a.status))
    return out


def _close(desk: Desk, appointment_id: str, event: EventType, payload: dict, session=None) -> None:
    """Record an outcome on a synced booking of this village (in the caller's session if given)."""
    ident = desk.identity

    def run(s) -> None:
        view = fold(record_streams.one(s, appointment_id))
        if view is None:
            raise NotFoundError("预约不存在")
        if ident.role is not Role.AGENT or view.village_code != ident.region_code:
            raise TransitionError("预约由登记它的村便民服务站处理")
        if view.status != "booked":
            raise TransitionError(f"该预约的状态已是「{STATUS_LABELS.get(view.status, view.status)}」, 不能再更改")
        clean = clean_payload(event, {"at": desk.today().isoformat(), **payload})
        next_state(view.state, event, ident.role, clean)
        desk.new_events(s, appointment_id, view.village_code, [(event, clean)])

    if session is not None:
        run(session)
        return
    with desk.store.write() as s:
        run(s)


def cancel(desk: Desk, appointment_id: str, reason: str = "") -> None:
    with desk.store.write() as s:
        row = s.get(m.Appointment, appointment_id)
        if row is None:
            _close(desk, appointment_id, EventType.APPOINTMENT_CANCELLED, {"reason": reason}, s)
            return
        if row.status != "booked":
            raise TransitionError(f"该预约的状态已是「{STATUS_LABELS[row.status]}」, 不能取消")
        row.status = "cancelled"


def no_show(desk: Desk, appointment_id: str, reason: str = "") -> None:
    """爽约: the booked day has come and the villager did not."""
    with desk.store.write() as s:
        row = s.get(m.Appointment, appointment_id)
        day = row.day if row is not None else None
        if row is None:
            view = fold(record_streams.one(s, appointment_id))
            day = view.day if view is not None else None
        if day is not None and day > desk.today():
            raise TransitionError("预约日期未到, 不能登记爽约")
        if row is None:
            _close(desk, appointment_id, EventType.APPOINTMENT_NO_SHOW, {"reason": reason}, s)
            return
        if row.status != "booked":
            raise TransitionError(f"该预约的状态已是「{STATUS_LABELS[row.status]}」, 不能再更改")
        row.status = "no_show"


def arrive(desk: Desk, appointment_id: str, form: IntakeForm) -> IntakeResult:
    """The villager came: register their case and mark the booking arrived, in one transaction."""
    with desk.store.write() as s:
        row = s.get(m.Appointment, appointment_id)
        if row is None:
            view = fold(record_streams.one(s, appointment_id))
            if view is None:
                raise NotFoundError("预约不存在")
            if view.status != "booked":
                raise TransitionError(f"该预约的状态已是「{STATUS_LABELS.get(view.status, view.status)}」, 不能再更改")
            form.channel = "appointment"
            result = register_in(desk, s, form)
            _close(desk, appointment_id, EventType.APPOINTMENT_ARRIVED, {"case_id": result.case_id}, s)
            return result
        if row.status != "booked":
            raise TransitionError(f"该预约的状态已是「{STATUS_LABELS[row.status]}」, 不能再更改")
        form.channel = "appointment"
        result = register_in(desk, s, form)
        row.status = "arrived"
        row.case_id = result.case_id
        return result
