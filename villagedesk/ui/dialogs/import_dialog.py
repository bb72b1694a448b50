"""从表格导入: a roster (花名册) previewed as it will be read before anything is written.

The dialog shows the header row found, what each column is read as (or 已忽略), the first rows with each
problem beside its row, and the counts of the whole file; only then does 导入 register the cases. Reading
and checking run on the read pool, the import on the write pool (``services.importer``).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError
from villagedesk.services import importer
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import file_dialogs
from villagedesk.ui.error_words import error_text, known, refusal_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel
from villagedesk.ui.widgets.date_field import DateField, refused

PREVIEW_ROWS = 20

# Our template's column headers (``importer.COLUMNS``), which the preview shows beside the file's own
HEADER_WORDS = (
    QT_TRANSLATE_NOOP("ImportDialog", "事项编码"),
    QT_TRANSLATE_NOOP("ImportDialog", "姓名"),
    QT_TRANSLATE_NOOP("ImportDialog", "身份证号"),
    QT_TRANSLATE_NOOP("ImportDialog", "联系电话"),
    QT_TRANSLATE_NOOP("ImportDialog", "村民小组"),
    QT_TRANSLATE_NOOP("ImportDialog", "住址"),
    QT_TRANSLATE_NOOP("ImportDialog", "委托书已签"),
    QT_TRANSLATE_NOOP("ImportDialog", "登记日期"),
    QT_TRANSLATE_NOOP("ImportDialog", "缺少材料"),
    QT_TRANSLATE_NOOP("ImportDialog", "备注"),
    QT_TRANSLATE_NOOP("ImportDialog", "性别"),
)
IGNORED = QT_TRANSLATE_NOOP("ImportDialog", "已忽略")


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportReport, after cases were registered

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.setWindowTitle(self.tr("从表格导入"))
        self.resize(980, 560)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("花名册文件(.xlsx 或 .csv)"))
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._browse)
        self.item = QLineEdit()
        self.item.setPlaceholderText(self.tr("整份名单的事项编码, 如 JY017(可不填)"))
        self.item.setMaxLength(32)
        self.mandate = QCheckBox(self.tr("名单上的人都已签委托书"))
        self.use_date = QCheckBox(self.tr("登记日期"))
        today = desk.today()
        self.date = DateField(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setEnabled(False)
        self.use_date.toggled.connect(self.date.setEnabled)
        self.allow_duplicates = QCheckBox(self.tr("已有在办同一事项的也登记"))
        self.preview_button = QPushButton(self.tr("预览"))
        self.preview_button.clicked.connect(self.load_preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = ErrorLabel()
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()  # the 行号 column is the row as Excel numbers it
        self.table.horizontalHeader().setStretchLastSection(True)  # 问题: the widest
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("导入"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        date_row = QHBoxLayout()
        date_row.addWidget(self.use_date)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("文件"), file_row)
        form.addRow(self.tr("事项"), self.item)
        form.addRow("", self.mandate)
        form.addRow("", date_row)
        form.addRow("", self.allow_duplicates)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        for edit in (self.path, self.item):
            edit.textChanged.connect(lambda _t: self.ok.setEnabled(False))  # preview again first
        for box in (self.mandate, self.use_date, self.allow_duplicates):
            box.toggled.connect(lambda _c: self.ok.setEnabled(False))

    def _browse(self) -> None:
        name = file_dialogs.open_file(
            self, self.tr("选择花名册"), "", self.tr("表格 (*.xlsx *.csv *.txt);;所有文件 (*)")
        )
        if name:
            self.path.setText(name)

    def _defaults(self) -> importer.Defaults:
        picked = self.date.date()
        return importer.Defaults(
            item_code=self.item.text().strip().upper(),
            mandate_signed=True if self.mandate.isChecked() else None,
            registered_on=picked.toPython() if self.use_date.isChecked() else None,
        )

    def load_preview(self) -> None:
        if not self.path.text().strip():
            self.error.show_error(self.tr("请选择要导入的文件"))
            return
        wrong = refused(self.date) if self.use_date.isChecked() else ""
        if wrong:
            self.error.show_error(wrong)
            return
        self.error.show_error("")
        self.preview_button.setEnabled(False)
        self.ok.setEnabled(False)
        args = (self.desk, Path(self.path.text().strip()), self._defaults(), self.allow_duplicates.isChecked())
        self.runner.read(importer.preview, *args, PREVIEW_ROWS, on_done=self._show, on_error=self._failed)

    def _show(self, shown: importer.Preview) -> None:
        self.preview_button.setEnabled(True)
        report = shown.report
        self.table.clear()
        labels = [self.tr("行号")]
        labels += [f"{h}\n({self.meaning(m)})" if m and m != h else h for h, m in shown.columns]
        labels.append(self.tr("问题"))
        self.table.setColumnCount(len(labels))
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setRowCount(len(shown.rows))
        for r, row in enumerate(shown.rows):
            values = [str(row.number), *row.cells, "; ".join(map(self.problem_text, row.problems))]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if row.problems:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(r, c, item)
        lines = []
        if shown.header_row:
            lines.append(self.tr("表头在第 %1 行").replace("%1", str(shown.header_row)))
        lines += self.notes(report)
        if not report.rows:
            lines += [f"{p.row}: {self.column(p.column)} {error_text(p.message)}" for p in report.problems]
        if report.rows:
            counts = self.tr("共 %1 行: %2 行有问题, %3 行重复将跳过")
            counts = counts.replace("%1", str(report.rows)).replace("%2", str(report.bad_rows))
            lines.append(counts.replace("%3", str(len(report.duplicates))))
        self.summary.setText("\n".join(lines))
        self.ok.setEnabled(report.rows > 0 and report.bad_rows == 0)

    def meaning(self, header: str) -> str:
        """What a column of the file is read as (our template's header), in the UI language."""
        known = header == "已忽略" or header in HEADER_WORDS
        return QCoreApplication.translate("ImportDialog", header) if known else header

    def problem_text(self, problem: str) -> str:
        """A row's problem (``<the file's header>: <sentence>`` or ``重复: <sentence>``) in the UI
        language: the header is the file's own (data) or our template's (a column the file lacks), the
        sentence the importer's."""
        head, colon, rest = problem.partition(": ")
        if not colon or (known(problem) and not known(rest)):
            return error_text(problem)
        head = self.tr("重复") if head == "重复" else self.meaning(self.column(head))
        return f"{head}: {error_text(rest)}"

    def column(self, name: str) -> str:
        """A column a problem names: the file's own header (data), or 第N列 for one without a header."""
        found = re.fullmatch(r"第(\d+)列", name)
        return self.tr("第%1列").replace("%1", found.group(1)) if found else name

    def notes(self, report: importer.ImportReport) -> list[str]:
        """``ImportReport.notes`` in the UI language (the command line prints the Chinese)."""
        lines = []
        if report.ignored_columns:
            lines.append(self.tr("已忽略的列: %1").replace("%1", ", ".join(report.ignored_columns)))
        if report.skipped:
            rows = ", ".join(self.tr("第%1行").replace("%1", str(p.row)) for p in report.skipped)
            lines.append(self.tr("已跳过表尾行: %1(合计/签名行, 不是办件)").replace("%1", rows))
        return lines

    def summary_text(self, report: importer.ImportReport) -> str:
        """``ImportReport.summary`` in the UI language, for what the dialog can show (no --skip-invalid)."""
        if report.rows == 0 and report.problems:
            text = self.tr("未导入任何办件: 表头有 %1 个问题, 没有读取任何数据行。请改正表头后重新导入")
            return text.replace("%1", str(len(report.problems)))
        if not report.problems:
            text = self.tr("导入完成: 共 %1 行, 已登记 %2 件办件").replace("%1", str(report.rows))
            text = text.replace("%2", str(len(report.imported)))
            dup = self.tr(", %1 行重复未登记").replace("%1", str(len(report.duplicates)))
            return text + (dup if report.duplicates else "")
        text = self.tr("未导入任何办件: %1 行中有 %2 行有问题(共 %3 个)。请改正后重新导入")
        text = text.replace("%1", str(report.rows)).replace("%2", str(report.bad_rows))
        return text.replace("%3", str(len(report.problems)))

    def run_import(self) -> None:
        self.ok.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.runner.write(
            importer.import_file,
            self.desk,
            Path(self.path.text().strip()),
            defaults=self._defaults(),
            allow_duplicates=self.allow_duplicates.isChecked(),
            on_done=self._imported,
            on_error=self._failed,
        )

    def _imported(self, report: importer.ImportReport) -> None:
        self.preview_button.setEnabled(True)
        self.summary.setText(self.summary_text(report))
        self.imported.emit(report)

    def _failed(self, err: object) -> None:
        self.preview_button.setEnabled(True)
        message = refusal_text(err) if isinstance(err, (DomainError, OSError)) else self.tr("读取文件时出错, 详见日志")
        self.error.show_error(message)
