"""督查 of a town recorded in the city clerk's window (issue 17: ``villagedesk inspection record <town>`` was
the only way). On the city's real main window (offscreen), against a real server on loopback: on 星级考评 →
督查 the clerk picks the town as 督查对象 by keyboard, types the findings, sets 限期整改 and its date, and
presses Enter; the event is the one the CLI writes (``inspection_recorded`` by the city in the town's own
partition, through ``services.supervision.record``), the findings field empties, the table names the
town. A fix deadline before the inspection day is one Chinese sentence and nothing written, the typed
findings kept. After sync the town's clerk sees it on 市级督查 and the village sees nothing. Before, the
page had no 督查对象: a town could not be chosen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from tests.conftest import TODAY
from tests.e2e.test_case_loop import sync_all
from tests.e2e.test_city_loop import CITY, T1, VA, enrolled_desks
from tests.gui.conftest import settle, shown_window
from tests.integration.server_harness import running_server
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import supervision
from villagedesk.services.desk import Desk


def _recorded(desk: Desk) -> list:
    with desk.store.read() as s:
        rows = s.scalars(select(m.EventRow).where(m.EventRow.type == EventType.INSPECTION_RECORDED.value)).all()
        return [st.row_to_event(r) for r in rows]


def test_the_city_records_an_inspection_of_a_town_from_its_window(qtbot, template_profile: Path, tmp_path: Path):
    with running_server("sqlite", tmp_path) as srv:
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("yc", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, yc):
            city_root = yc.paths.root
            with shown_window(qtbot, yc) as win:
                page = win.city_rating
                win.go(page)
                settle(qtbot, win)
                page.tabs.setCurrentIndex(1)  # 督查
                assert page.target.itemText(0) == "左侧所选的村(社区)"
                at = page.target.findData(T1)
                assert at > 0, [page.target.itemText(n) for n in range(page.target.count())]
                town_name = page.target.itemText(at)

                page.target.setFocus()
                for _ in range(at):  # keyboard: the chooser, Down to the town
                    qtbot.keyClick(page.target, Qt.Key.Key_Down)
                assert page.target.currentData() == T1
                assert page.inspected_village.text().startswith(town_name)
                page.needs_fix.setFocus()
                qtbot.keyClick(page.needs_fix, Qt.Key.Key_Space)
                assert page.needs_fix.isChecked()
                page.inspected_on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
                before = TODAY - timedelta(days=3)
                page.fix_by.setDate(QDate(before.year, before.month, before.day))  # before the inspection day
                page.findings.setFocus()
                page.findings.setText("窗口午间无人值守")  # typed through the input method
                qtbot.keyClick(page.findings, Qt.Key.Key_Return)
                settle(qtbot, win)
                assert page.error.text() == "整改期限不能早于督查日期", page.error.text()
                assert page.findings.text() == "窗口午间无人值守" and _recorded(win.desk) == []

                due = TODAY + timedelta(days=10)
                page.fix_by.setDate(QDate(due.year, due.month, due.day))
                page.findings.setFocus()
                qtbot.keyClick(page.findings, Qt.Key.Key_Return)
                settle(qtbot, win)
                assert page.error.text() == "" and page.findings.text() == ""
                [e] = _recorded(win.desk)  # the very event ``inspection record 419001100000`` writes
                assert (e.partition, e.role) == (T1, Role.CITY)
                assert (e.payload["findings"], e.payload["fix_by"]) == ("窗口午间无人值守", due.isoformat())
                shown = [page.inspections.item(n, 0).text() for n in range(page.inspections.rowCount())]
                assert shown == [town_name], shown

                page.target.setCurrentIndex(0)  # back to a village: the selected one is inspected
                page.select_village(VA)
                page.findings.setText("未公示办事指南")
                page.needs_fix.setChecked(False)
                qtbot.keyClick(page.findings, Qt.Key.Key_Return)
                settle(qtbot, win)
                assert sorted(x.partition for x in _recorded(win.desk)) == sorted([T1, VA])

            with Desk.open(city_root, today=TODAY) as again:  # the window closed the city's desk
                sync_all(again, t1, a)
            [seen] = supervision.list_for(t1, T1)  # the town's 市级督查 page lists this
            assert (seen.findings, seen.level, seen.fix_by) == ("窗口午间无人值守", "市", due)
            assert [x.findings for x in supervision.list_for(a)] == ["未公示办事指南"]  # not the town's
