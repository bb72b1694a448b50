"""``villagedesk town-report``: 工作进展报送 镇→市 headless — the town drafts (from its villages' data) and
submits a month's report to the city, the city accepts or returns it, and both list and show them,
through ``services.town_reports`` (the GUI's path; the shared core: ``report_cli_core``)."""

from __future__ import annotations

import argparse

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.progress_report import town_report_id
from villagedesk.records_cli import _short
from villagedesk.report_cli_core import ReportCommands


def _town(text: str) -> str:
    code = text.strip()
    if not (len(code) == 12 and code.isascii() and code.isdigit() and code[9:] == "000" and code[6:] != "000000"):
        raise ValidationError("town", f"乡镇代码应为 12 位数字且以 000 结尾, 如 419001100000, 收到 {_short(code)!r}")
    return code


def _service():
    from villagedesk.services import town_reports

    return town_reports


COMMANDS = ReportCommands(
    command="town-report",
    service=_service,
    option="town",
    parse_code=_town,
    author=Role.CLERK,
    report_id=town_report_id,
    code_field="town",
    which_missing="请用 --town 指明哪个乡镇的报告",
    listed="乡镇进展报告",
    submitted="已报送市级审批服务中心",
    export="town_reports_xlsx",
    help={
        "command": "工作进展报送(镇→市): 乡镇生成、报送, 市级审核、列出和查看月度进展报告",
        "list": "本机的乡镇进展报告(镇看本镇, 市看各镇), 新的在前",
        "show": "一份乡镇进展报告: 汇总指标、各村指标、情况说明、审核经过",
        "accept": "审核通过一份乡镇进展报告(市级)",
        "return": "退回一份乡镇进展报告(市级, 须写明原因)",
        "option": "哪个乡镇的报告(12 位乡镇代码; 镇里默认本镇)",
        "option_filter": "只列这个乡镇(12 位乡镇代码)",
        "draft": "按本镇各村当月数据生成(或重新生成)进展报告草稿(乡镇中心)",
        "submit": "把本镇当月报告报送市级审批服务中心(乡镇中心; 情况说明不能为空)",
    },
)


def add_commands(sub: argparse._SubParsersAction) -> None:
    COMMANDS.add_commands(sub)
