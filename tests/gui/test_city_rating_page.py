"""The city's 星级考评 page: every town's village centers (or one town's), the towns' sheets reviewed by
the city (市级审查复评) with a reason, the town's scoring controls absent, on a real offscreen window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from tests.gui.test_city_pages import CITY, PASSWORD, T1, T2, USER, _forwarded
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.star_rating import DEFAULT_RUBRIC
from villagedesk.services import accounts, star_rating
from villagedesk.services.desk import Desk

VA, VC = "419001100201", "419001101201"  # a village of 克井镇 (T1), one of 五龙口镇 (T2)
# Criteria a single forwarded case has data for, so a one-case center is scored rather than 数据不足.
THIN = {
    **DEFAULT_RUBRIC,
    "min_cases": 1,
    "metric": [
        {"key": "submitted_in_window", "label": "3个工作日内报送率", "points": 45, "bands": [[0.95, 45]]},
        {"key": "return_rate", "label": "退件率", "points": 30, "lower_is_better": True, "bands": [[0.05, 30]]},
    ],
}


@pytest.fixture
def rated_city_window(qtbot, profile: Path):

    desk = Desk.open(profile, today=TODAY)
    _forwarded(desk, VC, T2, "周九", "419001199207070076", date(2026, 9, 1))
    _forwarded(desk, VA, T1, "王五", "419001197503030037", date(2026, 11, 20))
    for town, village in ((T1, VA), (T2, VC)):  # each town scores its own center (one case is enough here)
        desk.setup(Role.CLERK, town, "王镇")
        star_rating.set_rubric(desk, THIN)
        star_rating.score_center(desk, village, 2026, "年终考评")
    desk.setup(Role.CITY, CITY, "市民之家")
    accounts.create_account(desk, USER, "陈静", PASSWORD, Role.CITY, CITY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, USER, PASSWORD)) as win:
        yield win


def test_the_city_reviews_every_towns_sheets_on_its_rating_page(qtbot, rated_city_window) -> None:
    win = rated_city_window
    labels = [label for label, _p in win.pages]
    assert "星级考评" in labels and labels.index("星级考评") < labels.index("设置")
    page = win.city_rating
    win.go(page)
    settle(qtbot, win)
    codes = [c for c, _n in page.villages]
    assert VA in codes and VC in codes  # both towns' centers on one page
    rows = {page.villages[n][0]: n for n in range(page.table.rowCount())}
    assert page.table.item(rows[VA], 1).text() not in ("未评分", "数据不足")  # the town's score, synced
    assert not page.score_button.isVisibleTo(page) and not page.score_all_button.isVisibleTo(page)
    assert not page.manual_box.isVisibleTo(page) and page.recheck_button.isEnabled()

    page.town.setCurrentIndex(page.town.findData(T2))
    settle(qtbot, win)
    assert {c[:9] for c, _n in page.villages} == {T2[:9]} and VC in [c for c, _n in page.villages]

    page.select_village(VC)
    page.city_stars.setValue(2)
    page.city_note.setText("群众反映窗口常无人值守")
    page.recheck_button.click()
    settle(qtbot, win)
    (sheet,) = [r for r in star_rating.ratings(win.desk, 2026) if r.village_code == VC]
    assert sheet.city_stars == 2 and sheet.city_note == "群众反映窗口常无人值守" and sheet.reviewed_by
    n = [c for c, _n in page.villages].index(VC)
    assert page.table.item(n, 4).text() == "★★☆☆☆"
    assert page.selected_village() == VC and "群众反映窗口常无人值守" in page.review_label.text()

    page.city_note.setText("")  # no reason: refused in Chinese, nothing written
    page.recheck_button.click()
    settle(qtbot, win)
    assert page.error.text() and "Traceback" not in page.error.text()
    (sheet,) = [r for r in star_rating.ratings(win.desk, 2026) if r.village_code == VC]
    assert len(sheet.history) == 2
