"""case list indexes that cover the list order; planner statistics

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

At 200,000 cases the old indexes made SQLite sort whole rows (view JSON included) for a town's list or
a multi-status filter (seconds). Each list index now ends in (registered_on, case_no) and carries the
columns filters test, so a page is found in the index; ANALYZE gives the planner the statistics it needs
to prefer them (see ``villagedesk.db.store.refresh_statistics``).
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD = {
    "ix_cases_status_registered": ["status", "registered_on"],
    "ix_cases_village_registered": ["village_code", "registered_on"],
    "ix_cases_open_due": ["open", "due_on"],
    "ix_cases_category_registered": ["category", "registered_on"],
    "ix_cases_registered": ["registered_on"],
}
NEW = {
    "ix_cases_status_registered": ["status", "registered_on", "case_no"],
    "ix_cases_village_registered": ["village_code", "registered_on", "case_no"],
    "ix_cases_open_due": ["open", "paused", "due_on", "village_code", "registered_on", "case_no"],
    "ix_cases_category_registered": ["category", "registered_on", "case_no"],
    "ix_cases_registered": ["registered_on", "case_no", "village_code", "status", "category"],
    "ix_cases_id_order": ["id", "registered_on", "case_no"],
}


def _replace(drop: dict[str, list[str]], create: dict[str, list[str]]) -> None:
    for name in drop:
        op.drop_index(name, table_name="cases")
    for name, columns in create.items():
        op.create_index(name, "cases", columns, unique=False)


def upgrade() -> None:
    _replace(OLD, NEW)
    op.execute("PRAGMA analysis_limit=400")
    op.execute("ANALYZE")


def downgrade() -> None:
    _replace(NEW, OLD)
