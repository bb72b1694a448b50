"""The local store: sessions, settings, the event log with its outbox, and case projections.

Every write happens in one ``write()`` transaction (``BEGIN IMMEDIATE``): an event, its outbox entry,
the clock it advanced and the projection it changed commit together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import JSON, Engine, Table, and_, delete, insert, or_, select, text
from sqlalchemy.orm import Session, sessionmaker

from villagedesk.db import audit_chain
from villagedesk.db import models as m
from villagedesk.db.engine import open_database
from villagedesk.domain import jsonfast, promise
from villagedesk.domain.catalog import case_title
from villagedesk.domain.deadlines import Interval, LimitUnit, WorkCalendar
from villagedesk.domain.events import Event, canonical_json
from villagedesk.domain.lifecycle import PAUSED_STATES, STOPPED_STATES, EventType, Role, State
from villagedesk.domain.projection import CaseView, project, standing
from villagedesk.domain.promise import promised_due
from villagedesk.domain.search_terms import terms_for
from villagedesk.domain.validators import mask_id

CLOCK_REFUSAL = "%[clock]"  # the reason of a refusal for the stamp (``judge.CLOCK``): not a verdict on the step
SUBMIT_WINDOW_DAYS = 3  # a case should reach the town within 3 working days of registration


class Store:
    """Owns the engine and hands out sessions; a Session never crosses threads."""

    def __init__(self, engine: Engine, calendar: WorkCalendar | None = None) -> None:
        self.engine = engine
        self.calendar = calendar or WorkCalendar()
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(write=True), expire_on_commit=False)

    @classmethod
    def open(cls, path: Path, backups: Path | None = None) -> Store:
        return cls(open_database(path, backups))

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


# --- settings -------------------------------------------------------------------------------------


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(m.Setting, key)
    return row.value if row else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(m.Setting, key)
    if row:
        row.value = value
    else:
        session.add(m.Setting(key=key, value=value))


def next_counter(session: Session, key: str) -> int:
    value = int(get_setting(session, key, "0") or 0) + 1
    set_setting(session, key, str(value))
    return value


def last_case_seq(session: Session, key: str, case_prefix: str) -> int:
    """The last sequence this device used for a day: its counter, or a higher number already in ``cases``.

    Why both: after a restore onto a new PC the counter is the backup's, but sync brings back the cases
    this device registered after that backup; their numbers must never be issued again.
    """
    counter = int(get_setting(session, key, "0") or 0)
    upper = case_prefix + "\uffff"
    numbers = session.scalars(select(m.Case.case_no).where(m.Case.case_no > case_prefix, m.Case.case_no < upper))
    tails = [n[len(case_prefix) :] for n in numbers]
    return max([counter, *(int(t) for t in tails if t.isdigit())])


# --- events ---------------------------------------------------------------------------------------


def row_to_event(row: Any) -> Event:
    """An ORM row or a Core row of the events table.

    Rows were checked when they were written (``Event.from_dict`` on the way in), so only what could
    make a broken Event is checked again: the enums and the payload's shape. The full re-validation
    (UUID parsing above all) cost more than everything else in a sync push."""
    payload = jsonfast.loads(row.payload)
    if not isinstance(payload, dict):
        raise TypeError("payload must be an object")
    prev = row.prev
    return Event(
        row.id,
        row.case_id,
        EventType(row.type),
        payload,
        row.author,
        row.device,
        Role(row.role),
        row.partition,
        row.hlc,
        () if prev == "[]" else tuple(jsonfast.loads(prev)),
        row.schema_version,
        row.server_seq,
    )


def prev_json(prev: tuple[str, ...] | list[str]) -> str:
    """``json.dumps(list(prev))`` (the stored form, with its ", "), without the stdlib encoder's
    per-call cost: event ids are plain strings, written by orjson exactly as the stdlib writes them."""
    if not prev:
        return "[]"
    try:
        return "[" + ", ".join([orjson.dumps(p).decode() for p in prev]) + "]"
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(list(prev))


def event_values(e: Event, payload: str | None = None) -> dict:
    """The events row of ``e``; ``payload``: its canonical JSON when the caller has it already."""
    return {
        "id": e.id,
        "case_id": e.case_id,
        "type": e.type.value,
        "payload": canonical_json(e.payload) if payload is None else payload,
        "author": e.author,
        "device": e.device,
        "role": e.role.value,
        "partition": e.partition,
        "hlc": e.hlc,
        "prev": prev_json(e.prev),
        "schema_version": e.schema_version,
        "server_seq": e.server_seq,
    }


def bulk_insert(session: Session, table: Table, rows: list[dict], or_ignore: bool = False) -> None:
    """One DB-API ``executemany`` for rows that all carry every column they set.

    The ORM bulk path splits batches at every differently-NULL row and both ORM and Core spend most of
    a bulk load building parameters; this converts values with the columns' own bind processors, so
    what is stored is exactly what SQLAlchemy would store, at a fraction of the cost. JSON columns
    (a case's ``view``) are written compact and in UTF-8 by orjson instead of the stdlib's spaced,
    ``\\u``-escaped text: the same value for every reader (all load it with ``json.loads``), in half
    the bytes and a tenth of the time.
    """
    if not rows:
        return
    conn = session.connection()
    keys = list(rows[0])
    procs = [
        _json_text if isinstance(table.c[k].type, JSON) else table.c[k].type.bind_processor(conn.dialect) for k in keys
    ]
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {quote(table.name)} "
        f"({', '.join(quote(k) for k in keys)}) VALUES ({', '.join('?' * len(keys))})"
    )
    get = itemgetter(*keys) if len(keys) > 1 else (lambda r: (r[keys[0]],))
    converted = [(i, p) for i, p in enumerate(procs) if p]
    if converted:  # only the columns that have a processor (dates, booleans, JSON) are touched
        params = []
        for r in rows:
            values = list(get(r))
            for i, p in converted:
                values[i] = p(values[i])
            params.append(tuple(values))
    else:
        params = [get(r) for r in rows]
    conn.exec_driver_sql(sql, params)


def _json_text(value: Any) -> str:
    return jsonfast.dumps_bytes(value).decode("utf-8")


def insert_events(session: Session, events: Iterable[Event], payloads: dict[str, str] | None = None) -> None:
    """Bulk-insert event rows (see ``bulk_insert``), each chained into the audit trail (留痕).
    ``payloads``: event id → the payload's canonical JSON, where the caller encoded it already (a
    pulled page's screen does): each payload is encoded once."""
    known = payloads or {}
    rows = [event_values(e, known.get(e.id)) for e in events]
    bulk_insert(session, m.EventRow.__table__, rows)
    audit_chain.append_events(session, rows)


def append_local(session: Session, events: Iterable[Event]) -> None:
    """Store events authored here and queue them for the server, in the caller's transaction."""
    batch = list(events)
    if not batch:
        return
    insert_events(session, batch)
    session.execute(insert(m.OutboxEntry), [{"event_id": e.id, "status": "pending"} for e in batch])


def case_events(session: Session, case_id: str) -> list[Event]:
    rows = session.scalars(select(m.EventRow).where(m.EventRow.case_id == case_id).order_by(m.EventRow.local_seq))
    return [row_to_event(r) for r in rows]


def refused_ids(session: Session, case_ids: Iterable[str] | None = None) -> set[str]:
    """Ids of this PC's events the server refused for what they say (a refusal for a fast clock is not
    one: the event goes again with a new stamp). ``case_ids``: only those cases' events."""
    o, e = m.OutboxEntry, m.EventRow
    query = select(o.event_id).where(o.status == "rejected", or_(o.reason.is_(None), ~o.reason.like(CLOCK_REFUSAL)))
    if case_ids is None:
        return set(session.scalars(query))
    ids = list(case_ids)
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = query.join(e, e.id == o.event_id).where(e.case_id.in_(ids[i : i + 500]))
        out.update(session.scalars(chunk))
    return out


def standing_events(session: Session, case_id: str) -> list[Event]:
    """The case's events that drive its state (``projection.standing``): what every projection folds."""
    return standing(case_events(session, case_id), refused_ids(session, [case_id]))


def restore_refused(
    session: Session, calendar: WorkCalendar, today: date, event_ids: Iterable[str] | None = None
) -> int:
    """Re-project the cases holding refused events (those of ``event_ids``, else every refused event
    here) so they stand where the server has them; returns how many cases changed state or steps."""
    e = m.EventRow
    ids = refused_ids(session) if event_ids is None else set(event_ids)
    cases: set[str] = set()
    listed = sorted(ids)
    for i in range(0, len(listed), 500):
        cases.update(session.scalars(select(e.case_id).where(e.id.in_(listed[i : i + 500]))))
    changed = 0
    for case_id in sorted(cases):
        row = session.get(m.Case, case_id)
        before = (row.status, row.event_count, row.conflict) if row is not None else None
        view = reproject(session, calendar, case_id, today)
        if before is not None and view.state is not None:
            changed += before != (view.state.value, view.event_count, view.conflict)
    return changed


def case_last_hlc(session: Session, case_id: str, excluding: Iterable[str] = ()) -> str | None:
    """The latest stamp among the case's stored events (but ``excluding``): a new event is stamped after it."""
    query = select(m.EventRow.hlc).where(m.EventRow.case_id == case_id)
    skip = list(excluding)
    if skip:
        query = query.where(m.EventRow.id.not_in(skip))
    stamps = session.scalars(query).all()
    return max(stamps, key=lambda h: h[:19], default=None)


def case_heads(session: Session, case_id: str) -> list[str]:
    """Ids of the case's events no other stored event names in its ``prev``: what a new event follows."""
    rows = session.execute(
        select(m.EventRow.id, m.EventRow.prev).where(m.EventRow.case_id == case_id).order_by(m.EventRow.local_seq)
    ).all()
    seen = {p for _, prev in rows for p in json.loads(prev)}
    return [eid for eid, _ in rows if eid not in seen]


def refresh_statistics(session: Session) -> None:
    """Planner statistics after bulk loads (a few ms: sampled), so list queries keep their indexes."""
    session.execute(text("PRAGMA analysis_limit=400"))
    session.execute(text("ANALYZE"))


# --- projections ----------------------------------------------------------------------------------


def view_to_json(view: CaseView) -> dict:
    return {
        "state": view.state.value if view.state else None,
        "pauses": [[s.isoformat(), e.isoformat() if e else None] for s, e in view.pauses],
        "extension_days": view.extension_days,
        "missing": view.missing,
        "reason": view.reason,
        "certificate_no": view.certificate_no,
        "evaluation": view.evaluation,
        "conflict_events": view.conflict_events,
        "materials": view.registered.get("materials", []),
        "items": view.registered.get("items", []),
        "mandate_signed": view.registered.get("mandate_signed", False),
        "channel": view.registered.get("channel", ""),
        "forwarded_on": view.forwarded_on.isoformat() if view.forwarded_on else None,
    }


def compute_due(calendar: WorkCalendar, view: CaseView, today: date) -> date | None:
    """The promised date (``domain.promise.promised_due``): counted from acceptance, or provisionally
    from registration plus the 3-working-day submission window while the town has not accepted yet;
    village-direct items count from registration."""
    reg = view.registered
    if view.registered_on is None:
        return None
    return promised_due(
        calendar,
        village_direct=reg.get("final_level") == "village",
        registered_on=view.registered_on,
        accepted_on=view.accepted_on,
        limit=int(reg.get("promised_days", 0) or 0),
        unit=LimitUnit(reg.get("limit_unit", LimitUnit.WORKING_DAYS.value)),
        pauses=[Interval(s, e) for s, e in view.pauses],
        extension=view.extension_days,
        today=today,
    )


def catalog_names(session: Session, codes: Iterable[object]) -> dict[str, str]:
    """Item or bundle code → its name in this PC's catalog (an item's newest version), for ``codes``."""
    wanted = sorted({c for c in codes if isinstance(c, str)})
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        items = select(m.ServiceItem.code, m.ServiceItem.name).where(m.ServiceItem.code.in_(chunk))
        for code, name in session.execute(items.order_by(m.ServiceItem.version)):
            out[code] = name  # the newest version's, read last
        for code, name in session.execute(
            select(m.ItemBundle.code, m.ItemBundle.name).where(m.ItemBundle.code.in_(chunk))
        ):
            out[code] = name
    return out


def retitle_cases(session: Session, codes: Iterable[object]) -> None:
    """The stored cases of ``codes`` take their catalog name again (a catalog version renamed them)."""
    for code, name in catalog_names(session, codes).items():
        table = m.Case.__table__
        session.execute(table.update().where(table.c.item_code == code, table.c.title != name).values(title=name))


def projection_values(
    calendar: WorkCalendar, view: CaseView, today: date, names: dict[str, str] | None = None
) -> dict | None:
    """The ``cases`` row for a projected view, or None while its case_registered has not arrived.
    ``names``: the catalog's names of item codes (``catalog_names``): the row's title is the catalog's
    name of the case's item, not the registering device's text (``catalog.case_title``)."""
    reg = view.registered
    if view.state is None or not reg:
        return None
    applicant = reg.get("applicant", {})
    return {
        "id": view.case_id,
        "case_no": view.case_no,
        "item_code": reg.get("item_code", ""),
        "item_version": int(reg.get("item_version", 1)),
        "bundle_code": reg.get("bundle_code"),
        "title": case_title(reg.get("item_code"), reg.get("title", ""), names or {}),
        "category": reg.get("category", ""),
        "final_level": reg.get("final_level", ""),
        "applicant_id": applicant.get("id", ""),
        "applicant_name": applicant.get("name", ""),
        "id_masked": mask_id(str(applicant.get("id_number", ""))),
        "village_code": view.partition,
        "agent": reg.get("agent_name", ""),
        "status": view.state.value,
        "level": view.level,
        "registered_on": view.registered_on,
        "submitted_on": view.submitted_on,
        "accepted_on": view.accepted_on,
        "decided_on": view.decided_on,
        "delivered_on": view.delivered_on,
        "closed_on": view.closed_on,
        "promised_days": int(reg.get("promised_days", 0) or 0),
        "limit_unit": reg.get("limit_unit", LimitUnit.WORKING_DAYS.value),
        "due_on": compute_due(calendar, view, today),
        "open": view.state not in STOPPED_STATES,
        "paused": view.state in PAUSED_STATES,
        "conflict": view.conflict,
        "return_rounds": view.return_rounds,
        "outcome": view.outcome,
        "view": view_to_json(view),
        "last_hlc": view.last_hlc,
        "event_count": view.event_count,
    }


def write_projection(session: Session, calendar: WorkCalendar, view: CaseView, today: date | None = None) -> None:
    """Upsert the case row and its search keys from a projected view (the only writer of ``cases``)."""
    names = catalog_names(session, [view.registered.get("item_code")])
    values = projection_values(calendar, view, today or date.today(), names)
    if values is None:
        return  # events arrived before their case_registered: nothing to show until it does
    applicant = view.registered.get("applicant", {})
    existing = session.get(m.Case, view.case_id)
    if existing is None:
        session.add(m.Case(**values))
        _upsert_applicant(session, applicant, view.partition)
        session.flush()
        _write_terms(session, view.case_id, values["applicant_name"], str(applicant.get("id_number", "")), view.case_no)
    else:
        for key, value in values.items():
            setattr(existing, key, value)


def insert_projections(session: Session, calendar: WorkCalendar, views: list[CaseView], today: date) -> None:
    """Bulk path for new cases (demo generation, imports, first pull): rows, applicants, search keys."""
    rows, terms, applicants = [], [], {}
    names = catalog_names(session, {view.registered.get("item_code") for view in views})
    for view in views:
        values = projection_values(calendar, view, today, names)
        if values is None:
            continue
        rows.append(values)
        person = view.registered.get("applicant", {})
        id_number = str(person.get("id_number", ""))
        terms += [
            {"term": t, "case_id": view.case_id} for t in terms_for(values["applicant_name"], id_number, view.case_no)
        ]
        if person.get("id"):
            applicants[person["id"]] = {
                "id": person["id"],
                "name": person.get("name", ""),
                "id_type": person.get("id_type", "resident_id"),
                "id_number": id_number,
                "phone": person.get("phone", ""),
                "village_code": person.get("village_code", view.partition),
                "group_name": person.get("group", ""),
                "address": person.get("address", ""),
                "credit_code": person.get("credit_code", ""),
            }
    if rows:
        bulk_insert(session, m.Case.__table__, rows)
        bulk_insert(session, m.SearchTerm.__table__, terms, or_ignore=True)
    if applicants:
        known = set(session.scalars(select(m.Applicant.id).where(m.Applicant.id.in_(list(applicants)))))
        fresh = [a for k, a in applicants.items() if k not in known]
        if fresh:
            bulk_insert(session, m.Applicant.__table__, fresh)


def _upsert_applicant(session: Session, applicant: dict, village: str) -> None:
    if not applicant.get("id") or session.get(m.Applicant, applicant["id"]) is not None:
        return
    session.add(
        m.Applicant(
            id=applicant["id"],
            name=applicant.get("name", ""),
            id_type=applicant.get("id_type", "resident_id"),
            id_number=applicant.get("id_number", ""),
            phone=applicant.get("phone", ""),
            village_code=applicant.get("village_code", village),
            group_name=applicant.get("group", ""),
            address=applicant.get("address", ""),
            credit_code=applicant.get("credit_code", ""),
        )
    )


def _write_terms(session: Session, case_id: str, name: str, id_number: str, case_no: str) -> None:
    session.execute(delete(m.SearchTerm).where(m.SearchTerm.case_id == case_id))
    terms = terms_for(name, id_number, case_no)
    if terms:
        session.execute(insert(m.SearchTerm), [{"term": t, "case_id": case_id} for t in terms])


def reproject(session: Session, calendar: WorkCalendar, case_id: str, today: date | None = None) -> CaseView:
    view = project(case_id, standing_events(session, case_id))
    write_projection(session, calendar, view, today)
    return view


def is_overdue(row: m.Case, today: date) -> bool:
    """逾期 of a stored case (``domain.promise.is_overdue`` on its projected state)."""
    return promise.is_overdue(row.status, row.due_on, today)


def overdue_clause(today: date):
    """逾期 as SQL on ``cases``: the same predicate as ``domain.promise.is_overdue`` (``open`` and
    ``paused`` are projected from the states it names), on the columns of ``ix_cases_open_due``."""
    c = m.Case
    return and_(c.open.is_(True), c.paused.is_(False), c.due_on.is_not(None), c.due_on < today)


def submit_deadline(calendar: WorkCalendar, registered_on: date) -> date:
    return calendar.add_working_days(registered_on, SUBMIT_WINDOW_DAYS)


def state_of(row: m.Case) -> State:
    return State(row.status)


def days_ago(today: date, n: int) -> date:
    return today - timedelta(days=n)
