"""What the last sync left behind, in a form the dashboard can show: the last run and the town's notices.

The sync engine writes its last result as JSON under ``sync.last_result`` and every reference-data row
(notices included) into ``ref_data``; this module only reads them, so the dashboard never needs the engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.services.desk import Desk

LAST_RESULT_KEY = "sync.last_result"  # written by villagedesk.sync.engine
MAX_NOTICES = 20


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    date: str
    region: str | None


@dataclass(frozen=True)
class LastSync:
    """The last run as a code and its figures, for a window to word in its language."""

    when: str  # this PC's local time, "2026-11-25 16:30"
    outcome: str  # ok | cancelled | failed
    error: str = ""  # the engine's reason when it failed (its own sentence)
    skew_ms: int | None = None  # how far the PC clock was off the server's, when beyond the sync's tolerance
    restamped: int = 0  # records stamped again on the server's time (the PC clock ran a day fast)


def last_sync(s: Session) -> LastSync | None:
    """The last run the engine recorded; None before the first sync."""
    raw = st.get_setting(s, LAST_RESULT_KEY)
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    when = local_time(str(data.get("finished_at", "")))
    skew = data.get("skew_ms")
    clock = {
        "skew_ms": skew if data.get("clock_warning") is True and isinstance(skew, int) else None,
        "restamped": data.get("restamped") if isinstance(data.get("restamped"), int) else 0,
    }
    if data.get("ok"):
        return LastSync(when, "ok", **clock)
    if data.get("cancelled"):
        return LastSync(when, "cancelled", **clock)
    return LastSync(when, "failed", str(data.get("error") or ""), **clock)


def last_sync_text(s: Session) -> str:
    """ "2026-11-25 08:30 同步成功" — or the failure and its reason; "" before the first sync."""
    last = last_sync(s)
    if last is None:
        return ""
    if last.outcome == "ok":
        return f"{last.when} 同步成功"
    if last.outcome == "cancelled":
        return f"{last.when} 同步已取消(已完成的部分已保存)"
    return f"{last.when} 同步未完成: {last.error or '未知原因'}"


def local_time(stamp: str) -> str:
    """The engine stores UTC; a person reads this PC's local time ("2026-11-25 16:30")."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16].replace("T", " ")


def notices(s: Session, limit: int = MAX_NOTICES) -> list[Notice]:
    """Notices the town published to this device, newest first (a re-published notice replaces the old)."""
    rows = s.scalars(select(m.RefData).where(m.RefData.kind == "notice").order_by(m.RefData.rseq.desc()))
    seen: set[str] = set()
    out: list[Notice] = []
    for row in rows:
        if row.key in seen:
            continue
        seen.add(row.key)
        try:
            data = json.loads(row.data)
        except ValueError:
            continue
        if not isinstance(data, dict) or not str(data.get("title", "")).strip():
            continue
        out.append(Notice(str(data["title"]), str(data.get("body", "")), str(data.get("date", "")), row.region))
        if len(out) >= limit:
            break
    return out


def notice_lines(desk: Desk) -> list[str]:
    with desk.store.read() as s:
        return [notice_line(n) for n in notices(s)]


def notice_line(n: Notice) -> str:
    return f"[{n.date}] {n.title}: {n.body}" if n.date else f"{n.title}: {n.body}"
