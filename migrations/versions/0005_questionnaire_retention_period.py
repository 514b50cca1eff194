"""questionnaire retention period

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 22:27:04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Questionnaires already loaded get 24 months until `flask content load` sets the real period.
    with op.batch_alter_table('questionnaire', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('retention_months', sa.Integer(), nullable=False, server_default='24')
        )


def downgrade() -> None:
    with op.batch_alter_table('questionnaire', schema=None) as batch_op:
        batch_op.drop_column('retention_months')
