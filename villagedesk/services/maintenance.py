"""Backup, restore and the health check (``villagedesk check``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import defer

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.db.engine import NewerDatabaseError, backup_to, current_revision, head_revision, known_revisions
from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import PAUSED_STATES, STOPPED_STATES
from villagedesk.domain.projection import project
from villagedesk.services.desk import Desk

BACKUPS_KEPT = 10


class RestoreError(DomainError):
    pass


def backup(desk: Desk, target: Path | None = None, actor: str = "") -> Path:
    """A consistent copy of the live DB (online backup API), recorded in the audit log."""
    if target is None:
        target = desk.paths.backups / f"villagedesk-{datetime.now():%Y%m%d-%H%M%S}.db"
    if target.exists():
        raise RestoreError(f"目标文件已存在, 不会覆盖: {target.name}")
    backup_to(desk.paths.db, target)
    with desk.store.write() as s:
        s.add(m.AuditEntry(at=datetime.now(), actor=actor or _actor(desk), action="backup", detail=target.name))
    _rotate(desk.paths.backups)
    return target


def _actor(desk: Desk) -> str:
    try:
        return desk.identity.user
    except DomainError:
        return ""


def _rotate(folder: Path) -> None:
    if not folder.is_dir():
        return
    automatic = sorted(folder.glob("villagedesk-*.db"))
    for old in automatic[:-BACKUPS_KEPT]:
        old.unlink()


def verify_backup_file(path: Path) -> str:
    """Check that ``path`` is a VillageDesk DB this version can open; returns its revision."""
    if not path.is_file():
        raise RestoreError(f"找不到备份文件: {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise RestoreError(f"不是有效的 VillageDesk 备份文件({err})") from None
    if ok != "ok":
        raise RestoreError("备份文件已损坏(integrity_check 未通过)")
    try:
        revision = current_revision(path)
    except sqlite3.DatabaseError as err:
        raise RestoreError(f"不是有效的 VillageDesk 备份文件({err})") from None
    if revision is None:
        raise RestoreError("不是 VillageDesk 备份文件(没有结构版本)")
    if revision not in known_revisions():  # restoring it would leave a profile this version cannot open
        raise RestoreError(f"备份来自更新版本的 VillageDesk(结构版本 {revision}), 请先升级程序; 当前数据未改动")
    return revision


def restore(profile_db: Path, source: Path, backups: Path) -> Path:
    """Replace the profile DB with ``source``; the current DB is first backed up, never deleted.

    Call with no Desk open on the profile. Returns the safety backup of the replaced DB.
    """
    verify_backup_file(source)
    safety = backups / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}.db"
    if profile_db.exists():
        backup_to(profile_db, safety)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(profile_db)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return safety


@dataclass
class CheckReport:
    revision: str | None
    head: str
    integrity: str
    cases: int
    events: int
    outbox_pending: int
    outbox_rejected: int
    mismatched: list[str] = field(default_factory=list)
    rebuilt: int = 0
    quarantined: int = 0  # pulled events set aside by sync (not a fault of this PC: shown, not failed)

    @property
    def ok(self) -> bool:
        return self.revision == self.head and self.integrity == "ok" and not self.mismatched


_COMPARED = ("status", "case_no", "due_on", "open", "paused", "conflict", "return_rounds", "outcome", "event_count")


def check(desk: Desk, rebuild: bool = False) -> CheckReport:
    """Schema revision, integrity, outbox size, and projections equal to a rebuild from events."""
    with desk.store.read() as s:
        integrity = s.execute(text("PRAGMA integrity_check")).scalar() or "?"
        counts = {
            "cases": s.scalar(select(func.count()).select_from(m.Case)) or 0,
            "events": s.scalar(select(func.count()).select_from(m.EventRow)) or 0,
            "quarantined": s.scalar(select(func.count()).select_from(m.QuarantinedEvent)) or 0,
        }
        outbox = dict(s.execute(select(m.OutboxEntry.status, func.count()).group_by(m.OutboxEntry.status)).all())
    report = CheckReport(
        revision=current_revision(desk.paths.db),
        head=head_revision(),
        integrity=integrity,
        cases=counts["cases"],
        events=counts["events"],
        outbox_pending=outbox.get("pending", 0),
        outbox_rejected=outbox.get("rejected", 0),
        quarantined=counts["quarantined"],
    )
    report.mismatched = _compare_projections(desk, desk.today(), rebuild)
    if rebuild:
        report.rebuilt = len(report.mismatched)
    return report


def _compare_projections(desk: Desk, today: date, rebuild: bool) -> list[str]:
    """Re-project every case from its events and list the case numbers whose stored row differs."""
    mismatched: list[str] = []
    with desk.store.read() as s:
        case_ids = list(s.scalars(select(m.EventRow.case_id).distinct()))
    batch = 2000
    for start in range(0, len(case_ids), batch):
        chunk = case_ids[start : start + batch]
        with desk.store.read() as s:
            events: dict[str, list] = {}
            table = m.EventRow.__table__  # plain rows: ORM objects for a million events cost minutes
            for row in s.execute(select(table).where(table.c.case_id.in_(chunk)).order_by(table.c.local_seq)):
                events.setdefault(row.case_id, []).append(st.row_to_event(row))
            query = select(m.Case).options(defer(m.Case.view)).where(m.Case.id.in_(chunk))
            stored = {r.id: r for r in s.scalars(query)}
        wrong = []
        for case_id in chunk:
            view = project(case_id, events.get(case_id, []))
            row = stored.get(case_id)
            if view.state is None or not view.registered:  # not a case (a progress report stream)
                continue
            if row is None or _differs(desk, view, row, today):
                mismatched.append(row.case_no if row else case_id)
                wrong.append(case_id)
        if rebuild and wrong:
            with desk.store.write() as s:
                for case_id in wrong:
                    st.reproject(s, desk.calendar, case_id, today)
    return mismatched


def _differs(desk: Desk, view, row: m.Case, today: date) -> bool:
    expected = {
        "status": view.state.value,
        "case_no": view.case_no,
        "due_on": st.compute_due(desk.calendar, view, today) if not row.paused else row.due_on,
        "open": view.state not in STOPPED_STATES,
        "paused": view.state in PAUSED_STATES,
        "conflict": view.conflict,
        "return_rounds": view.return_rounds,
        "outcome": view.outcome,
        "event_count": view.event_count,
    }
    return any(getattr(row, k) != expected[k] for k in _COMPARED)


__all__ = ["BACKUPS_KEPT", "CheckReport", "NewerDatabaseError", "backup", "check", "restore"]
