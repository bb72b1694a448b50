"""登记成功: after 打印 and back, the focus is on 确定 (the default), so the next Enter closes the dialog
instead of printing again (it stayed on 打印)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from tests.gui.test_printing import rid
from villagedesk.services import intake
from villagedesk.ui.pages.intake_page import SavedDialog
from villagedesk.ui.printing.dialog import PrintDialog


def test_back_from_print_the_focus_is_on_ok_and_enter_closes(qtbot, window) -> None:
    form = intake.IntakeForm(
        item_code="JY010",
        name="司马小燕",
        id_number=rid(93),
        phone="13812345678",
        address="示范村三组12号",
        mandate_signed=True,
    )
    result = intake.register(window.desk, form)
    dialog = SavedDialog(window.desk, result, window.intake)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.ok_button.isDefault() and not dialog.print_button.autoDefault()
    dialog.print_button.setFocus()
    qtbot.keyClick(dialog.print_button, Qt.Key.Key_Space)  # 打印 by keyboard
    settle(qtbot, window)
    (printing,) = [w for w in dialog.findChildren(PrintDialog) if w.isVisible()]
    printing.reject()  # back from the print choice
    qtbot.waitUntil(lambda: dialog.ok_button.hasFocus() or dialog.focusWidget() is dialog.ok_button)
    assert dialog.focusWidget() is dialog.ok_button
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result() == SavedDialog.DialogCode.Accepted
    assert not [w for w in dialog.findChildren(PrintDialog) if w.isVisible()]  # nothing printed again
