"""List filters and searches return exactly what a brute-force pass over all cases says (new query shapes),
and the schema the migrations build equals the models (revision 0006's indexes included)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from tests.conftest import TODAY
from villagedesk.db import models as m
from villagedesk.services import demo, queries
from villagedesk.services.desk import Desk

F = queries.CaseFilter


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("clerk")
    with Desk.open(root, today=TODAY) as d:
        demo.generate(d, cases=600, seed=5, role="clerk")
    d = Desk.open(root, today=TODAY)
    yield d
    d.close()


def _all(desk: Desk) -> list[m.Case]:
    with desk.store.read() as s:
        rows = list(s.scalars(select(m.Case)))
    return sorted(rows, key=lambda r: (r.registered_on, r.case_no), reverse=True)


def test_filters_match_brute_force(demo_desk: Desk) -> None:
    rows = _all(demo_desk)
    village = rows[0].village_code
    town = village[:9] + "000"
    since = TODAY - timedelta(days=30)
    cases = [
        (F(), lambda r: True),
        (F(statuses=["accepted", "in_procedure"]), lambda r: r.status in ("accepted", "in_procedure")),
        (F(village=village), lambda r: r.village_code == village),
        (F(village=town), lambda r: r.village_code.startswith(town[:9])),
        (F(village="419009999000"), lambda r: False),
        (F(overdue=True), lambda r: r.open and not r.paused and r.due_on and r.due_on < TODAY),
        (
            F(overdue=True, village=village),
            lambda r: r.village_code == village and r.open and not r.paused and r.due_on and r.due_on < TODAY,
        ),
        (F(category=rows[0].category), lambda r: r.category == rows[0].category),
        (F(registered_from=since, registered_to=TODAY), lambda r: since <= r.registered_on <= TODAY),
    ]
    for filt, keep in cases:
        expected = [r.case_no for r in rows if keep(r)]
        assert queries.count_cases(demo_desk, filt) == len(expected), filt
        assert [r.case_no for r in queries.list_cases(demo_desk, filt, limit=50)] == expected[:50], filt
        page2 = queries.list_cases(demo_desk, filt, limit=50, offset=50)
        assert [r.case_no for r in page2] == expected[50:100], filt


def test_search_counts_and_pages(demo_desk: Desk) -> None:
    rows = _all(demo_desk)
    name = next(r.applicant_name for r in rows if len(r.applicant_name) == 2)
    expected = [r.case_no for r in rows if name in r.applicant_name]
    assert queries.count_cases(demo_desk, F(search=name)) == len(expected)
    assert [r.case_no for r in queries.list_cases(demo_desk, F(search=name))] == expected
    closed = [r.case_no for r in rows if name in r.applicant_name and r.status == "closed"]
    assert queries.count_cases(demo_desk, F(search=name, statuses=["closed"])) == len(closed)
    one = rows[7].case_no
    assert [r.case_no for r in queries.list_cases(demo_desk, F(search=one))] == [one]
    assert queries.count_cases(demo_desk, F(search=one)) == 1


def test_migrations_and_models_agree(demo_desk: Desk) -> None:
    with demo_desk.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
    assert diff == []
