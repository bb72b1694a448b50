"""市级督查 on a town clerk's PC (issue 17: the town answered the city's inspection on the CLI only), in
the real main window (offscreen) against a real server on loopback: the city records an inspection of
the town, the clerk's sync brings it, the clerk selects it with the keyboard, types the 整改情况 and
presses Enter; the answer is the same event ``villagedesk inspection answer`` writes (one
``inspection_answered`` by the clerk, through ``services.supervision.answer``), syncs, and the city sees
it. No village's inspection shows on the town's page; the village's own 考评督查 page is unchanged
(tests/gui/test_records_page.py). Before, the town's window had no such page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.conftest import TODAY
from tests.e2e.test_case_loop import sync, sync_all
from tests.e2e.test_city_loop import CITY, T1, VA, enrolled_desks
from tests.gui.conftest import settle, shown_window
from tests.integration.server_harness import running_server
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import supervision
from villagedesk.services.desk import Desk
from villagedesk.ui.pages.records_page import RecordsPage


def test_the_town_clerk_answers_the_citys_inspection_from_the_window(qtbot, template_profile: Path, tmp_path: Path):
    with running_server("sqlite", tmp_path) as srv:
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("yc", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, yc):
            of_town = supervision.record(yc, T1, "unannounced", TODAY, "窗口午间无人值守", fix_by=TODAY)
            of_village = supervision.record(yc, VA, "open_visit", TODAY, "未公示办事指南")
            sync_all(yc, t1, a)

            with shown_window(qtbot, t1) as win:
                labels = [label for label, _p in win.pages]
                assert "市级督查" in labels and labels.index("市级督查") == labels.index("报送市级") + 1
                win.nav.setCurrentRow(labels.index("市级督查"))
                settle(qtbot, win)
                page = win.village_records
                assert isinstance(page, RecordsPage) and win.stack.currentWidget() is page
                assert not page.year.isVisibleTo(page) and not page.rating.isVisibleTo(page)
                assert page.inspections.rowCount() == 1  # the town's, not the village's
                assert page.data is not None and [x.id for x in page.data.inspections] == [of_town.id]
                assert page.inspections.item(0, 0).text() == "市级中心"
                assert page.inspections.item(0, 3).text() == "窗口午间无人值守"

                page.inspections.setFocus()
                qtbot.keyClick(page.inspections, Qt.Key.Key_Down)  # keyboard only from here
                qtbot.keyClick(page.inspections, Qt.Key.Key_Space)
                assert page.inspections.selectionModel().selectedRows()[0].row() == 0
                page.result.setFocus()
                page.result.setText("已排定午间轮岗值守表")  # typed through the input method
                qtbot.keyClick(page.result, Qt.Key.Key_Return)
                settle(qtbot, win)
                assert page.error.text() == "" and "同步后送达督查单位" in page.status.text()
                assert page.inspections.item(0, 6).text() == "整改中: 已排定午间轮岗值守表"

                with t1.store.read() as s:  # the very event the CLI writes
                    [ev] = s.scalars(
                        select(m.EventRow).where(
                            m.EventRow.case_id == of_town.id, m.EventRow.type == EventType.INSPECTION_ANSWERED.value
                        )
                    ).all()
                    e = st.row_to_event(ev)
                    assert (e.partition, e.role, e.payload["answerer"]) == (T1, Role.CLERK, t1.identity.user)
                    assert (e.payload["result"], e.payload["fixed"]) == ("已排定午间轮岗值守表", False)

            with Desk.open(t1.paths.root, today=TODAY) as again:  # the window closed t1's desk: the next start
                sync(again)
            sync(yc)
            [seen] = [x for x in supervision.list_for(yc) if x.id == of_town.id]
            assert seen.answered and seen.result == "已排定午间轮岗值守表" and seen.answers[0].answerer
            [untouched] = [x for x in supervision.list_for(yc) if x.id == of_village.id]
            assert not untouched.answered
