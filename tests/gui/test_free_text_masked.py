"""Free text shown in lists and reports masks ID numbers as the Excel export does (#17/#12): a 情况说明
and a review note in ``town-report show`` and on the city's 进展报送 page, a 发现问题 in ``inspection
show``, a 备注 in ``villagedesk show``. Real profiles (migrated SQLite), the real CLI and the real main
window offscreen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.gui.conftest import DEMO_CASES, settle, shown_window
from villagedesk import cli
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, demo, queries, supervision, town_reports
from villagedesk.services.desk import Desk

CITY = "419001000000"
ID = "419001199002020024"
MASKED = "419001********0024"


@pytest.fixture(scope="module")
def town_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gui-masked")
    with Desk.open(root, today=TODAY) as desk:
        demo.generate(desk, cases=DEMO_CASES, seed=13, role="clerk")
    return root


def run(desk: Desk, capsys, *args: str) -> str:
    capsys.readouterr()
    assert cli.main(["--profile", str(desk.paths.root), *args]) == 0
    out = capsys.readouterr().out
    assert ID not in out
    return out


def test_free_text_is_shown_masked(qtbot, town_template, tmp_path, capsys) -> None:
    shutil.copytree(town_template, tmp_path / "p")
    desk = Desk.open(tmp_path / "p", today=TODAY)
    town = desk.identity.region_code
    month = f"{TODAY.year}-{TODAY.month:02d}"
    # the town clerk: a 备注 on a case and an inspection of a village, each with an ID number typed in
    case = queries.list_cases(desk)[0]
    actions.perform(desk, case.id, EventType.NOTE_ADDED, {"text": f"群众身份证 {ID} 已核"})
    assert MASKED in run(desk, capsys, "show", case.case_no)
    found = supervision.record(desk, case.village_code, "open_visit", TODAY, f"台账写了 {ID}")
    assert MASKED in run(desk, capsys, "inspection", "show", found.id[:8])
    run(desk, capsys, "inspection", "list")  # (its line names no findings: nothing in clear either)
    town_reports.draft(desk, TODAY.year, TODAY.month)
    town_reports.submit(desk, TODAY.year, TODAY.month, f"情况说明: 张三 {ID} 反映问题")

    # the city: show and review it
    desk.setup(Role.CITY, CITY, "市民之家", user_id="city-clerk")
    assert MASKED in run(desk, capsys, "town-report", "show", month, "--town", town)
    with shown_window(qtbot, desk) as win:
        page = win.reports
        win.go(page)
        settle(qtbot, win)
        page.list.selectRow(0)
        settle(qtbot, win)
        assert page.current is not None and page.remarks.isReadOnly()
        assert MASKED in page.remarks.toPlainText() and ID not in page.remarks.toPlainText()
    desk.close()
