"""The city clerk's view (市级审批服务中心): the inbox of city-level cases the towns forwarded, across
every town of the city, overdue first; the per-town and per-village overview; the city's share of a
case's promised time.

A city clerk's database holds every village of the city (sync scope): these read the cases table,
narrowed to the clerk's own city so a mis-set filter cannot show anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import AT_CITY, CASE_STATES, STATE_LABELS, State
from villagedesk.services import catalog, queries
from villagedesk.services.desk import Desk

INBOX_LIMIT = 200  # the first page: the rest are counted (``inbox_page``), not built as rows


@dataclass(frozen=True)
class InboxFilter:
    town: str = ""  # one town of the city (12 digits, ends in 000), or "" for all
    state: str = ""  # one state, or "" for what the city still has to act on (转报待受理, 市级已受理)


@dataclass(frozen=True)
class InboxRow:
    row: queries.CaseRow
    town: str
    overdue: bool


@dataclass
class Summary:
    """One town's (or village's) city-level cases: by state, waiting for the city, overdue."""

    code: str
    name: str
    by_state: dict[str, int] = field(default_factory=dict)
    at_city: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


# The overview's columns always shown: where a city-level case stands at the city and after it.
OVERVIEW_STATES = (State.FORWARDED, State.CITY_ACCEPTED, State.APPROVED, State.DENIED, State.REFUSED, State.RETURNED)


def overview_columns(summaries: list[Summary]) -> list[State]:
    """The overview's state columns: the usual ones, and every other state a counted case is in (待送达,
    已登记 …), in the one vocabulary's order (``STATE_LABELS``), so the columns add up to 合计."""
    present = {State(k) for s in summaries for k, n in s.by_state.items() if n}
    return [x for x in STATE_LABELS if x in OVERVIEW_STATES or x in present]


def _city(desk: Desk) -> str:
    return desk.identity.region_code[:6]


def _check(f: InboxFilter, city: str) -> None:
    town = f.town
    if town and not (len(town) == 12 and town.isdigit() and town.endswith("000") and town[:6] == city):
        raise ValidationError("town", "只能查看本市所辖乡镇的办件")
    if f.state and f.state not in {s.value for s in CASE_STATES}:
        raise ValidationError("state", f"未知的办件状态 {f.state!r}")


def _in_city(city: str):
    c = m.Case
    return and_(c.village_code >= city + "000001", c.village_code <= city + "999999", c.final_level == "city")


@dataclass(frozen=True)
class InboxPage:
    """The inbox's first rows and what the whole of it holds (the count the page shows)."""

    rows: list[InboxRow]
    total: int
    overdue: int
    villages: dict[str, str] = field(default_factory=dict)  # code → name of the villages of ``rows``


def _inbox_where(desk: Desk, f: InboxFilter):
    """The inbox's conditions, all on columns of ``ix_cases_city`` (read from the index alone) but for
    the level of the few cases in a special procedure, when those are asked for."""
    city = _city(desk)
    _check(f, city)
    c = m.Case
    where = [_in_city(city), c.status.in_([f.state] if f.state else [s.value for s in AT_CITY])]
    if f.state == State.IN_PROCEDURE.value:  # the city's own 特别程序, not a town's before 转报
        where.append(c.level == "city")
    if f.town:
        where += [c.village_code >= f.town[:9] + "001", c.village_code <= f.town[:9] + "999"]
    return and_(*where), st.overdue_clause(desk.today())


def inbox(desk: Desk, f: InboxFilter | None = None) -> list[InboxRow]:
    """City-level cases forwarded to the city: overdue first, then the earliest due, then by number
    (the first ``INBOX_LIMIT``)."""
    where, overdue = _inbox_where(desk, f or InboxFilter())
    c = m.Case
    query = select(c.id).where(where).order_by(case((overdue, 0), else_=1), c.due_on, c.case_no)
    with desk.store.read() as s:
        found = list(s.scalars(query.limit(INBOX_LIMIT)))
    rows = {r.id: r for r in queries.rows_by_ids(desk, found)}
    return [InboxRow(rows[i], rows[i].village_code[:9] + "000", rows[i].light == "red") for i in found if i in rows]


