"""The audit trail's entries as they travel to the town (留痕上报): their wire form and how each is judged.

Heads alone tell the town *that* a chain changed; the entries tell the clerk *what* was done on a village
PC (who printed, exported or saw a full ID number of which case). The PC sends its entries after the
last one the town holds; the town believes none of them: each entry's hash is recomputed over the hash
before it, an audit row's digest over the row sent with it. An entry that does not verify is kept as
refused (evidence, never shown as a fact) and the entries after it still link, so one bad row never
blocks the trail. Pure: dicts and lists in, dataclasses and Chinese sentences out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from villagedesk.domain import audit_chain as ac
from villagedesk.domain.validators import mask_id

MAX_ENTRIES = 200  # per request or bundle: ~40 KB of JSON, a few seconds on a 64 kbit/s link
KINDS = (ac.KIND_EVENT, ac.KIND_RESTAMP, ac.KIND_AUDIT)
MAX_DETAIL = 300
MAX_NAME = 64
MAX_ACTION = 32
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# A case number standing alone: never a run of digits inside a longer one (a backup's name,
# villagedesk-20261203-174107-00001.vdbak, read as the case 261203-174107-00001 of village 261203).
_CASE_NO = re.compile(r"(?<![0-9A-Za-z])(?<![0-9]-)[0-9]{6}-[0-9]{6}-[0-9A-HJKMNP-TV-Z]{2}[0-9]{3,}(?![0-9A-Za-z])")


# Why the town does not believe an entry: a short code (the clerk's reply carries it as ``why``) and the
# Chinese sentence kept in ``refused``. An entry that is refused is still kept (evidence), never shown
# as a fact; the entry after it links to the hash the PC stated, so one bad entry is one refusal.
REASONS = {
    "hash": "哈希与内容不符(条目被改动或伪造)",
    "row_missing": "对应的操作记录已从本机数据库中删除",
    "row_changed": "操作记录与留痕不符(记录在数据库中被改动)",
    "text": "条目含有无法保存的字符(单独的代理项), 不是本程序写出的",
    "form": "条目的时间、类别、编号、摘要或操作记录的格式不对, 不是本程序写出的",
    "actor": "操作人姓名含有标记符号或不可见的字符, 不是本程序写出的",
    "partition": "条目涉及的办件或事件不属于这台电脑所在的村, 不能算作该办件的留痕",
}
_CODES = {message: code for code, message in REASONS.items()}


def reason_code(refused: str) -> str:
    """The code of a kept refusal ("" when the entry verified; ``other`` for a sentence of an older server)."""
    return _CODES.get(refused, "other") if refused else ""


# What the program writes, and nothing else: a stamp of datetime.isoformat() (a PC clock may be years
# off, never a year a clerk's PC cannot convert to local time), an event id or an audit_log row id,
# SHA-256 hex digests, an action word of the program (print, view_id, account_add …).
_STAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}:[0-9]{2})?$")
_REF = re.compile(r"^[0-9A-Za-z-]{1,64}$")
_ACTION = re.compile(r"^[a-z_]{1,32}$")
_MARKUP = set("<>&\"'`\\")
YEARS = (1970, 2999)


@dataclass(frozen=True)
class WireEntry:
    """One chain entry as the PC sent it; ``row_*``: the audit_log row an ``audit`` entry stands for.

    ``flaw``: a ``REASONS`` code when a field is not what the program writes (wrong type, too long, a
    character that cannot be stored, a malformed stamp): the fields are then kept cleaned (printable text
    only, cut to their columns) and the entry is refused without being hashed."""

    seq: int
    at: str
    kind: str
    ref: str
    content: str
    hash: str
    row_at: str = ""
    actor: str = ""
    action: str = ""
    detail: str = ""
    has_row: bool = False
    flaw: str = ""


@dataclass(frozen=True)
class Batch:
    first: int  # seq of the first entry
    prev: str  # the hash the first entry links to (the PC's entry ``first - 1``)
    entries: tuple[WireEntry, ...]


class Malformed(ValueError):
    """The ``e`` field is not a batch of entries (the sync goes on; nothing of it is stored)."""


def _clean(value: object, limit: int) -> str:
    """What the town keeps of a field that did not pass: printable text only (no lone surrogate, NUL,
    control or bidi character), cut to ``limit``; anything but text keeps nothing."""
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value[: limit * 2] if ch.isprintable())[:limit]


def _is_stamp(value: object) -> bool:
    if not isinstance(value, str) or not _STAMP.match(value):
        return False
    try:
        year = datetime.fromisoformat(value).year
    except ValueError:
        return False
    return YEARS[0] <= year <= YEARS[1]


def _flaw(at: object, kind: object, ref: object, content: object, row: object, has_row: bool) -> str:
    """The ``REASONS`` code of the first field that is not what the program writes ("" if none)."""
    texts = [at, kind, ref, content, *(row if isinstance(row, list) else [])]
    if any(isinstance(t, str) and not is_text(t) for t in texts):
        return "text"
    if not _is_stamp(at) or kind not in KINDS or not isinstance(ref, str) or not _REF.match(ref):
        return "form"
    if not isinstance(content, str) or not _HEX64.match(content):
        return "form"
    if has_row:
        if kind != ac.KIND_AUDIT or not isinstance(row, list) or len(row) != 4:
            return "form"
        row_at, actor, action, detail = row
        if not _is_stamp(row_at) or not isinstance(action, str) or not _ACTION.match(action):
            return "form"
        if not isinstance(detail, str) or len(detail) > MAX_DETAIL:
            return "form"
        if not isinstance(actor, str) or len(actor) > MAX_NAME:
            return "form"
        if any(ch in _MARKUP or not ch.isprintable() for ch in actor):
            return "actor"
    return ""


def is_text(value: str) -> bool:
    """Text UTF-8 (and so a database, a digest and a reply) can hold: JSON allows lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse(value: object) -> Batch | None:
    """``aud.e`` = ``{"f": first seq, "p": prev hash, "r": [[at, kind, ref, content, hash, (row)?], …]}``
    where row = ``[row_at, actor, action, detail]`` for an ``audit`` entry whose row still exists.

    The frame must hold (an object, a first seq, a prev hash, ≤ ``MAX_ENTRIES`` lists of 5 or 6 items,
    each with a hash of 64 hex digits: without it nothing after the entry could be linked), else
    ``Malformed``; a field inside an entry that is not what the program writes flaws that entry alone."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Malformed("留痕条目格式错误")
    first, prev, rows = value.get("f"), value.get("p"), value.get("r")
    if not isinstance(first, int) or isinstance(first, bool) or not 1 <= first <= 2**62:
        raise Malformed("留痕条目的起始序号错误")
    if not isinstance(prev, str) or not _HEX64.match(prev):
        raise Malformed("留痕条目的前一哈希错误")
    if not isinstance(rows, list) or len(rows) > MAX_ENTRIES:
        raise Malformed(f"留痕条目应为不超过{MAX_ENTRIES}条的列表")
    out = []
    for n, row in enumerate(rows):
        if not isinstance(row, list) or len(row) not in (5, 6):
            raise Malformed("留痕条目格式错误")
        at, kind, ref, content, h = row[:5]
        if not isinstance(h, str) or not _HEX64.match(h):
            raise Malformed("留痕条目的哈希错误")
        has_row = len(row) == 6
        audit_row = row[5] if has_row else None
        flaw = _flaw(at, kind, ref, content, audit_row, has_row)
        if flaw:
            parts = audit_row if isinstance(audit_row, list) and len(audit_row) == 4 else ["", "", "", ""]
            out.append(WireEntry(
                first + n, _clean(at, 32), _clean(kind, 16), _clean(ref, 64), _clean(content, 64), h,
                _clean(parts[0], 32), _clean(parts[1], MAX_NAME), _clean(parts[2], MAX_ACTION),
                _clean(parts[3], MAX_DETAIL), has_row, flaw,
            ))  # fmt: skip
            continue
        extra: dict = {}
        if has_row:
            row_at, actor, action, detail = audit_row
            extra = {"row_at": row_at, "actor": actor, "action": action, "detail": detail, "has_row": True}
        out.append(WireEntry(first + n, at, kind, ref, content, h, **extra))  # as sent: digests are over these
    return Batch(first, prev, tuple(out))


def problem(entry: WireEntry, prev: str) -> str:
    """The ``REASONS`` code of why the town cannot believe ``entry`` linked after ``prev`` ("" when it
    verifies)."""
    if entry.flaw:
        return entry.flaw
    if ac.entry_hash(prev, entry.at, entry.kind, entry.ref, entry.content) != entry.hash:
        return "hash"
    if entry.kind == ac.KIND_AUDIT:
        if not entry.has_row:
            return "row_missing"
        if ac.audit_digest(entry.row_at, entry.actor, entry.action, entry.detail) != entry.content:
            return "row_changed"
    return ""


def judge(batch: Batch) -> list[tuple[WireEntry, str]]:
    """Each entry with its ``REASONS`` code; the next entry links to the hash the PC stated (so one bad
    entry is one refusal, not a refusal of everything after it)."""
    out = []
    prev = batch.prev
    for e in batch.entries:
        out.append((e, problem(e, prev)))
        prev = e.hash
    return out


def mask_id_numbers(text: str) -> str:
    """``text`` with every 18-character ID number in it masked (``419001********0014``), the rest intact."""
    return _ID_NUMBER.sub(lambda mt: mask_id(mt.group(0)), text)


def mask_detail(text: str) -> str:
    """What the town keeps of a text sent with an entry: printable characters, ID numbers and mobile
    numbers masked, whatever the PC sent (the app's own details carry neither)."""
    text = mask_id_numbers("".join(ch for ch in text if ch.isprintable()))
    return _MOBILE.sub(lambda mt: mt.group(0)[:3] + "****" + mt.group(0)[-4:], text)


def case_no_in(text: str) -> str | None:
    found = _CASE_NO.search(text or "")
    return found.group(0) if found else None


def case_nos_in(text: str) -> list[str]:
    """Every case number a text names (a detail may name one after another)."""
    return _CASE_NO.findall(text or "")


def wire_rows(entries: Sequence[ac.Entry], rows: dict[str, tuple[str, str, str, str]]) -> list[list]:
    """The PC's side: chain entries (and the audit rows by id) as ``aud.e``'s ``r``."""
    out: list[list] = []
    for e in entries:
        item: list = [e.at, e.kind, e.ref, e.content, e.hash]
        if e.kind == ac.KIND_AUDIT and e.ref in rows:
            item.append(list(rows[e.ref]))
        out.append(item)
    return out
