"""After a restore, this device's counters continue past every number it has ever issued.

Why: restoring an older backup rewinds the daily case counters, and the next villager would get a
case number already printed on someone else's receipt; a rewound bundle counter makes the town refuse
the next USB bundle as a replay. The restored DB's counters become the maximum of the backup's, the
replaced DB's, and the highest case number of this device's tag found in either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from villagedesk.db import cipher
from villagedesk.db.engine import connect_readonly
from villagedesk.domain.case_numbers import CASE_NO

CASE_SEQ_PREFIX = "case_seq:"
INT_COUNTERS = ("sync.bundle_seq",)  # kept in sync/offline.py: the USB bundle number must never repeat
TEXT_MAX = ("hlc",)  # fixed-width HLC text: the larger string is the later clock
# A restore where this device's own counters were not kept (a new PC) cannot know what the lost PC
# numbered after the backup: its days skip at least this far past the highest number seen, and at least
# twice the most the lost PC ever numbered in one day (a 集中代办 day registers hundreds: 100 was too
# few). The sequence has no upper bound: domain/case_numbers.py's CASE_NO takes 3 or more digits.
LOST_NUMBERS_SKIP = 1000
BUSIEST_DAY_FACTOR = 2


@dataclass
class Seen:
    """What one database knows of this device's numbering."""

    settings: dict[str, str] = field(default_factory=dict)
    case_ids: set[str] = field(default_factory=set)
    case_nos: list[str] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)  # case id -> case number
    logins: dict[str, str] = field(default_factory=dict)  # active account's login name -> its password hash
    # every account: id -> (login name, active, password hash); None when the table could not be read
    accounts: dict[str, tuple[str, bool, str]] | None = field(default_factory=dict)
    # every stream (a case, or a record: 预约, 考评, 督查…) -> (its events, those not yet at the town)
    streams: dict[str, tuple[int, int]] = field(default_factory=dict)


def read_seen(db: Path) -> Seen:
    """Counters, case ids and case numbers of ``db`` (read-only; an unreadable DB knows nothing)."""
    seen = Seen()
    if not db.is_file():
        return seen
    damaged = (*cipher.DATABASE_ERRORS, MemoryError, cipher.LockedDatabase)  # SQLCipher: MemoryError on a bad page
    try:
        conn = connect_readonly(db)
    except damaged:
        return seen
    try:
        # each table on its own: a damaged ``cases`` must not hide the counters (this PC's numbering)
        try:
            seen.settings = dict(conn.execute("SELECT key, value FROM settings"))
        except damaged:
            seen.settings = {}
        try:
            for case_id, case_no in conn.execute("SELECT id, case_no FROM cases"):
                seen.case_ids.add(case_id)
                seen.case_nos.append(case_no)
                seen.numbers[case_id] = case_no
        except damaged:
            pass  # the cases read so far still count
        try:
            rows = list(conn.execute("SELECT id, username, active, password_hash FROM accounts"))
            seen.accounts = {i: (u, bool(a), h or "") for i, u, a, h in rows}
            seen.logins = {u: h for _i, u, a, h in rows if a}
        except damaged:
            seen.logins, seen.accounts = {}, None
        try:
            query = "SELECT case_id, count(*), sum(server_seq IS NULL) FROM events GROUP BY case_id"
            seen.streams = {key: (count, unsent or 0) for key, count, unsent in conn.execute(query)}
        except damaged:
            seen.streams = {}
    finally:
        conn.close()
    return seen


def local_records(backups: Path) -> list[Seen]:
    """What this PC's own backup folder remembers of its numbering: the manifests of its archives (automatic
    backups and the safety copies of earlier restores), read without opening their databases."""
    from villagedesk.domain.errors import DomainError
    from villagedesk.services import backup_archive as archive  # services → services, no cycle at import

    out = []
    for path in sorted(backups.glob(f"*{archive.SUFFIX}")) if backups.is_dir() else ():
        try:
            numbering = archive.read_manifest(path).numbering
        except (DomainError, OSError):
            continue
        if numbering:
            out.append(Seen(settings=dict(numbering)))
    return out


def merged_counters(restored: Seen, replaced: Seen, records: list[Seen] | None = None) -> dict[str, str]:
    """The settings to write into the restored DB so no number it would issue next was issued before:
    the backup's, the replaced DB's and, of the same device tag, those ``records`` (``local_records``)."""
    tag = restored.settings.get("device_tag") or replaced.settings.get("device_tag") or ""
    merged: dict[str, int] = {}
    own = [r for r in records or [] if tag and _tag(r) == tag]
    for seen in (restored, replaced, *own):
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


def _tag(seen: Seen) -> str:
    return seen.settings.get("device_tag") or ""


def counters_lost(restored: Seen, replaced: Seen) -> bool:
    """The replaced DB does not tell this device's counters (none, unreadable even its settings, a fresh
    ``setup``, another tag): nothing here remembers what the device numbered after its newest copy (the
    backup, or a newer one of this PC's ``backups/``, whose counters ``merged_counters`` took)."""
    return bool(_tag(restored)) and _tag(replaced) != _tag(restored)


def _day_of(key: str) -> date | None:
    try:
        return datetime.strptime(key[len(CASE_SEQ_PREFIX) :], "%y%m%d").date()
    except ValueError:
        return None


def lost_numbers_skip(restored: Seen, changes: dict[str, str]) -> int:
    """How far past the highest known number a new PC's days start: ``LOST_NUMBERS_SKIP``, or twice the
    most numbers the lost PC is known to have issued in one day, whichever is more."""
    busiest = 0
    for key, value in {**restored.settings, **changes}.items():
        if key.startswith(CASE_SEQ_PREFIX):
            try:
                busiest = max(busiest, int(value))
            except ValueError:
                continue
    return max(LOST_NUMBERS_SKIP, BUSIEST_DAY_FACTOR * busiest)


