"""The old PC after its backup was restored on a new PC (issue #13, office findings).

The old PC attached a scan and made a backup while that event was still unsynced; the new PC restored it
and synced first, so the server held the event as pushed by the new PC. The old PC's sync then looped for
ever: its own push of that event was refused as ``[conflict] 同一事件编号已存在但内容不同`` (the server
binds an event's device to the token that pushed it), the refused event stopped counting here, the
server's counts said this PC lacked an event, and each round re-pulled the partition from cursor 0
without end."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_sync_roundtrip import VILLAGE_A, register, sync
from villagedesk.services import attachments, maintenance
from villagedesk.sync import engine


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_the_old_pc_syncs_to_an_end_after_its_unsynced_backup_is_restored_on_a_new_pc(
    enrolled, server, tmp_path: Path
) -> None:
    old = enrolled("old", VILLAGE_A)
    case = register(old, "张三", "419001198001010014")
    sync(old)
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0" + b"scan" * 500)
    attachments.add_file(old, case, scan)
    assert engine.pending_count(old) > 0  # the attachment's event is not synced yet
    backup = maintenance.backup(old, tmp_path / "old.vdbak")
    new = enrolled("new", VILLAGE_A)
    root = new.paths.root
    new.close()
    _ok(run_cli("restore", str(backup), profile=root))
    _ok(run_cli("sync", profile=root))  # the new PC pushes the old PC's unsynced event first
    result = sync(old)  # looped for ever (MAX_ROUNDS 100,000) before
    assert result.rejected == 0 and result.duplicates >= 1, result
    assert engine.pending_count(old) == 0
    assert len(attachments.list_for_case(old, case)) == 1
