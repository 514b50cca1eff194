"""record keys for cell-key perturbation; quarters counted once

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A random whole number from 0 to 255 for each row, as each database writes it.
RANDOM_KEY = {
    'postgresql': 'CAST(floor(random() * 256) AS INTEGER)',
    'sqlite': 'abs(random()) % 256',
}
OLD_REPORT_COLUMNS = [
    'questionnaire_id',
    'started_quarter',
    'statement_id',
    'value',
    'area_id',
    'answered_by',
    'at_home',
]


def upgrade() -> None:
    random_key = RANDOM_KEY[op.get_bind().dialect.name]
    for table in ('response', 'group_vote', 'safety_flag'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('record_key', sa.Integer(), nullable=True))
        op.execute(f'UPDATE {table} SET record_key = {random_key}')  # fixed names  # nosec B608
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('record_key', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_key', sa.Integer(), nullable=True))
    op.execute(
        'UPDATE answer SET record_key = response.record_key'
        ' FROM response WHERE response.id = answer.response_id'
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.alter_column('record_key', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index('ix_answer_report')
        batch_op.create_index('ix_answer_report', [*OLD_REPORT_COLUMNS, 'record_key'])
    op.create_table(
        'counted_quarter',
        sa.Column('quarter', sa.Date(), nullable=False),
        sa.Column('counted_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('quarter', name=op.f('pk_counted_quarter')),
    )
    op.create_table(
        'quarter_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Date(), nullable=False),
        sa.Column('questionnaire_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('statement_id', sa.String(length=64), nullable=False),
        sa.Column('key', sa.String(length=16), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('who', sa.String(length=16), nullable=False),
        sa.Column('at_home', sa.Boolean(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('key_sum', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('answer', 'vote', 'people', 'alert')", name=op.f('ck_quarter_count_kind')
        ),
        sa.ForeignKeyConstraint(
            ['quarter'],
            ['counted_quarter.quarter'],
            name=op.f('fk_quarter_count_quarter_counted_quarter'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_quarter_count')),
    )
    op.create_index(
        'ix_quarter_count_report', 'quarter_count', ['quarter', 'questionnaire_id', 'kind']
    )
    # Reports made before this were worked out with cell suppression, which subtraction
    # defeats: their figures are worked out again, from counted quarters, when next read.
    op.execute('UPDATE report SET figures = NULL')


def downgrade() -> None:
    op.drop_index('ix_quarter_count_report', table_name='quarter_count')
    op.drop_table('quarter_count')
    op.drop_table('counted_quarter')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_report')
        batch_op.create_index('ix_answer_report', OLD_REPORT_COLUMNS)
        batch_op.drop_column('record_key')
    for table in ('safety_flag', 'group_vote', 'response'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('record_key')
