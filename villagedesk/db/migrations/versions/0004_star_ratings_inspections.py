"""star ratings (星级考评) and inspections (督查) of village centers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("inspector", sa.String(length=64), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("deduction", sa.Float(), nullable=False),
        sa.Column("data_leak", sa.Boolean(), nullable=False),
        sa.Column("fix_by", sa.Date(), nullable=True),
        sa.Column("fixed_on", sa.Date(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_village_code"), ["village_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_on"), ["on"], unique=False)

    op.create_table(
        "star_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("manual_scores", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("rubric", sa.JSON(), nullable=False),
        sa.Column("sheet", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.Column("city_stars", sa.Integer(), nullable=True),
        sa.Column("city_note", sa.Text(), nullable=False),
        sa.Column("city_checked_on", sa.Date(), nullable=True),
        sa.Column("top_center", sa.Boolean(), nullable=False),
        sa.Column("scored_at", sa.DateTime(), nullable=True),
        sa.Column("scored_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_ratings")),
        sa.UniqueConstraint("village_code", "year", name="uq_star_ratings_village_year"),
    )
    with op.batch_alter_table("star_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_star_ratings_village_code"), ["village_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("star_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_star_ratings_village_code"))
    op.drop_table("star_ratings")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_on"))
        batch_op.drop_index(batch_op.f("ix_inspections_village_code"))
    op.drop_table("inspections")
