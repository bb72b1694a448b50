"""星级考评 (town clerk): a score sheet per village center for a year, the manual scores entered here,
stars and downgrade triggers (数据不足 when the data is too thin), the city's review as sync brings it
(entered only on a city device), the 十佳 rankings, and 督查 records that feed the rating, with the
village's 整改情况 once it answers.

Scoring, rankings and inspections are ``services.star_rating`` / ``services.supervision``; scoring a
center reads its year of events, so every call runs on the task runner behind a busy label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.audit_entries import mask_id_numbers
from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.star_rating import DEFAULT_RUBRIC, TRIGGERS
from villagedesk.services import catalog, exports, star_rating, supervision
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import file_dialogs
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.printing import report_pdf
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.date_field import DateField, refused
from villagedesk.ui.widgets.report_widgets import BusyLabel, ask_save_path


@dataclass
class YearData:
    """Everything the page shows for a year, read in one background call."""

    year: int
    ratings: dict[str, star_rating.RatingRow]
    inspections: list[supervision.InspectionRow]
    agents: list[star_rating.AgentRank]
    rubric: star_rating.Rubric


def load_year(desk: Desk, year: int) -> YearData:
    ratings = {r.village_code: r for r in star_rating.ratings(desk, year)}
    return YearData(
        year,
        ratings,
        supervision.list_for(desk, year=year),
        star_rating.agent_ranking(desk, year),
        star_rating.active_rubric(desk),
    )


def save_and_score(desk: Desk, village: str, year: int, manual: dict[str, float]) -> star_rating.RatingRow:
    """Store the town's manual scores, then score the sheet again (one write job)."""
    star_rating.set_manual_scores(desk, village, year, manual)
    return star_rating.score_center(desk, village, year)


def adopt_rubric(desk: Desk, source: Path | None, villages: list[str], year: int) -> int:
    """Adopt a rubric file (None: the default rubric) and score the year's centers with it again."""
    document = star_rating.load_rubric_file(source) if source is not None else DEFAULT_RUBRIC
    star_rating.set_rubric(desk, dict(document))
    return score_all(desk, villages, year)


def score_all(desk: Desk, villages: list[str], year: int) -> int:
    for code in villages:
        star_rating.score_center(desk, code, year)
    return len(villages)


def _item(text: object, tip: str = "") -> QTableWidgetItem:
    """A read-only cell; its text and tip shown with ID numbers masked (发现问题, 整改情况 are free text,
    and the Excel export masks them too)."""
    item = QTableWidgetItem("" if text is None else mask_id_numbers(str(text)))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(mask_id_numbers(tip))
    return item


def _stars(n: int | None) -> str:
    return "—" if n is None else ("★" * n + "☆" * (5 - n))


def _downgrades(sheet: dict) -> str:
    downs = sheet.get("downgrades") or []
    return "; ".join(f"{TRIGGERS.get(k, k)}×{times} (-{stars}★)" for k, times, stars in downs) or "无"


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    return t


