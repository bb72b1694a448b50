"""The sync panel's progress (bytes, rate, time left, the attachment in flight) and the USB bundles in
both apps: the village exports and imports through its panel, the town clerk's app imports the village's
bundle through a REAL server on 127.0.0.1, and refused files say why and change nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import TODAY
from tests.flows import register
from tests.gui.conftest import settle
from tests.integration.server_harness import running_server
from tests.integration.test_bundles import desk_state, server_state
from villagedesk.domain.lifecycle import Role
from villagedesk.services import preferences, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline

VILLAGE = "419001100201"
TOWN = "419001100000"
OTHER_VILLAGE = "419001200201"


@pytest.fixture
def server(tmp_path: Path):
    with running_server("sqlite", tmp_path) as srv:
        yield srv


@pytest.fixture
def new_desk(template_profile: Path, tmp_path: Path):
    opened: list[Desk] = []

    def make(name: str, role: Role, region: str, user: str) -> Desk:
        target = tmp_path / f"profile-{name}"
        shutil.copytree(template_profile, target)
        d = Desk.open(target, today=TODAY)
        d.setup(role, region, user)
        opened.append(d)
        return d

    yield make
    for d in opened:
        d.close()


@pytest.fixture
def open_window(qtbot):
    windows = []

    def make(desk: Desk):
        from villagedesk.ui.main_window import MainWindow

        w = MainWindow(desk, None, preferences.load(desk))
        w.sync.auto = False
        qtbot.addWidget(w)
        w.show()
        settle(qtbot, w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


def enrolled_window(open_window, qtbot, desk: Desk, server, role: str, region: str):
    engine.enroll(desk, server.url, server.code(region, role, desk.identity.user))
    w = open_window(desk)
    qtbot.waitUntil(lambda: w.sync.enrolled, timeout=10_000)
    settle(qtbot, w)
    return w


def answer(box, *paths: Path | None) -> list[str]:
    """The file dialogs answer with ``paths`` in turn; returns the titles they were asked with."""
    queue, asked = list(paths), []

    def ask(title: str, _suggested: Path) -> Path | None:
        asked.append(title)
        return queue.pop(0)

    box.ask_save_path = ask
    box.ask_open_path = ask
    return asked


def click(qtbot, w, button) -> str:
    assert button.isVisibleTo(w.sync_panel) and button.isEnabled()
    button.click()
    settle(qtbot, w, timeout=20_000)
    return w.sync_panel.bundles.status.text()


def shoot(w, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert w.grab().save(str(path))
    image = QImage(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 13)}
    assert image.width() >= 800 and len(colours) > 3


def screenshots(tmp_path: Path) -> Path:
    return Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")


# --- progress -------------------------------------------------------------------------------------


def test_eta_bytes_and_attachment_display(qtbot, new_desk, open_window, server, tmp_path: Path) -> None:
    w = enrolled_window(open_window, qtbot, new_desk("v", Role.AGENT, VILLAGE, "李娜"), server, "agent", VILLAGE)
    panel = w.sync_panel
    w.go(panel)
    panel.sync_button.setEnabled(False)  # as during a run (the figures below are the run's)
    panel.cancel_button.setEnabled(True)
    now = [100.0]
    panel.clock = lambda: now[0]
    panel.begin_run(pending=240)
    assert "正在估算" in panel.eta_label.text()

    # one event per second, 3 KB per second: after 10 s, 230 events left ≈ 4 minutes
    for k in range(1, 11):
        now[0] += 1.0
        panel._progress(engine.Progress("push", k, 3072 * k))
        panel.set_pending(240 - k)
    assert panel.eta_label.text() == "剩余时间: 约 4 分钟"
    assert "上传记录中" in panel.phase_label.text() and "10 条" in panel.phase_label.text()
    assert panel.moved_label.text() == "已传送 30.0 KB, 速度 3.0 KB/秒"
    assert (panel.bar.minimum(), panel.bar.maximum(), panel.bar.value()) == (0, 240, 10)
    panel._progress(engine.Progress("pull", 10, 31_000))  # the page pulled after a pushed batch
    assert "上传记录中" in panel.phase_label.text() and panel.bar.maximum() == 240  # no flicker to "busy"
    assert panel.eta_label.text().startswith("剩余时间: 约")
    # the link doubles its speed: the smoothed estimate follows, without jumping straight there
    for k in range(1, 6):
        now[0] += 1.0
        panel.set_pending(230 - 2 * k)
    eta = panel.events_meter.eta(220)
    assert eta is not None and 220 / 2 < eta < 220
    assert panel.eta_text(30) == "约 30 秒" and panel.eta_text(3) == "即将完成"
    assert panel.eta_text(3 * 3600 + 20 * 60) == "约 3 小时 20 分钟" and panel.eta_text(None) == "正在估算…"

    # an attachment in flight: its name, its own bar in KB and bytes, its time left at its own rate
    assert not panel.attach_bar.isVisibleTo(panel) and "没有附件" in panel.attach_name.text()
    sent = 0
    for _ in range(6):
        now[0] += 1.0
        sent += 8 * 1024
        panel._progress(
            engine.Progress(
                "push",
                20,
                40_000 + sent,
                attachment="ab" * 32,
                attachment_name="张三-身份证正面.jpg",
                attachment_bytes=sent,
                attachment_total=200 * 1024,
            )
        )
    assert panel.attach_name.text() == "附件: 张三-身份证正面.jpg"
    assert panel.attach_bar.isVisibleTo(panel) and panel.attach_bar.maximum() == 200
    assert panel.attach_bar.value() == 48
    assert panel.attach_bytes.text() == "48.0 KB / 200.0 KB, 剩余 约 20 秒"
    assert "传送附件中" in panel.phase_label.text()
    shoot(w, screenshots(tmp_path), "sync-panel-progress.png")  # before the event loop runs again
    settle(qtbot, w)

    panel._progress(engine.Progress("pull", 25, 300_000))  # the attachment is done
    assert not panel.attach_bar.isVisibleTo(panel) and "没有附件" in panel.attach_name.text()
    assert "下载记录中" in panel.phase_label.text() and "取决于" in panel.eta_label.text()
    panel._finished(engine.SyncResult(ok=True, bytes_sent=200_000, bytes_received=100_000, seconds=31.5))
    assert panel.eta_label.text() == "" and panel.moved_label.text() == "本次传送 293.0 KB, 用时 31.5 秒"
    settle(qtbot, w)


def test_real_sync_fills_the_bar_with_the_outbox(qtbot, new_desk, open_window, server) -> None:
    desk = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    w = enrolled_window(open_window, qtbot, desk, server, "agent", VILLAGE)
    for _ in range(15):
        register(desk)
    w.sync.batch_bytes = engine.MIN_BATCH_BYTES  # many round trips
    total = engine.pending_count(desk)
    maxima: list[int] = []
    w.sync.progress.connect(lambda _p: maxima.append(w.sync_panel.bar.maximum()))
    w.go(w.sync_panel)
    with qtbot.waitSignal(w.sync.finished, timeout=30_000) as blocker:
        w.sync_panel.sync_button.click()
    settle(qtbot, w)
    assert blocker.args[0].ok and blocker.args[0].pushed == total
    assert total in maxima  # the bar counted the outbox, not an endless busy indicator
    assert "本次传送" in w.sync_panel.moved_label.text() and w.sync_panel.eta_label.text() == ""


# --- USB bundles ----------------------------------------------------------------------------------


def test_village_and_clerk_apps_carry_a_bundle_both_ways(qtbot, new_desk, open_window, server, tmp_path: Path) -> None:
    village = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    clerk = new_desk("c", Role.CLERK, TOWN, "王芳")
    vw = enrolled_window(open_window, qtbot, village, server, "agent", VILLAGE)
    cw = enrolled_window(open_window, qtbot, clerk, server, "clerk", TOWN)
    cases = [register(village).case_id for _ in range(3)]
    stick = tmp_path / "usb"
    stick.mkdir()
    vbox, cbox = vw.sync_panel.bundles, cw.sync_panel.bundles
    vw.go(vw.sync_panel)
    cw.go(cw.sync_panel)
    assert vbox.isVisibleTo(vw.sync_panel) and not vbox.relay_button.isVisibleTo(vbox)
    assert cbox.relay_button.isVisibleTo(cbox) and not cbox.export_button.isVisibleTo(cbox)

    # the village exports to the stick
    answer(vbox, stick / "村同步包.vdb")
    text = click(qtbot, vw, vbox.export_button)
    assert text.startswith("已导出第 1 号同步包: 3 条待同步记录") and (stick / "村同步包.vdb").is_file()
    assert engine.pending_count(village) == 3

    # the clerk's app uploads it to the town server and saves the acknowledgement on the stick
    asked = answer(cbox, stick / "村同步包.vdb", stick / "回执.vdb")
    text = click(qtbot, cw, cbox.relay_button)
    assert len(asked) == 2 and "村里导出的同步包" in asked[0] and "回执包" in asked[1]
    assert "已导入 石槽沟村 的第 1 号同步包: 共 3 条, 新收 3 条, 重复 0 条, 被拒 0 条" in text, text  # by name
    assert "回执包(带回 0 条)已保存" in text and (stick / "回执.vdb").is_file()
    assert cbox.suggested_ack(stick / "村同步包.vdb") == stick / "回执-村同步包.vdb"
    shoot(cw, screenshots(tmp_path), "sync-panel-clerk.png")

    # the village imports the acknowledgement: its outbox is empty, its cases show as synced
    answer(vbox, stick / "回执.vdb")
    text = click(qtbot, vw, vbox.import_button)
    assert text == "已导入第 1 号回执包: 确认上传 3 条, 被拒 0 条, 收到 0 条。", text
    assert "待同步记录 0 条" in vw.sync_panel.pending_label.text()
    assert engine.case_status(village, cases) == dict.fromkeys(cases, "synced")
    shoot(vw, screenshots(tmp_path), "sync-panel-village.png")

    # both agree: the clerk's app pulls the village's cases from the server
    with qtbot.waitSignal(cw.sync.finished, timeout=30_000) as blocker:
        cw.sync_panel.sync_button.click()
    settle(qtbot, cw)
    assert blocker.args[0].ok and blocker.args[0].pulled == 3
    for c in cases:
        assert queries.rows_by_ids(village, [c])[0].status == queries.rows_by_ids(clerk, [c])[0].status

    # refused in the clerk's app, nothing changed on the server
    far = new_desk("far", Role.AGENT, OTHER_VILLAGE, "赵六")
    engine.enroll(far, server.url, server.code(OTHER_VILLAGE, "agent", "赵六"))
    register(far)
    offline.export_bundle(far, stick / "外镇.vdb")
    before = server_state(server.db)
    answer(cbox, stick / "村同步包.vdb", stick / "again.vdb")
    assert "同步包未导入" in click(qtbot, cw, cbox.relay_button)
    assert "已导入过" in cbox.status.text() and not (stick / "again.vdb").exists()
    answer(cbox, stick / "回执.vdb", stick / "x.vdb")
    assert "回执包, 应拷回村里导入" in click(qtbot, cw, cbox.relay_button)
    answer(cbox, stick / "外镇.vdb", stick / "y.vdb")
    assert "其他乡镇" in click(qtbot, cw, cbox.relay_button)
    assert server_state(server.db) == before and not (stick / "y.vdb").exists()


def test_refused_ack_files_say_why_and_change_nothing(qtbot, new_desk, open_window, server, tmp_path: Path) -> None:
    from villagedesk.server import bundles as srv_bundles

    village = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    vw = enrolled_window(open_window, qtbot, village, server, "agent", VILLAGE)
    other = new_desk("o", Role.AGENT, VILLAGE, "另一台")
    engine.enroll(other, server.url, server.code(VILLAGE, "agent", "另一台"))
    register(village)
    register(other)
    box = vw.sync_panel.bundles
    vw.go(vw.sync_panel)
    answer(box, tmp_path / "missing-folder" / "x.vdb")
    assert "导出失败" in click(qtbot, vw, box.export_button) and "不存在" in box.status.text()
    answer(box, tmp_path / "out")  # no suffix given: .vdb is added
    assert "已导出第" in click(qtbot, vw, box.export_button) and (tmp_path / "out.vdb").is_file()
    ack, _ = srv_bundles.import_bundle(server.db, (tmp_path / "out.vdb").read_bytes())
    offline.export_bundle(other, tmp_path / "other.vdb")
    foreign, _ = srv_bundles.import_bundle(server.db, (tmp_path / "other.vdb").read_bytes())

    files = {
        "tampered.vdb": (ack[:300] + bytes([ack[300] ^ 1]) + ack[301:], "签名不符"),
        "truncated.vdb": (ack[:-10], "不完整"),
        "foreign.vdb": (foreign, "另一台设备"),
        "mine.vdb": ((tmp_path / "out.vdb").read_bytes(), "镇中心导入"),
        "text.vdb": ("不是同步包".encode(), "不是"),
    }
    local = desk_state(village)
    for name, (data, words) in files.items():
        (tmp_path / name).write_bytes(data)
        answer(box, tmp_path / name)
        text = click(qtbot, vw, box.import_button)
        assert text.startswith("回执包未导入, 本机数据没有任何改动") and words in text, (name, text)
        assert box.status.styleSheet() == "color: #c62828;"
        assert desk_state(village) == local, name
    (tmp_path / "ack.vdb").write_bytes(ack)
    answer(box, tmp_path / "ack.vdb")
    assert "确认上传 1 条" in click(qtbot, vw, box.import_button)
    answer(box, tmp_path / "ack.vdb")
    assert "已导入过" in click(qtbot, vw, box.import_button)  # replayed
    answer(box, None)  # the dialog was cancelled: nothing happens
    box.import_button.click()
    settle(qtbot, vw)
    assert "已导入过" in box.status.text()


def test_clerk_chooses_another_place_when_the_stick_is_gone(
    qtbot, new_desk, open_window, server, tmp_path: Path
) -> None:
    village = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    engine.enroll(village, server.url, server.code(VILLAGE, "agent", "李娜"))
    register(village)
    offline.export_bundle(village, tmp_path / "v.vdb")
    cw = enrolled_window(open_window, qtbot, new_desk("c", Role.CLERK, TOWN, "王芳"), server, "clerk", TOWN)
    box = cw.sync_panel.bundles
    cw.go(cw.sync_panel)
    asked = answer(box, tmp_path / "v.vdb", tmp_path / "gone" / "ack.vdb", tmp_path / "ack.vdb")
    text = click(qtbot, cw, box.relay_button)
    assert len(asked) == 3 and "另选" in asked[2]  # asked again after the write failed
    assert "新收 1 条" in text and (tmp_path / "ack.vdb").is_file()
    assert offline.import_ack(village, tmp_path / "ack.vdb").result.pushed == 1
    assert bd.open_bytes((tmp_path / "ack.vdb").read_bytes()).header.kind == bd.KIND_ACK


def test_the_village_app_shows_attachments_the_ack_brought(
    qtbot, new_desk, open_window, server, tmp_path: Path
) -> None:
    import base64

    from tests.integration.test_sync_attachments import _bundle_key
    from villagedesk.server import bundles as srv_bundles
    from villagedesk.services import attachments as svc

    village = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    vw = enrolled_window(open_window, qtbot, village, server, "agent", VILLAGE)
    other = new_desk("o", Role.AGENT, VILLAGE, "另一台")
    engine.enroll(other, server.url, server.code(VILLAGE, "agent", "另一台"))
    case = register(other).case_id
    scans = []
    for n in range(2):
        (tmp_path / f"扫描{n}.jpg").write_bytes(os.urandom(5_000))
        scans.append(svc.add_file(other, case, tmp_path / f"扫描{n}.jpg", "身份证"))
    eng = engine.SyncEngine(other)
    try:
        assert eng.run().attachments_up == 2
    finally:
        eng.close()

    blobs = server.app.state.attachments.store.root
    offline.export_bundle(village, tmp_path / "out.vdb")
    ack, done = srv_bundles.import_bundle(server.db, (tmp_path / "out.vdb").read_bytes(), blob_dir=blobs)
    assert done.files_out == 2
    opened = bd.open_bytes(ack)
    body = bd.verify(opened, _bundle_key(village))
    bad = next(f for f in body["files"] if f["s"] == scans[1].sha256)
    bad["d"] = base64.urlsafe_b64encode(os.urandom(5_000)).decode()
    (tmp_path / "ack.vdb").write_bytes(bd.seal(opened.header, body, _bundle_key(village)))

    box = vw.sync_panel.bundles
    vw.go(vw.sync_panel)
    answer(box, tmp_path / "ack.vdb")
    text = click(qtbot, vw, box.import_button)
    assert "收到 3 条" in text and "带回附件 1 个" in text, text
    assert "未保存的附件" in text and "扫描1.jpg" in text and "SHA-256" in text, text
    assert box.status.styleSheet() == "color: #c62828;"  # something was left out: not the all-good colour
    assert svc.blob_path(village, scans[0].sha256).read_bytes() == scans[0].path.read_bytes()
    assert not svc.blob_path(village, scans[1].sha256).exists()


def test_the_clerks_app_counts_the_files_both_ways(qtbot, new_desk, open_window, server, tmp_path: Path) -> None:
    from villagedesk.services import attachments as svc

    village = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    engine.enroll(village, server.url, server.code(VILLAGE, "agent", "李娜"))
    clerk = new_desk("c", Role.CLERK, TOWN, "王芳")
    cw = enrolled_window(open_window, qtbot, clerk, server, "clerk", TOWN)
    case = register(village).case_id
    (tmp_path / "户口簿.jpg").write_bytes(os.urandom(8_000))
    svc.add_file(village, case, tmp_path / "户口簿.jpg", "户口簿")
    offline.export_bundle(village, tmp_path / "村同步包.vdb")

    cbox = cw.sync_panel.bundles
    cw.go(cw.sync_panel)
    answer(cbox, tmp_path / "村同步包.vdb", tmp_path / "回执.vdb")
    text = click(qtbot, cw, cbox.relay_button)
    assert "新收 2 条" in text and "附件收到 1 个。" in text, text  # registration + the file
    assert "回执包带回附件" not in text  # nothing of the town's for this village yet
    shoot(cw, screenshots(tmp_path), "sync-panel-clerk-files.png")
