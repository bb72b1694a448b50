"""The city's 统计 page scores each case once (``domain.metrics.compute_groups``): its total and every
town's row must equal ``compute`` over the same facts, on a real city profile (the city benchmark's
builder: the corpus's lifecycles over 16 towns, with refusals, returns, forwards, bundles, deliveries and
evaluations) to which the city's own steps are added through the real services, read once, moved on and
read again (the remembered facts path)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from benchmarks import city as city_bench
from villagedesk.db import models as m
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.metrics import Period, compute
from villagedesk.services import actions, catalog, metrics
from villagedesk.services.desk import Desk

E = EventType
CITY = city_bench.CITY
PERIODS = (Period.month(2026, 10), Period.year(2026), Period(date(2026, 11, 1), date(2026, 12, 31)))


@pytest.fixture(scope="module")
def city_desk(tmp_path_factory):
    root = tmp_path_factory.mktemp("city") / "p"
    city_bench._build_city(Path(root), 900)
    desk = Desk.open(root, today=city_bench.TODAY)
    yield desk
    desk.close()


def _expected(desk: Desk, period: Period) -> tuple[dict, dict[str, dict], list[str]]:
    as_of = min(period.end, desk.today())
    facts = metrics.facts_for(desk, CITY, as_of, period.start)
    total = compute(facts, period, desk.calendar, as_of)
    towns = {f.partition[:9] + "000" for f in facts}
    by_town = {
        t: compute([f for f in facts if f.partition.startswith(t[:9])], period, desk.calendar, as_of).snapshot()
        for t in towns
    }
    return total.snapshot(), by_town, list(total.by_category)


def _check(desk: Desk) -> None:
    for period in PERIODS:
        got = metrics.city(desk, CITY, period)
        total, by_town, order = _expected(desk, period)
        assert got.total.snapshot() == total, period
        assert list(got.total.by_category) == order  # ties listed as a single pass lists them
        assert len(by_town) > 1
        for code, snap in by_town.items():
            assert got.villages[code].snapshot() == snap, (period, code)
        for code in set(got.villages) - set(by_town):  # towns of the region list without cases
            assert got.villages[code].cases == 0


def _city_steps(desk: Desk) -> int:
    """The city's own steps on the forwarded city-level cases: accept, return, decide."""
    c = m.Case
    with desk.store.read() as s:
        where = c.status == "forwarded", c.final_level == "city", c.bundle_code.is_(None)
        forwarded = s.execute(select(c.id, c.item_code).where(*where).order_by(c.case_no).limit(60)).all()
    desk.setup(Role.CITY, CITY, "市民之家")
    for n, (case_id, item_code) in enumerate(forwarded):
        if n % 3 == 0:
            missing = [catalog.item(desk, item_code).materials[0].name]
            actions.perform(desk, case_id, E.RETURNED, {"missing": missing, "reason": "复印件不清晰"})
        else:
            actions.perform(desk, case_id, E.ACCEPTED, {})
            if n % 3 == 2:
                actions.perform(desk, case_id, E.DECIDED, {"outcome": "approved"})
    return len(forwarded)


def test_city_total_and_towns_equal_a_single_pass(city_desk) -> None:
    metrics.clear_cache(city_desk)
    _check(city_desk)  # first reading
    assert _city_steps(city_desk) > 0  # cases move between states at the city, stamps change
    _check(city_desk)  # remembered facts, the changed cases read again
    metrics.clear_cache(city_desk)
    _check(city_desk)


def test_town_total_and_villages_equal_a_single_pass(city_desk) -> None:
    town = "419001105000"
    for period in PERIODS:
        as_of = min(period.end, city_desk.today())
        got = metrics.town(city_desk, town, period)
        facts = metrics.facts_for(city_desk, town, as_of, period.start)
        assert got.total.snapshot() == compute(facts, period, city_desk.calendar, as_of).snapshot()
        for code in {f.partition for f in facts}:
            mine = [f for f in facts if f.partition == code]
            assert got.villages[code].snapshot() == compute(mine, period, city_desk.calendar, as_of).snapshot()
