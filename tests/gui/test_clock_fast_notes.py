"""Issue 18: a PC whose clock runs fast (ahead of the town server's by more than the sync's tolerance) is
told so where the agent looks, in plain Chinese: what is wrong (快 2 天) and what to do (校准电脑时间).

Before, the command line said 「本机时钟与服务器相差 3060 分钟, 请校准系统时间」 (no direction, minutes for
days), the window said it only on the 同步 page, and the records the sync stamped again on the server's
time because the clock ran more than a day fast were told on the command line and in the log only.
A real server on loopback, a real profile migrated by Alembic, the PC's clock set fast (the desk's and
the engine's wall clock). Fails on the old code."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import TODAY
from tests.flows import register
from tests.gui.conftest import settle
from tests.integration.server_harness import running_server
from villagedesk import cli
from villagedesk.domain.lifecycle import Role
from villagedesk.services import desk as desk_module
from villagedesk.services import preferences
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

VILLAGE = "419001100201"
FAST_MS = (2 * 24 + 3) * 3600 * 1000  # two days and three hours fast: more than a day, the server refuses


def _fast_profile(template_profile: Path, tmp_path: Path, srv, monkeypatch) -> Desk:
    shutil.copytree(template_profile, tmp_path / "profile")
    desk = Desk.open(tmp_path / "profile", today=TODAY)
    desk.setup(Role.AGENT, VILLAGE, "李娜")
    engine.enroll(desk, srv.url, srv.code(VILLAGE, "agent", "李娜"))
    real_desk, real_engine = desk_module._wall_ms, engine.now_ms
    monkeypatch.setattr(desk_module, "_wall_ms", lambda: real_desk() + FAST_MS)  # the PC's clock, fast
    monkeypatch.setattr(engine, "now_ms", lambda: real_engine() + FAST_MS)
    register(desk)  # stamped two days ahead of the server
    return desk


def test_the_window_says_the_clock_is_fast_on_the_sync_page_and_the_dashboard(
    qtbot, template_profile: Path, tmp_path: Path, monkeypatch
) -> None:
    from villagedesk.ui.main_window import MainWindow

    with running_server("sqlite", tmp_path) as srv:
        desk = _fast_profile(template_profile, tmp_path, srv, monkeypatch)
        w = MainWindow(desk, None, preferences.load(desk))
        w.sync.auto = False
        qtbot.addWidget(w)
        w.show()
        settle(qtbot, w)
        try:
            run = engine.SyncEngine(desk)  # the PC's clock, as a scheduled run reads it
            with qtbot.waitSignal(w.sync.finished, timeout=30_000):
                w.sync.runner.network(run.run, on_done=w.sync._done)
            settle(qtbot, w)
            run.close()
            panel = w.sync_panel
            note = panel.clock_label.text()
            assert panel.clock_label.isVisibleTo(panel)
            assert "本机时钟比镇中心服务器快 2 天" in note and "请校准电脑时间" in note, note  # was 快 3060 分钟
            assert "1 条记录的时间因本机时钟偏快超过一天, 已按镇中心时间重新标记并上传" in note, note
            assert engine.pending_count(desk) == 0  # nothing lost: the restamped record went up
            w.go(w.dashboard)
            settle(qtbot, w)
            board = w.dashboard.sync_label.text()
            assert "同步成功" in board and "快 2 天" in board and "请校准电脑时间" in board, board  # was not there
        finally:
            w.close()
            desk.close()


def test_the_sync_command_says_the_clock_is_fast_and_what_to_do(
    template_profile: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    with running_server("sqlite", tmp_path) as srv:
        desk = _fast_profile(template_profile, tmp_path, srv, monkeypatch)
        profile = desk.paths.root
        desk.close()
        capsys.readouterr()
        assert cli.main(["--profile", str(profile), "sync", "--quiet"]) == 0
        out = capsys.readouterr().out
        assert "本机时钟比镇中心服务器快 2 天: 请校准电脑时间" in out, out  # was 相差 3060 分钟, 请校准系统时间
        assert "重新标记" in out
