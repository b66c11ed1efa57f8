"""The calendar page's new feed address: a copy button (shown by JavaScript), a
webcal:// link and one-click "Add to Google Calendar / Outlook / Apple Calendar" links,
all shown once with the address and gone on reload."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from app.domain.calendar.subscribe_links import add_links, webcal
from app.extensions import db
from app.models import FeedToken


@pytest.fixture
def signed_in(client, auth, member):
    auth.login(member.email)
    return client


def _links(html: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)" rel="noopener noreferrer">Add to ([^<]+)</a>', html)
    return {app: unescape(href) for href, app in found}


def test_a_new_personal_feed_comes_with_copy_webcal_and_add_links(signed_in, member):
    page = signed_in.post("/calendar/feed", follow_redirects=True)
    html = page.get_data(as_text=True)
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', html).group(1)
    assert url.startswith("http://localhost/feeds/")
    assert 'data-copy-target="feed-url" hidden>Copy address</button>' in html
    subscribe = "webcal://localhost" + urlsplit(url).path
    assert f'href="{subscribe}"' in html
    links = _links(html)
    assert set(links) == {"Google Calendar", "Outlook", "Apple Calendar"}
    google = urlsplit(links["Google Calendar"])
    assert google.netloc == "calendar.google.com" and google.path == "/calendar/r"
    assert parse_qs(google.query) == {"cid": [subscribe]}
    outlook = urlsplit(links["Outlook"])
    assert outlook.netloc == "outlook.live.com" and outlook.path == "/calendar/0/addfromweb"
    assert parse_qs(outlook.query) == {"url": [url], "name": [f"Teamshape: {member.display_name}"]}
    assert links["Apple Calendar"] == subscribe
    assert "Opens Google Calendar" in html and "Opens Outlook on the web" in html
    assert page.headers["Cache-Control"] == "no-store"

    again = signed_in.get("/calendar").get_data(as_text=True)
    assert url not in again and "Add to Google Calendar" not in again and "webcal://" not in again


def test_a_team_feed_is_named_after_the_team(signed_in, member, make_team):
    team = make_team("Platform", member)
    page = signed_in.post(
        "/calendar/team-feed", data={"team_id": team.id, "zone": "Europe/Berlin"}
    )
    assert page.status_code == 302
    html = signed_in.get("/calendar").get_data(as_text=True)
    outlook = urlsplit(_links(html)["Outlook"])
    assert parse_qs(outlook.query)["name"] == ["Teamshape: Platform"]
    assert "/feeds/team/" in parse_qs(outlook.query)["url"][0]


def test_regenerating_a_team_feed_keeps_its_name(signed_in, member, make_team):
    team = make_team("Platform", member)
    signed_in.post("/calendar/team-feed", data={"team_id": team.id, "zone": "Europe/Berlin"})
    signed_in.get("/calendar")
    feed = db.session.query(FeedToken).filter_by(kind="team", revoked_at=None).one()
    signed_in.post(f"/calendar/feeds/{feed.id}/regenerate")
    html = signed_in.get("/calendar").get_data(as_text=True)
    assert parse_qs(urlsplit(_links(html)["Outlook"]).query)["name"] == ["Teamshape: Platform"]


def test_links_are_built_from_the_address():
    url = "https://teams.example.org/feeds/s3cr%2Bt.ics"
    assert webcal(url) == "webcal://teams.example.org/feeds/s3cr%2Bt.ics"
    google, outlook, apple = add_links(url, "Teamshape: Ana & Co")
    assert parse_qs(urlsplit(google.href).query) == {"cid": [webcal(url)]}
    assert parse_qs(urlsplit(outlook.href).query) == {
        "url": [url],
        "name": ["Teamshape: Ana & Co"],
    }
    assert apple.href == webcal(url)
    assert all(link.help for link in (google, outlook, apple))
