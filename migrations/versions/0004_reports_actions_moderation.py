"""reports, review comments, actions, comment moderation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'approved', 'published')", name=op.f('ck_report_status')),
    sa.ForeignKeyConstraint(['approved_by'], ['staff_user.id'], name=op.f('fk_report_approved_by_staff_user')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_report_created_by_staff_user')),
    sa.ForeignKeyConstraint(['published_by'], ['staff_user.id'], name=op.f('fk_report_published_by_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report'))
    )
    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.String(length=64), nullable=False),
    sa.Column('statement_id', sa.String(length=64), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('easy_read', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('done', 'on_track', 'not_on_track')", name=op.f('ck_action_status')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_action_area_id_area')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_action_created_by_staff_user')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_action_statement_id_statement')),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_action_theme_id_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_theme_id'), ['theme_id'], unique=False)

    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.String(length=64), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_user.id'], name=op.f('fk_review_comment_author_id_staff_user')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_review_comment_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_review_comment_theme_id_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comment_report_id'), ['report_id'], unique=False)

    op.create_table('comment_theme',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_comment_theme_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_comment_theme_theme_id_theme')),
    sa.PrimaryKeyConstraint('comment_id', 'theme_id', name=op.f('pk_comment_theme'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('moderated_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('moderated_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_comment_moderated_by_staff_user'), 'staff_user', ['moderated_by'], ['id'])
        batch_op.create_check_constraint(op.f('ck_comment_status'), "status IN ('pending', 'approved', 'rejected')")



def downgrade() -> None:
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_comment_status'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_comment_moderated_by_staff_user'), type_='foreignkey')
        batch_op.drop_column('moderated_at')
        batch_op.drop_column('moderated_by')
        batch_op.drop_column('shown_text')

    op.drop_table('comment_theme')
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comment_report_id'))

    op.drop_table('review_comment')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_theme_id'))

    op.drop_table('action')
    op.drop_table('report')
