"""Every upgrade path: a profile at each schema state main's history ever migrated to upgrades to today's
schema with nothing missing and its data intact.

The fixtures in tests/fixtures/upgrade/ are made by ``tools/make_upgrade_fixtures.py`` from the
migration files of each commit of main that changed them (one of them has two Alembic heads). On the
old code the states whose 0006 came before 0004/0005 upgraded to 0007 without star_ratings,
inspections and ref_data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.integration.test_migrations import CASE_ID, _insert_old_case
from villagedesk.db.engine import head_revision
from villagedesk.services import health, maintenance, queries
from villagedesk.services.desk import Desk

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "upgrade").glob("*.sql"))


def test_there_is_a_fixture_for_each_landed_state_including_two_heads() -> None:
    assert len(FIXTURES) >= 10
    heads = [f.read_text(encoding="utf-8").splitlines()[0] for f in FIXTURES]
    assert any("0003, 0006" in h for h in heads)  # the state with two Alembic heads


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_profile_at_an_earlier_state_upgrades_to_the_fresh_schema(fixture: Path, tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    db = root / "villagedesk.db"
    conn = sqlite3.connect(db)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.close()
    _insert_old_case(db)
    with Desk.open(root, today=TODAY) as desk:
        assert health.read_schema(db) == health.expected_schema()
        assert health.schema_problems(db) == []
        report = maintenance.check(desk)
        assert report.revision == head_revision() and report.ok, (report.problems, report.mismatched)
        row = queries.detail(desk, "100201-260302-AB001").row
        assert (row.id, row.applicant_name, row.id_masked) == (CASE_ID, "欧阳𠇔", "419001********0014")
    stamped = sqlite3.connect(db).execute("SELECT version_num FROM alembic_version").fetchall()
    assert stamped == [(head_revision(),)]


def test_check_rebuild_repairs_a_profile_an_older_build_already_upgraded_wrongly(desk) -> None:
    desk.close()
    conn = sqlite3.connect(desk.paths.db)
    with conn:
        conn.execute("DROP TABLE ref_data")
        conn.execute("DROP INDEX ix_cases_open_due")
    conn.close()
    with Desk.open(desk.paths.root, today=TODAY) as again:
        assert not maintenance.check(again).ok
        repaired = maintenance.check(again, rebuild=True)
        assert repaired.repaired and not repaired.problems
        assert maintenance.check(again).ok
