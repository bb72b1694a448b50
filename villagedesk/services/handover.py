"""交接: what a leaving agent hands to the one taking over, and the new agent's confirmation.

The sheet lists the leaving person's open cases (the ones they registered), their originals not with the
villager and who holds each now (村代办员, or sent on to 镇中心), the appointments still booked, and what
has not reached the town: unsynced work must be synced, or carried to the town on a USB bundle, before
the person leaves (the sheet says which). The confirmation is an audited entry by the new agent, with their password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from villagedesk.db import audit_chain
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import custody
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import STATE_LABELS, State
from villagedesk.services import accounts
from villagedesk.services import appointments as appointments_service
from villagedesk.services.desk import Desk

K_SERVER = "sync.server"  # set by enrollment (sync/engine.py)


@dataclass(frozen=True)
class HandoverSheet:
    leaving: accounts.AccountInfo
    taking: accounts.AccountInfo
    made_on: date
    cases: list[tuple[str, str, str, str, str]]  # case number, item, applicant, state, due date
    originals: list[tuple[str, str, str, str]]  # case number, applicant, material, who holds it now (words)
    appointments: list[tuple[str, str, str, str]]  # day, slot, villager, item code
    unsynced: int  # events of this PC not yet acknowledged by the town
    rejected: int  # refused by the town, with a reason to act on
    enrolled: bool

    @property
    def advice(self) -> str:
        """Whether the work must reach the town first, and how."""
        if not self.unsynced:
            return "本机所有事件均已同步到镇中心, 可直接交接。"
        how = "请先同步(同步页 → 立即同步); 无网络时导出U盘同步包(villagedesk sync --export-bundle)送镇中心导入。"
        if not self.enrolled:
            how = "本机未注册到镇中心服务器: 请导出U盘同步包(villagedesk sync --export-bundle)送镇中心导入。"
        return f"本机有{self.unsynced}条事件尚未同步到镇中心, 交接前必须送达: {how}"


def _person(desk: Desk, username: str, field: str) -> accounts.AccountInfo:
    name = (username or "").strip().lower()
    found = [a for a in accounts.accounts(desk) if a.username.lower() == name]
    if not found:
        raise ValidationError(field, f"没有登录名为 {username.strip()[:32]} 的账号")
    return found[0]


def prepare(desk: Desk, leaving: str, taking: str) -> HandoverSheet:
    """The 交接单's content (no I/O beyond the database)."""
    out, new = _person(desk, leaving, "leaving"), _person(desk, taking, "taking")
    if out.id == new.id:
        raise ValidationError("taking", "移交人和接收人不能是同一人")
    if not new.active:
        raise ValidationError("taking", f"接收人 {new.username} 的账号已停用")
    with desk.store.read() as s:
        registered = select(m.EventRow.case_id).where(m.EventRow.type == "case_registered", m.EventRow.author == out.id)
        rows = s.scalars(
            select(m.Case).where(m.Case.id.in_(registered), m.Case.open.is_(True)).order_by(m.Case.registered_on)
        ).all()
        cases, originals = [], []
        for c in rows:
            state = STATE_LABELS.get(State(c.status), c.status)
            cases.append((c.case_no, c.title, c.applicant_name, state, c.due_on.isoformat() if c.due_on else ""))
            # who holds each original now, as the case page shows it: the registration, then every 原件保管变更;
            # the ones still with the villager are not in anyone's care at the desk
            for material, holder in custody.holders(st.case_events(s, c.id)).items():
                if holder != "applicant":
                    originals.append((c.case_no, c.applicant_name, material, custody.HOLDER_LABELS[holder]))
        outbox = dict(s.execute(select(m.OutboxEntry.status, func.count()).group_by(m.OutboxEntry.status)).all())
        enrolled = bool(st.get_setting(s, K_SERVER))
    # the bookings as the 预约 page holds them: synced records and the older local rows alike
    booked = [a for a in appointments_service.upcoming(desk, include_past=True) if a.status == "booked"]
    appointments = [(a.day.isoformat(), a.slot, a.name, a.item_code) for a in booked]
    return HandoverSheet(
        out, new, desk.today(), cases, originals, appointments,
        outbox.get("pending", 0), outbox.get("rejected", 0), enrolled,
    )  # fmt: skip


class UnsyncedWork(ValidationError):
    """The sheet says the work must reach the town first, and it has not."""


def refusal(sheet: HandoverSheet) -> str | None:
    """Why this sheet cannot be confirmed yet (its unsynced work), or None."""
    if not sheet.unsynced:
        return None
    return f"{sheet.advice} 送达后再确认交接; 确需先交接, 请加 --despite-unsynced(将记入留痕)。"


def confirm(desk: Desk, sheet: HandoverSheet, password: str, despite_unsynced: bool = False) -> None:
    """The new agent signs for the sheet with their password: one audited entry, counts only.

    Unsynced work must be delivered first (synced, or a USB bundle carried to the town): refused unless
    ``despite_unsynced``, and then the audited entry says the handover went through with it undelivered."""
    why = refusal(sheet)
    if why and not despite_unsynced:
        raise UnsyncedWork("confirm", why)
    accounts.authenticate(desk, sheet.taking.username, password)  # raises AuthError; logs them in
    detail = (
        f"{sheet.leaving.username} → {sheet.taking.username}: {len(sheet.cases)}件在办, "
        f"{len(sheet.originals)}份原件, {len(sheet.appointments)}个预约, {sheet.unsynced}条未同步"
    )
    if why:
        detail += " (未同步仍交接: --despite-unsynced)"
    with desk.store.write() as s:
        audit_chain.add_audit(s, "handover", detail, sheet.taking.display_name)
