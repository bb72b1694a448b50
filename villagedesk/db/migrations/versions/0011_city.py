"""city index: the city clerk's inbox and overview read one covering index

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02

A city profile holds every case of the city (300,000 for 济源's 600 villages), 5 % of them city-level.
The inbox (city-level cases in 已转报/市级已受理, overdue first) and the overview (city-level cases per
town and state) had no index starting with ``final_level``: they read every such case's row through
the status index or scanned the table (0.4 s and 1.2 s). This index holds every column both test, so
each is answered from the index alone (docs/city.md has the figures).
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ["final_level", "status", "village_code", "open", "paused", "due_on", "case_no", "id"]


def upgrade() -> None:
    op.create_index("ix_cases_city", "cases", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_city", table_name="cases")
