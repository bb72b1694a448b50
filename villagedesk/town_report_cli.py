"""``villagedesk town-report``: 工作进展报送 镇→市 headless — the town drafts (from its villages' data) and
submits a month's report to the city, the city accepts or returns it, and both list and show them,
through ``services.town_reports`` (the GUI's path)."""

from __future__ import annotations

import argparse

from villagedesk.domain.errors import ValidationError
from villagedesk.records_cli import _short, handler
from villagedesk.report_cli import _metric_name, _month


def _town(text: str) -> str:
    code = text.strip()
    if not (len(code) == 12 and code.isascii() and code.isdigit() and code[9:] == "000" and code[6:] != "000000"):
        raise ValidationError("town", f"乡镇代码应为 12 位数字且以 000 结尾, 如 419001100000, 收到 {_short(code)!r}")
    return code


def _report_id(desk, args: argparse.Namespace) -> str:
    """The report of ``args.month`` of ``--town`` (the city's choice) or of this PC's own town."""
    from villagedesk.domain.lifecycle import Role
    from villagedesk.domain.progress_report import town_report_id

    y, m = _month(args.month)
    if args.town:
        code = _town(args.town)
    elif desk.identity.role is Role.CLERK:
        code = desk.identity.region_code
    else:
        raise ValidationError("town", "请用 --town 指明哪个乡镇的报告")
    return town_report_id(code, y, m)


def _line(r) -> str:
    return f"{r.year:04d}-{r.month:02d}  {r.partition}  {r.state_label or '—'}  (第 {r.drafts} 稿)"


def _print(r) -> None:
    print(_line(r))
    if r.metrics.get("as_of"):
        print(f"  数据截至: {r.metrics['as_of']}")
    text = r.metrics.get("text")
    for key, value in text.items() if isinstance(text, dict) else ():
        if isinstance(value, int | float | str):
            print(f"  {_metric_name(key)}: {value}")
    if r.villages:
        print(f"  各村(社区): {len(r.villages)} 个")
        for code, row in sorted(r.villages.items()):
            on_time = row.get("on_time_rate", [0, 0])
            cases, overdue = row.get("cases", 0), row.get("overdue_open", 0)
            print(f"    {code}  办件 {cases}  按时 {on_time[0]}/{on_time[1]}  超期在办 {overdue}")
    if r.remarks:
        print(f"  情况说明: {r.remarks}")
    if r.review_note:
        print(f"  审核意见: {r.review_note}")
    for on, action, note in r.history:
        print(f"  {on.isoformat()}  {action}{'  ' + note if note else ''}")


def cmd_list(desk, args: argparse.Namespace) -> int:
    from villagedesk.records_cli import year
    from villagedesk.services import town_reports

    rows = town_reports.list_reports(desk, year(args.year, desk.today()) if args.year else None)
    print(f"乡镇进展报告: {len(rows)} 份")
    for r in rows:
        print(_line(r))
    return 0


def cmd_show(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import town_reports

    _print(town_reports.get(desk, _report_id(desk, args)))
    return 0


def cmd_draft(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import town_reports

    y, m = _month(args.month)
    _print(town_reports.draft(desk, y, m, args.remarks or ""))
    return 0


def cmd_submit(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import town_reports

    y, m = _month(args.month)
    row = town_reports.submit(desk, y, m, args.remarks)
    print("已报送市级审批服务中心")
    _print(row)
    return 0


def cmd_review(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import town_reports

    rid = _report_id(desk, args)
    if args.action == "accept":
        row = town_reports.accept(desk, rid, args.comment or "")
    else:
        row = town_reports.return_report(desk, rid, args.reason)
    _print(row)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("town-report", help="工作进展报送(镇→市): 乡镇生成、报送, 市级审核、列出和查看月度进展报告")
    acts = p.add_subparsers(dest="action", metavar="操作", required=True)
    a = acts.add_parser("list", help="本机的乡镇进展报告(镇看本镇, 市看各镇), 新的在前")
    a.add_argument("--year", help="只列这一年")
    a.set_defaults(handler=handler(cmd_list))
    for name, text, func in (
        ("show", "一份乡镇进展报告: 汇总指标、各村指标、情况说明、审核经过", cmd_show),
        ("accept", "审核通过一份乡镇进展报告(市级)", cmd_review),
        ("return", "退回一份乡镇进展报告(市级, 须写明原因)", cmd_review),
    ):
        a = acts.add_parser(name, help=text)
        a.add_argument("month", help="月份 YYYY-MM")
        a.add_argument("--town", help="哪个乡镇的报告(12 位乡镇代码; 镇里默认本镇)")
        if name == "accept":
            a.add_argument("--comment", help="审核意见")
        if name == "return":
            a.add_argument("--reason", required=True, help="退回原因")
        a.set_defaults(handler=handler(func))
    a = acts.add_parser("draft", help="按本镇各村当月数据生成(或重新生成)进展报告草稿(乡镇中心)")
    a.add_argument("month", help="月份 YYYY-MM")
    a.add_argument("--remarks", help="情况说明")
    a.set_defaults(handler=handler(cmd_draft))
    a = acts.add_parser("submit", help="把本镇当月报告报送市级审批服务中心(乡镇中心; 情况说明不能为空)")
    a.add_argument("month", help="月份 YYYY-MM")
    a.add_argument("--remarks", help="情况说明(替换草稿中的)")
    a.set_defaults(handler=handler(cmd_submit))
