"""After a restore, this device's counters continue past every number it has ever issued.

Why: restoring an older backup rewinds the daily case counters, and the next villager would get a
case number already printed on someone else's receipt; a rewound bundle counter makes the town refuse
the next USB bundle as a replay. The restored DB's counters become the maximum of the backup's, the
replaced DB's, and the highest case number of this device's tag found in either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from villagedesk.db import cipher
from villagedesk.db.engine import connect_readonly
from villagedesk.domain.case_numbers import CASE_NO

CASE_SEQ_PREFIX = "case_seq:"
INT_COUNTERS = ("sync.bundle_seq",)  # kept in sync/offline.py: the USB bundle number must never repeat
TEXT_MAX = ("hlc",)  # fixed-width HLC text: the larger string is the later clock


@dataclass
class Seen:
    """What one database knows of this device's numbering."""

    settings: dict[str, str] = field(default_factory=dict)
    case_ids: set[str] = field(default_factory=set)
    case_nos: list[str] = field(default_factory=list)


def read_seen(db: Path) -> Seen:
    """Counters, case ids and case numbers of ``db`` (read-only; an unreadable DB knows nothing)."""
    seen = Seen()
    if not db.is_file():
        return seen
    try:
        conn = connect_readonly(db)
        try:
            seen.settings = dict(conn.execute("SELECT key, value FROM settings"))
            for case_id, case_no in conn.execute("SELECT id, case_no FROM cases"):
                seen.case_ids.add(case_id)
                seen.case_nos.append(case_no)
        finally:
            conn.close()
    except cipher.DATABASE_ERRORS:
        return Seen()
    return seen


def merged_counters(restored: Seen, replaced: Seen) -> dict[str, str]:
    """The settings to write into the restored DB so no number it would issue next was issued before."""
    tag = restored.settings.get("device_tag") or replaced.settings.get("device_tag") or ""
    merged: dict[str, int] = {}
    for seen in (restored, replaced):
        for key, value in seen.settings.items():
            if key.startswith(CASE_SEQ_PREFIX) or key in INT_COUNTERS:
                try:
                    merged[key] = max(merged.get(key, 0), int(value))
                except ValueError:
                    continue
        for case_no in seen.case_nos:
            match = CASE_NO.match(case_no or "")
            if match and match.group(3) == tag:
                key = f"{CASE_SEQ_PREFIX}{match.group(2)}"
                merged[key] = max(merged.get(key, 0), int(match.group(4)))
    changes = {k: str(v) for k, v in merged.items() if restored.settings.get(k) != str(v)}
    for key in TEXT_MAX:
        best = max((s.settings.get(key) or "" for s in (restored, replaced)), default="")
        if best and best != restored.settings.get(key):
            changes[key] = best
    return changes


def write_settings(db: Path, values: dict[str, str]) -> None:
    """Upsert ``values`` into the settings table of the (not yet opened) restored DB."""
    if not values:
        return
    conn = cipher.connect(db)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                sorted(values.items()),
            )
    finally:
        conn.close()
