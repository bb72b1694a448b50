"""The sync panel, enrollment dialog and per-case sync state against a REAL server on 127.0.0.1."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from tests.conftest import TODAY
from tests.flows import register
from tests.gui.conftest import PASSWORD, USERNAME, settle
from tests.gui.test_intake import _choose, _open_intake, _saved_dialog, check_all
from tests.integration.server_harness import RunningServer, running_server
from villagedesk.db import models as m
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import models as sm
from villagedesk.services import preferences, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

VILLAGE = "419001100201"
ID_A = "419001198503120010"


@pytest.fixture
def server(tmp_path: Path):
    with running_server("sqlite", tmp_path) as srv:
        yield srv


@pytest.fixture
def fresh_desk(template_profile: Path, tmp_path: Path):
    target = tmp_path / "profile"
    shutil.copytree(template_profile, target)
    d = Desk.open(target, today=TODAY)
    d.setup(Role.AGENT, VILLAGE, "李娜")
    yield d
    d.close()


@pytest.fixture
def win(qtbot, fresh_desk: Desk):
    from villagedesk.ui.main_window import MainWindow

    w = MainWindow(fresh_desk, None, preferences.load(fresh_desk))
    w.sync.auto = False  # the tests drive the schedule themselves unless they switch it back on
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, w)
    yield w
    w.close()


def enroll_through_dialog(qtbot, w, server) -> None:
    assert not w.sync.enrolled and w.settings.enroll_button.isVisibleTo(w.settings)
    w.go(w.settings)
    w.settings.enroll_button.click()
    dialog = w.enroll_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.url.setText(server.url)
    dialog.code.setText(server.code(VILLAGE, "agent", "李娜"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: w.sync.enrolled, timeout=10_000)
    settle(qtbot, w)
    assert not dialog.isVisible() and not w.settings.enroll_button.isVisibleTo(w.settings)


def run_sync(qtbot, w) -> engine.SyncResult:
    with qtbot.waitSignal(w.sync.finished, timeout=20_000) as blocker:
        w.go(w.sync_panel)
        assert w.sync_panel.sync_button.isEnabled()
        w.sync_panel.sync_button.click()
    settle(qtbot, w)
    return blocker.args[0]


def sync_cell(w, case_id: str) -> str:
    model = w.cases.model
    for row in range(model.rowCount()):
        if model.case_id(row) == case_id:
            return model.index(row, len(model.COLUMNS) - 1).data()
    raise AssertionError(f"case {case_id} not in the list")


def server_events(server) -> int:
    with server.db.read() as s:
        return s.scalar(select(func.count()).select_from(sm.ServerEvent)) or 0


def local_events(desk: Desk) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).select_from(m.EventRow)) or 0


def test_enroll_register_then_sync_from_panel(qtbot, win, server) -> None:
    bad = win.show_enroll()
    bad.url.setText(server.url)
    bad.code.setText("NOT-A-CODE")
    bad.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bad.error.isVisibleTo(bad), timeout=10_000)
    assert "注册码" in bad.error.text() and not win.sync.enrolled
    bad.close()
    enroll_through_dialog(qtbot, win, server)

    page = _open_intake(qtbot, win)
    _choose(qtbot, win, page, "生育", "JY001")
    page.applicant.name.setText("张三")
    page.applicant.id_number.setText(ID_A)
    page.applicant.phone.setText("13800138000")
    page.mandate.setChecked(True)
    check_all(page)
    page.save_button.click()
    settle(qtbot, win)
    _saved_dialog(win).accept()
    (row,) = queries.list_cases(win.desk, queries.CaseFilter(search=ID_A[-4:]))
    win.go(win.cases)
    settle(qtbot, win)
    assert sync_cell(win, row.id) == "待同步"
    win.open_case(row.id)
    settle(qtbot, win)
    assert "待同步" in win.detail.sync_label.text()

    seen: list[engine.Progress] = []
    win.sync.progress.connect(seen.append)
    result = run_sync(qtbot, win)
    assert result.ok and result.pushed >= 1
    assert any(p.phase == "push" for p in seen) and seen[-1].phase == "done"
    assert seen[-1].events >= 1 and seen[-1].bytes > 0
    assert "同步成功" in win.sync_panel.result_label.text()
    assert "待同步记录 0 条" in win.sync_panel.pending_label.text()
    usage = win.sync_panel.usage_label.text()
    assert usage.startswith("本月附件流量") and "上限 200.0 MB" in usage, usage
    assert sync_cell(win, row.id) == "已同步"
    assert "已同步" in win.detail.sync_label.text()
    assert server_events(server) == local_events(win.desk)
    win.go(win.dashboard)
    settle(qtbot, win)
    assert "同步成功" in win.dashboard.sync_label.text()


def test_rejected_event_shows_server_reason_on_case(qtbot, win, server) -> None:
    enroll_through_dialog(qtbot, win, server)
    case_id = register(win.desk).case_id
    with win.desk.store.write() as s:  # a town-only event on a village PC (a tampered or buggy DB)
        win.desk.new_events(s, case_id, VILLAGE, [(EventType.ACCEPTED, {"at": "2026-11-25"})])
    result = run_sync(qtbot, win)
    assert result.ok and result.rejected == 1  # a refused record is not a failed sync
    assert "同步成功" in win.sync_panel.result_label.text()
    assert "被服务器拒收 1 条" in win.sync_panel.pending_label.text()
    win.go(win.cases)
    win.cases.reload()
    settle(qtbot, win)
    assert sync_cell(win, case_id) == "被拒收"
    win.open_case(case_id)
    settle(qtbot, win)
    assert "被服务器拒收" in win.detail.sync_label.text() and "无权" in win.detail.sync_label.text()


def test_cancel_mid_sync_loses_nothing(qtbot, win, server) -> None:
    enroll_through_dialog(qtbot, win, server)
    win.sync.batch_bytes = engine.MIN_BATCH_BYTES  # a few events per round trip: many rounds to cut into
    for _ in range(12):
        register(win.desk)
    total = local_events(win.desk)
    win.sync.progress.connect(lambda p: p.phase == "pull" and p.events > 0 and win.sync_panel.cancel_button.click())
    first = run_sync(qtbot, win)
    assert first.cancelled and not first.ok
    assert 0 < first.pushed < total
    assert "同步已取消" in win.sync_panel.result_label.text()
    assert local_events(win.desk) == total
    assert server_events(server) + engine.pending_count(win.desk) == total
    win.sync.progress.disconnect()
    win.sync.progress.connect(win.sync_panel._progress)
    second = run_sync(qtbot, win)
    assert second.ok and second.duplicates == 0 and first.pushed + second.pushed == total
    assert server_events(server) == total and engine.pending_count(win.desk) == 0


def test_unreachable_server_then_back(qtbot, win, server) -> None:
    enroll_through_dialog(qtbot, win, server)
    case_id = register(win.desk).case_id
    port = server.port
    server.stop()
    win.sync.policy = engine.RetryPolicy(base_s=60.0, jitter=0.0)  # only the probe can bring it back soon
    win.sync._probe.setInterval(200)
    win.sync.auto = True
    failed = run_sync(qtbot, win)
    advice = "无法连接镇中心服务器，请检查网线或 Wi-Fi，然后点「立即同步」"  # the page's button: it has no 重试
    assert not failed.ok and failed.retryable and failed.error == advice
    panel = win.sync_panel
    assert panel.sync_button.text() == "立即同步" and "重试" not in panel.result_label.text()
    assert "同步未完成" in panel.result_label.text() and advice in panel.result_label.text()
    assert "ConnectionError" not in panel.result_label.text()
    assert "连接失败 1 次" in panel.schedule_label.text() and "秒后" in panel.schedule_label.text()
    assert 50 <= win.sync.seconds_to_next() <= 60
    waiting = engine.pending_count(win.desk)
    assert waiting >= 1 and f"待同步记录 {waiting} 条" in panel.pending_label.text()  # nothing dropped

    back = RunningServer(server.db, port=port).start()
    try:
        with qtbot.waitSignal(win.sync.finished, timeout=20_000) as blocker:
            pass
        assert blocker.args[0].ok
        settle(qtbot, win)
        assert "同步成功" in panel.result_label.text()
        win.go(win.cases)
        win.cases.reload()
        settle(qtbot, win)
        assert sync_cell(win, case_id) == "已同步"
    finally:
        win.sync.stop()
        settle(qtbot, win)
        back.stop()


def test_clock_skew_notices_and_screenshot(qtbot, gui_desk: Desk, server, tmp_path: Path) -> None:
    """Demo data synced for real with a PC clock 12 minutes fast; a notice from the town on the dashboard."""
    from villagedesk.server import feed
    from villagedesk.services import accounts
    from villagedesk.ui.main_window import MainWindow

    village = gui_desk.identity.region_code
    notice = {"title": "医保缴费提醒", "body": "12月31日前完成城乡居民医保缴费", "date": "2026-11-20"}
    feed.publish_ref(server.db, "notice", "n1", notice, village)
    engine.enroll(gui_desk, server.url, server.code(village, "agent", "李娜"))
    for _ in range(3):
        register(gui_desk)
    w = MainWindow(gui_desk, accounts.authenticate(gui_desk, USERNAME, PASSWORD), preferences.load(gui_desk))
    w.sync.auto = False
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, w)
    try:
        fast = engine.SyncEngine(gui_desk, wall_ms=lambda: engine.now_ms() + 12 * 60_000)
        with qtbot.waitSignal(w.sync.finished, timeout=30_000):
            w.sync.runner.network(fast.run, on_done=w.sync._done)  # the same path as a scheduled run
        settle(qtbot, w)
        fast.close()
        panel = w.sync_panel
        assert panel.clock_label.isVisibleTo(panel)
        assert "快 12 分钟" in panel.clock_label.text()
        assert "同步成功" in panel.result_label.text() and "被拒 0 条" in panel.detail_label.text()
        w.go(w.dashboard)
        settle(qtbot, w)
        assert "医保缴费提醒" in w.dashboard.notices.text()
        assert "同步成功" in w.dashboard.sync_label.text()
        w.go(panel)
        settle(qtbot, w)
        folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")
        folder.mkdir(parents=True, exist_ok=True)
        for name, widget in (("sync-panel.png", w), ("sync-dashboard.png", None)):
            if widget is None:
                w.go(w.dashboard)
                settle(qtbot, w)
            path = folder / name
            assert w.grab().save(str(path))
            image = QImage(str(path))
            colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 13)}
            assert image.width() >= 800 and len(colours) > 3
    finally:
        w.close()


def test_quarantined_events_are_shown_on_the_sync_page(qtbot, win, server, tmp_path: Path) -> None:
    """Events a sync set aside are named on the 同步 page (with the reason), and the run still succeeded."""
    import uuid

    from tests.integration.test_pull_quarantine import MATERIALS, PERSON, _plant

    reg = {"case_no": "100201-261125-ZZ001", "item_code": "JY006", "applicant": PERSON, "materials": MATERIALS}
    _plant(server, [(str(uuid.uuid4()), "case_registered", reg), (str(uuid.uuid4()), "case_registered", reg)])
    enroll_through_dialog(qtbot, win, server)
    result = run_sync(qtbot, win)
    assert result.ok and result.quarantined == 1
    panel = win.sync_panel
    qtbot.waitUntil(lambda: panel.quarantine_label.isVisibleTo(panel), timeout=5_000)
    text = panel.quarantine_label.text()
    assert "1 条" in text and "编号重复" in text and "UNIQUE" not in text
    assert "同步成功" in panel.result_label.text()
    folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    assert win.grab().save(str(folder / "sync-quarantine.png"))


class _NotHere(http.server.BaseHTTPRequestHandler):
    """A web server on the address that is not the town's: every path is 404."""

    def do_POST(self) -> None:
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "9")
        self.end_headers()
        self.wfile.write(b"Not Found")

    do_GET = do_POST

    def log_message(self, *_args) -> None:
        pass


