"""audit chain by ref: a case's page tells its directly edited events without reading the whole chain

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

`check` reads the whole chain in order (no index needed). The case page and `show` now mark a step whose
event row differs from the digest the chain holds for it (a decision edited in the database); that asks
the chain for the latest entries of one case's events, which without this index scans every entry.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_chain_ref", "audit_chain", ["ref", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_chain_ref", table_name="audit_chain")
