"""The 好差评 inputs of the case action dialog: the villager's review at delivery (five levels, the three
sub-scores 效率/水平/态度, the channel) and the follow-up of a bad review (回访, 整改完成).

Kept out of action_dialog.py (shared by several pages) so that dialog only calls two hooks. A review
taken at delivery is carried in the dialog's payload under ``evaluation`` and written right after the
delivery by ``services.satisfaction.perform_with_evaluation`` (the dialog's ``perform``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from villagedesk.domain import satisfaction as sat
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import satisfaction
from villagedesk.ui import case_words
from villagedesk.ui.widgets.common import ErrorLabel

if TYPE_CHECKING:
    from villagedesk.ui.dialogs.action_dialog import ActionDialog

E = EventType


def _sub_score_label(name: str) -> str:
    labels = {
        "效率": QCoreApplication.translate("EvaluationFields", "效率"),
        "水平": QCoreApplication.translate("EvaluationFields", "水平"),
        "态度": QCoreApplication.translate("EvaluationFields", "态度"),
    }
    return labels.get(name, name)


class EvaluationBox(QGroupBox):
    """Level, sub-scores, channel and comment of one review.

    ``optional`` (at delivery): the first level is "not reviewed now", which delivers without a review.
    """

    def __init__(self, dialog: ActionDialog, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("EvaluationFields", "群众满意度评价 (好差评)"), parent)
        self.dialog = dialog
        self.optional = optional
        form = QFormLayout(self)
        self.level = QComboBox()
        self.level.addItem(
            QCoreApplication.translate("EvaluationFields", "群众暂未评价 (可稍后补录)")
            if optional
            else QCoreApplication.translate("EvaluationFields", "— 请群众选择 —"),
            None,
        )
        for value in sat.LEVELS:
            self.level.addItem(case_words.satisfaction_word(value), value)
        self.scores: dict[str, QComboBox] = {}
        for name in sat.SUB_SCORES:
            box = QComboBox()
            box.addItem(QCoreApplication.translate("EvaluationFields", "未评"), None)
            for n in range(5, 0, -1):
                box.addItem(QCoreApplication.translate("EvaluationFields", "%1 分").replace("%1", str(n)), n)
            self.scores[name] = box
        self.channel = QComboBox()
        for value in sat.CHANNEL_LABELS:
            self.channel.addItem(case_words.review_channel_word(value), value)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(QCoreApplication.translate("EvaluationFields", "群众的意见或建议 (可不填)"))
        score_row = QWidget()
        row = QFormLayout(score_row)
        row.setContentsMargins(0, 0, 0, 0)
        for name, box in self.scores.items():
            row.addRow(_sub_score_label(name), box)
        self._row(form, "level", QCoreApplication.translate("EvaluationFields", "评价等级"), self.level)
        self._row(form, "scores", QCoreApplication.translate("EvaluationFields", "分项评分"), score_row)
        self._row(form, "channel", QCoreApplication.translate("EvaluationFields", "评价渠道"), self.channel)
        self._row(form, "comment", QCoreApplication.translate("EvaluationFields", "意见"), self.comment)
        note = QLabel(
            QCoreApplication.translate("EvaluationFields", "不满意、非常不满意为差评, 须在 15 个工作日内回访整改。")
        )
        note.setWordWrap(True)
        form.addRow(note)

    def _row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        error = ErrorLabel()
        self.dialog.errors[key] = error
        self.dialog.watch(key, widget)
        box = QVBoxLayout()
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(label, box)

    def set_review(self, level: str, scores: dict[str, int] | None = None, channel: str = "window") -> None:
        """Fill the box as a villager would (used by tests and by a re-opened dialog)."""
        self.level.setCurrentIndex(self.level.findData(level))
        for name, box in self.scores.items():
            box.setCurrentIndex(box.findData((scores or {}).get(name)))
        self.channel.setCurrentIndex(self.channel.findData(channel))

    def review(self) -> dict | None:
        """The review's payload; None at delivery when neither a level nor a sub-score was chosen."""
        scores = {name: box.currentData() for name, box in self.scores.items() if box.currentData() is not None}
        if self.optional and self.level.currentData() is None and not scores:
            return None
        return {
            "level": self.level.currentData(),
            "scores": scores,
            "channel": self.channel.currentData(),
            "comment": self.comment.text(),
        }


def add_evaluation_fields(dialog: ActionDialog, event: EventType) -> bool:
    """Add the 好差评 inputs ``event`` carries; False when the event has none."""
    if event is E.EVALUATED:
        box = EvaluationBox(dialog, optional=False)
        dialog.evaluation = box
        dialog.fields.update(level=box.level, channel=box.channel, comment=box.comment)
        dialog._form.addRow(box)
        dialog.payload_hooks.append(lambda out: out.update(scores=(box.review() or {}).get("scores", {})))
    elif event is E.DELIVERED:  # the delivery fields are there already; the review comes with them
        box = EvaluationBox(dialog, optional=True)
        box.setTitle(QCoreApplication.translate("EvaluationFields", "群众现场评价 (好差评)"))
        dialog.evaluation = box
        dialog._form.addRow(box)

        def add_review(out: dict) -> None:
            review = box.review()
            if review is not None:
                out["evaluation"] = review

        dialog.payload_hooks.append(add_review)
        dialog.perform = satisfaction.perform_with_evaluation
    elif event is E.FOLLOWUP_RECORDED:
        dialog._add("finding", QCoreApplication.translate("EvaluationFields", "回访核实情况"), QLineEdit())
        dialog._add("measures", QCoreApplication.translate("EvaluationFields", "整改措施"), QLineEdit())
        dialog._add(
            "verified",
            "",
            QCheckBox(QCoreApplication.translate("EvaluationFields", "差评属实 (属本中心责任, 计入星级考评降星情形)")),
        )
    elif event is E.FOLLOWUP_FIXED:
        dialog._add("result", QCoreApplication.translate("EvaluationFields", "整改结果"), QLineEdit())
        dialog._form.addRow(
            QLabel(
                QCoreApplication.translate("EvaluationFields", "整改完成日期记为今天; 超过 15 个工作日的计为逾期整改。")
            )
        )
    else:
        return False
    return True
