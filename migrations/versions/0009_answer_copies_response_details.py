"""answers keep a copy of their response's details; responses say whether they have answers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first day of the quarter the response started in, as each database writes a DATE.
QUARTER_START = {
    'postgresql': "CAST(date_trunc('quarter', response.started_at) AS DATE)",
    'sqlite': "strftime('%Y-', response.started_at) || printf('%02d',"
    " (CAST(strftime('%m', response.started_at) AS INTEGER) - 1) / 3 * 3 + 1) || '-01'",
}
REQUIRED = {
    'questionnaire_id': sa.Integer(),
    'answered_by': sa.String(length=16),
    'at_home': sa.Boolean(),
    'started_quarter': sa.Date(),
}
# Everything a report counts, in the order it groups by (REPORT_COLUMNS in portal/respond/models.py).
REPORT_COLUMNS = [
    'questionnaire_id',
    'started_quarter',
    'statement_id',
    'value',
    'area_id',
    'answered_by',
    'at_home',
]


def upgrade() -> None:
    # Added empty, filled from the answers and responses already there, then made required
    # (area_id may stay empty, as on the response). UPDATE ... FROM: PostgreSQL, SQLite 3.33+.
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('has_answers', sa.Boolean(), nullable=True))
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('questionnaire_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answered_by', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('at_home', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('started_quarter', sa.Date(), nullable=True))
    op.execute(
        'UPDATE response SET has_answers = EXISTS'
        ' (SELECT 1 FROM answer WHERE answer.response_id = response.id)'
    )
    quarter = QUARTER_START[op.get_bind().dialect.name]
    op.execute(
        'UPDATE answer SET questionnaire_id = response.questionnaire_id,'
        ' area_id = response.area_id, answered_by = response.answered_by,'
        f' at_home = response.session_id IS NULL, started_quarter = {quarter}'
        ' FROM response WHERE response.id = answer.response_id'
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.alter_column('has_answers', existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table('answer', schema=None) as batch_op:
        for name, kind in REQUIRED.items():
            batch_op.alter_column(name, existing_type=kind, nullable=False)
        batch_op.create_index('ix_answer_report', REPORT_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_report')
        for name in ('started_quarter', 'at_home', 'answered_by', 'area_id', 'questionnaire_id'):
            batch_op.drop_column(name)
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('has_answers')
