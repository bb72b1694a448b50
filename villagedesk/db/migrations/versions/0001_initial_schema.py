"""initial schema: reference data, events, outbox, case projections

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_table(
        "applicants",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("id_type", sa.String(length=16), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("group_name", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=256), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicants")),
    )
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applicants_id_number"), ["id_number"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=32), nullable=False),
        sa.Column("item_code", sa.String(length=32), nullable=False),
        sa.Column("item_version", sa.Integer(), nullable=False),
        sa.Column("bundle_code", sa.String(length=32), nullable=True),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("final_level", sa.String(length=16), nullable=False),
        sa.Column("applicant_id", sa.String(length=36), nullable=False),
        sa.Column("applicant_name", sa.String(length=64), nullable=False),
        sa.Column("id_masked", sa.String(length=32), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("limit_unit", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("conflict", sa.Boolean(), nullable=False),
        sa.Column("return_rounds", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("view", sa.JSON(), nullable=False),
        sa.Column("last_hlc", sa.String(length=48), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_cases_case_no")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_applicant_id"), ["applicant_id"], unique=False)
        batch_op.create_index("ix_cases_category_registered", ["category", "registered_on"], unique=False)
        batch_op.create_index("ix_cases_open_due", ["open", "due_on"], unique=False)
        batch_op.create_index("ix_cases_registered", ["registered_on"], unique=False)
        batch_op.create_index("ix_cases_status_registered", ["status", "registered_on"], unique=False)
        batch_op.create_index("ix_cases_village_registered", ["village_code", "registered_on"], unique=False)

    op.create_table(
        "events",
        sa.Column("local_seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("partition", sa.String(length=12), nullable=False),
        sa.Column("hlc", sa.String(length=48), nullable=False),
        sa.Column("prev", sa.Text(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("local_seq", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_partition"), ["partition"], unique=False)

    op.create_table(
        "item_bundles",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("item_codes", sa.JSON(), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("limit_unit", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_item_bundles")),
    )
    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regions_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "service_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("item_type", sa.String(length=64), nullable=False),
        sa.Column("village_role", sa.String(length=32), nullable=False),
        sa.Column("village_role_note", sa.String(length=128), nullable=False),
        sa.Column("final_level", sa.String(length=16), nullable=False),
        sa.Column("legal_limit", sa.String(length=128), nullable=False),
        sa.Column("promised_limit_text", sa.String(length=128), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("limit_unit", sa.String(length=16), nullable=False),
        sa.Column("special_procedures", sa.JSON(), nullable=False),
        sa.Column("in_person", sa.Boolean(), nullable=False),
        sa.Column("fee", sa.String(length=64), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_items")),
        sa.UniqueConstraint("code", "version", name="uq_service_items_code_version"),
    )
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_items_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_items_code"), ["code"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "sync_cursors",
        sa.Column("partition", sa.String(length=12), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("partition", name=op.f("pk_sync_cursors")),
    )
    op.create_table(
        "centers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("address", sa.String(length=256), nullable=False),
        sa.Column("hours", sa.String(length=128), nullable=False),
        sa.Column("weekend_appointments", sa.Boolean(), nullable=False),
        sa.Column("hotline", sa.String(length=32), nullable=False),
        sa.Column("star_level", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_centers_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centers")),
    )
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centers_region_code"), ["region_code"], unique=False)

    op.create_table(
        "material_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("necessity", sa.String(length=16), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["service_items.id"],
            name=op.f("fk_material_requirements_item_id_service_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_requirements")),
    )
    with op.batch_alter_table("material_requirements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_material_requirements_item_id"), ["item_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_outbox_event_id_events")),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_outbox")),
    )


def downgrade() -> None:
    op.drop_table("outbox")
    with op.batch_alter_table("material_requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_requirements_item_id"))

    op.drop_table("material_requirements")
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centers_region_code"))

    op.drop_table("centers")
    op.drop_table("sync_cursors")
    op.drop_table("settings")
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_items_code"))
        batch_op.drop_index(batch_op.f("ix_service_items_category"))

    op.drop_table("service_items")
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regions_parent_code"))

    op.drop_table("regions")
    op.drop_table("item_bundles")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_partition"))
        batch_op.drop_index(batch_op.f("ix_events_case_id"))

    op.drop_table("events")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_village_registered")
        batch_op.drop_index("ix_cases_status_registered")
        batch_op.drop_index("ix_cases_registered")
        batch_op.drop_index("ix_cases_open_due")
        batch_op.drop_index("ix_cases_category_registered")
        batch_op.drop_index(batch_op.f("ix_cases_applicant_id"))

    op.drop_table("cases")
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applicants_id_number"))

    op.drop_table("applicants")
    op.drop_table("accounts")
