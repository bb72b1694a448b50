"""Judge an event against the domain before it enters a shared log: the town server runs this on every
pushed event and a client on every pulled one, so no device can put into the log what no honest action
could have produced.

Two levels. ``check_event`` needs nothing but the event and a clock: canonical ids, an HLC inside the
window around the judge's clock, strict JSON (finite numbers, real Unicode, bounded depth and size) and
the payload rules of its type (``payloads.clean_payload`` for actions, ``check_registration``).
``CaseLedger`` knows one case's history: the partition fixed by its registration, one registration per
case, and the lifecycle transition legal *in the state its author had seen* (the case's events named in
``prev`` and their ancestors; an event naming none of them is judged against the case as it stands),
and, given the server's catalog, that the materials an event names are on its item's checklist
(``check_materials``).
Concurrent events that were each legal where their author stood are kept
(the projection marks the case as in conflict, as before); an event that was impossible even there is
refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from villagedesk.domain import mandate as mandates
from villagedesk.domain import town_report
from villagedesk.domain.case_numbers import CASE_NO
from villagedesk.domain.catalog import limit_words, promised_limit
from villagedesk.domain.controls import has_control
from villagedesk.domain.custody import HOLDERS
from villagedesk.domain.deadlines import LimitUnit
from villagedesk.domain.errors import TransitionError, ValidationError
from villagedesk.domain.events import SCHEMA_VERSION, Event
from villagedesk.domain.hlc import wall_ms_of
from villagedesk.domain.inspection_record import role_problem
from villagedesk.domain.jsonfast import DuplicateKeys, HugeInt
from villagedesk.domain.lifecycle import (
    DECISION_OUTCOMES,
    PAUSED_STATES,
    RULES,
    STREAM_STARTS,
    EventType,
    Role,
    Rule,
    State,
    _rules_for,
    city_problem,
    next_state,
)
from villagedesk.domain.payloads import check_supply, clean_payload
from villagedesk.domain.progress_report import town_report_id
from villagedesk.domain.projection import CaseView, apply, names_of, project
from villagedesk.domain.rating_record import rating_id

# Refusal codes (the wire's ``rej`` codes; see docs/sync-protocol.md).
MALFORMED = "malformed"
PAYLOAD = "payload"
CLOCK = "clock"
PARTITION = "partition"
UNKNOWN_CASE = "unknown_case"
DUPLICATE_CASE = "duplicate_case"
TRANSITION = "transition"

MAX_DEPTH = 12  # the deepest honest payload (a registration's materials) is 3
MAX_NODES = 5000  # values in one payload
MAX_STRING = 20_000  # characters in one string
MAX_CHARS = 64_000  # all strings of one payload together: an honest registration is a few KB
MAX_PREV = 64  # an author names the heads of the case it saw: one or two, a handful after a conflict
EPOCH_MS = 1_577_836_800_000  # 2020-01-01: no VillageDesk event is older
FUTURE_MS = 24 * 3600 * 1000  # a clock up to a day fast is a wrong clock, not a forgery

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ITEM_CODE = re.compile(r"[A-Za-z0-9_\-]{1,32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
FIRST_DAY = date(2000, 1, 1)
_UNITS = frozenset(u.value for u in LimitUnit)
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # the desk's own cap on one scan
# A registration's fields at most as long as the desk's own form lets them be (services/intake.py), so a
# token cannot hide 60,000 characters in a note that no agent could have typed.
MAX_MATERIALS = 100  # the catalog's longest list of materials has a dozen
MAX_ITEMS = 50  # members of one bundle (一件事)
REGISTRATION_TEXT = {"note": 2000, "title": 200, "agent_name": 64, "category": 64, "channel": 32}
APPLICANT_TEXT = {
    "name": 64,
    "id": 64,
    "id_type": 32,
    "id_number": 32,
    "phone": 32,
    "group": 64,
    "address": 200,
    "village_code": 12,
    "credit_code": 32,
    "birth_date": 10,
    "sex": 4,
}
APPLICANT_REQUIRED = ("name",)  # (an ``id`` and ``village_code``, when present, are texts; the village the case's)
MATERIAL_TEXT = {"name": 128, "necessity": 32, "required_form": 32, "status": 32, "form": 32}
ITEM_TEXT = {"code": 32, "name": 200}
LEVELS = ("village", "town", "city")  # who decides a case's item (a registration's ``final_level``)
_ABSENT = object()
_NO_LEVEL = object()


class Refusal(Exception):
    """An event the domain does not take: ``code`` for machines, ``message`` (Chinese) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_canonical_uuid(value: object) -> bool:
    """Lower-case, dashed: the only spelling of an id, so one id can never become several events."""
    return type(value) is str and _UUID.fullmatch(value) is not None


def strict_problem(value: object) -> str | None:
    """Why ``value`` is not strict JSON (NaN/Infinity, lone surrogates, too deep or too big), or None."""
    stack: list[tuple[object, int]] = [(value, 0)]
    nodes = chars = 0
    while stack:
        v, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return "内容过多"
        t = type(v)
        if t is str:
            chars += len(v)
            if len(v) > MAX_STRING or chars > MAX_CHARS:
                return "文字过长"
            if "\x00" in v:
                return "含有空字符(NUL)"
            if has_control(v, text=True):
                return "含有控制字符"
            if not v.isascii():
                try:
                    v.encode("utf-8")
                except UnicodeEncodeError:
                    return "含有无效字符(不成对的代理码位)"
        elif t is HugeInt:
            return "整数超出 64 位范围"
        elif t is DuplicateKeys:
            return "对象含有重复的键"
        elif t is float:
            if not math.isfinite(v):
                return "数值不能是 NaN 或无穷大"
        elif t is dict or t is list:
            if depth >= MAX_DEPTH:
                return "嵌套层数过多"
            items = v.items() if t is dict else enumerate(v)
            for k, x in items:
                if type(k) is str:
                    stack.append((k, depth + 1))
                stack.append((x, depth + 1))
        elif not (v is None or t is bool or t is int):
            return "含有不支持的数据类型"
    return None


