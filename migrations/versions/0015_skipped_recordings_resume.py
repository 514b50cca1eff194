"""a skipped statement is stored as "skipped"; spoken "Tell us more" recordings wait for
moderation; a response knows when it was last active (resume codes lapse after inactivity)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "value IN ('yes', 'sometimes', 'no', 'not_sure', 'not_about_me', 'prefer_not')"
NEW = "value IN ('yes', 'sometimes', 'no', 'not_sure', 'not_about_me', 'prefer_not', 'skipped')"


def _values(allowed: str) -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_answer_value"), type_="check")
        batch_op.create_check_constraint(op.f("ck_answer_value"), allowed)


def upgrade() -> None:
    _values(NEW)
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_active_at", sa.DateTime(), nullable=True))
    op.create_table(
        "comment_recording",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_comment_recording_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", name=op.f("pk_comment_recording")),
    )


def downgrade() -> None:
    op.drop_table("comment_recording")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_column("last_active_at")
    op.execute("DELETE FROM answer WHERE value = 'skipped'")
    _values(OLD)
