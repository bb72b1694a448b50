"""The event feed: idempotent push with a dead-letter list, and cursor pulls that never skip.

Push takes the feed lock (one row, held to commit), so sequence numbers are handed out in commit
order on SQLite and PostgreSQL alike: a reader that has seen seq N has seen every seq below N.
Pulls read the watermark, the page and the partition counts in one snapshot.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, or_, select

from villagedesk.domain import jsonfast
from villagedesk.domain import judge as dj
from villagedesk.domain.catalog import LEVEL_LABELS, Checklists, item_levels, registration_levels
from villagedesk.domain.events import SCHEMA_VERSION, Event, canonical_json
from villagedesk.domain.lifecycle import (
    CITY_HOLDS_STEPS,
    CITY_TAKES_OVER,
    EVENT_LABELS,
    EventType,
    Role,
    may_author,
)
from villagedesk.paths import resources_dir
from villagedesk.server import models as sm
from villagedesk.server import quota
from villagedesk.server.auth import MARK_SEEN, DeviceInfo, utcnow
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

log = logging.getLogger(__name__)

CHUNK = 500

# Statements built once: each request then only binds values (SQLAlchemy's compiled cache is keyed on
# them), and they run on the session's Core connection; the ORM's per-statement work cost more than
# the SQL itself for a device's typical small sync.
_E, _S, _F, _R, _C = (t.__table__ for t in (sm.ServerEvent, sm.PartitionStat, sm.FeedState, sm.RefRow, sm.ServerCase))
_LOCK_FEED = select(_F.c.seq).where(_F.c.id == 1).with_for_update()
READ_FEED = select(_F.c.seq, _F.c.ref_seq).where(_F.c.id == 1)
_SET_SEQ = _F.update().where(_F.c.id == 1).values(seq=bindparam("b_seq"))
_T = sm.DeviceTag.__table__
_TAGS_HELD = select(_T.c.partition, _T.c.tag, _T.c.device_id).where(
    _T.c.partition.in_(bindparam("parts", expanding=True))
)
_REVOKED = select(sm.Device.id).where(
    sm.Device.id.in_(bindparam("ids", expanding=True)), sm.Device.revoked_at.is_not(None)
)
_REPLACES = select(sm.Device.replaces).where(sm.Device.id == bindparam("id"))
_STATS_HELD = select(_S.c.partition).where(_S.c.partition.in_(bindparam("parts", expanding=True)))
_STATS_ADD = (
    _S.update()
    .where(_S.c.partition == bindparam("b_part"))
    .values(count=_S.c.count + bindparam("b_count"), max_seq=bindparam("b_max"))
)
_PAGE_COLS = (
    _E.c.seq,
    _E.c.id,
    _E.c.case_id,
    _E.c.type,
    _E.c.partition,
    _E.c.device,
    _E.c.role,
    _E.c.author,
    _E.c.hlc,
    _E.c.prev,
    _E.c.schema_version,
    _E.c.payload,
)


def _page_query(own: bool, village: bool):
    """Events of one scope after the cursor, up to the watermark. A village is one partition: with
    ``partition = ?`` the page is a single range scan of the (partition, seq) index; a BETWEEN there
    made SQLite walk the seq index through every village's events instead. A town (its villages
    001..999) reads along seq and keeps its own villages' events."""
    where = _E.c.partition == bindparam("lo") if village else _E.c.partition.between(bindparam("lo"), bindparam("hi"))
    q = select(*_PAGE_COLS).where(where, _E.c.seq > bindparam("cur"), _E.c.seq <= bindparam("top"))
    if not own:
        q = q.where(_E.c.pushed_by != bindparam("dev"))
    return q.order_by(_E.c.seq).limit(bindparam("lim"))


_PAGE = {(own, village): _page_query(own, village) for own in (False, True) for village in (False, True)}
_COUNTS = select(_S.c.partition, _S.c.count).where(_S.c.partition.between(bindparam("lo"), bindparam("hi")))
_REF = (
    select(_R.c.rseq, _R.c.kind, _R.c.key, _R.c.data, _R.c.region, _R.c.effective_from)
    .where(_R.c.rseq > bindparam("ref"), _R.c.rseq <= bindparam("top"))
    .order_by(_R.c.rseq)
)


def event_digest(e: Event) -> str:
    """SHA-256 over every field of the event (what "same content" means for a retried id)."""
    fields = [
        e.id,
        e.case_id,
        e.type.value,
        e.payload,
        e.author,
        e.device,
        e.role.value,
        e.partition,
        e.hlc,
        list(e.prev),
        e.schema_version,
    ]
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


@dataclass
class PushResult:
    ack: list[int] = field(default_factory=list)
    dup: list[int] = field(default_factory=list)
    rej: list[list] = field(default_factory=list)
    accepted: int = 0


def _judge(device: DeviceInfo, header: dict, raw: object) -> Event:
    """Parse and authorise one pushed event; raises _Reject with the code and a reason."""
    try:
        event = proto.parse_group_event(header, raw)
    except proto.ProtocolError as exc:
        raise _Reject(proto.REJECT_MALFORMED, exc.message) from None
    if not device.may_write(event.partition):
        raise _Reject(proto.REJECT_PARTITION, proto.partition_refusal(event.partition))
    if event.role is not device.role:
        raise _Reject(proto.REJECT_ROLE, proto.REJECT_LABELS[proto.REJECT_ROLE])
    if not may_author(device.role, EventType(event.type)):
        raise _Reject(proto.REJECT_TYPE, f"{proto.REJECT_LABELS[proto.REJECT_TYPE]}: {EVENT_LABELS[event.type]}")
    _check(event)
    return event


