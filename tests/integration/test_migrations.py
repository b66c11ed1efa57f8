"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

A model change without its migration fails here, so it cannot land.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestingConfig

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A brand-new empty database: a SQLite file, or a scratch PostgreSQL database."""
    if not POSTGRES_URL.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"teamshape_mig_{uuid.uuid4().hex[:10]}"
    server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(sa.make_url(POSTGRES_URL).set(database=name))
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _app_for(url: str):
    class MigrationConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(MigrationConfig)


# SQLite's reflection cannot read an expression index (ix_member_name_order) back;
# test_expression_indexes_exist checks it by name instead.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_match_models(empty_database_url):
    app = _app_for(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == [], f"models and migrations disagree: {differences}"


def test_the_expression_index_the_directory_sorts_by_exists(empty_database_url):
    app = _app_for(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                found = conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = 'ix_member_name_order'"
                ).scalar()
            else:
                found = conn.exec_driver_sql(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_member_name_order'"
                ).scalar()
        db.engine.dispose()
    assert found, "the index is missing"
    assert "lowerdisplay_name,id" in re.sub(r'[\s"()]|::text', "", found), found


def test_migrations_downgrade_to_empty_and_back(empty_database_url):
    app = _app_for(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "member" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
