"""Nothing private is kept by a browser or proxy; static files are (issue 17, finding 5).

Walks Flask's URL map as a signed-in admin and as a signed-in member, so a new page is
covered the day it lands: every answer, whatever its status, says `no-store`. The
pages that show a secret (a reset link, an invite link, a feed address, a recovery
code) are opened for real, and the token pages a signed-out visitor opens too.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter, Rule

from app.services import recovery_codes
from tests.conftest import PASSWORD

UNREACHABLE_ID = 987_654


def _get_urls(app, ids: dict[str, int]) -> list[str]:
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        urls.append(_build(rule, ids))
    return urls


def _build(rule: Rule, ids: dict[str, int]) -> str:
    values = {}
    for name in rule.arguments:
        if isinstance(rule._converters[name], IntegerConverter):
            values[name] = ids.get(name, UNREACHABLE_ID)
        else:
            values[name] = "not-a-real-token-value"
    return rule.build(values, append_unknown=False)[1]


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.fixture
def world(make_member, make_team, admin, member):
    team = make_team("Cache team", member, admin)
    return {"team_id": team.id, "member_id": member.id, "number": 1}


@pytest.mark.parametrize("who", ["admin", "member"])
def test_every_page_for_a_signed_in_member_says_no_store(app, admin, member, world, who):
    person = admin if who == "admin" else member
    client = app.test_client()
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    checked = []
    for url in _get_urls(app, world):
        if url == "/logout":
            continue
        response = client.get(url)
        checked.append((url, response.status_code))
        assert _no_store(response), (url, response.status_code, response.headers)
    assert client.get("/account").status_code == 200  # still signed in: the walk was real
    statuses = {status for _, status in checked}
    assert 200 in statuses and 404 in statuses, checked
    assert len(checked) >= 40, checked


def test_pages_showing_a_secret_say_no_store(app, admin_client, member, make_team):
    recovery_codes.make_code(member.id)
    reset = admin_client.post(f"/admin/members/{member.id}/reset-link", follow_redirects=True)
    assert b"/reset/" in reset.data and _no_store(reset)
    invite = admin_client.post(
        "/admin/invites",
        data={"email": "new@example.test", "display_name": "Nia"},
        follow_redirects=True,
    )
    assert b"/invite/" in invite.data and _no_store(invite)
    feed = admin_client.post("/calendar/feed", follow_redirects=True)
    assert b"/feeds/" in feed.data and _no_store(feed)
    code = admin_client.post("/account/recovery-code")
    assert b"recovery-code-value" in code.data and _no_store(code)


def test_token_pages_say_no_store_to_signed_out_visitors(app, admin_client, member):
    recovery_codes.make_code(member.id)
    reset = admin_client.post(
        f"/admin/members/{member.id}/reset-link", follow_redirects=True
    ).data.decode()
    reset_token = re.search(r"/reset/([\w-]+)", reset).group(1)
    invite = admin_client.post(
        "/admin/invites",
        data={"email": "new@example.test", "display_name": "Nia"},
        follow_redirects=True,
    ).data.decode()
    invite_token = re.search(r"/invite/([\w-]+)", invite).group(1)
    visitor = app.test_client()
    for url in (f"/reset/{reset_token}", f"/invite/{invite_token}", "/reset/unknown-token"):
        response = visitor.get(url)
        assert response.status_code in (200, 410), url
        assert _no_store(response), url


def test_public_feeds_keep_revalidation_and_static_files_keep_long_caching(app, admin_client):
    client = app.test_client()  # signed out
    page = client.get("/login").data.decode()
    css = re.search(r'href="(/static/[^"]+\.css\?v=[0-9a-f]{12})"', page).group(1)
    with client.get(css) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get(css.split("?")[0] + "?v=000000000000") as stale:
        assert "max-age=31536000" not in stale.headers.get("Cache-Control", "")
    # Signed in, a versioned static file is still cached (it is the same for everyone).
    with admin_client.get(css) as signed_in:
        assert "max-age=31536000" in signed_in.headers["Cache-Control"]
    feed_page = admin_client.post("/calendar/feed", follow_redirects=True).data.decode()
    feed_url = re.search(r"(/feeds/[\w-]+\.ics)", feed_page).group(1)
    calendar = app.test_client().get(feed_url)
    assert calendar.status_code == 200
    assert calendar.headers["Cache-Control"] == "private, no-cache"
