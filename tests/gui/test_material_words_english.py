"""English mode: the material checklist, the timeline's material notes and 统计's bars say no Chinese but
data (issue 14). The intake's choices (未核对 / 已收 / 缺少, 原件 / 复印件, （必需）) were put through ``tr``
as variables, which lupdate cannot read, so no translation existed; the timeline's 缺少: / 已补: came from
the domain's Chinese note; 统计's bars showed the services' Chinese state and category names."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_english_pages import CJK, english  # noqa: F401 (the fixture)
from tests.gui.test_printing import register
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import accounts, actions, catalog, queries


def chinese(texts: list[str], data: list[str]) -> list[str]:
    """The texts that still hold a CJK character once the data in them (material names) is taken out."""
    out = []
    for text in texts:
        rest = text
        for d in sorted(data, key=len, reverse=True):
            rest = rest.replace(d, "")
        if CJK.search(rest):
            out.append(text)
    return out


def combo_items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_checklist_timeline_and_stats_bars_in_english(qtbot, english, gui_desk) -> None:  # noqa: F811
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    with shown_window(qtbot, gui_desk, account) as window:
        desk = window.desk
        names = [m.name for m in catalog.plan(desk, "JY010").materials]
        # the registration's checklist: every choice of every row, and each row's label less its name
        window.go(window.intake)
        settle(qtbot, window)
        window.intake.select_item("JY010")
        settle(qtbot, window)
        rows = window.intake._rows
        assert rows
        texts = []
        for row in rows:
            texts += combo_items(row.status) + combo_items(row.form) + combo_items(row.custody)
        grid = window.intake.materials_grid
        texts += [grid.itemAtPosition(r, 0).widget().text() for r in range(1, len(rows) + 1)]
        assert chinese(texts, names) == []
        assert any("(" in t and "required" in t.lower() for t in texts), texts

        # the case page's timeline: 一次性告知 (缺少: …) and 材料补齐 (已补: …)
        case_no = register(desk, "孙小梅", 81)
        case_id = queries.detail(desk, case_no).row.id
        actions.perform(desk, case_id, EventType.MATERIALS_SUPPLIED, {"received": names})
        window.open_case(case_id)
        settle(qtbot, window)
        timeline = window.detail.timeline
        notes = [timeline.item(r, 3).text() for r in range(timeline.rowCount()) if timeline.item(r, 3)]
        assert any(n for n in notes if any(name in n for name in names)), notes
        assert chinese(notes, names) == []
        mats = window.detail.materials
        cells = [mats.item(r, c).text() for r in range(mats.rowCount()) for c in (1, 2) if mats.item(r, c)]
        assert chinese(cells, names) == []

        # 统计: the bars by category and by state
        window.go(window.stats)
        settle(qtbot, window)
        page = window.stats
        labels = [label for label, _v, _t in page.chart.items] + [label for label, _v, _t in page.state_chart.items]
        assert page.chart.items and page.state_chart.items
        assert chinese(labels, []) == []
