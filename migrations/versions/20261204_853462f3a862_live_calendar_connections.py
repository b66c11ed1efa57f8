"""Live calendar connections (subscription addresses and CalDAV accounts), the CalDAV
calendars inside them, busy time that comes from a connection instead of an import, and
a busy-time stamp per member (renewed by every change to their busy time).

Revision ID: 853462f3a862
Revises: 04a3bdc16dfe
Create Date: 2026-12-04 15:00:00

"""

import secrets
import warnings
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "853462f3a862"
down_revision = "04a3bdc16dfe"
branch_labels = None
depends_on = None


@contextmanager
def _busy_interval_batch():
    """Batch-alter busy_interval; on SQLite that reflects the member table too, whose
    expression index SQLite's reflection cannot read (and says so in a warning)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index"
        )
        with op.batch_alter_table("busy_interval", schema=None) as batch_op:
            yield batch_op


def upgrade():
    op.create_table(
        "calendar_connection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("shown_as", sa.String(length=300), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("write_back", sa.Boolean(), nullable=False),
        sa.Column("write_calendar_url", sa.String(length=1000), nullable=True),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("busy_count", sa.Integer(), nullable=False),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(length=40), nullable=True),
        sa.Column("write_error", sa.Text(), nullable=True),
        sa.Column("write_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calendar_connection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_connection_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calendar_connection_next_try_at"), ["next_try_at"], unique=False
        )

    op.create_table(
        "connection_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("busy", sa.Boolean(), nullable=False),
        sa.Column("ctag", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["connection_id"], ["calendar_connection.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "url"),
    )
    with op.batch_alter_table("connection_calendar", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_connection_calendar_connection_id"), ["connection_id"], unique=False
        )

    with _busy_interval_batch() as batch_op:
        batch_op.add_column(sa.Column("connection_id", sa.Integer(), nullable=True))
        batch_op.alter_column("import_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_busy_interval_connection_id"), ["connection_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_busy_interval_connection_id",
            "calendar_connection",
            ["connection_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            "busy_interval_one_source", "(import_id IS NULL) <> (connection_id IS NULL)"
        )


    op.create_table(
        "busy_stamp",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id"),
    )
    # Members who already have imported busy time get a stamp, so it is read.
    member_ids = [row[0] for row in op.get_bind().execute(
        sa.text("SELECT DISTINCT member_id FROM busy_interval")
    )]
    stamps = sa.table("busy_stamp", sa.column("member_id"), sa.column("stamp"))
    if member_ids:
        op.bulk_insert(stamps, [{"member_id": m, "stamp": secrets.randbits(62)} for m in member_ids])


def downgrade():
    op.drop_table("busy_stamp")
    op.execute("DELETE FROM busy_interval WHERE connection_id IS NOT NULL")
    with _busy_interval_batch() as batch_op:
        batch_op.drop_constraint("busy_interval_one_source", type_="check")
        batch_op.drop_constraint("fk_busy_interval_connection_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_busy_interval_connection_id"))
        batch_op.alter_column("import_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("connection_id")
    with op.batch_alter_table("connection_calendar", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_connection_calendar_connection_id"))
    op.drop_table("connection_calendar")
    with op.batch_alter_table("calendar_connection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_connection_next_try_at"))
        batch_op.drop_index(batch_op.f("ix_calendar_connection_member_id"))
    op.drop_table("calendar_connection")
