"""Office test, the messages: ``appointment cancel zzzz`` asked for 「至少前 6 位」 where README and ``list``
say 8; ``attach`` given a folder said 「文件不存在」; ``appointment arrive --have 身份证`` said the name was
not on the item's list without listing the right names. Each now says what to do, through the real CLI."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import run_cli
from tests.flows import register
from tests.integration.test_appointment_cli import rest_day
from villagedesk.services import appointments
from villagedesk.services.desk import Desk


def test_a_short_booking_number_asks_for_the_eight_characters_list_shows(profile) -> None:
    result = run_cli("appointment", "cancel", "zzzz", profile=profile)
    assert result.returncode == 2 and "前 8 位" in result.stderr, result.stderr


def test_attach_a_folder_says_it_is_a_folder(desk, tmp_path: Path) -> None:
    case = register(desk)
    folder = tmp_path / "扫描件"
    folder.mkdir()
    profile = desk.paths.root
    desk.close()
    result = run_cli("attach", case.case_no, str(folder), profile=profile)
    assert result.returncode != 0 and "是文件夹" in result.stderr and "文件不存在" not in result.stderr, result.stderr


def test_arrive_with_a_wrong_material_name_lists_the_right_ones(desk) -> None:
    day = rest_day(desk, date.today() + timedelta(days=1)).isoformat()
    profile = desk.paths.root
    desk.close()
    assert run_cli("appointment", "add", "郭大爷", "13903895001", "JY017", day, profile=profile).returncode == 0
    with Desk.open(profile) as d:
        [booked] = appointments.upcoming(d)
    result = run_cli(
        "appointment", "arrive", booked.id[:8], "--id-number", "419001198001010018", "--have", "身份证",
        profile=profile,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "「身份证」不在该事项的材料清单中; 该事项的材料: " in result.stderr, result.stderr
    listed = result.stderr.split("该事项的材料: ", 1)[1].splitlines()[0]
    assert len(listed.split("、")) >= 2 and "身份证" not in listed.split("、"), listed
