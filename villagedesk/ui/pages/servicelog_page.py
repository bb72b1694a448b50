"""服务记录: quick entry of mediations and consultations (village-direct, completed at once)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from villagedesk.services import servicelog
from villagedesk.services.desk import Desk
from villagedesk.ui import case_words
from villagedesk.ui.error_words import field_texts
from villagedesk.ui.pages.intake_page import ApplicantFields
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import EnterMovesOn, ErrorLabel


def _boxed(widget: QWidget, error: ErrorLabel) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(widget)
    box.addWidget(error)
    return box


def _top(widget: QWidget, form: QFormLayout) -> None:
    """The form at the top of its tab; spare height goes below it, not between the rows."""
    outer = QVBoxLayout(widget)
    outer.addLayout(form)
    outer.addStretch(1)


def _text() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(70)
    return edit


class ServiceLogPage(QWidget):
    saved = Signal(object)

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self._enter = EnterMovesOn(self)
        self.tabs = QTabWidget()
        self.result = QLabel()

        # mediation
        med = QWidget()
        self.med_person = ApplicantFields(desk, full=False)
        self.med_parties = QLineEdit()
        self.med_parties.setPlaceholderText(self.tr("多人用、或逗号分隔"))
        self.med_type = QComboBox()
        self.med_type.addItem(self.tr("请选择"), "")
        for t in servicelog.DISPUTE_TYPES:
            self.med_type.addItem(case_words.dispute_word(t), t)
        self.med_outcome = QComboBox()
        self.med_outcome.addItem(self.tr("请选择"), "")
        for value, label in servicelog.MEDIATION_OUTCOMES.items():
            self.med_outcome.addItem(case_words.outcome_word(value) or label, value)
        self.med_summary = _text()
        self.med_errors = {k: ErrorLabel() for k in ("other_parties", "dispute_type", "outcome", "summary")}
        self.med_save = QPushButton(self.tr("保存调解记录"))
        form = QFormLayout()
        _top(med, form)
        form.addRow(QLabel(self.tr("申请人(一方当事人)")))
        form.addRow(self.med_person)
        form.addRow(self.tr("另一方"), _boxed(self.med_parties, self.med_errors["other_parties"]))
        form.addRow(self.tr("纠纷类型"), _boxed(self.med_type, self.med_errors["dispute_type"]))
        form.addRow(self.tr("调解结果"), _boxed(self.med_outcome, self.med_errors["outcome"]))
        form.addRow(self.tr("经过摘要"), _boxed(self.med_summary, self.med_errors["summary"]))
        form.addRow(self.med_save)

        # consultation
        con = QWidget()
        self.con_person = ApplicantFields(desk, full=False)
        self.con_person.name.setPlaceholderText(self.tr("可不填, 记为「匿名群众」"))
        self.con_person.id_number.setPlaceholderText(self.tr("咨询可不填"))
        self.con_person.phone.setPlaceholderText(self.tr("咨询可不填"))
        self.con_topic = QLineEdit()
        self.con_answer = _text()
        self.con_notice = QCheckBox(self.tr("已出具一次性告知"))
        self.con_errors = {k: ErrorLabel() for k in ("topic", "answer")}
        self.con_save = QPushButton(self.tr("保存咨询记录"))
        form2 = QFormLayout()
        _top(con, form2)
        form2.addRow(self.con_person)
        form2.addRow(self.tr("咨询事项"), _boxed(self.con_topic, self.con_errors["topic"]))
        form2.addRow(self.tr("答复内容"), _boxed(self.con_answer, self.con_errors["answer"]))
        form2.addRow("", self.con_notice)
        form2.addRow(self.con_save)

        self.tabs.addTab(med, self.tr("人民调解"))
        self.tabs.addTab(con, self.tr("政策咨询"))
        self.tabs.setMaximumWidth(820)  # short forms: readable field widths on a wide window
        row = QHBoxLayout()
        row.addWidget(self.tabs, 1)
        row.addStretch(0)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.result)
        for edit in (
            self.med_person.name,
            self.med_person.id_number,
            self.med_person.phone,
            self.med_parties,
            self.con_person.name,
            self.con_person.id_number,
            self.con_person.phone,
            self.con_topic,
        ):
            edit.installEventFilter(self._enter)
        for button in (self.med_save, self.con_save):
            button.setAutoDefault(True)  # Enter on the focused button saves, as Space does
        self.med_save.clicked.connect(self.save_mediation)
        self.con_save.clicked.connect(self.save_consultation)

    @staticmethod
    def _person(fields: ApplicantFields) -> servicelog.Person:
        return servicelog.Person(fields.name.text(), fields.id_number.text(), fields.phone.text())

    def save_mediation(self) -> None:
        parties = [p for p in self.med_parties.text().replace(",", "、").replace("，", "、").split("、") if p.strip()]
        rec = servicelog.Mediation(
            self._person(self.med_person),
            parties,
            self.med_type.currentData(),
            self.med_outcome.currentData(),
            self.med_summary.toPlainText(),
        )
        self.runner.write(
            servicelog.record_mediation,
            self.desk,
            rec,
            on_done=self._done,
            on_error=lambda e: self._errors(e, self.med_person, self.med_errors),
        )

    def save_consultation(self) -> None:
        rec = servicelog.Consultation(
            self._person(self.con_person),
            self.con_topic.text(),
            self.con_answer.toPlainText(),
            self.con_notice.isChecked(),
        )
        self.runner.write(
            servicelog.record_consultation,
            self.desk,
            rec,
            on_done=self._done,
            on_error=lambda e: self._errors(e, self.con_person, self.con_errors),
        )

    def _errors(self, err: object, person: ApplicantFields, labels: dict[str, ErrorLabel]) -> None:
        fields = field_texts(err, "name")
        person.show_errors(fields)
        for key, label in labels.items():
            label.show_error(fields.get(key, ""))
        self.result.setText("")

    def _done(self, result) -> None:
        self.result.setText(self.tr("已记录, 办件编号 %1").replace("%1", result.case_no))
        for person in (self.med_person, self.con_person):
            person.clear()
        for edit in (self.med_parties, self.con_topic):
            edit.clear()
        for text in (self.med_summary, self.con_answer):
            text.clear()
        self.con_notice.setChecked(False)  # the next villager starts from a blank form: no tick, no choice
        for combo in (self.med_type, self.med_outcome):
            combo.setCurrentIndex(0)  # 请选择
        for labels in (self.med_errors, self.con_errors):
            for label in labels.values():
                label.show_error("")
        self.saved.emit(result)
