"""Statistics for a village, a town (all its villages) and a period, computed from the case events.

The arithmetic lives in ``domain.metrics`` (shared with the town server); this module only picks the
events of the right partitions out of the local database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import chinese_calendar
import orjson
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import OperationalError

from villagedesk.db import models as m
from villagedesk.domain import jsonfast
from villagedesk.domain.deadlines import WorkCalendar
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.metrics import (
    METRIC_DEFINITIONS,
    Appointment,
    CaseFacts,
    Metrics,
    Period,
    case_facts,
    compute,
    compute_groups,
    facts_from_row,
    facts_to_row,
    facts_window,
)
from villagedesk.services.desk import Desk

__all__ = ["METRIC_DEFINITIONS", "Period", "TownMetrics", "city", "facts_for", "is_city", "town", "village"]


def is_village(code: str) -> bool:
    """Village codes end in three non-zero digits; town codes are the 9-digit town plus ``000``."""
    return len(code) == 12 and code.isdigit() and code[9:] != "000"


def is_city(code: str) -> bool:
    """A city device's region: the 6-digit city code and ``000000`` (济源: 419001000000)."""
    return len(code) == 12 and code.isdigit() and code[6:] == "000000"


def _check_code(code: str) -> None:
    if len(code) != 12 or not code.isdigit():
        raise ValidationError("region_code", "区划代码应为 12 位数字")


def facts_for(desk: Desk, region_code: str, as_of: date, since: date | None = None) -> list[CaseFacts]:
    """Facts of the cases of a village (or of all villages of a town or a city), as of a day.

    With ``since``, cases whose whole story ended before that day are not even read (the projection
    table tells which): they cannot change any figure of a period starting then.
    """
    _check_code(region_code)
    c = m.Case
    query = select(c.id).where(c.registered_on <= as_of)
    if is_village(region_code):
        query = query.where(c.village_code == region_code)
    elif region_code[6:] == "000000":  # a city: every village of it (a city device's scope)
        query = query.where(c.village_code.like(region_code[:6] + "%"))
    else:
        query = query.where(c.village_code.like(region_code[:9] + "%"))
    if since is not None:
        query = query.where(
            or_(
                c.registered_on >= since,
                c.open.is_(True),
                c.status.in_(("delivered", "completed_in_village", "withdrawn")),
                c.decided_on >= since,
                c.delivered_on >= since,
                c.closed_on >= since,
            )
        )
    cache = _cache_for(desk, as_of)
    calendar = calendar_stamp(desk.calendar)
    day = as_of.toordinal()
    found: list[tuple[tuple[int, int], CaseFacts]] = []  # (where the plain reading met the case, facts)
    streams: dict[str, list[Event]] = {}
    stamps: dict[str, list] = {}  # case -> [chunk, first seq, count, last seq, newest hlc] of what was read
    with desk.store.read() as s:
        ids = list(s.scalars(query))
        cursor = s.connection().connection.cursor()
        try:
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                todo = []
                marks = ", ".join("?" * len(chunk))
                if cache:  # remembered facts: the stamps alone, and the stored facts of the others only
                    cursor.execute(_STAMP_ONLY_SQL.format(marks), chunk)
                    rows, missed = [], {}
                    for case_id, first_seq, *stamp in cursor.fetchall():
                        known = cache.get(case_id)
                        if known is not None and known[0] == tuple(stamp):
                            rows.append((case_id, first_seq, *stamp, 0, known))
                        else:
                            missed[case_id] = len(rows)
                            rows.append((case_id, first_seq, *stamp, None, None))
                    if missed:
                        cursor.execute(_STORED_SQL.format(", ".join("?" * len(missed))), [*missed, day, day, calendar])
                        for case_id, *stamp, from_day, stored in cursor.fetchall():
                            row = rows[missed[case_id]]
                            if tuple(stamp) == tuple(row[2:5]):
                                rows[missed[case_id]] = (*row[:5], from_day, stored)
                else:  # one query: each case's stamp and the stored facts that still hold for it
                    cursor.execute(_STAMP_SQL.format(marks), [*chunk, day, day, calendar])
                    rows = cursor.fetchall()
                for case_id, first_seq, *stamp, from_day, stored in rows:
                    stamp = tuple(stamp)
                    if isinstance(stored, tuple):  # remembered
                        facts = stored[1]
                    elif from_day is not None:
                        facts = None if stored is None else facts_from_row(orjson.loads(stored))
                        cache[case_id] = (stamp, facts)
                    else:
                        todo.append(case_id)
                        continue
                    if facts is not None:
                        found.append(((start, first_seq), facts))
                if todo:
                    _read_events(s, todo, streams, stamps, start)
        finally:
            cursor.close()
    rows = []
    for case_id, events in streams.items():
        facts = case_facts(events, desk.calendar, as_of)
        place, stamp = (stamps[case_id][0], stamps[case_id][1]), tuple(stamps[case_id][2:])
        cache[case_id] = (stamp, facts)
        if facts is not None:
            found.append((place, facts))
        first, until = facts_window(events, as_of)
        stored = None if facts is None else orjson.dumps(facts_to_row(facts)).decode()
        rows.append((case_id, first.toordinal(), until and until.toordinal(), *stamp, calendar, stored))
    if rows:
        _store_facts(desk, rows)
    found.sort(key=lambda pair: pair[0])  # the order reading every event gives (ties in counts keep it)
    return [facts for _place, facts in found]


