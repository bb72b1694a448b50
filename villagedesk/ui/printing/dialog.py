"""打印: the agent picks a form (受理回执 / 一次性告知单 / 委托书) and where it goes (preview, printer, PDF).

``print_case(parent, desk, case_id)`` is what the case page's 打印 button calls (see ui/printing/print_hook.py).
Reading one case is a few milliseconds and drawing a form well under a second, so both stay on the GUI
thread; nothing here writes to the database.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError
from villagedesk.services import audit, catalog, public_link, queries
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.printing import documents as docs
from villagedesk.ui.printing import pdf_choice
from villagedesk.ui.printing.output import (
    Document,
    Paper,
    PrintError,
    document_label,
    paper_label,
    preview_dialog,
    to_pdf,
    to_printer,
)

FORMS = ("receipt", "notice", "mandate")


def office_for(desk: Desk, village_code: str, hotline: str = "") -> docs.Office:
    """The issuing service point: the case's village station, with the hotline from 设置."""
    return docs.Office(catalog.station_name(desk, village_code), hotline)


def printer_and_hotline(desk: Desk, chosen: str = "") -> tuple[str, str]:
    """(printer, hotline to print): the printer from 设置; the hotline ``chosen`` (``print --hotline``), else
    设置's, else the town's published one, else 12345 (``public_link.hotline``, as the public page shows)."""
    printer = ""
    name = "villagedesk.services.preferences"
    if importlib.util.find_spec(name) is not None:
        prefs = importlib.import_module(name).load(desk)
        printer, chosen = prefs.printer, chosen or prefs.hotline
    with desk.store.read() as s:
        return printer, public_link.hotline(s, chosen)


