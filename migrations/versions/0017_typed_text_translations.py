"""texts staff type (an action's "We did" words, an area's help contacts) get translations,
each kept with the English it was made from and a status (draft, checked by a native speaker)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 22:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "kind IN ('action.easy_read', 'help_contact.name', 'help_contact.text')"
STATUSES = "status IN ('draft', 'checked')"


def upgrade() -> None:
    op.create_table(
        "typed_text_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("en", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f("ck_typed_text_translation_kind")),
        sa.CheckConstraint(STATUSES, name=op.f("ck_typed_text_translation_status")),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["staff_user.id"],
            name=op.f("fk_typed_text_translation_changed_by_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_typed_text_translation")),
        sa.UniqueConstraint(
            "kind",
            "row_id",
            "language",
            name=op.f("uq_typed_text_translation_kind_row_id_language"),
        ),
    )


def downgrade() -> None:
    op.drop_table("typed_text_translation")
