"""questionnaires are asked in rounds, with open and close dates per area

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("questionnaire_slug", sa.String(length=64), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("closed_early_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "closes_on >= opens_on", name=op.f("ck_survey_round_closes_after_opening")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_survey_round_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff_user.id"], name=op.f("fk_survey_round_created_by_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_round")),
    )
    op.create_index(
        op.f("ix_survey_round_questionnaire_slug"),
        "survey_round",
        ["questionnaire_slug"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_round_questionnaire_slug"), table_name="survey_round")
    op.drop_table("survey_round")
