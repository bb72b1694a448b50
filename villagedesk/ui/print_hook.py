"""The 打印 button used by the case page and the intake page.

Printing is imported on click, not at start-up: QtPrintSupport and the print layouts are not needed
until a person actually prints.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from villagedesk.services.desk import Desk


def print_button(parent: QWidget, desk: Desk, case_id: str) -> QPushButton:
    button = QPushButton(parent.tr("打印"))
    button.setToolTip(parent.tr("打印受理回执、一次性告知单或委托书"))

    def open_print_dialog() -> None:
        from villagedesk.ui.printing import print_case

        print_case(parent, desk, case_id)

    button.clicked.connect(open_print_dialog)
    return button
