"""十佳 across the whole city from the synced ratings: a city device ranks the centers and agents of every
town its database holds; a town's clerk ranks (and scores) only its own town's."""

from __future__ import annotations

from datetime import date

import pytest

from tests.casebuilder import VILLAGE, Builder
from tests.casebuilder import E as Ev
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import star_rating

OTHER_TOWN = "419001101000"
FAR_VILLAGE = "419001101201"  # a village of the other town
CITY = "419001000000"
FULL = {"premises": 10, "public_notices": 8, "attendance": 7}


def _mediations(b: Builder, village: str, n: int, level: str) -> None:
    for i in range(n):
        case = b.register("JY022", date(2026, 3, 2 + i), village=village)
        b.act(case, Ev.VILLAGE_COMPLETED, date(2026, 3, 3 + i), {"outcome": "agreed"}, village=village)
        b.act(case, Ev.EVALUATED, date(2026, 3, 3 + i), {"level": level}, village=village)


def test_city_ranks_across_towns_and_a_town_only_its_own(desk) -> None:
    b = Builder(desk)
    _mediations(b, VILLAGE, 5, "非常满意")
    _mediations(b, FAR_VILLAGE, 6, "不满意")
    b.clerk()
    star_rating.set_manual_scores(desk, VILLAGE, 2026, FULL)
    near = star_rating.score_center(desk, VILLAGE, 2026)
    with pytest.raises(TransitionError, match="本乡镇"):
        star_rating.score_center(desk, FAR_VILLAGE, 2026)  # another town's center
    desk.setup(Role.CLERK, OTHER_TOWN, "钱进", user_id="clerk-other-town")
    star_rating.set_manual_scores(desk, FAR_VILLAGE, 2026, FULL)
    far = star_rating.score_center(desk, FAR_VILLAGE, 2026)
    assert near.score is not None and far.score is not None and near.score > far.score

    desk.setup(Role.CITY, CITY, "孙市", user_id="city-clerk")
    ranked = star_rating.ratings(desk, 2026)
    assert [r.village_code for r in ranked] == [VILLAGE, FAR_VILLAGE]
    assert {r.village_code for r in star_rating.name_top_centers(desk, 2026)} == {
        r.village_code for r in ranked if (r.final_stars or 0) > 0
    }
    agents = star_rating.agent_ranking(desk, 2026)
    assert {a.village_code for a in agents} == {VILLAGE, FAR_VILLAGE}  # agents of both towns
    assert agents[0].village_code == VILLAGE
    with pytest.raises(TransitionError):
        star_rating.score_center(desk, FAR_VILLAGE, 2026)  # the city reviews; it does not score
    star_rating.city_recheck(desk, FAR_VILLAGE, 2026, 1, "差评较多, 复评一星")

    b.clerk()
    mine = star_rating.ratings(desk, 2026)
    assert [r.village_code for r in mine] == [VILLAGE]  # the town's list holds its own centers only
    assert {a.village_code for a in star_rating.agent_ranking(desk, 2026)} == {VILLAGE}
    desk.setup(Role.CITY, "419002000000", "外市", user_id="other-city")
    assert star_rating.ratings(desk, 2026) == []  # a clerk of another city: nothing of this one
    with pytest.raises(TransitionError, match="本市"):
        star_rating.city_recheck(desk, VILLAGE, 2026, 5, "另一个市")
