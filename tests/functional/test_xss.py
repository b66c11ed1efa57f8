"""Cross-site scripting: hostile text in every free-text field is shown, never run.

Each field gets script tags, event handlers and javascript: URLs; every page that
shows it is parsed and must contain no script element (other than the app's own), no
on* attribute, no style attribute and no javascript:/data: URL.
"""

from __future__ import annotations

import pytest

from app.domain.manual import SECTION_KEYS
from app.services import accounts
from tests.html_safety import unsafe_markup
from tests.manual_helpers import whole_week, write_manual

NAME = '"><img src=x onerror=alert(1)>'
PRONOUNS = "<script>alert('p')</script>"
ROUTINE = "<svg onload=alert(1)><a href=javascript:alert(2)>r</a>"
BODY = (
    "<script>alert('s')</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    "[click me](javascript:alert(1)) and [data](data:text/html,<script>alert(1)</script>)\n\n"
    '<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>\n\n'
    "<p onmouseover=alert(1) style=color:red>hover</p>\n\n"
    "![pic](javascript:alert(3))"
)


@pytest.fixture
def hostile(make_member, make_team, now):
    """A member whose every free-text field is an attack, in a team with a viewer."""
    attacker = make_member("Placeholder")
    accounts.update_profile(
        attacker.id, display_name=NAME, pronouns=PRONOUNS, time_zone="Europe/Berlin"
    )
    viewer = make_member("Vera Viewer")
    team = make_team("Shared", attacker, viewer)
    whole_week(attacker.id, "routine", label=ROUTINE)
    sections = {key: (f"{key} {BODY}", "workspace") for key in SECTION_KEYS}
    write_manual(attacker.id, now, **sections)
    sections = {key: (f"{key} changed {BODY}", "teams") for key in SECTION_KEYS}
    write_manual(attacker.id, now, **sections)
    return attacker, viewer, team


def safe_page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert unsafe_markup(html) == [], url
    return html


def test_pages_seen_by_others_neutralise_every_field(client, auth, hostile):
    attacker, viewer, team = hostile
    auth.login(viewer.email)
    profile = safe_page(client, f"/people/{attacker.id}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in profile  # shown as text
    assert "&lt;script&gt;alert(" in profile
    assert "raw link" in profile and "click me" in profile
    assert "&lt;svg onload=alert(1)&gt;" in profile  # the routine label, as text
    directory = safe_page(client, "/people?q=changed")
    assert "&lt;img src=x onerror=alert(1)&gt;" in directory
    assert "&lt;svg onload" in directory
    safe_page(client, "/people")
    safe_page(client, "/people?q=%3Cscript%3Ealert(1)%3C/script%3E")
    safe_page(client, f"/teams/{team.id}")


def test_pages_the_author_sees_neutralise_every_field(client, auth, hostile):
    attacker, _viewer, _team = hostile
    auth.login(attacker.email)
    edit = safe_page(client, "/manual")
    assert "&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;" in edit
    profile = safe_page(client, f"/people/{attacker.id}")
    assert "&lt;svg onload" in profile
    for number in (1, 2):
        diff = safe_page(client, f"/manual/revisions/{number}")
        assert "&lt;img src=x onerror=alert(1)&gt;" in diff
    safe_page(client, "/manual/revisions")
    safe_page(client, "/")


def test_a_refused_form_echoes_hostile_input_safely(client, auth, hostile):
    attacker, _viewer, _team = hostile
    auth.login(attacker.email)
    data = {f"{k}_body": BODY for k in SECTION_KEYS}
    data |= {f"{k}_visibility": "teams" for k in SECTION_KEYS}
    data |= {"channel_1": "", "channel_2": "<script>", "channel_3": ""}
    response = client.post("/manual", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose one of the options offered." in html
    assert unsafe_markup(html) == []
