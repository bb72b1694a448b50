"""``villagedesk appointment``: 公休日预约 headless — list the bookings this device's scope holds, book a
weekend or holiday visit, mark the visitor arrived (到访: the case registered from the booking, as the
预约 page's 到访登记 does), cancel one or record a no-show (爽约), through ``services.appointments``, the
预约 page's own service calls. A refusal is one Chinese line and exit 2, nothing written."""

from __future__ import annotations

import argparse
import sys

from villagedesk.domain.errors import NotFoundError, ValidationError
from villagedesk.domain.validators import mask_phone
from villagedesk.records_cli import EXIT_REFUSED, _short, day, handler

FIELDS = {
    "name": "姓名",
    "phone": "电话",
    "item_code": "事项",
    "day": "日期",
    "slot": "--slot",
    "note": "--note",
    "id_number": "--id-number",
    "materials": "--have",
    "group": "--group",
    "address": "--address",
    "mandate_signed": "--mandate-signed",
    "mandate_signed_on": "--mandate-signed",
    "mandate_valid_until": "--mandate-signed",
}


def _phone(text: str) -> str:
    """A villager's phone as a listing shows it: the middle digits masked (138****8000)."""
    return mask_phone(text) or "****"


def _find(desk, key: str):
    from villagedesk.services import appointments

    raw = key.strip()
    if len(raw) < 8:
        raise ValidationError("id", "请给出预约编号(appointment list 所列的前 8 位)")
    hits = [a for a in appointments.upcoming(desk, include_past=True) if a.id.startswith(raw)]
    if not hits:
        raise NotFoundError(f"本机没有编号为 {_short(raw)!r} 的预约")
    if len(hits) > 1:
        raise ValidationError("id", f"编号 {_short(raw)!r} 对应多条预约, 请多给几位")
    return hits[0]


def _line(a) -> str:
    slot = f" {a.slot}" if a.slot else ""
    case = "  已登记办件" if a.case_id else ""
    return (
        f"{a.id[:8]}  {a.day.isoformat()}{slot}  {a.village_code}  {a.name}  {_phone(a.phone)}  "
        f"{a.item_name}  {a.status_label}{case}"
    )


def cmd_list(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import appointments

    rows = appointments.upcoming(desk, include_past=args.all)
    print(f"{'全部' if args.all else '今天及以后的'}预约: {len(rows)} 条")
    for a in rows:
        print(_line(a))
    return 0


def cmd_add(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import appointments
    from villagedesk.services.intake import FormErrors

    try:
        booked = appointments.book(
            desk, args.name, args.phone, args.item, day(args.day, "日期"), args.slot or "", args.note or ""
        )
    except FormErrors as err:
        for e in err.errors:
            print(f"错误: {FIELDS.get(e.field, e.field)}: {e.message}", file=sys.stderr)
        return EXIT_REFUSED
    print("已登记预约(随同步送达乡镇)")
    print(_line(booked))
    print(f"  编号 {booked.id}")
    return 0


def _names(text: str | None) -> list[str]:
    """A comma-separated list of material names as typed (，、 accepted too)."""
    raw = (text or "").replace("，", ",").replace("、", ",")
    return [n.strip() for n in raw.split(",") if n.strip()]


def cmd_arrive(desk, args: argparse.Namespace) -> int:
    """到访: the booked villager came; their case is registered from the booking (name, phone, item) and
    the booking marked arrived in one transaction (``appointments.arrive``, as the 预约 page's intake)."""
    from villagedesk.services import appointments, intake

    found = _find(desk, args.id)
    materials = {n: intake.MaterialState("have") for n in _names(args.have)}
    materials.update({n: intake.MaterialState("later") for n in _names(args.later)})
    form = intake.IntakeForm(
        item_code=found.item_code,
        name=found.name,
        id_number=args.id_number or "",
        phone=found.phone,
        group=args.group or "",
        address=args.address or "",
        materials=materials,
        mandate_signed=args.mandate_signed,
        note=args.note or "",
    )
    try:
        result = appointments.arrive(desk, found.id, form)
    except intake.FormErrors as err:
        for e in err.errors:
            print(f"错误: {FIELDS.get(e.field, e.field)}: {e.message}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已登记到访, 办件编号 {result.case_no}")
    if result.missing:
        print("缺少材料(已一次性告知): " + "、".join(result.missing))
    print(_line(_find(desk, found.id)))
    return 0


def cmd_cancel(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import appointments

    found = _find(desk, args.id)
    appointments.cancel(desk, found.id, args.reason or "")
    print("已取消预约")
    print(_line(_find(desk, found.id)))
    return 0


def cmd_no_show(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import appointments

    found = _find(desk, args.id)
    appointments.no_show(desk, found.id, args.reason or "")
    print("已登记爽约")
    print(_line(_find(desk, found.id)))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("appointment", help="公休日预约: 列出、登记、取消预约, 登记到访或爽约")
    acts = p.add_subparsers(dest="action", metavar="操作", required=True)
    a = acts.add_parser("list", help="本机范围内的预约(村看本村, 镇看本镇各村), 日期最近的在前")
    a.add_argument("--all", action="store_true", help="也列出已过日期的预约")
    a.set_defaults(handler=handler(cmd_list))
    a = acts.add_parser("add", help="登记一次周末或法定节假日的预约(村便民服务站)")
    a.add_argument("name", help="村民姓名")
    a.add_argument("phone", help="联系电话")
    a.add_argument("item", help="办理事项编码, 如 JY001")
    a.add_argument("day", help="预约日期 YYYY-MM-DD(周末或法定节假日)")
    a.add_argument("--slot", help="时间 HH:MM, 如 09:30")
    a.add_argument("--note", help="备注, 如 带户口簿")
    a.set_defaults(handler=handler(cmd_add))
    a = acts.add_parser("arrive", help="村民按预约到访: 据预约登记办件, 预约记为已到访")
    a.add_argument("id", help="预约编号(list 所列的前 8 位即可)")
    a.add_argument("--id-number", required=True, help="申请人身份证号")
    a.add_argument("--have", help="已收取的材料, 逗号分隔(未列出的必需材料记为缺少, 一次性告知)")
    a.add_argument("--later", help="容缺后补的材料(非必需), 逗号分隔")
    a.add_argument("--mandate-signed", action="store_true", help="已签署代办委托书")
    a.add_argument("--group", help="村民小组")
    a.add_argument("--address", help="住址")
    a.add_argument("--note", help="备注")
    a.set_defaults(handler=handler(cmd_arrive))
    a = acts.add_parser("cancel", help="取消一条预约")
    a.add_argument("id", help="预约编号(list 所列的前 8 位即可)")
    a.add_argument("--reason", help="取消原因")
    a.set_defaults(handler=handler(cmd_cancel))
    a = acts.add_parser("no-show", help="预约日期已到而村民未来: 登记爽约")
    a.add_argument("id", help="预约编号(list 所列的前 8 位即可)")
    a.add_argument("--reason", help="情况说明, 如 电话未接通")
    a.set_defaults(handler=handler(cmd_no_show))