def _check(event: Event) -> None:
    """The domain's checks that need no history (ids, clock window, strict JSON, payload rules)."""
    try:
        dj.check_event(event, now_ms())
    except dj.Refusal as exc:
        raise _Reject(exc.code, exc.message) from None


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class _Reject(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _raw_text(raw: object) -> str:
    """What was pushed, as JSON; with every non-ASCII character escaped when it holds a lone surrogate,
    so that any database stores it (JSON escapes NULs by itself)."""
    try:
        text = json.dumps(raw, ensure_ascii=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(raw, ensure_ascii=True)
    except (TypeError, ValueError, RecursionError):
        try:
            text = ascii(raw)
        except RecursionError:
            text = '"(嵌套过深, 未保存原文)"'
    return text[:20_000]


def _storable(text: str, limit: int) -> str:
    """Text any database takes (PostgreSQL refuses NULs and lone surrogates): those become "?"."""
    return text[:limit].encode("utf-8", "replace").decode("utf-8").replace("\x00", "?")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ROLES = frozenset(r.value for r in Role)
_TYPES = frozenset(t.value for t in EventType)
_ROLE_OF = {r.value: r for r in Role}
_TYPE_OF = {t.value: t for t in EventType}
_REGISTERED = EventType.CASE_REGISTERED


class _Checker:
    """The checks of ``_judge`` for one request, as cheap as they can be made: group headers and
    event types are judged once per batch, each event only on its own fields. Anything this fast path
    does not accept outright goes to ``_judge``, which decides and words the reason (so the fast path
    can only ever accept what ``_judge`` accepts)."""

    def __init__(self, device: DeviceInfo) -> None:
        self.device = device
        self.now_ms = now_ms()
        self.verdicts = dj.ContentVerdicts(self.now_ms)
        self._headers: dict[int, bool] = {}
        self._types: dict[str, bool] = {}

    def header_ok(self, header: dict) -> bool:
        key = id(header)  # ungroup() shares one header dict between the events of a group
        ok = self._headers.get(key)
        if ok is None:
            p, d, o = header.get("p"), header.get("d"), header.get("o")
            ok = (
                type(p) is str
                and type(d) is str
                and type(o) is str
                and 0 < len(d) <= 64
                and o in _ROLES
                and proto.is_partition(p)
                and self.device.may_write(p)
                and Role(o) is self.device.role
            )
            self._headers[key] = ok
        return ok

    def type_ok(self, t: object) -> bool:
        if type(t) is not str or t not in _TYPES:
            return False
        ok = self._types.get(t)
        if ok is None:
            ok = self._types[t] = may_author(self.device.role, EventType(t))
        return ok

    def row(self, header: dict, raw: object) -> dict | None:
        """The stored row of an event that passes every check, else None (then ``_judge`` decides)."""
        if type(raw) is not dict or not self.header_ok(header):
            return None
        i, c, t, a, h, p = raw.get("i"), raw.get("c"), raw.get("t"), raw.get("a"), raw.get("h"), raw.get("p")
        if not (
            type(i) is str
            and type(c) is str
            and type(a) is str
            and type(h) is str
            and type(p) is dict
            and 0 < len(a) <= 64
            and _UUID.fullmatch(i)
            and _UUID.fullmatch(c)
            and self.type_ok(t)
            and proto._HLC.fullmatch(h)
        ):
            return None
        sv = raw.get("s", SCHEMA_VERSION)
        if type(sv) is not int or not 1 <= sv <= 1000:
            return None
        r = raw.get("r")
        if not r:
            prev: list[str] = []
            prev_text = "[]"
        elif type(r) is list and all(type(x) is str and _UUID.fullmatch(x) for x in r):
            prev = r
            prev_text = "[" + ", ".join(f'"{x}"' for x in r) + "]"  # json.dumps(prev): ids need no escapes
        else:
            return None
        try:
            payload = canonical_json(p)
            digest = _digest_of(i, c, t, payload, a, header["d"], header["o"], header["p"], h, prev, sv)
        except (UnicodeEncodeError, RecursionError, ValueError):  # a lone surrogate, too deep: _judge says so
            return None
        event = Event(i, c, _TYPE_OF[t], p, a, header["d"], _ROLE_OF[header["o"]], header["p"], h, tuple(prev), sv)
        try:
            dj.check_envelope(event, self.now_ms, shaped=True)
            self.verdicts.check(event, payload)
        except dj.Refusal:
            return None  # _judge words the reason
        return {
            "_e": event,
            "id": i,
            "case_id": c,
            "type": t,
            "partition": header["p"],
            "device": header["d"],
            "role": header["o"],
            "author": a,
            "hlc": h,
            "prev": prev_text,
            "schema_version": sv,
            "payload": payload,
            "digest": digest,
        }


def _digest_of(
    i: str, c: str, t: str, payload: str, a: str, d: str, o: str, p: str, h: str, prev: list, sv: int
) -> str:
    """``event_digest`` from parts, with the payload's canonical text spliced in rather than written
    twice: canonical JSON of a list is "[" + the members' canonical texts joined by "," + "]"."""
    head = jsonfast.canonical_strings([i, c, t])
    tail = jsonfast.canonical_strings([a, d, o, p, h, prev, sv])
    return hashlib.sha256(f"{head[:-1]},{payload},{tail[1:]}".encode()).hexdigest()


def _judged_row(device: DeviceInfo, header: dict, raw: object) -> dict:
    """The full judge (and its reasons) for what the fast checks did not accept outright."""
    event = _judge(device, header, raw)
    try:
        return _row_of(event, event_digest(event))
    except UnicodeEncodeError:  # text that is not Unicode (a lone surrogate): cannot be stored or hashed
        raise _Reject(proto.REJECT_MALFORMED, "事件含有无效字符(不成对的代理码位)") from None


def _row_of(e: Event, dig: str) -> dict:
    return {
        "_e": e,
        "id": e.id,
        "case_id": e.case_id,
        "type": e.type.value,
        "partition": e.partition,
        "device": e.device,
        "role": e.role.value,
        "author": e.author,
        "hlc": e.hlc,
        "prev": json.dumps(list(e.prev)),
        "schema_version": e.schema_version,
        "payload": canonical_json(e.payload),
        "digest": dig,
    }


_INSERT_COLS = (
    "seq",
    "id",
    "case_id",
    "type",
    "partition",
    "device",
    "role",
    "author",
    "hlc",
    "prev",
    "schema_version",
    "payload",
    "digest",
    "pushed_by",
    "received_at",
)


def _insert_events(conn, rows: list[dict], device_id: str, now) -> None:
    """One DB-API executemany of plain tuples: SQLAlchemy's per-row parameter building cost more than
    the inserts. ``received_at`` goes through the column's own bind processor (once: one value)."""
    proc = _E.c.received_at.type.bind_processor(conn.dialect)
    at = proc(now) if proc else now
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO events ({', '.join(_INSERT_COLS)}) VALUES ({', '.join([mark] * len(_INSERT_COLS))})"
    keys = _INSERT_COLS[:-2]
    conn.exec_driver_sql(sql, [(*(r[k] for k in keys), device_id, at) for r in rows])


@dataclass
class Judged:
    """A pushed batch after the checks that need no database: what is left to store under the lock."""

    device: DeviceInfo
    result: PushResult
    good: list[tuple[int, dict]]
    dead: list[dict]
    seen: bool
    now: object
    judged_rej: int = 0  # rejections and dead letters of the judge; ``store`` adds after these
    judged_dead: int = 0
    charged: bool = False  # its events were reserved from the device's push quota: ``store`` settles it

    @property
    def needs_write(self) -> bool:
        return bool(self.good or self.dead or self.seen)


def judge(device: DeviceInfo, items: list[tuple[int, dict, object]], seen: bool = False) -> Judged:
    """Parse and authorise every event of a batch (CPU only, outside any transaction).

    The pushing device is the author: a group's ``d`` is replaced by the token's device before anything
    else (a token cannot speak for another device), the original kept in the dead-letter list only."""
    result = PushResult(ack=[0] * len(items))
    good: list[tuple[int, dict]] = []
    dead: list[dict] = []
    now = utcnow()
    checker = _Checker(device)
    own: dict[int, dict] = {}
    for idx, header, raw in items:
        bound = own.get(id(header))
        if bound is None:  # whatever ``d`` says (an integer, 10,000 characters): the token's device, as documented
            bound = own[id(header)] = {"p": header.get("p"), "d": device.id, "o": header.get("o")}
        row = checker.row(bound, raw)
        if row is not None:
            good.append((idx, row))
            continue
        try:
            row = _judged_row(device, bound, raw)
        except _Reject as rej:
            result.rej.append([idx, rej.code, rej.message])
            dead.append(_dead(device, now, raw, rej.code, rej.message, {"g": header, "e": raw}))
            continue
        good.append((idx, row))
    return Judged(device, result, good, dead, seen, now, len(result.rej), len(dead))


def _dead(device: DeviceInfo, now, raw: object, code: str, message: str, content: object) -> dict:
    eid = raw.get("i") if isinstance(raw, dict) and isinstance(raw.get("i"), str) else None
    return {
        "at": now,
        "device_id": device.id,
        "event_id": _storable(eid, 64) if eid else None,
        "code": code,
        "message": _storable(message, 2000),
        "raw": _raw_text(content),
    }


def push(
    db: Database, device: DeviceInfo, items: list[tuple[int, dict, object]], seen: bool = False, charged: bool = False
) -> PushResult:
    """Judge, deduplicate and append a pushed batch in one write transaction under the feed lock;
    ``seen`` also records the device's last sync in that transaction (no second write); ``charged``: its
    events were reserved from the push quota (``quota.take``), settled in that transaction too."""
    batch = judge(device, items, seen)
    batch.charged = charged
    if batch.needs_write:
        with db.write() as s:
            store(s, [batch])
    batch.result.rej.sort()
    return batch.result


def store(s, batches: list[Judged]) -> None:
    """Deduplicate and append judged batches, in order, in the caller's write transaction: one for a
    single push, one for a whole group of concurrent pushes (group commit: one lock, one commit, one
    executemany). Sequence numbers are handed out under the feed lock, in the order they commit."""
    conn = s.connection()
    if not any(b.good for b in batches):
        _mark_seen_all(conn, batches)
        dead = [d for b in batches for d in b.dead]
        if dead:
            conn.execute(sm.DeadLetter.__table__.insert(), dead)
        return
    seq = conn.execute(_LOCK_FEED).scalar_one()  # the feed lock (SQLite: BEGIN IMMEDIATE holds it)
    existing: dict[str, tuple[int, str]] = {}
    ids = [row["id"] for b in batches for _, row in b.good]
    existing.update({eid: (s, dig) for eid, s, dig in _in_rows(conn, _HELD_SQL, ids)})  # one query per chunk
    ledgers = _Ledgers(conn, [row for b in batches for _, row in b.good if row["id"] not in existing])
    stats: dict[str, list[int]] = {}
    dead: list[dict] = []
    charges: list[tuple[str, int, int]] = []  # (device, events given back, payload bytes): quota.settle
    for b in batches:
        result = b.result
        rows_new: list[dict] = []
        for idx, row in b.good:
            eid, dig = row["id"], row["digest"]
            held = existing.get(eid)
            if held is not None:
                if held[1] == dig or _relayed(conn, eid, row):
                    result.ack[idx] = held[0]
                    result.dup.append(idx)
                else:
                    msg = proto.REJECT_LABELS[proto.REJECT_CONFLICT]
                    result.rej.append([idx, proto.REJECT_CONFLICT, msg])
                    b.dead.append(_dead(b.device, b.now, {"i": eid}, proto.REJECT_CONFLICT, msg, _stored_dict(row)))
                continue
            try:
                ledgers.admit(row, b.device.id, b.device.carried)
            except Exception as exc:
                if not isinstance(exc, dj.Refusal):
                    log.exception("judging event %s failed", eid)
                    exc = dj.Refusal(proto.REJECT_MALFORMED, "服务器无法判定该事件")
                result.rej.append([idx, exc.code, exc.message])
                b.dead.append(_dead(b.device, b.now, {"i": eid}, exc.code, exc.message, _stored_dict(row)))
                continue
            seq += 1
            existing[eid] = (seq, dig)
            result.ack[idx] = seq
            row["seq"] = seq
            rows_new.append(row)
            st = stats.setdefault(row["partition"], [0, 0])
            st[0] += 1
            st[1] = seq
        if rows_new:
            _insert_events(conn, rows_new, b.device.id, b.now)
        result.accepted = len(rows_new)
        dead += b.dead
        if b.charged and (result.dup or rows_new):
            data = sum(len(r["payload"].encode("utf-8", "replace")) for r in rows_new)
            charges.append((b.device.id, len(result.dup), data))
    ledgers.write_cases()
    quota.settle(conn, charges)
    if stats:
        held_stats = set(conn.execute(_STATS_HELD, {"parts": list(stats)}).scalars())
        updates = [{"b_part": p, "b_count": c, "b_max": m} for p, (c, m) in stats.items() if p in held_stats]
        if updates:
            conn.execute(_STATS_ADD, updates)
        inserts = [{"partition": p, "count": c, "max_seq": m} for p, (c, m) in stats.items() if p not in held_stats]
        if inserts:
            conn.execute(_S.insert(), inserts)
        conn.execute(_SET_SEQ, {"b_seq": seq})
    if dead:
        conn.execute(sm.DeadLetter.__table__.insert(), dead)
    _mark_seen_all(conn, batches)


def _in_rows(conn, sql: str, values: list) -> list:
    """``sql`` (ending in ``IN ({})``) for every value, in chunks, on the DB-API: building and caching
    an expanding IN statement in SQLAlchemy cost more than running it (a few hundred ids a push)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    out: list = []
    for i in range(0, len(values), CHUNK):
        part = values[i : i + CHUNK]
        out += conn.exec_driver_sql(sql.format(", ".join([mark] * len(part))), tuple(part)).all()
    return out


_HISTORY_SQL = (
    "SELECT id, case_id, type, payload, author, device, role, partition, hlc, prev, schema_version"
    " FROM events WHERE case_id IN ({}) ORDER BY seq"
)
_HELD_SQL = "SELECT id, seq, digest FROM events WHERE id IN ({})"
_SAME_BUT_DEVICE = ("case_id", "type", "partition", "role", "author", "hlc", "prev", "schema_version", "payload")
_RELAYED_SQL = f"SELECT {', '.join(_SAME_BUT_DEVICE)} FROM events WHERE id IN ({{}})"


def _relayed(conn, eid: str, row: dict) -> bool:
    """A held event whose digest differs from the pushed one only by ``device`` is the same event: the
    server binds ``device`` to the pushing token, so when a PC restored from another's backup pushed
    that PC's waiting events first, the other PC's own push of them differs there alone. It is a
    duplicate (acked, nothing stored), not a conflict; any other difference still is one."""
    held = _in_rows(conn, _RELAYED_SQL, [eid])
    return bool(held) and all(held[0][i] == row[k] for i, k in enumerate(_SAME_BUT_DEVICE))


def case_history(conn, case_id: str) -> list[Event]:
    """Every stored event of one case, in feed order (the villager's page reads a case this way)."""
    return [_event_of(r) for r in _in_rows(conn, _HISTORY_SQL, [case_id])]


_NUMBERS_SQL = "SELECT case_no FROM cases WHERE case_no IN ({})"


@dataclass(frozen=True)
class CatalogRules:
    """What the judge checks registrations and material events against, from the seed catalog every PC
    ships with and every catalog this server published: each item or bundle code's ``final_level``s
    (``levels``) and its material names (``checklists``, of every version: ``catalog.Checklists``)."""

    levels: dict[str, set[str]]
    checklists: dict[str, frozenset[str]]
    titles: dict[str, str] = field(default_factory=dict)  # code → the catalog's name of it
    limits: dict[str, set[tuple[int, str]]] = field(default_factory=dict)  # code → its promised limits
    names: dict[str, set[str]] = field(default_factory=dict)  # code → its names in every catalog version
    members: dict[str, set[str]] = field(default_factory=dict)  # bundle code → its items, every version


_CATALOG: dict[tuple[str, int], CatalogRules] = {}  # (database, newest catalog) → its rules
# Built once: building the statement on every push cost three times running it.
_NEWEST_CATALOG = select(func.max(sm.RefRow.rseq)).where(sm.RefRow.kind == "catalog")


@functools.cache
def _seed_catalog() -> dict:
    """The seed catalog, read once per process (the file ships with the program)."""
    return json.loads((resources_dir() / "seed" / "catalog.json").read_text(encoding="utf-8"))


def catalog_rules(conn) -> CatalogRules:
    """The catalog's rules for this server's database (read again only when a newer catalog is
    published). A village choosing its own level could send a city's item round the town and the city
    for good; one naming materials the item does not have put them on the town's 一次性告知单."""
    newest = conn.execute(_NEWEST_CATALOG).scalar() or 0
    # a database that published no catalog has the seed's rules, the same for every database: a fresh
    # server (or a test's) does not build them again
    key = (str(conn.engine.url), newest) if newest else ("", 0)
    rules = _CATALOG.get(key)
    if rules is None:
        docs = [_seed_catalog()]
        published = conn.execute(select(sm.RefRow.data).where(sm.RefRow.kind == "catalog"))
        docs += [json.loads(data) for (data,) in published]
        levels: dict[str, set[str]] = {}
        names = Checklists()
        items: dict[str, set[str]] = {}  # every document's items: a bundle may name one listed elsewhere
        for doc in docs:
            for code, found in item_levels(doc).items():
                items.setdefault(code, set()).update(found)
        for doc in docs:
            for code, found in registration_levels(doc, items).items():
                levels.setdefault(code, set()).update(found)
            names.add(doc)
        rules = CatalogRules(
            levels, names.by_code(), dict(names.titles), dict(names.limits), dict(names.names), dict(names.bundles)
        )
        _CATALOG.clear()
        _CATALOG[key] = rules
    return rules


def catalog_levels(conn) -> dict[str, set[str]]:
    """The ``final_level`` a registration may carry for each item code (``catalog_rules``)."""
    return catalog_rules(conn).levels


def check_level(payload: dict, levels: dict[str, set[str]]) -> None:
    """A registration's item is in the catalog and its level is the catalog's."""
    code = payload.get("item_code")
    if code not in levels:
        raise dj.Refusal(dj.PAYLOAD, f"事项编码 {str(code)[:32]} 不在事项目录中")
    if payload.get("final_level") not in levels[code]:
        words = "/".join(LEVEL_LABELS.get(level, "其他") for level in sorted(levels[code]))
        raise dj.Refusal(dj.PAYLOAD, f"办理层级与事项目录不符: {code} 由{words}级办理")


_MATERIAL_TYPES = frozenset(t.value for t in dj.MATERIAL_LISTS)  # the events that name materials, as text


# The event types a town may not author on a city's case (``lifecycle.city_problem``), as text.
_CITY_TYPES = frozenset(t.value for t in CITY_TAKES_OVER | CITY_HOLDS_STEPS)
_CITY_DEVICES = select(sm.Device.region).where(sm.Device.role == Role.CITY.value).distinct()


def city_codes(conn) -> frozenset[str]:
    """The 6-digit codes of the cities this server has enrolled a city device for (revoked or not: a
    city replacing its PC is still a city). There the city decides its items (``lifecycle.city_problem``);
    the desks learn it from the ``city`` reference row published at the enrollment (``auth.announce_city``)."""
    return frozenset(region[:6] for (region,) in conn.execute(_CITY_DEVICES))


class _Ledgers:
    """The judge's view of every case a store touches: each case's stored history, read in one query
    per chunk, and the case numbers already taken. ``admit`` decides one event against its case.
    Case numbers and device tags are read only when the batch holds a registration."""

    def __init__(self, conn, rows: list[dict]) -> None:
        self.conn = conn
        self.cases: dict[str, dj.CaseLedger] = {}
        self.new_cases: list[tuple[str, str, str]] = []  # (case_id, partition, case_no)
        # one pass over the page (its type as text: an enum member's hash is a Python call)
        case_ids: set[str] = set()
        registrations: list[dict] = []
        scans: list[dict] = []
        named = False
        decides = False
        for r in rows:
            case_ids.add(r["case_id"])
            t = r["type"]
            if t == "case_registered":
                registrations.append(r)
            elif t in _MATERIAL_TYPES:
                named = True
            elif t in _CITY_TYPES:
                decides = True
            elif t == _SCAN:
                scans.append(r)
        history: dict[str, list[Event]] = {}
        for r in _in_rows(conn, _HISTORY_SQL, sorted(case_ids)):
            history.setdefault(r.case_id, []).append(_event_of(r))
        self.history = history
        numbers = sorted({n for r in registrations if isinstance(n := r["_e"].payload.get("case_no"), str)})
        self.taken: set[str] = {n for (n,) in _in_rows(conn, _NUMBERS_SQL, numbers)} if numbers else set()
        parts = sorted({r["partition"] for r in registrations})
        self.tags: dict[tuple[str, str], str] = {}
        if parts:
            self.tags = {(p, t): d for p, t, d in conn.execute(_TAGS_HELD, {"parts": parts})}
        owners = sorted(set(self.tags.values()))
        self.revoked = set(conn.execute(_REVOKED, {"ids": owners}).scalars()) if owners else set()
        self._replaces: dict[str, str | None] = {}
        self.new_tags: dict[tuple[str, str], str] = {}
        self.catalog = catalog_rules(conn) if registrations or named else None
        self.checklists = self.catalog.checklists if self.catalog is not None else None
        # the cities with a city device (``city_codes``): asked only of a batch holding a step the
        # city may hold (a decision, a 延期 or a 特别程序)
        self.cities = city_codes(conn) if decides else frozenset()
        # the sizes the scans of the batch may have: what the partition's events named, what is stored
        self.scan_named, self.scan_stored = _scan_sizes(conn, scans) if scans else ({}, {})

    def _check_tag(self, e: Event, number: str, device_id: str, carried: frozenset[str] = frozenset()) -> None:
        """A case number carries its PC's tag: the first device to use a tag in a village owns it, so no
        token can take another PC's numbers. A revoked PC keeps its tags (its cases' numbers carry them):
        only enrollment gives one out again, when every other tag is held (``auth.reserve_tag``); a push
        never takes one, and a revoked PC's tags count toward the limit of two like any other. The
        exceptions are the handover: the PC that enrolled again in the revoked device's place (it sent that
        device's id, ``devices.replaces``) registers its older cases under its old tags; and a PC that
        restored a revoked PC's backup and shows that PC's token with the push (``DeviceInfo.carried``,
        proven in ``auth.carried_devices``) delivers the cases that PC numbered and never delivered (#18).
        Neither takes the tag (``_claim_tag``): whichever copy reaches the town first is the case, the
        other is acknowledged as the same event by its id."""
        tag = number[14:16]
        owner = self.tags.get((e.partition, tag))
        handed_over = owner in self.revoked and (owner in carried or self._successor(owner, device_id))
        if owner is not None and owner != device_id and not handed_over:
            raise dj.Refusal(dj.DUPLICATE_CASE, f"办件编号 {number} 的设备码属于本村另一台电脑")
        if owner is None and sum(d == device_id and p == e.partition for (p, _t), d in self.tags.items()) >= 2:
            # a PC numbers its cases under the tag of its first-run setup and, once enrolled, under the
            # fresh one enrollment gives it: a device claiming tag after tag would take the numbers of
            # every PC the village enrolls later
            raise dj.Refusal(dj.DUPLICATE_CASE, f"办件编号 {number} 的设备码不是本机的设备码")

    def _successor(self, owner: str, device_id: str) -> bool:
        if device_id not in self._replaces:
            self._replaces[device_id] = self.conn.execute(_REPLACES, {"id": device_id}).scalar()
        return self._replaces[device_id] == owner

    def _claim_tag(self, e: Event, number: str, device_id: str) -> None:
        """A free tag becomes the PC's that numbers under it first; a revoked PC's tags stay its own, so
        its successor and a PC carrying its backup can each deliver its cases."""
        key = (e.partition, number[14:16])
        if key not in self.tags:
            self.tags[key] = self.new_tags[key] = device_id

    def admit(self, row: dict, device_id: str, carried: frozenset[str] = frozenset()) -> None:
        e: Event = row["_e"]
        ledger = self.cases.get(e.case_id)
        if ledger is None:
            ledger = self.cases[e.case_id] = dj.CaseLedger(e.case_id, self.history.get(e.case_id, ()))
        registration = e.type is _REGISTERED
        number = e.payload.get("case_no") if registration else None
        if number is not None and number in self.taken:
            raise dj.Refusal(dj.DUPLICATE_CASE, f"办件编号 {number} 已被另一办件使用")
        if number is not None:
            assert self.catalog is not None
            check_level(e.payload, self.catalog.levels)
            dj.check_promise(e.payload, self.catalog.limits)
            dj.check_item_names(e.payload, self.catalog.names, self.catalog.members)
            self._check_tag(e, number, device_id, carried)
        scan = e.type is _SCAN_TYPE
        if scan:
            _check_scan_size(e, self.scan_named, self.scan_stored)
        ledger.admit(e, self.checklists, self.cities)
        if scan:
            self.scan_named.setdefault((e.partition, e.payload["sha256"]), set()).add(e.payload["size"])
        if registration:
            self._claim_tag(e, number, device_id)
            self.taken.add(number)
            self.new_cases.append((e.case_id, e.partition, number))

    def write_cases(self) -> None:
        """The batch's new cases in one DB-API executemany of tuples (as ``_insert_events``: SQLAlchemy's
        per-row parameter building cost more than the insert), then the tags it claimed."""
        if self.new_cases:
            mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
            sql = f"INSERT INTO cases (case_id, partition, case_no) VALUES ({mark}, {mark}, {mark})"
            self.conn.exec_driver_sql(sql, self.new_cases)
        for (partition, tag), device in self.new_tags.items():
            self.conn.execute(_T.delete().where(_T.c.partition == partition, _T.c.tag == tag))
            self.conn.execute(_T.insert(), {"partition": partition, "tag": tag, "device_id": device})


_SCAN = "attachment_added"
_SCAN_TYPE = EventType.ATTACHMENT_ADDED
_SCAN_CHUNK = 50


def _scan_sizes(conn, rows: list[dict]) -> tuple[dict[tuple[str, str], set[int]], dict[str, int]]:
    """For the ``attachment_added`` rows of a store: ({(partition, sha): sizes its stored events name},
    {sha: size of the file the server holds, hash-checked}). Stored payloads are canonical JSON, so a hash
    appears as ``"sha256":"<sha>"`` (the judge let only 64 hex digits through); sizes are read back."""
    wanted: dict[str, set[str]] = {}
    for r in rows:
        wanted.setdefault(r["partition"], set()).add(r["_e"].payload["sha256"])
    ev = sm.ServerEvent
    named: dict[tuple[str, str], set[int]] = {}
    for partition, shas in wanted.items():
        ordered = sorted(shas)
        for i in range(0, len(ordered), _SCAN_CHUNK):
            part = ordered[i : i + _SCAN_CHUNK]
            likes = [ev.payload.like(f'%"sha256":"{sha}"%') for sha in part]
            q = select(ev.payload).where(ev.partition == partition, ev.type == _SCAN, or_(*likes))
            for (text,) in conn.execute(q):
                try:
                    p = jsonfast.loads(text)
                except (ValueError, RecursionError):
                    continue
                if type(p) is dict and p.get("sha256") in shas and type(p.get("size")) is int:
                    named.setdefault((partition, p["sha256"]), set()).add(p["size"])
    every = sorted({sha for shas in wanted.values() for sha in shas})
    a = sm.ServerAttachment
    stored: dict[str, int] = {}
    for i in range(0, len(every), 500):
        q = select(a.sha256, a.size).where(a.sha256.in_(every[i : i + 500]), a.complete.is_(True))
        stored.update({sha: size for sha, size in conn.execute(q)})
    return named, stored


def _check_scan_size(e: Event, named: dict[tuple[str, str], set[int]], stored: dict[str, int]) -> None:
    """One file has one size: an ``attachment_added`` naming a scan the server holds, or one its partition
    named before, with another size is refused (the same file on two cases, same size, is fine). Else a
    hostile device naming a wrong size first had the honest upload stored under the other size, and every
    PC of the village and the town failed that download on every sync. Only the partition's own claims
    and the hash-checked file count: another village's claim could be the wrong one."""
    sha, size = e.payload["sha256"], e.payload["size"]
    held = stored.get(sha)
    if held is not None and held != size:
        raise dj.Refusal(dj.PAYLOAD, f"附件 {sha[:12]}… 在服务器上的文件为 {held} 字节, 与事件所称的 {size} 字节不符")
    sizes = named.get((e.partition, sha))
    if held is None and sizes and size not in sizes:
        known = "、".join(str(n) for n in sorted(sizes))
        words = f"已有事件登记附件 {sha[:12]}… 为 {known} 字节, 与此事件所称的 {size} 字节不符"
        raise dj.Refusal(dj.PAYLOAD, words)


def _event_of(r) -> Event:
    """A stored event row as the judge reads it."""
    prev = () if r.prev == "[]" else tuple(json.loads(r.prev))
    return Event(
        r.id,
        r.case_id,
        EventType(r.type),
        jsonfast.loads(r.payload),
        r.author,
        r.device,
        Role(r.role),
        r.partition,
        r.hlc,
        prev,
        r.schema_version,
    )


def _mark_seen_all(conn, batches: list[Judged]) -> None:
    seen = [{"b_id": b.device.id, "b_at": b.now} for b in batches if b.seen]
    if seen:
        conn.execute(MARK_SEEN, seen)


def _stored_dict(row: dict) -> dict:
    """The event of a row, as ``Event.to_dict`` writes it (what the dead-letter list keeps)."""
    return {
        "id": row["id"],
        "case_id": row["case_id"],
        "type": row["type"],
        "payload": jsonfast.loads(row["payload"]),
        "author": row["author"],
        "device": row["device"],
        "role": row["role"],
        "partition": row["partition"],
        "hlc": row["hlc"],
        "prev": json.loads(row["prev"]),
        "schema_version": row["schema_version"],
    }


def _scope_range(scope: str) -> tuple[str, str]:
    """The partitions of a scope as a range: a village is itself, a town its own partition (its reports
    to the city, ``000``) and its villages 001..999, a city every code under its six digits (its towns'
    own partitions among them)."""
    if proto.is_city(scope):
        return scope[:6] + "000001", scope[:6] + "999999"
    if proto.is_town(scope):
        return scope[:9] + "000", scope[:9] + "999"
    return scope, scope


@dataclass
class PullResult:
    groups: list[dict]
    cursors: dict[str, int]
    more: bool
    counts: dict[str, int] | None
    events: int
    ref: dict | None


def pull(db: Database, device: DeviceInfo, cursors: dict[str, int], limit: int, own: bool, ref: int) -> PullResult:
    out_events: list = []
    new_cursors: dict[str, int] = {}
    more = False
    budget = proto.MAX_PAGE_BYTES
    with db.snapshot_conn() as conn:
        hi, ref_hi = conn.execute(READ_FEED).one()
        for scope in device.scopes:
            cur = min(cursors.get(scope, 0), hi)
            new_cursors[scope] = cur
            room = limit - len(out_events)
            if room <= 0 or budget <= 0:
                more = more or cur < hi
                continue
            if cur >= hi:
                continue  # idle: nothing above the watermark, no query needed
            lo, top = _scope_range(scope)
            params = {"lo": lo, "cur": cur, "top": hi, "lim": room}
            if lo != top:
                params["hi"] = top
            if not own:
                params["dev"] = device.id
            rows = conn.execute(_PAGE[own, lo == top], params).all()
            last = cur
            full = len(rows) == room
            for r in rows:
                payload = r.payload  # JSON text: its UTF-8 bytes count (a CJK character is 3 of them)
                size = (len(payload.encode()) if isinstance(payload, str) else len(payload)) + 200
                if budget - size < 0 and out_events:
                    full = True
                    break
                budget -= size
                out_events.append(r)
                last = r.seq
            if full:
                new_cursors[scope] = last
                more = True
            else:
                new_cursors[scope] = hi
        counts = None
        if not more:
            counts = {}
            for scope in device.scopes:
                lo, top = _scope_range(scope)
                counts.update({p: c for p, c in conn.execute(_COUNTS, {"lo": lo, "hi": top})})
        ref_out = _ref_changes(conn, device, ref, ref_hi)
    return PullResult(_wire_groups(out_events), new_cursors, more, counts, len(out_events), ref_out)


def _wire_groups(rows: list) -> list[dict]:
    """Stored rows straight to wire groups (same shape as protocol.group_events, without Event objects);
    payloads go out as the stored canonical text, never parsed and written again."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    raw = jsonfast.RawJSON
    for seq, eid, case_id, etype, partition, dev, role, author, hlc, prev, sv, payload in rows:
        item = {"i": eid, "c": case_id, "t": etype, "a": author, "h": hlc, "p": raw(payload), "q": seq}
        if prev != "[]":
            item["r"] = raw(prev)  # stored as JSON text of the ids: sent as it is
        if sv != SCHEMA_VERSION:
            item["s"] = sv
        key = (partition, dev, role)
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
        group.append(item)
    return [{"p": p, "d": d, "o": o, "e": items} for (p, d, o), items in groups.items()]


def _notice_visible(device: DeviceInfo, region: str | None) -> bool:
    if region is None:
        return True
    if region == device.region:
        return True
    if proto.is_village(device.region):
        return region == proto.town_of(device.region)  # a notice to my town reaches its villages
    if proto.is_city(device.region) and proto.is_region_code(region):
        return region[:6] == device.region[:6]  # the city sees notices to its towns and villages
    return proto.in_scope(device.region, region)  # a clerk sees notices to the villages of its town


def _ref_changes(conn, device: DeviceInfo, ref: int, ref_hi: int) -> dict:
    out: dict = {"v": ref_hi}
    if ref >= ref_hi:
        return out
    rows = conn.execute(_REF, {"ref": ref, "top": ref_hi})
    changes = []
    for r in rows:
        if r.kind == "notice" and not _notice_visible(device, r.region):
            continue
        item = {"n": r.rseq, "k": r.kind, "id": r.key, "d": jsonfast.RawJSON(r.data)}
        if r.region:
            item["r"] = r.region
        if r.effective_from:
            item["f"] = r.effective_from
        changes.append(item)
    if changes:
        out["rows"] = changes
    return out


def publish_ref(
    db: Database, kind: str, key: str, data: object, region: str | None = None, effective_from: str | None = None
) -> int:
    """Publish a reference-data row (under the feed lock, so reference cursors never skip either)."""
    if kind not in proto.REF_KINDS:
        raise ValueError(f"unknown reference kind {kind}")
    with db.write() as s:
        state = db.lock_feed(s)
        state.ref_seq += 1
        s.add(
            sm.RefRow(
                rseq=state.ref_seq,
                kind=kind,
                key=key,
                region=region,
                effective_from=effective_from,
                data=json.dumps(data, ensure_ascii=False),
                created_at=utcnow(),
            )
        )
        return state.ref_seq


def dead_letters(db: Database, limit: int = 1000) -> list[sm.DeadLetter]:
    with db.read() as s:
        return list(s.scalars(select(sm.DeadLetter).order_by(sm.DeadLetter.id.desc()).limit(limit)))
