"""The material names a case's events may list: the server's judge refuses any other, so the PC must too.

The judge checks a 一次性告知, a 退回补正 or a 材料补齐 against every catalog version of the case's item
(``judge.check_materials``). The case page offers only the registration's checklist, but ``act
--field missing=…`` took any text: the PC showed the return and the server rejected it at sync, so the
village never saw it. The same check runs here, against the same union the judge builds, from the catalog
this PC holds (the seed and every version sync brought) and the registration itself.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.judge import MATERIAL_LISTS, Refusal, check_materials
from villagedesk.domain.lifecycle import EventType


def checklist(session: Session, item_code: str, registration: Event | None) -> frozenset[str]:
    """Every name a case of ``item_code`` may list: the item's (or a bundle's members') materials over all
    catalog versions on this PC, and the names its registration carried."""
    codes = {item_code}
    bundle = session.get(m.ItemBundle, item_code)
    if bundle is not None:
        codes.update(c for c in bundle.item_codes if isinstance(c, str))
    rows = session.scalars(
        select(m.MaterialRequirement.name)
        .join(m.ServiceItem, m.ServiceItem.id == m.MaterialRequirement.item_id)
        .where(m.ServiceItem.code.in_(codes))
    ).all()
    names = set(rows) | {name.strip() for name in rows}  # the judge keeps both (``Checklists.add``)
    if registration is not None and registration.type is EventType.CASE_REGISTERED:
        for mat in registration.payload.get("materials") or ():
            if isinstance(mat, dict) and isinstance(mat.get("name"), str):
                names.add(mat["name"])
    return frozenset(names)


def check(session: Session, row: m.Case, events: list[Event], event: EventType, payload: dict) -> None:
    """Raise ValidationError (on the list's field, naming the checklist) when ``payload`` lists a material
    the server's judge would refuse; nothing for events that list none."""
    field = MATERIAL_LISTS.get(event)
    if field is None or not payload.get(field):
        return
    registration = next((e for e in events if e.type is EventType.CASE_REGISTERED), None)
    allowed = checklist(session, row.item_code, registration)
    try:
        check_materials(event, payload, allowed)
    except Refusal as exc:
        choices = "、".join(sorted(allowed)) or "无"
        raise ValidationError(field, f"{exc.message}; 可选的材料: {choices}") from None
