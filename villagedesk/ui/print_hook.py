"""The 打印 button: printing lives in ``villagedesk.ui.printing`` (a separate module); without it the
button stays disabled and says why.

Contract for that module: ``print_case(parent: QWidget, desk: Desk, case_id: str) -> None`` opens the
print choice (受理回执 / 一次性告知单 / 委托书) for one case.
"""

from __future__ import annotations

import importlib
import importlib.util

from PySide6.QtWidgets import QPushButton, QWidget

from villagedesk.services.desk import Desk

MODULE = "villagedesk.ui.printing"


def available() -> bool:
    return importlib.util.find_spec(MODULE) is not None


def print_button(parent: QWidget, desk: Desk, case_id: str) -> QPushButton:
    button = QPushButton(parent.tr("打印"))
    if not available():
        button.setEnabled(False)
        button.setToolTip(parent.tr("打印模块未安装"))
        return button
    button.clicked.connect(lambda: importlib.import_module(MODULE).print_case(parent, desk, case_id))
    return button
