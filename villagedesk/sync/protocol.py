"""The wire schema shared by the desktop client and the town server (see docs/sync-protocol.md).

Plain dicts on the wire, short keys, gzip both ways: on a 2G link every byte and every round trip
counts. Partition, device and role travel once per group of events, not once per event. This module
is pure (no HTTP, no SQL) so both sides validate with exactly the same rules.
"""

from __future__ import annotations

import gzip
import re
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

from villagedesk.domain import jsonfast
from villagedesk.domain.controls import has_control, printable_ascii
from villagedesk.domain.events import SCHEMA_VERSION, Event
from villagedesk.domain.lifecycle import EventType, Role

PROTOCOL_VERSION = 2  # 2: /api/v1/sync bodies in the compact encoding of sync/codec.py (zstd, ids once)
MIN_PROTOCOL_VERSION = 1  # older clients are still served (their data is never stranded) and told to upgrade
PROTOCOL_HEADER = "X-VillageDesk-Protocol"
MAX_BODY_BYTES = 8 * 1024 * 1024  # decompressed request body; larger gets 413 and the client splits
MAX_GZIP_BYTES = 2 * 1024 * 1024
MAX_PAGE_EVENTS = 5000
DEFAULT_PAGE_EVENTS = 2000
MAX_PAGE_BYTES = 512 * 1024  # raw JSON bytes of one pulled page (before gzip)

_CODE12 = re.compile(r"[0-9]{12}")
# An HLC: 13 ASCII digits of wall ms, 5 of counter, then the node (an honest one is the device id's first
# 12 characters). ASCII only: ``\d`` would take Arabic-Indic or fullwidth digits (which sort wrongly), and
# a node of any non-space character took NUL (a 500 on PostgreSQL), ESC and bidi overrides.
HLC_NODE_CHARS = "A-Za-z0-9._:~-"
_HLC = re.compile(rf"[0-9]{{13}}-[0-9]{{5}}-[{HLC_NODE_CHARS}]{{1,64}}", re.ASCII)


class ProtocolError(ValueError):
    """A request or reply does not follow the schema; ``field`` names where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- regions and scopes ---------------------------------------------------------------------------


def is_region_code(code: object) -> bool:
    return isinstance(code, str) and _CODE12.fullmatch(code) is not None


def is_village(code: object) -> bool:
    """A village (or community) partition: 12 digits, not a town/street code ending in 000."""
    return is_region_code(code) and not str(code).endswith("000")


def is_town(code: object) -> bool:
    return is_region_code(code) and str(code).endswith("000") and not str(code).endswith("000000")


def is_city(code: object) -> bool:
    """A city (市级) scope: the 6-digit city code followed by 000000, e.g. 济源 419001000000."""
    return is_region_code(code) and str(code).endswith("000000") and not str(code).startswith("000000")


def is_partition(code: object) -> bool:
    """A partition of the event log: a village's, or a town's own (its reports to the city)."""
    return is_village(code) or is_town(code)


def town_of(village: str) -> str:
    """The town a village belongs to: village code = town code[:9] + 3 digits."""
    return village[:9] + "000"


def in_scope(scope: str, partition: str) -> bool:
    """Whether ``partition`` lies in ``scope``: a village's in that village, its town and its city; a
    town's own (its reports to the city) in that town and its city, never in a village or another town."""
    if is_town(partition):
        return scope == partition or (is_city(scope) and partition[:6] == scope[:6])
    if not is_village(partition):
        return False
    if scope == partition:
        return True
    if is_city(scope):
        return partition[:6] == scope[:6]
    return is_town(scope) and partition[:9] == scope[:9]


def scopes_for(role: Role | str, region: str) -> list[str]:
    """Pull scopes of a device: its village for an agent, its town (all its villages) for a clerk, its
    city (every village of every town of it) for a city clerk."""
    return [region]


# --- events ---------------------------------------------------------------------------------------


