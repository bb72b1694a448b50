"""The star-rating and inspection tables: migration 0004 creates exactly what the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from villagedesk.db.engine import open_database
from villagedesk.db.models import Base


def test_migrated_schema_matches_models(tmp_path) -> None:
    engine = open_database(tmp_path / "v.db")
    try:
        with engine.connect() as conn:
            assert {"inspections", "star_ratings"} <= set(inspect(conn).get_table_names())
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()
