"""The 打印 dialog the case page opens: choose a form and paper, save a PDF, preview."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtPrintSupport import QPrintPreviewDialog

from tests.gui.test_printing import register, rid
from villagedesk.services import queries
from villagedesk.ui import printing as pr


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_dialog_prints_each_form_of_a_case(qapp, qtbot, desk, tmp_path: Path) -> None:
    case_no = register(desk, "阿依古丽·买买提", 11)  # nothing handed in: a notice is due
    case_id = queries.detail(desk, case_no).row.id
    dialog = pr.print_case(None, desk, case_id)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and case_no in dialog.windowTitle()
    assert dialog.selected() == "receipt" and dialog.paper.isEnabled()

    dialog.paper.setCurrentIndex(dialog.paper.findData(pr.Paper.ROLL_80.value))
    assert dialog.save_pdf(tmp_path / "receipt")  # the .pdf suffix is added
    text = _text(tmp_path / "receipt.pdf")
    assert "受理回执" in text and case_no in text and rid(11) not in text
    assert "已保存到" in dialog.status.text()

    dialog.select("notice")
    assert not dialog.paper.isEnabled() and dialog.paper_choice() is pr.Paper.A4
    assert dialog.save_pdf(tmp_path / "notice.pdf")
    assert "一次性告知单" in _text(tmp_path / "notice.pdf")

    dialog.select("mandate")
    assert dialog.save_pdf(tmp_path / "mandate.pdf")
    assert rid(11) in _text(tmp_path / "mandate.pdf")  # signed by the villager: the full number

    assert not dialog.save_pdf(tmp_path / "missing-folder" / "x.pdf")
    assert "保存位置不存在" in dialog.status.text()

    if pr.printer_names():
        dialog.print_now()  # no printer set up: the preview opens so one can be chosen there
        assert isinstance(dialog.preview_window, QPrintPreviewDialog)
        qtbot.waitUntil(dialog.preview_window.isVisible)
        dialog.preview_window.close()
    else:
        dialog.print_now()  # no printer installed: the save dialog (test_print_without_printer.py)
        assert dialog.pdf_chooser is not None and dialog.pdf_chooser.isVisible() and dialog.preview_window is None
        dialog.pdf_chooser.reject()
    dialog.close()


def test_notice_disabled_when_nothing_is_missing(qapp, qtbot, desk) -> None:
    case_no = register(desk, "王芳", 12, item="JY006", have=True)
    dialog = pr.print_case(None, desk, queries.detail(desk, case_no).row.id)
    qtbot.addWidget(dialog)
    assert not dialog.radios["notice"].isEnabled()
    assert dialog.radios["notice"].toolTip() == "该办件没有缺少的材料"
    assert dialog.radios["receipt"].isEnabled() and dialog.radios["mandate"].isEnabled()
    dialog.close()