def _day(text: object) -> date | None:
    if type(text) is not str or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def latest_day(now_ms: int) -> date:
    """The last day an action may name: a year after the judge's today (``now_ms`` 0: the local today).
    The last answer is kept (one tuple, swapped whole: threads share it safely), since a batch's events
    all carry the batch's one clock reading."""
    global _latest
    known = _latest
    if now_ms and known[0] == now_ms:
        return known[1]
    today = datetime.fromtimestamp(now_ms / 1000, tz=UTC).date() if now_ms else date.today()
    day = today + timedelta(days=366)
    if now_ms:
        _latest = (now_ms, day)
    return day


_latest: tuple[int, date] = (0, FIRST_DAY)


def check_dates(payload: dict, now_ms: int) -> None:
    """``at`` (the day an action happened) is a real day between 2000 and a year from now: the dates
    that deadlines are computed from (a year 9999 once overflowed every client's projection)."""
    if "at" not in payload:
        return
    at, latest = payload["at"], latest_day(now_ms)
    key = (at, latest) if type(at) is str and len(at) <= 32 else None
    ok = _DAYS_OK.get(key) if key is not None else None
    if ok is None:
        day = _day(at)
        ok = day is not None and FIRST_DAY <= day <= latest
        if key is not None:
            if len(_DAYS_OK) >= 4096:
                _DAYS_OK.clear()
            _DAYS_OK[key] = ok
    if not ok:
        raise Refusal(PAYLOAD, "事件日期无效或超出范围")


# ``check_dates``'s verdict per (``at`` text, last day allowed): a batch's events name a few hundred days
# between them, and parsing each again was a tenth of a pushed event's content check. Bounded; shared by
# threads (one dict operation at a time, and an entry's verdict never changes).
_DAYS_OK: dict[tuple[str, date], bool] = {}


def check_registration(partition: str, payload: dict, now_ms: int = 0) -> None:
    """What every registration must carry, each field of the type the desk writes (a text where a text,
    never null where the desk stores it, a holder of the materials' originals from ``custody.HOLDERS``):
    its own case number (of this village, a real date no later than an action's ``at`` may be), an item,
    the applicant of this village and the list of materials. Whatever passes here an honest PC stores
    and shows (tests/security/test_registration_shapes.py)."""
    case_no = payload.get("case_no")
    if type(case_no) is not str or not case_no.isascii() or not CASE_NO.fullmatch(case_no):
        raise Refusal(PAYLOAD, "登记事件缺少有效的办件编号")
    if not _number_day_ok(case_no[7:13], latest_day(now_ms)):
        raise Refusal(PAYLOAD, "办件编号中的日期无效")
    unit = payload.get("limit_unit", _DEFAULT_UNIT)
    if type(unit) is not str or unit not in _UNITS:
        raise Refusal(PAYLOAD, "登记事件的时限单位无效")
    if case_no[:6] != partition[6:12]:
        raise Refusal(PAYLOAD, "办件编号与登记村不符")
    item = payload.get("item_code")
    if type(item) is not str or not _ITEM_CODE.fullmatch(item):
        raise Refusal(PAYLOAD, "登记事件缺少有效的事项编码")
    bundle = payload.get("bundle_code")
    if bundle is not None and (type(bundle) is not str or not _ITEM_CODE.fullmatch(bundle)):
        raise Refusal(PAYLOAD, "登记事件的一件事编码无效")
    level = payload.get("final_level", _NO_LEVEL)
    if level is not _NO_LEVEL and (type(level) is not str or level not in LEVELS):
        raise Refusal(PAYLOAD, "登记事件的办理层级无效")
    if type(payload.get("mandate_signed", False)) is not bool:
        raise Refusal(PAYLOAD, "登记事件的委托书标记应为是或否")
    for key in ("promised_days", "item_version"):
        n = payload.get(key, 0)
        if type(n) is not int or not 0 <= n <= 100_000:
            raise Refusal(PAYLOAD, f"登记事件的 {key} 应为非负整数")
    for key, most in REGISTRATION_TEXT.items():  # (inline: a registration is judged on every push)
        value = payload.get(key, "")
        if type(value) is not str or len(value) > most:
            raise Refusal(PAYLOAD, f"登记事件的 {key} 应为至多 {most} 字的文字")
    _check_applicant(partition, payload.get("applicant"))
    for key, most in (("materials", MAX_MATERIALS), ("items", MAX_ITEMS)):
        listed = payload.get(key, _NONE_LISTED)
        if key == "materials" and key not in payload:
            raise Refusal(PAYLOAD, "登记事件缺少材料清单")
        if type(listed) is not list:
            raise Refusal(PAYLOAD, f"登记事件的 {key} 应为数组")
        if len(listed) > most:
            raise Refusal(PAYLOAD, f"登记事件的 {key} 最多 {most} 项")
    for n, mat in enumerate(payload["materials"], start=1):
        if type(mat) is not dict or not _texts_ok(mat, MATERIAL_TEXT, ("name",)):
            raise Refusal(PAYLOAD, f"登记事件的第 {n} 项材料格式错误")
        custody = mat.get("custody", "applicant")
        if type(custody) is not str or custody not in HOLDERS:
            raise Refusal(PAYLOAD, f"第 {n} 项材料的原件保管人无效: 应为 {' / '.join(HOLDERS)}")
    for n, member in enumerate(payload.get("items") or (), start=1):
        version = member.get("version", 1) if type(member) is dict else None
        if not (_texts_ok(member, ITEM_TEXT, ("code",)) and type(version) is int and 0 <= version <= 100_000):
            raise Refusal(PAYLOAD, f"登记事件的第 {n} 个事项格式错误")
    if payload.get("mandate") is not None:
        try:
            mandates.of_registration(payload)
        except ValidationError as e:
            raise Refusal(PAYLOAD, e.message) from None
        except (TypeError, ValueError, AttributeError):
            raise Refusal(PAYLOAD, "委托书记录格式错误") from None


