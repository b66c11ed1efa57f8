"""Feed tokens remember their feed's content hash and when it last changed.

The feed's SEQUENCE is raised and its DTSTAMP / Last-Modified moved only when the
content hash changes, so repeated polls of an unchanged feed give identical bytes.

Revision ID: f007bdf5bb8e
Revises: 5e2e50174f76
Create Date: 2026-11-28 06:42:23.203193

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f007bdf5bb8e"
down_revision = "5e2e50174f76"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_hash", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("feed_token", schema=None) as batch_op:
        batch_op.drop_column("changed_at")
        batch_op.drop_column("content_hash")
