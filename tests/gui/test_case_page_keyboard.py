"""A keyboard-only cadre on the case page: Tab reaches the action buttons (the tables kept it), and the
print dialog opened by Ctrl+P prints on Enter (its focused button used to be 关闭)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.services import queries


def test_tab_leaves_the_tables_and_reaches_the_actions(qtbot, window) -> None:
    case_no = register(window.desk, "孙小梅", 51)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    page = window.detail
    page.materials.setFocus()
    reached = set()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if isinstance(focus, QPushButton) and focus in page.action_buttons.values():
            reached.add(focus)
    assert reached, "no action button of the case page ever took the keyboard focus"


def test_ctrl_p_then_enter_prints(qtbot, window) -> None:
    case_no = register(window.desk, "周大海", 52)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    window.detail._print_button.click()
    dialogs = [w for w in window.findChildren(object) if type(w).__name__ == "PrintDialog" and w.isVisible()]
    assert dialogs
    dialog = dialogs[-1]
    # Enter makes the paper: prints on a PC with a printer; with none (here, and CI) opens 保存为 PDF, never
    # Qt's print dialog that wrote ~/print.pdf (test_print_without_printer walks that path)
    expected = dialog.pdf_button if dialog.no_printer else dialog.print_button
    assert expected.isDefault() and not dialog.print_button.autoDefault()
    dialog.close()
