"""areas, help contacts, share links, group sessions, tablets, group votes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 21:08:21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area')),
    sa.UniqueConstraint('name', name=op.f('uq_area_name'))
    )
    op.create_table('area_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_area_contact_area_id_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_contact'))
    )
    with op.batch_alter_table('area_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_contact_area_id'), ['area_id'], unique=False)

    op.create_table('group_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('join_code', sa.String(length=8), nullable=False),
    sa.Column('group_name', sa.String(length=120), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('tablets_joined', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_group_session_area_id_area')),
    sa.ForeignKeyConstraint(['facilitator_id'], ['staff_user.id'], name=op.f('fk_group_session_facilitator_id_staff_user')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaire.id'], name=op.f('fk_group_session_questionnaire_id_questionnaire')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_session')),
    sa.UniqueConstraint('join_code', name=op.f('uq_group_session_join_code'))
    )
    op.create_table('share_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('questionnaire_slug', sa.String(length=64), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_share_link_area_id_area')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], name=op.f('fk_share_link_created_by_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_link')),
    sa.UniqueConstraint('token', name=op.f('uq_share_link_token'))
    )
    op.create_table('group_vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=16), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("value IN ('yes', 'sometimes', 'no', 'not_sure', 'prefer_not')", name=op.f('ck_group_vote_value')),
    sa.CheckConstraint('votes >= 0', name=op.f('ck_group_vote_votes_not_negative')),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id'], name=op.f('fk_group_vote_recorded_by_staff_user')),
    sa.ForeignKeyConstraint(['session_id'], ['group_session.id'], name=op.f('fk_group_vote_session_id_group_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_group_vote_statement_id_statement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_vote')),
    sa.UniqueConstraint('session_id', 'statement_id', 'value', name=op.f('uq_group_vote_session_id_statement_id_value'))
    )
    op.create_table('kiosk_tablet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['group_session.id'], name=op.f('fk_kiosk_tablet_session_id_group_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_tablet')),
    sa.UniqueConstraint('session_id', 'number', name=op.f('uq_kiosk_tablet_session_id_number'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tablet_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_response_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_response_tablet_id_kiosk_tablet'), 'kiosk_tablet', ['tablet_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_response_session_id_group_session'), 'group_session', ['session_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_response_area_id_area'), 'area', ['area_id'], ['id'])

    with op.batch_alter_table('safety_flag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tablet_number', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_safety_flag_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_safety_flag_area_id_area'), 'area', ['area_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_safety_flag_session_id_group_session'), 'group_session', ['session_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('safety_flag', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_safety_flag_session_id_group_session'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_safety_flag_area_id_area'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_safety_flag_session_id'))
        batch_op.drop_column('tablet_number')
        batch_op.drop_column('session_id')
        batch_op.drop_column('area_id')

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_response_area_id_area'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_response_session_id_group_session'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_response_tablet_id_kiosk_tablet'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_response_session_id'))
        batch_op.drop_index(batch_op.f('ix_response_area_id'))
        batch_op.drop_column('tablet_id')
        batch_op.drop_column('session_id')
        batch_op.drop_column('area_id')

    op.drop_table('kiosk_tablet')
    op.drop_table('group_vote')
    op.drop_table('share_link')
    op.drop_table('group_session')
    with op.batch_alter_table('area_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_contact_area_id'))

    op.drop_table('area_contact')
    op.drop_table('area')
