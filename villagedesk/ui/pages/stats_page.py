"""统计: the agent's month (key figures, each with its definition, and cases by category) or, for the
town clerk, the town's villages side by side (a table and a bar chart of the chosen metric); for the
city's clerk the city's towns side by side, and one town's villages when a town is chosen (乡镇 above the
table, or Enter / double-click on a town's row), from the cases sync brought to the city's PC.

Figures are computed by ``services.metrics`` on the task runner: a town-year reads every event of the
year, which takes seconds, so the page shows that it is busy and stays responsive meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.metrics import METRIC_DEFINITIONS, METRIC_LABELS, Metrics
from villagedesk.services import catalog, exports, metrics, queries
from villagedesk.services.desk import Desk
from villagedesk.ui import case_words, metric_words
from villagedesk.ui.dialogs.metric_help import MetricHelpDialog
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.metric_words import key_of, metric_name, period_text
from villagedesk.ui.printing import report_pdf
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import label_name
from villagedesk.ui.widgets.bar_chart import BarChart
from villagedesk.ui.widgets.common import title_label
from villagedesk.ui.widgets.report_widgets import BusyLabel, HelpButton, PeriodPicker, ask_save_path, metric_number
from villagedesk.ui.widgets.town_box import fill_towns, town_box

HEADLINE = ("cases", "on_time_rate", "good_review_rate", "submitted_in_window", "overdue_open", "followups_open")
CHARTABLE = [k for k in METRIC_DEFINITIONS if k not in ("sub_scores", "followups_open")]


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


class StatsPage(QWidget):
    loaded = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        ident = desk.identity
        self.region = ident.region_code
        self.is_city = ident.role is Role.CITY and metrics.is_city(self.region)
        self.is_town = ident.role is Role.CLERK or self.is_city  # the side-by-side layout
        self.region_name = catalog.region_name(desk, self.region)
        self.figures: Metrics | None = None
        self.town: metrics.TownMetrics | None = None
        self._job = 0

        self.picker = PeriodPicker(desk.today())
        self.busy = BusyLabel()
        self.refresh_button = QPushButton(self.tr("重新计算"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.cases_button = QPushButton(self.tr("导出办件清单"))
        self.cases_button.setToolTip(self.tr("本期登记的办件, 身份证号已脱敏"))
        self.help_button = QPushButton(self.tr("指标说明"))
        self.help_button.setToolTip(self.tr("每个指标怎么算"))
        self.help_dialog: MetricHelpDialog | None = None
        top = QHBoxLayout()  # the title and the period on one row, the buttons on the next: in English
        top.addWidget(title_label(self.tr("统计") + " — " + self.region_name))  # one row was wider than 1024
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.picker)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for b in (self.refresh_button, self.xlsx_button, self.pdf_button, self.cases_button, self.help_button):
            actions.addWidget(b)
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        if self.is_town:
            self._build_town(layout)
        else:
            self._build_village(layout)

        self.picker.changed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.cases_button.clicked.connect(lambda: self._ask_export("cases"))
        self.help_button.clicked.connect(self.show_help)

    def show_help(self) -> MetricHelpDialog:
        """The definitions of every metric, in a panel that can stay open beside the figures."""
        if self.help_dialog is None:
            self.help_dialog = MetricHelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        return self.help_dialog

    # --- layout -----------------------------------------------------------------------------------

    def _build_village(self, layout: QVBoxLayout) -> None:
        cards = QGridLayout()
        self.cards: dict[str, QLabel] = {}
        for n, key in enumerate(HEADLINE):
            box = QGroupBox()
            inner = QGridLayout(box)
            name = QLabel(metric_name(key))
            value = QLabel("—")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            value.setToolTip(metric_words.definition(key))
            inner.addWidget(name, 0, 0)
            inner.addWidget(HelpButton(metric_words.definition(key)), 0, 1, Qt.AlignmentFlag.AlignRight)
            inner.addWidget(value, 1, 0, 1, 2)
            cards.addWidget(box, n // 3, n % 3)
            self.cards[key] = value
        layout.addLayout(cards)
        body = QHBoxLayout()
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("指标"), self.tr("数值")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setToolTip(self.tr("指向指标名称可看口径说明"))
        self.chart = BarChart()
        self.state_chart = BarChart()  # where the month's cases stand now
        holder = QWidget()
        charts = QVBoxLayout(holder)
        charts.setContentsMargins(0, 0, 0, 0)
        charts.addWidget(self.chart)
        charts.addWidget(self.state_chart)
        charts.addStretch(1)
        scroll = QScrollArea()  # two charts of a busy month are taller than a 768-pixel screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        body.addWidget(self.table, 1)
        body.addWidget(scroll, 1)
        layout.addLayout(body, 1)

    def _build_town(self, layout: QVBoxLayout) -> None:
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.metric_box = QComboBox()
        for key in CHARTABLE:
            self.metric_box.addItem(metric_name(key), key)
        self.metric_box.setCurrentIndex(self.metric_box.findData("on_time_rate"))
        self.metric_help = HelpButton(metric_words.definition("on_time_rate"))
        pick = QHBoxLayout()
        if self.is_city:  # the city's towns, or one town's villages (drill-down)
            self.drill = town_box(self, self.tr("全市各镇"))
            self.drill.setToolTip(self.tr("选一个乡镇看其各村; 在表中某镇一行按回车或双击也可"))
            pick.addWidget(QLabel(self.tr("乡镇")))
            pick.addWidget(self.drill)
            self.drill.currentIndexChanged.connect(lambda _i: self.refresh())
            self.table.cellDoubleClicked.connect(lambda row, _col: self.drill_into(row))
            self.table.installEventFilter(self)
        pick.addWidget(QLabel(self.tr("图表指标")))
        pick.addWidget(self.metric_box)
        pick.addWidget(self.metric_help)
        pick.addStretch(1)
        self.chart = BarChart()
        layout.addWidget(self.table, 3)
        layout.addLayout(pick)
        layout.addWidget(self.chart, 2)
        self.metric_box.currentIndexChanged.connect(lambda _i: self._draw_town_chart())

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        period = self.picker.period()
        self.busy.set_busy(True)
        for b in (self.refresh_button, self.xlsx_button, self.pdf_button, self.cases_button):
            b.setEnabled(False)
        fn = metrics.town if self.is_town else metrics.village
        code = self.region
        if self.is_city:
            code = self.drill.currentData() or self.region
            fn = metrics.town if code != self.region else metrics.city
        self._job += 1
        job = self._job  # a later refresh supersedes this one: its answer is then dropped

        def done(result: object) -> None:
            if job == self._job:
                self._show(result)

        def failed(err: object) -> None:
            if job == self._job:
                self._failed(err)

        self.runner.read(fn, self.desk, code, period, on_done=done, on_error=failed)

    def drill_into(self, row: int) -> None:
        """A town's row of the city's table opens that town's villages (row 0 is the city's total)."""
        if self.town is None or not self.town.is_city or row < 1:
            return
        codes = list(self.town.villages)
        if row - 1 < len(codes):
            self.drill.setCurrentIndex(self.drill.findData(codes[row - 1]))

    def eventFilter(self, watched, event) -> bool:
        """Enter on a town's row of the city's table drills into it (the keyboard's double-click)."""
        enter = event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.table and enter and self.is_city and self.table.currentRow() >= 1:
            self.drill_into(self.table.currentRow())
            return True
        return super().eventFilter(watched, event)

    def _done(self) -> None:
        self.busy.set_busy(False)
        for b in (self.refresh_button, self.xlsx_button, self.pdf_button, self.cases_button):
            b.setEnabled(True)

    def _failed(self, err: object) -> None:
        self._done()
        if isinstance(err, ValidationError) and err.field == "region_code":
            # a PC whose region is no village (the city's): the service's sentence was Chinese only
            self.status.setText(self.tr("这里的统计按村(社区)计算: 本机的地区不是村(社区)"))
            return
        self.status.setText(refusal_text(err) or self.tr("统计失败, 详情已写入日志"))

    def _show(self, result: object) -> None:
        self._done()
        if isinstance(result, metrics.TownMetrics):
            self.town, self.figures = result, result.total
            if result.is_city:  # the towns the city's figures name, for the drill-down chooser
                fill_towns(self.drill, [(c, result.names.get(c, c)) for c in result.villages], self.tr("全市各镇"))
            self._show_town(result)
        else:
            assert isinstance(result, Metrics)
            self.figures = result
            self._show_village(result)
        f = self.figures
        self.status.setText(
            self.tr("%1, 数据截至 %2").replace("%1", period_text(f.period)).replace("%2", f.as_of.isoformat())
        )
        self.loaded.emit()

    def _show_village(self, f: Metrics) -> None:
        rows = metric_words.rows(f)  # names and worded values in the UI's language
        texts = {k: v for k, _, v in rows}
        for key, label in self.cards.items():
            label.setText(texts[key])
        self.table.setRowCount(len(rows))
        for n, (key, name, value) in enumerate(rows):
            self.table.setItem(n, 0, _item(name, metric_words.definition(key)))
            self.table.setItem(n, 1, _item(value, metric_words.definition(key)))
        # the figures name categories and states in Chinese (snapshots and exports keep them): worded here
        items = sorted(f.by_category.items(), key=lambda kv: -kv[1])
        self.chart.set_data(
            self.tr("按事项类别的办件数"),
            [(case_words.category_word(k), float(v), str(v)) for k, v in items],
            empty_text=self.tr("本期没有办件"),
        )
        states = sorted(f.by_state.items(), key=lambda kv: -kv[1])
        self.state_chart.set_data(
            self.tr("本期登记办件的当前状态"),
            [(label_name(k), float(v), str(v)) for k, v in states],
            empty_text=self.tr("本期没有办件"),
        )

    def value_texts(self) -> dict[str, str]:
        """What the table shows, by metric key (the tests compare it with services.metrics)."""
        out = {}
        for n in range(self.table.rowCount()):
            key = key_of(self.table.item(n, 0).text())
            if key is not None:
                out[key] = self.table.item(n, 1).text()
        return out

    def _show_town(self, town: metrics.TownMetrics) -> None:
        keys = list(METRIC_DEFINITIONS)
        self.table.clear()
        self.table.setColumnCount(1 + len(keys))
        self.table.setRowCount(1 + len(town.villages))
        for c, key in enumerate(keys, start=1):
            head = QTableWidgetItem(metric_name(key))
            head.setToolTip(metric_words.definition(key))
            self.table.setHorizontalHeaderItem(c, head)
        unit = self.tr("乡镇") if town.is_city else self.tr("村(社区)")
        self.table.setHorizontalHeaderItem(0, QTableWidgetItem(unit))
        lines = [(self.tr("全市合计") if town.is_city else self.tr("全镇合计"), town.total)]
        lines += [(town.names.get(code, code), f) for code, f in town.villages.items()]
        for r, (name, f) in enumerate(lines):
            self.table.setItem(r, 0, _item(name))
            for c, (_key, _label, value) in enumerate(metric_words.rows(f), start=1):
                self.table.setItem(r, c, _item(value))
        self.table.resizeColumnsToContents()
        self._draw_town_chart()

    def _draw_town_chart(self) -> None:
        key = self.metric_box.currentData()
        self.metric_help.setToolTip(metric_words.definition(key))
        if self.town is None:
            return
        items = []
        for code, f in self.town.villages.items():
            value = metric_number(f, key)
            text = dict((k, v) for k, _, v in f.rows())[key].split(" (")[0]
            items.append((self.town.names.get(code, code), value, text))
        ratio = hasattr(getattr(self.town.total, key), "den")
        title = self.tr("各镇对比: %1") if self.town.is_city else self.tr("各村对比: %1")
        self.chart.set_data(
            title.replace("%1", metric_name(key)),
            items,
            maximum=100.0 if ratio else None,
        )

    # --- exports ----------------------------------------------------------------------------------

    def _ask_export(self, kind: str) -> None:
        if self.figures is None:
            return
        stem = f"{self._shown_name()}-{self.figures.period.label}"
        if kind == "pdf":
            path = ask_save_path(self, self.tr("导出 PDF"), f"{stem}-统计.pdf", "PDF (*.pdf)")
        else:
            name = f"{stem}-{'办件清单' if kind == 'cases' else '统计'}.xlsx"
            path = ask_save_path(self, self.tr("导出 Excel"), name, "Excel (*.xlsx)")
        if path is not None:
            self.export(kind, path)

    def _shown_code(self) -> str:
        """The region the figures shown are of: this PC's, or the town the city drilled into."""
        return self.town.town_code if self.is_city and self.town is not None else self.region

    def _shown_name(self) -> str:
        code = self._shown_code()
        return self.region_name if code == self.region else self.drill.currentText()

    def export(self, kind: str, path: Path) -> None:
        """Write the export (xlsx | pdf | cases); xlsx files are written on the task runner."""
        f = self.figures
        assert f is not None
        done = lambda p: self.status.setText(self.tr("已导出: %1").replace("%1", str(p)))  # noqa: E731
        fail = lambda err: self.status.setText(refusal_text(err))  # noqa: E731
        if kind == "pdf":
            try:
                if self.town is not None:
                    doc = town_document(self.town, self._shown_name())
                else:
                    doc = report_pdf.metrics_document(f, self.region_name)
                units = "各镇" if self.town is not None and self.town.is_city else "各村"
                kind_name = f"{units}统计对比" if self.town is not None else "统计指标"
                report_pdf.write_pdf(path, doc, exports.pdf_audit(self.desk, kind_name, f.period.label))
            except Exception as err:  # a full disk or a bad name: tell the user, keep the page
                fail(err)
                return
            done(path)
        elif kind == "cases":
            code = self._shown_code()
            flt = queries.CaseFilter(village=code, registered_from=f.period.start, registered_to=f.period.end)
            title = f"{self._shown_name()} {f.period.label} 办件清单"
            self.runner.write(exports.cases_xlsx, self.desk, path, flt, title, on_done=done, on_error=fail)
        elif self.town is not None:
            self.runner.write(
                exports.town_xlsx, self.desk, path, self.town, self._shown_name(), on_done=done, on_error=fail
            )
        else:
            self.runner.write(exports.metrics_xlsx, self.desk, path, f, self.region_name, on_done=done, on_error=fail)


PDF_COLUMNS = (
    "cases",
    "on_time_rate",
    "submitted_in_window",
    "return_rate",
    "city_return_rate",  # each level's returns in its own column: the city's 补正 is not the town's
    "good_review_rate",
    "overdue_open",
)


def town_document(town: metrics.TownMetrics, town_name: str) -> report_pdf.PdfDocument:
    """The town's comparison on A4: the key metrics per village (all of them are in the Excel export); the
    city's per town."""
    unit, whole, units = ("乡镇", "全市合计", "各镇") if town.is_city else ("村(社区)", "全镇合计", "各村")
    header = [unit, *[METRIC_LABELS[k] for k in PDF_COLUMNS]]
    lines = [(whole, town.total)] + [(town.names.get(c, c), f) for c, f in town.villages.items()]
    rows = [[name, *[dict((k, v) for k, _, v in f.rows())[k] for k in PDF_COLUMNS]] for name, f in lines]
    widths = [0.14, 0.08, 0.14, 0.14, 0.13, 0.13, 0.14, 0.1]
    notes = "\n".join(METRIC_DEFINITIONS[k] for k in PDF_COLUMNS)
    period = town.total.period
    return report_pdf.PdfDocument(
        f"{town_name} {period.label} {units}工作统计对比",
        [f"数据截至 {town.total.as_of.isoformat()}"],
        [(f"{units}对比", report_pdf.PdfTable(header, rows, widths)), ("指标口径", notes)],
    )
