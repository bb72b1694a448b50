"""The one headless path of 工作进展报送 at both levels (``villagedesk report``: 村→镇,
``villagedesk town-report``: 镇→市): list, show, draft, submit, accept and return, told apart by a
``ReportCommands`` naming the level's service, the option that picks whose report, and its words."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from villagedesk.domain.audit_entries import mask_id_numbers
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import STATE_LABELS, Role, State
from villagedesk.records_cli import _short, handler
from villagedesk.services.argparse_zh import output_file


def month(text: str) -> tuple[int, int]:
    raw = text.strip()
    y, sep, m = raw.partition("-")
    if not (sep and y.isascii() and y.isdigit() and m.isascii() and m.isdigit() and len(y) == 4 and len(m) <= 2):
        raise ValidationError("month", f"月份应写成 YYYY-MM, 如 2026-10, 收到 {_short(raw)!r}")
    if not 1 <= int(m) <= 12 or not 2000 <= int(y) <= 2099:  # never looked up as a report that is missing
        raise ValidationError("month", f"没有这个月份: {_short(raw)!r} (年份 2000–2099, 月份 01–12)")
    return int(y), int(m)


_OTHER_NAMES = {
    "as_of": "数据截至",
    "period": "统计期",
    "village": "村",
    "town": "镇",
    "followups_overdue": "整改逾期",
    "verified_bad_reviews": "核实差评",
}


def metric_name(key: str) -> str:
    """The metric's Chinese name, as the 统计 page shows it (the words before the colon of its definition)."""
    from villagedesk.domain.metrics import METRIC_DEFINITIONS

    if key in METRIC_DEFINITIONS:
        return METRIC_DEFINITIONS[key].split(":", 1)[0]
    return _OTHER_NAMES.get(key, key)


def line(r) -> str:
    return f"{r.year:04d}-{r.month:02d}  {r.partition}  {r.state_label or '—'}  (第 {r.drafts} 稿)"


def print_report(r) -> None:
    """A report as text: its figures as the 统计 page words them, a town's villages, remarks, history."""
    print(line(r))
    if r.metrics.get("as_of"):
        print(f"  数据截至: {r.metrics['as_of']}")
    text = r.metrics.get("text")
    shown = text.items() if isinstance(text, dict) else r.metrics.items()
    for key, value in shown:
        if key != "as_of" and isinstance(value, int | float | str):
            print(f"  {metric_name(key)}: {value}")
    if r.villages:
        print(f"  各村(社区): {len(r.villages)} 个")
        for code, row in sorted(r.villages.items()):
            on_time = row.get("on_time_rate", [0, 0])
            cases, overdue = row.get("cases", 0), row.get("overdue_open", 0)
            print(f"    {code}  办件 {cases}  按时 {on_time[0]}/{on_time[1]}  超期在办 {overdue}")
    if r.remarks:
        print(f"  情况说明: {mask_id_numbers(r.remarks)}")
    if r.review_note:
        print(f"  审核意见: {mask_id_numbers(r.review_note)}")
    for on, action, note in r.history:
        print(f"  {on.isoformat()}  {action}{'  ' + mask_id_numbers(note) if note else ''}")


_REPORT_STATES = (State.REPORT_DRAFT, State.REPORT_SUBMITTED, State.REPORT_ACCEPTED, State.REPORT_RETURNED)


def _short_label(state: State) -> str:
    """The table's label without its 报告 (报告已报送 → 已报送): what a clerk types."""
    return STATE_LABELS[state].removeprefix("报告")


def report_state(text: str) -> State:
    """A report state from its label (报告已报送), the label's short form (已报送) or its value."""
    raw = text.strip()
    for state in _REPORT_STATES:
        if raw in (state.value, STATE_LABELS[state], _short_label(state)):
            return state
    words = "、".join(_short_label(s) for s in _REPORT_STATES)
    raise ValidationError("state", f"状态应为 {words} 之一, 收到 {_short(raw)!r}")


