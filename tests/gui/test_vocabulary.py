"""One vocabulary for states: every page names a state from the lifecycle's one table."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from villagedesk.domain.lifecycle import STATE_LABELS, State
from villagedesk.services import queries

UI = Path(__file__).resolve().parents[2] / "villagedesk" / "ui"
OTHER_NAMES = {"待补材料", "镇中心退回", "已退回", "待补充"}  # names once used for those states on some page


def test_no_ui_module_spells_a_state_name() -> None:
    names = set(STATE_LABELS.values()) | OTHER_NAMES
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "vocabulary.py":  # the one place that lists them (for translation)
            continue
        if path.name == "event_words.py":  # the actions' names (村级办结 the step, not the state), for translation
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                found.append(f"{path.relative_to(UI)}:{node.lineno} {node.value}")
    assert not found, "state names written out instead of taken from vocabulary.state_name: " + ", ".join(found)


def test_dashboard_case_list_and_detail_use_the_same_names(qtbot, window) -> None:
    titles = [box.title().split(" (")[0] for box in window.dashboard.boxes.values()]
    assert STATE_LABELS[State.AWAITING_MATERIALS] in titles and STATE_LABELS[State.RETURNED] in titles
    (row,) = queries.list_cases(window.desk, queries.CaseFilter(statuses=["awaiting_materials"]), limit=1)
    window.open_case(row.id)
    settle(qtbot, window)
    assert window.detail.status_label.text() == f"状态: {STATE_LABELS[State.AWAITING_MATERIALS]}"
    model = window.cases.model
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "状态")
    shown = {model.index(r, col).data().rstrip(" ⚠") for r in range(min(model.rowCount(), 100))}
    assert shown <= set(STATE_LABELS.values())


def test_every_state_name_is_offered_for_translation() -> None:
    from villagedesk.ui import vocabulary

    assert set(vocabulary.TRANSLATABLE) == set(STATE_LABELS.values())
