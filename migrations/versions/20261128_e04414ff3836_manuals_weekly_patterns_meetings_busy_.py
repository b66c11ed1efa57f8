"""Manuals with sections and revisions, weekly patterns, meetings, busy time, feeds.

Revision ID: e04414ff3836
Revises: aada364363d8
Create Date: 2026-11-28 06:18:56.499406

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e04414ff3836'
down_revision = 'aada364363d8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('booking_lock',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id')
    )
    op.create_table('calendar_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('first_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id', 'source')
    )
    with op.batch_alter_table('calendar_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_import_member_id'), ['member_id'], unique=False)

    op.create_table('feed_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('feed_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_token_member_id'), ['member_id'], unique=False)

    op.create_table('manual',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('preferred_channels', sa.String(length=120), nullable=False),
    sa.Column('response_time', sa.String(length=32), nullable=False),
    sa.Column('feedback_mode', sa.String(length=16), nullable=False),
    sa.Column('feedback_setting', sa.String(length=16), nullable=False),
    sa.Column('meeting_preference', sa.String(length=32), nullable=False),
    sa.Column('max_meetings_per_day', sa.Integer(), nullable=True),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('last_reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id')
    )
    op.create_table('manual_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id', 'number')
    )
    with op.batch_alter_table('manual_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manual_revision_member_id'), ['member_id'], unique=False)

    op.create_table('manual_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id', 'key')
    )
    with op.batch_alter_table('manual_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manual_section_member_id'), ['member_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('meeting_type', sa.String(length=24), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organiser_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uid')
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_start'), ['start'], unique=False)

    op.create_table('one_off_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('blocks', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('one_off_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_one_off_hours_member_id'), ['member_id'], unique=False)

    op.create_table('pattern_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.Column('energy', sa.String(length=8), nullable=True),
    sa.Column('hard', sa.Boolean(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pattern_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pattern_block_member_id'), ['member_id'], unique=False)

    op.create_table('time_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_off_member_id'), ['member_id'], unique=False)

    op.create_table('busy_interval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['calendar_import.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('busy_interval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_busy_interval_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_busy_interval_member_id'), ['member_id'], unique=False)

    op.create_table('meeting_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'member_id')
    )
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendee_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendee_member_id'), ['member_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendee_member_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendee_meeting_id'))

    op.drop_table('meeting_attendee')
    with op.batch_alter_table('busy_interval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_busy_interval_member_id'))
        batch_op.drop_index(batch_op.f('ix_busy_interval_import_id'))

    op.drop_table('busy_interval')
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_off_member_id'))

    op.drop_table('time_off')
    with op.batch_alter_table('pattern_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pattern_block_member_id'))

    op.drop_table('pattern_block')
    with op.batch_alter_table('one_off_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_one_off_hours_member_id'))

    op.drop_table('one_off_hours')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_start'))
        batch_op.drop_index(batch_op.f('ix_meeting_organiser_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('manual_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manual_section_member_id'))

    op.drop_table('manual_section')
    with op.batch_alter_table('manual_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manual_revision_member_id'))

    op.drop_table('manual_revision')
    op.drop_table('manual')
    with op.batch_alter_table('feed_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_token_member_id'))

    op.drop_table('feed_token')
    with op.batch_alter_table('calendar_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_import_member_id'))

    op.drop_table('calendar_import')
    op.drop_table('booking_lock')