@dataclass(frozen=True)
class ReportCommands:
    """One level's ``report`` command: its service module and words."""

    command: str
    service: Callable[[], ModuleType]  # imported late: the CLI starts fast
    option: str  # "village" or "town": whose report a reviewer means
    parse_code: Callable[[str], str]
    author: Role  # whose own region is the default
    report_id: Callable[[str, int, int], str]
    code_field: str  # the field an error about the region names
    which_missing: str  # error when a reviewer names no region
    listed: str  # "进展报告" / "乡镇进展报告"
    submitted: str  # printed after a submit
    help: dict[str, str]  # parser help texts by name
    export: str | None = None  # the exports function that writes the listed reports to xlsx, if any

    def report_id_of(self, desk, args: argparse.Namespace) -> str:
        """The report of ``args.month`` of the named region (a reviewer's choice) or of this PC's own."""
        y, m = month(args.month)
        named = getattr(args, self.option)
        if named:
            code = self.parse_code(named)
        elif desk.identity.role is self.author:
            code = desk.identity.region_code
        else:
            raise ValidationError(self.code_field, self.which_missing)
        return self.report_id(code, y, m)

    def cmd_list(self, desk, args: argparse.Namespace) -> int:
        from villagedesk.records_cli import year

        named = getattr(args, self.option)
        rows = self.service().filter_reports(
            desk,
            month(args.month) if args.month else None,
            self.parse_code(named) if named else None,
            report_state(args.state) if args.state else None,
        )
        if args.year:
            rows = [r for r in rows if r.year == year(args.year, desk.today())]
        print(f"{self.listed}: {len(rows)} 份")
        for r in rows:
            print(line(r))
        if getattr(args, "xlsx", None):
            from villagedesk.services import exports

            scope = "; ".join(x for x in (args.month, named, args.state, args.year) if x)
            path = getattr(exports, self.export or "")(desk, args.xlsx, rows, scope)
            print(f"已导出: {path}")
        return 0

    def cmd_show(self, desk, args: argparse.Namespace) -> int:
        print_report(self.service().get(desk, self.report_id_of(desk, args)))
        return 0

    def cmd_draft(self, desk, args: argparse.Namespace) -> int:
        y, m = month(args.month)
        print_report(self.service().draft(desk, y, m, args.remarks or ""))
        return 0

    def cmd_submit(self, desk, args: argparse.Namespace) -> int:
        y, m = month(args.month)
        row = self.service().submit(desk, y, m, args.remarks)
        print(self.submitted)
        print_report(row)
        return 0

    def cmd_review(self, desk, args: argparse.Namespace) -> int:
        service, rid = self.service(), self.report_id_of(desk, args)
        if args.action == "accept":
            row = service.accept(desk, rid, args.comment or "")
        else:
            row = service.return_report(desk, rid, args.reason)
        print_report(row)
        return 0

    def add_commands(self, sub: argparse._SubParsersAction) -> None:
        h = self.help
        p = sub.add_parser(self.command, help=h["command"])
        acts = p.add_subparsers(dest="action", metavar="操作", required=True)
        a = acts.add_parser("list", help=h["list"])
        a.add_argument("--year", help="只列这一年")
        a.add_argument("--month", help="只列这个月 YYYY-MM")
        a.add_argument(f"--{self.option}", help=h["option_filter"])
        a.add_argument("--state", help="只列这个状态: " + "、".join(_short_label(s) for s in _REPORT_STATES))
        if self.export:
            a.add_argument("--xlsx", type=output_file, help="把所列报告导出为 Excel 文件(.xlsx)")
        a.set_defaults(handler=handler(self.cmd_list))
        for name, func in (("show", self.cmd_show), ("accept", self.cmd_review), ("return", self.cmd_review)):
            a = acts.add_parser(name, help=h[name])
            a.add_argument("month", help="月份 YYYY-MM")
            a.add_argument(f"--{self.option}", help=h["option"])
            if name == "accept":
                a.add_argument("--comment", help="审核意见")
            if name == "return":
                a.add_argument("--reason", required=True, help="退回原因")
            a.set_defaults(handler=handler(func))
        a = acts.add_parser("draft", help=h["draft"])
        a.add_argument("month", help="月份 YYYY-MM")
        a.add_argument("--remarks", help="情况说明")
        a.set_defaults(handler=handler(self.cmd_draft))
        a = acts.add_parser("submit", help=h["submit"])
        a.add_argument("month", help="月份 YYYY-MM")
        a.add_argument("--remarks", help="情况说明(替换草稿中的)")
        a.set_defaults(handler=handler(self.cmd_submit))