def inbox_page(desk: Desk, f: InboxFilter | None = None) -> InboxPage:
    """The inbox's first rows, with how many cases it holds in all and how many are overdue."""
    f = f or InboxFilter()
    where, overdue = _inbox_where(desk, f)
    with desk.store.read() as s:
        total, late = s.execute(select(func.count(), func.sum(case((overdue, 1), else_=0))).where(where)).one()
    rows = inbox(desk, f)
    codes = sorted({r.row.village_code for r in rows})
    with desk.store.read() as s:  # the 村 column shows names, as the town's inbox does
        named = dict(s.execute(select(m.Region.code, m.Region.name).where(m.Region.code.in_(codes))).all())
    return InboxPage(rows, int(total or 0), int(late or 0), {code: named.get(code, code) for code in codes})


def towns(desk: Desk) -> list[tuple[str, str]]:
    """(code, name) of the city's towns: from the region list, plus any town that has cases here."""
    city = _city(desk)
    codes = {r.code: r.name for r in catalog.regions(desk) if r.level in ("town", "street") and r.code[:6] == city}
    with desk.store.read() as s:
        for village in s.scalars(select(m.Case.village_code).where(_in_city(city)).distinct()):
            codes.setdefault(village[:9] + "000", village[:9] + "000")
    return sorted(codes.items())


def overview(desk: Desk, town: str = "") -> list[Summary]:
    """Per town of the city (or, given a town, per village of it): its city-level cases."""
    city = _city(desk)
    _check(InboxFilter(town=town), city)
    c = m.Case
    # Counted by the database (a city holds hundreds of thousands of cases): per town (its 9-digit
    # prefix) or per village, per state, with the overdue ones among them.
    key = c.village_code if town else func.substr(c.village_code, 1, 9)
    overdue = st.overdue_clause(desk.today())
    query = select(key, c.status, func.count(), func.sum(case((overdue, 1), else_=0))).where(_in_city(city))
    if town:
        query = query.where(c.village_code >= town[:9] + "001", c.village_code <= town[:9] + "999")
    with desk.store.read() as s:
        rows = s.execute(query.group_by(key, c.status)).all()
        codes = {code if town else code + "000" for code, *_ in rows}
        names = dict(s.execute(select(m.Region.code, m.Region.name).where(m.Region.code.in_(codes))).all())
    out: dict[str, Summary] = {}
    for code, status, count, late in rows:
        code = code if town else code + "000"
        summ = out.get(code) or out.setdefault(code, Summary(code, names.get(code, code)))
        summ.by_state[status] = count
        summ.at_city += count if State(status) in AT_CITY else 0
        summ.overdue += int(late or 0)
    return sorted(out.values(), key=lambda x: x.code)


def city_share(desk: Desk, case_id: str) -> int | None:
    """Working days a city-level case has spent at the city: from its (last) forwarding to the decision,
    or to today while the city has it; None when it never went to the city. The promised clock itself
    runs on across the levels (counted from the town's acceptance); this is the city's part of it."""
    with desk.store.read() as s:
        row = s.get(m.Case, case_id)
        if row is None or row.final_level != "city":
            return None
        since, decided_on, status = (row.view or {}).get("forwarded_on"), row.decided_on, State(row.status)
    if not since or (decided_on is None and status not in AT_CITY):  # returned: back below the city
        return None
    return desk.calendar.working_days_between(date.fromisoformat(since), decided_on or desk.today())


def share_text(desk: Desk, case_id: str) -> str:
    """「市级用时 N 个工作日」 for the case page and ``show``, or "" when the city never had it."""
    days = city_share(desk, case_id)
    return "" if days is None else f"其中市级用时 {days} 个工作日"