def event_to_wire(e: Event, seq: int | None = None) -> dict[str, Any]:
    """The per-event part; partition, device and role go in the group header."""
    out: dict[str, Any] = {"i": e.id, "c": e.case_id, "t": e.type.value, "a": e.author, "h": e.hlc, "p": e.payload}
    if e.prev:
        out["r"] = list(e.prev)
    if e.schema_version != SCHEMA_VERSION:
        out["s"] = e.schema_version
    if seq is not None:
        out["q"] = seq
    return out


def event_from_wire(item: object, partition: str, device: str, role: str) -> Event:
    """Rebuild an Event from a wire item and its group header; raises ProtocolError when malformed.
    Every message is a Chinese sentence naming the field, never the value sent (it may be hostile)."""
    if type(item) is jsonfast.DuplicateKeys:
        raise ProtocolError("event", "事件对象含有重复的键")
    if not isinstance(item, dict):
        raise ProtocolError("event", "事件应为对象")
    i, c, t, a, h, p = item.get("i"), item.get("c"), item.get("t"), item.get("a"), item.get("h"), item.get("p")
    if not isinstance(i, str) or not _UUID_LOWER.fullmatch(i):
        raise ProtocolError("i", "事件编号应为小写带连字符的 UUID")
    if not isinstance(c, str) or not _UUID_LOWER.fullmatch(c):
        raise ProtocolError("c", "办件编号应为小写带连字符的 UUID")
    if t not in _TYPE_OF:
        raise ProtocolError("t", "未知的事件类型")
    if not isinstance(a, str) or not 0 < len(a) <= 64 or not a.isprintable():
        raise ProtocolError("a", "作者标识应为 1..64 个可显示字符")
    if not isinstance(h, str) or not _HLC.fullmatch(h):
        raise ProtocolError("h", "HLC 时间戳格式错误(应为 13 位毫秒-5 位计数-节点, 仅限 ASCII)")
    if type(p) is jsonfast.DuplicateKeys:
        raise ProtocolError("p", "事件内容含有重复的键")
    if not isinstance(p, dict):
        raise ProtocolError("p", "事件内容应为对象")
    r = item.get("r") or []
    if not isinstance(r, list) or len(r) > MAX_PREV or not all(type(x) is str and _UUID_LOWER.fullmatch(x) for x in r):
        raise ProtocolError("r", f"前序事件编号应为至多 {MAX_PREV} 个小写带连字符的 UUID")
    sv = item.get("s", SCHEMA_VERSION)
    if type(sv) is not int or not 1 <= sv <= SCHEMA_VERSION_MAX:
        raise ProtocolError("s", f"事件结构版本应为 1..{SCHEMA_VERSION_MAX} 的整数")
    if not is_partition(partition):
        raise ProtocolError("p", "分区应为12位村级或乡镇区划代码")
    if not isinstance(device, str) or not 0 < len(device) <= 64 or has_control(device):
        raise ProtocolError("d", "设备标识无效")
    try:
        return Event(i, c, _TYPE_OF[t], p, a, device, _ROLE_OF[role], partition, h, tuple(r), sv, item.get("q"))
    except (KeyError, TypeError, ValueError):
        raise ProtocolError("event", "事件格式错误") from None


SCHEMA_VERSION_MAX = 1000  # the wire takes 1..1000; the judge refuses above its own SCHEMA_VERSION
MAX_PREV = 64  # ``r``: the case's heads the author saw (the judge's MAX_PREV)