# Each case's stamp (the events' count, last local_seq, newest hlc: any appended, synced or restored
# event changes it) beside its stored facts for the day asked, if they were computed from events with
# that stamp and under this calendar. The events are counted from the case_id index; the stored facts
# are one primary-key lookup each.
_STAMP_SQL = (
    "SELECT v.case_id, v.first_seq, v.n, v.last_seq, v.top, f.from_day, f.facts FROM ("
    "SELECT case_id, min(local_seq) AS first_seq, count(*) AS n, max(local_seq) AS last_seq, max(hlc) AS top "
    f"FROM {m.EventRow.__tablename__} WHERE case_id IN ({{}}) GROUP BY case_id) AS v "
    f"LEFT JOIN {m.StoredFacts.__tablename__} AS f ON f.case_id = v.case_id AND f.from_day <= ? "
    "AND (f.until_day IS NULL OR f.until_day > ?) AND f.events = v.n AND f.last_seq = v.last_seq "
    "AND f.last_hlc = v.top AND f.calendar = ?"
)
_STAMP_ONLY_SQL = (
    "SELECT case_id, min(local_seq), count(*), max(local_seq), max(hlc) "
    f"FROM {m.EventRow.__tablename__} WHERE case_id IN ({{}}) GROUP BY case_id"
)
_STORED_SQL = (
    f"SELECT case_id, events, last_seq, last_hlc, from_day, facts FROM {m.StoredFacts.__tablename__} "
    "WHERE case_id IN ({}) AND from_day <= ? AND (until_day IS NULL OR until_day > ?) AND calendar = ?"
)
_STORE_BATCH = 2_000  # rows per write transaction: the writer lock is held some tens of ms at a time


def _store_facts(desk: Desk, rows: list[tuple]) -> None:
    """Keep computed facts for the next open (also after a restart), each case's older rows dropped.

    Written after the read, in short transactions of their own, as derived data: if the profile cannot
    be written just now (another writer holds it past the busy timeout, a read-only copy), the figures
    are the same and the next open computes them again."""
    table = m.StoredFacts.__tablename__
    stale = (
        f"DELETE FROM {table} WHERE case_id = ? AND NOT (events = ? AND last_seq = ? AND last_hlc = ? AND calendar = ?)"
    )
    columns = "case_id, from_day, until_day, events, last_seq, last_hlc, calendar, facts"
    insert = f"INSERT OR REPLACE INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    try:
        for start in range(0, len(rows), _STORE_BATCH):
            batch = rows[start : start + _STORE_BATCH]
            with desk.store.write() as s:
                conn = s.connection()  # the driver's executemany; errors come back as SQLAlchemy's
                conn.exec_driver_sql(stale, [(r[0], *r[3:7]) for r in batch])
                conn.exec_driver_sql(insert, batch)
    except OperationalError as err:  # derived data: computed again next time
        logging.getLogger(__name__).warning("statistics facts not stored: %s", err)


def clear_stored(desk: Desk) -> None:
    """Drop every stored fact (derived data: ``check --rebuild``, benchmarks measuring a first open)."""
    with desk.store.write() as s:
        s.execute(delete(m.StoredFacts))


