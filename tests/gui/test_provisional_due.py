"""A due date that rests on 2027 (no schedule published, unknown to chinese_calendar) reads as a guess
in the case list, on the case page, on the printed receipt and on the dashboard."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.gui.test_printing import OFFICE, register
from villagedesk.domain.deadlines import library_knows
from villagedesk.services import queries
from villagedesk.ui import printing as pr

pytestmark = [
    pytest.mark.skipif(library_knows(2027), reason="the installed chinese_calendar already knows 2027"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]
GUESS = "预计 2027-02-23，以镇中心公布的节假日安排为准"


def test_provisional_due_date_on_list_page_receipt_and_dashboard(qtbot, window, tmp_path: Path) -> None:
    # 2026-11-25 + 3 working days + 60 (JY002): 23 in December, 20 in January less 元旦, 17 in February
    case_no = register(window.desk, "赵六", 991, item="JY002", have=True)
    case_id = queries.detail(window.desk, case_no).row.id
    window._data_changed()
    settle(qtbot, window)

    model = window.cases.model
    row = queries.case_ids(window.desk, window.cases.current_filter()).index(case_id)
    due_col = next(i for i, (key, _label) in enumerate(model.COLUMNS) if key == "due_on")
    model.row_at(row)
    settle(qtbot, window)
    assert model.index(row, due_col).data() == "预计 2027-02-23"  # the caveat whole in the tooltip
    assert model.index(row, due_col).data(Qt.ItemDataRole.ToolTipRole) == GUESS

    window.open_case(case_id)
    settle(qtbot, window)
    assert GUESS in window.detail.due_label.text()

    assert "2027 年节假日安排尚未确认" in window.dashboard.notices.text()

    target = tmp_path / "receipt.pdf"
    pr.to_pdf(pr.receipt_from(queries.detail(window.desk, case_no), OFFICE), target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "预计2027年2月23日" in flat and "以镇中心公布的节假日安排为准" in flat


def test_provisional_due_and_submit_light_in_english(qapp, desk) -> None:
    from tests.flows import register as register_case
    from villagedesk.ui import i18n
    from villagedesk.ui.widgets.models import CaseListModel

    case = register_case(desk, "JY002", registered_on=desk.today())
    rows = [r for r in queries.list_cases(desk) if r.id == case.case_id]
    model = CaseListModel()
    model.set_rows(rows)
    due_col = next(i for i, (key, _label) in enumerate(model.COLUMNS) if key == "due_on")
    try:
        assert i18n.install("en") == "en"
        english = "Expected 2027-02-23, subject to the holiday schedule the town publishes"
        assert model.index(0, due_col).data() == "Expected 2027-02-23"
        assert model.index(0, due_col).data(Qt.ItemDataRole.ToolTipRole) == english
        assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).endswith(" / To submit")
    finally:
        i18n.uninstall()
        i18n.install(i18n.DEFAULT)
        i18n.uninstall()
    assert model.index(0, due_col).data(Qt.ItemDataRole.ToolTipRole) == GUESS
