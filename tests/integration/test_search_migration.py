"""The search-documents migration indexes the manuals already written, as the app would.

Without the backfill, every manual saved before the upgrade would vanish from search
until its author saved it again.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.domain.search import search_documents
from app.extensions import db
from tests.integration import test_migrations

empty_database_url = test_migrations.empty_database_url
SECTIONS_CREATED = "e04414ff3836"  # seeded here, later member columns are their migrations' job
BEFORE = "9a1b2c3d4e5f"
SECTIONS = [
    ("story", "Kayaking on QUIET mornings", "workspace"),
    ("energy", "quiet,  then LOUD", "workspace"),
    ("feedback", "Über-direct, please", "private"),
    ("routines", "", "teams"),
]


def _seed_manual(connection) -> int:
    member_id = connection.execute(
        sa.text(
            "INSERT INTO member (email, display_name, password_hash, time_zone, role, active,"
            " pronouns, session_epoch, created_at) VALUES ('o@example.test', 'Olga', 'x',"
            " 'UTC', 'member', true, '', 0, CURRENT_TIMESTAMP) RETURNING id"
        )
    ).scalar_one()
    for key, body, visibility in SECTIONS:
        connection.execute(
            sa.text(
                "INSERT INTO manual_section (member_id, key, body, visibility)"
                " VALUES (:member_id, :key, :body, :visibility)"
            ),
            {"member_id": member_id, "key": key, "body": body, "visibility": visibility},
        )
    return member_id


def test_upgrade_builds_the_documents_of_existing_manuals_and_downgrade_drops_them(
    empty_database_url,
):
    app = test_migrations._app_for(empty_database_url)
    with app.app_context():
        upgrade(revision=SECTIONS_CREATED)
        with db.engine.begin() as connection:
            member_id = _seed_manual(connection)
        upgrade()
        with db.engine.connect() as connection:
            stored = connection.execute(
                sa.text("SELECT member_id, visibility, terms FROM search_document")
            ).all()
        expected = search_documents((member_id, v, body) for _key, body, v in SECTIONS)
        assert {(m, v): t for m, v, t in stored} == expected
        assert expected == {
            (member_id, "workspace"): "kayaking on quiet mornings quiet, then loud",
            (member_id, "private"): "über-direct, please",
        }
        downgrade(revision=BEFORE)
        assert "search_document" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
