"""Security checks that walk Flask's URL map, so a new route is covered the day it lands.

- Anonymous visitors reach only the explicit public list; everything else sends them to
  sign in (or answers 401/404).
- Every admin route answers 403 to a member.
- Every state-changing route refuses a request without a valid CSRF token.
- Ids nobody may reach (they don't exist) give 403/404, never 200 and never 500.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.conftest import CSRFConfig, make_app

# Endpoints anyone may open without signing in. Adding one here is a deliberate act.
PUBLIC_ENDPOINTS = {
    "static",
    "health.healthz",
    "health.readyz",
    "home.index",  # redirects to setup or sign-in; shows nothing itself
    "auth.login",
    "auth.setup",
    "onboarding.accept",
    "calendars.personal_feed",
    "calendars.team_feed",
    "auth.reset_password",
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
UNREACHABLE_ID = 987_654


def _rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"),
        key=lambda r: r.rule,
    )


def _url(rule: Rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__
        values[name] = UNREACHABLE_ID if "Integer" in converter else "not-a-real-token-value"
    return rule.build(values, append_unknown=False)[1]


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


ROUTES = [(r.endpoint, _url(r), m) for r in _rules(make_app()) for m in _methods(r)]


def _ids(route):
    return f"{route[2]} {route[1]}"


@pytest.mark.parametrize("route", ROUTES, ids=_ids)
def test_anonymous_visitors_are_sent_to_sign_in(client, admin, route):
    endpoint, url, method = route
    if endpoint in PUBLIC_ENDPOINTS:
        pytest.skip("public by design")  # listed explicitly above
    response = client.open(url, method=method)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"], url
    else:
        assert response.status_code in (401, 404), (url, response.status_code)


def test_public_list_names_only_real_endpoints_or_planned_ones():
    endpoints = {r.endpoint for r in make_app().url_map.iter_rules()}
    for endpoint in {"static", "health.healthz", "auth.login", "auth.setup", "onboarding.accept"}:
        assert endpoint in endpoints


ADMIN_ROUTES = [r for r in ROUTES if r[1].startswith("/admin")]


def test_there_are_admin_routes_to_check():
    assert len(ADMIN_ROUTES) >= 8


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=_ids)
def test_admin_routes_refuse_members(member_client, route):
    _, url, method = route
    assert member_client.open(url, method=method).status_code == 403


MUTATING_ROUTES = [r for r in ROUTES if r[2] in STATE_CHANGING]


@pytest.fixture
def csrf_admin_client():
    from app.services import accounts

    app = make_app(CSRFConfig)
    with app.app_context():
        accounts.create_member(
            email="root@example.test",
            display_name="Root",
            admin=True,
            password="correct horse battery",
            time_zone="UTC",
            min_length=10,
        )
        client = app.test_client()
        page = client.get("/login").data.decode()
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/login",
            data={
                "email": "root@example.test",
                "password": "correct horse battery",
                "csrf_token": token,
            },
        )
        assert client.get("/account").status_code == 200
        yield client


@pytest.mark.parametrize("route", MUTATING_ROUTES, ids=_ids)
def test_state_changing_routes_need_a_csrf_token(csrf_admin_client, route):
    _, url, method = route
    response = csrf_admin_client.open(url, method=method, data={"anything": "x"})
    assert response.status_code == 400, (url, response.status_code)
    bad_token = csrf_admin_client.open(url, method=method, data={"csrf_token": "forged"})
    assert bad_token.status_code == 400


ID_ROUTES = [r for r in ROUTES if str(UNREACHABLE_ID) in r[1] or "not-a-real-token" in r[1]]


@pytest.mark.parametrize("route", ID_ROUTES, ids=_ids)
def test_unreachable_ids_give_403_or_404(member_client, route):
    _, url, method = route
    status = member_client.open(url, method=method).status_code
    assert status in (403, 404, 410), (url, status)
