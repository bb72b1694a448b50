"""考评督查 (village agent): this center's 星级考评 result as the town scored it and the city reviewed it,
and the inspections of the town or the city, each answered here with its 整改情况.

市级督查 (town clerk): the same page on a town's PC lists the city's inspections of the town itself (the
town's own partition), which any clerk of the town answers the same way; the town is not star-rated, so
no rating and no year.

Both are shared records that sync brings (services.star_rating / services.supervision); the answer goes
back to the inspector by the next sync. Every call runs on the task runner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import star_rating, supervision
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.pages.rating_page import _item, _stars, _table
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.date_field import DateField, refused


@dataclass
class VillageRecords:
    year: int
    rating: star_rating.RatingRow | None
    inspections: list[supervision.InspectionRow]


def load(desk: Desk, year: int) -> VillageRecords:
    here = desk.identity.region_code
    if desk.identity.role is Role.CLERK:  # the city's inspections of this town, not of its villages
        return VillageRecords(year, None, supervision.list_for(desk, here))
    mine = [r for r in star_rating.ratings(desk, year) if r.village_code == here]
    return VillageRecords(year, mine[0] if mine else None, supervision.list_for(desk))


class RecordsPage(QWidget):
    loaded = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.data: VillageRecords | None = None
        today = desk.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.rating = QLabel()
        self.rating.setWordWrap(True)
        self.inspections = _table(
            [self.tr("督查单位"), self.tr("方式"), self.tr("日期"), self.tr("发现问题"), self.tr("扣分"),
             self.tr("整改期限"), self.tr("整改情况")]
        )  # fmt: skip
        self.result = QLineEdit()
        self.result.setPlaceholderText(self.tr("整改情况: 做了什么、效果如何"))
        self.fixed = QCheckBox(self.tr("已整改完成, 完成日期"))
        self.fixed_on = DateField(QDate(today.year, today.month, today.day))
        self.fixed_on.setCalendarPopup(True)
        self.fixed_on.setDisplayFormat("yyyy-MM-dd")
        self.answer_button = QPushButton(self.tr("报送整改情况"))
        self.error = ErrorLabel()
        self.status = QLabel()

        self.town = desk.identity.role is Role.CLERK
        top = QHBoxLayout()
        top.addWidget(title_label(self.tr("市级督查") if self.town else self.tr("考评督查")))
        top.addStretch(1)
        if not self.town:
            top.addWidget(QLabel(self.tr("考评年度")))
            top.addWidget(self.year)
        answer = QHBoxLayout()
        answer.addWidget(self.result, 1)
        answer.addWidget(self.fixed)
        answer.addWidget(self.fixed_on)
        answer.addWidget(self.answer_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        if self.town:
            self.rating.hide()
            heading = QLabel(self.tr("市级审批服务中心对本镇的督查 (选中一条, 填写整改情况后按回车报送)"))
        else:
            lay.addWidget(self.rating)
            heading = QLabel(self.tr("督查记录 (选中一条填报整改情况)"))
        lay.addWidget(heading)
        lay.addWidget(self.inspections, 1)
        lay.addLayout(answer)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.answer_button.clicked.connect(self.answer)
        self.result.returnPressed.connect(self.answer)  # keyboard: the table, Tab, type, Enter

    def refresh(self) -> None:
        self.runner.read(load, self.desk, self.year.value(), on_done=self._loaded, on_error=self._failed)

    def _failed(self, err: object) -> None:
        self.answer_button.setEnabled(True)
        failure = self.tr("操作失败, 详情已写入日志")
        self.error.show_error(refusal_text(err) if isinstance(err, DomainError) else failure)

    def _loaded(self, data: VillageRecords) -> None:
        self.data = data
        r = data.rating
        if r is None:
            text = self.tr("%1 年度尚未考评").replace("%1", str(data.year))
        elif r.insufficient:
            text = self.tr("数据不足, 不评星级、不参加十佳排名: ") + r.insufficient
        else:
            text = (
                self.tr("镇办考评: %1 分 %2 (考评人: %3)")
                .replace("%1", f"{r.score:g}")
                .replace("%2", _stars(r.stars))
                .replace("%3", r.scored_by)
            )
            if r.city_stars is not None:
                text += "\n" + (
                    self.tr("市级复评: %1 (%2)").replace("%1", _stars(r.city_stars)).replace("%2", r.city_note)
                )
            if r.top_center:
                text += "\n" + self.tr("十佳便民服务中心")
        self.rating.setText(text)
        self.inspections.setRowCount(len(data.inspections))
        today = self.desk.today()
        for n, x in enumerate(data.inspections):
            progress = (self.tr("逾期未整改") if x.overdue(today) else self.tr("整改中")) + (
                f": {x.result}" if x.result else ""
            )
            state = f"{x.fixed_on.isoformat()} {x.result}" if x.fixed_on else progress
            values = [self.tr("市级中心") if x.level == "市" else self.tr("乡镇中心"), x.kind_label, x.on.isoformat(),
                      x.findings, f"{x.deduction:g}", x.fix_by.isoformat() if x.fix_by else "—", state]  # fmt: skip
            for c, value in enumerate(values):
                self.inspections.setItem(n, c, _item(value, x.findings if c == 3 else ""))
        self.loaded.emit()

    def answer(self) -> None:
        rows = self.inspections.selectionModel().selectedRows()
        if not rows or self.data is None:
            self.error.show_error(self.tr("请先选择一条督查记录"))
            return
        x = self.data.inspections[rows[0].row()]
        wrong = refused(self.fixed_on) if self.fixed.isChecked() else ""
        if wrong:
            self.error.show_error(wrong)
            return
        q = self.fixed_on.date()
        fixed_on = date(q.year(), q.month(), q.day()) if self.fixed.isChecked() else None
        self.error.show_error("")
        self.answer_button.setEnabled(False)
        self.runner.write(
            supervision.answer,
            self.desk,
            x.id,
            self.result.text(),
            self.fixed.isChecked(),
            fixed_on,
            on_done=self._answered,
            on_error=self._failed,
        )

    def _answered(self, _row: object) -> None:
        self.answer_button.setEnabled(True)
        self.result.clear()
        self.status.setText(self.tr("已保存, 同步后送达督查单位"))
        self.refresh()
