"""The town clerk's view: the inbox of cases the town's villages submitted, and the per-village overview.

The clerk's local database holds exactly the town's partitions (sync scope), so both read the cases table;
the village filter still narrows to the clerk's own town so a mis-set filter cannot show anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import defer

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import CASE_STATES, STATE_LABELS, State
from villagedesk.domain.promise import is_overdue
from villagedesk.services import catalog, queries
from villagedesk.services.desk import Desk

# Not yet decided: the town accepts, returns, refuses or decides them (a forwarded one: or the city does).
TOWN_TO_HANDLE = (State.SUBMITTED, State.ACCEPTED, State.FORWARDED, State.IN_PROCEDURE)
# Decided (准予 / 不予, by the town or the city): the town still makes the result ready (结果待领取).
TOWN_TO_ISSUE = (State.APPROVED, State.DENIED)
# The inbox's stages: all the town still has to act on (the default), and each of the two parts. One list
# named 待镇中心办理 held the decided cases too, so "to handle" showed cases already decided 不予.
STAGES: dict[str, tuple[State, ...]] = {
    "": TOWN_TO_HANDLE + TOWN_TO_ISSUE,
    "handle": TOWN_TO_HANDLE,
    "issue": TOWN_TO_ISSUE,
}
TOWN_OPEN = STAGES[""]
INBOX_LIMIT = 2000


@dataclass(frozen=True)
class InboxFilter:
    village: str = ""  # one village of the town, or "" for all
    item: str = ""  # an item code, or "" for all
    state: str = ""  # one state, or "" for the cases of ``stage``
    stage: str = ""  # a key of STAGES: "" all the town still has to act on, "handle", "issue"


@dataclass(frozen=True)
class InboxRow:
    row: queries.CaseRow
    item_code: str
    submitted_on: date | None
    overdue: bool


@dataclass
class VillageSummary:
    code: str
    name: str
    by_state: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    late_submission: int = 0  # town/city cases not submitted within 3 working days of registration

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def _town(desk: Desk) -> str:
    code = desk.identity.region_code
    return code[:9] + "000"


def _in_town(town: str, village: str) -> bool:
    return village[:9] == town[:9] and not village.endswith("000")


def _check(f: InboxFilter, town: str) -> None:
    if f.village and (len(f.village) != 12 or not f.village.isdigit() or not _in_town(town, f.village)):
        raise ValidationError("village", "只能查看本镇所辖村的办件")
    if f.state and f.state not in {s.value for s in CASE_STATES}:
        raise ValidationError("state", f"未知的办件状态 {f.state!r}")
    if f.stage not in STAGES:
        raise ValidationError("stage", f"未知的办理阶段 {f.stage!r}")


def inbox(desk: Desk, f: InboxFilter | None = None) -> list[InboxRow]:
    """Cases submitted to the town: overdue first, then the oldest submission first."""
    f = f or InboxFilter()
    town = _town(desk)
    _check(f, town)
    c = m.Case
    query = select(c).options(defer(c.view)).where(c.submitted_on.is_not(None), c.final_level != "village")
    query = query.where(c.village_code >= town[:9], c.village_code < town[:9] + "999z")
    if f.village:
        query = query.where(c.village_code == f.village)
    if f.item:
        query = query.where(c.item_code == f.item)
    states = [f.state] if f.state else [s.value for s in STAGES[f.stage]]
    query = query.where(c.status.in_(states))
    overdue = st.overdue_clause(desk.today())
    query = query.order_by(case((overdue, 0), else_=1), c.submitted_on, c.case_no).limit(INBOX_LIMIT)
    with desk.store.read() as s:
        found = s.execute(query.with_only_columns(c.id, c.submitted_on, c.item_code)).all()
    rows = {r.id: r for r in queries.rows_by_ids(desk, [f[0] for f in found])}
    out = [
        InboxRow(rows[cid], item, submitted, rows[cid].light == "red") for cid, submitted, item in found if cid in rows
    ]
    return out


def inbox_items(desk: Desk) -> list[tuple[str, str]]:
    """(code, name) of every item the town's cases use, for the item filter."""
    town = _town(desk)
    c = m.Case
    with desk.store.read() as s:
        rows = s.execute(
            select(c.item_code, c.title)
            .where(c.village_code >= town[:9], c.village_code < town[:9] + "999z", c.final_level != "village")
            .distinct()
            .order_by(c.item_code)
        ).all()
    seen: dict[str, str] = {}
    for code, title in rows:
        seen.setdefault(code, title)
    return list(seen.items())


def villages(desk: Desk) -> list[tuple[str, str]]:
    """The town's villages: from the region list, plus any village that has cases here."""
    town = _town(desk)
    codes = {r.code: r.name for r in catalog.regions(desk, parent=town) if _in_town(town, r.code)}
    with desk.store.read() as s:
        for code in s.scalars(select(m.Case.village_code).distinct()):
            if _in_town(town, code):
                codes.setdefault(code, code)
    names = {code: (name if name != code else catalog.region_name(desk, code)) for code, name in codes.items()}
    return sorted(names.items())


def overview(desk: Desk) -> list[VillageSummary]:
    """Per village: cases by state, overdue cases, and cases not submitted within 3 working days."""
    town = _town(desk)
    today = desk.today()
    cal = desk.calendar
    summaries = {code: VillageSummary(code, name) for code, name in villages(desk)}
    deadlines: dict[date, date] = {}  # many cases share a registration day
    c = m.Case
    cols = (c.village_code, c.status, c.due_on, c.final_level, c.registered_on, c.submitted_on)
    with desk.store.read() as s:
        rows = s.execute(select(*cols).where(c.village_code >= town[:9], c.village_code < town[:9] + "999z")).all()
    for village, status, due_on, level, registered_on, submitted_on in rows:
        if State(status) not in CASE_STATES or village not in summaries:
            continue
        summ = summaries[village]
        summ.by_state[status] = summ.by_state.get(status, 0) + 1
        if is_overdue(status, due_on, today):  # the one 逾期 (domain.promise)
            summ.overdue += 1
        if level != "village" and status != State.WITHDRAWN.value:
            deadline = deadlines.get(registered_on) or deadlines.setdefault(
                registered_on, st.submit_deadline(cal, registered_on)
            )
            if (submitted_on or today) > deadline:
                summ.late_submission += 1
    return list(summaries.values())


def state_label(value: str) -> str:
    return STATE_LABELS[State(value)]
