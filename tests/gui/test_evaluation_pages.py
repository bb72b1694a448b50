"""统计, 工作进展报送 and 星级考评 pages on real demo profiles: the figures shown are the services' figures,
a report goes draft → submitted → returned, a manual score re-scores the sheet, exports open and mask IDs.
Screenshots of every new page go to $VILLAGEDESK_SCREENSHOTS (default: the test's tmp folder)."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.conftest import TODAY
from tests.gui.conftest import DEMO_CASES, settle, shown_window
from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.metrics import Period
from villagedesk.domain.progress_report import report_id
from villagedesk.services import demo, exports, metrics, progress_reports, star_rating, supervision
from villagedesk.services.desk import Desk

MASKED = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")
FULL_ID = re.compile(r"\d{17}[\dX]")


def _shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _screenshot(window, folder: Path, name: str) -> None:
    path = folder / name
    assert window.grab().save(str(path)), path
    image = QImage(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 13)}
    assert image.width() >= 800 and len(colours) > 3, name


def _export_entries(desk: Desk) -> list[str]:
    return [detail for _at, _actor, action, detail in exports.audit_entries(desk) if action == "export"]


# --- the agent's month --------------------------------------------------------------------------------


def test_agent_month_shows_the_service_figures(qtbot, window, tmp_path) -> None:
    page, desk = window.stats, window.desk
    window.go(page)
    assert page.busy.isVisible()  # computing off the GUI thread, and saying so
    settle(qtbot, window)
    assert not page.busy.isVisible()
    village = desk.identity.region_code
    expected = metrics.village(desk, village, Period.month(2026, 11))
    shown = page.value_texts()
    assert shown == {key: value for key, _label, value in expected.rows()}
    assert page.cards["on_time_rate"].text() == expected.on_time_rate.text()
    assert page.cards["good_review_rate"].text() == expected.good_review_rate.text()
    assert "按时办结率" in page.cards["on_time_rate"].toolTip()  # the definition on hover
    assert {label for label, _v, _t in page.chart.items} == set(expected.by_category)
    assert sum(v for _l, v, _t in page.chart.items) == expected.cases
    _screenshot(window, _shots_folder(tmp_path), "stats-01-本村统计.png")

    page.picker.set(2026, 0)  # the whole year
    settle(qtbot, window)
    year = metrics.village(desk, village, Period.year(2026))
    assert page.value_texts()["cases"] == str(year.cases) and year.cases > expected.cases
    assert page.value_texts()["on_time_rate"] == year.on_time_rate.text()

    page.picker.set(2026, 0)
    page.picker.set(2026, 11)  # changed again before the first answer came: only the last one counts
    settle(qtbot, window)
    assert page.value_texts() == shown and page.status.text().startswith("2026年11月")


def test_period_export_masks_id_numbers_and_is_audited(qtbot, window, tmp_path) -> None:
    page, desk = window.stats, window.desk
    window.go(page)
    settle(qtbot, window)
    page.picker.set(2026, 0)
    settle(qtbot, window)
    target = tmp_path / "办件清单.xlsx"
    page.export("cases", target)
    settle(qtbot, window)
    ws = openpyxl.load_workbook(target).active
    header = [c.value for c in ws[2]]
    col = header.index("身份证号")
    ids = [row[col] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert len(ids) == metrics.village(desk, desk.identity.region_code, Period.year(2026)).cases
    assert ids and all(MASKED.match(x) for x in ids), ids[:3]
    assert not any(FULL_ID.search(str(v)) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert any("办件清单.xlsx" in d for d in _export_entries(desk))
    assert "已导出" in page.status.text()

    stats_file = tmp_path / "统计.xlsx"
    page.export("xlsx", stats_file)
    settle(qtbot, window)
    sheet = openpyxl.load_workbook(stats_file)["统计指标"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["按时办结率"] == page.value_texts()["on_time_rate"]
    pdf = tmp_path / "统计.pdf"
    page.export("pdf", pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert any("统计指标(PDF)" in d for d in _export_entries(desk))


# --- 工作进展报送 ------------------------------------------------------------------------------------------


def test_agent_generates_and_submits_the_month_report(qtbot, window, tmp_path) -> None:
    page, desk = window.reports, window.desk
    window.go(page)
    settle(qtbot, window)
    page.picker.set(2026, 10)
    assert not page.submit_button.isEnabled()  # nothing generated yet
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.current is not None and page.current.state is State.REPORT_DRAFT
    expected = metrics.village(desk, desk.identity.region_code, Period.month(2026, 10))
    texts = {page.figures.item(n, 0).text(): page.figures.item(n, 1).text() for n in range(page.figures.rowCount())}
    assert texts["登记办件数"] == str(expected.cases)
    assert texts["按时办结率"] == expected.on_time_rate.text()
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)  # empty 情况说明: said so, not sent
    box = page.confirmation
    assert box.isVisible() and "没有填写" in box.informativeText() and "2026" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter is 取消
    settle(qtbot, window)
    assert page.current.state is State.REPORT_DRAFT and page.submit_button.isEnabled()
    page.remarks.setPlainText("本月新增代办点一处, 下月重点推进医保参保。")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    page.confirmation.confirm_button.click()
    settle(qtbot, window)
    stored = progress_reports.get(desk, report_id(desk.identity.region_code, 2026, 10))
    assert stored.state is State.REPORT_SUBMITTED
    assert stored.remarks == "本月新增代办点一处, 下月重点推进医保参保。"
    assert page.current.state is State.REPORT_SUBMITTED and not page.submit_button.isEnabled()
    assert page.remarks.isReadOnly()
    assert page.list.rowCount() == 1 and page.list.item(0, 2).text() == stored.state_label
    _screenshot(window, _shots_folder(tmp_path), "stats-02-进展报送.png")

    target = tmp_path / "报告.xlsx"
    page.export("xlsx", target)
    settle(qtbot, window)
    ws = openpyxl.load_workbook(target)["进展报告"]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["情况说明"] == stored.remarks and rows["登记办件数"] == str(expected.cases)
    assert any("工作进展报送" in d for d in _export_entries(desk))


# --- the town clerk -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clerk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A town profile with demo cases of all its villages and one village's October report submitted."""
    root = tmp_path_factory.mktemp("gui-clerk")
    with Desk.open(root, today=TODAY) as desk:
        demo.generate(desk, cases=DEMO_CASES, seed=11, role="clerk")
        town = desk.identity.region_code
        village = min(code for code in metrics.town(desk, town, Period.month(2026, 10)).villages)
        desk.setup(Role.AGENT, village, "李娜", user_id="agent-report")  # as the village would, then synced
        progress_reports.draft(desk, 2026, 10, on=date(2026, 11, 2))
        progress_reports.submit(desk, 2026, 10, "十月情况说明", on=date(2026, 11, 3))
        desk.setup(Role.CLERK, town, "赵敏", user_id="clerk-town")
    return root


