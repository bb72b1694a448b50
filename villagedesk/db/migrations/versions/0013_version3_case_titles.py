"""case titles from the catalog: a stored case is called by its item's catalog name, not the device's text

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

A registering device wrote the case's ``title`` and every town and city list, export and print showed it:
a hostile or broken client could register 临时救助 as anything. The projection now writes the catalog's
name of the case's item (or bundle; an item's newest version), the device's title only for a code this PC's
catalog does not hold (``domain.catalog.case_title``). This gives the rows already stored the same title;
the events keep what the device sent.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE cases SET title = COALESCE("
        " (SELECT b.name FROM item_bundles b WHERE b.code = cases.item_code),"
        " (SELECT s.name FROM service_items s WHERE s.code = cases.item_code ORDER BY s.version DESC LIMIT 1),"
        " title)"
    )


def downgrade() -> None:
    pass  # the device's titles are still in the events: a rebuild of an older build writes them again
