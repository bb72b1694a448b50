"""Bring a migrated database's tables, columns and indexes to what the models say, after an upgrade.

Why: builds from main's history stamped revisions that did not mean today's schema (an 0006 that came
straight after 0002 or 0003, a tree with two heads). Alembic trusts the stamp and skips 0004 and 0005,
so a profile from such a build reached 0007 without ``star_ratings``, ``inspections`` and ``ref_data``.
The models are the head schema (a test keeps models and migrations from drifting), so whatever the
stamp hid is created from them. It only adds: no table, column or row is ever dropped.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, inspect
from sqlalchemy.schema import CreateColumn

from villagedesk.db.models import Base

log = logging.getLogger(__name__)


def repair_schema(conn: Connection) -> list[str]:
    """Create missing tables, add missing columns, (re)create missing or different indexes; return what."""
    done: list[str] = []
    insp = inspect(conn)
    existing = set(insp.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing:
            table.create(conn)
            done.append(f"table {table.name}")
            continue
        have_cols = {c["name"] for c in insp.get_columns(table.name)}
        for column in table.columns:
            if column.name in have_cols:
                continue
            ddl = CreateColumn(column).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}')
            done.append(f"column {table.name}.{column.name}")
        have_idx = {i["name"]: tuple(i["column_names"]) for i in insp.get_indexes(table.name)}
        for index in table.indexes:
            want = tuple(c.name for c in index.columns)
            if have_idx.get(index.name) == want:
                continue
            if index.name in have_idx:
                conn.exec_driver_sql(f'DROP INDEX "{index.name}"')
            index.create(conn)
            done.append(f"index {index.name}")
    if done:
        log.warning("schema repaired after upgrade: %s", ", ".join(done))
    return done
