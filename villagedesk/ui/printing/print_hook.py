"""The 打印 button used by the case page and the intake page.

The button asks ``current()`` for the case at the moment of the click, so a page that shows one case
after another always prints the one on screen (a captured id printed the first case opened since start).
Printing is imported on click, not at start-up: QtPrintSupport and the print layouts are not needed
until a person actually prints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from villagedesk.services.desk import Desk


def open_print(parent: QWidget, desk: Desk, case_id: str | None) -> QDialog | None:
    """Open the print choice for ``case_id`` (None: nothing is shown yet, nothing to print)."""
    if not case_id:
        return None
    from villagedesk.ui.printing import print_case

    return print_case(parent, desk, case_id)


def _back_to(button: QPushButton | None) -> None:
    """After printing, the focus (and Enter) go to ``button`` (登记成功's 确定): left on 打印, the next
    Enter printed again."""
    if button is not None and button.isVisible():
        button.setDefault(True)
        button.setFocus()


def print_button(
    parent: QWidget, desk: Desk, current: Callable[[], str | None], back_to: QPushButton | None = None
) -> QPushButton:
    # literal contexts lupdate sees (``parent.tr`` was never offered for translation: 打印 stayed Chinese)
    button = QPushButton(QCoreApplication.translate("PrintHook", "打印"))
    button.setToolTip(QCoreApplication.translate("PrintHook", "打印受理回执、一次性告知单或委托书"))
    button.setAutoDefault(False)  # never the default: Enter in a field never prints (on 打印 itself it does)

    def clicked() -> None:
        dialog = open_print(parent, desk, current())
        if dialog is not None:
            # after the window took its focus back (Qt returns it to 打印 as the print choice closes)
            dialog.finished.connect(lambda _r: QTimer.singleShot(0, lambda: _back_to(back_to)))

    button.clicked.connect(lambda _c=False: clicked())
    return button
