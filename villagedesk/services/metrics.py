"""Statistics for a village, a town (all its villages) and a period, computed from the case events.

The arithmetic lives in ``domain.metrics`` (shared with the town server); this module only picks the
events of the right partitions out of the local database.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import orjson
from sqlalchemy import or_, select

from villagedesk.db import models as m
from villagedesk.domain import jsonfast
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.metrics import METRIC_DEFINITIONS, Appointment, CaseFacts, Metrics, Period, case_facts, compute
from villagedesk.services.desk import Desk

__all__ = ["METRIC_DEFINITIONS", "Period", "TownMetrics", "facts_for", "town", "village"]


def is_village(code: str) -> bool:
    """Village codes end in three non-zero digits; town codes are the 9-digit town plus ``000``."""
    return len(code) == 12 and code.isdigit() and code[9:] != "000"


def _check_code(code: str) -> None:
    if len(code) != 12 or not code.isdigit():
        raise ValidationError("region_code", "区划代码应为 12 位数字")


def facts_for(desk: Desk, region_code: str, as_of: date, since: date | None = None) -> list[CaseFacts]:
    """Facts of the cases of a village (or of all villages of a town), as of a day.

    With ``since``, cases whose whole story ended before that day are not even read (the projection
    table tells which): they cannot change any figure of a period starting then.
    """
    _check_code(region_code)
    c = m.Case
    query = select(c.id).where(c.registered_on <= as_of)
    if is_village(region_code):
        query = query.where(c.village_code == region_code)
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
    streams: dict[str, list[Event]] = defaultdict(list)
    t = m.EventRow.__table__
    columns = [t.c.id, t.c.case_id, t.c.type, t.c.payload, t.c.author, t.c.device, t.c.role, t.c.partition, t.c.hlc]
    columns += [t.c.schema_version, t.c.server_seq]
    with desk.store.read() as s:
        ids = list(s.scalars(query))
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            for row in s.execute(select(*columns, t.c.prev).where(t.c.case_id.in_(chunk)).order_by(t.c.local_seq)):
                streams[row.case_id].append(_event(row))
    out = []
    for events in streams.values():
        facts = case_facts(events, desk.calendar, as_of)
        if facts is not None:
            out.append(facts)
    return out


_TYPES = {t.value: t for t in EventType}  # a dict lookup: Enum(value) costs ~5 µs, and a year has 100 000
_ROLES = {r.value: r for r in Role}


def _event(row) -> Event:
    """An event straight from a stored row: rows were validated when stored, and statistics read many.

    Built without the frozen dataclass's ``__init__`` (ten ``object.__setattr__`` calls, a third of the
    reading time for a town-year); the result equals ``store.row_to_event`` (tested)."""
    e = object.__new__(Event)
    e.__dict__.update(
        id=row.id,
        case_id=row.case_id,
        type=_TYPES.get(row.type) or EventType(row.type),
        payload=jsonfast.loads(row.payload),
        author=row.author,
        device=row.device,
        role=_ROLES.get(row.role) or Role(row.role),
        partition=row.partition,
        hlc=row.hlc,
        prev=tuple(orjson.loads(row.prev)),  # event ids only: no numbers for orjson to read differently
        schema_version=row.schema_version,
        server_seq=row.server_seq,
    )
    return e


def village(
    desk: Desk, village_code: str, period: Period, appointments: Iterable[Appointment] | None = None
) -> Metrics:
    """One village center's figures for a period (as of the period's end, or today if earlier)."""
    _check_code(village_code)
    if not is_village(village_code):
        raise ValidationError("region_code", "请选择一个村(社区)")
    as_of = min(period.end, desk.today())
    return compute(facts_for(desk, village_code, as_of, period.start), period, desk.calendar, as_of, appointments)


@dataclass
class TownMetrics:
    """A town's totals and each of its villages side by side (the town's comparison view)."""

    town_code: str
    total: Metrics
    villages: dict[str, Metrics]
    names: dict[str, str]


def town(desk: Desk, town_code: str, period: Period) -> TownMetrics:
    _check_code(town_code)
    if is_village(town_code):
        raise ValidationError("region_code", "请选择一个乡镇(街道)")
    as_of = min(period.end, desk.today())
    facts = facts_for(desk, town_code, as_of, period.start)
    by_village: dict[str, list[CaseFacts]] = defaultdict(list)
    for f in facts:
        by_village[f.partition].append(f)
    with desk.store.read() as s:
        rows = s.scalars(select(m.Region).where(m.Region.parent_code == town_code)).all()
        names = {r.code: r.name for r in rows}
    for code in names:
        by_village.setdefault(code, [])
    villages = {code: compute(items, period, desk.calendar, as_of) for code, items in sorted(by_village.items())}
    return TownMetrics(town_code, compute(facts, period, desk.calendar, as_of), villages, names)


def definitions_json() -> str:
    """The metric definitions as JSON (for the server's reference data and the help page)."""
    return json.dumps(METRIC_DEFINITIONS, ensure_ascii=False, indent=2)
