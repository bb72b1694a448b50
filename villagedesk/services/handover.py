"""交接: what a leaving agent hands to the one taking over, and the new agent's confirmation.

The sheet lists the leaving person's open cases (the ones they registered), their originals not with the
villager and who holds each now (村代办员, or sent on to 镇中心), their bookings still to come, and what
has not reached the town: unsynced work must be synced, or carried to the town on a USB bundle, before
the person leaves (the sheet says which). The confirmation is an audited entry by the new agent, with their password.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from villagedesk.db import audit_chain
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import custody
from villagedesk.domain.answering import answers_now, handover_detail
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import STATE_LABELS, State
from villagedesk.domain.promise import awaiting_town, promise_pending, promised_text
from villagedesk.services import accounts, audit
from villagedesk.services import answering_here as here
from villagedesk.services import appointments as appointments_service
from villagedesk.services.desk import Desk

K_SERVER = "sync.server"  # set by enrollment (sync/engine.py)
UNATTRIBUTED = "旧版预约, 登记人不明: 请当面确认由谁负责"  # beside a booking no one is known to have made


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
    # what ``check`` finds in the audit trail: case numbers with an event row edited or deleted behind the
    # app's back (their state and originals on this sheet are not to be believed), and every finding
    tampered_cases: tuple[str, ...] = ()
    tampered: tuple[str, ...] = ()

    @property
    def advice(self) -> str:
        """Whether the work must reach the town first, and how."""
        refused = f"另有{self.rejected}条被镇中心退回, 请在同步页查看原因并处理。" if self.rejected else ""
        if not self.unsynced:
            if refused:  # delivered, but not all of it taken: "hand over directly" would be untrue
                return f"本机事件均已送达镇中心, 但有{self.rejected}条被镇中心退回, 请在同步页查看原因并处理后再交接。"
            return "本机所有事件均已同步到镇中心, 可直接交接。"
        how = "请先同步(同步页 → 立即同步); 无网络时导出U盘同步包(villagedesk sync --export-bundle)送镇中心导入。"
        if not self.enrolled:
            how = "本机未注册到镇中心服务器: 请导出U盘同步包(villagedesk sync --export-bundle)送镇中心导入。"
        return f"本机有{self.unsynced}条事件尚未同步到镇中心, 交接前必须送达: {how}{refused}"


def _person(desk: Desk, username: str, field: str) -> accounts.AccountInfo:
    name = (username or "").strip().lower()
    found = [a for a in accounts.accounts(desk) if a.username.lower() == name]
    if not found:
        raise ValidationError(field, f"没有登录名为 {username.strip()[:32]} 的账号")
    return found[0]


TAMPERED_MARK = "记录被改动, 不可信 — 请先核对原件"


def prepare(desk: Desk, leaving: str, taking: str) -> HandoverSheet:
    """The 交接单's content (no I/O beyond the database).

    It runs the audit check ``villagedesk check`` runs first: a row edited or deleted in the database (a
    custody change turned back to the villager, a case's registration gone) would otherwise leave the
    sheet quietly short, so the cases concerned are named and marked, and ``confirm`` refuses them."""
    out, new = _person(desk, leaving, "leaving"), _person(desk, taking, "taking")
    if out.id == new.id:
        raise ValidationError("taking", "移交人和接收人不能是同一人")
    if not new.active:
        raise ValidationError("taking", f"接收人 {new.username} 的账号已停用")
    verdict = audit.verify(desk)
    suspect = verdict.edited_cases | verdict.gutted_cases
    with desk.store.read() as s:
        rows = _answered_by(s, out.id)
        cases, originals = [], []
        numbers = dict(s.execute(select(m.Case.id, m.Case.case_no).where(m.Case.id.in_(sorted(suspect)))).all())
        tampered_cases = tuple(sorted(numbers.get(c, c) for c in suspect))
        for c in rows:
            state = STATE_LABELS.get(State(c.status), c.status)
            if c.case_no in tampered_cases:
                state = f"{state}({TAMPERED_MARK})"
            # the promise as the receipt and ``show`` say it (预计 … while the holidays are not known)
            provisional = desk.calendar.provisional(c.registered_on, c.due_on)
            estimate = awaiting_town(c.status, village_direct=c.final_level == "village", accepted_on=c.accepted_on)
            promised = promised_text(
                c.due_on, provisional=provisional, pending=promise_pending(c.status), estimate=estimate
            )
            cases.append((c.case_no, c.title, c.applicant_name, state, promised))
            # who holds each original now, as the case page shows it: the registration, then every 原件保管变更;
            # the ones still with the villager are not in anyone's care at the desk
            for material, holder in custody.holders(st.case_events(s, c.id)).items():
                if holder != "applicant":
                    originals.append((c.case_no, c.applicant_name, material, custody.holder_label(holder)))
        # the bookings still to come that the leaving person answers for (booked by them, or handed to them)
        appointments = [
            (v.day.isoformat(), v.slot, v.name, v.item_code) for v in _bookings_of(desk, s, out.id) if v.day
        ]
        appointments += [
            (r.day.isoformat(), r.slot, f"{r.name}({UNATTRIBUTED})", r.item_code)
            for r in appointments_service.unattributed_still_booked(desk, s)
        ]
        outbox = dict(s.execute(select(m.OutboxEntry.status, func.count()).group_by(m.OutboxEntry.status)).all())
        enrolled = bool(st.get_setting(s, K_SERVER))
    return HandoverSheet(
        out, new, desk.today(), cases, originals, appointments,
        outbox.get("pending", 0), outbox.get("rejected", 0), enrolled,
        tampered_cases, tuple(f.message for f in verdict.findings),
    )  # fmt: skip


def _answered_by(s, account_id: str) -> list[m.Case]:
    """Every open case the person answers for now: registered by them on any PC (another PC's account
    of theirs is known by the name the registration carries), or handed to them by a handover confirmed
    here, minus the ones they handed away (``services.answering_here``, as a reprinted receipt says it)."""
    roster = here.people(s)
    person = roster.get(account_id)
    if person is None:
        return []
    opened = select(m.Case.id).where(m.Case.open.is_(True))
    regs = s.execute(
        select(m.EventRow.case_id, m.EventRow.id, m.EventRow.author, m.EventRow.payload).where(
            m.EventRow.type == "case_registered", m.EventRow.case_id.in_(opened)
        )
    ).all()
    handed = here.handovers(s)
    came = here.arrivals(s, [r.id for r in regs]) if handed else {}
    mine = []
    for case_id, event_id, author, payload in regs:
        name = str((json.loads(payload) or {}).get("agent_name", "")) if author not in roster else ""
        start = here.registrar(roster, author, name)
        since = [h for seq, h in handed if seq > came.get(event_id, 0)]
        now = answers_now(start, roster, since)
        if now is not None and now.login and now.login.lower() == person.login.lower():
            mine.append(case_id)
    if not mine:
        return []
    return list(s.scalars(select(m.Case).where(m.Case.id.in_(mine)).order_by(m.Case.registered_on)).all())


def _bookings_of(desk: Desk, s, account_id: str) -> list:
    """The bookings still to come that the person answers for now, by the rule of their cases: booked
    by them (the booking's author), or handed to them by a handover confirmed here after the booking came
    here, minus the ones they handed away. A past day's booking is not work to hand over, and another
    agent's booking is not theirs to hand (the sheet listed every booking of the PC)."""
    roster = here.people(s)
    person = roster.get(account_id)
    if person is None or not person.login:
        return []
    booked = appointments_service.still_booked(desk, s)
    handed = here.handovers(s)
    came = here.arrivals(s, [opening.id for _view, opening in booked]) if handed else {}
    mine = []
    for view, opening in booked:
        start = here.registrar(roster, opening.author, "")
        since = [h for seq, h in handed if seq > came.get(opening.id, 0)]
        now = answers_now(start, roster, since)
        if now is not None and now.login and now.login.lower() == person.login.lower():
            mine.append(view)
    return mine


class UnsyncedWork(ValidationError):
    """The sheet says the work must reach the town first, and it has not."""


class TamperedRecords(ValidationError):
    """The audit check found rows edited or deleted behind the app's back: the sheet is not the record."""


def refusal(sheet: HandoverSheet) -> str | None:
    """Why this sheet cannot be confirmed yet (its unsynced work), or None."""
    if not sheet.unsynced:
        return None
    return f"{sheet.advice} 送达后再确认交接; 确需先交接, 请加 --despite-unsynced(将记入留痕)。"


def tamper_warning(sheet: HandoverSheet) -> str | None:
    """What the audit check found, as the sheet and the screen say it, or None."""
    if not sheet.tampered:
        return None
    where = f"办件 {', '.join(sheet.tampered_cases[:10])} " if sheet.tampered_cases else "本机留痕 "
    more = f"等{len(sheet.tampered_cases)}件 " if len(sheet.tampered_cases) > 10 else ""
    return (
        f"{where}{more}{TAMPERED_MARK}: 记录在数据库中被直接修改或删除, 本单所列的状态和原件保管可能不全; "
        "请当面核对原件, 并运行 villagedesk check 查看处理办法"
    )


def tamper_refusal(sheet: HandoverSheet) -> str | None:
    """Why this sheet cannot be confirmed as it stands (its records were tampered with), or None."""
    warning = tamper_warning(sheet)
    if warning is None:
        return None
    return f"{warning}。 核对后确需交接, 请加 --despite-tampered(将记入留痕)。"


def confirm(
    desk: Desk, sheet: HandoverSheet, password: str, despite_unsynced: bool = False, despite_tampered: bool = False
) -> None:
    """The new agent signs for the sheet with their password: one audited entry, counts only.

    Unsynced work must be delivered first (synced, or a USB bundle carried to the town): refused unless
    ``despite_unsynced``, and then the audited entry says the handover went through with it undelivered.
    Records edited or deleted behind the app's back are refused the same way, unless ``despite_tampered``."""
    tampered = tamper_refusal(sheet)
    if tampered and not despite_tampered:
        raise TamperedRecords("confirm", tampered)
    why = refusal(sheet)
    if why and not despite_unsynced:
        raise UnsyncedWork("confirm", why)
    accounts.authenticate(desk, sheet.taking.username, password)  # raises AuthError; logs them in
    # both people by name and login: the town's public page reads who took over from it (domain.answering)
    detail = handover_detail(
        (sheet.leaving.display_name, sheet.leaving.username),
        (sheet.taking.display_name, sheet.taking.username),
        f"{len(sheet.cases)}件在办, {len(sheet.originals)}份原件, {len(sheet.appointments)}个预约, "
        f"{sheet.unsynced}条未同步",
    )
    if why:
        detail += " (未同步仍交接: --despite-unsynced)"
    if tampered:
        detail += f" (记录被改动仍交接: --despite-tampered, 办件 {', '.join(sheet.tampered_cases[:10]) or '无'})"
    with desk.store.write() as s:
        audit_chain.add_audit(s, "handover", detail, sheet.taking.display_name)
