"""``villagedesk appointment list|add|cancel|no-show``: 预约 headless through the 预约 page's services, on a
real migrated profile: a booking made on the command line is the one the page lists, cancel and 爽约
write the same events, and every refusal (a workday, a past booking's cancel, the town booking for a
village, a bad id) is one Chinese line and exit 2 with nothing written. Before, there was no such command
(argparse: invalid choice 'appointment')."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from villagedesk import cli
from villagedesk.domain.lifecycle import Role
from villagedesk.services import appointments
from villagedesk.services.desk import Desk

VILLAGE, TOWN = "419001100201", "419001100000"


def run(profile: Path, *args: str, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(profile), "appointment", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def rest_day(desk: Desk, after: date) -> date:
    d = after
    while desk.calendar.is_workday(d):
        d += timedelta(days=1)
    return d


def workday(desk: Desk, after: date) -> date:
    d = after
    while not desk.calendar.is_workday(d):
        d += timedelta(days=1)
    return d


@pytest.fixture
def village(template_profile: Path, tmp_path: Path):
    import shutil

    root = tmp_path / "village"
    shutil.copytree(template_profile, root)
    with Desk.open(root) as d:  # the wall clock's day, as the command opens it
        d.setup(Role.AGENT, VILLAGE, "李娜")
    with Desk.open(root) as d:
        yield root, d


def test_book_list_cancel_and_no_show_as_the_page_does(village, capsys) -> None:
    root, desk = village
    saturday = rest_day(desk, desk.today() + timedelta(days=1))
    code, out, err = run(root, "add", "张三", "13800138000", "JY001", saturday.isoformat(), "--slot", "09:30",
                         "--note", "带户口簿", capsys=capsys)  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "已登记预约" in out and "138****8000" in out and "13800138000" not in out
    [booked] = appointments.upcoming(desk)
    assert (booked.name, booked.day, booked.slot, booked.note, booked.status) == (
        "张三", saturday, "09:30", "带户口簿", "booked")  # fmt: skip

    code, out, _ = run(root, "list", capsys=capsys)
    assert code == 0 and "预约: 1 条" in out and booked.id[:8] in out and booked.status_label in out

    code, out, err = run(root, "cancel", booked.id[:8], "--reason", "村民改期", capsys=capsys)
    assert (code, err) == (0, "") and "已取消预约" in out
    assert [a.status for a in appointments.upcoming(desk)] == ["cancelled"]
    code, _, err = run(root, "cancel", booked.id[:8], capsys=capsys)  # the service's own refusal
    assert code == 2 and err.startswith("错误: ") and "取消" in err and "Traceback" not in err

    later = appointments.book(desk, "李四", "13900139000", "JY001", saturday)
    code, _, err = run(root, "no-show", later.id, capsys=capsys)
    assert code == 2 and "未到" in err  # the day has not come: as the page refuses it
    assert [a.status for a in appointments.upcoming(desk) if a.id == later.id] == ["booked"]


def test_refusals_are_one_chinese_line_and_exit_2(village, capsys) -> None:
    root, desk = village
    monday = workday(desk, desk.today() + timedelta(days=1))
    code, out, err = run(root, "add", "张三", "12", "JY001", monday.isoformat(), "--slot", "9点", capsys=capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert all(line.startswith("错误: ") for line in lines) and len(lines) == 3, err
    assert any(line.startswith("错误: 日期: ") and "周末" in line for line in lines)
    assert any(line.startswith("错误: 电话: ") for line in lines)
    assert any(line.startswith("错误: --slot: ") for line in lines)
    code, _, err = run(root, "add", "张三", "13800138000", "JY001", "下周六", capsys=capsys)
    assert code == 2 and err.startswith("错误: 日期: 日期应写成 YYYY-MM-DD")
    code, _, err = run(root, "cancel", "abc", capsys=capsys)
    assert code == 2 and "编号" in err
    code, _, err = run(root, "cancel", "abcdef12", capsys=capsys)
    assert code == 2 and "没有编号" in err
    assert appointments.upcoming(desk, include_past=True) == []


def test_the_town_lists_but_books_no_village_visits(template_profile: Path, tmp_path: Path, capsys) -> None:
    import shutil

    root = tmp_path / "town"
    shutil.copytree(template_profile, root)
    with Desk.open(root) as d:
        d.setup(Role.CLERK, TOWN, "王芳")
        saturday = rest_day(d, d.today() + timedelta(days=1))
    code, _, err = run(root, "add", "赵六", "13600136000", "JY001", saturday.isoformat(), capsys=capsys)
    assert code == 2 and "村便民服务站登记" in err
    code, out, _ = run(root, "list", "--all", capsys=capsys)
    assert code == 0 and "全部预约: 0 条" in out


def test_arrive_registers_the_case_and_marks_the_booking_as_the_page_does(village, capsys) -> None:
    """到访 headless (issue 17: the command had list/add/cancel/no-show only, ``invalid choice 'arrive'``):
    the case is registered from the booking through ``appointments.arrive``, the 预约 page's own path, and
    the booking is arrived with that case; a bad ID number or material, a second arrival or an unknown
    booking is one Chinese line and exit 2, nothing written."""
    from villagedesk.services import queries

    root, desk = village
    saturday = rest_day(desk, desk.today() + timedelta(days=1))
    booked = appointments.book(desk, "张三", "13800138000", "JY001", saturday, "09:30")

    code, out, err = run(root, "arrive", booked.id[:8], "--id-number", "4190011975", capsys=capsys)
    assert code == 2 and out == "" and err.startswith("错误: --id-number: ") and "Traceback" not in err, err
    code, out, err = run(root, "arrive", booked.id[:8], "--id-number", "419001197503030037",
                         "--have", "夫妻身份证,营业执照", capsys=capsys)  # fmt: skip
    assert code == 2 and err.startswith("错误: --have: ") and "营业执照" in err, err
    assert [a.status for a in appointments.upcoming(desk)] == ["booked"]
    assert queries.count_cases(desk) == 0

    code, out, err = run(root, "arrive", booked.id[:8], "--id-number", "419001197503030037",
                         "--have", "夫妻身份证、户口簿", "--mandate-signed", capsys=capsys)  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "已登记到访" in out and "结婚证" in out and "419001197503030037" not in out
    [arrived] = appointments.upcoming(desk)
    assert arrived.status == "arrived" and arrived.case_id
    d = queries.detail(desk, arrived.case_id)
    registered = (d.row.applicant_name, d.registered["item_code"], d.registered["channel"])
    assert registered == ("张三", "JY001", "appointment")
    assert {x["name"]: x["status"] for x in d.registered["materials"]} == {
        "夫妻身份证": "have", "户口簿": "have", "结婚证": "missing"}  # fmt: skip
    assert d.applicant["phone"] == "13800138000" and d.registered["mandate_signed"] is True
    assert d.row.case_no in out

    code, _, err = run(root, "arrive", booked.id[:8], "--id-number", "419001197503030037", capsys=capsys)
    assert code == 2 and err.startswith("错误: ") and "已到访" in err, err  # the service's own refusal
    code, _, err = run(root, "arrive", "abcdef12", "--id-number", "419001197503030037", capsys=capsys)
    assert code == 2 and "没有编号" in err
