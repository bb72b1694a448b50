"""The town clerk reads the audit trails (留痕查看): ``POST /api/v1/audit/entries``.

Only a clerk's (or the city's) device may ask, and it gets the entries of the devices in its own scope:
the village PCs of its villages, the town desks of its scope, and its own desk (the town PC's own
trail is chained and sent like a village PC's). A village PC never reads another PC's trail. The rows
are what ``audit_entries`` stored: ID and mobile numbers masked, refused and superseded entries marked
as such, and ``held`` false on an event entry naming an event the town does not hold (looked up at
each query: the event may arrive later).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from villagedesk.domain import audit_chain as ac
from villagedesk.domain import audit_entries as ae
from villagedesk.domain.lifecycle import Role
from villagedesk.server import audit_roster, http_io
from villagedesk.server import models as sm
from villagedesk.server.auth import DeviceInfo, TokenCache
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

MAX_ROWS = 2000
E = sm.AuditEntryRow


def _text(body: dict, key: str, limit: int) -> str:
    value = body.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit or not proto.is_utf8_text(value):
        raise proto.ProtocolError(key, f"应为不超过{limit}字的文本")
    return value.strip()


def query(db: Database, asker: DeviceInfo, body: object) -> dict:
    """The newest entries (of one case, or one device by id or name) in the asker's scope."""
    if not isinstance(body, dict):
        raise proto.ProtocolError("body", "应为 JSON 对象")
    case_no, device = _text(body, "case", 32), _text(body, "device", 64)
    limit = body.get("limit", 200)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_ROWS:
        raise proto.ProtocolError("limit", f"应为 1..{MAX_ROWS} 的整数")
    stmt = select(E, sm.Device.name, sm.Device.region, sm.Device.role).join(sm.Device, sm.Device.id == E.device_id)
    if case_no:
        stmt = stmt.where(E.case_no == case_no)
    if device:
        stmt = stmt.where((sm.Device.id == device) | (sm.Device.name == device))
    with db.read() as s:
        rows = [
            (e, name, region, role)
            for e, name, region, role in s.execute(stmt.order_by(E.id.desc()).limit(limit * 4)).all()
            if _visible(asker.scopes, region)
        ][:limit]
        held = _held_events(s, [e.ref for e, *_ in rows if e.kind in ac.EVENT_KINDS])
        named = audit_roster.names(s, [(ev[0], ev[1]) for ev in held.values()])
        if not device:  # a case's (or the town's) trail: each action once, where it was done
            rows = _once(rows, held)
        replaced = _replaced(s, [e for e, *_ in rows])
    out = []
    for e, name, region, role in rows:
        event = held.get(e.ref) if e.kind in ac.EVENT_KINDS else None
        refused = e.refused
        foreign = event is not None and not _sender_may_hold(role, region, event[3])
        foreign = foreign or bool(e.case_no and not _sender_may_hold(role, region, _partition_of(region, e.case_no)))
        if foreign:  # another village's event or case (a row kept before the town judged it): not its trail
            if case_no:
                continue
            event, refused = None, refused or ae.REASONS["partition"]
        if e.kind not in ac.EVENT_KINDS:  # the audit row's person, as the PC wrote it, on a PC of this role
            person, person_role = e.actor, role
        elif event is not None:  # the event's author, named by the device that pushed it (never another)
            person, person_role = named.get((event[0], event[1]), ""), event[2]
        else:
            person, person_role = "", ""
        out.append({
            "dev": e.device_id, "pc": name, "region": region, "seq": e.seq, "at": e.at, "kind": e.kind,
            "actor": e.actor, "action": e.action, "detail": e.detail, "case": "" if foreign else e.case_no or "",
            "refused": refused, "why": ae.reason_code(refused), "superseded": e.superseded_at is not None,
            "held": e.kind not in ac.EVENT_KINDS or event is not None,
            "name": person, "role": person_role,
            "replaced": (e.device_id, e.seq) in replaced and e.superseded_at is None,
        })  # fmt: skip
    if not device:  # one order: when it was done on its PC, newest first (not the order the town got it)
        out.sort(key=lambda r: (str(r["at"]), r["seq"]), reverse=True)
    return {"rows": out}


