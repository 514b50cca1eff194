"""failed resume codes, counted site-wide to slow down guessing

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('failed_resume',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_resume'))
    )
    with op.batch_alter_table('failed_resume', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_resume_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('failed_resume', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_resume_at'))

    op.drop_table('failed_resume')