def calendar_stamp(calendar: WorkCalendar) -> str:
    """What the facts' days depend on besides the events: the calendar's overrides and published years,
    the holiday library's version and the local time zone (events' days are local days)."""
    # computed at every open: a few hundred overrides sort in well under a millisecond
    text = orjson.dumps(
        [
            sorted((d.isoformat(), bool(w)) for d, w in calendar.overrides.items()),
            sorted(calendar.published_years),
            getattr(chinese_calendar, "__version__", ""),
            time.timezone,
            list(time.tzname),
        ]
    )
    return hashlib.sha256(text).hexdigest()[:32]


# Facts of a case as of a day depend only on its events, the calendar and that day. They are kept per
# desk for a few days (a statistics page switching months, a town re-scoring every village for the star
# rating) and re-read for a case as soon as its events change: the stamp is (count, last local_seq,
# newest hlc), which any appended, synced or restored event changes.
_CACHE_DAYS = 2  # a town-year of 20 000 cases is some tens of MB of facts per day
_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def _cache_for(desk: Desk, as_of: date) -> dict[str, tuple[tuple, CaseFacts | None]]:
    overrides = desk.calendar.overrides
    calendar_stamp = (id(desk.calendar), id(overrides), len(overrides))
    with _cache_lock:
        entry = _caches.get(desk)
        if entry is None or entry[0] != calendar_stamp:  # a new calendar: every due date may differ
            entry = (calendar_stamp, {})
            _caches[desk] = entry
        by_day: dict[date, dict] = entry[1]
        cache = by_day.pop(as_of, None)
        if cache is None:
            cache = {}
        by_day[as_of] = cache  # most recently used last
        while len(by_day) > _CACHE_DAYS:
            by_day.pop(next(iter(by_day)))
        return cache


def forget_cases(desk: Desk, case_ids: Iterable[str]) -> None:
    """Forget some cases' remembered facts (benchmarks: what a sync that changed them leaves)."""
    with _cache_lock:
        entry = _caches.get(desk)
        for cache in entry[1].values() if entry else ():
            for case_id in case_ids:
                cache.pop(case_id, None)


def clear_cache(desk: Desk) -> None:
    """Forget the remembered facts (benchmarks measure the first computation this way)."""
    with _cache_lock:
        _caches.pop(desk, None)


_TYPES = {t.value: t for t in EventType}  # a dict lookup: Enum(value) costs ~5 µs, and a year has 100 000
_ROLES = {r.value: r for r in Role}
_EVENT_COLUMNS = ("id", "case_id", "type", "payload", "author", "device", "role", "partition", "hlc", "prev")
_EVENT_COLUMNS += ("schema_version", "server_seq")


def _read_events(session, case_ids: list[str], streams: dict, stamps: dict, chunk: int) -> None:
    """The events of some cases in stored order, through the driver's cursor (a town-year reads 100 000
    rows, and SQLAlchemy's row objects cost more than the rows themselves), with each case's stamp:
    [chunk, first seq, count, last seq, newest hlc]."""
    table = m.EventRow.__tablename__
    sql = (
        f"SELECT local_seq, {', '.join(_EVENT_COLUMNS)} FROM {table} "
        f"WHERE case_id IN ({', '.join('?' * len(case_ids))}) ORDER BY local_seq"
    )
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, case_ids)
        for values in cursor:
            seq, case_id, hlc = values[0], values[2], values[9]
            stamp = stamps.get(case_id)
            if stamp is None:
                stamps[case_id] = [chunk, seq, 1, seq, hlc]
                streams[case_id] = [_build(*values[1:])]
            else:
                stamp[2] += 1
                stamp[3] = seq
                if hlc > stamp[4]:
                    stamp[4] = hlc
                streams[case_id].append(_build(*values[1:]))
    finally:
        cursor.close()


def _event(row) -> Event:
    """An event from a stored row object (what ``_read_events`` builds from the cursor's tuples)."""
    return _build(*(getattr(row, name) for name in _EVENT_COLUMNS))


def _build(
    id: str,
    case_id: str,
    type: str,
    payload: str,
    author: str,
    device: str,
    role: str,
    partition: str,
    hlc: str,
    prev: str,
    schema_version: int,
    server_seq: int | None,
) -> Event:
    """An event straight from stored values: rows were validated when stored, and statistics read many.

    Built without the frozen dataclass's ``__init__`` (ten ``object.__setattr__`` calls, a third of the
    reading time for a town-year); the result equals ``store.row_to_event`` (tested)."""
    e = object.__new__(Event)
    e.__dict__.update(
        id=id,
        case_id=case_id,
        type=_TYPES.get(type) or EventType(type),
        payload=jsonfast.loads(payload),
        author=author,
        device=device,
        role=_ROLES.get(role) or Role(role),
        partition=partition,
        hlc=hlc,
        prev=tuple(orjson.loads(prev)),  # event ids only: no numbers for orjson to read differently
        schema_version=schema_version,
        server_seq=server_seq,
    )
    return e


