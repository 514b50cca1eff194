"""questionnaire retention period without a server default

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:39:43
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _set_retention_default(default: str | None) -> None:
    # SQLite copies the table to change a default; migrations/env.py turns foreign keys off
    # around every migration (responses, items and sessions point at questionnaire).
    with op.batch_alter_table('questionnaire', schema=None) as batch_op:
        batch_op.alter_column(
            'retention_months',
            existing_type=sa.Integer(),
            existing_nullable=False,
            server_default=default,
        )


def upgrade() -> None:
    # 0005 gave questionnaires already loaded 24 months through a server default. The model has
    # none: a questionnaire stored without its period from content is refused, not kept 24 months.
    _set_retention_default(None)


def downgrade() -> None:
    _set_retention_default('24')
