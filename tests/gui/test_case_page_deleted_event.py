"""Issue 18: a case whose event row was deleted in the database read as whole on the case page. The
status line now says its history is incomplete. Fails on the old code (no word)."""

from __future__ import annotations

import sqlite3

from tests.gui.conftest import settle
from villagedesk.services import queries


def test_the_case_page_warns_of_a_deleted_event(qtbot, window) -> None:
    desk = window.desk
    (row,) = queries.list_cases(desk, queries.CaseFilter(statuses=["awaiting_materials"]), limit=1)
    window.open_case(row.id)
    settle(qtbot, window)
    assert "被删除" not in window.detail.status_label.text()  # an honest case: no mark
    con = sqlite3.connect(desk.paths.db)  # the forger's delete of the case's last step, behind the app's back
    con.execute(
        "DELETE FROM events WHERE id = (SELECT id FROM events WHERE case_id = ? ORDER BY local_seq DESC LIMIT 1)",
        (row.id,),
    )
    con.commit()
    con.close()
    window.open_case(row.id)
    settle(qtbot, window)
    assert "有记录被删除, 办理过程不完整、不可信" in window.detail.status_label.text()
