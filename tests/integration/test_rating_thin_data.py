"""Scores never reward missing data: an idle center or agent is 数据不足, never 100 points and first in 十佳.

On the old code an idle village (no cases at all) scored 100 / 5★ and was named first of the
十佳便民服务中心, and an agent with one untouched case topped the 十佳代办员 with full points."""

from __future__ import annotations

from datetime import date

from tests.casebuilder import VILLAGE, VILLAGE2, Builder
from tests.casebuilder import E as Ev
from villagedesk.domain.star_rating import DEFAULT_RUBRIC, parse_rubric, score
from villagedesk.services import star_rating

D = date
IDLE = "419001100203"
FULL_MANUAL = {"premises": 10, "public_notices": 8, "attendance": 7}


def _busy_village(b: Builder, n: int = 5) -> None:
    """``n`` mediations finished in the village the day after registration, each reviewed well."""
    for i in range(n):
        case = b.register("JY022", D(2026, 3, 2 + i))
        b.act(case, Ev.VILLAGE_COMPLETED, D(2026, 3, 3 + i), {"outcome": "agreed"})
        b.act(case, Ev.EVALUATED, D(2026, 3, 3 + i), {"level": "满意"})


def test_idle_center_is_insufficient_and_not_named_top(desk) -> None:
    b = Builder(desk)
    _busy_village(b)
    b.clerk()
    for village in (VILLAGE, IDLE):
        star_rating.set_manual_scores(desk, village, 2026, FULL_MANUAL)
    busy = star_rating.score_center(desk, VILLAGE, 2026)
    idle = star_rating.score_center(desk, IDLE, 2026)
    assert busy.score is not None and busy.stars is not None and not busy.insufficient
    assert (idle.score, idle.stars) == (None, None)
    assert "数据不足" in idle.insufficient and "0 件" in idle.insufficient
    top = star_rating.name_top_centers(desk, 2026)
    assert [r.village_code for r in top] == [VILLAGE]
    assert star_rating.ratings(desk, 2026)[0].village_code == VILLAGE


def test_agent_with_one_untouched_case_is_not_ranked(desk) -> None:
    b = Builder(desk)
    _busy_village(b)
    b.register("JY006", D(2026, 3, 2), village=VILLAGE2)  # registered, never sent on: no figure has data
    b.clerk()
    ranked = star_rating.agent_ranking(desk, 2026)
    assert [a.agent_name for a in ranked] == ["李娜"]
    assert ranked[0].cases == 5


def test_enough_cases_but_most_criteria_without_data_is_insufficient() -> None:
    rubric = parse_rubric(DEFAULT_RUBRIC)
    snapshot = {"cases": 40, "rates": {"on_time_rate": {"num": 40, "den": 40, "value": 1.0}}}
    sheet = score(rubric, snapshot, FULL_MANUAL)
    assert (sheet.score, sheet.stars, sheet.rated) == (None, None, False)
    assert "没有数据" in sheet.insufficient
