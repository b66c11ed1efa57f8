"""The database goes away and comes back: pages say so kindly, then recover by themselves.

A private PostgreSQL cluster (initdb/pg_ctl, its own port) backs the app. The test
stops it with `pg_ctl stop -m fast` while a member is signed in, checks every page
answers the friendly 503 (not a 500, not a traceback) while `/healthz` keeps answering
200 and `/readyz` 503, then starts the cluster again and checks the same client's pages
work without restarting anything (`app.db_pool` pings a connection that sat idle, and a failed
query on a dead one drops it from the pool).
"""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db
from app.services import accounts
from config import TestingConfig
from tests.conftest import PASSWORD

pytestmark = pytest.mark.ops

SIGNED_IN_PAGES = ["/", "/people", "/manual", "/meetings", "/account"]


def _app_on(cluster):
    class OutageConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = cluster.url
        SQLALCHEMY_ENGINE_OPTIONS = {
            **TestingConfig.SQLALCHEMY_ENGINE_OPTIONS,
            "connect_args": {"connect_timeout": 5},
        }

    app = create_app(OutageConfig)
    with app.app_context():
        db.create_all()
        member = accounts.create_member(
            email="mo@example.test",
            display_name="Mo Member",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        )
        return app, member.id


def _assert_pages_work(client, member_id):
    for path in [*SIGNED_IN_PAGES, f"/people/{member_id}"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok"}


def _assert_friendly_503(response, path):
    page = response.get_data(as_text=True)
    assert response.status_code == 503, (path, response.status_code)
    assert response.headers["Retry-After"].isdigit()  # the rate limiter may set its own
    assert "Teamshape is taking a breather" in page, path
    assert "Traceback" not in page and "OperationalError" not in page and "psycopg" not in page


def test_pages_answer_503_while_the_database_is_down_and_recover_after(pg_cluster):
    app, member_id = _app_on(pg_cluster)
    client = app.test_client()
    signed_in = client.post("/login", data={"email": "mo@example.test", "password": PASSWORD})
    assert signed_in.status_code == 302
    _assert_pages_work(client, member_id)

    pg_cluster.stop()

    for path in [*SIGNED_IN_PAGES, f"/people/{member_id}", "/login"]:
        _assert_friendly_503(client.get(path), path)
    anonymous = app.test_client()
    _assert_friendly_503(anonymous.get("/login"), "/login (anonymous)")
    _assert_friendly_503(
        client.post("/login", data={"email": "mo@example.test", "password": PASSWORD}),
        "POST /login",
    )
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json() == {"status": "unavailable", "database": "unreachable"}
    api = client.get("/api/suggestions", headers={"Accept": "application/json"})
    assert api.status_code == 503 and "error" in api.get_json()  # JSON clients get JSON

    pg_cluster.start()

    _assert_pages_work(client, member_id)  # the same session, no restart
    assert anonymous.get("/login").status_code == 200
    with app.app_context():
        db.engine.dispose()
