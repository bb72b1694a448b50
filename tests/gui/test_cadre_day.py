"""A village cadre's day by keyboard only: three intakes (one with a missing material), search, open,
print the case on screen, act, lock and unlock. Real widgets, no mouse, no mocks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import PASSWORD, settle
from tests.gui.test_intake import type_text
from tests.gui.test_printing import rid
from villagedesk.services import queries

CTRL = Qt.KeyboardModifier.ControlModifier


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _intake_by_keyboard(qtbot, window, name: str, serial: int, missing: set[str]) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    settle(qtbot, window)
    page = window.intake
    assert QApplication.focusWidget() is page.item_search
    qtbot.keyClicks(page.item_search, "JY001")
    settle(qtbot, window)
    _key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, window)
    for text in (name, rid(serial), "13800138000", "三组", "东街8号"):
        type_text(qtbot, QApplication.focusWidget(), text)
        _key(qtbot, Qt.Key.Key_Return)
    rows = {r.status: r for r in page.material_rows()}
    while QApplication.focusWidget() is not page.mandate:
        row = rows.get(QApplication.focusWidget())
        if row is not None:  # 已收 is one step down from 未核对, 缺少 two
            for _ in range(2 if row.name in missing else 1):
                _key(qtbot, Qt.Key.Key_Down)
        _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    settle(qtbot, window)
    errors = [e.text() for e in page.findChildren(type(page.materials_error)) if e.text()]
    assert not errors, errors
    dialog = QApplication.activeModalWidget() or next(
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "登记成功"
    )
    assert dialog.windowTitle() == "登记成功"
    if missing:
        assert all(m in dialog.missing_label.text() for m in missing)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter closes it
    assert not dialog.isVisible()
    window.activateWindow()  # what the window manager does when a dialog closes (offscreen has none)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_a_cadres_day_by_keyboard(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    before = queries.count_cases(window.desk)
    _intake_by_keyboard(qtbot, window, "郑一", 61, set())
    _intake_by_keyboard(qtbot, window, "郑二", 62, {"结婚证"})
    _intake_by_keyboard(qtbot, window, "郑三", 63, set())
    assert queries.count_cases(window.desk) == before + 3
    (second,) = queries.list_cases(window.desk, queries.CaseFilter(search=rid(62)[-4:]))
    assert second.status == "awaiting_materials"

    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.cases.search
    type_text(qtbot, window.cases.search, "郑二")
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1, timeout=5000)
    settle(qtbot, window)
    _key(qtbot, Qt.Key.Key_Return)  # to the list
    _key(qtbot, Qt.Key.Key_Return)  # open
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.detail and window.detail.case_id == second.id
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    dialog = window.detail.print_dialog
    assert dialog is not None and second.case_no in dialog.windowTitle()
    assert dialog.radios["notice"].isEnabled()  # a missing material: the 一次性告知单 can be printed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    window.lock()
    assert window.is_locked()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.is_locked() and window.stack.currentWidget() is window.lock_screen
    qtbot.keyClicks(window.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked() and window.stack.currentWidget() is window.detail
