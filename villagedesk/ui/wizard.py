"""First run: who uses this PC (village agent or town clerk), the town and village, then the account.

On a profile already set up headless (``villagedesk setup --role clerk …``) only the account page is
shown, for the role and region set there: a town clerk's profile never gets the village wizard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, audit, catalog, firstrun
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors
from villagedesk.ui.error_words import field_messages
from villagedesk.ui.printing.output import file_stamp, mend_after, pdf_target
from villagedesk.ui.widgets.common import ErrorLabel

NEW_VILLAGE = "__new__"


class FirstRunWizard(QWizard):
    def __init__(self, desk: Desk, parent=None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.account = None
        self.code_dialog: RecoveryCodeDialog | None = None  # the first account's recovery code, shown once
        self.setWindowTitle(self.tr("首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        catalog.seed_reference_data(desk)
        self.errors: dict[str, ErrorLabel] = {}
        self.preset = desk.is_set_up()  # ``setup`` already chose role and region: only the account is left

        role_page = QWizardPage()
        role_page.setTitle(self.tr("谁使用这台电脑"))
        self.agent_radio = QRadioButton(self.tr("村代办员 (村便民服务站)"))
        self.clerk_radio = QRadioButton(self.tr("镇中心工作人员 (乡镇便民服务中心)"))
        self.city_radio = QRadioButton(self.tr("市级审批服务中心工作人员 (市民之家)"))
        self.agent_radio.setChecked(True)
        self.role_group = QButtonGroup(self)
        role_box = QVBoxLayout(role_page)
        for radio in (self.agent_radio, self.clerk_radio, self.city_radio):
            self.role_group.addButton(radio)
            role_box.addWidget(radio)
        role_hint = QLabel(
            self.tr("市级中心办理各镇转报的市级事项; 镇中心受理各村报送的办件; 村代办员为群众登记和代办。")
        )
        role_hint.setWordWrap(True)
        role_box.addWidget(role_hint)
        role_box.addStretch(1)

        region = QWizardPage()
        self.region_page = region  # titled by the role (``_role_chosen``): a clerk picks the town
        self.town = QComboBox()
        for r in catalog.regions(desk):
            if r.level in ("town", "street"):
                self.town.addItem(f"{r.name} ({r.code})", r.code)
        self._parents: dict[str, str] = {}  # village code → its town, for the villages listed now
        self.village_search = QLineEdit()  # 村名 or its pinyin initials, across every town of the list
        self.village_search.setPlaceholderText(self.tr("输入村名或拼音首字母查找, 如 zmc"))
        self.village_search.setClearButtonEnabled(True)
        self.village_search.textChanged.connect(lambda _t: self._load_villages())
        self.village = QComboBox()
        self.village_code = QLineEdit()
        self.village_code.setMaxLength(12)
        self.village_name = QLineEdit()
        form = QFormLayout(region)
        self.region_form = form
        form.addRow(self.tr("乡镇(街道)"), self._boxed("town_code", self.town))
        form.addRow(self.tr("查找村"), self.village_search)
        form.addRow(self.tr("村(社区)"), self.village)
        form.addRow(self.tr("村级区划代码"), self._boxed("village_code", self.village_code))
        form.addRow(self.tr("村名称"), self._boxed("village_name", self.village_name))
        self.village_hint = QLabel(self.tr("目录中没有本村时, 请选择「其他」并填写12位代码和村名"))
        self.village_hint.setWordWrap(True)
        form.addRow(self.village_hint)

        account = QWizardPage()
        self.account_page = account
        self.display_name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form2 = QFormLayout(account)
        form2.addRow(self.tr("姓名"), self._boxed("display_name", self.display_name))
        form2.addRow(self.tr("登录名"), self._boxed("username", self.username))
        form2.addRow(self.tr("密码"), self._boxed("password", self.password))
        form2.addRow(self.tr("再次输入密码"), self._boxed("password_again", self.password_again))
        self.general = ErrorLabel()
        form2.addRow(self.general)

        if not self.preset:
            self.addPage(role_page)
            self.addPage(region)
        self._kept = (role_page, region)  # unused when preset: kept alive so their widgets stay valid
        self.addPage(account)
        self.town.currentIndexChanged.connect(lambda _i: self._load_villages())
        self.village.currentIndexChanged.connect(lambda _i: self._village_chosen())
        self.role_group.buttonToggled.connect(lambda *_a: self._role_chosen())
        self._load_villages()
        self._role_chosen()

    def role(self) -> Role:
        if self.preset:
            return self.desk.identity.role
        if self.city_radio.isChecked():
            return Role.CITY
        return Role.CLERK if self.clerk_radio.isChecked() else Role.AGENT

    def _role_chosen(self) -> None:
        """A town PC serves the town itself (a city PC the city of the chosen town): the village rows go
        away, the account is a clerk's."""
        role = self.role()
        clerk = role in (Role.CLERK, Role.CITY)
        for row in (1, 2, 3):
            self.region_form.setRowVisible(row, not clerk)
        self.village_hint.setVisible(not clerk)
        if role is Role.CITY:
            self.region_page.setTitle(self.tr("所属市 (选择本市的任一乡镇)"))
        else:
            self.region_page.setTitle(self.tr("所属乡镇(街道)") if clerk else self.tr("所属村(社区)"))
        if role is Role.CITY:
            title = self.tr("市级审批服务中心账号")
        else:
            title = self.tr("镇中心工作人员账号") if clerk else self.tr("代办员账号")
        if self.preset:
            place = catalog.region_name(self.desk, self.desk.identity.region_code)
            title += " — " + place
        self.account_page.setTitle(title)

    def _boxed(self, key: str, widget) -> QVBoxLayout:
        self.errors[key] = ErrorLabel()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(self.errors[key])
        return box

    def _load_villages(self) -> None:
        """The chosen town's villages; while 查找村 holds text, the villages of any town it matches."""
        query = self.village_search.text().strip().lower()
        if query:
            rows = [r for r in catalog.regions(self.desk, level="village") if village_matches(r.name, query)]
        else:
            rows = catalog.regions(self.desk, level="village", parent=self.town.currentData())
        self._parents = {r.code: r.parent_code or "" for r in rows}
        self.village.blockSignals(True)
        self.village.clear()
        for r in rows:
            self.village.addItem(f"{r.name} ({r.code})", r.code)
        self.village.addItem(self.tr("其他(手工填写)"), NEW_VILLAGE)
        self.village.blockSignals(False)
        self._village_chosen()

    def _village_chosen(self) -> None:
        parent = self._parents.get(self.village.currentData() or "")
        if parent and parent != self.town.currentData():  # a village found by name: its town follows
            self.town.blockSignals(True)
            self.town.setCurrentIndex(max(0, self.town.findData(parent)))
            self.town.blockSignals(False)
        manual = self.village.currentData() == NEW_VILLAGE
        self.village_code.setEnabled(manual)
        self.village_name.setEnabled(manual)
        if not manual and self.village.currentData():
            self.village_code.setText(self.village.currentData())
        elif manual:
            self.village_code.setText((self.town.currentData() or "")[:9])

    def form(self) -> firstrun.FirstRun:
        return firstrun.FirstRun(
            self.town.currentData() or "",
            self.village_code.text(),
            self.village_name.text(),
            self.display_name.text(),
            self.username.text(),
            self.password.text(),
            self.password_again.text(),
            self.role(),
        )

    def accept(self) -> None:
        try:
            if self.preset:
                f = self.form()
                self.account = firstrun.account_only(
                    self.desk, f.display_name, f.username, f.password, f.password_again
                )
            else:
                self.account = firstrun.complete(self.desk, self.form())
        except FormErrors as err:
            fields = field_messages(err.by_field())
            for key, label in self.errors.items():
                label.show_error(fields.get(key, ""))
            if any(k in fields for k in ("town_code", "village_code", "village_name")):
                self.general.show_error(self.tr("请返回上一步检查所属村"))
            return
        # The account exists now: its recovery code is shown once (and may be printed) before the wizard
        # closes, as 人员账号 → 添加人员 does; only its hash is kept, so this is the one chance to note it.
        self.code_dialog = RecoveryCodeDialog(self.desk, self.account, self)
        self.code_dialog.finished.connect(lambda _result: QWizard.accept(self))
        self.code_dialog.open()


