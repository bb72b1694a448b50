"""server schema: one row per case (its village and case number), events findable by case, tags per PC

The judge checks every pushed event against its case's history (``domain/judge.py``): the events are
read by case id, and a case number may belong to one case only.

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("partition", sa.String(length=12), nullable=False),
        sa.Column("case_no", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_cases")),
    )
    op.create_index("ix_cases_case_no", "cases", ["case_no"], unique=True)
    # A village PC's case numbers carry its 2-character device tag: the first device to use a tag in a
    # village owns it, so no other token can take (squat) that PC's numbers.
    op.create_table(
        "device_tags",
        sa.Column("partition", sa.String(length=12), nullable=False),
        sa.Column("tag", sa.String(length=2), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("partition", "tag", name=op.f("pk_device_tags")),
    )
    op.create_index("ix_events_case_id", "events", ["case_id"])
    # Cases registered before this revision: the first registration of each case id and of each number
    # (an earlier server took duplicates; they stay in the log, the projection marks them as conflicts).
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT case_id, partition, payload FROM events WHERE type = 'case_registered' ORDER BY seq")
    )
    cases: dict[str, tuple[str, str | None]] = {}
    numbers: set[str] = set()
    for case_id, partition, payload in rows:
        if case_id in cases:
            continue
        try:
            number = json.loads(payload).get("case_no")
        except (ValueError, AttributeError):
            number = None
        if not isinstance(number, str) or not number or len(number) > 32 or number in numbers:
            number = None
        else:
            numbers.add(number)
        cases[case_id] = (partition, number)
    if cases:
        table = sa.table("cases", sa.column("case_id"), sa.column("partition"), sa.column("case_no"))
        op.bulk_insert(table, [{"case_id": c, "partition": p, "case_no": n} for c, (p, n) in cases.items()])


def downgrade() -> None:
    op.drop_table("device_tags")
    op.drop_index("ix_events_case_id", table_name="events")
    op.drop_index("ix_cases_case_no", table_name="cases")
    op.drop_table("cases")
