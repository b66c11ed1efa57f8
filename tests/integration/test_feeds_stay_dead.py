"""A feed URL dies for good when its owner leaves the team or is deactivated.

Before issue 17 the team feed was only hidden while its owner was out of the team:
re-adding them brought every copy of the old URL back to life (and reactivating a
member did the same for all their feeds). These play the remove/re-add cycle through
the admin pages and fetch the URLs as a calendar client would.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.errors import NotFound
from app.services import accounts, feeds, teams
from tests.calendar_helpers import give_week, office_week

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def subscriber(member):
    give_week(member.id, office_week())
    return member


def test_team_feed_stays_dead_when_its_owner_is_removed_and_re_added(
    app, admin, admin_client, subscriber, make_team
):
    team = make_team("Platform", subscriber)
    token = feeds.turn_on_team(subscriber.id, team.id, "UTC", NOW)
    calendar = app.test_client()
    assert calendar.get(f"/feeds/team/{token}.ics").status_code == 200
    admin_client.post(f"/admin/teams/{team.id}/members/{subscriber.id}/remove")
    assert calendar.get(f"/feeds/team/{token}.ics").status_code == 404
    admin_client.post(f"/admin/teams/{team.id}/members", data={"add-member_id": subscriber.id})
    assert teams.team_ids_of(subscriber.id) == {team.id}
    assert calendar.get(f"/feeds/team/{token}.ics").status_code == 404
    with pytest.raises(NotFound):
        feeds.team_feed(token, NOW)
    # Turning it on again gives a new URL that works; the old one stays dead.
    fresh = feeds.turn_on_team(subscriber.id, team.id, "UTC", NOW)
    assert fresh != token
    assert calendar.get(f"/feeds/team/{fresh}.ics").status_code == 200
    assert calendar.get(f"/feeds/team/{token}.ics").status_code == 404


def test_other_teams_feeds_survive_leaving_one_team(admin, subscriber, make_team):
    kept_team = make_team("Kept", subscriber)
    left_team = make_team("Left", subscriber)
    kept = feeds.turn_on_team(subscriber.id, kept_team.id, "UTC", NOW)
    personal = feeds.turn_on_personal(subscriber.id, NOW)
    teams.remove_member(admin.id, left_team.id, subscriber.id, NOW)
    assert feeds.team_feed(kept, NOW).body
    assert feeds.personal_feed(personal, NOW).body


def test_feeds_stay_dead_when_a_member_is_deactivated_and_reactivated(
    admin, subscriber, make_team
):
    team = make_team("Platform", subscriber)
    team_token = feeds.turn_on_team(subscriber.id, team.id, "UTC", NOW)
    personal = feeds.turn_on_personal(subscriber.id, NOW)
    accounts.set_active(admin.id, subscriber.id, False, NOW)
    accounts.set_active(admin.id, subscriber.id, True, NOW)
    with pytest.raises(NotFound):
        feeds.team_feed(team_token, NOW)
    with pytest.raises(NotFound):
        feeds.personal_feed(personal, NOW)