def test_enrollment_errors_say_what_to_do(qtbot, win) -> None:
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotHere)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        dialog = win.show_enroll()
        dialog.url.setText(f"http://127.0.0.1:{other.server_address[1]}")
        dialog.code.setText("7H8C-WV57-H3ES")
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
        text = dialog.error.text()
        assert "HTTP 404" in text and "服务器地址" in text and "注册码无效" not in text
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "重试"
    finally:
        other.shutdown()
        other.server_close()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    dialog.error.show_error("")
    dialog.url.setText(f"http://127.0.0.1:{port}")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=20_000)
    assert "无法连接镇中心服务器，请检查网线或 Wi-Fi，然后点「重试」" in dialog.error.text()
    assert "ConnectionError" not in dialog.error.text()
    assert dialog.code.text() == "7H8C-WV57-H3ES"  # nothing typed is lost
    dialog.close()


def _timeline_labels(w) -> list[str]:
    t = w.detail.timeline
    return [t.item(r, 1).text() for r in range(t.rowCount())]


def test_the_case_header_and_its_timeline_tell_one_sync_state(qtbot, win, server) -> None:
    """Issue 14, finding 5: the header 「同步: …」 and each timeline row's (待同步) were read apart, so
    after a sync (or right after an action) one said 已同步 while the other said 待同步."""
    enroll_through_dialog(qtbot, win, server)
    case_id = register(win.desk, "JY017").case_id
    win.open_case(case_id)
    settle(qtbot, win)
    assert "待同步" in win.detail.sync_label.text() and all("(待同步)" in x for x in _timeline_labels(win))
    assert run_sync(qtbot, win).ok
    assert "已同步" in win.detail.sync_label.text()
    assert not [x for x in _timeline_labels(win) if "(待同步)" in x]  # the rows moved on with the header
    win.open_case(case_id)
    settle(qtbot, win)
    win.detail.action_buttons[EventType.NOTE_ADDED].click()
    dialog = win.detail.dialog
    dialog.fields["text"].setPlainText("群众来电询问进度")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, win)
    labels = _timeline_labels(win)
    assert "(待同步)" in labels[-1] and "待同步 (1 条" in win.detail.sync_label.text(), labels


