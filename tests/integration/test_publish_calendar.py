"""``villagedesk-server publish-calendar``: a schedule that would move every deadline is checked first."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from sqlalchemy import select

from tests.conftest import ROOT
from villagedesk.server.cli import main
from villagedesk.server.db import Database, default_url
from villagedesk.server.models import RefRow


def _publish(tmp_path: Path, capsys, data: object) -> tuple[int, str, str]:
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    capsys.readouterr()
    code = main(["--data", str(tmp_path / "srv"), "publish-calendar", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _published(tmp_path: Path) -> list[dict]:
    db = Database.open(default_url(tmp_path / "srv"))
    try:
        with db.read() as s:
            return [json.loads(r.data) for r in s.scalars(select(RefRow).where(RefRow.kind == "calendar"))]
    finally:
        db.dispose()


SPRING_WORKED_ON_A_DAY_OFF = {"name": "春节", "off": ["2027-02-06", "2027-02-13"], "work": ["2027-02-08"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2027, "holidays": ["2027-01-01", "2028-01-01"]}, "2028-01-01 不在 2027 年内"),
        ({"year": 2027, "holidays": ["2027-02-14"], "workdays": ["2027-02-14"]}, "2027-02-14 既列为放假又列为上班"),
        (
            {"year": 2027, "festivals": [SPRING_WORKED_ON_A_DAY_OFF]},
            "2027-02-08 既列为放假又列为上班",
        ),
        ({"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-03-03"]}, "2027-03-03(周三) 本来就是工作日"),
        ({"year": 2027, "festivals": [{"name": "春节", "off": ["2027-02-13", "2027-02-06"]}]}, "春节: 放假末日"),
        ({"year": 2027, "holidays": ["2027-13-01"]}, "无效日期"),
        ({"year": "2027", "holidays": []}, "节假日安排应为"),
        ({"year": 2027, "holidays": []}, "没有任何放假日"),
    ],
)
def test_bad_schedules_are_refused_with_the_reason(tmp_path: Path, capsys, data: object, message: str) -> None:
    code, _out, err = _publish(tmp_path, capsys, data)
    assert code == 2 and message in err and "错误" in err, err
    assert _published(tmp_path) == []  # nothing reached the feed


def test_the_state_council_2026_notice_publishes_exactly_the_library_schedule(tmp_path: Path, capsys) -> None:
    notice = json.loads((ROOT / "docs/calendar-2026.json").read_text("utf-8"))
    code, out, err = _publish(tmp_path, capsys, notice)
    assert code == 0, err
    assert "已发布 2026 年节假日安排(放假 33 天, 调休上班 6 天)" in out
    (sent,) = _published(tmp_path)
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    # the published reading (listed days, else Monday-Friday) agrees with chinese_calendar every day
    off, worked = set(sent["holidays"]), set(sent["workdays"])
    for day in days:
        mine = day.isoformat() in worked or (day.isoformat() not in off and day.weekday() < 5)
        assert mine == chinese_calendar.is_workday(day), day


def test_notepad_utf8_bom_file_publishes_and_broken_json_is_explained(tmp_path: Path, capsys) -> None:
    path = tmp_path / "cal.json"
    path.write_bytes(json.dumps({"year": 2027, "holidays": ["2027-01-01"]}).encode("utf-8-sig"))
    capsys.readouterr()
    assert main(["--data", str(tmp_path / "srv"), "publish-calendar", str(path)]) == 0
    path.write_text('{"year": 2027, "holidays": ["2027-01-01",]}', "utf-8")
    capsys.readouterr()
    assert main(["--data", str(tmp_path / "srv"), "publish-calendar", str(path)]) == 2
    assert "不是有效的 JSON 文件" in capsys.readouterr().err
