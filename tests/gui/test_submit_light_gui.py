"""The 报送 light in the case list's 时限 column and its own box on the dashboard."""

from __future__ import annotations

from datetime import date

from tests.gui.conftest import settle
from villagedesk.services import catalog, dashboard, intake, queries


def test_submit_late_case_on_list_and_dashboard(qtbot, window) -> None:
    plan = catalog.plan(window.desk, "JY012")
    form = intake.IntakeForm(
        item_code="JY012",
        name="钱七",
        id_number="419001196001010015",
        phone="13812345678",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in plan.materials},
        registered_on=date(2026, 11, 19),  # 3 working days ran out on 11-24; today is 11-25
    )
    case_id = intake.register(window.desk, form).case_id
    window._data_changed()
    settle(qtbot, window)
    model = window.cases.model
    row = queries.case_ids(window.desk, window.cases.current_filter()).index(case_id)
    model.row_at(row)
    settle(qtbot, window)
    assert model.index(row, 0).data().endswith("报送超期")
    expected = dashboard.summary(window.desk).counts["submit_late"]
    assert expected >= 1
    assert window.dashboard.boxes["submit_late"].title() == f"报送超期 ({expected})"
    shown = window.dashboard.models["submit_late"]
    assert case_id in [shown.index(r, 0).data(0x0100) for r in range(shown.rowCount())]
    assert queries.detail(window.desk, case_id).row.submit_light == "red"
