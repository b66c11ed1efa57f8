"""Search documents: per member and visibility, the distinct lower-cased words of the
manual's sections, so a directory search scans a few short rows instead of every body.

Existing manuals are indexed here. The tokenising is a copy of
`app.domain.search.search_terms` as it is today, not an import, so this revision keeps
doing what it did when the app code moves on.

Revision ID: b6c7d8e9f0a1
Revises: 9a1b2c3d4e5f
Create Date: 2026-11-28 10:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b6c7d8e9f0a1"
down_revision = "9a1b2c3d4e5f"
branch_labels = None
depends_on = None


def _terms(bodies):
    tokens = (token.lower() for body in bodies for token in body.split())
    return " ".join(dict.fromkeys(tokens))


def _documents(connection):
    sections = connection.execute(
        sa.text("SELECT member_id, visibility, body FROM manual_section ORDER BY member_id, id")
    )
    bodies = {}
    for member_id, visibility, body in sections:
        bodies.setdefault((member_id, visibility), []).append(body)
    documents = (
        {"member_id": member_id, "visibility": visibility, "terms": _terms(texts)}
        for (member_id, visibility), texts in bodies.items()
    )
    return [document for document in documents if document["terms"]]


def upgrade():
    table = op.create_table(
        "search_document",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", "visibility"),
    )
    documents = _documents(op.get_bind())
    if documents:
        op.bulk_insert(table, documents)


def downgrade():
    op.drop_table("search_document")