def skip_lost_numbers(
    restored: Seen, changes: dict[str, str], created: date | None, today: date, skip: int = LOST_NUMBERS_SKIP
) -> dict[str, str]:
    """``changes`` plus, for the backup's last numbering day and every day from the backup to today, the
    day's counter moved ``skip`` (``lost_numbers_skip``) past the highest known: the lost PC's numbers
    after the backup (same day or later, up to that many a day) are not issued again."""
    counters = {k: v for k, v in {**restored.settings, **changes}.items() if k.startswith(CASE_SEQ_PREFIX)}
    numbered = [d for d in map(_day_of, counters) if d is not None]
    start = created or today
    days = {max(numbered)} if numbered else set()
    day = start
    while day <= max(today, start):
        days.add(day)
        day += timedelta(days=1)
    out = dict(changes)
    for day in days:
        key = f"{CASE_SEQ_PREFIX}{day:%y%m%d}"
        try:
            known = int(counters.get(key) or 0)
        except ValueError:
            known = 0
        out[key] = str(known + skip)
    return out


# This PC's enrollment: who it is to the town server. A backup carries the enrollment of the PC it was
# made on; restored onto another enrolled PC it would make this one sync as the old one (and be refused
# once the old one is revoked, the documented handover step), so the replaced DB's values win.
ENROLLMENT_KEYS = (
    "device_id",
    "device_tag",
    "device_name",
    "sync.server",
    "sync.token",
    "sync.fingerprint",
    "sync.scopes",
    "sync.bundle_key",
)


def own_enrollment(restored: Seen, replaced: Seen) -> dict[str, str]:
    """The settings that keep this PC's own enrollment in the restored DB (empty when this PC is not
    enrolled, or the backup is its own: then nothing changes)."""
    if not (replaced.settings.get("sync.server") and replaced.settings.get("sync.token")):
        return {}
    own = {key: replaced.settings.get(key) or "" for key in ENROLLMENT_KEYS}
    kept = {key: value for key, value in own.items() if restored.settings.get(key, "") != value}
    carried = carried_enrollments(restored, replaced)
    if carried:
        kept[CARRIED] = json.dumps(carried)
    return kept


# (device id, token) of the PCs whose backups were restored here: shown with a push, the token proves to
# the town that this PC holds that PC's data, so the cases it numbered and never delivered go up from
# here (server ``auth.carried_devices``; #18). Kept across later restores; at most MAX_CARRIED.
CARRIED = "sync.carried"
MAX_CARRIED = 8


def carried_enrollments(restored: Seen, replaced: Seen) -> list[dict[str, str]]:
    """This PC's list, the backup's own list, and the backup's PC when it is another enrolled PC."""
    out: list[dict[str, str]] = []
    for seen in (replaced, restored):
        try:
            listed = json.loads(seen.settings.get(CARRIED) or "[]")
        except ValueError:
            listed = []
        out += [x for x in listed if isinstance(x, dict) and all(isinstance(x.get(k), str) for k in "dt")]
    device, token = restored.settings.get("device_id") or "", restored.settings.get("sync.token") or ""
    if device and token and device != replaced.settings.get("device_id"):
        out.append({"d": device, "t": token})
    unique = {x["d"]: {"d": x["d"], "t": x["t"]} for x in out if x["d"] != replaced.settings.get("device_id")}
    return list(unique.values())[-MAX_CARRIED:]


def logins_replaced(restored: Seen, replaced: Seen) -> list[str]:
    """The login names whose password is now the backup's (new, or another hash than this PC had): after
    restoring another PC's backup, or an older one, the passwords set here no longer open the desk."""
    return sorted(name for name, digest in restored.logins.items() if replaced.logins.get(name) != digest)


@dataclass(frozen=True)
class RolledBack:
    """What a restore undoes beyond whole cases: later steps of cases the backup also has, and later
    records (预约, 考评, 督查…), each kept in the safety copy; ``unsent`` of their events never reached the
    town, so only that copy has them (a restore said only the cases the backup lacks)."""

    cases: int = 0
    records: int = 0
    unsent: int = 0

    def __bool__(self) -> bool:
        return bool(self.cases or self.records)


def rolled_back(restored: Seen, replaced: Seen) -> RolledBack:
    cases = records = unsent = 0
    for key, (count, not_sent) in replaced.streams.items():
        had, had_unsent = restored.streams.get(key, (0, 0))
        if count <= had or (key in replaced.case_ids and key not in restored.case_ids):
            continue  # nothing newer here; a case the backup lacks is counted as kept aside
        if key in replaced.case_ids:
            cases += 1
        else:
            records += 1
        unsent += max(0, not_sent - had_unsent)
    return RolledBack(cases, records, unsent)


# This PC's own preferences (language, idle lock, printer, hotline) and its second backup folder are about
# the PC, not the data: a restore keeps them (a cadre's English came back as 中文 after a restore).
OWN_PREFERENCES = ("pref.language", "pref.idle_minutes", "pref.printer", "pref.hotline", "backup.second_folder")


def own_preferences(restored: Seen, replaced: Seen) -> dict[str, str]:
    """The settings that keep this PC's own preferences in the restored DB."""
    return {
        key: replaced.settings[key]
        for key in OWN_PREFERENCES
        if key in replaced.settings and restored.settings.get(key) != replaced.settings[key]
    }
