"""cases by item: the desk's queries that filter on ``item_code`` read an index, not every case

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

Two queries filter the cases by their item: ``store.retitle_cases`` (every catalog a PC pulls gives each
of its items' cases the catalog's name again: one scan of the whole table per item code, 50 scans of a
town's 100,000 cases) and the town inbox's 事项 filter (``services/town.inbox``). The town server's own
queries never filter on it (its tables hold no item code; metrics, the feed and the city's figures are
computed on the desk), so there is no server revision for it.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_item_code", "cases", ["item_code"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_item_code", table_name="cases")
