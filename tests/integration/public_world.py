"""A village PC and the town clerk's PC with cases in every state a villager can see, on a real server:
what the public page (扫码查询) tests look at."""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.cn import ric

from tests.flows import PATHS, VALID_PAYLOAD
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, catalog, intake
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

VILLAGE = "419001100201"
TOWN = "419001100000"
ADDRESS = "示范村三组12号"
PHONE = "13912345678"
# One applicant per state, with the names the masking must get right (two characters, ·, plane 2).
NAMES = ["张三", "阿依古丽·买买提", "\U00020bb7祥", "欧阳娜娜", "李四", "王芳", "赵敏", "钱多多"]
STATES = [*PATHS, "completed_in_village"]


def person_id(n: int) -> str:
    body = f"41900119900101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def sync(desk: Desk) -> None:
    eng = engine.SyncEngine(desk)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error


@dataclass
class Case:
    state: str
    case_id: str
    case_no: str
    name: str
    id_number: str


def register(desk: Desk, n: int, code: str = "JY012") -> Case:
    plan = catalog.plan(desk, code)
    form = intake.IntakeForm(
        item_code=code,
        name=NAMES[n % len(NAMES)],
        id_number=person_id(n),
        phone=PHONE,
        address=ADDRESS,
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in plan.materials},
    )
    r = intake.register(desk, form)
    return Case("registered", r.case_id, r.case_no, form.name, form.id_number)


def every_state(agent: Desk, clerk: Desk) -> dict[str, Case]:
    """One case per state, driven by the agent's and the clerk's own PCs through the server."""
    cases: dict[str, Case] = {}
    todo: dict[str, list] = {}
    for n, state in enumerate(STATES):
        case = register(agent, n, "JY026" if state == "completed_in_village" else "JY012")
        case.state = state
        cases[state] = case
        if state == "completed_in_village":
            todo[state] = [(Role.AGENT, EventType.VILLAGE_COMPLETED, VALID_PAYLOAD[EventType.VILLAGE_COMPLETED])]
        else:
            todo[state] = list(PATHS[state])
    sync(agent)
    while any(todo.values()):
        for role, desk, other in ((Role.AGENT, agent, clerk), (Role.CLERK, clerk, agent)):
            moved = False
            for state, steps in todo.items():
                while steps and steps[0][0] is role:
                    _, event, payload = steps.pop(0)
                    actions.perform(desk, cases[state].case_id, event, dict(payload))
                    moved = True
            if moved:
                sync(desk)
                sync(other)
    return cases
