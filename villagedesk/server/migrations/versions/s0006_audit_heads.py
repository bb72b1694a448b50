"""server schema: the audit-chain heads each device sent, and the tamper alerts they raised

Revision ID: s0006
Revises: s0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0006"
down_revision = "s0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_heads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_heads")),
    )
    op.create_index("ix_audit_heads_device_seq", "audit_heads", ["device_id", "seq"])
    op.create_table(
        "audit_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_alerts")),
    )
    op.create_index(op.f("ix_audit_alerts_device_id"), "audit_alerts", ["device_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_alerts_device_id"), table_name="audit_alerts")
    op.drop_table("audit_alerts")
    op.drop_index("ix_audit_heads_device_seq", table_name="audit_heads")
    op.drop_table("audit_heads")