class RecoveryCodeDialog(QDialog):
    """The recovery code of an account just made: shown this once, with a button to print it on paper."""

    def __init__(self, desk: Desk, info: accounts.AccountInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.info = desk, info
        self.setWindowTitle(self.tr("恢复码"))
        self.code = QLabel(info.recovery_code)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.code.setFont(font)
        hint = QLabel(
            self.tr("只显示这一次: 请抄下或打印, 由 %1 本人保管。忘记密码时凭它在「人员账号」中重设, 用过一次即作废。")
            .replace("%1", info.display_name)
        )  # fmt: skip
        hint.setWordWrap(True)
        self.print_button = QPushButton(self.tr("打印恢复码"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.print_button.setAutoDefault(False)  # Enter means 已抄下, 继续, never 打印 again
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("已抄下, 继续"))
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        self.chooser: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("%1 (%2) 的恢复码:").replace("%1", info.display_name).replace("%2", info.username))
        )
        layout.addWidget(self.code)
        layout.addWidget(hint)
        layout.addWidget(self.print_button)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.print_button.clicked.connect(self.choose_printer)

    def choose_printer(self) -> None:
        """The printer choice; whatever it ends in, the focus (and Enter) go back to 已抄下, 继续: left on
        打印恢复码, the next Enter printed the code again."""
        from villagedesk.ui.printing import pdf_choice  # QtPrintSupport and the print code load on first print

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if not pdf_choice.printers_installed():  # Qt's dialog here wrote ~/print.pdf on a stray Enter
            name = pdf_choice.pdf_name(self.tr("恢复码"), self.info.username)
            self.chooser = pdf_choice.ask_pdf(
                self,
                self.desk,
                name,
                lambda path: self.print_to(pdf_choice.pdf_printer(printer, path)),
                self.tr("保存恢复码为 PDF(打印后请删除该文件)"),
            )
            self.chooser.finished.connect(lambda _r: QTimer.singleShot(0, self._focus_continue))
            return
        self.chooser = QPrintDialog(printer, self)
        self.chooser.accepted.connect(lambda *_: self.print_to(printer))
        self.chooser.finished.connect(lambda _r: QTimer.singleShot(0, self._focus_continue))
        QDialog.open(self.chooser)  # window-modal, not exec(): the print choice returns here

    def showEvent(self, event) -> None:
        """Opened with the focus on 已抄下, 继续: on 打印恢复码 (the first button of the layout) Enter, which
        presses the focused button (``enter_key``), opened the save dialog although 继续 looked default."""
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_continue)

    def _focus_continue(self) -> None:
        self.ok_button.setDefault(True)
        self.ok_button.setFocus()
        self.adjustSize()  # a status line added after printing wraps: the dialog grows, nothing is clipped

    def page_text(self) -> str:
        """What the slip says: whose code, the code, and how it is used (no password, nothing else)."""
        return "\n".join(
            (
                self.tr("村级便民代办台 恢复码"),
                self.tr("姓名: %1    登录名: %2")
                .replace("%1", self.info.display_name)
                .replace("%2", self.info.username),
                self.tr("恢复码: %1").replace("%1", self.info.recovery_code),
                self.tr("忘记密码时凭此码重设密码; 用过一次即作废。请本人妥善保管, 不要与电脑放在一起。"),
            )
        )

    def print_to(self, printer: QPrinter) -> None:
        """Print the slip; audited as a print of the recovery code (the detail never holds the code)."""
        page = QTextDocument()
        page.setPlainText(self.page_text())
        font = page.defaultFont()
        font.setPointSize(14)
        page.setDefaultFont(font)
        pdf = pdf_target(printer)  # 打印到 PDF: a name outside the BMP (𠮷) kept in the text layer
        before = file_stamp(pdf) if pdf is not None else None
        page.print_(printer)
        mend_after(printer, [self.page_text()], before)
        target = printer.printerName() or (printer.outputFileName().replace("\\", "/").rsplit("/", 1)[-1])
        audit.record(self.desk, audit.PRINT, f"恢复码: {self.info.username} → {target or '打印机'}")
        if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            self.status.setText(self.tr("已保存到 %1").replace("%1", printer.outputFileName()))
        else:
            self.status.setText(self.tr("已打印"))


__all__ = ["FirstRunWizard", "Qt", "RecoveryCodeDialog"]


def village_matches(name: str, query: str) -> bool:
    """枣庙村 is found by 枣庙, by zm or by zmc (pinyin initials, as the case search takes names)."""
    from villagedesk.domain.search_terms import pinyin_initials

    return query in name or pinyin_initials(name).startswith(query)
