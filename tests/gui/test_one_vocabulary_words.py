"""Issue 14, finding 9: words disagreed. 代办登记 said 群众自留 where the case page said 群众本人 (one
vocabulary now: ``ui.vocabulary.holder_name`` for intake, the case page and 原件保管); and the clerk's
结果待领取 offered 「村便民服务中心」 where the village calls itself …便民服务站, as its receipt says."""

from __future__ import annotations

from tests.gui.conftest import settle
from tests.gui.test_intake import _choose, _open_intake
from tests.gui.test_satisfaction_gui import clerk_window  # noqa: F401  (fixture)
from villagedesk.domain.custody import HOLDER_LABELS
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, queries
from villagedesk.ui.dialogs.action_dialog import ActionDialog
from villagedesk.ui.printing.dialog import office_for


def test_intake_and_the_case_page_name_the_holders_alike(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    _choose(qtbot, window, page, "生育", "JY001")
    custody = page.material_rows()[0].custody
    words = [custody.itemText(i) for i in range(custody.count())]
    assert words == list(HOLDER_LABELS.values()) == ["群众本人", "村代办员", "镇中心"]
    dialog = ActionDialog(EventType.CUSTODY_CHANGED, ["户口簿"], window)
    holder = dialog.fields["holder"]
    assert [holder.itemText(i) for i in range(holder.count())] == words
    dialog.close()


def test_the_pickup_place_is_the_villages_station(qtbot, clerk_window) -> None:  # noqa: F811
    win = clerk_window
    row = next(r for r in queries.list_cases(win.desk) if EventType.RESULT_READY in actions.available(win.desk, r.id))
    win.open_case(row.id)
    settle(qtbot, win)
    dialog = win.detail.start_action(EventType.RESULT_READY)
    where = dialog.fields["where"].text()
    assert where == office_for(win.desk, row.village_code).center and where.endswith("便民服务站")
    assert "便民服务中心" not in where
    dialog.close()
