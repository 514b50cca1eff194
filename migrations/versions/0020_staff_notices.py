"""staff choose which notices they get by email, and notices wait in an outbox

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "kind IN ('report_review', 'report_approved', 'report_published', 'comments_waiting',"
    " 'action_overdue')"
)


def upgrade() -> None:
    op.create_table(
        "staff_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("once_key", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f("ck_staff_notice_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notice")),
        sa.UniqueConstraint("once_key", name=op.f("uq_staff_notice_once_key")),
    )
    op.create_index(op.f("ix_staff_notice_created_at"), "staff_notice", ["created_at"])
    op.create_table(
        "notice_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("weekly", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=True),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'no_mail_server')",
            name=op.f("ck_notice_email_status"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["staff_notice.id"],
            name=op.f("fk_notice_email_notice_id_staff_notice"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_notice_email_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_email")),
    )
    op.create_index(op.f("ix_notice_email_notice_id"), "notice_email", ["notice_id"])
    op.create_index(op.f("ix_notice_email_staff_user_id"), "notice_email", ["staff_user_id"])
    op.create_index(op.f("ix_notice_email_next_try_at"), "notice_email", ["next_try_at"])
    op.create_table(
        "notice_choice",
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("how", sa.String(length=8), nullable=False),
        sa.CheckConstraint("how IN ('email', 'weekly', 'none')", name=op.f("ck_notice_choice_how")),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_notice_choice_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_user_id", "kind", name=op.f("pk_notice_choice")),
    )


def downgrade() -> None:
    op.drop_table("notice_choice")
    op.drop_index(op.f("ix_notice_email_next_try_at"), table_name="notice_email")
    op.drop_index(op.f("ix_notice_email_staff_user_id"), table_name="notice_email")
    op.drop_index(op.f("ix_notice_email_notice_id"), table_name="notice_email")
    op.drop_table("notice_email")
    op.drop_index(op.f("ix_staff_notice_created_at"), table_name="staff_notice")
    op.drop_table("staff_notice")
