"""quarantine: pulled events this device could not apply, kept with the reason

A pulled event that fails the domain's judge, or whose case cannot be projected, is set aside here
instead of failing the whole page (and every later sync). The 同步 page and ``villagedesk check`` list them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("partition", sa.String(length=12), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_quarantine")),
    )
    op.create_index(op.f("ix_quarantine_case_id"), "quarantine", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_quarantine_case_id"), table_name="quarantine")
    op.drop_table("quarantine")
