"""星级考评 and 督查: hand-scored sheets, a rubric change re-scores, downgrades, re-check, rankings."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from tests.casebuilder import VILLAGE, VILLAGE2, Builder
from tests.casebuilder import E as Ev
from villagedesk.domain.errors import TransitionError, ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.star_rating import DEFAULT_RUBRIC, parse_rubric
from villagedesk.services import star_rating, supervision

D = date
CITY = "419001000000"
SMALL_SAMPLE = {**DEFAULT_RUBRIC, "min_cases": 1}


@pytest.fixture
def year_2026(desk):
    b = Builder(desk)
    # Village 201: P on time (accepted 3-02, due 3-03, decided 3-03), delivered the next working day;
    # Q a mediation that agreed. Both reviewed well.
    p = b.register("JY006", D(2026, 3, 2))
    b.act(p, Ev.SUBMITTED, D(2026, 3, 2))
    b.act(p, Ev.ACCEPTED, D(2026, 3, 2))
    b.act(p, Ev.DECIDED, D(2026, 3, 3), {"outcome": "approved"})
    b.act(p, Ev.RESULT_READY, D(2026, 3, 3), {"where": "村便民服务中心"})
    b.act(p, Ev.DELIVERED, D(2026, 3, 4), {"method": "village_pickup", "signer": "王一民"})
    b.act(p, Ev.EVALUATED, D(2026, 3, 4), {"level": "非常满意"})
    q = b.register("JY022", D(2026, 3, 5))
    b.act(q, Ev.VILLAGE_COMPLETED, D(2026, 3, 6), {"outcome": "agreed"})
    b.act(q, Ev.EVALUATED, D(2026, 3, 6), {"level": "满意"})
    # Village 202: R decided 3-05 against a due date of 3-03 (late), a verified bad review fixed in time.
    r = b.register("JY006", D(2026, 3, 2), village=VILLAGE2)
    b.act(r, Ev.SUBMITTED, D(2026, 3, 2), village=VILLAGE2)
    b.act(r, Ev.ACCEPTED, D(2026, 3, 2))
    b.act(r, Ev.DECIDED, D(2026, 3, 5), {"outcome": "approved"})
    b.act(r, Ev.RESULT_READY, D(2026, 3, 5), {"where": "村便民服务中心"})
    b.act(r, Ev.DELIVERED, D(2026, 3, 6), {"method": "village_pickup", "signer": "王三民"}, village=VILLAGE2)
    b.act(r, Ev.EVALUATED, D(2026, 3, 6), {"level": "不满意"}, village=VILLAGE2)
    b.act(r, Ev.FOLLOWUP_RECORDED, D(2026, 3, 9), {"finding": "办理超时", "verified": True}, village=VILLAGE2)
    b.act(r, Ev.FOLLOWUP_FIXED, D(2026, 3, 12), {"result": "已整改"}, village=VILLAGE2)
    b.clerk()
    # these sheets check the arithmetic on a handful of cases: below the default 5 they would be 数据不足
    star_rating.set_rubric(desk, SMALL_SAMPLE)
    return b


def test_sheet_scored_by_hand_then_rubric_change_rescores(desk, year_2026) -> None:
    star_rating.set_manual_scores(desk, VILLAGE, 2026, {"premises": 9, "public_notices": 6, "attendance": 7})
    supervision.record(desk, VILLAGE, "unannounced", D(2026, 6, 3), "窗口无人值守 20 分钟", 3, fix_by=D(2026, 6, 10))
    row = star_rating.score_center(desk, VILLAGE, 2026)
    points = {line[0]: line[4] for line in row.sheet["lines"]}
    # 100% on time 20, window 1/1 10, no returns 10, 2/2 good 15, no bad review (no data: full) 10,
    # delivery lag 1 working day 5, mediation 1/1 5 => 75; manual 9 + 6 + 7 = 22; minus 3 => 94 => 5 stars
    assert points == {
        "on_time_rate": 20,
        "submitted_in_window": 10,
        "return_rate": 10,
        "good_review_rate": 15,
        "bad_review_fix_rate": 10,
        "delivery_lag": 5,
        "mediation_agreement_rate": 5,
        "premises": 9,
        "public_notices": 6,
        "attendance": 7,
    }
    assert (row.score, row.stars, row.sheet["deduction"]) == (94.0, 5, 3.0)

    stricter = copy.deepcopy(SMALL_SAMPLE)
    stricter["version"] = "2026-修订"
    stricter["metric"][5]["bands"] = [[0, 5], [1, 2]]  # delivery the same day for full points
    stricter["stars"] = [[95, 5], [85, 4], [75, 3], [65, 2], [55, 1]]
    star_rating.set_rubric(desk, stricter)
    again = star_rating.score_center(desk, VILLAGE, 2026)
    assert (again.score, again.stars) == (91.0, 4)  # 94 - 3 on delivery; 91 < 95
    assert again.sheet["rubric"] == "村级便民服务中心星级考评细则 2026-修订"


def test_downgrades_recheck_and_rankings(desk, year_2026) -> None:
    star_rating.set_manual_scores(desk, VILLAGE2, 2026, {"premises": 10, "public_notices": 8, "attendance": 7})
    low = star_rating.score_center(desk, VILLAGE2, 2026)
    # on time 0/1 => 0, window 10, returns 10, good 0/1 => 0, fix 1/1 10, lag 1 => 5, no mediation 5 => 40
    # + 25 manual = 65 => 2 stars by score; a verified bad review and a late case take 1 star each => 0
    assert (low.score, low.sheet["stars_by_score"], low.stars) == (65.0, 2, 0)
    assert sorted(d[0] for d in low.sheet["downgrades"]) == ["核实差评", "超期办件"]
    star_rating.set_manual_scores(desk, VILLAGE, 2026, {"premises": 10, "public_notices": 8, "attendance": 7})
    high = star_rating.score_center(desk, VILLAGE, 2026)
    assert (high.score, high.stars) == (100.0, 5)

    top = star_rating.name_top_centers(desk, 2026)
    assert [r.village_code for r in top] == [VILLAGE]  # the 0-star center is not named

    with pytest.raises(TransitionError, match="市级"):  # the town cannot review its own ratings
        star_rating.city_recheck(desk, VILLAGE, 2026, 4, "自己复核", D(2026, 11, 20))
    desk.setup(Role.CITY, CITY, "孙市", user_id="city-clerk")
    checked = star_rating.city_recheck(desk, VILLAGE, 2026, 4, "台账不全, 复核降为四星", D(2026, 11, 20))
    assert (checked.stars, checked.city_stars, checked.final_stars) == (5, 4, 4)
    assert (checked.scored_by, checked.reviewed_by) == ("赵敏", "孙市")
    assert [(h.action, h.author, h.stars) for h in checked.history][-2:] == [
        ("镇办实施考评", "赵敏", 5),
        ("市级审查复评", "孙市", 4),
    ]
    year_2026.clerk()

    agents = star_rating.agent_ranking(desk, 2026)
    assert [(a.agent_name, a.cases, a.points) for a in agents] == [("李娜", 2, 100.0), ("张伟", 1, round(4000 / 75, 2))]

    supervision.record(desk, VILLAGE, "phone_check", D(2026, 9, 1), "群众信息被转发到微信群", 0, data_leak=True)
    leaked = star_rating.score_center(desk, VILLAGE, 2026)
    assert (leaked.score, leaked.stars) == (100.0, 0)  # a data leak takes all five stars
    assert leaked.city_stars is None  # the city re-checked the earlier sheet, not this one
    assert star_rating.name_top_centers(desk, 2026) == []


def test_inspections_validate_and_track_the_fix(desk, year_2026) -> None:
    with pytest.raises(ValidationError) as err:
        supervision.record(desk, VILLAGE, "unannounced", D(2026, 6, 3), "未公示办事指南", 2)
    assert err.value.field == "fix_by"
    with pytest.raises(ValidationError):
        supervision.record(desk, VILLAGE, "surprise", D(2026, 6, 3), "x")
    with pytest.raises(ValidationError):
        supervision.record(desk, VILLAGE, "open_visit", D(2026, 6, 3), "x", -1)
    with pytest.raises(TransitionError, match="本乡镇"):
        supervision.record(desk, "419001101201", "open_visit", D(2026, 6, 3), "x")
    row = supervision.record(desk, VILLAGE, "open_visit", D(2026, 6, 3), "未公示办事指南", 2, fix_by=D(2026, 6, 13))
    assert row.kind_label == "明察" and row.overdue(D(2026, 6, 14)) and row.level == "镇"
    with pytest.raises(TransitionError, match="被督查"):  # the village answers, not the inspector
        supervision.record_fix(desk, row.id, D(2026, 6, 12), "已上墙公示")
    Builder(desk).agent()
    with pytest.raises(ValidationError, match="整改完成日期"):
        supervision.record_fix(desk, row.id, D(2026, 6, 1), "已上墙公示")
    fixed = supervision.record_fix(desk, row.id, D(2026, 6, 12), "已上墙公示")
    assert fixed.fixed_on == D(2026, 6, 12) and not fixed.overdue(D(2026, 7, 1))
    with pytest.raises(TransitionError):
        supervision.record(desk, VILLAGE, "open_visit", D(2026, 6, 3), "x")
    with pytest.raises(TransitionError):
        star_rating.score_center(desk, VILLAGE, 2026)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["manual"].pop(), "合计应为 100"),
        (lambda r: r["metric"][0].update(bands=[[0.9, 12], [0.98, 20]]), "从大到小"),
        (lambda r: r["metric"][0].update(bands=[[0.9, 30]]), "不能超过"),
        (lambda r: r["downgrade"].update(late_lunch=1), "未知的降星"),
        (lambda r: r["metric"][1].update(points="十"), "应为数字"),
    ],
)
def test_bad_rubrics_are_refused_in_chinese(change, message) -> None:
    doc = copy.deepcopy(DEFAULT_RUBRIC)
    change(doc)
    with pytest.raises(ValidationError, match=message):
        parse_rubric(doc)


def test_rubric_files_json_and_toml(desk, tmp_path) -> None:
    toml = tmp_path / "rubric.toml"
    toml.write_text(
        """
name = "简化细则"
version = "试行"
stars = [[90, 5], [60, 3], [0, 1]]
[downgrade]
data_leak = 5
[[metric]]
key = "on_time_rate"
label = "按时办结率"
points = 60
bands = [[0.95, 60], [0.8, 30]]
[[manual]]
key = "premises"
label = "场所设施"
points = 40
""",
        encoding="utf-8",
    )
    doc = star_rating.load_rubric_file(toml)
    assert parse_rubric(doc).total == 100
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"metric": []}), encoding="utf-8")
    with pytest.raises(ValidationError, match="合计"):
        star_rating.load_rubric_file(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("name = ", encoding="utf-8")
    with pytest.raises(ValidationError, match="格式错误"):
        star_rating.load_rubric_file(broken)
