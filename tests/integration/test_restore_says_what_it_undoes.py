"""A restore says everything it undoes, and keeps this PC's own preferences (issue 13, a cadre at a real
window): restoring an earlier backup said only 「原数据库中有 1 件较新的办件不在此备份中」, while it also undid
a later 材料补齐 of a case the backup has, a booking made since, and set the language back to 中文 and the
second backup folder to none.

A real profile, the real ``backup`` and ``restore`` commands in subprocesses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, appointments, maintenance, preferences
from villagedesk.services.desk import Desk


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_restore_names_the_later_steps_and_records_it_undoes_and_keeps_the_pcs_preferences(
    desk: Desk, tmp_path: Path
) -> None:
    first = register(desk)
    register(desk)
    _ok(run_cli("backup", str(tmp_path / "friday.vdbak"), profile=desk.paths.root))
    actions.perform(desk, first.case_id, EventType.NOTE_ADDED, {"text": "村民来电, 周一补交户口簿"})
    appointments.book(desk, "王芳", "13800138001", "JY001", date(2026, 12, 5))
    register(desk)  # a whole case the backup lacks: said as before
    preferences.save(desk, preferences.Preferences(language="en", hotline="0391-6633123"))
    usb = tmp_path / "usb"
    usb.mkdir()
    maintenance.set_second_folder(desk, usb)
    desk.close()

    preview = _ok(run_cli("restore", "--preview", str(tmp_path / "friday.vdbak"), profile=desk.paths.root))
    assert "备份之后的改动将被撤回" in preview and "1 件办件的后续办理, 1 条其他记录" in preview, preview
    said = _ok(run_cli("restore", str(tmp_path / "friday.vdbak"), profile=desk.paths.root))
    assert "1 件较新的办件不在此备份中" in said, said
    # was silent: the note of the first case and the booking are undone, and never reached the town
    assert "备份之后的改动已被撤回" in said and "1 件办件的后续办理, 1 条其他记录" in said, said
    assert "其中 2 条事件尚未送达镇中心" in said and "before-restore-" in said, said

    again = Desk.open(desk.paths.root, today=desk.today())
    try:
        kept = preferences.load(again)
        assert (kept.language, kept.hotline) == ("en", "0391-6633123")  # was zh_CN and ""
        assert maintenance.second_folder(again) == usb  # was None
    finally:
        again.close()


def test_restoring_a_backup_with_nothing_newer_since_says_nothing_of_undoing(desk: Desk, tmp_path: Path) -> None:
    register(desk)
    _ok(run_cli("backup", str(tmp_path / "now.vdbak"), profile=desk.paths.root))
    desk.close()
    said = _ok(run_cli("restore", str(tmp_path / "now.vdbak"), profile=desk.paths.root))
    assert "撤回" not in said, said