@pytest.fixture
def clerk_window(qtbot, clerk_template: Path, tmp_path: Path):

    shutil.copytree(clerk_template, tmp_path / "town")
    desk = Desk.open(tmp_path / "town", today=TODAY)
    with shown_window(qtbot, desk) as win:
        yield win


def test_town_comparison_and_report_review(qtbot, clerk_window, tmp_path) -> None:
    win, desk = clerk_window, clerk_window.desk
    folder = _shots_folder(tmp_path)
    assert win.rating is not None and any(p is win.rating for _l, p in win.pages)
    win.go(win.stats)
    settle(qtbot, win)
    town = metrics.town(desk, desk.identity.region_code, Period.month(2026, 11))
    table = win.stats.table
    assert table.rowCount() == 1 + len(town.villages)
    assert table.item(0, 2).text() == town.total.on_time_rate.text()
    for r, (code, figures) in enumerate(town.villages.items(), start=1):
        assert table.item(r, 0).text() == town.names[code]
        assert table.item(r, 1).text() == str(figures.cases)
    assert [label for label, _v, _t in win.stats.chart.items] == [town.names[c] for c in town.villages]
    _screenshot(win, folder, "stats-03-各村对比.png")
    pdf = tmp_path / "各村对比.pdf"
    win.stats.export("pdf", pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-" and "已导出" in win.stats.status.text()
    xlsx = tmp_path / "各村对比.xlsx"
    win.stats.export("xlsx", xlsx)
    settle(qtbot, win)
    ws = openpyxl.load_workbook(xlsx)["各村对比"]
    assert [c.value for c in ws[2]][1:] == ["全镇", *[town.names[c] for c in town.villages]]
    entries = _export_entries(desk)
    assert any("各村统计对比" in d and "各村对比.xlsx" in d for d in entries)
    assert any("(PDF)" in d and "各村对比.pdf" in d for d in entries)

    page = win.reports
    win.go(page)
    settle(qtbot, win)
    assert page.list.rowCount() == 1
    page.list.selectRow(0)
    assert page.current is not None and page.current.remarks == "十月情况说明"
    assert page.return_button.isEnabled() and page.accept_button.isEnabled()
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)  # no reason: refused, nothing written
    assert "原因" in page.error.text() and page.current.state is State.REPORT_SUBMITTED
    _screenshot(win, folder, "stats-04-报送审核.png")
    page.note.setText("请补充差评整改情况")
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    stored = progress_reports.get(desk, page.current.report_id)
    assert stored.state is State.REPORT_RETURNED and stored.review_note == "请补充差评整改情况"
    assert not page.return_button.isEnabled()


