"""The city clerk's window (市级审批服务中心): the setup wizard's city role, the inbox across towns
(overdue first, filtered by town), the per-town overview and the same case page acting as the city."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.e2e.test_case_loop import register
from tests.gui.conftest import settle, shown_window
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import accounts, city, queries
from villagedesk.services.desk import Desk

E = EventType
CITY, T1, T2 = "419001000000", "419001100000", "419001101000"
USER, PASSWORD = "shimin", "secret-789"


def _forwarded(desk: Desk, village: str, town: str, name: str, id_number: str, on: date) -> str:
    """A city-level case of ``village`` carried up to the city (one profile plays each level in turn)."""
    from villagedesk.services import actions

    desk.setup(Role.AGENT, village, "李娜")
    cid = register(desk, "JY010", name, id_number, on=on)
    actions.perform(desk, cid, E.SUBMITTED, {}, on=on)
    desk.setup(Role.CLERK, town, "王镇")
    actions.perform(desk, cid, E.ACCEPTED, {}, on=on)
    actions.perform(desk, cid, E.FORWARDED, {"to": "济源市民政局"}, on=on)
    return cid


@pytest.fixture
def city_window(qtbot, profile: Path):

    desk = Desk.open(profile, today=TODAY)
    old = _forwarded(desk, "419001101201", T2, "周九", "419001199207070076", date(2026, 9, 1))  # overdue
    new = _forwarded(desk, "419001100201", T1, "王五", "419001197503030037", date(2026, 11, 20))
    desk.setup(Role.AGENT, "419001100202", "张敏")
    local = register(desk, "JY012", "李四", "419001199002020024")  # a village's town item: not the city's
    desk.setup(Role.CITY, CITY, "市民之家")
    accounts.create_account(desk, USER, "陈静", PASSWORD, Role.CITY, CITY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, USER, PASSWORD)) as win:
        yield win, old, new, local


def test_city_inbox_overview_and_the_case_page(qtbot, city_window) -> None:
    win, old, new, local = city_window
    assert [label for label, _p in win.pages][1:3] == ["市级收件箱", "全市概览"]
    assert "市级审批服务中心" in win.user_label.text()
    win.go(win.city_inbox)
    settle(qtbot, win)
    page = win.city_inbox
    assert [r.row.id for r in page.rows] == [old, new]  # across both towns, the overdue one first
    assert page.rows[0].overdue and not page.rows[1].overdue
    assert page.model.rowCount() == 2 and "逾期 1 件" in page.count.text()
    page.town.setCurrentIndex(page.town.findData(T1))
    settle(qtbot, win)
    assert [r.row.id for r in page.rows] == [new]

    win.go(win.city_overview)
    settle(qtbot, win)
    view = win.city_overview
    assert [s.code for s in view.summaries] == [T1, T2]
    assert [(s.total, s.at_city, s.overdue) for s in view.summaries] == [(1, 1, 0), (1, 1, 1)]
    assert view.summaries[0].name != T1  # the town's name from the region list, not its code
    assert view.table.rowCount() == 2 and view.table.item(0, 2).text() == "1"
    view.town.setCurrentIndex(view.town.findData(T2))
    settle(qtbot, win)
    assert [s.code for s in view.summaries] == ["419001101201"]  # one town: per village

    win.open_case(old)
    settle(qtbot, win)
    detail = win.detail
    assert detail.action_buttons[E.ACCEPTED].isEnabled() and detail.action_buttons[E.RETURNED].isEnabled()
    assert not detail.action_buttons[E.DECIDED].isEnabled()  # the city accepts first
    assert E.RESULT_READY not in detail.action_buttons and E.SUBMITTED not in detail.action_buttons
    assert "市级用时" in detail.due_label.text()
    detail.action_buttons[E.ACCEPTED].click()
    detail.dialog.buttons.accepted.emit()
    settle(qtbot, win)
    assert queries.rows_by_ids(win.desk, [old])[0].status == "city_accepted"
    assert detail.action_buttons[E.DECIDED].isEnabled()
    win.open_case(local)  # a town-level item: the city may only write a note
    settle(qtbot, win)
    enabled = {e for e, b in win.detail.action_buttons.items() if b.isEnabled()}
    assert enabled == {E.NOTE_ADDED}
    # accepted by the city, still the city's to decide: still in its inbox, still first (overdue)
    assert [(r.row.id, r.row.status) for r in city.inbox(win.desk)] == [(old, "city_accepted"), (new, "forwarded")]


def test_the_wizard_sets_up_a_city_pc(qtbot, profile: Path) -> None:
    from villagedesk.ui.wizard import FirstRunWizard

    desk = Desk.open(profile, today=TODAY)
    try:
        wizard = FirstRunWizard(desk)
        qtbot.addWidget(wizard)
        wizard.city_radio.setChecked(True)
        assert wizard.role() is Role.CITY
        assert not wizard.region_form.isRowVisible(1)  # no village for the city's PC
        wizard.town.setCurrentIndex(wizard.town.findData(T1))
        wizard.display_name.setText("陈静")
        wizard.username.setText(USER)
        wizard.password.setText(PASSWORD)
        wizard.password_again.setText(PASSWORD)
        wizard.accept()
        assert desk.identity.role is Role.CITY and desk.identity.region_code == CITY
    finally:
        desk.close()


def test_every_page_of_the_city_window_opens(qtbot, city_window) -> None:
    from villagedesk.ui.application import open_every_page

    win = city_window[0]
    opened = open_every_page(win)
    settle(qtbot, win)
    assert {"市级收件箱", "全市概览", "工作台", "办件", "同步"} <= set(opened)


def test_the_city_cases_page_offers_no_import(qtbot, city_window) -> None:
    """The city registers no cases: its 办件 page offers no 从表格导入 (as it has no 代办登记), and the
    importer's refusal names the city's office, not the town's."""
    from villagedesk.domain.errors import TransitionError
    from villagedesk.services import importer

    win = city_window[0]
    win.go(win.cases)
    settle(qtbot, win)
    assert win.cases.import_button.isHidden()
    assert not win.offers_intake()
    with pytest.raises(TransitionError, match="本机是市级审批服务中心账号"):
        importer.preview(win.desk, Path("roster.csv"))


