"""留痕 page of the town clerk's window: real widgets offscreen, a real server on loopback HTTP, a village
PC's entries synced there. Fails on the old code: there was no page (and nothing on the server) to read
them from."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.gui.conftest import settle
from tests.integration.server_harness import running_server
from tests.integration.test_audit_tamper import _register, _sync
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, audit, preferences, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

VILLAGE, TOWN = "419001100201", "419001100000"


def _village_and_town(srv, template_profile: Path, tmp_path: Path) -> tuple[Desk, Desk]:
    """A village PC and the town's desk, each a copy of the template profile enrolled on ``srv``."""
    desks = []
    for name, region, role in (("村委会电脑", VILLAGE, "agent"), ("镇中心", TOWN, "clerk")):
        shutil.copytree(template_profile, tmp_path / role)
        desk = Desk.open(tmp_path / role, today=TODAY)
        desks.append(desk)
        engine.enroll(desk, srv.url, srv.code(region, role, name))
    village, clerk = desks
    return village, clerk


def test_the_clerk_reads_a_village_pcs_trail_in_the_window(qtbot, template_profile: Path, tmp_path: Path) -> None:
    from villagedesk.ui.main_window import MainWindow

    with running_server("sqlite", tmp_path) as srv:
        village, clerk = _village_and_town(srv, template_profile, tmp_path)
        try:
            accounts.create_account(village, "wangji", "王𠮷", "secret-123", Role.AGENT, VILLAGE)
            accounts.authenticate(village, "wangji", "secret-123")
            case = _register(village, "张三", "419001198001010014")
            case_no = queries.detail(village, case).row.case_no
            audit.record_print(village, "mandate", case_no, "村委会打印机")
            _sync(village)
            account = accounts.create_account(clerk, "zhaomin", "赵敏", "secret-456", Role.CLERK, TOWN)
            win = MainWindow(clerk, account, preferences.load(clerk))
            qtbot.addWidget(win)
            win.show()
            settle(qtbot, win)
            labels = [label for label, _page in win.pages]
            assert "留痕" in labels and labels.index("留痕") < labels.index("设置")
            page = win.audit_page
            win.nav.setCurrentRow(labels.index("留痕"))
            page.case_no.setText(case_no)
            qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: page.search.isEnabled() and page.table.rowCount() > 0, timeout=10000)
            cells = [[page.table.item(r, c).text() for c in range(7)] for r in range(page.table.rowCount())]
            printed = next(row for row in cells if row[3] == "打印")
            assert printed[1].startswith("村委会电脑#") and printed[2] == "王𠮷 (代办员)"
            assert "委托书" in printed[5] and "含完整身份证号" in printed[5] and printed[6] == "已核验"
            registered = next(row for row in cells if row[3] == "代办登记")
            assert registered[4] == case_no and "T" not in registered[0]
            assert registered[2] == "王𠮷 (代办员)"  # the old code: the account id's first 8 characters
            assert all("419001198001010014" not in " ".join(row) for row in cells)
            win.close()
            win.runner.shutdown()
        finally:
            for d in (village, clerk):
                d.close()


def test_the_page_says_so_when_the_clerks_pc_is_not_enrolled(qtbot, template_profile: Path, tmp_path: Path) -> None:
    from villagedesk.ui.pages.audit_page import AuditPage
    from villagedesk.ui.tasks import TaskRunner

    shutil.copytree(template_profile, tmp_path / "p")
    with Desk.open(tmp_path / "p", today=TODAY) as desk:
        runner = TaskRunner()
        page = AuditPage(desk, runner)
        qtbot.addWidget(page)
        page.show()
        page.query()
        qtbot.waitUntil(page.search.isEnabled, timeout=5000)
        assert page.error.text() == "本机尚未注册到镇中心服务器" and page.table.rowCount() == 0
        runner.shutdown()


