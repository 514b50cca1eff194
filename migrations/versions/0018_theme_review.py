"""the Advisory Group reviews a report theme by theme: a spoken comment keeps its recording, and
each theme's page is agreed on its own

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_recording",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["review_comment.id"],
            name=op.f("fk_review_recording_comment_id_review_comment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", name=op.f("pk_review_recording")),
    )
    op.create_table(
        "theme_approval",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=64), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_theme_approval_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["theme.id"], name=op.f("fk_theme_approval_theme_id_theme")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff_user.id"],
            name=op.f("fk_theme_approval_approved_by_staff_user"),
        ),
        sa.PrimaryKeyConstraint("report_id", "theme_id", name=op.f("pk_theme_approval")),
    )


def downgrade() -> None:
    op.drop_table("theme_approval")
    op.drop_table("review_recording")
