"""The words and exit codes of the CLI's refusals, as the city tester met them (issue #17): a refused step
on a town report names a 进展报告 (not a 办件), a month that does not exist is refused as a month (not
looked up as a missing report), and a case number this PC does not hold exits 2 like every other
refused argument (``act``, ``actions``) — for ``show``, ``print`` and ``attach`` alike."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_case_loop import register, sync_all
from tests.e2e.test_city_loop import CITY, T1, T2, VA, enrolled_desks
from tests.integration.server_harness import running_server
from villagedesk import cli
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, queries
from villagedesk.services.desk import Desk


def run(desk: Desk, *args: str, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(desk.paths.root), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_refusals_say_what_was_refused_and_exit_2(template_profile: Path, tmp_path: Path, capsys) -> None:
    with running_server("sqlite", tmp_path) as srv:
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("t2", T2, "clerk"), ("yc", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, t2, yc):
            case_id = register(a, "JY012", "李四", "419001199002020024")
            actions.perform(a, case_id, EventType.SUBMITTED, {})
            assert run(t1, "town-report", "draft", "2026-11", capsys=capsys)[0] == 0
            code, out = run(t1, "town-report", "submit", "2026-11", "--remarks", "十一月一件", capsys=capsys)
            assert code == 0, out
            sync_all(a, t1, t2, yc)
            code, out = run(yc, "town-report", "return", "2026-11", "--town", T1, "--reason", "未写问题", capsys=capsys)
            assert code == 0, out

            code, out = run(yc, "town-report", "accept", "2026-11", "--town", T1, capsys=capsys)
            assert code == 2 and "进展报告处于「报告已退回」时不能执行" in out and "办件" not in out, out
            code, out = run(yc, "town-report", "show", "2026-13", "--town", T1, capsys=capsys)
            assert code == 2 and "没有这个月份" in out and "不存在" not in out, out

            case_no = queries.rows_by_ids(a, [case_id])[0].case_no
            assert run(t1, "show", case_no, capsys=capsys)[0] == 0  # its own town's case
            for command in (["show", case_no], ["attach", case_no, str(tmp_path / "x.jpg")]):
                code, out = run(t2, *command, capsys=capsys)  # the other town holds nothing of it
                assert code == 2 and "找不到办件" in out and "不在本机的范围内" in out, (command, out)
