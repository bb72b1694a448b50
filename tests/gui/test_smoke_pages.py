"""``villagedesk --smoke-pages``: the real command opens every page of the navigation, 同步 included, and
says which (the bundle check runs it on the frozen program, where a page whose imports were left out of
the bundle would fail only when an agent first clicks it)."""

from __future__ import annotations

import shutil

from tests.conftest import run_cli

EVERY_AGENT_PAGE = ["工作台", "办件", "代办登记", "事项清单", "服务记录", "预约", "统计", "进展报送", "设置", "同步"]


def test_smoke_pages_opens_every_page(tmp_path, demo_template) -> None:
    shutil.copytree(demo_template, tmp_path / "p")
    result = run_cli("--smoke-pages", profile=tmp_path / "p")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("smoke: "))
    opened = line.split(": ", 2)[2].split()
    assert set(EVERY_AGENT_PAGE) <= set(opened) and opened[-1] == "同步", line
    log = (tmp_path / "p" / "logs" / "villagedesk.log").read_text("utf-8")
    assert f"smoke run: {len(opened)} pages opened" in log and "Traceback" not in log


def test_smoke_pages_on_a_profile_not_set_up_says_so(tmp_path) -> None:
    result = run_cli("--smoke-pages", profile=tmp_path / "empty")
    assert result.returncode == 1
    assert "需要已设置的档案" in result.stderr and "Traceback" not in result.stderr
