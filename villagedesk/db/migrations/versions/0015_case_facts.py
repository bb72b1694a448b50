"""stored statistics facts: the 统计 page reads each case's facts instead of folding all its events again

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

A city clerk's 统计 page over 300,000 cases read and folded two million events at every first open (36 s
for a month) and checked the in-memory facts of every case again at the second (5.85 s); the memory was
lost at every restart. ``case_facts`` keeps each case's ``CaseFacts`` with the stamp of the events and
of the calendar they were computed from (``services.metrics.facts_for``). Derived data only: no other
table refers to it, and emptying it only costs the next open the folding.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("from_day", sa.Integer(), nullable=False),
        sa.Column("until_day", sa.Integer(), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hlc", sa.String(48), nullable=False),
        sa.Column("calendar", sa.String(32), nullable=False),
        sa.Column("facts", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", "from_day", name="pk_case_facts"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("case_facts")
