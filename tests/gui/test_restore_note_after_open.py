"""The window tells a killed restore's note only when it is true of the database the window opened
(issue 13, office tester, round 2: a stale note, or none).

Real profiles, a real ``restore`` in a subprocess killed hard (SIGKILL) just before or just after its
swap, then the program's own ``launch`` on a Desk opened as ``villagedesk`` opens it (``Desk.open``: its
start-up writes, a login). Killed *after* the swap, the note names the case only the safety copy has,
once; killed *before* it, the database still has every case and the window says nothing about a restore.
"""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT, TODAY
from tests.flows import register
from tests.gui.conftest import PASSWORD, USERNAME
from tests.gui.test_logout import _top, launch_driven
from tests.integration.test_office_backups import KILLED_AFTER_SWAP
from tests.support.processes import was_killed_hard
from villagedesk.services import accounts, maintenance
from villagedesk.services.desk import Desk

KILLED_BEFORE_SWAP = """
import os, signal, sys
from pathlib import Path
from villagedesk.services import maintenance
from villagedesk.services.desk import ProfilePaths
def power_cut(*args):  # the note is written, the old DB not yet replaced
    os.kill(os.getpid(), signal.SIGKILL)
maintenance._copy_db = power_cut
maintenance.restore(ProfilePaths(Path(sys.argv[1])), Path(sys.argv[2]))
"""


def _restore_killed(script: str, root, backup) -> None:
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(backup)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert was_killed_hard(done.returncode), done.stderr


def _notice_of_a_window(desk: Desk, wait_steps: int) -> list[str]:
    """Launch the program on ``desk``; what its restore box said ("none" when no box showed in time)."""
    account = accounts.authenticate(desk, USERNAME, PASSWORD)
    said: list[str] = []
    steps: list[int] = []

    def walk() -> bool:
        window = _top("MainWindow")
        steps.append(1)
        notice = window.restore_notice if window is not None else None
        if notice is None and len(steps) < wait_steps:
            return True
        said.append(notice.text() if notice is not None else "none")
        for top in QApplication.topLevelWidgets():
            top.ask_before_close = False
            top.close()
        return False

    launch_driven(desk, account, walk, said)
    return said


def test_a_restore_killed_before_its_swap_is_not_told_after_the_db_is_opened(qtbot, gui_desk, tmp_path) -> None:
    old = maintenance.backup(gui_desk, tmp_path / "old.vdbak")
    register(gui_desk)  # a case the backup lacks: still in the DB, the restore never swapped
    root = gui_desk.paths.root
    gui_desk.close()
    _restore_killed(KILLED_BEFORE_SWAP, root, old)
    assert (root / "restore-pending.json").exists()
    with Desk.open(root, today=TODAY) as desk:  # as the program opens it: its start-up may write
        assert _notice_of_a_window(desk, 60) == ["none"]
    assert not (root / "restore-pending.json").exists()  # dropped, not kept for a later window


def test_a_restore_killed_after_its_swap_is_told_once_after_the_db_is_opened(qtbot, gui_desk, tmp_path) -> None:
    old = maintenance.backup(gui_desk, tmp_path / "old.vdbak")
    newer = register(gui_desk)
    root = gui_desk.paths.root
    gui_desk.close()
    _restore_killed(KILLED_AFTER_SWAP, root, old)
    with Desk.open(root, today=TODAY) as desk:
        (text,) = _notice_of_a_window(desk, 400)
        assert "上次恢复" in text and newer.case_no in text and "before-restore-" in text, text
        assert _notice_of_a_window(desk, 40) == ["none"]  # once
