"""好差评 in the GUI: a review with its sub-scores taken in the delivery dialog, a bad one opening a
follow-up that the 差评整改 page shows with its 15-working-day deadline until it is fixed; the metric
help panel; the town's answer on a progress report as the agent sees it; a rubric file adopted."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import TODAY
from tests.gui.conftest import DEMO_CASES, settle, shown_window
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.metrics import METRIC_LABELS
from villagedesk.domain.star_rating import DEFAULT_RUBRIC
from villagedesk.services import demo, progress_reports, queries, satisfaction, star_rating
from villagedesk.services.desk import Desk


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _ready_case(desk: Desk) -> str:
    return queries.list_cases(desk, queries.CaseFilter(statuses=["result_ready"]), limit=1)[0].id


def _events(desk: Desk, case_id: str, kind: EventType) -> list[dict]:
    return [t.payload for t in queries.detail(desk, case_id).timeline if t.type == kind.value]


def test_delivery_with_a_bad_review_opens_a_followup_tracked_to_the_end(qtbot, window, tmp_path) -> None:
    desk = window.desk
    case_id = _ready_case(desk)
    window.open_case(case_id)
    settle(qtbot, window)
    dialog = window.detail.start_action(EventType.DELIVERED)
    box = dialog.evaluation
    assert [box.level.itemData(i) for i in range(1, box.level.count())] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"
    ]  # fmt: skip
    assert list(box.scores) == ["效率", "水平", "态度"]
    dialog.fields["signer"].setText("张三")
    # a sub-score without a level: refused, and the delivery is not written either
    box.scores["态度"].setCurrentIndex(box.scores["态度"].findData(2))
    _ok(dialog)
    settle(qtbot, window)
    assert dialog.isVisible() and "评价等级" in dialog.errors["level"].text()
    assert queries.detail(desk, case_id).row.status == "result_ready"
    dialog.grab().save(str(_shots(tmp_path) / "eval-01-送达并评价.png"))
    box.set_review("不满意", {"效率": 3, "水平": 4, "态度": 2}, "window")
    box.comment.setText("等待时间太长")
    _ok(dialog)
    settle(qtbot, window)
    assert not dialog.isVisible()
    assert queries.detail(desk, case_id).row.status == "delivered"
    [review] = _events(desk, case_id, EventType.EVALUATED)
    assert review["level"] == "不满意" and review["scores"] == {"效率": 3, "水平": 4, "态度": 2}
    assert review["channel"] == "window" and review["comment"] == "等待时间太长"

    page = window.followups
    window.go(page)
    settle(qtbot, window)
    row = next(n for n, r in enumerate(page.rows) if r.case_id == case_id)
    due = desk.calendar.add_working_days(TODAY, 15)
    assert page.table.item(row, 5).text() == due.isoformat() == page.rows[row].followup.due_on.isoformat()
    assert page.table.item(row, 6).text() == "未回访"
    assert page.table.item(row, 7).text().startswith("整改中, 剩 15 个工作日")
    assert "整改中" in page.summary.text()
    window.grab().save(str(_shots(tmp_path) / "eval-02-差评整改.png"))

    page.table.selectRow(row)
    page.open_button.click()
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.detail and window.detail.case_id == case_id
    dialog = window.detail.start_action(EventType.FOLLOWUP_RECORDED)
    _ok(dialog)  # the finding is required
    settle(qtbot, window)
    assert dialog.isVisible() and dialog.errors["finding"].text()
    dialog.fields["finding"].setText("当日排队人多, 未设引导")
    dialog.fields["measures"].setText("增设取号")
    dialog.fields["verified"].setChecked(True)
    _ok(dialog)
    settle(qtbot, window)
    assert not dialog.isVisible()
    dialog = window.detail.start_action(EventType.FOLLOWUP_FIXED)
    dialog.fields["result"].setText("已增设取号机并电话回访群众")
    _ok(dialog)
    settle(qtbot, window)
    assert not dialog.isVisible()
    follow = next(r for r in satisfaction.followups(desk, include_fixed=True) if r.case_id == case_id).followup
    assert follow.verified and follow.fixed_on == TODAY and follow.fixed_in_time

    window.go(page)
    settle(qtbot, window)
    assert case_id not in {r.case_id for r in page.rows}  # fixed: off the working list
    page.show_fixed.setChecked(True)
    settle(qtbot, window)
    row = next(n for n, r in enumerate(page.rows) if r.case_id == case_id)
    assert page.table.item(row, 7).text() == f"已整改 {TODAY.isoformat()}"
    assert page.table.item(row, 6).text() == f"{TODAY.isoformat()} 属实"


def test_evaluate_dialog_takes_the_sub_scores(qtbot, window) -> None:
    desk = window.desk
    case_id = _ready_case(desk)
    window.open_case(case_id)
    settle(qtbot, window)
    dialog = window.detail.start_action(EventType.DELIVERED)
    dialog.fields["signer"].setText("李四")
    _ok(dialog)  # no review at delivery: only the delivery is written
    settle(qtbot, window)
    assert queries.detail(desk, case_id).row.status == "delivered"
    assert _events(desk, case_id, EventType.EVALUATED) == []
    dialog = window.detail.start_action(EventType.EVALUATED)
    dialog.evaluation.set_review("非常满意", {"效率": 5, "态度": 5}, "sms")
    _ok(dialog)
    settle(qtbot, window)
    [review] = _events(desk, case_id, EventType.EVALUATED)
    assert (review["level"], review["scores"], review["channel"]) == ("非常满意", {"效率": 5, "态度": 5}, "sms")
    assert case_id not in {r.case_id for r in satisfaction.followups(desk, include_fixed=True)}


def test_metric_help_panel_lists_every_definition(qtbot, window) -> None:
    window.go(window.stats)
    settle(qtbot, window)
    window.stats.help_button.click()
    panel = window.stats.help_dialog
    assert panel is not None and panel.isVisible()
    text = panel.text.toPlainText()
    for label in METRIC_LABELS.values():
        assert label in text
    assert "调休" in text and "15 个工作日" in text
    panel.close()


def test_agent_sees_the_towns_answer_on_a_report(qtbot, window) -> None:
    desk = window.desk
    agent = desk.identity
    progress_reports.draft(desk, 2026, 10, on=date(2026, 11, 2))
    progress_reports.submit(desk, 2026, 10, "十月情况", on=date(2026, 11, 3))
    rid = progress_reports.list_reports(desk)[0].report_id
    desk.setup(Role.CLERK, agent.region_code[:9] + "000", "赵敏", user_id="clerk-town")  # as the town would
    progress_reports.return_report(desk, rid, "调解数据与台账不符", on=date(2026, 11, 5))
    desk.setup(Role.AGENT, agent.region_code, agent.user, user_id=agent.user_id)
    page = window.reports
    window.go(page)
    page.picker.set(2026, 10)
    settle(qtbot, window)
    assert page.current is not None and page.current.state is State.REPORT_RETURNED
    assert "2026-11-05 退回: 调解数据与台账不符" in page.outcome.text()
    assert "再次报送" in page.outcome.text() and "#c62828" in page.outcome.styleSheet()
    assert page.submit_button.isEnabled()


@pytest.fixture
def clerk_window(qtbot, tmp_path: Path):

    root = tmp_path / "town"
    with Desk.open(root, today=TODAY) as desk:
        demo.generate(desk, cases=DEMO_CASES // 3, seed=5, role="clerk")
    desk = Desk.open(root, today=TODAY)
    with shown_window(qtbot, desk) as win:
        yield win


def test_town_adopts_a_rubric_file_and_every_center_is_rescored(qtbot, clerk_window, tmp_path) -> None:
    win, desk = clerk_window, clerk_window.desk
    page = win.rating
    win.go(page)
    settle(qtbot, win)
    assert "村级便民服务中心星级考评细则 2026" in page.rubric_label.text()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**DEFAULT_RUBRIC, "supervision_cap": 20, "manual": []}), encoding="utf-8")
    page.adopt_rubric(bad)
    settle(qtbot, win)
    assert "合计应为 100 分" in page.error.text()
    assert star_rating.active_rubric(desk).version == "2026"
    # attendance counts 17 points instead of 7, the premises 0
    new = json.loads(json.dumps(DEFAULT_RUBRIC))
    new["version"] = "2027试行"
    new["manual"] = [
        {"key": "premises", "label": "场所设施", "points": 0},
        {"key": "public_notices", "label": "公开公示", "points": 8},
        {"key": "attendance", "label": "在岗考勤", "points": 17},
    ]
    good = tmp_path / "rubric.json"
    good.write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    page.adopt_rubric(good)
    settle(qtbot, win, timeout=30_000)
    assert page.error.text() == ""
    assert star_rating.active_rubric(desk).version == "2027试行"
    assert "2027试行" in page.rubric_label.text()
    ratings = star_rating.ratings(desk, TODAY.year)
    assert len(ratings) == len(page.villages) and all(r.sheet["rubric"].endswith("2027试行") for r in ratings)
    page.select_village(page.villages[0][0])
    assert page.manual["attendance"].maximum() == 17
    page.default_rubric_button.click()
    settle(qtbot, win, timeout=30_000)
    assert star_rating.active_rubric(desk).version == "2026"


def test_clerk_sees_followups_of_every_village(qtbot, clerk_window) -> None:
    win = clerk_window
    page = win.followups
    win.go(page)
    settle(qtbot, win)
    expected = satisfaction.followups(win.desk)
    assert expected, "the demo town has bad reviews still open"
    assert [r.case_id for r in page.rows] == [r.case_id for r in expected]
    assert page.table.rowCount() == len(expected)
    villages = {page.table.item(n, 2).text() for n in range(page.table.rowCount())}
    assert all(not v.isdigit() for v in villages)  # names, not codes


def test_village_month_dashboard_charts_categories_and_states(qtbot, window, tmp_path) -> None:
    page = window.stats
    window.go(page)
    settle(qtbot, window)
    figures = page.figures
    assert figures is not None and figures.cases > 0
    assert {label: value for label, value, _t in page.chart.items} == {
        k: float(v) for k, v in figures.by_category.items()
    }
    assert {label: value for label, value, _t in page.state_chart.items} == {
        k: float(v) for k, v in figures.by_state.items()
    }
    assert sum(v for _l, v, _t in page.state_chart.items) == figures.cases
    assert window.height() <= 800  # the charts scroll rather than stretch the window off a laptop screen
    window.grab().save(str(_shots(tmp_path) / "eval-03-本村统计.png"))


def test_town_comparison_chart_has_every_village(qtbot, clerk_window, tmp_path) -> None:
    win = clerk_window
    page = win.stats
    win.go(page)
    settle(qtbot, win)
    town = page.town
    assert town is not None
    page.metric_box.setCurrentIndex(page.metric_box.findData("good_review_rate"))
    names = [label for label, _v, _t in page.chart.items]
    assert names == [town.names.get(c, c) for c in town.villages]
    assert page.table.rowCount() == 1 + len(town.villages)
    win.grab().save(str(_shots(tmp_path) / "eval-04-各村对比.png"))


def test_followup_ledger_exports_to_excel_and_is_audited(qtbot, clerk_window, tmp_path) -> None:
    import openpyxl

    from villagedesk.services import exports

    win, desk = clerk_window, clerk_window.desk
    page = win.followups
    win.go(page)
    settle(qtbot, win)
    target = tmp_path / "差评整改台账.xlsx"
    page.export(target)
    settle(qtbot, win)
    assert str(target) in page.status.text()
    ws = openpyxl.load_workbook(target)["差评整改"]
    assert ws["A1"].value.startswith("差评整改台账")
    header = [c.value for c in ws[2]]
    body = list(ws.iter_rows(min_row=3, values_only=True))
    expected = satisfaction.followups(desk, include_fixed=True)
    assert len(body) == len(expected) > 0
    for row, r in zip(body, expected, strict=True):
        line = dict(zip(header, row, strict=True))
        assert line["办件编号"] == r.case_no and line["评价"] == r.followup.level
        assert line["整改期限"].date() == r.followup.due_on
        assert line["状态"] in ("整改中", "逾期未整改", "按期整改", "逾期整改")
    audit = [d for _at, _who, action, d in exports.audit_entries(desk) if action == "export"]
    assert audit[-1] == f"差评整改台账: {target.name}, {len(expected)} 行"