def _texts_ok(obj: object, fields: Mapping[str, int], required: tuple[str, ...]) -> bool:
    """``obj`` is an object whose ``fields`` present are texts of at most their length (null refused),
    the ``required`` ones present and not blank. (One pass over the keys present, each looked up in
    ``fields``: a registration's materials are judged on every push.)"""
    if type(obj) is not dict:
        return False
    for key in required:
        value = obj.get(key)
        if type(value) is not str or not value.strip():
            return False
    limit = fields.get
    for key, value in obj.items():
        most = limit(key)
        if most is not None and (type(value) is not str or len(value) > most):
            return False
    return True


def _check_applicant(partition: str, applicant: object) -> None:
    """The registration's villager: an object with a name, each field a text as the desk writes it, of
    the village the case is registered in when it names one (docs/security-findings.md §6)."""
    if applicant is None:
        raise Refusal(PAYLOAD, "登记事件缺少申请人信息")
    if type(applicant) is not dict:
        raise Refusal(PAYLOAD, "申请人信息格式错误")
    if not _texts_ok(applicant, APPLICANT_TEXT, APPLICANT_REQUIRED):  # (the usual answer in one pass)
        for key, most in APPLICANT_TEXT.items():  # the first field wrong, in the table's order, named
            value = applicant.get(key, _ABSENT)
            if value is _ABSENT and key not in APPLICANT_REQUIRED:
                continue
            if type(value) is not str or len(value) > most:
                raise Refusal(PAYLOAD, f"申请人的 {key} 应为至多 {most} 字的文字")
            if key in APPLICANT_REQUIRED and not value.strip():
                raise Refusal(PAYLOAD, f"登记事件缺少申请人的 {key}")
    if applicant.get("village_code", partition) != partition:
        raise Refusal(PARTITION, "申请人所在村与登记村不符")


def check_promise(payload: dict, limits: Mapping[str, Collection[tuple[int, str]]]) -> None:
    """A registration promises the time limit its item (or bundle) has in the catalog, of any version
    (a case registered under version 1 keeps version 1's limit after version 2 changes it): the device
    does not set the villager's promised day (1 day for a 20-day item put it overdue in the town's
    figures at once; 10,000 days hid it from 逾期 for good). ``limits``: code → (promised_days,
    limit_unit) pairs of every catalog version (``catalog.Checklists.limits``); a code it does not hold
    is left to the catalog check. Raises Refusal. The desk runs it on its own registrations too."""
    code = payload.get("item_code")
    allowed = limits.get(code) if type(code) is str else None
    if not allowed:
        return
    if promised_limit(payload) not in allowed:
        words = "或".join(limit_words(d, u) for d, u in sorted(allowed))
        raise Refusal(PAYLOAD, f"承诺时限与事项目录不符: 事项 {code} 的承诺时限为{words}")


def check_item_names(
    payload: dict, names: Mapping[str, Collection[str]], members: Mapping[str, Collection[str]]
) -> None:
    """A registration calls its item (``title``) and its bundle's members (``items``) as the catalog does, in
    some version the judge holds: a device's own name (「镇长特批·优先办理」 for 临时救助) was stored and
    relayed as sent, and a member list naming other items put them on the town's 联办 rows. The judge
    refuses a mismatch rather than rewriting it: an event is stored as its author wrote it (a retry of
    the same id must compare equal). ``names``: code → its names over every catalog version; ``members``:
    bundle code → its items over every version. The item code itself is ``check_level``'s. Raises Refusal."""
    code = payload.get("item_code")
    if type(code) is not str or code not in names:
        return  # an unknown code is refused by the level check, before this one
    title = payload.get("title")
    if title is not None and title not in names[code]:
        raise Refusal(PAYLOAD, f"登记事件的事项名称与事项目录不符: 事项 {code} 应为「{_catalog_name(names[code])}」")
    items = payload.get("items")
    if items is None:
        return
    allowed = set(members.get(code, ())) or {code}
    for n, item in enumerate(items, start=1):  # (a list of at most 50: ``check_registration``)
        if type(item) is not dict or type(item.get("code")) is not str or item["code"] not in allowed:
            raise Refusal(PAYLOAD, f"登记事件的第 {n} 个事项不是事项 {code} 的组成事项")
        name = item.get("name")
        if name is not None and name not in names.get(item["code"], ()):
            raise Refusal(PAYLOAD, f"登记事件的第 {n} 个事项名称与事项目录不符")


def _catalog_name(names: Collection[str]) -> str:
    """One of the catalog's names of an item, for a refusal (the shortest stripped one: stable)."""
    return min((n.strip() for n in names), key=lambda n: (len(n), n), default="")


_DEFAULT_UNIT = LimitUnit.WORKING_DAYS.value
_NONE_LISTED: list = []  # a registration without materials or items (never changed)


