"""``villagedesk rating|inspection|report``: the shared records from real CLI processes on a real profile,
through the services the pages use; wrong, empty or huge input is one Chinese line, exit 2, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

from tests.casebuilder import TOWN, VILLAGE, VILLAGE2
from tests.conftest import run_cli
from tests.integration.test_star_rating import CITY, year_2026  # noqa: F401  (the fixture)
from villagedesk import cli
from villagedesk.domain.lifecycle import Role
from villagedesk.services import progress_reports, star_rating, supervision


def ok(profile: Path, *args: str) -> str:
    done = run_cli(*args, profile=profile)
    assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    return done.stdout


def refused(capsys, profile: Path, *args: str) -> str:
    """Run in this process (the refusal path is the same code; a process each would cost a second)."""
    code = cli.main(["--profile", str(profile), *args])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("错误: ") and "Traceback" not in err and len(err) < 300, (args, err)
    return err


def test_rating_score_show_list_review_from_the_cli(desk, year_2026, profile: Path, capsys) -> None:  # noqa: F811
    out = ok(profile, "rating", "score", VILLAGE, "--year", "2026", "--manual", "premises=9", "--reason", "年终考评")
    assert "已评分" in out and "9/10" in out and "[premises]" in out
    assert star_rating.ratings(desk, 2026)[0].manual_scores["premises"] == 9.0
    assert VILLAGE in ok(profile, "rating", "list", "--year", "2026")
    for args, words in (
        (("rating", "score", VILLAGE, "--manual", "premises=99"), "0-10"),
        (("rating", "score", VILLAGE, "--manual", "frobs=1"), "没有人工评分项"),
        (("rating", "score", VILLAGE, "--manual", "premises=很好"), "应为数字"),
        (("rating", "score", VILLAGE, "--year", "二〇二六"), "--year: 年度应为"),
        (("rating", "score", VILLAGE, "--reason", "长" * 5000), "--reason: 内容过长"),
        (("rating", "score", "4190011002011" * 400), "村代码应为 12 位数字"),
        (("rating", "score", "419001200201"), "只能考评本乡镇"),
        (("rating", "show", "419001100299", "--year", "2026"), "没有"),
        (("rating", "review", VILLAGE, "--stars", "4", "--reason", "x"), "市级审查复评由市级"),
    ):
        assert words in refused(capsys, profile, *args), args
    assert len(star_rating.ratings(desk, 2026)[0].history) == 1  # nothing written by the refusals

    desk.setup(Role.CITY, CITY, "市民之家")
    for args, words in (
        (("rating", "review", VILLAGE, "--stars", "6", "--reason", "x", "--year", "2026"), "0-5"),
        (("rating", "review", VILLAGE, "--stars", "4", "--reason", " ", "--year", "2026"), "--reason: 此项不能为空"),
    ):
        assert words in refused(capsys, profile, *args), args
    out = ok(profile, "rating", "review", VILLAGE, "--stars", "2", "--reason", "群众反映窗口常无人", "--year", "2026")
    assert "已复评" in out and "市级复评 ★★☆☆☆" in out
    shown = ok(profile, "rating", "show", VILLAGE, "--year", "2026")
    assert "群众反映窗口常无人" in shown and "市级审查复评" in shown and "镇办实施考评" in shown


def test_inspection_record_answer_list_show_from_the_cli(desk, profile: Path, capsys) -> None:
    desk.setup(Role.CLERK, TOWN, "赵敏")
    base = ("inspection", "record", VILLAGE, "--kind", "暗访", "--on", "2026-11-20")
    for args, words in (
        (("inspection", "record", VILLAGE, "--kind", "飞行检查"), "督查方式应为 明察(open_visit)"),
        ((*base, "--deduction", "2", "--findings", "公示栏过期"), "--fix-by: 发现问题并扣分的, 请填写整改期限"),
        ((*base, "--deduction", "两分", "--fix-by", "2026-12-20"), "--deduction: 扣分应为数字"),
        ((*base, "--findings", "过期", "--deduction", "500", "--fix-by", "2026-12-20"), "0-100"),
        ((*base, "--deduction", "2", "--fix-by", "2026-12-20"), "--findings: 此项不能为空"),
        ((*base, "--findings", "问" * 5000), "--findings: 内容过长"),
        (("inspection", "record", VILLAGE, "--kind", "暗访", "--on", "2026-13-01"), "--on: 日期应写成 YYYY-MM-DD"),
        (("inspection", "record", "419001200201", "--kind", "暗访"), "只能督查本乡镇"),
        (("inspection", "show", "abc"), "至少前 6 位"),
        (("inspection", "show", "ffffffff"), "没有编号为"),
    ):
        assert words in refused(capsys, profile, *args), args
    assert supervision.list_for(desk) == []  # nothing written
    out = ok(profile, *base, "--findings", "公示栏过期", "--deduction", "2", "--fix-by", "2026-12-20")
    assert "已记录督查" in out and "待整改" in out and "镇级暗访" in out
    iid = supervision.list_for(desk)[0].id
    assert iid[:8] in ok(profile, "inspection", "list", "--village", VILLAGE)
    assert "督查记录: 0 条" in ok(profile, "inspection", "list", "--village", VILLAGE2)

    desk.setup(Role.AGENT, VILLAGE, "李娜")
    for args, words in (
        (("inspection", "answer", iid[:8], "--result", ""), "--result: 此项不能为空"),
        (("inspection", "answer", iid[:8], "--result", "已更换", "--fixed-on", "2026-11-01"), "督查日期之后"),
    ):
        assert words in refused(capsys, profile, *args), args
    out = ok(profile, "inspection", "answer", iid[:8], "--result", "已更换公示栏", "--fixed-on", "2026-11-24")
    assert "已填报整改情况" in out and "已整改(2026-11-24)" in out
    desk.setup(Role.CLERK, TOWN, "赵敏")
    shown = ok(profile, "inspection", "show", iid)
    assert "已更换公示栏" in shown and "公示栏过期" in shown and "整改期限 2026-12-20" in shown
    assert "整改情况由被督查的" in refused(capsys, profile, "inspection", "answer", iid, "--result", "镇里代填")


def test_progress_report_draft_submit_review_from_the_cli(desk, profile: Path, capsys) -> None:
    for args, words in (
        (("report", "draft", "2026-13"), "没有这个月份"),
        (("report", "draft", "十月"), "YYYY-MM"),
        (("report", "draft", "2026-10", "--remarks", "说" * 5000), "--remarks: 内容过长"),
        (("report", "submit", "2026-10"), "尚未生成"),
    ):
        assert words in refused(capsys, profile, *args), args
    assert progress_reports.list_reports(desk) == []
    assert "报告草稿" in ok(profile, "report", "draft", "2026-10", "--remarks", "本月正常")
    assert "已报送镇中心" in ok(profile, "report", "submit", "2026-10")
    desk.setup(Role.CLERK, TOWN, "赵敏")
    assert "--village" in refused(capsys, profile, "report", "accept", "2026-10")
    empty = refused(capsys, profile, "report", "return", "2026-10", "--village", VILLAGE, "--reason", "")
    assert "--reason: 此项不能为空" in empty
    out = ok(profile, "report", "return", "2026-10", "--village", VILLAGE, "--reason", "请补充差评整改情况")
    assert "报告已退回" in out and "请补充差评整改情况" in out
    assert "2026-10" in ok(profile, "report", "list") and VILLAGE in ok(profile, "report", "list", "--year", "2026")
    desk.setup(Role.AGENT, VILLAGE, "李娜")
    ok(profile, "report", "draft", "2026-10", "--remarks", "已补充差评整改情况")
    ok(profile, "report", "submit", "2026-10")
    desk.setup(Role.CLERK, TOWN, "赵敏")
    out = ok(profile, "report", "accept", "2026-10", "--village", VILLAGE, "--comment", "同意")
    assert "审核通过" in out or "已通过" in out
    shown = ok(profile, "report", "show", "2026-10", "--village", VILLAGE)
    assert "已补充差评整改情况" in shown and "请补充差评整改情况" in shown
    assert "登记办件数" in shown and not re.search(r"^ +[a-z_]+:", shown, re.M)  # metrics by their Chinese names
