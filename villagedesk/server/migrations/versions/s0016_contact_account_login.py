"""server schema: the login name of a village PC's account (账号名单), by which handovers name people

Revision ID: s0016_contact
Revises: s0015
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0016_contact"
down_revision = "s0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_accounts") as batch:
        batch.add_column(sa.Column("login", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_accounts") as batch:
        batch.drop_column("login")
