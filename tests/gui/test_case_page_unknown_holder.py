"""The case page names a material's holder it does not know (a value no VillageDesk writes, in a case an
older server let through, issue 12) as 未知, beside the known holders; the page had left the cell blank."""

from __future__ import annotations

from tests.gui.conftest import settle
from tests.integration.test_show_unknown_holder import stored_with_holder


def test_the_case_page_names_an_unknown_holder(qtbot, window) -> None:
    case, _number = stored_with_holder(window.desk, {"x": 1})
    window.open_case(case)
    settle(qtbot, window)
    table = window.detail.materials
    holders = [table.item(row, 2).text() for row in range(table.rowCount())]
    assert holders[0] == "未知", holders
    assert set(holders[1:]) == {"群众本人"}, holders
