"""离线同步包 (USB stick) in the sync panel.

A village PC exports its outbox to a bundle and imports the town's acknowledgement bundle; the town
clerk's PC uploads a village's bundle to the town server and saves the acknowledgement for the stick.
All file work runs on the runner's network pool (one at a time, after any sync in flight); a refused
file shows the reason the bundle code gives (tampered, truncated, another device, already imported).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline, relay
from villagedesk.ui import advice
from villagedesk.ui.dialogs import file_dialogs
from villagedesk.ui.error_words import error_text, refusal_text
from villagedesk.ui.sync_controller import SyncController
from villagedesk.ui.sync_eta import size_text
from villagedesk.ui.tasks import TaskRunner

OK_STYLE = "color: #2e7d32;"
BAD_STYLE = "color: #c62828;"
SUFFIX = ".vdb"


# refusals a person caused and can fix (a wrong file, the server said no, no link): shown, not logged
EXPECTED = (bd.BundleError, engine.ServerRefused, engine.TransportError, engine.NotEnrolled)


@dataclass(frozen=True)
class _Refused:
    error: Exception


def _expected(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except EXPECTED as exc:
        return _Refused(exc)


def _relay(desk: Desk, source: Path, target: Path) -> tuple[relay.Relayed, str]:
    """Upload and save (network thread); also the village's name for the message."""
    return _named(desk, relay.relay_bundle(desk, source, target))


def _save_again(desk: Desk, target: Path, held: relay.Relayed) -> tuple[relay.Relayed, str]:
    relay.save_ack(target, held)
    return _named(desk, held)


def _named(desk: Desk, done: relay.Relayed) -> tuple[relay.Relayed, str]:
    """The village's name when this PC's region table knows it, else "" (the code is shown)."""
    name = catalog.region_name(desk, done.region) if done.region else ""
    return done, "" if name == done.region else name


