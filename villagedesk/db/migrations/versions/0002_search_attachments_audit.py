"""search index, attachments and audit log; backfill search keys of existing cases

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("material", sa.String(length=128), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("term", "case_id", name=op.f("pk_search_terms")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("search_terms", schema=None) as batch_op:
        batch_op.create_index("ix_search_terms_case_id", ["case_id"], unique=False)

    _backfill_search_terms()


def _backfill_search_terms() -> None:
    """Cases created before this revision become searchable at once."""
    from villagedesk.domain.search_terms import terms_for

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT c.id, c.applicant_name, COALESCE(a.id_number, ''), c.case_no "
            "FROM cases c LEFT JOIN applicants a ON a.id = c.applicant_id"
        )
    ).fetchall()
    keys = [{"term": t, "case_id": r[0]} for r in rows for t in terms_for(r[1], r[2], r[3])]
    if keys:
        bind.execute(sa.text("INSERT INTO search_terms (term, case_id) VALUES (:term, :case_id)"), keys)


def downgrade() -> None:
    with op.batch_alter_table("search_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_search_terms_case_id")

    op.drop_table("search_terms")
    op.drop_table("audit_log")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_case_id"))

    op.drop_table("attachments")