def test_enrolling_from_settings_says_it_took_in_a_dialog_wide_enough(qtbot, win, server) -> None:
    """Issue 14, finding 6: the enroll button just disappeared (no word that it worked), and the dialog
    was too narrow for its placeholders."""
    win.go(win.settings)
    win.settings.enroll_button.click()
    dialog = win.enroll_dialog
    settle(qtbot, win)
    for edit in (dialog.url, dialog.code, dialog.fingerprint):
        need = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        assert edit.width() > need, (edit.placeholderText(), edit.width(), need)
    dialog.close()
    enroll_through_dialog(qtbot, win, server)
    notice = win.settings.enroll_notice
    assert notice.isVisibleTo(win.settings) and "已注册" in notice.text() and server.url in notice.text()
    assert "已注册" in win.statusBar().currentMessage()


def test_a_valid_code_refused_for_the_pcs_old_device_says_so(qtbot, win, server) -> None:
    """A PC still enrolled at the town (its old device live) asking again with a fresh code is refused
    403 ``device_taken``: that is not the code's fault, and the dialog must not say 注册码无效 (the office
    would ask for code after code); it says what the town must do, and that the same code then works."""
    engine.enroll(win.desk, server.url, server.code(VILLAGE, "agent", "李娜"))
    dialog = win.show_enroll()
    dialog.url.setText(server.url)
    dialog.code.setText(server.code(VILLAGE, "agent", "李娜"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    text = dialog.error.text()
    assert "注册码无效" not in text and "注销原电脑" in text and "同一注册码" in text, text
    dialog.close()
