"""The three forms a village agent prints, as plain data built from the services, and how each is drawn.

Printed text is always Simplified Chinese, whatever the UI language: these are official forms handed to
the villager and filed at the town. Only the UI around printing (menus, preview, errors) is translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from villagedesk.domain import promise
from villagedesk.domain.catalog import FORM_LABELS, NECESSITY_LABELS, Plan
from villagedesk.domain.errors import DomainError
from villagedesk.domain.validators import mask_id
from villagedesk.ui.printing.canvas import Canvas
from villagedesk.ui.printing.fonts import code_points

if TYPE_CHECKING:  # only the type: the ui may not pull SQLAlchemy in through services.queries
    from villagedesk.services.queries import CaseDetail

CENTER = Qt.AlignmentFlag.AlignHCenter
# Printed where the town has set no public address (no QR): the villager asks by number and code.
NO_QR_NOTE = "本镇尚未开通扫码查询（未设置公开查询地址），请凭办件编号和查询码向代办员或服务热线查询办理进度"


class NothingToNotify(DomainError):
    """A 一次性告知单 was asked for a case that lacks no material."""


@dataclass(frozen=True)
class Office:
    """Who issues the form: the service point's name and the hotline printed for the villager."""

    center: str
    hotline: str = ""


@dataclass(frozen=True)
class Receipt:
    """受理回执: what the villager takes home to follow the case."""

    case_no: str
    title: str
    items: tuple[str, ...]
    applicant: str
    id_masked: str
    registered_on: date
    promised_on: date | None
    limit_text: str
    agent: str
    office: Office
    missing_count: int = 0
    # the materials are not complete (待补正, 退回补正): no date yet (domain.promise.promise_pending)
    promise_pending: bool = False
    provisional: bool = False  # the promised date rests on a year whose holidays are not confirmed
    estimate: bool = False  # counted from registration until the town accepts (domain.promise.awaiting_town)
    check_code: str = ""  # 查询码 as printed (XXXX-XXXX), derived from the case id (domain/check_code.py)
    query_url: str | None = None  # what the QR holds; None while the town has set no public address


@dataclass(frozen=True)
class MissingMaterial:
    name: str
    necessity: str = "required"  # required | later (容缺后补) | conditional
    form: str = "copy"
    copies: int = 1


@dataclass(frozen=True)
class Notice:
    """一次性告知单: every missing material, told once and in writing."""

    case_no: str
    title: str
    applicant: str
    id_masked: str
    given_on: date
    agent: str
    office: Office
    materials: tuple[MissingMaterial, ...]
    reason: str = ""


@dataclass(frozen=True)
class Mandate:
    """委托书: the villager authorises the agent to handle the item for them.

    Unlike the receipt and the notice, the mandate shows the villager's *full* ID number: it is a legal
    authorisation the villager signs in person, and the town must match it against the ID card before
    acting on it; a masked number would make it void. It is printed only to be signed and filed with the
    case, never posted or listed. Built from a masked detail, the number is left blank to be filled in
    by hand rather than printed masked.
    """

    case_no: str
    title: str
    items: tuple[str, ...]
    applicant: str
    id_number: str  # full, or "" to be written by hand
    phone: str
    address: str
    agent: str
    office: Office
    signed_on: date
    valid_until: date | None = None  # None: until the case is closed


# --- from the services' plain data ----------------------------------------------------------------


def _masked(number: str) -> str:
    return number if "*" in number else mask_id(number)


def limit_text(days: int, unit: str) -> str:
    if days <= 0:
        return "即办"
    return f"{days}个{'工作日' if unit == 'working_days' else '自然日'}"


def _items(detail: CaseDetail) -> tuple[str, ...]:
    return tuple(str(i.get("name", "")) for i in detail.registered.get("items", []) if i.get("name"))


def receipt_from(detail: CaseDetail, office: Office) -> Receipt:
    reg = detail.registered
    missing = [m for m in detail.view.get("missing", []) if m]
    return Receipt(
        case_no=detail.row.case_no,
        title=detail.row.title,
        items=_items(detail),
        applicant=detail.applicant["name"],
        id_masked=_masked(detail.applicant.get("id_number", "")),
        registered_on=detail.row.registered_on,
        promised_on=detail.row.due_on,
        limit_text=limit_text(int(reg.get("promised_days", 0) or 0), str(reg.get("limit_unit", "working_days"))),
        agent=detail.agent,
        office=office,
        missing_count=len(missing),
        promise_pending=promise.promise_pending(detail.row.status),
        provisional=detail.row.provisional,
        estimate=detail.row.estimate,
        check_code=detail.link.printed_code if detail.link else "",
        query_url=detail.link.url if detail.link else None,
    )