class BundleBox(QGroupBox):
    imported = Signal()  # an acknowledgement bundle changed local data: pages should reload

    def __init__(self, desk: Desk, runner: TaskRunner, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk, self.runner, self.controller = desk, runner, controller
        self.clerk = desk.identity.role is Role.CLERK
        self.setTitle(self.tr("离线同步包(U 盘)"))
        self.export_button = QPushButton(self.tr("导出同步包…"))
        self.import_button = QPushButton(self.tr("导入回执包…"))
        self.relay_button = QPushButton(self.tr("导入村同步包…"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        # the file dialogs (a test answers them itself): (title, suggested path, filter) -> chosen path
        self.ask_save_path = self._ask_save
        self.ask_open_path = self._ask_open
        self._pending_ack: relay.Relayed | None = None

        buttons = QHBoxLayout()
        for b in (self.export_button, self.import_button, self.relay_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.export_button.setVisible(not self.clerk)
        self.import_button.setVisible(not self.clerk)
        self.relay_button.setVisible(self.clerk)
        if self.clerk:
            self.hint.setText(
                self.tr("村里没有网络时, 代办员把同步包拷到 U 盘带来: 在这里导入, 再把回执包拷回村里导入。")
            )
        else:
            self.hint.setText(self.tr("没有网络时: 导出同步包拷到 U 盘带到镇中心导入, 再把镇中心给的回执包导入本机。"))
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.choose_import)
        self.relay_button.clicked.connect(self.choose_relay)
        controller.enrolled_changed.connect(self.setVisible)
        self.setVisible(controller.enrolled)

    # --- file dialogs -----------------------------------------------------------------------------

    def _filter(self) -> str:
        return self.tr("离线同步包 (*.vdb);;所有文件 (*)")

    def _ask_save(self, title: str, suggested: Path) -> Path | None:
        name = file_dialogs.save_file(self, title, suggested, self._filter())
        return Path(name) if name else None

    def _ask_open(self, title: str, folder: Path) -> Path | None:
        name = file_dialogs.open_file(self, title, folder, self._filter())
        return Path(name) if name else None

    def _run(self, fn: Callable[..., Any], *args: Any, on_done: Callable, on_error: Callable) -> None:
        """On the network pool (after any sync in flight); an expected refusal goes to ``on_error``."""

        def done(result: object) -> None:
            if isinstance(result, _Refused):
                on_error(result.error)
            else:
                on_done(result)

        self.runner.network(_expected, fn, *args, on_done=done, on_error=on_error)

    def _busy(self, busy: bool) -> None:
        for b in (self.export_button, self.import_button, self.relay_button):
            b.setEnabled(not busy)

    def _say(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(OK_STYLE if ok else BAD_STYLE)
        self.status.show()

    def _working(self, text: str) -> None:
        self._busy(True)
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.status.show()

    # --- village: export and import ---------------------------------------------------------------

    def choose_export(self) -> None:
        region = self.desk.identity.region_code
        suggested = Path.home() / f"同步包-{region}-{date.today():%Y%m%d}{SUFFIX}"
        path = self.ask_save_path(self.tr("导出同步包到"), suggested)
        if path is not None:
            self.export_to(path if path.suffix else path.with_suffix(SUFFIX))

    def export_to(self, path: Path) -> None:
        self._working(self.tr("正在导出同步包…"))
        self._run(offline.export_bundle, self.desk, path, on_done=self._exported, on_error=self._failed_export)

    def _exported(self, done: offline.Exported) -> None:
        self._busy(False)
        self._say(
            self.tr("已导出第 %1 号同步包: %2 条待同步记录, %3。请拷到镇中心导入, 再把回执包拷回本机导入。")
            .replace("%1", str(done.seq))
            .replace("%2", str(done.events))
            .replace("%3", size_text(done.bytes)),
            True,
        )

    def _failed_export(self, err: object) -> None:
        self._busy(False)
        self._say(self.tr("导出失败: %1").replace("%1", _reason(err)), False)

    def choose_import(self) -> None:
        path = self.ask_open_path(self.tr("选择镇中心给的回执包"), Path.home())
        if path is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> None:
        self._working(self.tr("正在导入回执包…"))
        self._run(offline.import_ack, self.desk, path, on_done=self._ack_imported, on_error=self._failed_ack)

    def _ack_imported(self, done: offline.AckImported) -> None:
        self._busy(False)
        r = done.result
        text = (
            self.tr("已导入第 %1 号回执包: 确认上传 %2 条, 被拒 %3 条, 收到 %4 条。")
            .replace("%1", str(done.seq))
            .replace("%2", str(r.pushed + r.duplicates))
            .replace("%3", str(r.rejected))
            .replace("%4", str(r.pulled))
        )
        if r.attachments_down:
            text += self.tr("带回附件 %1 个。").replace("%1", str(r.attachments_down))
        if done.files_refused:
            text += self.tr("未保存的附件: %1。").replace("%1", "; ".join(done.files_refused))
        if done.more or done.files_left:
            text += self.tr("镇中心还有更多数据, 请再导出一次同步包带去。")
        self._say(text, not done.files_refused)
        self.imported.emit()

    def _failed_ack(self, err: object) -> None:
        self._busy(False)
        self._say(self.tr("回执包未导入, 本机数据没有任何改动: %1").replace("%1", _reason(err)), False)

    # --- clerk: a village's bundle through the town server ----------------------------------------

    def choose_relay(self) -> None:
        source = self.ask_open_path(self.tr("选择村里导出的同步包"), Path.home())
        if source is None:
            return
        target = self.ask_save_path(self.tr("回执包保存到(拷回村里导入)"), self.suggested_ack(source))
        if target is not None:
            self.relay(source, target if target.suffix else target.with_suffix(SUFFIX))

    @staticmethod
    def suggested_ack(source: Path) -> Path:
        return source.with_name(f"回执-{source.stem}{SUFFIX}")

    def relay(self, source: Path, target: Path) -> None:
        self._working(self.tr("正在上传同步包到镇中心服务器…"))
        self._run(_relay, self.desk, source, target, on_done=self._relayed, on_error=self._failed_relay)

    def _relayed(self, result: tuple[relay.Relayed, str]) -> None:
        done, village = result
        if not village:
            village = self.tr("村 %1").replace("%1", done.region or done.device)
        self._busy(False)
        self._pending_ack = None
        text = (
            self.tr("已导入 %1 的第 %2 号同步包: 共 %3 条, 新收 %4 条, 重复 %5 条, 被拒 %6 条。")
            .replace("%1", village)
            .replace("%2", str(done.seq))
            .replace("%3", str(done.events))
            .replace("%4", str(done.accepted))
            .replace("%5", str(done.duplicates))
            .replace("%6", str(done.rejected))
        )
        if done.attachments_refused:
            text += (
                self.tr("附件收到 %1 个, 未收 %2 个(分区不符或内容损坏)。")
                .replace("%1", str(done.attachments))
                .replace("%2", str(done.attachments_refused))
            )
        elif done.attachments:
            text += self.tr("附件收到 %1 个。").replace("%1", str(done.attachments))
        text += self.tr("回执包(带回 %1 条)已保存, 请拷回村里导入。").replace("%1", str(done.pulled))
        if done.files_out or done.files_left:
            text += (
                self.tr("回执包带回附件 %1 个, 另有 %2 个下次带回。")
                .replace("%1", str(done.files_out))
                .replace("%2", str(done.files_left))
            )
        if done.more:
            text += self.tr("镇中心还有更多数据, 村里下次导出后再来导入。")
        self._say(text, True)
        self.controller.local_write()  # the town's data changed: the clerk's own desk pulls it now

    def _failed_relay(self, err: object) -> None:
        self._busy(False)
        if isinstance(err, relay.AckNotSaved):
            self._pending_ack = err.relayed
            self._say(err.message, False)
            target = self.ask_save_path(self.tr("另选回执包保存位置"), Path.home() / f"回执-{err.relayed.seq}{SUFFIX}")
            if target is not None:
                self.save_pending_ack(target)
            return
        self._say(self.tr("同步包未导入: %1").replace("%1", _reason(err)), False)

    def save_pending_ack(self, target: Path) -> None:
        """The import happened but the ack was not written: write the ack held in memory elsewhere."""
        held = self._pending_ack
        if held is None:
            return
        self._working(self.tr("正在保存回执包…"))
        self._run(_save_again, self.desk, target, held, on_done=self._relayed, on_error=self._failed_relay)


def _reason(err: object) -> str:
    """Why a bundle did not move, in the UI language: the file's fault, the server's (its code worded by
    the desk, ``advice.server_refusal``) or the link's."""
    if isinstance(err, bd.BundleError):
        return error_text(err.message)
    if isinstance(err, engine.ServerRefused) and err.code in advice.SERVER_CODES:
        return advice.server_refusal(err.code, err.message)
    if isinstance(err, DomainError):
        return refusal_text(err)
    return error_text(relay.reason(err)) if isinstance(err, Exception) else str(err)