class PrintDialog(QDialog):
    def __init__(self, parent: QWidget | None, desk: Desk, case_id: str) -> None:
        super().__init__(parent)
        self.desk = desk
        self.printer, hotline = printer_and_hotline(desk)
        masked = queries.detail(desk, case_id)
        # the mandate is signed, so it shows the full ID: recorded when it is printed, not when this opens
        full = queries.detail(desk, case_id, reveal_id=True, record_view=False)
        office = office_for(desk, masked.row.village_code, hotline)
        self.documents: dict[str, Document | None] = {
            "receipt": docs.receipt_from(masked, office),
            "mandate": docs.mandate_from(full, office),
        }
        self.why_not: dict[str, str] = {}
        try:
            plan = None
            try:
                code = str(masked.registered.get("item_code", ""))
                plan = catalog.plan(desk, code, on=masked.row.registered_on) if code else None
            except (DomainError, ValueError):
                plan = None  # the item left the catalog: print without the copies column
            self.documents["notice"] = docs.notice_from(masked, office, plan)
        except docs.NothingToNotify:
            self.documents["notice"] = None
            self.why_not["notice"] = self.tr("该办件没有缺少的材料")
        self.setWindowTitle(self.tr("打印 - %1").replace("%1", masked.row.case_no))

        labels = {"receipt": self.tr("受理回执"), "notice": self.tr("一次性告知单"), "mandate": self.tr("委托书")}
        self.choice = QButtonGroup(self)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        column = QVBoxLayout()
        self.radios: dict[str, QRadioButton] = {}
        for key in FORMS:
            radio = QRadioButton(labels[key])
            radio.setEnabled(self.documents[key] is not None)
            radio.setToolTip(self.why_not.get(key, ""))
            self.choice.addButton(radio)
            self.radios[key] = radio
            column.addWidget(radio)
        self.radios["receipt"].setChecked(True)
        form.addRow(self.tr("单据"), column)
        self.paper = QComboBox()
        for paper in Paper:
            self.paper.addItem(paper_label(paper), paper.value)
        form.addRow(self.tr("纸张"), self.paper)
        self.no_printer = not pdf_choice.printers_installed()
        if self.no_printer:
            printer_text = self.tr("本机没有安装打印机: 可保存为 PDF, 到有打印机的电脑上打印")
        else:
            printer_text = self.printer or self.tr("未设置(打印前在预览中选择)")
        form.addRow(self.tr("打印机"), QLabel(printer_text))
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton(self.tr("预览…"))
        self.print_button = QPushButton(self.tr("打印"))
        self.pdf_button = QPushButton(self.tr("保存为 PDF…"))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setAutoDefault(False)  # Enter in a field: the default below (on a button: that one)
        if self.no_printer:
            # Enter opens the save dialog (name and folder shown, 保存 writes): Qt's print dialog on a PC
            # without a printer wrote ~/print.pdf on a stray Enter
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(self.tr("本机没有安装打印机"))
            self.pdf_button.setDefault(True)
            self.pdf_button.setFocus()
        else:
            self.print_button.setDefault(True)  # Ctrl+P then Enter prints; it closed the dialog unprinted
            self.print_button.setFocus()
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_now)
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.choice.buttonToggled.connect(self._sync_paper)
        self._sync_paper()
        self.preview_window: QDialog | None = None
        self.pdf_chooser: QDialog | None = None

    # --- state -------------------------------------------------------------------------------------

    def selected(self) -> str:
        return next(key for key, radio in self.radios.items() if radio.isChecked())

    def select(self, key: str) -> None:
        self.radios[key].setChecked(True)

    def paper_choice(self) -> Paper:
        return Paper(self.paper.currentData())

    def _sync_paper(self, *_: object) -> None:
        """Only the receipt fits an 80 mm roll; the other forms carry signatures and go on A4."""
        receipt = self.selected() == "receipt"
        if not receipt:
            self.paper.setCurrentIndex(self.paper.findData(Paper.A4.value))
        self.paper.setEnabled(receipt)

    def _audit(self, target: str) -> None:
        """Every print and PDF reaches the audit trail (the mandate carries the full ID number)."""
        audit.record_print(self.desk, self.selected(), self._document().case_no, target)

    def _document(self) -> Document:
        doc = self.documents[self.selected()]
        assert doc is not None  # its radio button is disabled otherwise
        return doc

    def _done(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(text)

    # --- actions -----------------------------------------------------------------------------------

    def preview(self) -> None:
        try:
            self.preview_window = preview_dialog(
                self._document(), self.paper_choice(), self, self.printer, save_pdf=self.ask_pdf
            )
        except PrintError as err:
            self._done(str(err), error=True)
            return
        self.preview_window.open()

    def print_now(self) -> None:
        if self.no_printer:
            self.ask_pdf()  # never Qt's print dialog: it prints to ~/print.pdf
            return
        if not self.printer:
            self.preview()  # the preview's own print button lets the agent pick a printer
            return
        try:
            to_printer(self._document(), self.printer, self.paper_choice())
        except PrintError as err:
            self._done(str(err), error=True)
            return
        self._audit(self.printer)
        self._done(self.tr("已发送到打印机 %1").replace("%1", self.printer))

    def ask_pdf(self) -> QDialog:
        """The save dialog (window-modal): ``受理回执-<办件号>.pdf`` in Documents; 保存 writes it."""
        doc = self._document()
        name = pdf_choice.pdf_name(document_label(doc), doc.case_no)
        parent = self.preview_window if self.preview_window is not None and self.preview_window.isVisible() else self
        self.pdf_chooser = pdf_choice.ask_pdf(parent, self.desk, name, self.save_pdf, self.tr("保存为 PDF"))
        return self.pdf_chooser

    def save_pdf(self, path: Path) -> bool:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            to_pdf(self._document(), path, self.paper_choice())
        except OSError as err:  # the OS's English words never: which folder, in the UI's language
            self._done(refusal_text(err), error=True)
            return False
        except PrintError as err:
            self._done(str(err), error=True)
            return False
        self._audit(path.name)
        self._done(self.tr("已保存到 %1").replace("%1", str(path)))
        return True


def print_case(parent: QWidget | None, desk: Desk, case_id: str) -> PrintDialog:
    """Open the print choice for one case (window-modal, returns at once)."""
    dialog = PrintDialog(parent, desk, case_id)
    dialog.open()
    return dialog