def notice_from(detail: CaseDetail, office: Office, plan: Plan | None = None) -> Notice:
    """The latest written list of missing materials, plus materials accepted as 容缺 (to follow later).

    Each material appears once (names compared without spaces); ``plan`` (``services.catalog.plan``)
    adds the copies to bring. Raises :class:`NothingToNotify` when nothing is missing.
    """
    registered = {_key(m["name"]): m for m in detail.registered.get("materials", [])}
    planned = {_key(m.name): m for m in plan.materials} if plan else {}
    wanted: dict[str, MissingMaterial] = {}
    names = list(detail.view.get("missing", []))
    names += [m["name"] for m in registered.values() if m.get("status") == "later"]
    for name in names:
        key = _key(name)
        if not key or key in wanted:
            continue
        reg = registered.get(key, {})
        spec = planned.get(key)
        wanted[key] = MissingMaterial(
            name=str(name).strip(),
            necessity="later" if reg.get("status") == "later" else str(reg.get("necessity", "required")),
            form=spec.form if spec else str(reg.get("required_form", "copy")),
            copies=spec.copies if spec else 1,
        )
    if not wanted:
        raise NothingToNotify(f"办件 {detail.row.case_no} 没有缺少的材料, 无需一次性告知")
    given = [t.at for t in detail.timeline if t.type in ("materials_missing", "returned") and t.at]
    return Notice(
        case_no=detail.row.case_no,
        title=detail.row.title,
        applicant=detail.applicant["name"],
        id_masked=_masked(detail.applicant.get("id_number", "")),
        given_on=date.fromisoformat(given[-1][:10]) if given else detail.row.registered_on,
        agent=detail.agent,
        office=office,
        materials=tuple(wanted.values()),
        reason=str(detail.view.get("reason", "") or ""),
    )


def mandate_from(detail: CaseDetail, office: Office) -> Mandate:
    """Pass ``queries.detail(desk, key, reveal_id=True)`` to print the full ID number (see :class:`Mandate`)."""
    number = detail.applicant.get("id_number", "")
    return Mandate(
        case_no=detail.row.case_no,
        title=detail.row.title,
        items=_items(detail),
        applicant=detail.applicant["name"],
        id_number="" if "*" in number else number,
        phone=detail.applicant.get("phone", ""),
        address=detail.applicant.get("address", ""),
        agent=detail.mandate.agent if detail.mandate else str(detail.registered.get("agent_name", "")),
        office=office,
        signed_on=detail.mandate.signed_on if detail.mandate else detail.row.registered_on,
        valid_until=detail.mandate.valid_until if detail.mandate else None,
    )


def _key(name: str) -> str:
    return "".join(str(name).split())


