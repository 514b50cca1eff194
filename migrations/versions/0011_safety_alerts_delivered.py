"""safety alerts delivered: on-call lists, emails sent, every source, not genuine; group size

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 05:27:56
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLAG_KINDS = "kind IN ('answer', 'help_link', 'group_vote', 'comment')"


def upgrade() -> None:
    op.create_table(
        "safety_on_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
            name=op.f("fk_safety_on_call_area_id_area"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_safety_on_call_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_on_call")),
        sa.UniqueConstraint(
            "area_id", "staff_user_id", name=op.f("uq_safety_on_call_area_id_staff_user_id")
        ),
    )
    op.create_index(op.f("ix_safety_on_call_area_id"), "safety_on_call", ["area_id"])
    op.create_table(
        "safety_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'no_mail_server')",
            name=op.f("ck_safety_delivery_status"),
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["safety_flag.id"],
            name=op.f("fk_safety_delivery_flag_id_safety_flag"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_safety_delivery_staff_user_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_delivery")),
    )
    op.create_index(op.f("ix_safety_delivery_flag_id"), "safety_delivery", ["flag_id"])
    op.create_index(op.f("ix_safety_delivery_next_try_at"), "safety_delivery", ["next_try_at"])

    with op.batch_alter_table("group_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_size", sa.Integer(), nullable=True))

    with op.batch_alter_table("safety_flag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("questionnaire_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("comment_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("raised_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("not_genuine_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("escalation_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("escalate_at", sa.DateTime(), nullable=True))
    # Flags raised before this were never emailed: nothing is escalated for them now.
    op.execute("UPDATE safety_flag SET escalation_step = 0")
    op.execute(
        "UPDATE safety_flag SET questionnaire_id = response.questionnaire_id"
        " FROM response WHERE response.id = safety_flag.response_id"
    )
    with op.batch_alter_table("safety_flag", schema=None) as batch_op:
        batch_op.alter_column("escalation_step", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_safety_flag_comment_id"), ["comment_id"])
        batch_op.create_index(batch_op.f("ix_safety_flag_escalate_at"), ["escalate_at"])
        batch_op.create_index(batch_op.f("ix_safety_flag_raised_at"), ["raised_at"])
        batch_op.create_foreign_key(
            batch_op.f("fk_safety_flag_comment_id_comment"),
            "comment",
            ["comment_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_safety_flag_questionnaire_id_questionnaire"),
            "questionnaire",
            ["questionnaire_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_safety_flag_raised_by_staff_user"), "staff_user", ["raised_by"], ["id"]
        )
        batch_op.create_check_constraint("kind", FLAG_KINDS)

    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alert_on", sa.String(length=80), nullable=True))
    # The rule before this, until `flask content load` writes each statement's own list
    op.execute(
        "UPDATE statement SET alert_on = CASE WHEN NOT safety THEN ''"
        " WHEN direction = 'yes_good' THEN 'no not_sure' ELSE 'yes not_sure' END"
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.alter_column("alert_on", existing_type=sa.String(length=80), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_column("alert_on")
    with op.batch_alter_table("safety_flag", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_safety_flag_kind"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_safety_flag_raised_by_staff_user"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_safety_flag_questionnaire_id_questionnaire"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_safety_flag_comment_id_comment"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_safety_flag_raised_at"))
        batch_op.drop_index(batch_op.f("ix_safety_flag_escalate_at"))
        batch_op.drop_index(batch_op.f("ix_safety_flag_comment_id"))
        for column in (
            "escalate_at",
            "escalation_step",
            "not_genuine_reason",
            "raised_by",
            "comment_id",
            "questionnaire_id",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("group_session", schema=None) as batch_op:
        batch_op.drop_column("group_size")
    op.drop_index(op.f("ix_safety_delivery_next_try_at"), table_name="safety_delivery")
    op.drop_index(op.f("ix_safety_delivery_flag_id"), table_name="safety_delivery")
    op.drop_table("safety_delivery")
    op.drop_index(op.f("ix_safety_on_call_area_id"), table_name="safety_on_call")
    op.drop_table("safety_on_call")
