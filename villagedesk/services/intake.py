"""代办登记: validate a villager's request and register it as a case, in one transaction.

Every field is checked first and all problems are reported together (``FormErrors``), so a form can show
each beside its field and an import can list them by column; nothing is written unless all is well.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.case_numbers import case_no_prefix, format_case_no
from villagedesk.domain.catalog import Plan
from villagedesk.domain.errors import DomainError, NotFoundError, TransitionError, ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.judge import Refusal, check_promise
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.projection import project
from villagedesk.domain.villager_view import mask_name
from villagedesk.services import catalog
from villagedesk.services.desk import Desk

MATERIAL_STATUSES = ("have", "missing", "later")
CUSTODY = ("applicant", "village", "town")
CHANNELS = ("window", "home_visit", "phone", "appointment", "import")
NO_ID = "none"  # id_type of a villager who gave no ID number (a quick 政策咨询 only)
ANONYMOUS = "匿名群众"  # the name of a consultation whose villager gave none


class FormErrors(DomainError):
    """All that is wrong with one form or import row, field by field."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


@dataclass
class MaterialState:
    status: str = "have"  # have | missing | later (容缺, promised to follow)
    form: str | None = None  # original | copy as actually received
    custody: str = "applicant"  # who holds the villager's originals now


@dataclass
class IntakeForm:
    item_code: str  # an item code or a 多证联办 bundle code
    name: str
    id_number: str
    phone: str
    id_type: str = "resident_id"
    group: str = ""
    address: str = ""
    credit_code: str = ""
    materials: dict[str, MaterialState] = field(default_factory=dict)
    mandate_signed: bool = False
    mandate_signed_on: date | None = None  # the 委托书's date: the registration day unless given
    mandate_valid_until: date | None = None  # None: until the case is closed
    channel: str = "window"
    note: str = ""
    registered_on: date | None = None
    # A record completed in the village that needs no ID number or phone (政策咨询): blanks are allowed
    # there (an ID or phone given is still checked). Refused for any item that leaves the village.
    identity_optional: bool = False


@dataclass(frozen=True)
class IntakeResult:
    case_id: str
    case_no: str
    missing: list[str]
    warnings: list[str]
    promised_days: int
    limit_unit: str


def name_conflict(session: Session, id_number: str, name: str) -> str | None:
    """One person per ID number: a number already on file under another name is refused, so a case
    never names one villager on its list and another (with her phone) on its receipt (#13)."""
    query = select(m.Applicant.name).where(m.Applicant.id_number == id_number).distinct()
    names = [n for n in session.scalars(query) if n and n != ANONYMOUS]
    if not names or name in names or v.same_name(name, names):  # a name stored padded (王 芳) is 王芳
        return None
    on_file = mask_name(names[0])
    return f"身份证号 {v.mask_id(id_number)} 在本机已登记为「{on_file}」, 与姓名「{name}」不符: 请核对号码和姓名"


# the most characters each text field of the form keeps (the page's boxes take no more)
TEXT_LIMITS = {"name": v.NAME_MAX, "id_number": 32, "group": 64, "address": 200, "note": 2000}


