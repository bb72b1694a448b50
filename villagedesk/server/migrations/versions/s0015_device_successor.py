"""server schema: the device a PC's new enrollment replaces (its revoked tags stay that PC's)

Revision ID: s0015
Revises: s0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0015"
down_revision = "s0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("replaces", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("replaces")
