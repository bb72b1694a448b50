"""``villagedesk report``: 工作进展报送 headless — the village drafts (from its data) and submits a month's
report, the town accepts or returns it, and both list and show them, through ``services.progress_reports``
(the shared core: ``report_cli_core``)."""

from __future__ import annotations

import argparse

from villagedesk.domain.lifecycle import Role
from villagedesk.domain.progress_report import report_id
from villagedesk.records_cli import village
from villagedesk.report_cli_core import ReportCommands


def _service():
    from villagedesk.services import progress_reports

    return progress_reports


COMMANDS = ReportCommands(
    command="report",
    service=_service,
    option="village",
    parse_code=village,
    author=Role.AGENT,
    report_id=report_id,
    code_field="village_code",
    which_missing="请用 --village 指明哪个村的报告",
    listed="进展报告",
    submitted="已报送镇中心",
    help={
        "command": "工作进展报送: 生成、报送、审核、列出和查看月度进展报告",
        "list": "本机的进展报告(村看本村, 镇看本镇各村), 新的在前",
        "show": "一份进展报告: 指标、情况说明、审核经过",
        "accept": "审核通过一份进展报告(乡镇中心)",
        "return": "退回一份进展报告(乡镇中心, 须写明原因)",
        "option": "哪个村的报告(12 位村代码; 村里默认本村)",
        "option_filter": "只列这个村(12 位村代码)",
        "draft": "按本村当月数据生成(或重新生成)进展报告草稿(代办员)",
        "submit": "把当月报告报送镇中心(代办员)",
    },
)


def add_commands(sub: argparse._SubParsersAction) -> None:
    COMMANDS.add_commands(sub)