def validate(
    desk: Desk,
    session: Session,
    form: IntakeForm,
    plans: dict[tuple[str, date], Plan] | None = None,
    *,
    refuse_other_name: bool = False,
) -> tuple[Plan | None, dict, list[str]]:
    """Check every field; returns (plan, clean applicant, warnings) or raises FormErrors with them all.

    ``plans`` caches catalog look-ups across many forms (bulk import) within one transaction. An ID number
    on file under another name (``name_conflict``) is refused with ``refuse_other_name`` (an import: no one
    reads a warning there, the office corrects its sheet) and otherwise a warning: at the desk the villager's
    card is in hand and the name on file may be the one typed wrong; each case names its own registration's
    person either way (``queries.detail``), so no page names another villager.
    """
    errors: list[ValidationError] = []
    warnings: list[str] = []
    applicant: dict = {}
    plan: Plan | None = None
    on = form.registered_on or desk.today()

    def check(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as err:
            errors.append(err)
            return None

    if not (form.item_code or "").strip():
        errors.append(ValidationError("item_code", "请选择办理事项"))
    else:
        try:
            key = (form.item_code.strip(), on)
            plan = plans.get(key) if plans is not None else None
            if plan is None:
                plan = catalog.plan_in(session, key[0], on)
                if plans is not None:
                    plans[key] = plan
        except (NotFoundError, ValueError) as err:
            errors.append(ValidationError("item_code", str(err)))
    optional = form.identity_optional
    if optional and plan is not None and not plan.village_direct:
        errors.append(ValidationError("id_number", "代办事项须填写身份证号和联系电话"))
    applicant["name"] = check(v.person_name, form.name or (ANONYMOUS if optional else ""), "name")
    id_type = NO_ID if optional and not "".join((form.id_number or "").split()) else form.id_type
    if id_type == NO_ID:
        if not optional:
            errors.append(ValidationError("id_number", "请填写证件号码"))
        applicant["id_number"] = ""
    elif id_type == "resident_id":
        rid = check(v.resident_id, form.id_number, "id_number", today=on)
        if rid:
            applicant.update(id_number=rid.number, birth_date=rid.birth_date.isoformat(), sex=rid.sex)
    else:
        applicant["id_number"] = check(v.free_text, form.id_number, "id_number", TEXT_LIMITS["id_number"], True)
    applicant["id_type"] = id_type
    number, name = applicant.get("id_number"), applicant["name"]
    if number and name and (problem := name_conflict(session, number, name)):
        if refuse_other_name:
            errors.append(ValidationError("id_number", problem))
        else:
            warnings.append(problem)
    no_phone = optional and not (form.phone or "").strip()
    applicant["phone"] = "" if no_phone else check(v.phone, form.phone, "phone")
    applicant["group"] = check(v.free_text, form.group, "group", TEXT_LIMITS["group"])
    applicant["address"] = check(v.free_text, form.address, "address", TEXT_LIMITS["address"])
    if form.credit_code.strip():
        code = check(v.credit_code, form.credit_code, "credit_code")
        if code:
            applicant["credit_code"], warning = code
            if warning:
                warnings.append(warning)
    check(v.free_text, form.note, "note", TEXT_LIMITS["note"])
    if form.channel not in CHANNELS:
        errors.append(ValidationError("channel", f"受理渠道应为 {'/'.join(CHANNELS)} 之一"))
    if plan is not None:
        known = {mat.name for mat in plan.materials}
        for name, state in form.materials.items():
            if name not in known:
                listed = "、".join(mat.name for mat in plan.materials)
                errors.append(ValidationError("materials", f"「{name}」不在该事项的材料清单中; 该事项的材料: {listed}"))
            elif state.status not in MATERIAL_STATUSES or state.custody not in CUSTODY:
                errors.append(ValidationError("materials", f"「{name}」的状态无效"))
            elif state.status == "later" and next(x for x in plan.materials if x.name == name).necessity == "required":
                errors.append(ValidationError("materials", f"「{name}」为必需材料, 不能容缺后补"))
        if not plan.village_direct and not form.mandate_signed:
            errors.append(ValidationError("mandate_signed", "代办事项须由办事人签署委托书"))
        elif form.mandate_signed:
            signed = form.mandate_signed_on or on
            if signed > on:
                errors.append(ValidationError("mandate_signed", "委托书签署日期不能晚于登记日期"))
            elif form.mandate_valid_until is not None and form.mandate_valid_until < on:
                until = form.mandate_valid_until
                errors.append(ValidationError("mandate_signed", f"委托书已于 {until:%Y-%m-%d} 到期, 请重新签署"))
    if errors:
        raise FormErrors(errors)
    return plan, applicant, warnings


def register(desk: Desk, form: IntakeForm) -> IntakeResult:
    """Register a case (and its 一次性告知 when required materials are missing) atomically."""
    with desk.store.write() as s:
        return register_in(desk, s, form)


def register_many(desk: Desk, forms: list[IntakeForm], *, refuse_other_name: bool = False) -> list[IntakeResult]:
    """Register several cases in one transaction: all of them or, on any error, none.

    Same events and rows as ``register_in`` one by one, but built in memory and written with one bulk
    insert per table, so that a 10,000-row import takes seconds instead of many minutes.
    """
    ident = desk.identity
    if ident.role is not Role.AGENT:
        raise TransitionError("只有村代办员可以登记办件")
    today = desk.today()
    with desk.store.write() as s:
        plans: dict[tuple[str, date], Plan] = {}
        checked = [(form, *validate(desk, s, form, plans, refuse_other_name=refuse_other_name)) for form in forms]
        numbers = sorted({applicant["id_number"] for _, _, applicant, _ in checked} - {""})
        known: dict[str, str] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            rows = s.execute(select(m.Applicant.id_number, m.Applicant.id).where(m.Applicant.id_number.in_(chunk)))
            for number, applicant_id in rows:
                known.setdefault(number, applicant_id)
        clock = desk.clock(s)
        counters: dict[str, int] = {}
        events: list[Event] = []
        views = []
        results: list[IntakeResult] = []
        for form, plan, applicant, warnings in checked:
            assert plan is not None
            on = form.registered_on or today
            fresh = str(uuid.uuid4())  # a villager without an ID number is never merged with another
            applicant["id"] = known.setdefault(applicant["id_number"], fresh) if applicant["id_number"] else fresh
            applicant["village_code"] = ident.region_code
            counter = f"case_seq:{on:%y%m%d}"
            if counter not in counters:
                prefix = case_no_prefix(ident.region_code, on, ident.device_tag)
                counters[counter] = st.last_case_seq(s, counter, prefix)
            counters[counter] += 1
            case_no = format_case_no(ident.region_code, on, ident.device_tag, counters[counter])
            case_id = str(uuid.uuid4())
            specs, missing = _case_specs(desk, s, plan, applicant, form, on, case_no)
            stream = desk.author_events(clock, case_id, ident.region_code, specs, [])
            events += stream
            views.append(project(case_id, stream))
            results.append(IntakeResult(case_id, case_no, missing, warnings, plan.promised_days, plan.limit_unit.value))
        for counter, value in counters.items():
            st.set_setting(s, counter, str(value))
        st.set_setting(s, "hlc", clock.last)
        st.append_local(s, events)
        st.insert_projections(s, desk.calendar, views, today)
        if len(forms) >= 1000:
            st.refresh_statistics(s)
    return results


def register_in(desk: Desk, s: Session, form: IntakeForm) -> IntakeResult:
    """Register one case inside the caller's write transaction."""
    ident = desk.identity
    if ident.role is not Role.AGENT:
        raise TransitionError("只有村代办员可以登记办件")
    plan, applicant, warnings = validate(desk, s, form)
    assert plan is not None
    on = form.registered_on or desk.today()
    existing = None  # a villager without an ID number (anonymous consultation) is never merged with another
    if applicant["id_number"]:
        query = select(m.Applicant.id).where(m.Applicant.id_number == applicant["id_number"]).limit(1)
        existing = s.scalars(query).first()
    applicant["id"] = existing or str(uuid.uuid4())
    applicant["village_code"] = ident.region_code
    key = f"case_seq:{on:%y%m%d}"
    seq = st.last_case_seq(s, key, case_no_prefix(ident.region_code, on, ident.device_tag)) + 1
    st.set_setting(s, key, str(seq))
    case_no = format_case_no(ident.region_code, on, ident.device_tag, seq)
    case_id = str(uuid.uuid4())
    specs, missing = _case_specs(desk, s, plan, applicant, form, on, case_no)
    desk.new_events(s, case_id, ident.region_code, specs, prev=[])
    st.reproject(s, desk.calendar, case_id, desk.today())
    return IntakeResult(case_id, case_no, missing, warnings, plan.promised_days, plan.limit_unit.value)


def _case_specs(
    desk: Desk, s: Session, plan: Plan, applicant: dict, form: IntakeForm, on: date, case_no: str
) -> tuple[list[tuple[EventType, dict]], list[str]]:
    """The events that register one case (case_registered, and 一次性告知 when materials are missing)."""
    ident = desk.identity
    materials = []
    for mat in plan.materials:
        state = form.materials.get(mat.name, MaterialState("missing" if mat.necessity == "required" else "later"))
        materials.append(
            {
                "name": mat.name,
                "necessity": mat.necessity,
                "required_form": mat.form,
                "status": state.status,
                "form": state.form or mat.form,
                "custody": state.custody,
            }
        )
    missing = [x["name"] for x in materials if x["status"] == "missing" and x["necessity"] == "required"]
    first = plan.items[0]
    payload = {
        "at": on.isoformat(),
        "case_no": case_no,
        "item_code": plan.bundle.code if plan.bundle else first.code,
        "item_version": first.version,
        "items": [{"code": i.code, "version": i.version, "name": i.name} for i in plan.items],
        "bundle_code": plan.bundle.code if plan.bundle else None,
        "title": plan.title,
        "category": first.category,
        "final_level": "village" if plan.village_direct else max((i.final_level for i in plan.items), key=_level_rank),
        "promised_days": plan.promised_days,
        "limit_unit": plan.limit_unit.value,
        "applicant": applicant,
        "materials": materials,
        "mandate_signed": form.mandate_signed,
        "mandate": _mandate(form, on),
        "channel": form.channel,
        "note": v.free_text(form.note, "note"),
        "agent_name": ident.user,
    }
    try:  # the server's judge holds the promised limit to the catalog: the desk by the same code
        check_promise(payload, catalog.promised_limits(s, payload["item_code"]))
    except Refusal as exc:
        raise ValidationError("item_code", exc.message) from None
    specs: list[tuple[EventType, dict]] = [(EventType.CASE_REGISTERED, payload)]
    if missing:
        specs.append((EventType.MATERIALS_MISSING, {"at": on.isoformat(), "missing": missing, "notice": True}))
    return specs, missing


def _mandate(form: IntakeForm, on: date) -> dict | None:
    """The 委托书's dates; who entrusted whom with what is the registration's own (domain.mandate)."""
    if not form.mandate_signed:
        return None
    signed, until = form.mandate_signed_on or on, form.mandate_valid_until
    return {"signed_on": signed.isoformat(), "valid_until": until.isoformat() if until else None}


def _level_rank(level: str) -> int:
    return {"village": 0, "town": 1, "city": 2}.get(level, 1)