def _date_edit(d: date) -> DateField:
    edit = DateField(QDate(d.year, d.month, d.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class RatingPage(QWidget):
    loaded = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        town = desk.identity.region_code
        self.villages = [(r.code, r.name) for r in catalog.regions(desk, level="village", parent=town)]
        self.names = dict(self.villages)
        self.data: YearData | None = None
        today = desk.today()

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.busy = BusyLabel()
        self.score_all_button = QPushButton(self.tr("全部重新评分"))
        self.top_button = QPushButton(self.tr("评选十佳便民服务中心"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.rubric_button = QPushButton(self.tr("导入考评细则…"))
        self.rubric_button.setToolTip(self.tr("JSON 或 TOML 文件, 合计 100 分; 导入后按新细则重新评分"))
        self.default_rubric_button = QPushButton(self.tr("恢复默认细则"))
        self.rubric_label = QLabel()
        self.rubric_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(title_label(self.tr("星级考评")))
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(QLabel(self.tr("考评年度")))
        for w in (self.year, self.score_all_button, self.top_button, self.xlsx_button, self.pdf_button):
            top.addWidget(w)

        self.table = _table(
            [
                self.tr("村(社区)"),
                self.tr("总分"),
                self.tr("考评星级"),
                self.tr("降星情形"),
                self.tr("市级复核"),
                self.tr("十佳"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._sheet_tab(), self.tr("评分表"))
        self.tabs.addTab(self._inspection_tab(today), self.tr("督查"))
        self.tabs.addTab(self._ranking_tab(), self.tr("十佳排名"))
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 760])
        self.error = ErrorLabel()
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        rubric_row = QHBoxLayout()
        rubric_row.addWidget(self.rubric_label, 1)
        rubric_row.addWidget(self.rubric_button)
        rubric_row.addWidget(self.default_rubric_button)
        layout.addLayout(rubric_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)

        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.score_all_button.clicked.connect(self.score_all)
        self.top_button.clicked.connect(self.name_top)
        self.rubric_button.clicked.connect(self._ask_rubric)
        self.default_rubric_button.clicked.connect(lambda: self.adopt_rubric(None))
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))

    # --- tabs -------------------------------------------------------------------------------------

    def _sheet_tab(self) -> QWidget:
        w = QWidget()
        self.sheet_title = QLabel()
        font = self.sheet_title.font()
        font.setBold(True)
        self.sheet_title.setFont(font)
        self.sheet = _table([self.tr("考评项目"), self.tr("分值"), self.tr("实际值"), self.tr("得分")])
        self.sheet.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.manual_box = QGroupBox(self.tr("乡镇人工评分"))
        self.manual_form = QFormLayout(self.manual_box)
        self.manual: dict[str, QDoubleSpinBox] = {}
        self.score_button = QPushButton(self.tr("保存人工评分并重新评分"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        recheck = QGroupBox(self.tr("市级审查复评"))
        self.may_review = self.desk.identity.role is Role.CITY  # the town cannot review its own ratings
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        self.city_stars = QSpinBox()
        self.city_stars.setRange(0, 5)
        self.city_stars.setSuffix(self.tr(" 星"))
        self.city_note = QLineEdit()
        self.city_note.setPlaceholderText(self.tr("复核意见"))
        self.recheck_button = QPushButton(self.tr("保存复评结果"))
        if not self.may_review:
            self.recheck_button.setToolTip(self.tr("复评由市级审批服务中心在其设备上进行, 结果随同步显示在这里"))
        for widget in (self.city_stars, self.city_note, self.recheck_button):
            widget.setEnabled(self.may_review)
        outer = QVBoxLayout(recheck)
        outer.addWidget(self.review_label)
        r = QHBoxLayout()
        outer.addLayout(r)
        r.addWidget(self.city_stars)
        r.addWidget(self.city_note, 1)
        r.addWidget(self.recheck_button)
        lay = QVBoxLayout(w)
        lay.addWidget(self.sheet_title)
        lay.addWidget(self.sheet, 1)
        row = QHBoxLayout()
        row.addWidget(self.manual_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.score_button)
        right.addStretch(1)
        row.addLayout(right, 1)
        lay.addLayout(row)
        lay.addWidget(recheck)
        self.score_button.clicked.connect(self.score_selected)
        self.recheck_button.clicked.connect(self.recheck)
        return w

    def _inspection_tab(self, today: date) -> QWidget:
        w = QWidget()
        form_box = QGroupBox(self.tr("记录督查"))
        form = QFormLayout(form_box)
        self.kind = QComboBox()
        for key, label in supervision.KINDS.items():
            self.kind.addItem(label, key)
        self.inspected_on = _date_edit(today)
        self.inspected_village = QLabel()
        self.findings = QLineEdit()
        self.findings.setPlaceholderText(self.tr("发现的问题"))
        self.deduction = QDoubleSpinBox()
        self.deduction.setRange(0, supervision.MAX_DEDUCTION)
        self.deduction.setDecimals(1)
        self.fix_by = _date_edit(today)
        self.needs_fix = QCheckBox(self.tr("限期整改"))
        self.data_leak = QCheckBox(self.tr("发现信息泄露"))
        self.inspect_button = QPushButton(self.tr("记录督查"))
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.needs_fix)
        fix_row.addWidget(self.fix_by, 1)
        form.addRow(self.tr("被督查单位"), self.inspected_village)
        form.addRow(self.tr("督查方式"), self.kind)
        form.addRow(self.tr("督查日期"), self.inspected_on)
        form.addRow(self.tr("发现问题"), self.findings)
        form.addRow(self.tr("扣分"), self.deduction)
        form.addRow(self.tr("整改期限"), fix_row)
        form.addRow("", self.data_leak)
        form.addRow("", self.inspect_button)
        self.inspection_form = form  # the city's page adds its 督查对象 (a village or a town) on top
        self.inspections = _table(
            [self.tr("村(社区)"), self.tr("方式"), self.tr("日期"), self.tr("发现问题"), self.tr("扣分"),
             self.tr("整改期限"), self.tr("整改结果")]
        )  # fmt: skip
        answers = QLabel(self.tr("督查记录随同步送达被督查的村, 村里在「考评督查」页填报整改情况, 同步后显示在上表"))
        answers.setWordWrap(True)
        self.inspection_hint = answers
        lay = QVBoxLayout(w)
        lay.addWidget(form_box)
        lay.addWidget(self.inspections, 1)
        lay.addWidget(answers)
        self.inspect_button.clicked.connect(self.record_inspection)
        return w

    def _ranking_tab(self) -> QWidget:
        w = QWidget()
        self.top_centers = _table([self.tr("名次"), self.tr("村(社区)"), self.tr("总分"), self.tr("星级")])
        self.top_agents = _table(
            [self.tr("名次"), self.tr("代办员"), self.tr("所在村"), self.tr("办件数"), self.tr("指标得分"),
             self.tr("按时办结率"), self.tr("好评率")]
        )  # fmt: skip
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel(self.tr("十佳便民服务中心")))
        lay.addWidget(self.top_centers, 1)
        lay.addWidget(QLabel(self.tr("十佳代办员 (按考评细则中的计算指标)")))
        lay.addWidget(self.top_agents, 1)
        return w

    # --- loading ----------------------------------------------------------------------------------

    def selected_village(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.villages[rows[0].row()][0] if rows else None

    def select_village(self, code: str) -> None:
        for n, (c, _name) in enumerate(self.villages):
            if c == code:
                self.table.selectRow(n)

    def refresh(self) -> None:
        self._busy(True)
        self.runner.read(load_year, self.desk, self.year.value(), on_done=self._loaded, on_error=self._failed)

    def _busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)
        for b in (
            self.score_all_button,
            self.top_button,
            self.score_button,
            self.recheck_button,
            self.inspect_button,
            self.rubric_button,
            self.default_rubric_button,
        ):
            b.setEnabled(not busy)
        self.recheck_button.setEnabled(not busy and self.may_review)

    def _failed(self, err: object) -> None:
        self._busy(False)
        failure = self.tr("操作失败, 详情已写入日志")
        self.error.show_error(refusal_text(err) if isinstance(err, DomainError) else failure)

    def _loaded(self, data: YearData) -> None:
        self._busy(False)
        keep = self.selected_village() or (self.villages[0][0] if self.villages else None)
        self.data = data
        rb = data.rubric
        self.rubric_label.setText(
            self.tr("考评细则: %1 (计算项 %2 分, 人工评分 %3 分, 督查扣分上限 %4 分)")
            .replace("%1", f"{rb.name} {rb.version}".strip())
            .replace("%2", f"{sum(c.points for c in rb.metric):g}")
            .replace("%3", f"{sum(c.points for c in rb.manual):g}")
            .replace("%4", f"{rb.supervision_cap:g}")
        )
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.villages))
        for n, (code, name) in enumerate(self.villages):
            r = data.ratings.get(code)
            scored = r is not None and r.score is not None
            self.table.setItem(n, 0, _item(name))
            unscored = self.tr("数据不足") if r is not None and r.insufficient else self.tr("未评分")
            self.table.setItem(n, 1, _item(f"{r.score:g}" if scored else unscored))
            self.table.setItem(n, 2, _item(_stars(r.stars) if scored else ""))
            self.table.setItem(n, 3, _item(_downgrades(r.sheet) if scored else ""))
            city = "" if r is None or r.city_stars is None else _stars(r.city_stars)
            self.table.setItem(n, 4, _item(city or (self.tr("未复核") if scored else "")))
            self.table.setItem(n, 5, _item(self.tr("十佳") if r is not None and r.top_center else ""))
        self.table.blockSignals(False)
        if keep:
            self.select_village(keep)
        self._show_selected()
        self._show_inspections(data)
        self._show_rankings(data)
        self.loaded.emit()

    def _show_selected(self) -> None:
        data, code = self.data, self.selected_village()
        if data is None or code is None:
            return
        r = data.ratings.get(code)
        self.inspected_village.setText(self.names[code])
        self.sheet_title.setText(f"{self.names[code]} {data.year} " + self.tr("年度评分表"))
        lines = (r.sheet.get("lines") if r else None) or []
        self.sheet.setRowCount(len(lines))
        for n, (_key, label, max_points, value, points) in enumerate(lines):
            self.sheet.setItem(n, 0, _item(label))
            self.sheet.setItem(n, 1, _item(f"{max_points:g}"))
            self.sheet.setItem(
                n, 2, _item("—" if value is None else (f"{value:.3g}" if isinstance(value, float) else value))
            )
            self.sheet.setItem(n, 3, _item(f"{points:g}"))
        # manual criteria come from the rubric in use (a new rubric may add or drop some)
        while self.manual_form.rowCount():
            self.manual_form.removeRow(0)
        self.manual = {}
        for c in data.rubric.manual:
            spin = QDoubleSpinBox()
            spin.setRange(0, c.points)
            spin.setDecimals(1)
            spin.setSuffix(" / " + f"{c.points:g}")
            spin.setValue(float((r.manual_scores if r else {}).get(c.key, 0)))
            self.manual_form.addRow(c.label, spin)
            self.manual[c.key] = spin
        if r is not None and r.insufficient:
            self.summary.setText(self.tr("数据不足, 不评星级、不参加十佳排名: ") + r.insufficient)
        elif r is None or r.score is None:
            self.summary.setText(self.tr("本年度尚未评分: 填好人工评分后点「保存人工评分并重新评分」"))
        else:
            self.summary.setText(
                self.tr("总分 %1 (督查扣分 %2) → %3\n降星情形: %4\n考评细则: %5")
                .replace("%1", f"{r.score:g}")
                .replace("%2", f"{r.sheet.get('deduction', 0):g}")
                .replace("%3", _stars(r.stars))
                .replace("%4", _downgrades(r.sheet))
                .replace("%5", str(r.sheet.get("rubric", "")))
            )
        self.city_stars.setValue(
            r.city_stars if r is not None and r.city_stars is not None else (r.stars or 0) if r else 0
        )
        self.city_note.setText(r.city_note if r else "")
        if r is not None and r.city_stars is not None:
            self.review_label.setText(
                self.tr("市级复评: %1 (%2) 复评人: %3")
                .replace("%1", _stars(r.city_stars))
                .replace("%2", r.city_note)
                .replace("%3", r.reviewed_by)
            )
        else:
            self.review_label.setText(self.tr("尚未复评: 复评由市级审批服务中心进行, 结果随同步显示在这里"))

    def _fix_state(self, x: supervision.InspectionRow) -> str:
        if x.fixed_on:
            return f"{x.fixed_on.isoformat()} {x.result}"
        if x.overdue(self.desk.today()):
            return self.tr("逾期未整改") + (f": {x.result}" if x.result else "")
        if x.result:
            return self.tr("整改中") + f": {x.result}"
        return self.tr("整改中") if x.fix_by else ""

    def _show_inspections(self, data: YearData) -> None:
        rows = data.inspections
        self.inspections.setRowCount(len(rows))
        for n, x in enumerate(rows):
            values = [
                self.names.get(x.village_code, x.village_code), x.kind_label, x.on.isoformat(), x.findings,
                f"{x.deduction:g}", x.fix_by.isoformat() if x.fix_by else "—", self._fix_state(x),
            ]  # fmt: skip
            for c, value in enumerate(values):
                self.inspections.setItem(n, c, _item(value, x.findings if c == 3 else ""))

    def _show_rankings(self, data: YearData) -> None:
        tops = [r for r in sorted(data.ratings.values(), key=lambda r: -(r.score or 0)) if r.top_center]
        self.top_centers.setRowCount(len(tops))
        for n, r in enumerate(tops):
            for c, value in enumerate([n + 1, r.village_name, f"{r.score:g}", _stars(r.final_stars)]):
                self.top_centers.setItem(n, c, _item(value))
        self.top_agents.setRowCount(len(data.agents))
        for n, a in enumerate(data.agents):
            values = [n + 1, a.agent_name, self.names.get(a.village_code, a.village_code), a.cases, f"{a.points:g}",
                      a.on_time, a.good_reviews]  # fmt: skip
            for c, value in enumerate(values):
                self.top_agents.setItem(n, c, _item(value))

    # --- actions ----------------------------------------------------------------------------------

    def _write(self, fn, *args) -> None:
        self._busy(True)
        self.error.show_error("")
        self.runner.write(fn, self.desk, *args, on_done=self._written, on_error=self._failed)

    def _written(self, _result: object) -> None:
        self._busy(False)
        self.status.setText(self.tr("已保存"))
        self.refresh()

    def score_selected(self) -> None:
        code = self.selected_village()
        if code is not None:
            manual = {k: spin.value() for k, spin in self.manual.items()}
            self._write(save_and_score, code, self.year.value(), manual)

    def score_all(self) -> None:
        self._write(score_all, [c for c, _ in self.villages], self.year.value())

    def _ask_rubric(self) -> None:
        name = file_dialogs.open_file(
            self, self.tr("选择考评细则文件"), "", self.tr("考评细则 (*.json *.toml);;所有文件 (*)")
        )
        if name:
            self.adopt_rubric(Path(name))

    def adopt_rubric(self, path: Path | None) -> None:
        """Adopt a rubric file (None: the default) and re-score every center of the year with it."""
        self._write(adopt_rubric, path, [c for c, _ in self.villages], self.year.value())

    def name_top(self) -> None:
        self._write(star_rating.name_top_centers, self.year.value())

    def recheck(self) -> None:
        code = self.selected_village()
        if code is not None:
            args = (code, self.year.value(), self.city_stars.value(), self.city_note.text(), self.desk.today())
            self._write(star_rating.city_recheck, *args)

    def record_inspection(self) -> None:
        code = self.selected_village()
        if code is None:
            self.error.show_error(self.tr("请先在左侧选择被督查的村(社区)"))
            return
        wrong = refused(self.inspected_on, *([self.fix_by] if self.needs_fix.isChecked() else []))
        if wrong:
            self.error.show_error(wrong)
            return
        fix_by = _pydate(self.fix_by.date()) if self.needs_fix.isChecked() else None
        # read the widgets here, on the GUI thread; the job gets plain values
        args = (code, self.kind.currentData(), _pydate(self.inspected_on.date()), self.findings.text())
        self._write(supervision.record, *args, self.deduction.value(), fix_by, self.data_leak.isChecked())

    def _ask_export(self, kind: str) -> None:
        pattern = "PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)"
        path = ask_save_path(self, self.tr("导出"), f"{self.year.value()}年度星级考评.{kind}", pattern)
        if path is not None:
            self.export(kind, path)

    def export(self, kind: str, path: Path) -> None:
        year = self.year.value()
        done = lambda p: self.status.setText(self.tr("已导出: %1").replace("%1", str(p)))  # noqa: E731
        if kind == "xlsx":
            self.runner.write(exports.star_ratings_xlsx, self.desk, path, year, on_done=done, on_error=self._failed)
            return
        if self.data is None:
            return
        try:
            report_pdf.write_pdf(
                path, rating_document(self.data, self.villages), exports.pdf_audit(self.desk, "星级考评", f"{year}年度")
            )
        except Exception as err:  # a full disk or a bad name: tell the user, keep the page
            self.error.show_error(refusal_text(err))
            return
        done(path)


