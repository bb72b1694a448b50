"""The demo gives dashboards something to show: village-direct items, mediations with outcomes."""

from __future__ import annotations

from datetime import date

from tests.conftest import TODAY
from villagedesk.domain.metrics import Period
from villagedesk.services import demo, metrics


def test_demo_has_village_direct_cases_and_mediation_outcomes(desk) -> None:
    demo.generate(desk, cases=400, seed=7)
    facts = metrics.facts_for(desk, "419001100000", TODAY)  # the demo's villages of the town
    assert any(f.final_level == "village" for f in facts)
    assert {f.mediation_outcome for f in facts if f.item_code == "JY022" and f.decided_on} <= {"agreed", "not_agreed"}
    village = max({f.partition for f in facts}, key=lambda p: sum(f.partition == p for f in facts))
    year = metrics.village(desk, village, Period(date(2025, 11, 26), TODAY))
    assert year.mediation_agreement_rate.den > 0
    assert year.cases > 0 and year.on_time_rate.den > 0
