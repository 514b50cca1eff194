"""questionnaire retention period without a server default

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:39:43
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _set_retention_default(default: str | None) -> None:
    # SQLite changes a column's default by copying the table and dropping the old one. Responses,
    # questionnaire items and group sessions point at questionnaire, so with foreign keys on the
    # drop fails ("FOREIGN KEY constraint failed"). Alembic gives each SQLite migration its own
    # transaction and Python's sqlite3 only begins it at the first change of data, so the pragma
    # still takes effect here. It lasts for this migration connection; the check below stands in.
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    with op.batch_alter_table('questionnaire', schema=None) as batch_op:
        batch_op.alter_column(
            'retention_months',
            existing_type=sa.Integer(),
            existing_nullable=False,
            server_default=default,
        )
    if sqlite and not context.is_offline_mode():
        broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'foreign keys broken after copying questionnaire: {broken}')


def upgrade() -> None:
    # 0005 gave questionnaires already loaded 24 months through a server default. The model has
    # none: a questionnaire stored without its period from content is refused, not kept 24 months.
    _set_retention_default(None)


def downgrade() -> None:
    _set_retention_default('24')
