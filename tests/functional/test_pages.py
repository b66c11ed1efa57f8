"""Shared page furniture: error pages, CSRF, security headers, production safety."""

from __future__ import annotations

import re

import pytest
from flask import abort

from app import create_app
from app.services import accounts
from config import ProductionConfig
from tests.conftest import PASSWORD


def _member_in(app):
    return accounts.create_member(
        email="ada@example.test",
        display_name="Ada",
        password=PASSWORD,
        time_zone="UTC",
        min_length=10,
    )


def test_csrf_token_is_required(csrf_app):
    admin = _member_in(csrf_app)
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": admin.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"form expired" in response.data


def test_csrf_token_accepted_when_present(csrf_app):
    admin = _member_in(csrf_app)
    client = csrf_app.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": admin.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("code", [400, 403, 404, 413, 429, 500])
def test_friendly_error_pages(app, code):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get(f"/boom-{code}")
    def boom():
        if code == 500:
            raise RuntimeError("kaboom")
        abort(code)

    response = app.test_client().get(f"/boom-{code}")
    assert response.status_code == code
    assert b"<h1>" in response.data and b"Back to Teamshape" in response.data
    assert b"Traceback" not in response.data and b"kaboom" not in response.data


def test_security_headers(client, admin):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers


def test_base_page_has_skip_link_navigation_and_labels(member_client):
    page = member_client.get("/account").data.decode()
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert 'aria-label="Main"' in page
    assert '<label for="profile-time_zone">' in page
    assert "cdn" not in page.lower()


def test_production_refuses_default_secret_key():
    with pytest.raises(RuntimeError, match="set SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_starts_with_a_real_secret(monkeypatch):
    class Configured(ProductionConfig):
        SECRET_KEY = "a-long-random-production-secret"
        CALENDAR_SECRET_KEY = "another-long-random-production-secret"
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Configured)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.test_client().get("/static/css/app.css") as response:
        assert "max-age" in response.headers["Strict-Transport-Security"]


def test_health_endpoints(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["database"] == "ok"


def test_unreachable_database_gives_a_friendly_503(app, member_client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(app.login_manager, "_user_callback", unreachable)
    response = member_client.get("/account")
    assert response.status_code == 503
    assert b"taking a breather" in response.data
    assert response.headers["Retry-After"] == "15"
