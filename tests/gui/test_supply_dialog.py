"""Issue 14, finding 1 at the case page: 材料补齐 with nothing ticked, or with one of two missing materials,
was accepted and ended 待补正. The dialog now refuses it under the list (naming what is still missing)
and the case stays 待补正; ticking every missing material lets it through."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.gui.conftest import settle
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import catalog, queries
from villagedesk.services.intake import IntakeForm, MaterialState, register

BOTH = ("户口簿", "结婚证")


def _awaiting(window) -> str:
    plan = catalog.plan(window.desk, "JY001")
    mats = {m.name: MaterialState("missing" if m.name in BOTH else "have") for m in plan.materials}
    form = IntakeForm("JY001", "张三", "419001198503120010", "13800138000", mandate_signed=True, materials=mats)
    return register(window.desk, form).case_id


def test_a_supply_must_tick_every_missing_material(qtbot, window) -> None:
    case_id = _awaiting(window)
    window.open_case(case_id)
    settle(qtbot, window)
    page = window.detail
    page.action_buttons[EventType.MATERIALS_SUPPLIED].click()
    dialog = page.dialog
    listing = dialog.fields["received"]
    assert [listing.item(i).text() for i in range(listing.count())] == list(BOTH)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # nothing ticked
    settle(qtbot, window)
    assert dialog.isVisible() and "勾选" in dialog.errors["received"].text()
    listing.item(0).setCheckState(Qt.CheckState.Checked)  # 户口簿 only
    assert not dialog.errors["received"].text()  # the change took the old error away
    ok.click()
    settle(qtbot, window)
    assert dialog.isVisible() and "结婚证" in dialog.errors["received"].text()
    assert queries.detail(window.desk, case_id).row.status == "awaiting_materials"
    listing.item(1).setCheckState(Qt.CheckState.Checked)
    ok.click()
    settle(qtbot, window)
    assert not dialog.isVisible()
    assert queries.detail(window.desk, case_id).row.status == "registered"
