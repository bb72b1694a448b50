"""The 打印 button used by the case page and the intake page.

The button asks ``current()`` for the case at the moment of the click, so a page that shows one case
after another always prints the one on screen (a captured id printed the first case opened since start).
Printing is imported on click, not at start-up: QtPrintSupport and the print layouts are not needed
until a person actually prints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from villagedesk.services.desk import Desk


def open_print(parent: QWidget, desk: Desk, case_id: str | None) -> QDialog | None:
    """Open the print choice for ``case_id`` (None: nothing is shown yet, nothing to print)."""
    if not case_id:
        return None
    from villagedesk.ui.printing import print_case

    return print_case(parent, desk, case_id)


def print_button(parent: QWidget, desk: Desk, current: Callable[[], str | None]) -> QPushButton:
    button = QPushButton(parent.tr("打印"))
    button.setToolTip(parent.tr("打印受理回执、一次性告知单或委托书"))
    button.clicked.connect(lambda _c=False: open_print(parent, desk, current()))
    return button