def rating_document(data: YearData, villages: list[tuple[str, str]]) -> report_pdf.PdfDocument:
    """The year's ratings as a PDF: one line per center, then the inspections and the 十佳 lists."""
    rows = []
    for code, name in villages:
        r = data.ratings.get(code)
        scored = r is not None and r.score is not None
        unscored = "数据不足" if r and r.insufficient else "未评分"
        rows.append(
            [name, f"{r.score:g}" if scored else unscored, _stars(r.stars) if scored else "",
             _downgrades(r.sheet) if scored else "", _stars(r.city_stars) if r and r.city_stars is not None else "",
             "是" if r and r.top_center else ""]
        )  # fmt: skip
    names = dict(villages)
    inspections = [
        [names.get(x.village_code, x.village_code), x.kind_label, x.on.isoformat(), x.findings, f"{x.deduction:g}",
         x.fixed_on.isoformat() if x.fixed_on else ""]
        for x in data.inspections
    ]  # fmt: skip
    agents = [[str(n + 1), a.agent_name, names.get(a.village_code, a.village_code), str(a.cases), f"{a.points:g}"]
              for n, a in enumerate(data.agents)]  # fmt: skip
    ins_head = ["村(社区)", "方式", "日期", "发现问题", "扣分", "整改完成"]
    ins_widths = [0.18, 0.12, 0.14, 0.34, 0.08, 0.14]
    ins_body = report_pdf.PdfTable(ins_head, inspections, ins_widths) if inspections else "本年度无督查记录"
    return report_pdf.PdfDocument(
        f"{data.year} 年度村级便民服务中心星级考评",
        [f"考评细则: {data.rubric.name} {data.rubric.version}"],
        [
            ("一、考评结果", report_pdf.PdfTable(["村(社区)", "总分", "考评星级", "降星情形", "市级复核", "十佳"], rows,
                                            [0.22, 0.1, 0.16, 0.26, 0.16, 0.1])),
            ("二、督查记录", ins_body),
            ("三、十佳代办员", report_pdf.PdfTable(["名次", "代办员", "所在村", "办件数", "指标得分"], agents,
                                             [0.1, 0.2, 0.3, 0.2, 0.2])),
        ],
    )  # fmt: skip
