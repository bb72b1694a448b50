"""Printing on a PC with no printer installed (issue 14): Qt's print dialog there offers only "print to
file" with ``~/print.pdf`` filled in, so a stray Enter after 打印 wrote the form into the home folder
without a word. Now every print path (the case's 打印, the preview's button, the recovery slip) opens
the app's save dialog instead: a name saying what and whose, in Documents (else the profile's exports
folder); nothing is written until 保存, and 取消 writes nothing. No printer is installed here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPushButton

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, queries
from villagedesk.services.desk import Desk
from villagedesk.ui.printing import pdf_choice
from villagedesk.ui.wizard import RecoveryCodeDialog

HOME_PDF = Path.home() / "print.pdf"

pytestmark = pytest.mark.skipif(bool(QPrinterInfo.availablePrinters()), reason="a printer is installed")


def stamp() -> tuple[float, int] | None:
    return (HOME_PDF.stat().st_mtime, HOME_PDF.stat().st_size) if HOME_PDF.exists() else None


def save_dialogs(top) -> list[QFileDialog]:
    return [d for d in top.findChildren(QFileDialog) if d.isVisible()]


def no_print_dialog(top) -> bool:
    return not [d for d in top.findChildren(QPrintDialog) if d.isVisible()]


def chosen_folder(dialog: QFileDialog) -> Path:
    return Path(dialog.directory().absolutePath())


def test_enter_in_the_print_choice_opens_a_save_dialog_never_print_pdf(qtbot, window, tmp_path: Path) -> None:
    before = stamp()
    case_no = register(window.desk, "韩梅香", 94)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    chooser = window.detail.print_current()
    qtbot.waitUntil(chooser.isVisible)
    assert chooser.pdf_button.isDefault() and not chooser.print_button.isEnabled()
    assert "没有安装打印机" in chooser.print_button.toolTip()

    qtbot.keyClick(chooser, Qt.Key.Key_Return)  # the stray Enter
    qtbot.waitUntil(lambda: bool(save_dialogs(chooser)))
    save = save_dialogs(chooser)[0]
    assert no_print_dialog(chooser) and chooser.preview_window is None
    folder = chosen_folder(save)
    assert folder == pdf_choice.pdf_folder(window.desk) and folder != Path.home()
    assert save.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    name = save.findChild(QLineEdit, "fileNameEdit")
    assert name is not None and name.text() == f"受理回执-{case_no}.pdf"
    save.reject()  # 取消: nothing written
    assert not list(folder.glob(f"*{case_no}*.pdf")) and stamp() == before

    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(save_dialogs(chooser)))
    save = save_dialogs(chooser)[0]
    target = tmp_path / "回执"
    save.selectFile(str(target))
    save.accept()
    written = tmp_path / "回执.pdf"
    assert written.is_file(), "保存 writes the PDF where the cadre chose"
    text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True, check=True).stdout
    assert "受理回执" in text and case_no in text
    assert "已保存到" in chooser.status.text() and stamp() == before
    chooser.close()


def test_the_previews_button_saves_a_pdf_on_a_pc_without_printer(qtbot, window, tmp_path: Path) -> None:
    before = stamp()
    case_no = register(window.desk, "韩梅香", 95)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    chooser = window.detail.print_current()
    chooser.select("mandate")
    chooser.preview()
    preview = chooser.preview_window
    qtbot.waitUntil(preview.isVisible, timeout=3000)
    button = preview.bar_buttons["print"]
    assert button.text() == "保存为 PDF…" and button.isEnabled() and not button.isDefault()
    qtbot.keyClick(preview, Qt.Key.Key_Return)  # Enter in the preview prints nothing
    assert no_print_dialog(preview) and not save_dialogs(preview)
    button.click()
    qtbot.waitUntil(lambda: bool(save_dialogs(preview)))
    save = save_dialogs(preview)[0]
    assert no_print_dialog(preview)
    assert save.findChild(QLineEdit, "fileNameEdit").text() == f"委托书-{case_no}.pdf"
    save.selectFile(str(tmp_path / "m.pdf"))
    save.accept()
    assert (tmp_path / "m.pdf").is_file() and stamp() == before
    preview.close()
    chooser.close()


def test_the_recovery_slip_is_saved_where_chosen_and_enter_then_continues(qtbot, profile, tmp_path) -> None:
    before = stamp()
    with Desk.open(profile) as desk:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        info = accounts.create_account(desk, "lina", "李娜", "secret-123", Role.AGENT, "419001100201")
        dialog = RecoveryCodeDialog(desk, info)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        dialog.print_button.setFocus()
        qtbot.keyClick(dialog.print_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: bool(save_dialogs(dialog)))
        save = save_dialogs(dialog)[0]
        assert no_print_dialog(dialog) and chosen_folder(save) != Path.home()
        assert save.findChild(QLineEdit, "fileNameEdit").text() == "恢复码-lina.pdf"
        save.selectFile(str(tmp_path / "slip.pdf"))
        save.accept()
        assert (tmp_path / "slip.pdf").is_file() and "已保存到" in dialog.status.text()
        qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.ok_button)
        assert stamp() == before
        assert isinstance(dialog.ok_button, QPushButton)