def test_score_sheet_edit_rescores_and_inspection_feeds_it(qtbot, clerk_window, tmp_path) -> None:
    win, desk = clerk_window, clerk_window.desk
    page = win.rating
    win.go(page)
    settle(qtbot, win)
    village = page.villages[0][0]
    page.select_village(village)
    page.manual["premises"].setValue(9)
    page.manual["public_notices"].setValue(6)
    page.manual["attendance"].setValue(7)
    qtbot.mouseClick(page.score_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    first = {r.village_code: r for r in star_rating.ratings(desk, 2026)}[village]
    assert first.manual_scores == {"premises": 9.0, "public_notices": 6.0, "attendance": 7.0}
    assert page.table.item(0, 1).text() == f"{first.score:g}"
    assert page.sheet.rowCount() == len(first.sheet["lines"])

    page.manual["premises"].setValue(4)  # five points less on the premises
    qtbot.mouseClick(page.score_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    second = {r.village_code: r for r in star_rating.ratings(desk, 2026)}[village]
    assert second.score == pytest.approx(first.score - 5)
    assert page.table.item(0, 1).text() == f"{second.score:g}"

    page.tabs.setCurrentIndex(1)
    page.kind.setCurrentIndex(page.kind.findData("unannounced"))
    page.findings.setText("窗口无人值守 20 分钟")
    page.deduction.setValue(3)
    qtbot.mouseClick(page.inspect_button, Qt.MouseButton.LeftButton)  # a deduction needs a fix deadline
    settle(qtbot, win)
    assert "整改期限" in page.error.text() and not supervision.list_for(desk, village)
    page.needs_fix.setChecked(True)
    page.fix_by.setDate(page.fix_by.date().addDays(10))
    qtbot.mouseClick(page.inspect_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert [x.deduction for x in supervision.list_for(desk, village)] == [3.0]
    assert page.inspections.rowCount() == 1
    _screenshot(win, _shots_folder(tmp_path), "stats-06-督查.png")
    page.tabs.setCurrentIndex(0)
    qtbot.mouseClick(page.score_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    third = {r.village_code: r for r in star_rating.ratings(desk, 2026)}[village]
    assert third.score == pytest.approx(second.score - 3) and third.sheet["deduction"] == 3
    assert "3" in page.summary.text()
    _screenshot(win, _shots_folder(tmp_path), "stats-05-星级考评.png")

    qtbot.mouseClick(page.score_all_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win, timeout=30_000)
    qtbot.mouseClick(page.top_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win, timeout=30_000)
    assert page.top_centers.rowCount() == sum(1 for r in star_rating.ratings(desk, 2026) if r.top_center) > 0
    assert page.top_agents.rowCount() == len(star_rating.agent_ranking(desk, 2026))
    page.tabs.setCurrentIndex(2)
    _screenshot(win, _shots_folder(tmp_path), "stats-07-十佳排名.png")

    page.tabs.setCurrentIndex(0)
    page.select_village(village)
    assert not page.recheck_button.isEnabled()  # the town cannot review its own ratings
    assert "尚未复评" in page.review_label.text()
    clerk = desk.identity
    desk.setup(Role.CITY, "419001000000", "孙市", user_id="city-clerk")  # the city's device, as sync brings it
    star_rating.city_recheck(desk, village, 2026, 2, "复核: 整改到位, 维持")
    desk.setup(clerk.role, clerk.region_code, clerk.user, user_id=clerk.user_id)
    page.refresh()
    settle(qtbot, win)
    checked = {r.village_code: r for r in star_rating.ratings(desk, 2026)}[village]
    assert (checked.city_stars, checked.city_note) == (2, "复核: 整改到位, 维持")
    assert page.table.item(0, 4).text() == "★★☆☆☆"
    assert "复核: 整改到位, 维持" in page.review_label.text() and "孙市" in page.review_label.text()

    target = tmp_path / "考评.xlsx"
    page.export("xlsx", target)
    settle(qtbot, win)
    ws = openpyxl.load_workbook(target)["星级考评"]
    scores = {row[1]: row for row in ws.iter_rows(min_row=3, values_only=True)}
    header = [c.value for c in ws[2]]
    assert scores[village][header.index("总分")] == third.score
    pdf = tmp_path / "考评.pdf"
    page.export("pdf", pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    entries = _export_entries(desk)
    assert any("星级考评" in d and "考评.xlsx" in d for d in entries)
    assert any("星级考评(PDF)" in d for d in entries)