def _visible(scopes: list[str], region: str) -> bool:
    """Whether the trail of a PC of ``region`` is the asker's to read: a village PC of its scope, a town
    desk of its scope (the city reads its towns' desks), and the asker's own desk (the town clerk's PC,
    the city's), whose entries are chained and sent like a village PC's."""
    return any(scope == region or proto.in_scope(scope, region) for scope in scopes)


def _once(rows: list, held: dict) -> list:
    """Every PC chains each event it stores, the ones it pulled too: an event is shown only from the PC
    that pushed it (the one it was done on), else from the PC that recorded it first. The PC's entries
    are all kept (a superseded one beside the current one: the clerk sees both versions)."""
    where: dict[str, str] = {}
    for e, *_ in sorted(rows, key=lambda r: str(r[0].at)):
        if e.kind not in ac.EVENT_KINDS:
            continue
        if e.device_id == held.get(e.ref, ("",))[0]:
            where[e.ref] = e.device_id
        else:
            where.setdefault(e.ref, e.device_id)
    return [r for r in rows if r[0].kind not in ac.EVENT_KINDS or where.get(r[0].ref) == r[0].device_id]


def _replaced(s, entries: list) -> set[tuple[str, int]]:
    """(device, seq) of current entries the town holds an earlier, different version of: the PC's later
    version (a rewritten trail, or a restored backup) is not the one the town received first."""
    current = [e for e in entries if e.superseded_at is None]
    if not current:
        return set()
    devices, seqs = sorted({e.device_id for e in current}), sorted({e.seq for e in current})
    found: set[tuple[str, int]] = set()
    for i in range(0, len(seqs), 500):
        found.update(
            (d, q)
            for d, q in s.execute(
                select(E.device_id, E.seq).where(
                    E.superseded_at.is_not(None), E.device_id.in_(devices), E.seq.in_(seqs[i : i + 500])
                )
            )
        )
    return found


def _sender_may_hold(role: str, region: str, partition: str) -> bool:
    """Whether a PC of this role and region holds events of ``partition`` (its village; a clerk's town)."""
    try:
        scopes = proto.scopes_for(Role(role), region)
    except ValueError:
        return False
    return any(proto.in_scope(scope, partition) for scope in scopes)


def _partition_of(region: str, case_no: str) -> str:
    """The village a case number names (its 6 digits after the city's prefix, which it does not carry)."""
    return region[:6] + case_no[:6]


def _held_events(s, refs: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """The events the entries name that the town holds now, as id → (the device that pushed it, author,
    role, partition): an entry naming an event the town does not hold proves nothing (a device can make
    up a consistent entry about its own PC), and one whose event was refused or never pushed, or that
    belongs to another village, must not read like a genuine one."""
    found: dict[str, tuple[str, str, str, str]] = {}
    unique = sorted(set(refs))
    for i in range(0, len(unique), 500):
        rows = s.execute(
            select(
                sm.ServerEvent.id, sm.ServerEvent.pushed_by, sm.ServerEvent.author, sm.ServerEvent.role,
                sm.ServerEvent.partition,
            ).where(sm.ServerEvent.id.in_(unique[i : i + 500]))
        )  # fmt: skip
        found.update({r[0]: (r[1], r[2], r[3], r[4]) for r in rows})
    return found


def register(app: FastAPI, db: Database, tokens: TokenCache) -> None:
    """Add the clerk's audit-trail route to the app."""

    @app.post("/api/v1/audit/entries", summary="a town clerk reads the audit trails of the PCs of its scope")
    async def audit_entries(request: Request) -> Response:
        http_io.protocol_of(request)
        device = await run_in_threadpool(tokens.device, request.headers.get("authorization"))
        if device.role not in (Role.CLERK, Role.CITY):
            return http_io.error(403, "forbidden", "只有镇中心(或市级中心)的设备可以查看村里电脑的留痕")
        body = await http_io.read_body(request)
        return http_io.reply(request, await run_in_threadpool(query, db, device, body))
