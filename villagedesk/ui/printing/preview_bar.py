"""The print preview's own row of labelled buttons: 打印… 放大 缩小 适合页宽 关闭.

QPrintPreviewDialog's toolbar is icons only, with English tooltips, and on a PC without an icon theme
the icons are blank: a cadre saw no way to print, zoom or close. The row below works on every PC.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

ZOOM_STEP = 1.25


def install(dialog: QPrintPreviewDialog, printer: QPrinter) -> dict[str, QPushButton]:
    """Add the row under the preview; returns its buttons by name (tests)."""
    view = dialog.findChild(QPrintPreviewWidget)
    bar = QWidget(dialog)
    row = QHBoxLayout(bar)
    row.setContentsMargins(6, 4, 6, 6)

    def ask_and_print() -> None:
        chooser = QPrintDialog(printer, dialog)
        chooser.setWindowTitle(QCoreApplication.translate("PreviewBar", "打印"))
        if chooser.exec() == QDialog.DialogCode.Accepted:
            view.print_()
            dialog.accept()

    buttons = {
        "print": (QCoreApplication.translate("PreviewBar", "打印…"), ask_and_print),
        "zoom_in": (QCoreApplication.translate("PreviewBar", "放大"), lambda: view.zoomIn(ZOOM_STEP)),
        "zoom_out": (QCoreApplication.translate("PreviewBar", "缩小"), lambda: view.zoomOut(ZOOM_STEP)),
        "fit": (QCoreApplication.translate("PreviewBar", "适合页宽"), view.fitToWidth),
        "close": (QCoreApplication.translate("PreviewBar", "关闭"), dialog.reject),
    }
    made: dict[str, QPushButton] = {}
    for name, (text, slot) in buttons.items():
        button = QPushButton(text, bar)
        button.clicked.connect(slot)
        button.setAutoDefault(False)
        row.addWidget(button)
        if name == "fit":
            row.addStretch(1)
        made[name] = button
    made["print"].setDefault(True)
    dialog.layout().addWidget(bar)  # under the pages (the dialog's layout is a QVBoxLayout)
    return made
