"""A meeting's location: a room, an address or a video-call link, written into the
invite (LOCATION), the feeds, the API and the data export.

Revision ID: 5c0a7e1d9b42
Revises: 853462f3a862
Create Date: 2026-12-04 18:15:00

"""

import warnings
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5c0a7e1d9b42"
down_revision = "853462f3a862"
branch_labels = None
depends_on = None


@contextmanager
def _meeting_batch():
    """Batch-alter meeting; on SQLite that reflects the member table too, whose
    expression index SQLite's reflection cannot read (and says so in a warning)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index"
        )
        with op.batch_alter_table("meeting", schema=None) as batch_op:
            yield batch_op


def upgrade():
    with _meeting_batch() as batch_op:
        batch_op.add_column(
            sa.Column("location", sa.String(length=500), server_default="", nullable=False)
        )


def downgrade():
    with _meeting_batch() as batch_op:
        batch_op.drop_column("location")
