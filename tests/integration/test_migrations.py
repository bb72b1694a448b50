"""Migrations: a DB with data at revision 0001 upgrades to head intact and searchable; models and
migrations do not drift; a DB from a newer version is refused byte-for-byte untouched."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.conftest import TODAY
from villagedesk.db.engine import NewerDatabaseError, alembic_config, head_revision, make_engine
from villagedesk.db.models import Base
from villagedesk.services import maintenance, queries
from villagedesk.services.desk import Desk

CASE_ID = "6f1c2b9e-2f7a-4a53-9d3e-0b6f4f1f2a11"
APPLICANT_ID = "0c1d6a7e-8b9f-4c2d-a1e3-5f6a7b8c9d0e"
EVENT_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def _at_revision(path: Path, revision: str) -> None:
    engine = make_engine(path)
    with engine.execution_options(write=True).connect() as conn:
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
    engine.dispose()


def _insert_old_case(path: Path) -> None:
    """A case as VillageDesk at revision 0001 wrote it: applicant, projection row, registering event."""
    registered = {
        "at": "2026-03-02", "case_no": "100201-260302-AB001", "item_code": "JY012", "item_version": 1,
        "items": [{"code": "JY012", "version": 1, "name": "临时救助"}], "bundle_code": None, "title": "临时救助",
        "category": "民政救助", "final_level": "town", "promised_days": 10, "limit_unit": "working_days",
        "applicant": {"id": APPLICANT_ID, "name": "欧阳𠇔", "id_number": "419001198001010014", "id_type": "resident_id",
                      "phone": "13812345678", "group": "一组", "address": "", "village_code": "419001100201"},
        "materials": [], "mandate_signed": True, "channel": "window", "note": "", "agent_name": "李娜",
    }  # fmt: skip
    view = {"state": "registered", "pauses": [], "extension_days": 0, "missing": [], "reason": "",
            "certificate_no": "", "evaluation": None, "conflict_events": [], "materials": [], "items": [],
            "mandate_signed": True, "channel": "window"}  # fmt: skip
    hlc = "1772409600000-00000-devicea"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO applicants (id, name, id_type, id_number, phone, village_code, group_name, address,"
            " credit_code) VALUES (?, '欧阳𠇔', 'resident_id', '419001198001010014', '13812345678',"
            " '419001100201', '一组', '', '')",
            (APPLICANT_ID,),
        )
        conn.execute(
            "INSERT INTO cases (id, case_no, item_code, item_version, bundle_code, title, category, final_level,"
            " applicant_id, applicant_name, id_masked, village_code, agent, status, level, registered_on,"
            " promised_days, limit_unit, due_on, open, paused, conflict, return_rounds, outcome, view, last_hlc,"
            " event_count) VALUES (?, '100201-260302-AB001', 'JY012', 1, NULL, '临时救助', '民政救助', 'town', ?,"
            " '欧阳𠇔', '419001********0014', '419001100201', '李娜', 'registered', 'village', '2026-03-02', 10,"
            " 'working_days', ?, 1, 0, 0, 0, NULL, ?, ?, 1)",
            (CASE_ID, APPLICANT_ID, "2026-03-19", json.dumps(view, ensure_ascii=False), hlc),
        )
        conn.execute(
            "INSERT INTO events (id, case_id, type, payload, author, device, role, partition, hlc, prev,"
            " schema_version, server_seq) VALUES (?, ?, 'case_registered', ?, 'u1', 'device-a', 'agent',"
            " '419001100201', ?, '[]', 1, NULL)",
            (EVENT_ID, CASE_ID, json.dumps(registered, ensure_ascii=False, sort_keys=True), hlc),
        )
        for key, value in {"device_id": "device-a", "device_tag": "AB", "role": "agent",
                           "region_code": "419001100201", "user": "李娜", "user_id": "u1"}.items():  # fmt: skip
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
    conn.close()


def test_revision_0001_with_data_upgrades_to_head_intact_and_searchable(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    db = root / "villagedesk.db"
    _at_revision(db, "0001")
    _insert_old_case(db)
    assert sqlite3.connect(db).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    with Desk.open(root, today=TODAY) as desk:
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        assert conn.execute("SELECT count(*) FROM search_terms WHERE case_id = ?", (CASE_ID,)).fetchone()[0] > 0
        conn.close()
        row = queries.detail(desk, "100201-260302-AB001").row
        assert (row.applicant_name, row.id_masked, row.registered_on) == (
            "欧阳𠇔",
            "419001********0014",
            date(2026, 3, 2),
        )
        for query in ("欧阳", "𠇔", "0014", "oy", "100201-260302-ab0o1"):
            assert queries.case_ids(desk, queries.CaseFilter(search=query)) == [CASE_ID], query
        report = maintenance.check(desk)
        assert report.integrity == "ok" and report.revision == report.head and report.events == 1
    backups = list((root / "backups").glob("before-upgrade-0001-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert old.execute("SELECT applicant_name FROM cases").fetchall() == [("欧阳𠇔",)]
    old.close()


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    db = tmp_path / "head.db"
    _at_revision(db, "head")
    engine = make_engine(db)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diffs == []


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    root = tmp_path / "newer"
    with Desk.open(root, today=TODAY):
        pass
    db = root / "villagedesk.db"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _sha(db)
    files = sorted(p.name for p in root.rglob("*"))
    with pytest.raises(NewerDatabaseError) as err:
        Desk.open(root, today=TODAY)
    assert "更新版本" in str(err.value) and "9999_from_the_future" in str(err.value)
    assert _sha(db) == before
    # no backup made; a read-only look at a WAL database may leave an empty -wal/-shm pair, nothing else
    after = {p.name for p in root.rglob("*")}
    assert after - set(files) <= {"villagedesk.db-wal", "villagedesk.db-shm"}
    wal = root / "villagedesk.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_revision_0013_gives_stored_cases_their_catalogs_title(tmp_path: Path) -> None:
    """A town PC's rows hold whatever title the registering device wrote; after 0013 they are called by
    the catalog's name of their item."""
    from sqlalchemy.orm import Session

    from villagedesk.services import catalog

    root = tmp_path / "old"
    root.mkdir()
    db = root / "villagedesk.db"
    _at_revision(db, "0012")
    engine = make_engine(db)
    with Session(engine) as s:  # the shipped catalog, as setup loads it
        catalog.load_catalog(s, json.loads(catalog.seed_file("catalog.json").read_text("utf-8")))
        s.commit()
    engine.dispose()
    _insert_old_case(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE cases SET title = '镇长特批·优先办理'")
    conn.close()
    with Desk.open(root, today=TODAY) as desk:
        assert queries.detail(desk, "100201-260302-AB001").row.title == "临时救助"
        report = maintenance.check(desk)
        assert report.revision == report.head and not report.mismatched


def test_revision_0014_indexes_cases_by_item_and_the_retitling_reads_it(tmp_path: Path) -> None:
    """A PC at 0013 with a case, opened by this build (Alembic to head): ``ix_cases_item_code`` exists, the
    queries that filter on ``item_code`` (a catalog's retitling, the town inbox's 事项 filter) search it
    instead of scanning every case, and the case is intact."""
    root = tmp_path / "old"
    root.mkdir()
    db = root / "villagedesk.db"
    _at_revision(db, "0013")
    _insert_old_case(db)
    with Desk.open(root, today=TODAY) as desk:
        assert queries.detail(desk, "100201-260302-AB001").row.title == "临时救助"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        cols = [r[2] for r in conn.execute("PRAGMA index_info('ix_cases_item_code')")]
        assert cols == ["item_code"]
        plans = {
            "retitle": "UPDATE cases SET title = '临时救助' WHERE item_code = 'JY012' AND title != '临时救助'",
            "inbox": "SELECT id FROM cases WHERE item_code = 'JY012' AND submitted_on IS NOT NULL",
        }
        for name, sql in plans.items():
            plan = " ".join(str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "ix_cases_item_code" in plan, (name, plan)
    finally:
        conn.close()
