"""同步 panel: progress (phase, events, bytes, rate, time left; the attachment in flight with its own bar),
the last result as it really was, clock-skew warning, what waits to be sent, when the next automatic try
will happen, and the USB bundles (``bundle_box``) for villages without a link."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from villagedesk.services import dashboard
from villagedesk.services.desk import Desk
from villagedesk.services.syncinfo import local_time
from villagedesk.sync import engine, quarantine
from villagedesk.sync.attachments import attachment_usage
from villagedesk.ui import advice
from villagedesk.ui.sync_controller import SyncController
from villagedesk.ui.sync_eta import RateMeter, eta_parts, size_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.bundle_box import BundleBox
from villagedesk.ui.widgets.common import title_label

OK_STYLE = "color: #2e7d32; font-weight: bold;"
BAD_STYLE = "color: #c62828; font-weight: bold;"
WARN_STYLE = "color: #e65100; font-weight: bold;"


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


BAR_UNIT = 1024  # attachment bars count KB: a QProgressBar holds an int


def _counts(desk: Desk) -> tuple[int, int]:
    return dashboard.outbox_counts(desk)


class SyncPanel(QWidget):
    enroll_requested = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk, self.runner, self.controller = desk, runner, controller
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
        self.moved_label = QLabel()
        self.eta_label = QLabel()
        self.attach_name = QLabel(self.tr("当前没有附件在传送"))
        self.attach_name.setWordWrap(True)
        self.attach_bar = QProgressBar()
        self.attach_bar.setFormat("")
        self.attach_bar.hide()
        self.attach_bytes = QLabel()
        self.attach_bytes.hide()
        self.usage_label = QLabel()  # the month's attachment bytes against the cap (metered by the sync)
        self.clock = time.monotonic  # the meters' clock (a test drives its own)
        self.events_meter = RateMeter(clock=lambda: self.clock())
        self.bytes_meter = RateMeter(clock=lambda: self.clock())
        self.attach_meter = RateMeter(clock=lambda: self.clock())
        self._pending_start = 0
        self._pending_now: int | None = None
        self._counting = False
        self._attachment: str | None = None
        self._active = False  # between begin_run and the run's result: late outbox counts are ignored after
        self.bundles = BundleBox(desk, runner, controller)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.clock_label = QLabel()
        self.clock_label.setWordWrap(True)
        self.clock_label.setStyleSheet(WARN_STYLE)
        self.clock_label.hide()
        self.pending_label = QLabel()
        self.pending_label.setWordWrap(True)
        self.quarantine_label = QLabel()  # pulled events this PC could not apply (sync/quarantine.py)
        self.quarantine_label.setWordWrap(True)
        self.quarantine_label.setStyleSheet(WARN_STYLE)
        self.quarantine_label.hide()
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
        figures = QHBoxLayout()
        figures.addWidget(self.moved_label, 1)
        figures.addWidget(self.eta_label)
        run.addLayout(figures)
        attach_box = QGroupBox(self.tr("当前附件"))
        attach = QVBoxLayout(attach_box)
        attach.addWidget(self.attach_name)
        attach.addWidget(self.attach_bar)
        attach.addWidget(self.attach_bytes)
        attach.addWidget(self.usage_label)
        run.addWidget(attach_box)
        last_box = QGroupBox(self.tr("上次同步结果"))
        last = QVBoxLayout(last_box)
        for w in (self.result_label, self.detail_label, self.clock_label):
            last.addWidget(w)
        queue_box = QGroupBox(self.tr("待发送与自动同步"))
        queue = QVBoxLayout(queue_box)
        queue.addWidget(self.pending_label)
        queue.addWidget(self.quarantine_label)
        queue.addWidget(self.schedule_label)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("同步")))
        layout.addWidget(self.server_label)
        layout.addLayout(buttons)
        layout.addWidget(run_box)
        layout.addWidget(last_box)
        layout.addWidget(queue_box)
        layout.addWidget(self.bundles)
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
        self.runner.read(attachment_usage, self.desk, on_done=self._show_usage, on_error=lambda _e: None)
        self.runner.read(quarantine.overview, self.desk, on_done=self._show_quarantine, on_error=lambda _e: None)
        self._show_schedule()

    def _show_quarantine(self, overview: tuple[int, list[tuple[str, int]]]) -> None:
        total, reasons = overview
        self.quarantine_label.setVisible(total > 0)
        if total:
            lines = [
                self.tr("有 %1 条从镇中心下载的记录无法应用, 已单独隔离, 其他数据不受影响。请告知镇中心:").replace(
                    "%1", str(total)
                )
            ]
            lines += [f"· {reason} ({n})" for reason, n in reasons]
            self.quarantine_label.setText("\n".join(lines))

    def _show_usage(self, usage: tuple[int, int]) -> None:
        used, cap = usage
        if cap:
            text = self.tr("本月附件流量 %1, 上限 %2").replace("%1", size_text(used)).replace("%2", size_text(cap))
        else:
            text = self.tr("本月附件流量 %1, 不设上限").replace("%1", size_text(used))
        self.usage_label.setText(text)

    def _show_enrolled(self) -> None:
        enrolled = self.controller.enrolled
        self.enroll_button.setVisible(not enrolled)
        self.sync_button.setEnabled(enrolled and not self.controller.running)
        if not enrolled:
            self.server_label.setText(self.tr("本机尚未注册到镇中心服务器: 办件只保存在本机。"))
            # the box says what to do, not nothing: enroll once (a USB bundle needs it too), then it syncs
            self.pending_label.setText(
                self.tr(
                    "本机尚未注册, 不会自动同步: 请点上面的「注册到镇中心服务器…」, 填入镇中心管理员给的服务器地址和"
                    "注册码。没有网络的村, 在镇中心或有网络时注册一次, 以后用下面的「导出同步包…」拷到U盘带到镇中心导入"
                )
            )
            self._show_schedule()
        else:
            self.refresh()

    def _show_server(self, cfg: engine.ServerConfig) -> None:
        self.server_label.setText(self.tr("镇中心服务器: %1").replace("%1", cfg.url))

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.phase_label.setText(self.tr("正在连接服务器…"))
        self.bar.setRange(0, 0)  # busy until the first figures arrive
        self.begin_run()
        self.runner.read(_counts, self.desk, on_done=self._set_total)

    def begin_run(self, pending: int | None = None) -> None:
        """A run starts: the meters start from zero (``pending``: what waits to be pushed, if known)."""
        for meter in (self.events_meter, self.bytes_meter, self.attach_meter):
            meter.reset()
        self._pending_start = pending or 0
        self._pending_now = pending
        self._attachment = None
        self._active = True
        self.moved_label.setText(self.tr("已传送 %1").replace("%1", size_text(0)))
        self.eta_label.setText(self.tr("剩余时间: 正在估算…"))
        self._show_attachment(None, 0, 0)

    def _set_total(self, counts: tuple[int, int]) -> None:
        self._pending_start = max(self._pending_start, counts[0])  # reads may finish out of order
        if self._pending_now is None:
            self._pending_now = counts[0]

    def _pushing(self, p: engine.Progress) -> bool:
        """Each round trip pushes a batch and pulls a page, so the engine reports "pull" after every
        round: while the outbox still holds events the run is still uploading."""
        return p.phase == "push" or (p.phase == "pull" and bool(self._pending_now) and self._active)

    def _phase_text(self, p: engine.Progress) -> str:
        if getattr(p, "attachment", None):
            return self.tr("传送附件")
        if self._pushing(p):
            return self.tr("上传记录")
        return {"pull": self.tr("下载记录")}.get(p.phase, self.tr("同步"))

    def _progress(self, p: engine.Progress) -> None:
        if p.phase == "done":
            return
        self.bytes_meter.update(p.bytes)
        self.phase_label.setText(
            self.tr("%1中: 已传送 %2 条记录").replace("%1", self._phase_text(p)).replace("%2", str(p.events))
        )
        rate = self.bytes_meter.rate
        moved = self.tr("已传送 %1").replace("%1", size_text(p.bytes))
        if rate:
            moved += self.tr(", 速度 %1/秒").replace("%1", size_text(rate))
        self.moved_label.setText(moved)
        name = (
            (getattr(p, "attachment_name", "") or getattr(p, "attachment", None))
            if getattr(p, "attachment", None)
            else None
        )
        self._show_attachment(name, getattr(p, "attachment_bytes", 0) or 0, getattr(p, "attachment_total", 0) or 0)
        if self._pushing(p) and self._pending_start:
            self._count_pending()
            done = self._pending_start - (self._pending_now if self._pending_now is not None else self._pending_start)
            self.bar.setRange(0, self._pending_start)
            self.bar.setValue(max(0, min(done, self._pending_start)))
            self.bar.setFormat(self.tr("%v / %m 条"))
            self._show_eta(self.events_meter.eta(self._pending_now or 0) if self._pending_now is not None else None)
        elif name:
            self.bar.setRange(0, 0)
            total, sent = getattr(p, "attachment_total", 0) or 0, getattr(p, "attachment_bytes", 0) or 0
            meter = self.attach_meter if self.attach_meter.rate else self.bytes_meter
            self._show_eta(meter.eta(total - sent) if total else None)
        elif p.phase == "push":  # the outbox has not been counted yet
            self.bar.setRange(0, 0)
            self._show_eta(None)
        else:
            self.bar.setRange(0, 0)
            self.eta_label.setText(self.tr("剩余时间: 取决于镇中心待下载的数据"))

    def _count_pending(self) -> None:
        """What is still waiting in the outbox (one read at a time): the push's real progress."""
        if not self._counting:
            self._counting = True
            self.runner.read(_counts, self.desk, on_done=self._pending_counted, on_error=self._count_failed)

    def _count_failed(self, _err: object) -> None:
        self._counting = False

    def _pending_counted(self, counts: tuple[int, int]) -> None:
        self._counting = False
        self.set_pending(counts[0])

    def set_pending(self, pending: int) -> None:
        """The outbox now holds ``pending`` events: feeds the push rate and redraws the bar."""
        self._pending_now = pending
        self._pending_start = max(self._pending_start, pending)  # a local write during the run
        done = max(0, self._pending_start - pending)
        self.events_meter.update(done)
        if self._pending_start and self._active:
            self.bar.setRange(0, self._pending_start)
            self.bar.setValue(min(done, self._pending_start))
            self._show_eta(self.events_meter.eta(pending))

    def _show_eta(self, seconds: float | None) -> None:
        self.eta_label.setText(self.tr("剩余时间: %1").replace("%1", self.eta_text(seconds)))

    def eta_text(self, seconds: float | None) -> str:
        """约 2 分钟, 约 1 小时 5 分钟, 即将完成; 正在估算… while the rate is not known yet."""
        if seconds is None:
            return self.tr("正在估算…")
        unit, a, b = eta_parts(seconds)
        if unit == "soon":
            return self.tr("即将完成")
        if unit == "seconds":
            return self.tr("约 %1 秒").replace("%1", str(a))
        if unit == "minutes":
            return self.tr("约 %1 分钟").replace("%1", str(a))
        if b == 0:
            return self.tr("约 %1 小时").replace("%1", str(a))
        return self.tr("约 %1 小时 %2 分钟").replace("%1", str(a)).replace("%2", str(b))

    def _show_attachment(self, name: str | None, sent: int, total: int) -> None:
        if not name:
            self._attachment = None
            self.attach_name.setText(self.tr("当前没有附件在传送"))
            self.attach_bar.hide()
            self.attach_bytes.hide()
            return
        if name != self._attachment:
            self._attachment = name
            self.attach_meter.reset(sent)
        self.attach_meter.update(sent)
        self.attach_name.setText(self.tr("附件: %1").replace("%1", name))
        self.attach_bar.setRange(0, max(1, -(-total // BAR_UNIT)) if total else 0)
        self.attach_bar.setValue(min(sent, total) // BAR_UNIT if total else 0)
        if total:
            text = self.tr("%1 / %2").replace("%1", size_text(sent)).replace("%2", size_text(total))
            rate = self.attach_meter.rate or self.bytes_meter.rate
            if rate:
                left = self.eta_text((total - sent) / rate if total > sent else 0.0)
                text += self.tr(", 剩余 %1").replace("%1", left)
        else:
            text = size_text(sent)
        self.attach_bytes.setText(text)
        self.attach_bar.show()
        self.attach_bytes.show()

    def _finished(self, r: engine.SyncResult) -> None:
        self.cancel_button.setEnabled(False)
        self.sync_button.setEnabled(self.controller.enrolled)
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if r.ok else 0)
        self.bar.setFormat("")
        self.phase_label.setText(self.tr("空闲"))
        self._active = False
        self.eta_label.setText("")
        self._show_attachment(None, 0, 0)
        if r.seconds > 0:
            self.moved_label.setText(
                self.tr("本次传送 %1, 用时 %2 秒")
                .replace("%1", size_text(r.bytes_sent + r.bytes_received))
                .replace("%2", f"{r.seconds:.1f}")
            )
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
        if r.attachments_up or r.attachments_down:
            detail += "\n" + (
                self.tr("附件上传 %1 个, 下载 %2 个")
                .replace("%1", str(r.attachments_up))
                .replace("%2", str(r.attachments_down))
            )
        notes = advice.attachment_notes(r)
        if notes:
            detail += "\n" + notes
        if r.quarantined:
            detail += "\n" + self.tr("%1 条下载的记录无法应用, 已隔离").replace("%1", str(r.quarantined))
        if r.restored:
            detail += "\n" + self.tr(
                "%1 件办件的被拒步骤不再计入, 已恢复为服务器上的状态(被拒步骤及原因见办件详情)"
            ).replace("%1", str(r.restored))
        if r.upgrade:
            detail += "\n" + self.tr("服务器已有新版协议, 请升级本程序")
        if r.tampered:
            detail += "\n" + self.tr(
                "本机自检发现 %1 处记录被绕过程序改动(已报告镇中心), 请找管理员运行 villagedesk check 查看处理办法"
            ).replace("%1", str(r.tampered))
        self.detail_label.setText(detail)
        # the PC clock off the server's by more than the sync's tolerance, and records it stamped again
        # because it ran more than a day fast (the command line said so; the window showed only minutes)
        note = advice.clock_note(r.skew_ms if r.clock_warning else None, r.restamped)
        self.clock_label.setText(note)
        self.clock_label.setVisible(bool(note))
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