def _number_day_ok(digits: str, latest: date) -> bool:
    """The day in a case number (``YYMMDD``, its digits known) is a real day no later than ``latest``;
    remembered with ``check_dates``'s verdicts (a village numbers a day's cases under one date)."""
    key = (digits, latest)
    ok = _NUMBER_DAYS_OK.get(key)
    if ok is None:
        day = _day(f"20{digits[0:2]}-{digits[2:4]}-{digits[4:6]}")
        ok = day is not None and day <= latest
        if len(_NUMBER_DAYS_OK) >= 4096:
            _NUMBER_DAYS_OK.clear()
        _NUMBER_DAYS_OK[key] = ok
    return ok


_NUMBER_DAYS_OK: dict[tuple[str, date], bool] = {}


# The events that name materials, and the field that lists them (a registration's ``materials`` are objects;
# a 原件保管变更's ``material`` names one: a free name there reached the 交接单 and the case page as an
# original the desk holds, HTML or 128 characters of anything the token chose).
MATERIAL_LISTS = {
    EventType.MATERIALS_MISSING: "missing",
    EventType.RETURNED: "missing",
    EventType.MATERIALS_SUPPLIED: "received",
    EventType.CUSTODY_CHANGED: "material",
}
CUSTODY_NOT_LISTED = "原件保管变更的材料不在该事项的材料清单中"


def check_materials(etype: EventType, payload: dict, checklist: frozenset[str] | None) -> None:
    """The materials an event names are on the checklist of the case's item (``checklist``: the names of
    every catalog version of it; None: the item is in no catalog the judge holds), each once. Raises
    Refusal. Runs after ``check_content``: the lists are known to be lists of texts by then."""
    if etype is EventType.CASE_REGISTERED:
        names = []
        for mat in payload.get("materials") or ():
            if type(mat) is not dict or type(mat.get("name")) is not str:
                raise Refusal(PAYLOAD, "登记事件的每项材料都应是带名称的对象")
            names.append(mat["name"])
        if not names and checklist:  # (政策咨询 has no materials: its registration lists none)
            raise Refusal(PAYLOAD, "登记事件缺少该事项的材料清单")
    else:
        field = MATERIAL_LISTS.get(etype)
        if field is None:
            return
        names = payload.get(field) or []
        if etype is EventType.CUSTODY_CHANGED:  # one name, required (``payloads._custody``)
            if type(names) is not str or checklist is None or names not in checklist:
                raise Refusal(PAYLOAD, CUSTODY_NOT_LISTED)
            return
    if not names:
        return
    if checklist is None:
        raise Refusal(PAYLOAD, "办件的事项不在事项目录中, 无法核对材料")
    unique = set(names)
    if len(unique) != len(names):
        raise Refusal(PAYLOAD, "材料清单中有重复的材料")
    if unique <= checklist:  # (one set operation in C: the usual answer)
        return
    for n, name in enumerate(names, start=1):
        if name not in checklist:  # the position, never the name: a refusal repeats nothing that was sent
            raise Refusal(PAYLOAD, f"第 {n} 项材料不在该事项的材料清单中")


def _text_says(text: str) -> str | bool | None:
    """What the payload's canonical JSON already proves: a problem, None (strict), ``DEPTH`` (only the
    nesting is in doubt) or True (walk it all).

    Written by ``jsonfast.canonical``: orjson for plain values (it refuses lone surrogates and writes no
    floats), the stdlib otherwise (``NaN``/``Infinity`` appear as such). A text no longer than one string
    may be holds no string too long and no more characters than a payload may; one shorter than twice
    ``MAX_NODES`` holds fewer values than that (each takes a character and a separator), and a longer one
    whose commas, colons and brackets bound its values below the cap does too (``_values_at_most``:
    9,990 integers once passed unseen here). Two ``count``
    calls in C bound the nesting; when they cannot (a registration's list of materials has a brace per
    material), only the containers are walked, not every value."""
    if len(text) > MAX_CHARS * 2:
        return "内容过多"
    escaped = "\\" in text  # (one search: most payloads escape nothing)
    if escaped and "\\u0000" in text:
        return "含有空字符(NUL)"
    if _maybe_control(text, escaped):
        return True  # a control character, perhaps (or an escaped backslash): the walk tells
    # (one character first: searching for one is a fast scan, for a word ten times slower on Chinese text)
    if ("N" in text and "NaN" in text) or ("I" in text and "Infinity" in text) or len(text) > MAX_STRING:
        return True  # one string could be too long: only a walk can tell (a client walks)
    if len(text) >= 2 * MAX_NODES and _values_at_most(text) > MAX_NODES:
        return True  # perhaps more values than a payload may hold: the walk counts them
    if text.count("{") + text.count("[") > MAX_DEPTH:
        return DEPTH if len(text) < 2 * MAX_NODES else True
    return None


def _values_at_most(text: str) -> int:
    """An upper bound of the values ``strict_problem`` counts in this JSON text: the root, and per
    non-empty container one value more than its commas (a list) or its commas and colons (an object's
    keys and values). Commas, colons and brackets inside strings only raise the bound."""
    return 1 + text.count(",") + text.count(":") + text.count("[") + text.count("{")


