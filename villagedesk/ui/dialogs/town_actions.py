"""The fields of the town clerk's actions (受理 … 结果待领取), added to the shared action dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QSpinBox

from villagedesk.domain.lifecycle import DECISION_OUTCOMES, EventType
from villagedesk.domain.payloads import PROCEDURES
from villagedesk.ui.vocabulary import state_name

if TYPE_CHECKING:
    from villagedesk.ui.dialogs.action_dialog import ActionDialog

E = EventType


# where a case is forwarded: the city's departments by name (data, as the catalog's departments are)
DEPARTMENTS = ("济源市民政局", "济源市人力资源和社会保障局", "济源市市场监督管理局", "济源市自然资源和规划局")


def add_town_fields(dialog: ActionDialog, event: EventType, checklist: Callable[[], QListWidget]) -> bool:
    """Add the inputs ``event`` carries; False when it is not a town action with inputs."""
    if event is E.RETURNED:
        dialog._add("missing", QCoreApplication.translate("TownActions", "需补正的材料(一次性告知)"), checklist())
        dialog._add("reason", QCoreApplication.translate("TownActions", "退回原因"), QLineEdit())
    elif event is E.REFUSED:
        dialog._add("reason", QCoreApplication.translate("TownActions", "不予受理理由"), QLineEdit())
    elif event is E.FORWARDED:
        to = QComboBox()
        to.setEditable(True)
        for dept in DEPARTMENTS:
            to.addItem(dept)
        dialog._add("to", QCoreApplication.translate("TownActions", "转报至"), to)
    elif event is E.PROCEDURE_STARTED:
        kind = QComboBox()
        for name in PROCEDURES:
            kind.addItem(name, name)
        dialog._add("procedure", QCoreApplication.translate("TownActions", "特别程序类型"), kind)
        dialog._form.addRow(QLabel(QCoreApplication.translate("TownActions", "特别程序期间不计入承诺时限。")))
    elif event is E.EXTENSION_GRANTED:
        days = QSpinBox()
        days.setRange(1, 60)
        days.setValue(5)
        dialog._add("days", QCoreApplication.translate("TownActions", "延期天数"), days)
        dialog._add("reason", QCoreApplication.translate("TownActions", "延期理由"), QLineEdit())
    elif event is E.DECIDED:
        outcome = QComboBox()  # no outcome chosen: Enter alone must never approve
        outcome.addItem(QCoreApplication.translate("TownActions", "— 请选择 —"), None)
        for value, state in DECISION_OUTCOMES.items():  # the names of the states they lead to
            outcome.addItem(state_name(state), value)
        dialog._add("outcome", QCoreApplication.translate("TownActions", "决定"), outcome)
        dialog._add("certificate_no", QCoreApplication.translate("TownActions", "证照/文书编号"), QLineEdit())
        dialog._add("reason", QCoreApplication.translate("TownActions", "理由(不予时必填)"), QLineEdit())
        remedy = QLabel(
            QCoreApplication.translate(
                "TownActions", "如不服本决定, 可在收到之日起60日内申请行政复议, 或6个月内提起行政诉讼。"
            )
        )
        remedy.setWordWrap(True)
        remedy.setVisible(False)

        def toggle(_index: int) -> None:
            remedy.setVisible(outcome.currentData() == "denied")  # the dialog grows to it (fit_height)

        outcome.currentIndexChanged.connect(toggle)
        dialog.setMinimumWidth(360)
        dialog.remedy_label = remedy
        dialog._form.addRow(remedy)
    elif event is E.RESULT_READY:
        dialog._add(
            "where",
            QCoreApplication.translate("TownActions", "领取地点"),
            QLineEdit(),  # the case page fills in the village's own station (catalog.station_name)
        )
    else:
        return False
    return True