def group_events(events: list[Event], seqs: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Events grouped by (partition, device, role) for the wire, in the given order within a group."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for e in events:
        key = (e.partition, e.device, e.role.value)
        groups.setdefault(key, []).append(event_to_wire(e, (seqs or {}).get(e.id, e.server_seq)))
    return [{"p": p, "d": d, "o": o, "e": items} for (p, d, o), items in groups.items()]


def ungroup(groups: object, field: str) -> list[tuple[int, dict[str, Any], object]]:
    """Flatten wire groups into (index, header, raw item) in wire order; the header is checked,
    the items are not (each one is judged on its own so one bad event never sinks the batch)."""
    if groups is None:
        return []
    if not isinstance(groups, list):
        raise ProtocolError(field, "应为数组")
    flat: list[tuple[int, dict[str, Any], object]] = []
    for g in groups:
        if not isinstance(g, dict) or not isinstance(g.get("e"), list):
            raise ProtocolError(field, "事件组格式错误")
        header = {"p": g.get("p"), "d": g.get("d"), "o": g.get("o")}
        for item in g["e"]:
            flat.append((len(flat), header, item))
    return flat


def parse_group_event(header: dict[str, Any], item: object) -> Event:
    p, d, o = header.get("p"), header.get("d"), header.get("o")
    if not isinstance(p, str) or not isinstance(d, str) or not d or not isinstance(o, str):
        raise ProtocolError("group", "事件组缺少分区/设备/角色")
    if o not in _ROLE_OF:
        raise ProtocolError("o", "未知的角色")
    return event_from_wire(item, p, d, o)


_UUID_LOWER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ROLE_OF = {r.value: r for r in Role}
_TYPE_OF = {t.value: t for t in EventType}


def _header_ok(header: dict[str, Any]) -> bool:
    p, d, o = header.get("p"), header.get("d"), header.get("o")
    return type(p) is str and type(d) is str and 0 < len(d) <= 64 and o in _ROLE_OF and is_partition(p)


def quick_event(header: dict[str, Any], item: object) -> Event | None:
    """The common well-formed event, checked field by field without building throw-away objects;
    None when anything is unusual, and then ``parse_group_event`` decides (and says why). Accepts a
    subset of what ``parse_group_event`` accepts, and builds the same Event."""
    if type(item) is not dict:
        return None
    i, c, t, a, h, p = item.get("i"), item.get("c"), item.get("t"), item.get("a"), item.get("h"), item.get("p")
    if not (
        type(i) is str
        and type(c) is str
        and type(a) is str
        and type(h) is str
        and type(p) is dict
        and 0 < len(a) <= 64
        and t in _TYPE_OF
        and _UUID_LOWER.fullmatch(i)
        and _UUID_LOWER.fullmatch(c)
        and _HLC.fullmatch(h)
    ):
        return None
    sv = item.get("s", SCHEMA_VERSION)
    if type(sv) is not int or not 1 <= sv <= 1000:
        return None
    r = item.get("r")
    if not r:
        prev: tuple[str, ...] = ()
    elif type(r) is list and all(type(x) is str and _UUID_LOWER.fullmatch(x) for x in r):
        prev = tuple(r)
    else:
        return None
    return Event(i, c, _TYPE_OF[t], p, a, header["d"], _ROLE_OF[header["o"]], header["p"], h, prev, sv, item.get("q"))


def parse_events(groups: object, field: str) -> list[Event]:
    """Every well-formed event of wire groups, in wire order; malformed ones are left out (a page the
    server already validated: an event of a newer schema this client cannot read stays on the server)."""
    out: list[Event] = []
    checked: dict[int, bool] = {}
    for _, header, item in ungroup(groups, field):
        ok = checked.get(id(header))
        if ok is None:
            ok = checked[id(header)] = _header_ok(header)
        event = quick_event(header, item) if ok else None
        if event is None:
            try:
                event = parse_group_event(header, item)
            except ProtocolError:
                continue
        out.append(event)
    return out


# --- requests -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrollRequest:
    code: str
    device: str | None
    version: int


@dataclass(frozen=True)
class SyncRequest:
    version: int
    push: list[tuple[int, dict[str, Any], object]]  # (index, group header, raw event)
    cursors: dict[str, int]
    ref: int
    limit: int
    own: bool  # include this device's own events in the pull (after drift, to re-converge)
    client_ms: int | None
    audit: AuditClaim | None = None  # the device's audit-chain head (docs/audit.md); old clients send none
    # ``was``: (device id, token) of revoked PCs whose backup this PC restored: the token proves it holds
    # that PC's data, so the cases that PC numbered and never delivered go up from here (#18)
    carried: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AuditClaim:
    """``aud`` of a sync request: the head of the device's audit chain, the hash it holds at the seq the
    server last confirmed, and what its own check found. ``malformed``: the field was there but broken
    (recorded as an alert; the sync itself goes on)."""

    seq: int
    hash: str
    known_seq: int | None
    known_hash: str
    findings: tuple[str, ...]
    malformed: str = ""
    entries: object = None  # ``e``: the chain's entries after those the town holds, judged by the server
    roster: object = None  # ``n``: the device's accounts' names (账号名单), judged by the server
    logins: object = None  # ``u``: those accounts' login names, judged by the server


AUDIT_FINDINGS_MAX = 20
AUDIT_FINDING_CHARS = 200
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def is_utf8_text(value: str) -> bool:
    """Text a database and a reply can hold: JSON allows lone surrogates (\\ud800), UTF-8 does not."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_audit(value: object) -> AuditClaim | None:
    """The optional ``aud`` object; never raises (a broken one must not stop the sync of the events)."""
    if value is None:
        return None
    bad = AuditClaim(0, "", None, "", (), "留痕字段格式错误")
    if not isinstance(value, dict):
        return bad
    seq, h, ks, kh, found = value.get("s"), value.get("h"), value.get("ks"), value.get("kh", ""), value.get("bad", [])
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= 2**62:
        return bad
    if not isinstance(h, str) or not _HEX64.match(h):
        return bad
    if ks is not None and (not isinstance(ks, int) or isinstance(ks, bool) or not 0 <= ks <= 2**62):
        return bad
    if not isinstance(kh, str) or (kh and not _HEX64.match(kh)):
        return bad
    if not isinstance(found, list) or len(found) > AUDIT_FINDINGS_MAX or not all(isinstance(f, str) for f in found):
        return bad
    findings = tuple("".join(ch for ch in f[:AUDIT_FINDING_CHARS] if ch.isprintable()) for f in found)
    return AuditClaim(seq, h, ks, kh, findings, "", value.get("e"), value.get("n"), value.get("u"))


def _uuid(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ProtocolError(field, "应为 UUID 字符串")
    try:
        return str(uuid.UUID(value))  # the canonical spelling: lower-case, dashed
    except ValueError:
        raise ProtocolError(field, "应为 UUID 字符串") from None


def _int(value: object, field: str, lo: int, hi: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise ProtocolError(field, f"应为 {lo}..{hi} 的整数")
    return value


VERSION_REFUSED = "不支持的协议版本"  # how every server version words it: a client falls back on seeing it
VERSION_HEADER_PLACE = f"请求头 {PROTOCOL_HEADER}"
VERSION_BODY_PLACE = "请求体中的 v"


class VersionRefused(ProtocolError):
    """A protocol version the server does not speak, naming the place that carries it (the header or the
    body's ``v``): a request has two and the person reading the reply must know which one to fix. Its
    text is the message alone (it names the place already)."""

    def __str__(self) -> str:
        return self.message


def check_version(value: object, newest: int = PROTOCOL_VERSION, place: str = VERSION_HEADER_PLACE) -> int:
    """The client's protocol version; too new is refused (the server must be upgraded first).
    ``newest``: what this server speaks (a server may be held at an older version); ``place``: where the
    value came from, named in the refusal. Every refusal says ``VERSION_REFUSED``, a malformed value too
    (text that is not a short run of ASCII digits, a float, a bool, an integer of 5,000 digits): a client's
    fallback looks for that text alone, and the value itself is never echoed."""
    field = PROTOCOL_HEADER if place == VERSION_HEADER_PLACE else "v"
    supported = f"服务器支持 {MIN_PROTOCOL_VERSION}..{newest}"
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise VersionRefused(field, f"{VERSION_REFUSED}: {place} 应为整数({supported})")
    if value < MIN_PROTOCOL_VERSION or value > newest:
        raise VersionRefused(field, f"{VERSION_REFUSED}: {place} 不在服务器支持的范围内({supported})")
    return value


def is_version_refusal(status: int, message: str) -> bool:
    """A server's 400 for a protocol version newer than its own (any server version since 1 says so)."""
    return status == 400 and VERSION_REFUSED in message


def body_version(value: object, newest: int = PROTOCOL_VERSION) -> int:
    """The body's ``v``: a JSON integer (the header is text; the body is not, so ``"1"`` is refused)."""
    if isinstance(value, str):
        value = None  # never read as digits: the refusal below names the body
    return check_version(value, newest, VERSION_BODY_PLACE)


def parse_enroll(body: object, newest: int = PROTOCOL_VERSION) -> EnrollRequest:
    if not isinstance(body, dict):
        raise ProtocolError("body", "请求体应为 JSON 对象")
    version = body_version(body.get("v"), newest)
    code = body.get("code")
    if not isinstance(code, str) or not printable_ascii(code.strip(" "), 64):  # looked up: no NUL, no ESC
        raise ProtocolError("code", "注册码格式错误")
    device = body.get("dev")
    return EnrollRequest(normalise_code(code), _uuid(device, "dev") if device is not None else None, version)


def parse_sync(body: object, newest: int = PROTOCOL_VERSION) -> SyncRequest:
    if not isinstance(body, dict):
        raise ProtocolError("body", "请求体应为 JSON 对象")
    version = body_version(body.get("v"), newest)
    push = ungroup(body.get("push"), "push")
    cursors_raw = body.get("cur", {})
    if not isinstance(cursors_raw, dict) or len(cursors_raw) > 1000:
        raise ProtocolError("cur", "游标应为 {分区: 序号} 对象")
    cursors = {}
    for scope, seq in cursors_raw.items():
        if not is_region_code(scope):
            raise ProtocolError("cur", "游标中的分区代码无效(应为12位数字)")
        cursors[scope] = _int(seq, "cur", 0, 2**62)
    ref = _int(body.get("ref", 0), "ref", 0, 2**62)
    limit = _int(body.get("lim", DEFAULT_PAGE_EVENTS), "lim", 0, MAX_PAGE_EVENTS)
    own = body.get("own", False)
    if not isinstance(own, bool):
        raise ProtocolError("own", "应为 true/false")
    client_ms = body.get("t")
    if client_ms is not None:
        client_ms = _int(client_ms, "t", 0, 2**62)
    carried = parse_carried(body.get("was"))
    return SyncRequest(version, push, cursors, ref, limit, own, client_ms, parse_audit(body.get("aud")), carried)


MAX_CARRIED = 8  # backups of this many earlier PCs restored here, at most


def parse_carried(raw: object) -> tuple[tuple[str, str], ...]:
    """``was``: a list of ``{"d": device id, "t": token}``; absent on most requests."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_CARRIED:
        raise ProtocolError("was", f"应为最多{MAX_CARRIED}项的列表")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("d"), str) or not isinstance(item.get("t"), str):
            raise ProtocolError("was", "每项应含设备编号 d 与令牌 t")
        if len(item["d"]) > 64 or len(item["t"]) > 256:
            raise ProtocolError("was", "设备编号或令牌过长")
        out.append((item["d"], item["t"]))
    return tuple(out)


def normalise_code(code: str) -> str:
    """Enrollment codes are read aloud and typed: case, spaces and dashes do not matter."""
    return re.sub(r"[\s\-]", "", code).upper()


# what the town server issues (``server.auth.create_code``): 12 of these, shown as XXXX-XXXX-XXXX
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are read aloud and typed
CODE_LENGTH = 12


def well_formed_code(code: str) -> bool:
    """Whether ``code`` (typed with any case, spaces or dashes) can be one the server issued."""
    bare = normalise_code(code)
    return len(bare) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in bare)


# --- rejection codes ------------------------------------------------------------------------------

REJECT_MALFORMED = "malformed"
REJECT_PARTITION = "partition"  # outside the device's partitions
REJECT_ROLE = "role"  # the event's role is not the device's role
REJECT_TYPE = "type"  # the role may not author this event type
REJECT_CONFLICT = "conflict"  # an event with this id and different content exists

REJECT_LABELS = {
    REJECT_MALFORMED: "事件格式错误",
    REJECT_PARTITION: "无权写入该地区的数据",  # with the code: partition_refusal names its level
    REJECT_ROLE: "事件角色与本设备角色不符",
    REJECT_TYPE: "该角色无权办理此类事项",
    REJECT_CONFLICT: "同一事件编号已存在但内容不同",
}


def partition_refusal(code: str) -> str:
    """The partition refusal, naming the code by its level: a town's own partition (its reports, the
    city's inspections of it) is no village, and the sentence once called it one."""
    if is_village(code):
        where = "该村"
    elif is_town(code):
        where = "该镇"
    elif is_city(code):
        where = "该市"
    else:
        where = "该地区"
    return f"无权写入{where}的数据: {code}"


# public: domain/public_settings.py; city: a city device was enrolled for that city (auth.announce_city)
REF_KINDS = ("catalog", "regions", "calendar", "notice", "public", "city")


# --- gzip -----------------------------------------------------------------------------------------


# gzip levels: 1-3 run zlib's fast matcher (a third of level 6's CPU, ~20 % more bytes), 4+ its lazy one.
# Pushed batches take level 3 (~54 B/event); pulled pages level 4, as pulls are the bigger share of a
# 2G link's traffic (~52 B/event; level 6 saves 4 more bytes at 1.4x the CPU).
PUSH_GZIP_LEVEL = 3
REPLY_GZIP_LEVEL = 4


def encode_body(data: Any, level: int = 6) -> bytes:
    """JSON (UTF-8, no spaces) then gzip."""
    raw = jsonfast.dumps_bytes(data)
    return gzip.compress(raw, compresslevel=level, mtime=0)


def decode_body(data: bytes, gzipped: bool, limit: int = MAX_BODY_BYTES) -> Any:
    """Parse a (possibly gzipped) JSON body; raises ProtocolError on garbage or a bomb."""
    if gzipped:
        if len(data) > MAX_GZIP_BYTES:
            raise BodyTooLarge("body", "请求体过大")
        raw = gunzip(data, limit)
    else:
        raw = data
    if len(raw) > limit:
        raise BodyTooLarge("body", "请求体过大")
    return parse_wire(raw)


def parse_wire(raw: bytes) -> Any:
    """The JSON document of a body, v1 (after gzip) and v2 (after the id table) alike: the one reader, so
    an integer beyond 64 bits or a duplicate key refuses its own event in either encoding (the judge
    reads the markers ``jsonfast.loads_wire`` leaves), never the body. A duplicate key in the body's own
    object cannot be judged per event: a 400."""
    try:
        doc = jsonfast.loads_wire(raw)
    except (ValueError, RecursionError):
        raise ProtocolError("body", "请求体不是有效的 JSON") from None
    if type(doc) is jsonfast.DuplicateKeys:
        raise ProtocolError("body", "请求体的 JSON 对象含有重复的键")
    return doc


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip (every member, zero padding between them skipped, as ``gzip`` reads it) and
    stop after ``limit`` + 1 bytes. zlib directly: ``GzipFile.read(limit)`` set up a buffer of the
    limit's size, ~0.1 ms for each small sync body."""
    parts: list[bytes] = []
    room = limit + 1
    rest = data
    if not rest:
        return b""  # as GzipFile reads it; then "not valid JSON"
    try:
        while True:
            d = zlib.decompressobj(wbits=31)
            out = d.decompress(rest, room)
            parts.append(out)
            room -= len(out)
            if room <= 0:
                break  # over the limit: the caller refuses it
            if not d.eof:
                raise ProtocolError("body", "gzip 数据损坏")  # cut short
            rest = d.unused_data.lstrip(b"\x00")
            if not rest:
                break
    except zlib.error:
        raise ProtocolError("body", "gzip 数据损坏") from None
    return b"".join(parts)


class BodyTooLarge(ProtocolError):
    """More than MAX_BODY_BYTES: the client should split its batch."""


# --- JSON schemas (the OpenAPI contract; the server serves them) ------------------------------------

_UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"  # the one spelling judged

_EVENT_SCHEMA = {
    "type": "object",
    "description": "One event. i=id, c=case id, t=type, a=author, h=HLC, p=payload, r=prev ids, s=schema version, "
    "q=server sequence (pull only)",
    "properties": {
        "i": {"type": "string", "pattern": _UUID_PATTERN},
        "c": {"type": "string", "pattern": _UUID_PATTERN},
        "t": {"type": "string", "enum": [t.value for t in EventType]},
        "a": {"type": "string", "minLength": 1, "maxLength": 64},
        "h": {"type": "string", "pattern": rf"^[0-9]{{13}}-[0-9]{{5}}-[{HLC_NODE_CHARS}]{{1,64}}$"},
        "p": {"type": "object", "description": "strict JSON: finite numbers, no lone surrogates, no NUL, depth <= 12"},
        "r": {"type": "array", "maxItems": 64, "items": {"type": "string", "pattern": _UUID_PATTERN}},
        "s": {"type": "integer", "minimum": 1, "maximum": SCHEMA_VERSION},
        "q": {"type": "integer"},
    },
    "required": ["i", "c", "t", "a", "h", "p"],
}
_GROUP_SCHEMA = {
    "type": "object",
    "description": "Events of one partition (p), authoring device (d) and role (o)",
    "properties": {
        "p": {"type": "string", "pattern": r"^[0-9]{12}$"},
        "d": {"type": "string"},
        "o": {"type": "string", "enum": [r.value for r in Role]},
        "e": {"type": "array", "items": _EVENT_SCHEMA},
    },
    "required": ["p", "d", "o", "e"],
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "EnrollRequest": {
        "type": "object",
        "properties": {
            "v": {"type": "integer", "description": "protocol version"},
            "code": {"type": "string", "description": "one-time enrollment code"},
            "dev": {"type": "string", "format": "uuid", "description": "the device's own id, kept if free"},
        },
        "required": ["v", "code"],
    },
    "EnrollReply": {
        "type": "object",
        "properties": {
            "v": {"type": "integer"},
            "dev": {"type": "string"},
            "tok": {"type": "string", "description": "bearer token (shown once; stored hashed)"},
            "role": {"type": "string"},
            "region": {"type": "string"},
            "name": {"type": "string"},
            "parts": {"type": "array", "items": {"type": "string"}},
            "bk": {"type": "string", "description": "key for USB bundles (HMAC-SHA256; base64url of 32 bytes)"},
            "tag": {"type": "string", "description": "device tag of the PC's case numbers, free in its village"},
            "now": {"type": "integer", "description": "server time, ms since epoch"},
        },
    },
    "SyncRequest": {
        "type": "object",
        "properties": {
            "v": {"type": "integer", "description": "protocol version"},
            "push": {"type": "array", "items": _GROUP_SCHEMA},
            "cur": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "scope → cursor"},
            "ref": {"type": "integer", "description": "reference-data version the client holds"},
            "lim": {"type": "integer", "description": "max events in the pulled page"},
            "own": {"type": "boolean", "description": "also pull this device's own events (re-convergence)"},
            "t": {"type": "integer", "description": "client clock, ms since epoch"},
        },
        "required": ["v"],
    },
    "SyncReply": {
        "type": "object",
        "properties": {
            "v": {"type": "integer"},
            "now": {"type": "integer"},
            "ack": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "server seq per pushed event, 0 = not",
            },
            "dup": {"type": "array", "items": {"type": "integer"}, "description": "indexes already held"},
            "rej": {"type": "array", "items": {"type": "array"}, "description": "[index, code, message]"},
            "pull": {"type": "array", "items": _GROUP_SCHEMA},
            "cur": {"type": "object", "additionalProperties": {"type": "integer"}},
            "more": {"type": "boolean"},
            "cnt": {"type": "object", "additionalProperties": {"type": "integer"}},
            "ref": {"type": "object"},
            "upg": {"type": "boolean"},
        },
    },
}
