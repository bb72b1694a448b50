"""Remembered case facts: the same figures as a fresh reading, in the same order, and a case whose events
change is read again (an appended review shows up at once)."""

from __future__ import annotations

from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.metrics import Period
from villagedesk.services import actions, demo, metrics, queries


def test_remembered_facts_give_the_fresh_figures(desk) -> None:
    demo.generate(desk, cases=250, seed=3)
    ready = queries.list_cases(desk, queries.CaseFilter(statuses=["result_ready"]), limit=1)[0]
    village, today = ready.village_code, desk.today()
    metrics.clear_cache(desk)
    cold_facts = metrics.facts_for(desk, village, today, date_since := Period.year(today.year).start)
    cold = metrics.village(desk, village, Period.year(today.year)).snapshot()
    assert cold["cases"] > 100
    warm_facts = metrics.facts_for(desk, village, today, date_since)
    warm = metrics.village(desk, village, Period.year(today.year)).snapshot()
    assert [f.case_id for f in warm_facts] == [f.case_id for f in cold_facts]  # same order, tie-breaks too
    assert warm == cold
    assert list(warm["by_category"]) == list(cold["by_category"])

    ready = ready.id
    month = Period.month(today.year, today.month)
    before = metrics.village(desk, village, month)
    actions.perform(desk, ready, EventType.DELIVERED, {"method": "village_pickup", "signer": "张三"})
    actions.perform(desk, ready, EventType.EVALUATED, {"level": "非常不满意", "scores": {"态度": 1}})
    after = metrics.village(desk, village, month)  # no clearing: the case's stamp changed
    assert after.followups_open == before.followups_open + 1
    assert after.good_review_rate.den == before.good_review_rate.den + 1
    metrics.clear_cache(desk)
    assert metrics.village(desk, village, month).snapshot() == after.snapshot()


def test_town_from_remembered_village_facts(desk) -> None:
    demo.generate(desk, cases=150, seed=4, role="clerk")
    town, year = desk.identity.region_code[:9] + "000", Period.year(desk.today().year)
    metrics.clear_cache(desk)
    first = metrics.town(desk, town, year)
    assert first.total.cases > 0
    for code in first.villages:  # the star rating scores each village after the town: same figures
        assert metrics.village(desk, code, year).snapshot() == first.villages[code].snapshot()
    metrics.clear_cache(desk)
    again = metrics.town(desk, town, year)
    assert again.total.snapshot() == first.total.snapshot()
