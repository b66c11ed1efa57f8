"""The data version: one counter every writing transaction raises, so caches of what
all viewers share (the directory's filter lists) know when to read afresh.

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-11-28 10:05:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d4e5f6a7b8c9"
down_revision = "c3d4e5f6a7b8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # A random start (as the model's first_version), so two databases never share one.
    version = sa.table("data_version", sa.column("id"), sa.column("value"))
    op.bulk_insert(version, [{"id": 1, "value": secrets.randbits(62)}])


def downgrade():
    op.drop_table("data_version")
