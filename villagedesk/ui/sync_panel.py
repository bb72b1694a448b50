"""同步 panel: progress (phase, events, bytes), the last result as it really was, clock-skew warning,
what waits to be sent, and when the next automatic try will happen."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from villagedesk.services import dashboard
from villagedesk.services.desk import Desk
from villagedesk.services.syncinfo import local_time
from villagedesk.sync import engine
from villagedesk.ui.common import title_label
from villagedesk.ui.sync_controller import SyncController
from villagedesk.ui.tasks import TaskRunner

OK_STYLE = "color: #2e7d32; font-weight: bold;"
BAD_STYLE = "color: #c62828; font-weight: bold;"
WARN_STYLE = "color: #e65100; font-weight: bold;"


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def _counts(desk: Desk) -> tuple[int, int]:
    return dashboard.outbox_counts(desk)


class SyncPanel(QWidget):
    enroll_requested = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk, self.runner, self.controller = desk, runner, controller
        self._total = 0
        self.server_label = QLabel()
        self.enroll_button = QPushButton(self.tr("注册到镇中心服务器…"))
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.cancel_button = QPushButton(self.tr("取消同步"))
        self.cancel_button.setEnabled(False)
        self.phase_label = QLabel(self.tr("空闲"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.clock_label = QLabel()
        self.clock_label.setWordWrap(True)
        self.clock_label.setStyleSheet(WARN_STYLE)
        self.clock_label.hide()
        self.pending_label = QLabel()
        self.schedule_label = QLabel()
        self.schedule_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.enroll_button)
        buttons.addStretch(1)
        run_box = QGroupBox(self.tr("本次同步"))
        run = QVBoxLayout(run_box)
        run.addWidget(self.phase_label)
        run.addWidget(self.bar)
        last_box = QGroupBox(self.tr("上次同步结果"))
        last = QVBoxLayout(last_box)
        for w in (self.result_label, self.detail_label, self.clock_label):
            last.addWidget(w)
        queue_box = QGroupBox(self.tr("待发送与自动同步"))
        queue = QVBoxLayout(queue_box)
        queue.addWidget(self.pending_label)
        queue.addWidget(self.schedule_label)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("同步")))
        layout.addWidget(self.server_label)
        layout.addLayout(buttons)
        layout.addWidget(run_box)
        layout.addWidget(last_box)
        layout.addWidget(queue_box)
        layout.addStretch(1)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_schedule)
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.enroll_button.clicked.connect(self.enroll_requested)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.scheduled.connect(lambda _s: self._show_schedule())
        controller.enrolled_changed.connect(lambda _e: self._show_enrolled())
        self._show_enrolled()
        self.result_label.setText(self.tr("尚未同步"))

    # --- reactions --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.runner.read(_counts, self.desk, on_done=self._show_counts)
        self.runner.read(engine.server_config, self.desk, on_done=self._show_server, on_error=lambda _e: None)
        self._show_schedule()

    def _show_enrolled(self) -> None:
        enrolled = self.controller.enrolled
        self.enroll_button.setVisible(not enrolled)
        self.sync_button.setEnabled(enrolled and not self.controller.running)
        if not enrolled:
            self.server_label.setText(self.tr("本机尚未注册到镇中心服务器: 办件只保存在本机。"))
        else:
            self.refresh()

    def _show_server(self, cfg: engine.ServerConfig) -> None:
        self.server_label.setText(self.tr("镇中心服务器: %1").replace("%1", cfg.url))

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.phase_label.setText(self.tr("正在连接服务器…"))
        self.bar.setRange(0, 0)  # busy until the first figures arrive
        self.runner.read(_counts, self.desk, on_done=self._set_total)

    def _set_total(self, counts: tuple[int, int]) -> None:
        self._total = counts[0]

    def _progress(self, p: engine.Progress) -> None:
        if p.phase == "done":
            return
        phase = self.tr("上传") if p.phase == "push" else self.tr("下载")
        self.phase_label.setText(
            self.tr("%1中: 已传送 %2 条记录, %3")
            .replace("%1", phase)
            .replace("%2", str(p.events))
            .replace("%3", _kb(p.bytes))
        )
        if p.phase == "push" and self._total:
            self.bar.setRange(0, self._total)
            self.bar.setValue(min(p.events, self._total))
            self.bar.setFormat("%v / %m")
        else:
            self.bar.setRange(0, 0)

    def _finished(self, r: engine.SyncResult) -> None:
        self.cancel_button.setEnabled(False)
        self.sync_button.setEnabled(self.controller.enrolled)
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if r.ok else 0)
        self.bar.setFormat("")
        self.phase_label.setText(self.tr("空闲"))
        when = local_time(r.finished_at)
        if r.ok:
            head, style = self.tr("%1 同步成功").replace("%1", when), OK_STYLE
        elif r.cancelled:
            head, style = self.tr("%1 同步已取消, 已完成的部分已保存").replace("%1", when), WARN_STYLE
        else:
            head = self.tr("%1 同步未完成: %2").replace("%1", when).replace("%2", r.error or self.tr("未知原因"))
            style = BAD_STYLE
        self.result_label.setText(head)
        self.result_label.setStyleSheet(style)
        detail = (
            self.tr("上传 %1 条, 下载 %2 条, 被拒 %3 条, 请求 %4 次, 流量 %5")
            .replace("%1", str(r.pushed + r.duplicates))
            .replace("%2", str(r.pulled))
            .replace("%3", str(r.rejected))
            .replace("%4", str(r.requests))
            .replace("%5", _kb(r.bytes_sent + r.bytes_received))
        )
        if r.upgrade:
            detail += "\n" + self.tr("服务器已有新版协议, 请升级本程序")
        self.detail_label.setText(detail)
        if r.clock_warning:
            minutes = round(abs(r.skew_ms) / 60000)
            ahead = self.tr("快") if r.skew_ms > 0 else self.tr("慢")
            self.clock_label.setText(
                self.tr("本机时钟比服务器%1 %2 分钟, 请校准系统时间(办件日期以服务器时间为准)")
                .replace("%1", ahead)
                .replace("%2", str(minutes))
            )
        self.clock_label.setVisible(r.clock_warning)
        self.refresh()

    def _show_counts(self, counts: tuple[int, int]) -> None:
        pending, rejected = counts
        text = self.tr("待同步记录 %1 条").replace("%1", str(pending))
        if rejected:
            text += "; " + self.tr("被服务器拒收 %1 条(原因见办件详情)").replace("%1", str(rejected))
        self.pending_label.setText(text)

    def _show_schedule(self) -> None:
        c = self.controller
        wait = c.seconds_to_next()
        if not c.enrolled:
            self.schedule_label.setText(self.tr("注册后将自动同步"))
            self._tick.stop()
            return
        if c.running:
            text = self.tr("正在同步")
        elif wait is None:
            text = self.tr("自动同步已暂停")
        else:
            text = self.tr("下次自动同步: %1 秒后").replace("%1", str(round(wait)))
        last = c.last
        if last is not None and not last.ok and not last.cancelled and not c.running:
            text = (
                self.tr("连接失败 %1 次, 正在按退避间隔重试。").replace("%1", str(c.policy.failures))
                + text
                + (self.tr(" (服务器恢复后将立即重试)") if last.retryable else "")
            )
        self.schedule_label.setText(text)
        if wait is not None and not self._tick.isActive():
            self._tick.start()
        elif wait is None:
            self._tick.stop()
