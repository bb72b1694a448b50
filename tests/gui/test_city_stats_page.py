"""The city's 统计 page (issue 17): on a city profile (region 419001000000) it computed a village's figures
and showed only 「这里的统计按村(社区)计算: 本机的地区不是村(社区)」. Now, on the city's real main window
(offscreen) with cases of two towns brought by a real sync on loopback, it shows the city's total and one
row per town (``services.metrics.city``), and Enter on a town's row (or the 乡镇 chooser) drills down to
that town's villages (``metrics.town``); the figures are the services' own, and back on 全市各镇 the towns
return. Fails on the old code (no figures: ``page.town`` stays None)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.e2e.test_case_loop import register, sync_all
from tests.e2e.test_city_loop import CITY, T1, T2, VA, VB, VC, enrolled_desks
from tests.gui.conftest import settle, shown_window
from tests.integration.server_harness import running_server
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.metrics import METRIC_DEFINITIONS
from villagedesk.services import actions, metrics
from villagedesk.ui import metric_words

CASES = 1 + list(METRIC_DEFINITIONS).index("cases")  # the table's column of 登记办件数


def _rows(page) -> dict[str, str]:
    """First column → 登记办件数, as the table shows them."""
    t = page.table
    return {t.item(r, 0).text(): t.item(r, CASES).text() for r in range(t.rowCount())}


def test_the_city_sees_its_towns_and_drills_into_a_towns_villages(qtbot, template_profile: Path, tmp_path: Path):
    with running_server("sqlite", tmp_path) as srv:
        specs = (("a", VA, "agent"), ("b", VB, "agent"), ("c", VC, "agent"), ("yc", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, b, c, yc):
            submitted = register(a, "JY001", "王五", "419001197503030037")
            actions.perform(a, submitted, EventType.SUBMITTED, {})
            register(a, "JY012", "李四", "419001199002020024")
            register(b, "JY001", "赵六", "419001198001010014")
            register(c, "JY001", "周九", "419001199207070076")
            sync_all(a, b, c, yc)
            period = metrics.Period.month(TODAY.year, TODAY.month)
            whole = metrics.city(yc, CITY, period)
            assert (whole.total.cases, whole.villages[T1].cases, whole.villages[T2].cases) == (4, 3, 1)

            with shown_window(qtbot, yc) as win:
                win.go(win.stats)
                settle(qtbot, win)
                page = win.stats
                assert "不是村" not in page.status.text(), page.status.text()
                assert page.town is not None and page.town.is_city
                assert page.table.horizontalHeaderItem(0).text() == "乡镇"
                t1, t2 = whole.names[T1], whole.names[T2]
                shown = _rows(page)
                assert (shown["全市合计"], shown[t1], shown[t2]) == ("4", "3", "1"), shown
                expected = {k: v for k, _n, v in metric_words.rows(whole.villages[T1])}
                row = [page.table.item(r, 0).text() for r in range(page.table.rowCount())].index(t1)
                assert page.table.item(row, CASES).text() == expected["cases"]
                assert page.chart.title.startswith("各镇对比")
                page.export("xlsx", tmp_path / "city.xlsx")  # what is shown: the towns, worded 全市/各镇
                settle(qtbot, win)
                sheet = openpyxl.load_workbook(tmp_path / "city.xlsx")["各镇对比"]
                assert "各镇工作统计对比" in sheet["A1"].value
                head = [c.value for c in sheet[2]]
                assert head[:2] == ["指标", "全市"] and t1 in head and t2 in head

                page.table.setFocus()
                page.table.setCurrentCell(row, 0)
                qtbot.keyClick(page.table, Qt.Key.Key_Return)  # keyboard: Enter on 克井镇 drills down
                settle(qtbot, win)
                assert page.drill.currentData() == T1 and not page.town.is_city
                assert page.table.horizontalHeaderItem(0).text() == "村(社区)"
                town = metrics.town(win.desk, T1, period)
                shown = _rows(page)
                va, vb = town.names[VA], town.names[VB]
                assert (shown["全镇合计"], shown[va], shown[vb]) == ("3", "2", "1"), shown
                assert page.chart.title.startswith("各村对比")
                page.export("xlsx", tmp_path / "town.xlsx")  # drilled into: that town's villages
                settle(qtbot, win)
                head = [c.value for c in openpyxl.load_workbook(tmp_path / "town.xlsx")["各村对比"][2]]
                assert head[:2] == ["指标", "全镇"] and va in head and t1 not in head
                assert t2 not in shown and whole.names.get(VC, "") not in shown

                page.drill.setCurrentIndex(page.drill.findData(T2))  # the chooser: another town
                settle(qtbot, win)
                assert _rows(page)["全镇合计"] == "1"
                page.drill.setCurrentIndex(0)  # 全市各镇: the towns again
                settle(qtbot, win)
                assert page.town.is_city and _rows(page)["全市合计"] == "4"
