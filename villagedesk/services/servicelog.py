"""服务记录: mediations and consultations, recorded as village-direct cases completed at once.

Registration and village completion go in one transaction: a service record is never left half-open.
What the agent hears at the table is the material itself, so the item's materials count as received.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.catalog import MEDIATION_ITEM, MEDIATION_OUTCOMES
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType, State, next_state
from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors, IntakeForm, IntakeResult, MaterialState, register_in

CONSULTATION_ITEM = "JY026"  # 政策咨询
DISPUTE_TYPES = ("邻里纠纷", "婚姻家庭", "土地承包", "宅基地", "赡养抚养", "损害赔偿", "劳务纠纷", "其他")


@dataclass
class Person:
    name: str
    id_number: str
    phone: str


@dataclass
class Mediation:
    applicant: Person
    other_parties: list[str] = field(default_factory=list)
    dispute_type: str = ""
    outcome: str = ""
    summary: str = ""


@dataclass
class Consultation:
    """A question answered at the table: the villager's name, ID number and phone may all be blank
    (recorded as 匿名群众); what was asked and answered may not."""

    applicant: Person
    topic: str = ""
    answer: str = ""
    notice_given: bool = False


def _record(desk: Desk, form: IntakeForm, errors: list[ValidationError], completion: dict) -> IntakeResult:
    with desk.store.write() as s:
        try:
            plan = catalog.plan_in(s, form.item_code, desk.today())
            form.materials = {mat.name: MaterialState("have", mat.form, "applicant") for mat in plan.materials}
            result = register_in(desk, s, form)
        except FormErrors as err:
            raise FormErrors(err.errors + errors) from None
        if errors:
            raise FormErrors(errors)
        completion["at"] = desk.today().isoformat()
        next_state(State.REGISTERED, EventType.VILLAGE_COMPLETED, desk.identity.role, completion)
        desk.new_events(s, result.case_id, desk.identity.region_code, [(EventType.VILLAGE_COMPLETED, completion)])
        st.reproject(s, desk.calendar, result.case_id, desk.today())
        return result


def _form(item: str, person: Person, note: str, identity_optional: bool = False) -> IntakeForm:
    return IntakeForm(
        item,
        person.name,
        person.id_number,
        person.phone,
        mandate_signed=not identity_optional,  # a question answered entrusts nothing to anyone
        note=note,
        identity_optional=identity_optional,
    )


def record_mediation(desk: Desk, rec: Mediation) -> IntakeResult:
    errors: list[ValidationError] = []
    parties: list[str] = []
    for raw in rec.other_parties:
        if raw.strip():
            try:
                parties.append(v.person_name(raw, "other_parties"))
            except ValidationError as err:
                errors.append(err)
    if not parties and not errors:
        errors.append(ValidationError("other_parties", "请填写纠纷另一方"))
    if rec.dispute_type not in DISPUTE_TYPES:
        errors.append(ValidationError("dispute_type", "请选择纠纷类型"))
    if rec.outcome not in MEDIATION_OUTCOMES:
        errors.append(ValidationError("outcome", "请选择调解结果"))
    summary = ""
    try:
        summary = v.free_text(rec.summary, "summary", 2000)
    except ValidationError as err:
        errors.append(err)
    note = f"{rec.dispute_type}; 另一方: {'、'.join(parties)}; {MEDIATION_OUTCOMES.get(rec.outcome, '')}"
    completion = {
        "kind": "mediation",
        "parties": parties,
        "dispute_type": rec.dispute_type,
        "outcome": rec.outcome,
        "summary": summary,
    }
    return _record(desk, _form(MEDIATION_ITEM, rec.applicant, note), errors, completion)


def record_consultation(desk: Desk, rec: Consultation) -> IntakeResult:
    errors: list[ValidationError] = []
    topic = answer = ""
    try:
        topic = v.free_text(rec.topic, "topic", 200, required=True)
    except ValidationError as err:
        errors.append(err)
    try:
        answer = v.free_text(rec.answer, "answer", 4000, required=True)
    except ValidationError as err:
        errors.append(err)
    completion = {"kind": "consultation", "topic": topic, "answer": answer, "notice_given": bool(rec.notice_given)}
    form = _form(CONSULTATION_ITEM, rec.applicant, topic, identity_optional=True)
    return _record(desk, form, errors, completion)
