"""Listing, filtering and searching cases; case detail. Plain data out, ID numbers masked in lists."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import Select, String, and_, cast, func, literal_column, or_, select
from sqlalchemy.orm import Session, defer

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import custody
from villagedesk.domain.bundle_members import MemberState, member_states
from villagedesk.domain.case_numbers import CASE_NO, normalise
from villagedesk.domain.catalog import case_title
from villagedesk.domain.deadlines import submit_light, traffic_light
from villagedesk.domain.errors import CaseNotFound, ValidationError
from villagedesk.domain.lifecycle import EVENT_LABELS, STATE_LABELS, EventType, State
from villagedesk.domain.mandate import Mandate
from villagedesk.domain.promise import awaiting_town, clock_running, promise_pending, promised_text
from villagedesk.domain.validators import DOT_VARIANTS, MIDDLE_DOT, mask_id
from villagedesk.services import audit, mandates, public_link
from villagedesk.services.desk import Desk
from villagedesk.services.public_link import PublicLink

MAX_QUERY = 64
ROWID = literal_column("cases.rowid")  # the local store is SQLite: rowid is the cheapest row handle


@dataclass
class CaseFilter:
    statuses: list[str] = field(default_factory=list)
    village: str | None = None  # a village code, or a town (city) code for all its villages
    category: str | None = None
    overdue: bool = False
    conflict: bool = False
    registered_from: date | None = None
    registered_to: date | None = None
    search: str = ""


@dataclass(frozen=True)
class CaseRow:
    id: str
    case_no: str
    title: str
    category: str
    applicant_name: str
    id_masked: str
    village_code: str
    status: str
    status_label: str
    registered_on: date
    due_on: date | None
    light: str  # green | yellow | red | "" (clock stopped)
    conflict: bool
    provisional: bool = False  # the due date rests on a year whose holidays nobody has confirmed
    # the promise as people read it (domain.promise.promised_text): "2026年12月18日", "预计 2027年1月28日，
    # 以镇中心公布的节假日安排为准", or 材料补齐之日起计算 while the materials are incomplete
    due_text: str = ""
    # the day is counted from registration until the town accepts (domain.promise.awaiting_town): 预计
    estimate: bool = False
    submit_light: str = ""  # the village's 3-working-day 报送 deadline while not yet carried to the town

    def to_json(self) -> dict:
        data = asdict(self)
        data["registered_on"] = self.registered_on.isoformat()
        data["due_on"] = self.due_on.isoformat() if self.due_on else None
        return data


def search_kind(text: str) -> str:
    """How the search reads what was typed: ``case_no`` (a case number or its start), ``id_tail`` (the
    last digits of an ID number, or a case number's last part), ``pinyin`` (a name's initials), ``code``
    (a case number's last part with letters), ``name``; "" for nothing typed. The list says by it what
    to type when nothing is found (an ID number is found by its end only, never by digits in the middle)."""
    text = "".join(text.split())
    upper = normalise(text)
    if not text:
        return ""
    if CASE_NO.match(upper) or (len(upper) >= 8 and "-" in upper):
        return "case_no"
    if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "xX"):
        return "id_tail"
    if text.isascii() and text.isalpha():
        return "pinyin"
    if text.isascii() and text.isalnum():
        return "code"
    return "name"


def _search_condition(text: str):
    """Turn what the agent typed into a search-term lookup (see domain.search_terms)."""
    text = "".join(text.split())
    if len(text) > MAX_QUERY:
        raise ValidationError("search", f"搜索内容过长(最多{MAX_QUERY}字)")
    t = m.SearchTerm
    upper = normalise(text)
    kind = search_kind(text)
    if kind == "case_no":
        return _prefix(t.term, f"c:{upper}")
    if kind == "id_tail":
        if len(text) < 4:
            raise ValidationError("search", "按身份证号查找请至少输入末4位")
        by_id = _prefix(t.term, f"r:{text.upper()[::-1]}")
        # a case number's last part read out (…-22002) is all digits too when the PC's tag is (1 in 10)
        return or_(by_id, _prefix(t.term, f"s:{upper}")) if text.isdigit() else by_id
    if kind == "pinyin":
        return _prefix(t.term, f"p:{text.lower()}")
    if kind == "code":
        return _prefix(t.term, f"s:{upper}")
    chars = [c for c in text if c not in DOT_VARIANTS]
    if len(chars) <= 2:
        return t.term == f"n:{''.join(chars)}"
    grams = {a + b for a, b in itertools.pairwise(chars)}
    return grams, "".join(chars)  # every key must match, and the name must contain the whole query


def _prefix(column, prefix: str):
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def _matching_ids(text: str) -> Select:
    cond = _search_condition(text)
    t = m.SearchTerm
    if isinstance(cond, tuple):
        grams, whole = cond
        keys = [f"n:{g}" for g in grams]
        candidates = select(t.case_id).where(t.term.in_(keys)).group_by(t.case_id).having(func.count() == len(keys))
        # the bigrams can all occur apart (三丰张三 for 张三丰): keep names that hold the query contiguously
        bare = func.replace(func.replace(m.Case.applicant_name, MIDDLE_DOT, ""), " ", "")
        return select(m.Case.id).where(m.Case.id.in_(candidates), func.instr(bare, whole) > 0)
    return select(t.case_id).where(cond).distinct()


def _filtered(f: CaseFilter, today: date, page: bool = False) -> Select:
    """The filter as a query; ``page`` shapes it for reading newest-first pages rather than counting."""
    c = m.Case
    query = select(c)
    if f.statuses:
        for status in f.statuses:
            if status not in State.__members__.values():
                raise ValidationError("status", f"未知的办件状态 {status!r}, 可选: {', '.join(State)}")
        query = query.where(c.status.in_(f.statuses))
    if f.village:
        if f.village.endswith("000000"):  # a city: every village of its towns (the city clerk's DB)
            query = query.where(c.village_code >= f.village[:6], c.village_code < f.village[:6] + "999999z")
        elif f.village.endswith("000") and page:
            # A town's page: not an index range (a town is most of a clerk's DB, sorting it all is slow);
            # the list index carries village_code, so the newest-first scan stops after one page.
            query = query.where(func.substr(c.village_code, 1, 9) == f.village[:9])
        elif f.village.endswith("000"):
            query = query.where(c.village_code >= f.village[:9], c.village_code < f.village[:9] + "999z")
        else:
            query = query.where(c.village_code == f.village)
    if f.category:
        query = query.where(c.category == f.category)
    if f.overdue:
        query = query.where(st.overdue_clause(today))  # the one 逾期 (domain.promise)
    if f.conflict:
        query = query.where(c.conflict.is_(True))
    if f.registered_from:
        query = query.where(c.registered_on >= f.registered_from)
    if f.registered_to:
        query = query.where(c.registered_on <= f.registered_to)
    if f.search.strip():
        query = query.where(c.id.in_(_matching_ids(f.search)))
    return query


def _row(desk: Desk, r: m.Case, today: date) -> CaseRow:
    light = ""
    if r.due_on and clock_running(r.status):  # red exactly when domain.promise.is_overdue
        light = traffic_light(desk.calendar, r.due_on, today).value
    provisional = desk.calendar.provisional(r.registered_on, r.due_on)
    estimate = awaiting_town(r.status, village_direct=r.final_level == "village", accepted_on=r.accepted_on)
    submit = ""
    if awaiting_submission(r):
        submit = submit_light(desk.calendar, r.registered_on, today).value
    return CaseRow(
        id=r.id,
        case_no=r.case_no,
        title=r.title,
        category=r.category,
        applicant_name=r.applicant_name,
        id_masked=r.id_masked,
        village_code=r.village_code,
        status=r.status,
        status_label=STATE_LABELS[State(r.status)],
        registered_on=r.registered_on,
        due_on=r.due_on,
        light=light,
        conflict=r.conflict,
        provisional=provisional,
        due_text=promised_text(r.due_on, provisional=provisional, pending=promise_pending(r.status), estimate=estimate),
        estimate=estimate,
        submit_light=submit,
    )


PRE_SUBMISSION = (State.REGISTERED.value, State.AWAITING_MATERIALS.value)


def awaiting_submission(r: m.Case) -> bool:
    """Still in the village and owed to the town: the 报送 clock runs."""
    return bool(r.open and r.final_level != "village" and r.submitted_on is None and r.status in PRE_SUBMISSION)


@dataclass(frozen=True)
class CaseOrder:
    """The case list's order: one sortable column, newest first by default. Ties fall back to the
    case number (unique), so every window of the same list is cut from one total order."""

    column: str = "registered_on"
    descending: bool = True


SORTABLE = ("case_no", "title", "applicant_name", "status", "registered_on", "due_on")
DEFAULT_ORDER = CaseOrder()


def _order_by(order: CaseOrder) -> tuple:
    c = m.Case
    if order.column not in SORTABLE:
        raise ValidationError("order", f"不能按此列排序: {order.column!r}")
    if order == DEFAULT_ORDER:
        return (c.registered_on.desc(), c.case_no.desc())  # the list indexes end in this order
    column = getattr(c, order.column)
    first = column.desc() if order.descending else column.asc()
    if order.column == "due_on":
        first = first.nulls_last()  # no due date ("—") sorts after every date, either way
    tie = c.case_no.desc() if order.descending else c.case_no.asc()
    return (first,) if order.column == "case_no" else (first, tie)


def list_cases(
    desk: Desk, f: CaseFilter | None = None, limit: int = 200, offset: int = 0, order: CaseOrder = DEFAULT_ORDER
) -> list[CaseRow]:
    """One window of the list in ``order`` (newest first by default); ``limit``/``offset`` page through
    large lists, so no caller ever needs every id to show a screen."""
    today = desk.today()
    by = _order_by(order)
    # Find the page in an index first (row ids only), then read just those rows: sorting whole rows,
    # view JSON included, is what made large lists slow.
    page = (
        _filtered(f or CaseFilter(), today, page=True)
        .with_only_columns(ROWID.label("r"), maintain_column_froms=True)
        .order_by(*by)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    query = select(m.Case).options(defer(m.Case.view)).join(page, page.c.r == ROWID).order_by(*by)
    with desk.store.read() as s:
        return [_row(desk, r, today) for r in s.scalars(query)]


def head_and_count(
    desk: Desk, f: CaseFilter, limit: int = 200, order: CaseOrder = DEFAULT_ORDER
) -> tuple[list[CaseRow], int]:
    """The first window and the number of matching cases, in one trip to a worker thread: what the
    case list needs to open (the rest is fetched window by window as it scrolls)."""
    head = list_cases(desk, f, limit, 0, order)
    total = len(head) if len(head) < limit else count_cases(desk, f)
    return head, total


def count_cases(desk: Desk, f: CaseFilter | None = None) -> int:
    f = f or CaseFilter()
    with desk.store.read() as s:
        if f.search.strip() and f == CaseFilter(search=f.search):
            # Search alone: count the search keys (every key belongs to a stored case).
            return s.scalar(select(func.count()).select_from(_matching_ids(f.search).subquery())) or 0
        query = _filtered(f, desk.today()).with_only_columns(func.count(), maintain_column_froms=True)
        return s.scalar(query) or 0


def case_ids(desk: Desk, f: CaseFilter | None = None) -> list[str]:
    """All matching ids in list order, for exports and checks; the case list never reads them all
    (it counts, then fetches windows with ``list_cases``)."""
    query = _filtered(f or CaseFilter(), desk.today()).with_only_columns(m.Case.id)
    query = query.order_by(m.Case.registered_on.desc(), m.Case.case_no.desc())
    with desk.store.read() as s:
        return list(s.scalars(query))


def rows_by_ids(desk: Desk, ids: list[str]) -> list[CaseRow]:
    today = desk.today()
    with desk.store.read() as s:
        found = {r.id: r for r in s.scalars(select(m.Case).options(defer(m.Case.view)).where(m.Case.id.in_(ids)))}
    return [_row(desk, found[i], today) for i in ids if i in found]


def find_case(session: Session, key: str) -> m.Case:
    """A case by id or by case number (as typed or read out: spaces, O/0 and I/1 forgiven)."""
    row = session.get(m.Case, key)
    if row is None:
        row = session.scalars(select(m.Case).where(m.Case.case_no == normalise(key))).first()
    if row is None:
        raise CaseNotFound(f"找不到办件 {key}(编号有误, 或不在本机的范围内)")
    return row


@dataclass
class TimelineEntry:
    id: str
    type: str
    label: str
    at: str
    hlc: str
    author: str
    role: str
    payload: dict
    synced: bool
    edited: bool = False  # the row differs from what the app wrote (audit chain): not to be believed
    rejected: str = ""  # the server's reason when it refused the event: it will never sync, not "待同步"


@dataclass
class CaseDetail:
    row: CaseRow
    view: dict
    applicant: dict
    timeline: list[TimelineEntry]
    registered: dict
    submit_by: date | None
    link: PublicLink | None = None  # the receipt's check code and query URL (services/public_link.py)
    mandate: Mandate | None = None  # the 委托书 in force (a renewal recorded later, else the registration's)
    custody: dict[str, str] = field(default_factory=dict)  # material → who holds the original now
    agent: str = ""  # the 代办员 answering for the case now (domain.answering), printed on receipts
    events_deleted: bool = False  # an event row of it was deleted behind the app's back (audit chain)
    members: list[MemberState] = field(default_factory=list)  # 多证联办: each member's state and level


def _member_levels(s, registered: dict) -> dict[str, str]:
    """Item code → final_level of a bundle's members in this PC's catalog: the version registered, else
    the newest this PC holds (a member missing from the catalog is left out: 层级未知)."""
    out: dict[str, str] = {}
    items = registered.get("items") if registered.get("bundle_code") else None
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            continue
        si = m.ServiceItem
        query = select(si.final_level).where(si.code == item["code"])
        version = item.get("version")
        level = s.scalar(query.where(si.version == version)) if isinstance(version, int) else None
        level = level or s.scalar(query.order_by(si.version.desc()).limit(1))
        if level:
            out[item["code"]] = level
    return out


def _handovers_after(s, last) -> list:
    """This PC's confirmed handovers after the event ``last``, in the order of its audit chain (the same
    rule the town's public page reads from the trail it holds: ``domain.answering``)."""
    from villagedesk.domain.answering import read_handover

    chain = m.AuditChainEntry
    at = s.scalar(select(func.min(chain.seq)).where(chain.kind == "event", chain.ref == last.id))
    if at is None:
        return []
    rows = s.execute(
        select(m.AuditEntry.detail)
        .join(chain, (chain.kind == "audit") & (chain.ref == cast(m.AuditEntry.id, String)))
        .where(m.AuditEntry.action == "handover", chain.seq > at)
        .order_by(chain.seq)
    )
    return [read_handover(detail) for (detail,) in rows]


def _catalog_named(desk: Desk, registered: dict) -> dict:
    """The registration as the case page and its prints read it: its title and its items' names the
    catalog's (``catalog.case_title``), not the registering device's text; the event itself is untouched."""
    items = [i for i in registered.get("items") or [] if isinstance(i, dict)]
    if not registered:
        return registered
    with desk.store.read() as s:
        names = st.catalog_names(s, [registered.get("item_code"), *(i.get("code") for i in items)])
    named = [{**i, "name": case_title(i.get("code"), i.get("name", ""), names)} for i in items]
    return {**registered, "title": case_title(registered.get("item_code"), registered.get("title", ""), names),
            "items": named}  # fmt: skip


def _answering(s, desk: Desk, events: list, last, registered: dict) -> str:
    """The 代办员 a reprinted receipt names: after a step of this PC, its author followed through this
    PC's handovers since (``domain.answering``); after another PC's step (a case from the old PC), the
    registering person as this PC knows them (the same name), followed through the handovers confirmed
    here since the case came; the registering agent's name only when this PC knows nobody of that name."""
    from villagedesk.domain.answering import SERVICE_POINT, answering_agent, answers_now
    from villagedesk.services import answering_here as here

    fallback = str(registered.get("agent_name", ""))
    if last is None:
        return fallback
    roster = here.people(s)
    if last.device == desk.identity.device_id:
        return answering_agent(last, roster, _handovers_after(s, last)) or fallback
    reg = next((e for e in events if e.type is EventType.CASE_REGISTERED), None)
    start = here.registrar(roster, reg.author, fallback) if reg is not None else None
    if start is None:  # another PC's accounts are not known here: its step names the registering agent
        return fallback
    came = here.arrivals(s, [reg.id]).get(reg.id, 0)
    now = answers_now(start, roster, [h for seq, h in here.handovers(s) if seq > came])
    if now is not None and now.name and now.active:
        return now.name
    on_duty = [p for p in roster.values() if p.active and p.name]
    return on_duty[0].name if len(on_duty) == 1 else SERVICE_POINT


def _person_of(applicant: dict, row: m.Case, reveal_id: bool) -> dict:
    """Who the case is for, read from the case's own registration, as the case list, the public page and
    the search keys are: a person row shared by an ID number could name someone else (#13)."""
    number = str(applicant.get("id_number", ""))
    return {
        "name": str(applicant.get("name") or row.applicant_name),
        "id_number": number if reveal_id else mask_id(number),
        "phone": str(applicant.get("phone", "")),
        "address": str(applicant.get("address", "")),
        "group": str(applicant.get("group", "")),
    }


def detail(desk: Desk, key: str, reveal_id: bool = False, record_view: bool = True) -> CaseDetail:
    """Everything about one case. The full ID number only with ``reveal_id`` (authorised detail view),
    and then recorded in the audit trail as viewed, unless the caller records the use itself
    (``record_view=False``: the print dialog records the mandate when it is printed)."""
    from villagedesk.domain.answering import last_agent_step
    from villagedesk.domain.projection import causal_order

    today = desk.today()
    with desk.store.read() as s:
        row = find_case(s, key)
        events = st.case_events(s, row.id)
        outbox = s.execute(
            select(m.OutboxEntry.event_id, m.OutboxEntry.status, m.OutboxEntry.reason).where(
                m.OutboxEntry.event_id.in_([e.id for e in events])
            )
        ).all()
        unsynced = {eid for eid, _status, _reason in outbox}
        refused = {eid: reason or "服务器拒收" for eid, status, reason in outbox if status == "rejected"}
        case_row = _row(desk, row, today)
        view = dict(row.view)
        link = public_link.link_for(s, row.id, row.case_no)
        edited = audit.edited_events(s, row.id)
        deleted = audit.events_deleted(s, row.id)
        last = last_agent_step(causal_order(events))
        registered = next((e.payload for e in events if e.type is EventType.CASE_REGISTERED), {})
        agent = _answering(s, desk, events, last, registered)
        levels = _member_levels(s, registered)

    registered = _catalog_named(desk, registered)
    timeline = [
        TimelineEntry(
            e.id,
            e.type.value,
            EVENT_LABELS[e.type],
            str(e.payload.get("at", "")),
            e.hlc,
            e.author,
            e.role.value,
            _masked_payload(e.payload, reveal_id),
            e.id not in unsynced,
            e.id in edited,
            refused.get(e.id, ""),
        )
        for e in causal_order(events)
    ]
    person = _person_of(registered.get("applicant") or {}, row, reveal_id)
    submit_by = None if row.final_level == "village" else st.submit_deadline(desk.calendar, row.registered_on)
    if reveal_id and record_view and person["id_number"]:
        audit.record(desk, audit.VIEW_ID, f"{row.case_no} 完整身份证号")
    return CaseDetail(
        case_row,
        view,
        person,
        timeline,
        _masked_payload(registered, reveal_id),
        submit_by,
        link,
        _mandate(events),
        custody.holders(events),
        agent,
        deleted,
        member_states(registered, row.status, levels),
    )


def _mandate(events: list) -> Mandate | None:
    """The 委托书 in force; a record the judge would refuse (never written by this app) shows as none."""
    try:
        return mandates.current_of(events)
    except ValidationError:
        return None


def _masked_payload(payload: dict, reveal: bool) -> dict:
    if reveal or "applicant" not in payload:
        return payload
    data = json.loads(json.dumps(payload))
    data["applicant"]["id_number"] = mask_id(data["applicant"].get("id_number", ""))
    return data


def case_status(desk: Desk, case_ids: Iterable[str]) -> dict[str, str]:
    """Per case: "rejected" if any event was refused, else "waiting" if any is unsent, else "synced".

    Here, not in ``sync.engine``, so the case list shows sync states without importing the sync client
    (its transport, attachments and quarantine) on the window's start path."""
    ids = list(case_ids)
    out = dict.fromkeys(ids, "synced")
    with desk.store.read() as s:
        for i in range(0, len(ids), 500):
            rows = s.execute(
                select(m.EventRow.case_id, m.OutboxEntry.status)
                .join(m.OutboxEntry, m.OutboxEntry.event_id == m.EventRow.id)
                .where(m.EventRow.case_id.in_(ids[i : i + 500]))
            )
            for cid, status in rows:
                if status == "rejected" or out[cid] != "rejected":
                    out[cid] = "rejected" if status == "rejected" else "waiting"
    return out