# Control characters in canonical JSON: U+0001..U+001F are escaped (``\u00XX``, ``\b``, ``\f``; tab and
# line breaks are ``\t`` ``\n`` ``\r`` and allowed), DEL and C1 written as they are (C1 is U+0080..U+009F,
# in UTF-8 a 0xC2 byte and a second byte below 0xA0), and so are the bidi controls (U+202A–U+202E,
# U+2066–U+2069, after a 0xE2 byte): searched in the UTF-8 bytes.
_WIDE_CONTROL = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _maybe_control(text: str, escaped: bool = True) -> bool:
    """Whether canonical JSON ``text`` may hold a control character (True can be a false alarm: an
    escaped backslash, an ideographic space). Plain substring searches first, as a regex over a registration's
    text cost 50 µs: an escape always starts with a backslash; a text ``isprintable`` holds no DEL, C1 or
    bidi control (the usual Chinese text: the UTF-8 search cost a microsecond); C1 needs a 0xC2 UTF-8
    byte, bidi a 0xE2. ``escaped`` False: the caller found no backslash in ``text``."""
    if escaped and "\\" in text and ("\\u00" in text or "\\b" in text or "\\f" in text or "\\r" in text):
        return True  # (a CR is text only before an LF: the walk tells)
    if text.isascii():  # (a flag of the string: no scan)
        return "\x7f" in text
    if text.isprintable():  # (C: DEL, C1 and the bidi controls are not printable: no search for DEL either)
        return False
    if "\x7f" in text:
        return True
    raw = text.encode("utf-8", "surrogatepass")
    return (b"\xc2" in raw or b"\xe2" in raw) and _WIDE_CONTROL.search(raw) is not None


DEPTH = "depth"  # ``_text_says``: only the nesting needs a look (``too_deep``)


