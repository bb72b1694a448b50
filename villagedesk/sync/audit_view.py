"""The clerk's side of 留痕查看: ask the town server for the village PCs' audit entries (online only:
the entries live on the server, and the clerk's PC sits beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from villagedesk.domain import audit_chain as ac
from villagedesk.domain import audit_roster as ar
from villagedesk.domain.lifecycle import EVENT_LABELS, EventType
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.sync.transport import Transport

PATH = "/api/v1/audit/entries"


@dataclass(frozen=True)
class Row:
    pc: str
    seq: int
    at: str
    kind: str
    actor: str
    action: str
    detail: str
    case_no: str
    refused: str
    superseded: bool
    name: str = ""  # the person, as the PC that did it named the account ("" unknown to the town)
    role: str = ""  # agent / clerk / city: the role of the PC it was done on, the town's own record
    replaced: bool = False  # the PC later sent a different version of this entry than the town got first


def fetch(desk: Desk, case_no: str = "", device: str = "", limit: int = 200) -> list[Row]:
    """The newest entries the town holds (of one case, or of one PC by name or id), newest first."""
    cfg = engine.server_config(desk)
    transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    try:
        reply = transport.post(PATH, {"case": case_no, "device": device, "limit": limit})
    finally:
        transport.close()
    rows = reply.data.get("rows", []) if isinstance(reply.data, dict) else []
    return [
        Row(
            _text(r, "pc"), r.get("seq", 0), _text(r, "at"), _text(r, "kind"), _text(r, "actor"),
            _text(r, "action"), _text(r, "detail"), _text(r, "case"), _text(r, "refused") or _unheld(r),
            bool(r.get("superseded")), _text(r, "name"), _text(r, "role"), r.get("replaced") is True,
        )
        for r in rows
        if isinstance(r, dict) and isinstance(r.get("seq", 0), int) and not isinstance(r.get("seq", 0), bool)
    ]  # fmt: skip


def _text(r: dict, key: str) -> str:
    """A field of a reply row as the clerk reads it: printable text only (a server before the entries'
    fields were judged may have kept a control character, an escape or a lone surrogate, which would
    break the terminal or the print)."""
    value = r.get(key, "")
    if not isinstance(value, str):
        return "" if value is None else str(value)
    return "".join(ch for ch in value if ch.isprintable())


NOT_HELD = "镇中心没有此事件(该条留痕无从核验)"
_OLD_SERVER_SAYS = "(镇中心没有此事件)"  # the action a server without ``held`` stores for such an entry


def _unheld(r: dict) -> str:
    """Why an event entry is not believed: the town holds no such event (a made-up entry, or an event the
    town refused). A server from before ``held`` said so only in the action."""
    if r.get("kind") not in ac.EVENT_KINDS:
        return ""
    held = r.get("held", r.get("action") != _OLD_SERVER_SAYS)
    return "" if held is True else NOT_HELD


ACTIONS = {
    "export": "导出", "print": "打印", "backup": "备份", "view_id": "查看完整身份证号", "login": "登录",
    "account_add": "添加账号", "account_deactivate": "停用账号", "account_reactivate": "恢复账号",
    "password_reset": "重设密码",
    "recovery_code": "新恢复码", "handover": "交接", "encrypt": "加密本机数据",
}  # fmt: skip


def action_words(row: Row) -> str:
    """What was done, in the words of the app: 打印, 代办登记 … (an unknown word as it came)."""
    if row.kind == "audit":
        return ACTIONS.get(row.action, row.action)
    try:
        return EVENT_LABELS.get(EventType(row.action), row.action)
    except ValueError:
        return row.action


def local_time(at: str) -> str:
    """The PC's UTC stamp as this PC's local time to the minute (``2026-12-02 14:39``)."""
    try:
        stamp = datetime.fromisoformat(at)
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        return stamp.astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):  # not a stamp, or a year local time cannot hold (9999)
        return at


def person(row: Row) -> str:
    """Who did it: ``王芳 (代办员)``; ``未知账号 1a2b3c4d`` when the town has no name for the account
    (a server from before the 账号名单 sends none: an audit row's name then stands alone)."""
    name = row.name or (row.actor if row.kind == "audit" else "")
    return ar.who(name, row.role, row.actor)


# Where a PC's trail departs from what the town received (a rewrite, or a restored backup), the town keeps
# both versions of an entry: the one it got first stands; the PC's later one is the one to doubt.
FIRST_RECEIVED = "镇中心先收到的版本: 本机后来送来的与此不同"
LATER_VERSION = "⚠ 与镇中心先收到的版本不同(本机留痕被改写, 或恢复过备份): 以镇中心先收到的为准"


def describe(row: Row) -> str:
    """One line a clerk reads: when, which PC, who, what, and whether the town believes it."""
    what = action_words(row) if row.kind == "audit" else f"事件 {action_words(row)}"
    who = person(row)
    mark = f"  [未采信: {row.refused}]" if row.refused else ""
    mark += f"  [{FIRST_RECEIVED}]" if row.superseded else ""
    mark += f"  [{LATER_VERSION}]" if row.replaced else ""
    case = f" {row.case_no}" if row.case_no and row.case_no not in row.detail else ""
    return f"{local_time(row.at)}  {row.pc}#{row.seq}  {who}  {what}{case}  {row.detail}{mark}".rstrip()
