"""工作进展报送 村→镇: the agent generates the month's report from the data, adds remarks and submits it;
the town clerk sees the submitted reports and accepts them or returns them with a reason.

The shared report page (``report_review_page.py``) at the village's level, through
``services.progress_reports``, with the report's Excel and PDF exports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from villagedesk.domain.lifecycle import Role
from villagedesk.domain.progress_report import ReportView, report_id
from villagedesk.services import catalog, exports, progress_reports
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.pages.report_review_page import ReportReviewPage, report_period
from villagedesk.ui.printing import report_pdf
from villagedesk.ui.widgets.report_widgets import ask_save_path


class ReportsPage(ReportReviewPage):
    service = progress_reports
    reviewer_role = Role.CLERK

    @property
    def is_town(self) -> bool:
        return self.is_reviewer

    def words(self) -> dict[str, str]:
        return {
            "title": self.tr("工作进展报送"),
            "review_title": self.tr("工作进展报送审核"),
            "generate": self.tr("根据数据生成所选月份报告"),
            "region": self.tr("村(社区)"),
            "figures": self.tr("指标"),
            "placeholder": self.tr("情况说明: 本月工作亮点、存在问题和下月打算"),
            "submit": self.tr("报送镇中心"),
            "not_generated": self.tr("所选月份的报告尚未生成, 请点「根据数据生成所选月份报告」"),
            "returned": self.tr("镇中心 %1 退回: %2"),
            "accepted": self.tr("镇中心 %1 已通过"),
            "waiting": self.tr("已于 %1 报送, 等待镇中心审核"),
            "draft": self.tr("草稿: 尚未报送镇中心"),
        }

    def region_names(self) -> dict[str, str]:
        return {r.code: r.name for r in catalog.regions(self.desk, level="village")}

    def own_report_id(self, year: int, month: int) -> str:
        return report_id(self.desk.identity.region_code, year, month)

    def extra_buttons(self) -> list[QPushButton]:
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        return [self.xlsx_button, self.pdf_button]

    def show_extra(self, r: ReportView | None) -> None:
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(r is not None)

    def submit(self) -> None:
        """报送 asks first, naming the month; an empty 情况说明 is said out loud, not sent silently."""
        r = self.current
        if r is None:
            return
        remarks = self.remarks.toPlainText()
        village = catalog.region_name(self.desk, self.desk.identity.region_code)
        text = self.tr("把%1 %2的工作进展报送镇中心?").replace("%1", village).replace("%2", report_period(r))
        detail = (
            self.tr("情况说明还没有填写。镇中心会看到一份没有说明的报告。")
            if not remarks.strip()
            else self.tr("报送后, 镇中心退回之前不能再修改。")
        )
        self.confirmation = confirm.ask(
            self,
            self.tr("报送镇中心"),
            text,
            self.tr("报送"),
            lambda: self._write(progress_reports.submit, r.year, r.month, remarks),
            detail,
        )

    # --- exports ----------------------------------------------------------------------------------

    def _ask_export(self, kind: str) -> None:
        r = self.current
        if r is None:
            return
        stem = f"{self.names.get(r.partition, r.partition)}-{r.period_label}-工作进展报送"
        pattern = "PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)"
        path = ask_save_path(self, self.tr("导出"), f"{stem}.{kind}", pattern)
        if path is not None:
            self.export(kind, path)

    def export(self, kind: str, path: Path) -> None:
        r = self.current
        assert r is not None
        center = self.names.get(r.partition, r.partition)
        done = lambda p: self.status.setText(self.tr("已导出: %1").replace("%1", str(p)))  # noqa: E731
        if kind == "pdf":
            try:
                doc = report_pdf.progress_report_document(r, center)
                report_pdf.write_pdf(path, doc, exports.pdf_audit(self.desk, "工作进展报送", r.period_label))
            except Exception as err:  # a full disk or a bad name: tell the user, keep the page
                self.error.show_error(refusal_text(err))
                return
            done(path)
        else:
            self.runner.write(exports.report_xlsx, self.desk, path, r, center, on_done=done, on_error=self._failed)
