"""Sign-out that signs out, reset links only the member can use, and an account log.

- member.signed_out: nonces of browsers that signed out since the session epoch last
  moved (app/services/sign_ins.py).
- member.recovery_code_hash and password_reset.needs_recovery_code: without mail, an
  admin-made reset link also needs a code only the member holds.
- account_event: password resets and team joins/leaves, shown to the people concerned.

Revision ID: a3f3ae076a00
Revises: d4e5f6a7b8c9
Create Date: 2026-12-04 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a3f3ae076a00"
down_revision = "d4e5f6a7b8c9"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (SQLite has it): a batch copy would reflect `member` (directly or
    # through a foreign key) and cannot carry its expression index ix_member_name_order.
    op.add_column("member", sa.Column("signed_out", sa.Text(), server_default="", nullable=False))
    op.add_column("member", sa.Column("recovery_code_hash", sa.String(length=255), nullable=True))
    op.add_column(
        "password_reset",
        sa.Column("needs_recovery_code", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "account_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("team_name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["member.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_account_event_member_id", "account_event", ["member_id"])
    op.create_index("ix_account_event_team_id", "account_event", ["team_id"])


def downgrade():
    op.drop_index("ix_account_event_team_id", "account_event")
    op.drop_index("ix_account_event_member_id", "account_event")
    op.drop_table("account_event")
    op.drop_column("password_reset", "needs_recovery_code")
    op.drop_column("member", "recovery_code_hash")
    op.drop_column("member", "signed_out")
