"""The print preview has labelled buttons a cadre can use: 打印… 放大 缩小 适合页宽 关闭 (Qt's own toolbar
is icons with English tooltips, blank on a PC without an icon theme)."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QPushButton

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.services import queries
from villagedesk.ui import printing as pr


def test_preview_has_print_zoom_and_close_buttons(qtbot, window) -> None:
    case_no = register(window.desk, "韩梅香", 93)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    chooser = window.detail.print_current()
    chooser.preview()
    preview = chooser.preview_window
    qtbot.waitUntil(preview.isVisible, timeout=3000)
    shown = {b.text(): b for b in preview.findChildren(QPushButton) if b.isVisible()}
    installed = pr.printer_names()  # none: 打印… saves a PDF (test_print_without_printer.py)
    names = {
        "print": "打印…" if installed else "保存为 PDF…",
        "zoom_in": "放大",
        "zoom_out": "缩小",
        "fit": "适合页宽",
        "close": "关闭",
    }
    assert set(names.values()) <= set(shown), sorted(shown)
    buttons = {key: shown[text] for key, text in names.items()}
    assert all(b.isVisible() and b.isEnabled() for b in buttons.values())
    assert buttons["print"].isDefault() == bool(installed)
    view = preview.findChild(QPrintPreviewWidget)
    before = view.zoomFactor()
    buttons["zoom_in"].click()
    assert view.zoomFactor() > before
    buttons["zoom_out"].click()
    assert abs(view.zoomFactor() - before) < 1e-6
    buttons["close"].click()
    assert not preview.isVisible()
    chooser.close()
