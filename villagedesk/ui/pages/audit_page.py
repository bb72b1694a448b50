"""留痕查看: the town clerk reads what was done on the village PCs (the GUI of ``villagedesk audit``).

The entries live on the town server (docs/audit.md), so the page asks it when 查询 is pressed, on the
network pool: the page never blocks the window and opens without a link. Refused and superseded entries
are marked the way the command line marks them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.lifecycle import Role
from villagedesk.services.desk import Desk
from villagedesk.sync import audit_view
from villagedesk.sync.engine import NotEnrolled
from villagedesk.sync.transport import ServerRefused, TransportError
from villagedesk.ui import advice
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel, title_label

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow


class AuditPage(QWidget):
    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.case_no = QLineEdit()
        self.case_no.setPlaceholderText(self.tr("办件编号(可空)"))
        self.device = QLineEdit()
        self.device.setPlaceholderText(self.tr("电脑名称: 村里的电脑或镇中心本机(可空)"))
        self.search = QPushButton(self.tr("查询"))
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("电脑"), self.tr("人员"), self.tr("操作"), self.tr("办件"), self.tr("详情"),
             self.tr("镇中心判定")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(self.tr("输入办件编号或电脑名称后点「查询」; 都不填则列出最新的留痕"))
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        bar = QHBoxLayout()
        for w in (self.case_no, self.device, self.search):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("留痕: 村里的电脑和镇中心本机")))
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.search.clicked.connect(self.query)
        self.case_no.returnPressed.connect(self.query)
        self.device.returnPressed.connect(self.query)

    def query(self) -> None:
        self.search.setEnabled(False)
        self.error.show_error("")
        self.status.setText(self.tr("正在向镇中心服务器查询…"))
        self.runner.network(
            audit_view.fetch, self.desk, self.case_no.text().strip()[:32], self.device.text().strip()[:64],
            on_done=self._show, on_error=self._failed,
        )  # fmt: skip

    def _show(self, rows: list[audit_view.Row]) -> None:
        self.search.setEnabled(True)
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            what = audit_view.action_words(row)
            who = self._who(row)
            verdict = self.tr("未采信: %1").replace("%1", row.refused) if row.refused else self.tr("已核验")
            if row.superseded:  # the version the town got first: the PC later sent another
                verdict += self.tr(" (镇中心先收到的版本; 本机后来送来的与此不同)")
            if row.replaced:  # the PC's later version of an entry the town held: never 已核验 alone
                verdict = self.tr("⚠ 与镇中心先收到的版本不同(本机留痕被改写, 或恢复过备份): 以镇中心先收到的为准")
            when = audit_view.local_time(row.at)
            for col, text in enumerate((when, f"{row.pc}#{row.seq}", who, what, row.case_no, row.detail, verdict)):
                self.table.setItem(n, col, QTableWidgetItem(text))
        self.status.setText(self.tr("共 %1 条(最新的在前)").replace("%1", str(len(rows))))

    def _who(self, row: audit_view.Row) -> str:
        """``王芳 (代办员)`` (audit_view.person in this window's language); an account the town has no
        name for as 未知账号 and its id cut short."""
        name = row.name or (row.actor if row.kind == "audit" else "")
        if not name:
            return self.tr("未知账号 %1").replace("%1", row.actor[:8]).rstrip()
        roles = {"agent": self.tr("代办员"), "clerk": self.tr("镇中心工作人员"), "city": self.tr("市级中心工作人员")}
        role = roles.get(row.role, row.role)
        return self.tr("%1 (%2)").replace("%1", name).replace("%2", role) if role else name

    def _failed(self, err: object) -> None:
        self.search.setEnabled(True)
        self.status.setText("")
        self.table.setRowCount(0)  # the last answer's rows would read as this query's
        if isinstance(err, NotEnrolled):
            self.error.show_error(self.tr("本机尚未注册到镇中心服务器"))
        elif isinstance(err, ServerRefused):
            refusal = advice.server_refusal(err.code, err.message)
            self.error.show_error(self.tr("镇中心服务器拒绝: %1").replace("%1", refusal))
        elif isinstance(err, TransportError):
            self.error.show_error(self.tr("连不上镇中心服务器, 请检查网络后重试"))
        else:
            self.error.show_error(self.tr("查询失败, 详情已写入日志"))


def install(window: MainWindow) -> None:
    """For a town clerk's (or the city's) profile: 留痕 before 设置."""
    if window.desk.identity.role not in (Role.CLERK, Role.CITY):
        return
    page = AuditPage(window.desk, window.runner)
    window.audit_page = page
    window.pages.insert(len(window.pages) - 2, (QCoreApplication.translate("MainWindow", "留痕"), page))