def test_the_overview_columns_add_up_to_its_total(qtbot, profile: Path) -> None:
    """Every case counted in 合计 is in a state column: 克井镇's two 待送达 cases once had none (合计 5,
    columns 3). The headers come from the one vocabulary (STATE_LABELS)."""
    from villagedesk.domain.lifecycle import STATE_LABELS, State
    from villagedesk.services import actions

    desk = Desk.open(profile, today=TODAY)
    on = date(2026, 11, 20)
    ready = _forwarded(desk, "419001100201", T1, "王五", "419001197503030037", on)
    back = _forwarded(desk, "419001100202", T1, "欧阳·娜", "419001199208080081", on)
    desk.setup(Role.CITY, CITY, "市民之家")
    for cid in (ready, back):
        actions.perform(desk, cid, E.ACCEPTED, {}, on=on)
    actions.perform(desk, ready, E.DECIDED, {"outcome": "approved", "reason": "符合条件"}, on=on)
    actions.perform(desk, back, E.RETURNED, {"missing": ["户口簿/身份证"], "reason": "复印件不清晰"}, on=on)
    desk.setup(Role.CLERK, T1, "王镇")
    actions.perform(desk, ready, E.RESULT_READY, {}, on=on)
    desk.setup(Role.CITY, CITY, "市民之家")
    accounts.create_account(desk, USER, "陈静", PASSWORD, Role.CITY, CITY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, USER, PASSWORD)) as win:
        win.go(win.city_overview)
        settle(qtbot, win)
        table = win.city_overview.table
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers[1] == "合计" and STATE_LABELS[State.RESULT_READY] in headers
        assert set(headers[4:]) <= set(STATE_LABELS.values())
        assert table.rowCount() == 1
        cells = [table.item(0, c).text() for c in range(table.columnCount())]
        assert cells[1] == "2"
        assert sum(int(x) for x in cells[4:] if x) == 2  # the state columns add up to 合计
