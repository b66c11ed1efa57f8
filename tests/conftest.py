"""Fixtures that read like a story: an app, its database, a client, and people in it.

Every test gets a fresh application. On SQLite (the default) that is a fresh in-memory
database; with TEST_DATABASE_URL set (CI points it at PostgreSQL) the schema is created
once per app and every row is deleted afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from app.services import accounts, teams
from config import TestingConfig

PASSWORD = "correct horse battery"  # noqa: S105
USING_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


class CSRFConfig(TestingConfig):
    """Testing with CSRF protection switched on, as in production."""

    WTF_CSRF_ENABLED = True


def _clear_rows() -> None:
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()


class FreshRequestClient(FlaskClient):
    """A test client whose requests start with an empty `g`, as real requests do.

    The `app` fixture keeps one app context open so tests can call services directly;
    requests reuse that context, so without this Flask-Login's cached user in `g`
    would leak from one request (and one client) into the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


def make_app(config: type[TestingConfig] = TestingConfig) -> Flask:
    app = create_app(config)
    app.test_client_class = FreshRequestClient
    with app.app_context():
        _db.create_all()
        if USING_POSTGRES:
            _clear_rows()
    return app


def dispose_app(app: Flask) -> None:
    with app.app_context():
        _db.session.remove()
        if USING_POSTGRES:
            _clear_rows()
        _db.engine.dispose()


@pytest.fixture
def app() -> Iterator[Flask]:
    application = make_app()
    with application.app_context():
        yield application
    dispose_app(application)


@pytest.fixture
def csrf_app() -> Iterator[Flask]:
    application = make_app(CSRFConfig)
    with application.app_context():
        yield application
    dispose_app(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def make_member(app: Flask) -> Callable[..., object]:
    """Create members with sensible defaults: make_member("Ana", admin=True)."""
    counter = iter(range(1, 10_000))

    def _make(
        name: str | None = None,
        *,
        admin: bool = False,
        zone: str = "Europe/Berlin",
        email: str | None = None,
        pronouns: str = "",
    ):
        n = next(counter)
        name = name or f"Member {n}"
        member = accounts.create_member(
            email=email or f"{name.split()[0].lower()}{n}@example.test",
            display_name=name,
            password=PASSWORD,
            time_zone=zone,
            admin=admin,
            pronouns=pronouns,
            min_length=10,
        )
        return member

    return _make


@pytest.fixture
def admin(make_member):
    return make_member("Ada Admin", admin=True, email="ada@example.test")


@pytest.fixture
def member(make_member, admin):
    return make_member("Mo Member", email="mo@example.test")


@pytest.fixture
def make_team(app: Flask, admin):
    def _make(name: str, *members) -> object:
        team = teams.create_team(admin.id, name=name)
        for m in members:
            teams.add_member(admin.id, team.id, m.id)
        return team

    return _make


class AuthActions:
    """Sign in and out through the real login form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD, **extra):
        data = {"email": email, "password": password, **extra}
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def member_client(client, auth, member):
    auth.login(member.email)
    return client


@pytest.fixture
def admin_client(client, auth, admin):
    auth.login(admin.email)
    return client
