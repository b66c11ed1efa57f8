"""Post/redirect/get for the pages that make a secret, and the secret shown once.

The POST answers with a redirect to a GET page; that page shows the new feed address,
invite link or reset link (taken from a one-time session slot), and showing it again
(a reload) shows no secret and makes no new one.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import FeedToken, Invite, PasswordReset
from app.services import recovery_codes

FEED = re.compile(r'id="feed-url"[^>]*value="([^"]+)"')
LINK = re.compile(r'value="(http://localhost/(?:invite|reset)/[^"]+)"')


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_new_feed_address_is_shown_once_on_the_settings_page(member_client):
    posted = member_client.post("/calendar/feed")
    assert posted.status_code == 302 and posted.headers["Location"] == "/calendar"
    shown = member_client.get("/calendar")
    assert FEED.search(shown.text) and shown.headers["Cache-Control"] == "no-store"
    again = member_client.get("/calendar")
    assert not FEED.search(again.text) and "Your feed is <strong>on</strong>" in again.text
    assert _count(FeedToken) == 1


def test_regenerating_redirects_and_shows_the_new_address_once(member_client):
    member_client.post("/calendar/feed")
    first = FEED.search(member_client.get("/calendar").text)[1]
    feed_id = re.search(r"/calendar/feeds/(\d+)/regenerate", member_client.get("/calendar").text)
    posted = member_client.post(f"/calendar/feeds/{feed_id[1]}/regenerate")
    assert posted.status_code == 302
    second = FEED.search(member_client.get("/calendar").text)[1]
    assert second != first and not FEED.search(member_client.get("/calendar").text)


def test_a_new_invite_link_is_shown_once(admin_client):
    posted = admin_client.post("/admin/invites", data={"email": "nia@example.test"})
    assert posted.status_code == 302 and posted.headers["Location"] == "/admin/invites"
    assert LINK.search(admin_client.get("/admin/invites").text)
    assert not LINK.search(admin_client.get("/admin/invites").text)
    assert _count(Invite) == 1


def test_a_reset_link_is_shown_once_on_a_get_page(admin_client, member):
    recovery_codes.make_code(member.id)  # without mail, a reset link needs one
    posted = admin_client.post(f"/admin/members/{member.id}/reset-link")
    page = f"/admin/members/{member.id}/reset-link/shown"
    assert posted.status_code == 302 and posted.headers["Location"] == page
    shown = admin_client.get(page)
    assert (
        shown.status_code == 200 and LINK.search(shown.text) and member.display_name in shown.text
    )
    again = admin_client.get(page, follow_redirects=True)
    assert not LINK.search(again.text) and "shown only once" in again.text
    assert _count(PasswordReset) == 1


def test_one_members_reset_link_is_not_shown_on_anothers_page(admin_client, member, admin):
    recovery_codes.make_code(member.id)
    admin_client.post(f"/admin/members/{member.id}/reset-link")
    other = admin_client.get(f"/admin/members/{admin.id}/reset-link/shown", follow_redirects=True)
    assert not LINK.search(other.text)
    assert LINK.search(admin_client.get(f"/admin/members/{member.id}/reset-link/shown").text)
