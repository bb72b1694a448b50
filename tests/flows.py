"""Drive real cases through the services as the village agent and the town clerk would."""

from __future__ import annotations

from datetime import date

from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, catalog, intake
from villagedesk.services.desk import Desk

VILLAGE = "419001100201"
TOWN = "419001100000"
E = EventType

# A payload each event accepts, so a refusal can only come from the lifecycle.
VALID_PAYLOAD: dict[EventType, dict] = {
    E.MATERIALS_CHECKED: {},
    E.MATERIALS_MISSING: {"missing": ["申请书"], "reason": "缺申请书"},  # on JY012's checklist (the judge checks)
    E.MATERIALS_SUPPLIED: {"received": ["申请书"]},
    E.VILLAGE_COMPLETED: {},
    E.SUBMITTED: {},
    E.MANDATE_RECORDED: {"signed_on": "2026-11-25"},
    E.ACCEPTED: {},
    E.RETURNED: {"missing": ["困难情况证明材料"], "reason": "证明材料不全"},
    E.REFUSED: {"reason": "不属于本中心受理范围"},
    E.FORWARDED: {"to": "市民政局"},
    E.PROCEDURE_STARTED: {"procedure": "公示"},
    E.PROCEDURE_ENDED: {},
    E.EXTENSION_GRANTED: {"days": 5, "reason": "需入户核查"},
    E.DECIDED: {"outcome": "approved", "certificate_no": "JY-2026-001"},
    E.RESULT_READY: {"where": "村便民服务中心"},
    E.DELIVERED: {"method": "village_pickup", "signer": "张三"},
    E.EVALUATED: {"level": "满意"},
    E.CLOSED: {},
    E.WITHDRAWN: {"reason": "申请人不再需要"},
    E.NOTE_ADDED: {"text": "已电话通知"},
    E.ATTACHMENT_ADDED: {"sha256": "0" * 64, "material": "申请书"},
    E.ATTACHMENT_REMOVED: {"attachment": "0" * 36, "sha256": "0" * 64, "filename": "申请书.jpg"},
    E.CUSTODY_CHANGED: {"material": "户口簿", "holder": "village"},
    E.CONFLICT_RESOLVED: {"state": "accepted"},
    E.FOLLOWUP_RECORDED: {"finding": "等候时间过长", "measures": "增加周末值守", "verified": True},
    E.FOLLOWUP_FIXED: {"result": "已整改并回访群众"},
    E.REPORT_DRAFTED: {"period": "2026-11"},
    E.REPORT_SUBMITTED: {},
    E.REPORT_ACCEPTED: {},
    E.REPORT_RETURNED: {"reason": "数据需核实"},
    E.TOWN_REPORT_DRAFTED: {"kind": "town_progress_report", "town": "419001100000", "year": 2026, "month": 11},
    E.TOWN_REPORT_SUBMITTED: {"remarks": "十一月情况说明"},
    E.TOWN_REPORT_ACCEPTED: {},
    E.TOWN_REPORT_RETURNED: {"reason": "数据需核实"},
    E.RATING_SCORED: {"year": 2026, "score": 90, "stars": 5, "sheet": {}, "scorer": "赵敏"},
    E.RATING_REVIEWED: {"stars": 4, "reason": "台账不全", "reviewer": "孙市"},
    E.INSPECTION_RECORDED: {"kind": "open_visit", "on": "2026-11-02", "findings": "未公示", "inspector": "赵敏"},
    E.INSPECTION_ANSWERED: {"result": "已公示", "answerer": "李娜"},
    E.APPOINTMENT_BOOKED: {"name": "张三", "phone": "13800138000", "item_code": "JY001", "day": "2026-11-28"},
    E.APPOINTMENT_ARRIVED: {"case_id": "00000000-0000-4000-8000-000000000001"},
    E.APPOINTMENT_CANCELLED: {},
    E.APPOINTMENT_NO_SHOW: {},
}

# Paths from a freshly registered town-level case (all materials present) to every state.
PATHS: dict[str, list[tuple[Role, EventType, dict]]] = {}


def _p(*steps: tuple[Role, EventType] | tuple[Role, EventType, dict]) -> list[tuple[Role, EventType, dict]]:
    return [(s[0], s[1], s[2] if len(s) > 2 else VALID_PAYLOAD[s[1]]) for s in steps]  # type: ignore[misc]


A, C = Role.AGENT, Role.CLERK
PATHS["registered"] = []
PATHS["awaiting_materials"] = _p((A, E.MATERIALS_MISSING))
PATHS["submitted"] = _p((A, E.SUBMITTED))
PATHS["accepted"] = [*PATHS["submitted"], *_p((C, E.ACCEPTED))]
PATHS["returned"] = [*PATHS["accepted"], *_p((C, E.RETURNED))]
PATHS["refused"] = [*PATHS["submitted"], *_p((C, E.REFUSED))]
PATHS["forwarded"] = [*PATHS["accepted"], *_p((C, E.FORWARDED))]
PATHS["in_procedure"] = [*PATHS["accepted"], *_p((C, E.PROCEDURE_STARTED))]
PATHS["approved"] = [*PATHS["accepted"], *_p((C, E.DECIDED))]
PATHS["denied"] = [*PATHS["accepted"], *_p((C, E.DECIDED, {"outcome": "denied", "reason": "不符合条件"}))]
PATHS["result_ready"] = [*PATHS["approved"], *_p((C, E.RESULT_READY))]
PATHS["delivered"] = [*PATHS["result_ready"], *_p((A, E.DELIVERED))]
PATHS["closed"] = [*PATHS["delivered"], *_p((A, E.EVALUATED), (A, E.CLOSED))]
PATHS["withdrawn"] = _p((A, E.WITHDRAWN))


def as_role(desk: Desk, role: Role) -> None:
    """Switch the profile's acting role (one profile plays village and town in these tests)."""
    if desk.identity.role is not role:
        desk.setup(role, VILLAGE if role is Role.AGENT else TOWN, "李娜" if role is Role.AGENT else "王镇")


def full_form(desk: Desk, code: str = "JY012", name: str = "张三", id_number: str = "419001198001010014", **kw):
    item = catalog.plan(desk, code, kw.get("registered_on"))
    materials = {m.name: intake.MaterialState("have") for m in item.materials}
    return intake.IntakeForm(
        item_code=code,
        name=name,
        id_number=id_number,
        phone="13812345678",
        mandate_signed=True,
        materials=materials,
        **kw,
    )


def register(desk: Desk, code: str = "JY012", **kw) -> intake.IntakeResult:
    as_role(desk, Role.AGENT)
    return intake.register(desk, full_form(desk, code, **kw))


def drive(desk: Desk, case_id: str, steps: list[tuple[Role, EventType, dict]], on: date | None = None) -> None:
    for role, event, payload in steps:
        as_role(desk, role)
        actions.perform(desk, case_id, event, payload, on=on)
