"""The town clerk's window: inbox (order, filters), a town action from the case detail, the overview.

Screenshots of the town pages go to $VILLAGEDESK_SCREENSHOTS (default: the test's tmp folder).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import accounts, demo, queries, town
from villagedesk.services.desk import Desk

CLERK, PASSWORD = "zhaomin", "secret-456"


@pytest.fixture(scope="module")
def clerk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gui-town")
    with Desk.open(root, today=TODAY) as desk:
        demo.generate(desk, cases=300, seed=11, role="clerk")
        accounts.create_account(desk, CLERK, "赵敏", PASSWORD, Role.CLERK, desk.identity.region_code)
    return root


@pytest.fixture
def clerk_window(qtbot, clerk_template: Path, tmp_path: Path):
    import shutil

    target = tmp_path / "clerk"
    shutil.copytree(clerk_template, target)
    desk = Desk.open(target, today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, CLERK, PASSWORD)) as win:
        yield win


def test_inbox_lists_the_towns_submissions_overdue_first_and_filters(qtbot, clerk_window) -> None:
    win = clerk_window
    labels = [label for label, _p in win.pages]
    assert labels[1:3] == ["收件箱", "镇级概览"]
    win.go(win.town_inbox)
    settle(qtbot, win)
    page = win.town_inbox
    rows = page.rows
    assert rows and page.model.rowCount() == len(rows)
    assert rows == town.inbox(win.desk)  # the page shows the service's truth, in its order
    flags = [r.overdue for r in rows]
    assert flags == sorted(flags, reverse=True)  # overdue ones first
    villages = {r.row.village_code for r in rows}
    assert len(villages) > 1  # submissions of several villages of the town
    assert "共" in page.count.text()
    # filter by a village: only its cases remain
    one = rows[-1].row.village_code
    page.village.setCurrentIndex(page.village.findData(one))
    settle(qtbot, win)
    assert page.rows and {r.row.village_code for r in page.rows} == {one}
    page.village.setCurrentIndex(0)
    page.state.setCurrentIndex(page.state.findData("accepted"))
    settle(qtbot, win)
    assert page.rows and {r.row.status for r in page.rows} == {"accepted"}


def test_clerk_accepts_then_denies_a_case_from_the_detail_page(qtbot, clerk_window) -> None:
    win = clerk_window
    case = town.inbox(win.desk, town.InboxFilter(state="submitted"))[0].row
    win.go(win.town_inbox)
    settle(qtbot, win)
    win.town_inbox.open_case.emit(case.id)
    settle(qtbot, win)
    detail = win.detail
    assert detail.action_buttons[EventType.ACCEPTED].isEnabled()
    assert detail.action_buttons[EventType.REFUSED].isEnabled()
    assert not detail.action_buttons[EventType.DECIDED].isEnabled()  # not before acceptance
    assert EventType.DELIVERED not in detail.action_buttons  # a village action: no button for the town
    detail.action_buttons[EventType.ACCEPTED].click()
    detail.dialog.buttons.accepted.emit()
    settle(qtbot, win)
    assert queries.rows_by_ids(win.desk, [case.id])[0].status == "accepted"
    assert detail.action_buttons[EventType.DECIDED].isEnabled()

    dialog = detail.start_action(EventType.DECIDED)
    outcome: QComboBox = dialog.fields["outcome"]
    assert outcome.currentData() is None  # nothing pre-selected: Enter cannot approve
    qtbot.keyClick(dialog.fields["certificate_no"], Qt.Key.Key_Return)
    assert dialog.isVisible() and queries.rows_by_ids(win.desk, [case.id])[0].status == "accepted"
    dialog.buttons.accepted.emit()  # no outcome chosen: asked for one, nothing written
    assert "请选择决定结果" in dialog.errors["outcome"].text()
    assert getattr(dialog, "confirmation", None) is None
    outcome.setCurrentIndex(outcome.findData("denied"))
    assert dialog.remedy_label.isVisibleTo(dialog) and "行政复议" in dialog.remedy_label.text()
    dialog.buttons.accepted.emit()  # no reason given: said beside the field, before any confirmation
    assert dialog.isVisible() and dialog.errors["reason"].text()
    assert getattr(dialog, "confirmation", None) is None
    assert queries.rows_by_ids(win.desk, [case.id])[0].status == "accepted"
    reason: QLineEdit = dialog.fields["reason"]
    reason.setText("家庭收入超过当地临时救助标准")
    dialog.buttons.accepted.emit()  # now valid: confirmed by name
    box = dialog.confirmation
    assert case.case_no in box.text() and "不予" in box.windowTitle()
    box.cancel_button.click()  # 取消: nothing written, the dialog stays
    settle(qtbot, win)
    assert dialog.isVisible() and queries.rows_by_ids(win.desk, [case.id])[0].status == "accepted"
    dialog.buttons.accepted.emit()
    dialog.confirmation.confirm_button.click()
    settle(qtbot, win)
    assert queries.rows_by_ids(win.desk, [case.id])[0].status == "denied"
    last = queries.detail(win.desk, case.id).timeline[-1]
    assert last.type == "decided" and "行政诉讼" in last.payload["remedy"]


def test_town_action_dialogs_carry_their_fields(qtbot, clerk_window) -> None:
    clerk_window.go(clerk_window.town_inbox)
    settle(qtbot, clerk_window)
    clerk_window.open_case(clerk_window.town_inbox.rows[0].row.id)  # an action is always for a case shown
    settle(qtbot, clerk_window)
    detail = clerk_window.detail
    returned = detail.start_action(EventType.RETURNED)
    assert {"missing", "reason"} <= set(returned.fields)
    returned.reject()
    ext = detail.start_action(EventType.EXTENSION_GRANTED)
    ext.fields["reason"].setText("需入户核查")
    assert ext.payload() == {"days": 5, "reason": "需入户核查"}
    ext.reject()
    fwd = detail.start_action(EventType.FORWARDED)
    assert fwd.payload()["to"].startswith("济源市")
    fwd.reject()


def test_overview_and_screenshots_of_the_town_pages(qtbot, clerk_window, tmp_path) -> None:
    win = clerk_window
    win.go(win.town_overview)
    settle(qtbot, win)
    page = win.town_overview
    expected = town.overview(win.desk)
    assert page.table.rowCount() == len(expected) > 1
    assert page.table.item(0, 1).text() == str(expected[0].total)
    assert sum(v.total for v in expected) == queries.count_cases(win.desk)
    assert "全镇" in page.totals.text()

    folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    shots = [("town-02-镇级概览.png", win.grab())]
    win.go(win.town_inbox)
    settle(qtbot, win)
    shots.append(("town-01-收件箱.png", win.grab()))
    win.open_case(win.town_inbox.rows[0].row.id)
    settle(qtbot, win)
    shots.append(("town-03-办件详情.png", win.grab()))
    dialog = win.detail.start_action(EventType.DECIDED)
    dialog.fields["outcome"].setCurrentIndex(dialog.fields["outcome"].findData("denied"))
    qtbot.wait(50)
    shots.append(("town-04-作出决定.png", dialog.grab()))
    dialog.reject()
    for name, pixmap in shots:
        assert pixmap.save(str(folder / name)), name
        assert pixmap.width() >= 200 and pixmap.height() >= 100


def test_inbox_has_a_village_column_and_sorts_by_a_header_click(qtbot, clerk_window) -> None:
    win = clerk_window
    win.go(win.town_inbox)
    settle(qtbot, win)
    page = win.town_inbox
    model, header = page.model, page.table.horizontalHeader()
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = heads.index("村")
    names = dict(town.villages(win.desk))
    shown = [model.index(r, col).data() for r in range(model.rowCount())]
    assert set(shown) <= set(names.values()) and len(set(shown)) > 1  # names, not 12-digit codes
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, col))
    shown = [model.index(r, col).data() for r in range(model.rowCount())]
    assert shown == sorted(shown)
    due_col = heads.index("到期日")
    page.table.sortByColumn(due_col, Qt.SortOrder.DescendingOrder)
    # a date resting on an unconfirmed year reads "预计 2027-02-18，以…为准": sorted by the date in it
    dues = [_iso(model.index(r, due_col).data()) for r in range(model.rowCount())]
    dated = [d for d in dues if d != "—"]
    assert dated == sorted(dated, reverse=True)
    # the row opened is the row shown after sorting
    page.table.selectRow(0)
    opened: list[str] = []
    page.open_case.connect(opened.append)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened and opened[0] == model.case_id(0)
    assert queries.detail(win.desk, opened[0]).row.due_on.isoformat() == dues[0]


def _iso(text: str) -> str:
    found = re.search(r"\d{4}-\d{2}-\d{2}", text)
    return found.group() if found else text


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_the_to_handle_filter_lists_no_decided_case_and_decided_ones_have_their_own(qtbot, clerk_window) -> None:
    """待镇中心办理 listed cases already decided 不予 (one list held the decided ones too)."""
    from villagedesk.domain.lifecycle import BEFORE_DECISION

    win = clerk_window
    win.go(win.town_inbox)
    settle(qtbot, win)
    page = win.town_inbox
    everything = {r.row.status for r in page.rows}
    assert {"denied", "approved"} <= everything  # the default: all the town still has to act on
    page.state.setCurrentIndex(page.state.findText("待镇中心办理", Qt.MatchFlag.MatchStartsWith))
    settle(qtbot, win)
    assert page.rows and all(r.row.status in BEFORE_DECISION for r in page.rows)
    for r in range(page.model.rowCount()):  # nor shows one as 不予 / 准予
        assert page.model.index(r, 6).data() not in ("不予", "准予")
    page.state.setCurrentIndex(page.state.findText("已作决定", Qt.MatchFlag.MatchStartsWith))
    settle(qtbot, win)
    assert page.rows and {r.row.status for r in page.rows} <= {"denied", "approved"}
