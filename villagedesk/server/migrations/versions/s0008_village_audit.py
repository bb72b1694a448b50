"""server schema: the audit-trail entries village PCs send (留痕上报), for the town clerk to read

Revision ID: s0008
Revises: s0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0008"
down_revision = "s0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("branch", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("content", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("case_no", sa.String(length=32), nullable=True),
        sa.Column("refused", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index("ix_audit_entries_device_branch_seq", "audit_entries", ["device_id", "branch", "seq"], unique=True)
    op.create_index(op.f("ix_audit_entries_case_no"), "audit_entries", ["case_no"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_entries_case_no"), table_name="audit_entries")
    op.drop_index("ix_audit_entries_device_branch_seq", table_name="audit_entries")
    op.drop_table("audit_entries")