def test_hostile_entries_never_break_the_page(qtbot, template_profile: Path, tmp_path: Path) -> None:
    """A village PC's hand-written entries (a stamp of year 9999, a lone surrogate, another village's
    case) reach the clerk's page as rows marked 未采信, on a PC east of UTC. Fails on the old code: local
    time of year 9999 overflowed in the page's slot and the table stopped there."""
    from tests.integration.test_audit_hostile_entries import LONE, Hostile, _east_of_utc
    from villagedesk.ui.pages.audit_page import AuditPage
    from villagedesk.ui.tasks import TaskRunner

    with running_server("sqlite", tmp_path) as srv:
        desks = []
        for name, region, role in (("村委会电脑", VILLAGE, "agent"), ("外村电脑", "419001100202", "agent"),
                                   ("镇中心", TOWN, "clerk")):  # fmt: skip
            shutil.copytree(template_profile, tmp_path / name)
            desk = Desk.open(tmp_path / name, today=TODAY)
            desks.append(desk)
            engine.enroll(desk, srv.url, srv.code(region, role, name))
        village, bad, clerk = desks
        runner = TaskRunner()
        try:
            case_no = queries.detail(village, _register(village, "张三", "419001198001010014")).row.case_no
            _sync(village)
            _sync(bad)
            h = Hostile(bad)
            assert h.one(at="9999-12-31T23:59:59").status_code == 200
            assert h.one(row=["2026-12-01T08:00:00", "王芳", "print", "受理回执" + LONE]).status_code == 200
            assert h.one(row=["2026-12-01T08:00:00", "王芳", "print", f"受理回执: {case_no}"]).status_code == 200
            page = AuditPage(clerk, runner)
            qtbot.addWidget(page)
            page.show()
            with _east_of_utc():
                page.device.setText("外村电脑")
                qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: page.search.isEnabled() and "共" in page.status.text(), timeout=10000)
                cells = [[page.table.item(r, c).text() for c in range(7)] for r in range(page.table.rowCount())]
            hostile = [row for row in cells if row[1].startswith("外村电脑#")]  # that PC made nothing else
            assert len(hostile) == 3 and all(row[6].startswith("未采信") for row in hostile), cells
            assert all(row[4] == "" for row in hostile)  # none of them is listed under the other village's case
            assert "9999-12-31T23:59:59" in [row[0] for row in hostile]
        finally:
            runner.shutdown()
            for d in (village, clerk):
                d.close()


def test_the_clerks_page_shows_the_town_desks_own_trail(qtbot, template_profile: Path, tmp_path: Path) -> None:
    """Issue 18: the town PC's own entries (its decision, its print) were sent and kept but never shown:
    the page listed village PCs only. Fails on the old code (no row of 镇中心)."""
    from tests.integration.test_sync_roundtrip import register
    from villagedesk.domain.lifecycle import EventType
    from villagedesk.services import actions
    from villagedesk.ui.pages.audit_page import AuditPage
    from villagedesk.ui.tasks import TaskRunner

    with running_server("sqlite", tmp_path) as srv:
        village, clerk = _village_and_town(srv, template_profile, tmp_path)
        runner = TaskRunner()
        try:
            case = register(village, "张三", "419001198001010014")
            actions.perform(village, case, EventType.SUBMITTED, {})
            _sync(village)
            _sync(clerk)
            accounts.create_account(clerk, "zhaomin", "赵敏", "secret-456", Role.CLERK, TOWN)
            accounts.authenticate(clerk, "zhaomin", "secret-456")
            actions.perform(clerk, case, EventType.ACCEPTED, {})
            case_no = queries.detail(clerk, case).row.case_no
            audit.record_print(clerk, "notice", case_no, "镇中心打印机")
            _sync(clerk)
            page = AuditPage(clerk, runner)
            qtbot.addWidget(page)
            page.show()
            page.case_no.setText(case_no)
            qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: page.search.isEnabled() and "共" in page.status.text(), timeout=10000)
            cells = [[page.table.item(r, c).text() for c in range(7)] for r in range(page.table.rowCount())]
            town = [row for row in cells if row[1].startswith("镇中心#")]
            assert town, cells
            printed = next(row for row in town if row[3] == "打印")
            assert printed[2] == "赵敏 (镇中心工作人员)" and "镇中心打印机" in printed[5] and printed[6] == "已核验"
            assert any(row[1].startswith("村委会电脑#") for row in cells)  # the village's steps beside it
        finally:
            runner.shutdown()
            for d in (village, clerk):
                d.close()
