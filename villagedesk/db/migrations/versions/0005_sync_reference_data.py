"""reference data received from the town server (notices, holiday calendars, catalog versions)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ref_data",
        sa.Column("rseq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=True),
        sa.Column("effective_from", sa.String(length=10), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("rseq", name=op.f("pk_ref_data")),
    )
    with op.batch_alter_table("ref_data", schema=None) as batch_op:
        batch_op.create_index("ix_ref_data_kind_key", ["kind", "key"], unique=False)


def downgrade() -> None:
    op.drop_table("ref_data")
