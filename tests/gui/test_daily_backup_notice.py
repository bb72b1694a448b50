"""The GUI's daily automatic backup takes the path ``villagedesk backup`` takes: on a damaged database it
is refused (nothing written, no good backup rotated away) and the agent is told in a box on the window,
naming the backup to restore (the old code wrote the damaged archive and told nobody)."""

from __future__ import annotations

import os

from villagedesk import app
from villagedesk.services import maintenance

PAGE = 4096


def test_the_daily_backup_of_a_damaged_database_is_refused_and_the_agent_told(qtbot, window) -> None:
    desk = window.desk
    good = maintenance.backup(desk, desk.paths.backups / "by-hand.vdbak")  # not today's automatic one
    before = sorted(p.name for p in desk.paths.backups.glob("*.vdbak"))
    fd = os.open(desk.paths.db, os.O_RDWR)
    try:
        os.pwrite(fd, b"\xaa" * PAGE, 5 * PAGE)  # page 6, as a failing sector
    finally:
        os.close(fd)
    thread = app.daily_backup(desk, window.backup_failed.emit)
    thread.join(120)
    qtbot.waitUntil(lambda: window.backup_notice is not None, timeout=10_000)
    text = window.backup_notice.text()
    assert "已损坏" in text and str(good) in text, text
    assert window.backup_notice.isVisible()
    assert sorted(p.name for p in desk.paths.backups.glob("*.vdbak")) == before
