"""tablets a facilitator removed from a group session; wrong join codes, counted site-wide

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kiosk_tablet", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "failed_join",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_join")),
    )
    op.create_index(op.f("ix_failed_join_at"), "failed_join", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_failed_join_at"), table_name="failed_join")
    op.drop_table("failed_join")
    with op.batch_alter_table("kiosk_tablet", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
