"""server schema: each device's push quota in the database (a restart refilled it; workers multiplied it)

Revision ID: s0011
Revises: s0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0011"
down_revision = "s0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_buckets",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("events", sa.Double(), nullable=False),
        sa.Column("data", sa.Double(), nullable=False),
        sa.Column("at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_push_buckets")),
    )


def downgrade() -> None:
    op.drop_table("push_buckets")
