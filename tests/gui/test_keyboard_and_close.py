"""Window-wide shortcuts and the warning on closing with a half-filled intake form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle


def test_ctrl_n_and_ctrl_f_go_where_a_windows_user_expects(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.intake
    assert QApplication.focusWidget() is window.intake.item_search
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.cases
    assert QApplication.focusWidget() is window.cases.search
    window.lock()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()  # no shortcut gets around the lock


def test_closing_with_a_half_filled_form_asks_first(qtbot, window) -> None:
    window.go(window.intake)
    settle(qtbot, window)
    window.intake.applicant.name.setText("张三")
    window.close()
    box = window.confirmation
    assert window.isVisible() and box.isVisible() and "张三" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter is 取消: the window and the form stay
    assert window.isVisible() and window.intake.applicant.name.text() == "张三"
    window.close()
    window.confirmation.confirm_button.click()
    assert not window.isVisible()


def test_closing_with_nothing_typed_does_not_ask(qtbot, window) -> None:
    window.go(window.intake)
    settle(qtbot, window)
    window.close()
    assert not window.isVisible()
