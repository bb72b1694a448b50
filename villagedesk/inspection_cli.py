"""``villagedesk inspection``: 督查 headless — a town or the city records an inspection (the city also of a
town), the inspected village or town answers it (整改情况), and everyone in scope lists and shows them,
through ``services.supervision``."""

from __future__ import annotations

import argparse

from villagedesk.domain.audit_entries import mask_id_numbers
from villagedesk.domain.errors import NotFoundError, ValidationError
from villagedesk.domain.lifecycle import STATE_LABELS, State  # the one table of state names
from villagedesk.records_cli import _short, day, handler, village, year


def _kind(text: str) -> str:
    from villagedesk.services.supervision import KINDS

    raw = text.strip()
    for key, label in KINDS.items():
        if raw in (key, label):
            return key
    names = "、".join(f"{label}({key})" for key, label in KINDS.items())
    raise ValidationError("kind", f"督查方式应为 {names} 之一, 收到 {_short(raw)!r}")


def _find(desk, key: str):
    from villagedesk.services import supervision

    raw = key.strip()
    if len(raw) < 6:
        raise ValidationError("id", "请给出督查记录编号(inspection list 所列, 至少前 6 位)")
    hits = [r for r in supervision.list_for(desk) if r.id.startswith(raw)]
    if not hits:
        raise NotFoundError(f"本机没有编号为 {_short(raw)!r} 的督查记录")
    if len(hits) > 1:
        raise ValidationError("id", f"编号 {_short(raw)!r} 对应多条督查记录, 请多给几位")
    return hits[0]


def _state(r, today) -> str:
    if r.fixed_on is not None:
        return f"已整改({r.fixed_on.isoformat()})"
    if r.overdue(today):
        return "逾期未整改"
    if r.answered:  # was "已报整改进展", a second name for 已报整改情况
        return STATE_LABELS[State.INSPECTION_ANSWERED]
    return STATE_LABELS[State.INSPECTION_OPEN] if r.fix_by else "无需整改"


def _line(r, today) -> str:
    leak = "  信息泄露" if r.data_leak else ""
    deduction = f"  扣 {r.deduction:g} 分" if r.deduction else ""
    head = f"{r.id[:8]}  {r.on.isoformat()}  {r.village_code}  {r.level}级{r.kind_label}"
    return f"{head}{deduction}{leak}  {_state(r, today)}"


def cmd_list(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import supervision

    code = village(args.village) if args.village else None
    y = year(args.year, desk.today()) if args.year else None
    rows = supervision.list_for(desk, code, y)
    print(f"督查记录: {len(rows)} 条")
    for r in rows:
        print(_line(r, desk.today()))
    return 0


def _print(r, today) -> None:
    print(_line(r, today))
    print(f"  编号 {r.id}")
    print(f"  督查人 {r.inspector}")
    print(f"  发现问题 {mask_id_numbers(r.findings) or '(无)'}")
    if r.fix_by:
        print(f"  整改期限 {r.fix_by.isoformat()}")
    for a in r.answers:
        done = f", 已完成({a.fixed_on.isoformat()})" if a.fixed and a.fixed_on else ""
        print(f"  {a.day.isoformat()} 整改情况({a.answerer}{done}): {mask_id_numbers(a.result)}")
    if not r.answers and r.result:
        print(f"  整改情况: {mask_id_numbers(r.result)}")


def cmd_show(desk, args: argparse.Namespace) -> int:
    _print(_find(desk, args.id), desk.today())
    return 0


def cmd_record(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import supervision

    try:
        deduction = float(args.deduction) if args.deduction is not None else 0.0
    except ValueError:
        raise ValidationError("deduction", f"扣分应为数字, 收到 {_short(args.deduction)!r}") from None
    row = supervision.record(
        desk,
        village(args.village),
        _kind(args.kind),
        day(args.on, "--on") if args.on else desk.today(),
        args.findings or "",
        deduction,
        day(args.fix_by, "--fix-by") if args.fix_by else None,
        args.data_leak,
        args.inspector,
    )
    print("已记录督查(随同步送达被督查的村或乡镇)")
    _print(row, desk.today())
    return 0


def cmd_answer(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import supervision

    found = _find(desk, args.id)
    fixed_on = day(args.fixed_on, "--fixed-on") if args.fixed_on else None
    row = supervision.answer(desk, found.id, args.result, fixed_on is not None, fixed_on)
    print("已填报整改情况(随同步送达督查单位)")
    _print(row, desk.today())
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspection", help="督查: 记录督查、填报整改情况、列出和查看督查记录")
    acts = p.add_subparsers(dest="action", metavar="操作", required=True)
    a = acts.add_parser("list", help="本机范围内的督查记录(村看本村, 镇看本镇各村, 市看全市)")
    a.add_argument("--village", help="只列这个村(12 位村代码; 市级也可填乡镇代码)")
    a.add_argument("--year", help="只列这一年")
    a.set_defaults(handler=handler(cmd_list))
    a = acts.add_parser("show", help="一条督查记录及其整改情况")
    a.add_argument("id", help="督查记录编号(list 所列的前 8 位即可)")
    a.set_defaults(handler=handler(cmd_show))
    a = acts.add_parser("record", help="记录一次督查(乡镇中心或市级中心)")
    a.add_argument("village", help="被督查的村代码(12 位; 市级也可填乡镇代码, 以 000 结尾)")
    a.add_argument("--kind", required=True, help="督查方式: 明察、暗访、电话抽查 (open_visit/unannounced/phone_check)")
    a.add_argument("--on", help="督查日期 YYYY-MM-DD, 默认今天")
    a.add_argument("--findings", help="发现的问题")
    a.add_argument("--deduction", help="扣分 0-100 (扣分须有整改期限)")
    a.add_argument("--fix-by", help="整改期限 YYYY-MM-DD")
    a.add_argument("--data-leak", action="store_true", help="涉及信息泄露(降星情形)")
    a.add_argument("--inspector", help="督查人, 默认本机登录的人")
    a.set_defaults(handler=handler(cmd_record))
    a = acts.add_parser("answer", help="填报整改情况(被督查村的代办员, 或被督查乡镇的工作人员)")
    a.add_argument("id", help="督查记录编号(list 所列的前 8 位即可)")
    a.add_argument("--result", required=True, help="做了什么")
    a.add_argument("--fixed-on", help="已整改完成的, 完成日期 YYYY-MM-DD")
    a.set_defaults(handler=handler(cmd_answer))
