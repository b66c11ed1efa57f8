"""A member's headline: a short role or one-line summary shown on directory cards.

Revision ID: c6bc88ddc7fd
Revises: 5c0a7e1d9b42
Create Date: 2026-12-04 18:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c6bc88ddc7fd"
down_revision = "5c0a7e1d9b42"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (SQLite has it): a batch copy of `member` cannot carry its
    # expression index ix_member_name_order.
    op.add_column(
        "member", sa.Column("headline", sa.String(length=80), server_default="", nullable=False)
    )


def downgrade():
    op.drop_column("member", "headline")
