"""The privacy matrix: every visibility × every viewer relation × every surface.

Viewers: the owner themself, a teammate (same team), someone in another team, and an
admin who is in no team with the owner — an admin sees exactly what any non-teammate
sees. Surfaces: the profile page, directory search results (hidden text must never
match), the channel filter (structured preferences follow the communication section),
the team page, the week chart, and private routine labels wherever a status shows.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import render_template

from app.domain.manual import SECTION_KEYS, Preferences
from app.extensions import db
from app.presentation.charts.week_chart import week_chart
from app.services import charts, data_version
from tests.conftest import AuthActions
from tests.manual_helpers import whole_week, write_manual

VIEWERS = ("self", "teammate", "other_team", "admin")
ALLOWED = {
    "workspace": {"self", "teammate", "other_team", "admin"},
    "teams": {"self", "teammate"},
    "private": {"self"},
}
ROUTINE = "Secret-therapy-session"


def marker(visibility: str, key: str) -> str:
    return f"mark{visibility}{key.replace('_', '')}"


@pytest.fixture
def world(make_member, make_team, admin, now):
    owner = make_member("Olive Owner", zone="Europe/Berlin")
    mate = make_member("Tom Teammate", zone="Asia/Tokyo")
    other = make_member("Oda Other", zone="America/New_York")
    alpha = make_team("Alpha", owner, mate)
    make_team("Beta", other)
    whole_week(owner.id, "routine", label=ROUTINE, private=True)
    viewers = {"self": owner, "teammate": mate, "other_team": other, "admin": admin}
    return owner, alpha, viewers


def write_all(owner, visibility: str, now) -> None:
    """Every section (and the structured preferences) at one visibility."""
    sections = {k: (f"Text {marker(visibility, k)} here", visibility) for k in SECTION_KEYS}
    write_manual(owner.id, now, Preferences(("in_person",), "few_days"), **sections)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("visibility", list(ALLOWED))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_shows_exactly_the_allowed_sections(client, auth, world, now, visibility, viewer):
    owner, _team, viewers = world
    write_all(owner, visibility, now)
    auth.login(viewers[viewer].email)
    html = page(client, f"/people/{owner.id}")
    allowed = viewer in ALLOWED[visibility]
    for key in SECTION_KEYS:
        assert (marker(visibility, key) in html) is allowed, key
    assert ("In person" in html) is allowed
    assert ("Within a few days" in html) is allowed


@pytest.mark.parametrize("visibility", list(ALLOWED))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_directory_search_matches_only_allowed_text(client, auth, world, now, visibility, viewer):
    owner, _team, viewers = world
    write_all(owner, visibility, now)
    auth.login(viewers[viewer].email)
    allowed = viewer in ALLOWED[visibility]
    for key in SECTION_KEYS:
        html = page(client, f"/people?q={marker(visibility, key)}")
        assert ("Olive Owner" in html) is allowed, key
        # The matched word is shown on the card exactly when the viewer may see it.
        results = html.split('class="result-count"', 1)[1]
        assert (f"<mark>{marker(visibility, key)}</mark>" in results) is allowed, key
        assert (marker(visibility, key) in results) is allowed, key
    by_channel = page(client, "/people?channel=in_person")
    assert ("Olive Owner" in by_channel) is allowed
    listing = page(client, "/people?q=olive")
    assert "Olive Owner" in listing
    assert ("Prefers In person" in listing) is allowed


@pytest.mark.parametrize("visibility", list(ALLOWED))
def test_a_directory_page_kept_for_everyone_shows_each_viewer_only_their_share(
    app, world, now, visibility
):
    """The plain directory page is kept by data version and shared by every viewer
    (`services.directory`); what each may see of a card is still decided per viewer."""
    owner, _team, viewers = world
    write_all(owner, visibility, now)
    versions = set()
    for viewer in VIEWERS:  # one after another with nothing written between: one kept page
        client = app.test_client()
        AuthActions(client).login(viewers[viewer].email)
        listing = page(client, "/people")
        assert "Olive Owner" in listing
        assert ("Prefers In person" in listing) is (viewer in ALLOWED[visibility]), viewer
        assert (ROUTINE in listing) is (viewer == "self"), viewer
        versions.add(data_version.current(db.session))
        db.session.rollback()
    assert len(versions) == 1, "a write between viewers: the kept page was not shared"


@pytest.mark.parametrize("visibility", list(ALLOWED))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_team_page_never_shows_manual_text_or_private_routine(
    client, auth, world, now, visibility, viewer
):
    owner, team, viewers = world
    write_all(owner, visibility, now)
    auth.login(viewers[viewer].email)
    html = page(client, f"/teams/{team.id}")
    assert "Olive Owner" in html
    for key in SECTION_KEYS:
        assert marker(visibility, key) not in html
    assert (ROUTINE in html) is (viewer == "self")


@pytest.mark.parametrize("viewer", VIEWERS)
def test_week_chart_shows_a_private_routine_by_name_to_its_owner_only(
    app, client, auth, world, viewer
):
    owner, _team, viewers = world
    auth.login(viewers[viewer].email)
    profile = page(client, f"/people/{owner.id}")
    assert 'class="week-chart"' in profile
    chart_html = profile.split('class="week-chart"', 1)[1].split("</figure>", 1)[0]
    assert (ROUTINE in chart_html) is (viewer == "self")
    chart = week_chart(
        charts.member_week_for(
            owner.id, viewers[viewer].time_zone, datetime.now(UTC), viewer_id=viewers[viewer].id
        )
    )
    with app.test_request_context():
        rendered = render_template("patterns/_week_chart.html", week_chart=chart)
    assert (ROUTINE in rendered) is (viewer == "self")
    if viewer != "self":
        assert "unavailable" in rendered.lower()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_private_routine_label_is_unavailable_to_everyone_but_its_owner(
    client, auth, world, viewer
):
    owner, team, viewers = world
    auth.login(viewers[viewer].email)
    surfaces = {
        "profile": page(client, f"/people/{owner.id}"),
        "directory": page(client, "/people?q=olive"),
        "team": page(client, f"/teams/{team.id}"),
    }
    for name, html in surfaces.items():
        assert (ROUTINE in html) is (viewer == "self"), name
        if viewer != "self":
            assert "unavailable" in html.lower(), name


def test_a_public_routine_label_shows_to_everyone(client, auth, make_member, admin):
    owner = make_member("Paula Public")
    whole_week(owner.id, "routine", label="Open-yoga-hour")
    auth.login(admin.email)
    assert "Open-yoga-hour" in page(client, f"/people/{owner.id}")
    assert "Open-yoga-hour" in page(client, "/people?q=paula")
