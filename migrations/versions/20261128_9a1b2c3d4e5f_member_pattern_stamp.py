"""Members carry a pattern stamp: a random value renewed whenever their weekly pattern
changes, so every process can cache loaded patterns by (member id, stamp).

Existing members get their id as a first stamp (distinct within the database).

Revision ID: 9a1b2c3d4e5f
Revises: f007bdf5bb8e
Create Date: 2026-11-28 09:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9a1b2c3d4e5f"
down_revision = "f007bdf5bb8e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pattern_stamp", sa.BigInteger(), nullable=True))
    op.execute("UPDATE member SET pattern_stamp = id")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.alter_column("pattern_stamp", existing_type=sa.BigInteger(), nullable=False)


def downgrade():
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("pattern_stamp")
