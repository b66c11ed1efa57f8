"""Personal API tokens; a meeting outlives its organiser's account (cancelled, organiser
set to NULL) so its attendees keep the cancellation.

Revision ID: 04a3bdc16dfe
Revises: a3f3ae076a00
Create Date: 2026-12-04 15:00:00

"""

import warnings

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "04a3bdc16dfe"
down_revision = "a3f3ae076a00"
branch_labels = None
depends_on = None

# SQLite keeps the original foreign key unnamed; batch mode finds it by this convention.
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _organiser_key_name() -> tuple[str, dict]:
    if op.get_bind().dialect.name == "sqlite":
        return "fk_meeting_organiser_id_member", {"naming_convention": SQLITE_NAMES}
    return "meeting_organiser_id_fkey", {}


def _organiser_key(ondelete: str, nullable: bool) -> None:
    name, options = _organiser_key_name()
    with warnings.catch_warnings():
        # Reflecting meeting reflects member too, whose expression index SQLite can't read.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
        _alter_meeting(name, options, ondelete, nullable)


def _alter_meeting(name: str, options: dict, ondelete: str, nullable: bool) -> None:
    with op.batch_alter_table("meeting", schema=None, **options) as batch_op:
        batch_op.drop_constraint(name, type_="foreignkey")
        batch_op.alter_column("organiser_id", existing_type=sa.Integer(), nullable=nullable)
        batch_op.create_foreign_key(name, "member", ["organiser_id"], ["id"], ondelete=ondelete)


def upgrade():
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_member_id"), ["member_id"], unique=False)
    _organiser_key("SET NULL", nullable=True)


def downgrade():
    op.execute("DELETE FROM meeting WHERE organiser_id IS NULL")
    _organiser_key("CASCADE", nullable=False)
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_member_id"))
    op.drop_table("api_token")
