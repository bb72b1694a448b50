"""A PC whose clock ran fast registered cases dated in the future, and ``check`` said 正常 (issue 13, an
office tester with faketime): only ``sync`` ever told, and never on a PC that is not enrolled. ``check``
now warns (有警告, exit 0) and names the cases.

The desk is opened with its day a month ahead, as a fast clock gives it; ``check`` runs as a subprocess on
this machine's real clock."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.services.desk import Desk


def _verdict(stdout: str) -> str:
    found = re.search(r"^结论 +(\S+)", stdout, re.M)
    assert found, stdout
    return found.group(1)


def test_check_warns_of_cases_registered_after_today(desk: Desk, tmp_path: Path) -> None:
    root = desk.paths.root
    desk.close()
    ahead = date.today() + timedelta(days=30)
    fast = Desk.open(root, today=ahead)
    try:
        case_no = register(fast, registered_on=ahead).case_no
    finally:
        fast.close()
    result = run_cli("check", profile=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _verdict(result.stdout) == "有警告", result.stdout  # was 正常
    line = next(x for x in result.stdout.splitlines() if x.startswith("日期在今天之后"))
    assert "1 件办件" in line and case_no in line and str(ahead) in line and "校准电脑时间" in line, line


def test_check_is_quiet_about_dates_on_an_honest_clock(desk: Desk) -> None:
    register(desk)
    desk.close()
    result = run_cli("check", profile=desk.paths.root)
    assert "日期在今天之后" not in result.stdout and _verdict(result.stdout) == "正常", result.stdout
