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

from villagedesk.domain import audit_chain as ac
from villagedesk.domain.controls import has_control
from villagedesk.domain.validators import mask_id

MAX_ENTRIES = 200  # per request or bundle: ~40 KB of JSON, a few seconds on a 64 kbit/s link
KINDS = (ac.KIND_EVENT, ac.KIND_RESTAMP, ac.KIND_AUDIT)
MAX_DETAIL = 300
MAX_NAME = 64
MAX_ACTION = 32
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_CASE_NO = re.compile(r"[0-9]{6}-[0-9]{6}-[0-9A-HJKMNP-TV-Z]{2}[0-9]{3,}")


@dataclass(frozen=True)
class WireEntry:
    """One chain entry as the PC sent it; ``row_*``: the audit_log row an ``audit`` entry stands for."""

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


@dataclass(frozen=True)
class Batch:
    first: int  # seq of the first entry
    prev: str  # the hash the first entry links to (the PC's entry ``first - 1``)
    entries: tuple[WireEntry, ...]


class Malformed(ValueError):
    """The ``e`` field is not a batch of entries (the sync goes on; nothing of it is stored)."""


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit or has_control(value, text=True):
        raise Malformed(f"留痕条目的字段应为不超过{limit}字、不含控制字符的文本")
    return value  # as sent: the digests are over these exact characters (cleaned only when stored)


def parse(value: object) -> Batch | None:
    """``aud.e`` = ``{"f": first seq, "p": prev hash, "r": [[at, kind, ref, content, hash, (row)?], …]}``
    where row = ``[row_at, actor, action, detail]`` for an ``audit`` entry whose row still exists."""
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
        at, kind, ref = _text(row[0], 32), _text(row[1], 16), _text(row[2], 64)
        content, h = _text(row[3], 64), _text(row[4], 64)
        if kind not in KINDS or not _HEX64.match(h):
            raise Malformed("留痕条目的类别或哈希错误")
        extra: dict = {}
        if len(row) == 6:
            audit_row = row[5]
            if kind != ac.KIND_AUDIT or not isinstance(audit_row, list) or len(audit_row) != 4:
                raise Malformed("留痕条目的操作记录格式错误")
            extra = {
                "row_at": _text(audit_row[0], 32),
                "actor": _text(audit_row[1], MAX_NAME),
                "action": _text(audit_row[2], MAX_ACTION),
                "detail": _text(audit_row[3], MAX_DETAIL),
                "has_row": True,
            }
        out.append(WireEntry(first + n, at, kind, ref, content, h, **extra))
    return Batch(first, prev, tuple(out))


def problem(entry: WireEntry, prev: str) -> str:
    """Why the town cannot believe ``entry`` linked after ``prev`` ("" when it verifies)."""
    if ac.entry_hash(prev, entry.at, entry.kind, entry.ref, entry.content) != entry.hash:
        return "哈希与内容不符(条目被改动或伪造)"
    if entry.kind == ac.KIND_AUDIT:
        if not entry.has_row:
            return "对应的操作记录已从本机数据库中删除"
        if ac.audit_digest(entry.row_at, entry.actor, entry.action, entry.detail) != entry.content:
            return "操作记录与留痕不符(记录在数据库中被改动)"
    return ""


def judge(batch: Batch) -> list[tuple[WireEntry, str]]:
    """Each entry with its problem; the next entry links to the hash the PC stated (so one bad entry is
    one refusal, not a refusal of everything after it)."""
    out = []
    prev = batch.prev
    for e in batch.entries:
        out.append((e, problem(e, prev)))
        prev = e.hash
    return out


def mask_detail(text: str) -> str:
    """What the town keeps of a text sent with an entry: printable characters, ID numbers and mobile
    numbers masked, whatever the PC sent (the app's own details carry neither)."""
    text = "".join(ch for ch in text if ch.isprintable())
    text = _ID_NUMBER.sub(lambda mt: mask_id(mt.group(0)), text)
    return _MOBILE.sub(lambda mt: mt.group(0)[:3] + "****" + mt.group(0)[-4:], text)


def case_no_in(text: str) -> str | None:
    found = _CASE_NO.search(text or "")
    return found.group(0) if found else None


def wire_rows(entries: Sequence[ac.Entry], rows: dict[str, tuple[str, str, str, str]]) -> list[list]:
    """The PC's side: chain entries (and the audit rows by id) as ``aud.e``'s ``r``."""
    out: list[list] = []
    for e in entries:
        item: list = [e.at, e.kind, e.ref, e.content, e.hash]
        if e.kind == ac.KIND_AUDIT and e.ref in rows:
            item.append(list(rows[e.ref]))
        out.append(item)
    return out
