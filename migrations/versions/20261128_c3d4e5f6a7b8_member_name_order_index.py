"""An index on (lower(display_name), id): the directory's default order, read in order
rather than sorted by a collation over every member on each request.

Revision ID: c3d4e5f6a7b8
Revises: b6c7d8e9f0a1
Create Date: 2026-11-28 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3d4e5f6a7b8"
down_revision = "b6c7d8e9f0a1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_member_name_order", "member", [sa.text("lower(display_name)"), "id"], unique=False
    )


def downgrade():
    op.drop_index("ix_member_name_order", table_name="member")
