"""The print preview's own row of labelled buttons: 打印… 放大 缩小 适合页宽 关闭.

QPrintPreviewDialog's toolbar is icons only, with English tooltips, and on a PC without an icon theme
the icons are blank: a cadre saw no way to print, zoom or close. The row below works on every PC.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from villagedesk.ui.printing.pdf_choice import printers_installed

ZOOM_STEP = 1.25


def install(
    dialog: QPrintPreviewDialog, printer: QPrinter, save_pdf: Callable[[], object] | None = None
) -> dict[str, QPushButton]:
    """Add the row under the preview; returns its buttons by name (tests). On a PC with no printer,
    打印… is 保存为 PDF… and runs ``save_pdf`` (the app's save dialog): Qt's print dialog there wrote
    ``~/print.pdf`` on a stray Enter. Without ``save_pdf`` it is disabled, saying why."""
    view = dialog.findChild(QPrintPreviewWidget)
    bar = QWidget(dialog)
    row = QHBoxLayout(bar)
    row.setContentsMargins(6, 4, 6, 6)

    no_printer = not printers_installed()

    def ask_and_print() -> None:
        if no_printer:
            if save_pdf is not None:
                save_pdf()
            return
        chooser = QPrintDialog(printer, dialog)
        chooser.setWindowTitle(QCoreApplication.translate("PreviewBar", "打印"))
        if chooser.exec() == QDialog.DialogCode.Accepted:
            view.print_()
            dialog.accept()

    buttons = {
        "print": (
            QCoreApplication.translate("PreviewBar", "保存为 PDF…")
            if no_printer
            else QCoreApplication.translate("PreviewBar", "打印…"),
            ask_and_print,
        ),
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
    if no_printer:
        why = QCoreApplication.translate("PreviewBar", "本机没有安装打印机: 保存为 PDF, 到有打印机的电脑上打印")
        made["print"].setToolTip(why)
        made["print"].setEnabled(save_pdf is not None)
    else:
        made["print"].setDefault(True)  # a printer is chosen in Qt's dialog that opens: Enter never prints here
    dialog.layout().addWidget(bar)  # under the pages (the dialog's layout is a QVBoxLayout)
    return made