def village(
    desk: Desk, village_code: str, period: Period, appointments: Iterable[Appointment] | None = None
) -> Metrics:
    """One village center's figures for a period (as of the period's end, or today if earlier).

    The 预约履约率 comes from the village's bookings this device holds (none: no figure)."""
    _check_code(village_code)
    if not is_village(village_code):
        raise ValidationError("region_code", "请选择一个村(社区)")
    if appointments is None:
        from villagedesk.services.appointments import show_up_facts  # lazy: appointments imports intake

        appointments = show_up_facts(desk, village_code) or None
    as_of = min(period.end, desk.today())
    return compute(facts_for(desk, village_code, as_of, period.start), period, desk.calendar, as_of, appointments)


@dataclass
class TownMetrics:
    """A town's totals and each of its villages side by side (the town's comparison view); for a city
    (``city``) the city's totals and each of its towns, in the same shape, so the page, the Excel and the
    PDF of the comparison serve both levels (``is_city`` says which, for their words)."""

    town_code: str
    total: Metrics
    villages: dict[str, Metrics]  # a town's villages, or a city's towns
    names: dict[str, str]

    @property
    def is_city(self) -> bool:
        return is_city(self.town_code)


def town(desk: Desk, town_code: str, period: Period) -> TownMetrics:
    _check_code(town_code)
    if is_village(town_code):
        raise ValidationError("region_code", "请选择一个乡镇(街道)")
    as_of = min(period.end, desk.today())
    facts = facts_for(desk, town_code, as_of, period.start)
    with desk.store.read() as s:
        rows = s.scalars(select(m.Region).where(m.Region.parent_code == town_code)).all()
        names = {r.code: r.name for r in rows}
    booked = _bookings(desk, town_code[:9])
    total, villages = compute_groups(
        facts,
        _village_of,
        names,
        period,
        desk.calendar,
        as_of,
        lambda c: _of(booked, lambda v: v == c),
        _of(booked, lambda v: True),
    )
    return TownMetrics(town_code, total, villages, names)


def _village_of(f: CaseFacts) -> str:
    return f.partition


def _town_of(f: CaseFacts) -> str:
    return f.partition[:9] + "000"


def _bookings(desk: Desk, prefix: str) -> dict[str, list[Appointment]]:
    """The bookings this device holds per village of the region ``prefix`` starts (the 预约履约率)."""
    from villagedesk.services.appointments import show_up_by_village  # lazy: appointments imports intake

    return {v: items for v, items in show_up_by_village(desk).items() if v.startswith(prefix)}


def _of(booked: dict[str, list[Appointment]], keep) -> list[Appointment] | None:
    """The bookings of the villages ``keep`` chooses; None when there are none (no figure, 无预约)."""
    out = [a for v, items in booked.items() if keep(v) for a in items]
    return out or None


def city(desk: Desk, city_code: str, period: Period) -> TownMetrics:
    """A city's totals and each of its towns side by side, from the cases sync brought to the city's
    device (every village of the city); one town's villages are ``town(desk, town_code, period)``. A town
    of the region list without cases is listed with zeros, as a town's village is."""
    _check_code(city_code)
    if not is_city(city_code):
        raise ValidationError("region_code", "请选择一个市(6 位市代码加 000000)")
    as_of = min(period.end, desk.today())
    facts = facts_for(desk, city_code, as_of, period.start)
    with desk.store.read() as s:
        rows = s.scalars(
            select(m.Region).where(m.Region.level.in_(("town", "street")), m.Region.code.like(city_code[:6] + "%"))
        ).all()
        names = {r.code: r.name for r in rows}
    booked = _bookings(desk, city_code[:6])
    total, towns = compute_groups(
        facts,
        _town_of,
        names,
        period,
        desk.calendar,
        as_of,
        lambda c: _of(booked, lambda v: v[:9] == c[:9]),
        _of(booked, lambda v: True),
    )
    return TownMetrics(city_code, total, towns, names)


def definitions_json() -> str:
    """The metric definitions as JSON (for the server's reference data and the help page)."""
    return json.dumps(METRIC_DEFINITIONS, ensure_ascii=False, indent=2)
