"""server schema: the names of the village PCs' accounts (账号名单), for the clerk's 留痕

Revision ID: s0010
Revises: s0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0010"
down_revision = "s0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_accounts",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "account_id", name=op.f("pk_audit_accounts")),
    )


def downgrade() -> None:
    op.drop_table("audit_accounts")
