"""Build hand-made case histories through the real services, switching one profile between roles.

A single local database plays the village agents and the town clerk: ``desk.setup`` changes the acting
role and region, and every event still goes through intake.register / actions.perform with its date.
"""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric

from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, catalog, intake
from villagedesk.services.desk import Desk

TOWN = "419001100000"
VILLAGE = "419001100201"
VILLAGE2 = "419001100202"
E = EventType
AGENTS = {VILLAGE: "李娜", VILLAGE2: "张伟"}


def person_id(n: int) -> str:
    body = f"41900119800101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


class Builder:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.n = 0

    def agent(self, village: str = VILLAGE, name: str | None = None) -> Builder:
        name = name or AGENTS.get(village, "李娜")
        self.desk.setup(Role.AGENT, village, name, user_id=f"agent-{village}-{name}")
        return self

    def clerk(self) -> Builder:
        self.desk.setup(Role.CLERK, TOWN, "赵敏", user_id="clerk-town")
        return self

    def register(self, item: str, on: date, missing: tuple[str, ...] = (), village: str = VILLAGE) -> str:
        self.agent(village)
        self.n += 1
        plan = catalog.item(self.desk, item)
        mats = {
            m.name: intake.MaterialState("missing" if m.name in missing else "have", custody="applicant")
            for m in plan.materials
        }
        form = intake.IntakeForm(
            item_code=item,
            name="王" + "一二三四五六七八九十"[self.n % 10] + "民",
            id_number=person_id(self.n),
            phone="13812345678",
            materials=mats,
            mandate_signed=True,
            registered_on=on,
        )
        return intake.register(self.desk, form).case_id

    def act(self, case_id: str, event: EventType, on: date, payload: dict | None = None, village: str = VILLAGE):
        town_events = {
            E.ACCEPTED,
            E.RETURNED,
            E.REFUSED,
            E.FORWARDED,
            E.PROCEDURE_STARTED,
            E.PROCEDURE_ENDED,
            E.EXTENSION_GRANTED,
            E.DECIDED,
            E.RESULT_READY,
        }
        if event in town_events or (payload or {}).pop("_clerk", False):
            self.clerk()
        else:
            self.agent(village)
        return actions.perform(self.desk, case_id, event, payload or {}, on=on)


def carry_events(src: Desk, dst: Desk) -> int:
    """Move events the other database lacks, as a pull would (stored, not queued for sending again)."""
    from sqlalchemy import select

    from villagedesk.db import models as m
    from villagedesk.db import store as st

    with src.store.read() as s:
        events = [st.row_to_event(r) for r in s.scalars(select(m.EventRow).order_by(m.EventRow.local_seq))]
    with dst.store.write() as s:
        have = set(s.scalars(select(m.EventRow.id)))
        fresh = [e for e in events if e.id not in have]
        if fresh:
            st.insert_events(s, fresh)  # the store's path for pulled events: chained into the audit trail
        for case_id in {e.case_id for e in fresh}:
            st.reproject(s, dst.calendar, case_id, dst.today())
    return len(fresh)
