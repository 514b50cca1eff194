"""answers may be "This is not about me" (statements about hospital, police, a job...)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "value IN ('yes', 'sometimes', 'no', 'not_sure', 'prefer_not')"
NEW = "value IN ('yes', 'sometimes', 'no', 'not_sure', 'not_about_me', 'prefer_not')"


def _values(allowed: str) -> None:
    for table in ("answer", "group_vote"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_value"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_value"), allowed)


# Reports count mirrored pairs too (kind 'pair'; statement_id holds both ids and a space).
OLD_KINDS = "kind IN ('answer', 'vote', 'people', 'alert')"
NEW_KINDS = "kind IN ('answer', 'vote', 'people', 'alert', 'pair')"


def _counts(kinds: str, statement_length: int, was: int) -> None:
    with op.batch_alter_table("quarter_count", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_quarter_count_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_quarter_count_kind"), kinds)
        batch_op.alter_column(
            "statement_id",
            existing_type=sa.String(length=was),
            type_=sa.String(length=statement_length),
            existing_nullable=False,
        )


def upgrade() -> None:
    _values(NEW)
    _counts(NEW_KINDS, 129, 64)


def downgrade() -> None:
    op.execute("DELETE FROM quarter_count WHERE kind = 'pair'")
    _counts(OLD_KINDS, 64, 129)
    op.execute("DELETE FROM answer WHERE value = 'not_about_me'")
    op.execute("DELETE FROM group_vote WHERE value = 'not_about_me'")
    _values(OLD)
