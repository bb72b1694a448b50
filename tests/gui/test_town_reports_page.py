"""工作进展报送 镇→市 in the real main window (offscreen): the town clerk's 报送市级 page generates the
month's report from the town's villages (the figures the services compute), refuses to submit without a
情况说明, submits after asking; the city's 进展报送 page lists the town's submitted report and returns it
only with a reason, then the town sees the return, resubmits, and the city accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.gui.conftest import DEMO_CASES, settle, shown_window
from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.metrics import Period
from villagedesk.domain.progress_report import town_report_id
from villagedesk.services import demo, metrics, town_reports
from villagedesk.services.desk import Desk
from villagedesk.ui.pages.town_reports_page import TownReportsPage

CITY = "419001000000"


@pytest.fixture(scope="module")
def town_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gui-town-report")
    with Desk.open(root, today=TODAY) as desk:
        demo.generate(desk, cases=DEMO_CASES, seed=11, role="clerk")
    return root


def test_the_town_submits_its_report_and_the_city_returns_and_accepts_it(qtbot, town_template, tmp_path) -> None:
    shutil.copytree(town_template, tmp_path / "p")
    desk = Desk.open(tmp_path / "p", today=TODAY)
    town = desk.identity.region_code
    rid = town_report_id(town, TODAY.year, TODAY.month)
    with shown_window(qtbot, desk) as win:
        page = win.town_reports
        assert isinstance(page, TownReportsPage) and any(label == "报送市级" for label, _p in win.pages)
        win.go(page)
        settle(qtbot, win)
        assert page.current is None and not page.submit_button.isEnabled()
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        settle(qtbot, win)
        expected = metrics.town(desk, town, Period.month(TODAY.year, TODAY.month))
        assert page.current is not None and page.current.report_id == rid
        assert page.villages.rowCount() == len(expected.villages)
        for n, (code, figures) in enumerate(sorted(expected.villages.items())):
            assert page.villages.item(n, 0).text() == expected.names.get(code, code)
            assert page.villages.item(n, 1).text() == str(figures.cases)
            assert page.villages.item(n, 2).text() == figures.on_time_rate.text()
        shown = {page.figures.item(n, 0).text(): page.figures.item(n, 1).text() for n in range(page.figures.rowCount())}
        assert shown["按时办结率"] == expected.total.on_time_rate.text()
        assert page.submit_button.isEnabled()
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)  # no 情况说明: not sent
        assert "情况说明" in page.error.text()
        assert town_reports.get(desk, rid).state is State.REPORT_DRAFT
        page.remarks.setPlainText("本月全镇办件平稳")
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
        page.confirmation.confirm_button.click()
        settle(qtbot, win)
        assert town_reports.get(desk, rid).state is State.REPORT_SUBMITTED
        assert "等待市级审核" in page.outcome.text() and not page.submit_button.isEnabled()

    # the city's PC, as sync brings the report to it: its 进展报送 is the towns' reports
    desk = Desk.open(tmp_path / "p", today=TODAY)
    desk.setup(Role.CITY, CITY, "市民之家", user_id="city-clerk")
    with shown_window(qtbot, desk) as win:
        page = win.reports
        assert isinstance(page, TownReportsPage) and page.is_city
        win.go(page)
        settle(qtbot, win)
        assert page.list.rowCount() == 1 and page.list.item(0, 2).text() == "报告已报送"
        page.list.selectRow(0)
        assert page.current is not None and page.current.remarks == "本月全镇办件平稳"
        assert page.accept_button.isEnabled() and page.remarks.isReadOnly()
        qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)  # no reason: refused
        assert "原因" in page.error.text() and town_reports.get(desk, rid).state is State.REPORT_SUBMITTED
        page.note.setText("请补充存在问题")
        qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
        settle(qtbot, win)
        stored = town_reports.get(desk, rid)
        assert stored.state is State.REPORT_RETURNED and stored.review_note == "请补充存在问题"
        assert "退回" in page.outcome.text() and not page.return_button.isEnabled()

    desk = Desk.open(tmp_path / "p", today=TODAY)
    desk.setup(Role.CLERK, town, "赵敏", user_id="clerk-town")
    with shown_window(qtbot, desk) as win:
        page = win.town_reports
        win.go(page)
        settle(qtbot, win)
        assert page.current is not None and "请补充存在问题" in page.outcome.text()
        assert page.submit_button.isEnabled() and not page.remarks.isReadOnly()
        page.remarks.setPlainText("本月全镇办件平稳; 存在问题: 两村人手不足")
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
        page.confirmation.confirm_button.click()
        settle(qtbot, win)
        assert town_reports.get(desk, rid).state is State.REPORT_SUBMITTED

    desk = Desk.open(tmp_path / "p", today=TODAY)
    desk.setup(Role.CITY, CITY, "市民之家", user_id="city-clerk")
    with shown_window(qtbot, desk) as win:
        page = win.reports
        win.go(page)
        settle(qtbot, win)
        page.list.selectRow(0)
        page.note.setText("同意")
        qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
        settle(qtbot, win)
        assert town_reports.get(desk, rid).state is State.REPORT_ACCEPTED
        assert "已通过" in page.outcome.text()


def test_the_city_filters_the_towns_reports_and_exports_what_it_lists(qtbot, town_template, tmp_path) -> None:
    """The city's 进展报送 page: month, town and state filters choose the list; 导出 Excel writes exactly
    the listed reports, 𠮷 and · intact, an ID number in a 情况说明 masked."""
    from openpyxl import load_workbook

    shutil.copytree(town_template, tmp_path / "p")
    desk = Desk.open(tmp_path / "p", today=TODAY)
    town = desk.identity.region_code
    for month, remarks in ((10, "𠮷·十月; 身份证 419001199002020024"), (11, "十一月")):
        town_reports.draft(desk, TODAY.year, month)
        town_reports.submit(desk, TODAY.year, month, remarks)
    desk.setup(Role.CITY, CITY, "市民之家", user_id="city-clerk")
    town_reports.accept(desk, town_report_id(town, TODAY.year, 11))
    with shown_window(qtbot, desk) as win:
        page = win.reports
        win.go(page)
        settle(qtbot, win)
        assert page.list.rowCount() == 2 and page.xlsx_button.isEnabled()
        page.month_box.setCurrentIndex(page.month_box.findData(f"{TODAY.year}-10"))
        assert page.list.rowCount() == 1 and page.list.item(0, 1).text() == f"{TODAY.year}年10月"
        page.month_box.setCurrentIndex(0)
        page.state_box.setCurrentIndex(page.state_box.findData(State.REPORT_ACCEPTED.value))
        assert page.list.rowCount() == 1 and page.list.item(0, 2).text() == "报告已通过"
        page.state_box.setCurrentIndex(0)
        page.town_box.setCurrentIndex(page.town_box.findData("419001101000"))  # another town: nothing
        assert page.list.rowCount() == 0
        page.town_box.setCurrentIndex(page.town_box.findData(town))
        page.state_box.setCurrentIndex(page.state_box.findData(State.REPORT_SUBMITTED.value))
        assert page.list.rowCount() == 1
        path = tmp_path / "乡镇进展报送.xlsx"
        page.export(path)
        settle(qtbot, win)
        assert "已导出" in page.status.text()
    rows = [[c.value for c in row] for row in load_workbook(path)["乡镇进展报告"].iter_rows(min_row=3)]
    assert [(r[1], r[2]) for r in rows] == [(town, f"{TODAY.year}年10月")]
    assert rows[0][8] == "𠮷·十月; 身份证 419001********0024"
