"""``villagedesk report``: 工作进展报送 headless — the village drafts (from its data) and submits a month's
report, the town accepts or returns it, and both list and show them, through ``services.progress_reports``."""

from __future__ import annotations

import argparse

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import STATE_LABELS
from villagedesk.records_cli import _short, handler, village


def _month(text: str) -> tuple[int, int]:
    raw = text.strip()
    y, sep, m = raw.partition("-")
    if not (sep and y.isascii() and y.isdigit() and m.isascii() and m.isdigit() and len(y) == 4 and len(m) <= 2):
        raise ValidationError("month", f"月份应写成 YYYY-MM, 如 2026-10, 收到 {_short(raw)!r}")
    if not 1 <= int(m) <= 12 or not 2000 <= int(y) <= 2099:  # never looked up as a report that is missing
        raise ValidationError("month", f"没有这个月份: {_short(raw)!r} (年份 2000–2099, 月份 01–12)")
    return int(y), int(m)


def _report_id(desk, args: argparse.Namespace) -> str:
    """The report of ``args.month`` of ``--village`` (a town's choice) or of this PC's own village."""
    from villagedesk.domain.lifecycle import Role
    from villagedesk.domain.progress_report import report_id

    y, m = _month(args.month)
    if args.village:
        code = village(args.village)
    elif desk.identity.role is Role.AGENT:
        code = desk.identity.region_code
    else:
        raise ValidationError("village_code", "请用 --village 指明哪个村的报告")
    return report_id(code, y, m)


def _line(r) -> str:
    state = STATE_LABELS[r.state] if r.state else "—"
    return f"{r.year:04d}-{r.month:02d}  {r.partition}  {state}  (第 {r.drafts} 稿)"


_OTHER_NAMES = {
    "as_of": "数据截至",
    "period": "统计期",
    "village": "村",
    "town": "镇",
    "followups_overdue": "整改逾期",
    "verified_bad_reviews": "核实差评",
}


def _metric_name(key: str) -> str:
    """The metric's Chinese name, as the 统计 page shows it (the words before the colon of its definition)."""
    from villagedesk.domain.metrics import METRIC_DEFINITIONS

    if key in METRIC_DEFINITIONS:
        return METRIC_DEFINITIONS[key].split(":", 1)[0]
    return _OTHER_NAMES.get(key, key)


def _print(r) -> None:
    print(_line(r))
    if r.metrics.get("as_of"):
        print(f"  数据截至: {r.metrics['as_of']}")
    text = r.metrics.get("text")
    shown = text.items() if isinstance(text, dict) else r.metrics.items()  # as the 统计 page words them
    for key, value in shown:
        if key != "as_of" and isinstance(value, int | float | str):
            print(f"  {_metric_name(key)}: {value}")
    if r.remarks:
        print(f"  情况说明: {r.remarks}")
    if r.review_note:
        print(f"  审核意见: {r.review_note}")
    for on, action, note in r.history:
        print(f"  {on.isoformat()}  {action}{'  ' + note if note else ''}")


def cmd_list(desk, args: argparse.Namespace) -> int:
    from villagedesk.records_cli import year
    from villagedesk.services import progress_reports

    rows = progress_reports.list_reports(desk, year(args.year, desk.today()) if args.year else None)
    print(f"进展报告: {len(rows)} 份")
    for r in rows:
        print(_line(r))
    return 0


def cmd_show(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import progress_reports

    _print(progress_reports.get(desk, _report_id(desk, args)))
    return 0


def cmd_draft(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import progress_reports

    y, m = _month(args.month)
    _print(progress_reports.draft(desk, y, m, args.remarks or ""))
    return 0


def cmd_submit(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import progress_reports

    y, m = _month(args.month)
    print("已报送镇中心")
    _print(progress_reports.submit(desk, y, m, args.remarks))
    return 0


def cmd_review(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import progress_reports

    rid = _report_id(desk, args)
    if args.action == "accept":
        row = progress_reports.accept(desk, rid, args.comment or "")
    else:
        row = progress_reports.return_report(desk, rid, args.reason)
    _print(row)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="工作进展报送: 生成、报送、审核、列出和查看月度进展报告")
    acts = p.add_subparsers(dest="action", metavar="操作", required=True)
    a = acts.add_parser("list", help="本机的进展报告(村看本村, 镇看本镇各村), 新的在前")
    a.add_argument("--year", help="只列这一年")
    a.set_defaults(handler=handler(cmd_list))
    for name, text, func in (
        ("show", "一份进展报告: 指标、情况说明、审核经过", cmd_show),
        ("accept", "审核通过一份进展报告(乡镇中心)", cmd_review),
        ("return", "退回一份进展报告(乡镇中心, 须写明原因)", cmd_review),
    ):
        a = acts.add_parser(name, help=text)
        a.add_argument("month", help="月份 YYYY-MM")
        a.add_argument("--village", help="哪个村的报告(12 位村代码; 村里默认本村)")
        if name == "accept":
            a.add_argument("--comment", help="审核意见")
        if name == "return":
            a.add_argument("--reason", required=True, help="退回原因")
        a.set_defaults(handler=handler(func))
    a = acts.add_parser("draft", help="按本村当月数据生成(或重新生成)进展报告草稿(代办员)")
    a.add_argument("month", help="月份 YYYY-MM")
    a.add_argument("--remarks", help="情况说明")
    a.set_defaults(handler=handler(cmd_draft))
    a = acts.add_parser("submit", help="把当月报告报送镇中心(代办员)")
    a.add_argument("month", help="月份 YYYY-MM")
    a.add_argument("--remarks", help="情况说明(替换草稿中的)")
    a.set_defaults(handler=handler(cmd_submit))
