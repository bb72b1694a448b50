"""One small dialog per case action, asking exactly for what that action carries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain import payloads
from villagedesk.domain.custody import HOLDER_LABELS
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.payloads import check_supply, clean_payload
from villagedesk.services import actions
from villagedesk.ui.dialogs.evaluation_fields import add_evaluation_fields
from villagedesk.ui.dialogs.town_actions import add_town_fields
from villagedesk.ui.error_words import error_text
from villagedesk.ui.event_words import event_name
from villagedesk.ui.vocabulary import holder_name, state_name
from villagedesk.ui.widgets import text_limit
from villagedesk.ui.widgets.common import ErrorLabel
from villagedesk.ui.widgets.date_field import DateField, refused
from villagedesk.ui.widgets.field_errors import fit_height, on_change

DELIVERY_LABELS = {  # domain/payloads.DELIVERY_LABELS, as literals lupdate offers
    "village_pickup": QT_TRANSLATE_NOOP("ActionDialog", "村站领取"),
    "home_delivery": QT_TRANSLATE_NOOP("ActionDialog", "送件上门"),
    "town_pickup": QT_TRANSLATE_NOOP("ActionDialog", "镇中心领取"),
    "mail": QT_TRANSLATE_NOOP("ActionDialog", "邮寄"),
}
# Steps that end or decide a case: Enter does not confirm them, and the page asks once more by name.
CONFIRMED = frozenset({EventType.WITHDRAWN, EventType.REFUSED, EventType.DECIDED})
# combos that start on "— 请选择 —"
REQUIRED_CHOICE = {"outcome": QT_TRANSLATE_NOOP("ActionDialog", "请选择决定结果 (准予 / 不予)")}
# Payloads the service completes before its checks (a mandate from the case, a resolution against its
# history): their fields are checked where they are sent, not here.
COMPLETED_BY_SERVICE = frozenset({EventType.MANDATE_RECORDED, EventType.CONFLICT_RESOLVED})


class ActionDialog(QDialog):
    """Collects the payload; the caller runs the action and calls ``show_error`` if it is refused."""

    def __init__(
        self, event: EventType, materials: list[str], parent: QWidget | None = None, choices: list | None = None
    ) -> None:
        super().__init__(parent)
        self.action = event
        self.case_id = ""  # set by the page that opens it: the case the action is for
        self.lacking: list[str] = []  # set by the page: what the case still lacks (a 材料补齐 brings all of it)
        self.setWindowTitle(event_name(event))
        self.fields: dict[str, Any] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.general_error = ErrorLabel()
        self._form = QFormLayout()
        self.payload_hooks: list[Callable[[dict], None]] = []  # extra inputs (evaluation_fields) fill these
        self.perform: Callable[..., Any] = actions.perform  # what runs the action (desk, case_id, event, payload)
        E = EventType
        if event in (E.MATERIALS_MISSING, E.MATERIALS_SUPPLIED):
            key = "missing" if event is E.MATERIALS_MISSING else "received"
            self._add(
                key, self.tr("缺少的材料") if key == "missing" else self.tr("补来的材料"), self._checklist(materials)
            )
            if event is E.MATERIALS_MISSING:
                self._add("reason", self.tr("说明"), QLineEdit())
        elif event is E.WITHDRAWN:
            self._add("reason", self.tr("撤回原因"), QLineEdit())
        elif event is E.NOTE_ADDED:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            self._add("text", self.tr("备注内容"), text)
        elif event is E.VILLAGE_COMPLETED:
            self._add("result", self.tr("办理结果"), QLineEdit())
        elif event is E.SUBMITTED:
            self._add("note", self.tr("报送说明"), QLineEdit())
        elif event is E.DELIVERED:
            method = QComboBox()
            for value, label in DELIVERY_LABELS.items():
                method.addItem(self.tr(label), value)
            self._add("method", self.tr("送达方式"), method)
            self._add("signer", self.tr("签收人"), QLineEdit())
            add_evaluation_fields(self, event)
        elif event is E.CUSTODY_CHANGED:
            mat = QComboBox()  # the checklist's names only: the judge refuses any other (judge.check_materials)
            for name in materials:
                mat.addItem(name, name)
            self._add("material", self.tr("材料"), mat)
            holder = QComboBox()
            for value in HOLDER_LABELS:
                holder.addItem(holder_name(value), value)
            self._add("holder", self.tr("现由谁保管"), holder)
        elif event is E.CONFLICT_RESOLVED:
            state = QComboBox()
            for value in choices or []:  # where the case stands, or where a conflicting event led
                state.addItem(state_name(value), value.value)
            self._add("state", self.tr("确定状态"), state)
            self._add("reason", self.tr("处理说明"), QLineEdit())
        elif event is E.MANDATE_RECORDED:
            signed = DateField(QDate.currentDate())
            signed.setDisplayFormat("yyyy-MM-dd")
            signed.setCalendarPopup(True)
            self._add("signed_on", self.tr("委托书签署日期"), signed)
            until = QLineEdit()
            until.setPlaceholderText(self.tr("留空: 至事项办结; 或填写日期, 如 2027-06-30"))
            self._add("valid_until", self.tr("有效期至"), until)
        elif event is E.MATERIALS_CHECKED:
            self._add("ok", self.tr("核对结论"), QCheckBox(self.tr("材料与原件核对一致")))
        elif add_evaluation_fields(self, event) or add_town_fields(self, event, lambda: self._checklist(materials)):
            pass
        else:
            self._form.addRow(QLabel(self.tr("确认执行「%1」?").replace("%1", event_name(event))))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.rejected.connect(self.reject)
        if event in CONFIRMED:  # Enter in a field neither ends nor decides the case, nor drops the input
            for button in self.buttons.buttons():
                button.setAutoDefault(False)
                button.setDefault(False)
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.subject.setStyleSheet("font-weight: bold;")
        self.subject.hide()
        self.setMinimumWidth(460)  # long refusals wrap instead of squashing the fields
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject)
        layout.addLayout(self._form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.bound_texts()

    def bound_texts(self) -> None:
        """Each text box takes no more than the rules keep (``payloads.text_limit``): 10,000 typed
        characters were refused only at 确定. A bound the rules tell only once a choice is made (a 不予's
        reason) is set when it is made."""
        payload = self.payload()
        for key, w in self.fields.items():
            if isinstance(w, (QLineEdit, QPlainTextEdit)) and text_limit.bound(w) is None:
                most = payloads.text_limit(self.action, payload, key)
                if most is not None:
                    text_limit.limit(w, most)

    def set_subject(self, name: str, case_no: str) -> None:
        """Name the villager and the case at the top, so no one acts on the wrong case."""
        self.subject.setText(self.tr("「%1」的办件 %2").replace("%1", name).replace("%2", case_no))
        self.subject.show()
        self.setWindowTitle(f"{event_name(self.action)} — {case_no}")

    def check(self) -> dict[str, str]:
        """What is wrong with the input before anything is asked or sent (field → message): the choices
        still open, then the payload rules the service and the server's judge apply (domain.payloads).
        A 不予 without its reason was refused only after 「确定不予?」 had been answered."""
        out: dict[str, str] = {}
        for key, message in REQUIRED_CHOICE.items():
            w = self.fields.get(key)
            if isinstance(w, QComboBox) and w.currentData() is None:
                out[key] = self.tr(message)
        for key, w in self.fields.items():
            if isinstance(w, DateField) and refused(w):
                out[key] = w.problem()  # never the other date Qt kept of what was typed
        if out or self.action in COMPLETED_BY_SERVICE:
            return out
        try:
            payload = clean_payload(self.action, self.payload())
            if self.action is EventType.MATERIALS_SUPPLIED:
                check_supply(self.lacking, payload["received"])
        except ValidationError as err:
            out[err.field if err.field in self.fields else ""] = error_text(err.message)
        return out

    def _checklist(self, materials: list[str]) -> QListWidget:
        box = QListWidget()
        for name in materials:
            entry = QListWidgetItem(name)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            box.addItem(entry)
        box.setMaximumHeight(160)
        return box

    def _add(self, key: str, label: str, widget: QWidget) -> None:
        self.fields[key] = widget
        self.errors[key] = ErrorLabel()
        self.watch(key, widget)
        box = QVBoxLayout()
        box.addWidget(widget)
        box.addWidget(self.errors[key])
        self._form.addRow(label, box)

    def watch(self, key: str, widget: QWidget) -> None:
        """Changing ``widget`` takes away the error about it (and a general one): a stale error misleads."""

        def changed() -> None:
            if key in self.errors:
                self.errors[key].show_error("")
            self.general_error.show_error("")
            if not isinstance(widget, (QLineEdit, QPlainTextEdit)):
                self.bound_texts()  # a choice may bring a bound (a 不予's reason)

        on_change(widget, changed)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # an error or a notice appeared or went away
            fit_height(self)
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_height(self)  # narrower: the wrapped lines take more height

    def payload(self) -> dict:
        out: dict[str, Any] = {}
        for key, w in self.fields.items():
            if isinstance(w, QListWidget):
                out[key] = [
                    w.item(i).text() for i in range(w.count()) if w.item(i).checkState() == Qt.CheckState.Checked
                ]
            elif isinstance(w, QComboBox):
                out[key] = w.currentData() if w.currentData() is not None else w.currentText()
                if w.isEditable():
                    out[key] = w.currentText()
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText()
            elif isinstance(w, QCheckBox):
                out[key] = w.isChecked()
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
            else:
                out[key] = w.text()
        for hook in self.payload_hooks:
            hook(out)
        return out

    def show_error(self, field: str, message: str) -> None:
        for label in self.errors.values():
            label.show_error("")
        target = self.errors.get(field, self.general_error)
        if target is not self.general_error:
            self.general_error.show_error("")
        target.show_error(error_text(message))
        fit_height(self)  # grow to the message, never squeezing a field: see widgets/field_errors.py