def too_deep(value: object) -> bool:
    """Whether containers nest ``MAX_DEPTH`` levels or more below ``value`` (as ``strict_problem`` counts)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        v, depth = stack.pop()
        if depth >= MAX_DEPTH:
            return True
        for x in v.values() if type(v) is dict else v:  # type: ignore[union-attr]
            if type(x) is dict or type(x) is list:
                stack.append((x, depth + 1))
    return False


def check_event(e: Event, now_ms: int, clock: bool = True, text: str | None = None, shaped: bool = False) -> None:
    """Everything about one event that needs no history; raises Refusal. ``clock`` False: the HLC
    window is not checked (a client applying what the server already judged against its own clock).
    ``text``: the payload's canonical JSON, when the caller has it (the strictness check is then cheap).
    ``shaped``: the caller matched the ids against the canonical pattern already (the server's fast path)."""
    check_envelope(e, now_ms, clock, shaped)
    check_content(e.type, e.partition, e.payload, text, now_ms if clock else 0)


def check_envelope(e: Event, now_ms: int, clock: bool = True, shaped: bool = False) -> None:
    """The event's own fields around its payload: ids, ``prev``, schema version, author, HLC window."""
    if not shaped and not (is_canonical_uuid(e.id) and is_canonical_uuid(e.case_id)):
        raise Refusal(MALFORMED, "事件编号和办件编号须为小写带连字符的 UUID")
    if len(e.prev) > MAX_PREV or not (shaped or all(is_canonical_uuid(p) for p in e.prev)):
        raise Refusal(MALFORMED, f"前序事件编号须为至多 {MAX_PREV} 个小写带连字符的 UUID")
    if e.schema_version > SCHEMA_VERSION:
        raise Refusal(MALFORMED, f"事件结构版本 {e.schema_version} 高于服务器所知的 {SCHEMA_VERSION}, 请先升级服务器")
    if not 0 < len(e.author) <= 64 or not e.author.isprintable():
        raise Refusal(MALFORMED, "作者标识无效")
    try:
        wall = int(e.hlc[:13]) if shaped else wall_ms_of(e.hlc)
    except (ValueError, IndexError):
        raise Refusal(MALFORMED, "HLC 时间戳格式错误") from None
    if clock and wall < EPOCH_MS:
        raise Refusal(CLOCK, "事件时间早于系统启用日期, 请检查电脑时钟")
    if clock and wall > now_ms + FUTURE_MS:
        raise Refusal(CLOCK, "事件时间比服务器快一天以上, 请检查电脑时钟")
    if e.partition.endswith("000") or e.type.startswith(_PLACED):  # (else ``check_place`` has nothing to say)
        check_place(e)


_PLACED = ("town_report_", "inspection_")  # the types whose partition ``check_place`` judges anywhere


def check_place(e: Event) -> None:
    """The partition fits the event: a town's report only in the town's own partition, and only there
    (``town_report.partition_problem``); an inspection recorded and answered by whom its partition allows
    (``inspection_record.role_problem``: the city inspects a town, the town's clerks answer); a town
    report's stream id is the one of its town and month, so a town cannot file a report under another's id.
    Here, not in ``check_content``: it depends on the partition, the role and the id, and content verdicts
    are shared between equal payloads of a batch."""
    if not (e.partition.endswith("000") or e.type.startswith(_PLACED)):
        return  # a village's own, the usual (str methods only: an enum member's hash is a Python call)
    problem = town_report.partition_problem(e.type, e.partition) or role_problem(e.type, e.partition, e.role)
    if problem:
        raise Refusal(PARTITION, problem)
    if e.type is EventType.TOWN_REPORT_DRAFTED:
        p = e.payload
        year, month = p.get("year"), p.get("month")
        if (
            type(year) is not int
            or type(month) is not int
            or p.get("town") != e.partition
            or e.case_id != town_report_id(e.partition, year, month)
        ):
            raise Refusal(MALFORMED, "乡镇进展报告的编号与其乡镇和月份不符")


def check_content(etype: EventType, partition: str, payload: dict, text: str | None, now_ms: int) -> None:
    """The payload against the rules of its type: strict JSON, dates, attachments, registrations and
    ``clean_payload``. A function of (type, partition, payload, the judge's day) only, so a verdict on one
    payload holds for every equal payload of the same batch (``ContentVerdicts``)."""
    problem = _text_says(text) if text is not None else True
    if problem is DEPTH:
        problem = "嵌套层数过多" if too_deep(payload) else None
    elif problem is True:
        problem = strict_problem(payload)
    if problem:
        raise Refusal(PAYLOAD, f"事件内容无效: {problem}")
    check_dates(payload, now_ms)
    if etype is EventType.ATTACHMENT_ADDED:
        check_attachment(payload)
    if etype is EventType.CASE_REGISTERED:
        check_registration(partition, payload, now_ms)
        return
    try:
        clean_payload(etype, payload)
    except ValidationError as exc:
        raise Refusal(PAYLOAD, f"事件内容无效: {exc.message}") from None
    except (TypeError, AttributeError, ValueError):
        raise Refusal(PAYLOAD, "事件内容的字段类型错误") from None


class ContentVerdicts:
    """``check_content`` remembered for one batch, keyed by the payload's canonical JSON: devices push the
    same small payloads again and again (``{"at": "2026-11-25"}`` for every submission of a day), and the
    verdict on equal JSON under one clock reading is the same. Registrations are judged each time: each
    carries its own case number, so keeping them only cost hashing their text; so are attachments (each
    names its own scan's SHA-256). Bounded: a batch's worth of distinct payloads at most."""

    MAX = 4096

    def __init__(self, now_ms: int) -> None:
        self.now_ms = now_ms
        self._known: dict[tuple[str, str], Refusal | None] = {}

    def check(self, e: Event, text: str) -> None:
        if e.type in _UNIQUE:  # never equal to another (its own case number, its scan's hash): not kept
            check_content(e.type, e.partition, e.payload, text, self.now_ms)
            return
        key = (e.type, text)  # (the member itself: ``.value`` is a Python property on 3.11)
        known = self._known.get(key, _UNSEEN)
        if known is _UNSEEN:
            try:
                check_content(e.type, e.partition, e.payload, text, self.now_ms)
                known = None
            except Refusal as exc:
                known = exc
            if len(self._known) < self.MAX:
                self._known[key] = known
        if known is not None:
            raise Refusal(known.code, known.message)


_UNSEEN = object()
_UNIQUE = frozenset({EventType.CASE_REGISTERED, EventType.ATTACHMENT_ADDED})
_BAD_FILENAME = re.compile(r"[/\\\x00]")


def check_attachment(payload: dict) -> None:
    """A scan is named by its SHA-256 (64 lower-case hex digits) and has a size a desk accepts."""
    sha, size = payload.get("sha256"), payload.get("size")
    if type(sha) is not str or not _SHA256.fullmatch(sha):
        raise Refusal(PAYLOAD, "附件的 SHA-256 无效")
    if type(size) is not int or not 0 < size <= MAX_ATTACHMENT_BYTES:
        raise Refusal(PAYLOAD, "附件大小无效")
    name = payload.get("filename", "")
    if type(name) is not str or len(name) > 255 or _BAD_FILENAME.search(name):
        raise Refusal(PAYLOAD, "附件文件名无效")
    for key in ("material", "mime"):  # shown and stored as text by every desk (a list became "['…']")
        if type(payload.get(key, "")) is not str:
            raise Refusal(PAYLOAD, f"附件的 {key} 应为文字")


def _targets(rule: Rule, payload: dict) -> set[State]:
    if isinstance(rule.target, State):
        return {rule.target}
    if rule.target == "by_outcome" and payload.get("outcome") in DECISION_OUTCOMES:
        return {DECISION_OUTCOMES[payload["outcome"]]}
    return set()


def resolution_choices(view: CaseView, events: Iterable[Event], role: Role | None = None) -> list[State]:
    """The states a conflict can be resolved to: where the case stands, or where one of its conflicting
    events would have taken it. Never a state no event led to (an agent cannot "resolve" a case into
    准予 without a decision). A conflict with the town's work (a clerk's event among the conflicting ones,
    or a state only the town sets) is the town's to resolve: a village alone cannot overturn a decision."""
    if view.state is None:
        return []
    events = list(events)
    conflicting = set(view.conflict_events)
    if role is Role.AGENT and (
        view.state in _TOWN_STATES or any(e.role is not Role.AGENT for e in events if e.id in conflicting)
    ):
        return []
    choices = [view.state]
    for e in events:
        if e.id not in conflicting:
            continue
        for rule in _rules_for(e.type):
            if e.role in rule.roles:
                choices += sorted(_targets(rule, e.payload) - set(choices))
    return choices


# States only the town's or the city's events lead to (accepted, returned, refused, forwarded, decided).
def _led_to(agent: bool) -> set[State]:
    both = ({"outcome": "approved"}, {"outcome": "denied"})
    return {t for r in RULES if (Role.AGENT in r.roles) is agent for p in both for t in _targets(r, p)}


_TOWN_STATES = frozenset(_led_to(False) - _led_to(True))


def heads_of(events: Iterable[Event]) -> set[str]:
    """Ids no other event of the case names in its ``prev``: what an author who saw everything follows."""
    events = list(events)
    named = {p for e in events for p in e.prev}
    return {e.id for e in events if e.id not in named}


@dataclass
class _Seen:
    view: CaseView | None
    events: list[Event]


class CaseLedger:
    """One case's events as the judge knows them, and the verdict on the next one.

    Cheap for a flood: the view an author saw is remembered per set of named events (their ancestors
    never change: events are only appended), and the case's whole view is projected again only when an
    event that saw everything needs it — 15,000 notes naming one old event once took minutes."""

    def __init__(self, case_id: str, history: Iterable[Event] = ()) -> None:
        self.case_id = case_id
        self.events: list[Event] = list(history)
        known = bool(self.events)  # (a case the batch opens, the usual: nothing to read or project)
        self.by_id = {e.id: e for e in self.events} if known else {}
        self._view: CaseView | None = project(case_id, self.events) if known else None
        self._stale = False
        self._seen: dict[frozenset[str], _Seen] = {}
        self.heads = heads_of(self.events) if known else set()
        self._now: _Seen | None = None  # ``_whole``'s answer, while the view it holds is the case's
        # A case opened in this ledger whose events form one chain (each naming the one before): the next
        # verdict needs only its state, the state a pause resumes to and the item's level, so no view is
        # kept (``_admit_chain``) until an event off the chain, or a reader of ``view``, asks for one; the
        # projection of a chain applies its events in that very order, so it gives the same view.
        self._chain = not known
        self._state: State | None = None
        self._resume_to: State | None = None
        self._level: str | None = None
        self._paused = False  # the chain has entered a paused state before (the view's ``pauses``)
        # what the chain's last 一次性告知/退回补正 listed (the view's ``missing``: a 材料补齐 clears it), so a
        # 材料补齐 is judged without projecting the case's events again
        self._missing: list[str] = []

    @property
    def view(self) -> CaseView | None:
        if self._chain:
            self._leave_chain()
        if self._stale:
            self._view, self._stale = project(self.case_id, self.events), False
        return self._view

    def _leave_chain(self) -> None:
        """From now on the case's view is kept (projected from its events when first asked for)."""
        self._chain = False
        self._stale = bool(self.events)

    @property
    def partition(self) -> str | None:
        return self.events[0].partition if self.events else None

    @property
    def case_no(self) -> str:
        view = self.view
        return view.case_no if view is not None else ""

    def _seen_by(self, e: Event) -> _Seen:
        """The case as the author of ``e`` saw it: the events in its ``prev`` and their ancestors."""
        prev = e.prev
        if len(prev) == 1 and len(self.heads) == 1 and prev[0] in self.heads:  # the usual chain
            return self._whole()
        known = frozenset(p for p in prev if p in self.by_id)
        if not known or self.heads <= known:  # saw everything, or claims nothing: the case as it stands
            return self._whole()
        hit = self._seen.get(known)
        if hit is not None:
            return hit
        seen: set[str] = set()
        todo = list(known)
        order: dict[str, int] | None = None
        while todo:
            eid = todo.pop()
            if eid in seen:
                continue
            seen.add(eid)
            named = [p for p in self.by_id[eid].prev if p in self.by_id]
            if not named and eid != self.events[0].id:
                # it named none of the case's events, so it was judged against the case as it stood
                # (docs/sync-protocol.md): it had seen every event before it, and so has whoever names it
                order = order or {ev.id: i for i, ev in enumerate(self.events)}
                named = [ev.id for ev in self.events[: order[eid]]]
            todo += [p for p in named if p not in seen]
        past = [ev for ev in self.events if ev.id in seen]
        result = self._seen[known] = _Seen(project(self.case_id, past) if past else None, past)
        return result

    def _whole(self) -> _Seen:
        """The case as it stands (one object per view, not one per event: most events extend the chain)."""
        view = self.view
        seen = self._now
        if seen is None or seen.view is not view:
            seen = self._now = _Seen(view, self.events)
        return seen

    def admit(
        self, e: Event, checklists: Mapping[str, frozenset[str]] | None = None, cities: Collection[str] = ()
    ) -> None:
        """Take ``e`` into the case, or raise Refusal and change nothing. ``checklists``: item or bundle
        code → its material names (the server's catalog): the materials ``e`` names are checked against
        its case's item (``check_materials``); None: not checked (a client has no catalog of the server's).
        ``cities``: the 6-digit codes of the cities with a city device (the server's devices): there a
        town's decision of a city-level item is refused (``lifecycle.city_problem``)."""
        if e.id in self.by_id:
            return
        registration = e.type is _REGISTERED
        self._check_place_in_case(e, registration)
        if self.events:
            self._check_stamp(e)
        if self._chain:
            prev = e.prev
            if (not prev and not self.events) or (len(prev) == 1 and len(self.heads) == 1 and prev[0] in self.heads):
                if cities and e.partition[:6] in cities:
                    _check_city(e, self._level, self._state)
                self._admit_chain(e, registration, checklists)
                return
            self._leave_chain()
        seen = self._seen_by(e)
        view = seen.view
        state = view.state if view is not None else None
        try:
            resume, level = (view._resume, view.registered.get("final_level")) if view is not None else (None, None)
            new_state = next_state(state, e.type, e.role, e.payload, resume, level)
        except TransitionError as exc:
            raise Refusal(TRANSITION, str(exc)) from None
        if cities and e.partition[:6] in cities:
            _check_city(e, level, state)
        if e.type is EventType.CONFLICT_RESOLVED:
            assert view is not None
            if not view.conflict:
                raise Refusal(TRANSITION, "该办件没有冲突, 不能执行「冲突处理」")
            chosen = e.payload.get("state")
            if chosen not in {s.value for s in resolution_choices(view, seen.events, e.role)}:
                raise Refusal(
                    TRANSITION, "冲突处理只能选择办件当前状态或冲突事件所指的状态; 涉及镇中心办理的冲突由镇中心处理"
                )
        if e.type is EventType.MATERIALS_SUPPLIED and view is not None:  # the case the author saw
            _check_supply(view.missing, e)
        self._check_named_materials(e, registration, checklists)
        whole = view is not None and view is self._view and not self._stale
        first = not self.events
        self.events.append(e)
        self.by_id[e.id] = e
        if whole:
            apply(view, e, new_state)  # it saw everything: the case's view moves on by this one event
        elif first:  # a registration (or a report draft) opens the case: its view is this one event
            self._view = CaseView(self.case_id)
            apply(self._view, e, new_state)
        else:
            self._stale = True
        if len(e.prev) == 1 and e.prev[0] in self.heads and len(self.heads) == 1:
            self.heads = {e.id}  # the chain moves on
        elif e.prev:
            self.heads = (self.heads - set(e.prev)) | {e.id}
        else:
            self.heads = self.heads | {e.id}

    def _check_place_in_case(self, e: Event, registration: bool) -> None:
        """One registration per case, no action on a case never registered, a rating sheet under its own
        id, and every event in the partition the case was registered in. (Runs on every pushed event:
        enum members are module constants here, and an inspection's roles are asked of inspections only.)"""
        events = self.events
        etype = e.type
        if events:
            if registration:
                raise Refusal(DUPLICATE_CASE, "该办件已经登记过, 不能重复登记")
        elif not registration and etype not in STREAM_STARTS:
            raise Refusal(UNKNOWN_CASE, "办件不存在或其登记尚未同步")
        if etype is _RATING_SCORED:  # every sheet of the stream is of its center and year
            year = e.payload.get("year")
            if type(year) is not int or e.case_id != rating_id(e.partition, year):
                raise Refusal(MALFORMED, "考评记录编号与其村和年度不符")
        if events and e.partition != events[0].partition:
            raise Refusal(PARTITION, "事件所属村与办件登记的村不符")
        # who answers an inspection: by partition (``role_problem`` names inspection events only)
        if etype.startswith("inspection_") and (problem := role_problem(etype, e.partition, e.role)):
            raise Refusal(PARTITION, problem)

    def _check_stamp(self, e: Event) -> None:
        """An event of a case is stamped after the case's first event (its registration) and after every
        event it names in ``prev``: its author's HLC had seen them (a desk stamps an event after the case's
        events, ``hlc.after``). A note stamped hours before the registration made the case 冲突 on every PC
        for good. (The stamps' fixed-width ``wall-counter`` prefix sorts as the HLC does.)"""
        stamp = e.hlc[:19]
        if stamp <= self.events[0].hlc[:19]:
            raise Refusal(CLOCK, "事件时间早于其办件的登记时间, 请检查电脑时钟")
        by_id = self.by_id
        for p in e.prev:
            named = by_id.get(p)
            if named is not None and stamp <= named.hlc[:19]:
                raise Refusal(CLOCK, "事件时间早于它所依据的前序事件, 请检查电脑时钟")

    def _check_named_materials(
        self, e: Event, registration: bool, checklists: Mapping[str, frozenset[str]] | None
    ) -> None:
        if checklists is not None and (registration or e.type in MATERIAL_LISTS):
            first_event = e if registration else self.events[0]
            code = first_event.payload.get("item_code") if first_event.type is _REGISTERED else None
            check_materials(e.type, e.payload, checklists.get(code) if type(code) is str else None)

    def _admit_chain(self, e: Event, registration: bool, checklists: Mapping[str, frozenset[str]] | None) -> None:
        """``admit`` for the next event of a chain (``_chain``): the same verdict from the state alone.
        A chain has no conflict (each of its events was legal where it stands), so a 冲突处理 is refused."""
        state = self._state
        etype = e.type
        try:
            new_state = next_state(state, etype, e.role, e.payload, self._resume_to, self._level)
        except TransitionError as exc:
            raise Refusal(TRANSITION, str(exc)) from None
        if etype is _CONFLICT_RESOLVED:
            raise Refusal(TRANSITION, "该办件没有冲突, 不能执行「冲突处理」")
        if etype is _SUPPLIED:
            _check_supply(self._missing, e)
        if checklists is not None and (registration or etype in MATERIAL_LISTS):
            self._check_named_materials(e, registration, checklists)
        if registration:
            self._level = e.payload.get("final_level")
        if state not in PAUSED_STATES and new_state in PAUSED_STATES:  # as ``projection.apply`` keeps it
            self._resume_to, self._paused = state, True
        elif state in PAUSED_STATES and new_state not in PAUSED_STATES and self._paused:
            self._resume_to = None
        if etype in _LISTS_MISSING:  # as ``projection.apply`` keeps the view's ``missing``
            self._missing = names_of(e.payload.get("missing"))
        elif etype is _SUPPLIED:
            self._missing = []
        self._state = new_state
        self.events.append(e)
        self.by_id[e.id] = e
        self.heads = {e.id}


# The members the ledger compares every event's type with, as module constants (an enum class's
# attribute costs a lookup through its metaclass).
_REGISTERED = EventType.CASE_REGISTERED
_RATING_SCORED = EventType.RATING_SCORED
_CONFLICT_RESOLVED = EventType.CONFLICT_RESOLVED
_SUPPLIED = EventType.MATERIALS_SUPPLIED
_LISTS_MISSING = frozenset({EventType.MATERIALS_MISSING, EventType.RETURNED})


def _check_city(e: Event, level: str | None, state: State | None) -> None:
    """In a city's deployment the city decides its items, not the town (``lifecycle.city_problem``)."""
    problem = city_problem(e.role, e.type, level, True, state)
    if problem:
        raise Refusal(TRANSITION, problem)


def _check_supply(missing: list[str], e: Event) -> None:
    """A 材料补齐 brings every material the case misses (``payloads.check_supply``), as a Refusal."""
    try:
        check_supply(missing, names_of(e.payload.get("received")))
    except ValidationError as exc:
        raise Refusal(PAYLOAD, exc.message) from None
