"""A command run while a restore is still running does not take that restore's note for a killed one's.

The restore writes ``restore-pending.json`` before its swap and removes it once it has reported; a command
in between (another window's ``check``) said 「注意: 上次恢复在报告结果前被中断…」 and removed the note,
while the restore was alive and about to report it itself. Real profile, the real CLI in a subprocess; the
running restore is stood for by what marks one: ``backups/.backup.lock`` held by a living process, with its
note written beside a database that no longer holds the cases it names.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.services import maintenance, restore_note
from villagedesk.services.file_lock import FileLock


def test_the_note_of_a_running_restore_is_left_to_it_and_said_once_it_is_gone(desk, tmp_path: Path) -> None:
    register(desk)
    friday = maintenance.backup(desk, tmp_path / "friday.vdbak")
    newer = register(desk).case_no
    root = desk.paths.root
    desk.close()
    out = run_cli("restore", str(friday), profile=root)
    assert out.returncode == 0, out.stderr
    safety = next((root / "backups").glob("before-restore-*.vdbak"))
    lock = FileLock(root / "backups" / ".backup.lock").acquire()  # a restore between its swap and its report
    try:
        restore_note.write(root, safety, [newer])
        during = run_cli("check", profile=root)
        assert "被中断" not in during.stdout + during.stderr, during.stderr
        assert (root / restore_note.NOTE).exists()  # still the running restore's to report and remove
    finally:
        lock.release()
    after = run_cli("check", profile=root)  # the restore died without reporting: now it is said, once
    assert "上次恢复在报告结果前被中断" in after.stderr and newer in after.stderr, after.stderr
    assert not (root / restore_note.NOTE).exists()
