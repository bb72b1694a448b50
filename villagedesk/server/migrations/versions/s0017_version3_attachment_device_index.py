"""server schema: index attachments by device (the upload quota reads one device's uploads per new file)

Revision ID: s0017
Revises: s0016_contact
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "s0017"
down_revision = "s0016_contact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (device_id, created_at): the quota's rolling day is a range of one device's rows, its total a sum
    # over them; without it every new upload of any device scanned the whole table.
    op.create_index("ix_attachments_device_created", "attachments", ["device_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_attachments_device_created", table_name="attachments")
