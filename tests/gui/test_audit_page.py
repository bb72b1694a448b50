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


def test_the_clerk_reads_a_village_pcs_trail_in_the_window(qtbot, template_profile: Path, tmp_path: Path) -> None:
    from villagedesk.ui.main_window import MainWindow

    with running_server("sqlite", tmp_path) as srv:
        desks = []
        for name, region, role in (("村委会电脑", VILLAGE, "agent"), ("镇中心", TOWN, "clerk")):
            shutil.copytree(template_profile, tmp_path / role)
            desk = Desk.open(tmp_path / role, today=TODAY)
            desks.append(desk)
            engine.enroll(desk, srv.url, srv.code(region, role, name))
        village, clerk = desks
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
            for d in desks:
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
