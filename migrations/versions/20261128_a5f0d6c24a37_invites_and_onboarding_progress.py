"""Invites for new hires (hashed tokens, teams) and onboarding progress.

Revision ID: a5f0d6c24a37
Revises: e04414ff3836
Create Date: 2026-11-28 06:24:16.759026

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5f0d6c24a37'
down_revision = 'e04414ff3836'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('card_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('teammate_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teammate_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id', 'teammate_id')
    )
    with op.batch_alter_table('card_read', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_read_member_id'), ['member_id'], unique=False)

    op.create_table('invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['member.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invite_email'), ['email'], unique=False)

    op.create_table('onboarding_state',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('current_step', sa.String(length=24), nullable=False),
    sa.Column('done_steps', sa.String(length=120), nullable=False),
    sa.Column('skipped_steps', sa.String(length=120), nullable=False),
    sa.Column('wizard_finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('intros_booked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('intros_booked', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id')
    )
    op.create_table('invite_team',
    sa.Column('invite_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['invite_id'], ['invite.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('invite_id', 'team_id')
    )


def downgrade():
    op.drop_table('invite_team')
    op.drop_table('onboarding_state')
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_email'))

    op.drop_table('invite')
    with op.batch_alter_table('card_read', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_read_member_id'))

    op.drop_table('card_read')
