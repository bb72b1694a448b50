"""A restore killed after its swap (SIGKILL before its report) is told to the agent when the window next
opens: which cases exist only in the safety copy, once (the old code never said it anywhere)."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT
from tests.flows import register
from tests.gui.conftest import PASSWORD, USERNAME
from tests.gui.test_logout import _top, launch_driven
from tests.integration.test_office_backups import KILLED_AFTER_SWAP
from tests.support.processes import was_killed_hard
from villagedesk.services import accounts, maintenance


def test_the_window_tells_the_cases_a_killed_restore_set_aside(qtbot, gui_desk, tmp_path) -> None:
    old = maintenance.backup(gui_desk, tmp_path / "old.vdbak")
    newer = register(gui_desk)  # a case the backup lacks
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_SWAP, str(gui_desk.paths.root), str(old)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert was_killed_hard(done.returncode), done.stderr
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    said: list[str] = []

    steps: list[int] = []

    def walk() -> bool:
        window = _top("MainWindow")  # the visible one: an earlier test's closed window may still exist
        steps.append(1)
        notice = window.restore_notice if window is not None else None
        if notice is None and len(steps) < 400:  # 20 s for the window to show
            return True
        said.append(notice.text() if notice is not None else "no notice shown")
        for top in QApplication.topLevelWidgets():
            top.ask_before_close = False
            top.close()
        return False

    launch_driven(gui_desk, account, walk, said)
    (text,) = said
    assert "上次恢复" in text and newer.case_no in text and "before-restore-" in text, text
    assert not (gui_desk.paths.root / "restore-pending.json").exists()  # said once