def _day(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def promise_line(r: Receipt) -> str:
    """The receipt's 承诺办结: what the case page and the public page say for the same state (the
    choice is ``domain.promise.promise_pending``; a receipt once chose by its list of missing materials)."""
    return (
        promise.promised_text(r.promised_on, provisional=r.provisional, pending=r.promise_pending, estimate=r.estimate)
        or "—"
    )


# --- drawing ----------------------------------------------------------------------------------------


def _rare_note(c: Canvas, before: int) -> None:
    """After a block: say which characters could not be printed, so they get written in by hand."""
    new = c.drawn.unprintable[before:]
    if new:
        c.text(f"注：“□”处为本机字体无法打印的生僻字（{code_points(new)}），请手写补全并核对。", 8.5)
        c.space(1)


def draw_receipt(c: Canvas, r: Receipt, narrow: bool = False) -> None:
    label = 20 if narrow else 32
    c.text(r.office.center, 11, align=CENTER)
    c.space(1)
    c.text("受理回执", 20, bold=True, align=CENTER)
    c.space(3)
    c.text("办件编号", 10, align=CENTER)
    c.text(r.case_no, 17 if narrow else 22, bold=True, align=CENTER)
    if r.check_code:
        c.text(f"查询码 {r.check_code}", 12, bold=True, align=CENTER)
    c.space(2)
    if r.query_url:
        c.qr(r.query_url, 30 if narrow else 38)
        c.text("扫码或凭编号和查询码查询办理进度", 8.5, align=CENTER)
    else:
        c.text(NO_QR_NOTE, 8.5, align=CENTER)
    c.rule()
    c.field("办理事项", r.title, label_mm=label, value_bold=True)
    if len(r.items) > 1:
        c.field("包含事项", "、".join(r.items), pt=9.5, label_mm=label)
    mark = len(c.drawn.unprintable)
    c.field("申请人", r.applicant, label_mm=label)
    _rare_note(c, mark)
    c.field("身份证号", r.id_masked, label_mm=label)
    c.field("登记日期", _day(r.registered_on), label_mm=label)
    c.field("承诺时限", r.limit_text, label_mm=label)
    c.field("承诺办结", promise_line(r), label_mm=label, value_bold=True)
    if r.missing_count:
        c.field("尚缺材料", f"{r.missing_count} 项，详见《一次性告知单》", label_mm=label)
    c.field("代办员", r.agent, label_mm=label)
    c.field("受理点", r.office.center, label_mm=label)
    if r.office.hotline:
        c.field("咨询电话", r.office.hotline, label_mm=label, value_bold=True)
    c.rule(dashed=True)
    c.text("请妥善保管本回执，领取结果时出示。全程代办，不收取任何费用。", 9)


def draw_notice(c: Canvas, n: Notice) -> None:
    c.text("一次性告知单", 20, bold=True, align=CENTER)
    c.space(2)
    c.text(f"办件编号：{n.case_no}", 11, align=CENTER)
    c.space(4)
    mark = len(c.drawn.unprintable)
    c.text(f"{n.applicant}（身份证号 {n.id_masked}）：", 12)
    _rare_note(c, mark)
    c.space(1)
    c.text(
        f"　　您申请办理的“{n.title}”尚缺下列材料。根据一次性告知制度，现将需要补充的全部材料一次性书面"
        "告知如下。请备齐后携带本告知单到受理点补交，补齐之日起开始计算承诺时限。",
        12,
    )
    if n.reason:
        c.space(1)
        c.text(f"　　退回补正原因：{n.reason}", 12)
    c.space(3)
    for i, m in enumerate(n.materials, 1):
        extra = [FORM_LABELS.get(m.form, m.form)]
        if m.copies > 1:
            extra.append(f"{m.copies}份")
        if m.necessity != "required":
            extra.append(NECESSITY_LABELS.get(m.necessity, m.necessity))
        c.text(f"{i}. {m.name}（{'，'.join(extra)}）", 12)
        c.space(1.5)
    c.space(2)
    c.text(f"共 {len(n.materials)} 项。以上为全部所缺材料，不再另行要求其他材料。", 11, bold=True)
    c.space(3)
    c.field("告知日期", _day(n.given_on), label_mm=26)
    c.field("代办员", n.agent, label_mm=26)
    c.field("受理点", n.office.center, label_mm=26)
    if n.office.hotline:
        c.field("咨询电话", n.office.hotline, label_mm=26)
    c.signature("办事群众签字：")
    c.signature("代办员签字：")


def draw_mandate(c: Canvas, m: Mandate) -> None:
    c.text("委托书", 22, bold=True, align=CENTER)
    c.space(2)
    c.text(f"办件编号：{m.case_no}", 11, align=CENTER)
    c.space(5)
    mark = len(c.drawn.unprintable)
    c.field("委托人", m.applicant, pt=12, label_mm=30)
    _rare_note(c, mark)
    c.field("身份证号", m.id_number or "＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿", pt=12, label_mm=30)
    c.field("联系电话", m.phone, pt=12, label_mm=30)
    if m.address:
        c.field("住址", m.address, pt=12, label_mm=30)
    c.space(2)
    c.field("受托人", f"{m.agent}（{m.office.center}代办员）", pt=12, label_mm=30)
    c.space(4)
    items = f"（含{'、'.join(m.items)}）" if len(m.items) > 1 else ""
    c.text(
        f"　　本人自愿委托{m.office.center}代办员{m.agent}，代为办理“{m.title}”{items}事项，"
        "代为提交申请材料、查询办理进度、接收补正通知、领取并转交办理结果。",
        12,
    )
    c.space(1.5)
    c.text(
        "　　受托人在上述委托权限内办理的事务，本人均予以承认。受托人无转委托权。"
        + (
            f"本委托自签字之日起至{_day(m.valid_until)}止有效。"
            if m.valid_until
            else "本委托自签字之日起至该事项办结之日止有效。"
        ),
        12,
    )
    c.space(1.5)
    c.text("　　本人已知悉：代办服务不收取任何费用；本人提供的材料真实有效。", 12)
    c.space(4)
    c.signature("委托人签字（按手印）：", label_mm=50)
    c.signature("受托人签字：", label_mm=50)
    c.space(4)
    c.text(f"签署日期：{_day(m.signed_on)}", 10)
