"""Every HTML form, sent with bad input, answers 422 with the form re-rendered and what
was typed still in it (issue 17, finding 6: some answered 200, some 400).

The forms are discovered from the pages an admin can open (as the fuzz suite does), and
every discovered form that takes typed text must have a case here, so a new form is
covered the day it lands. A few forms outside an admin's pages (sign-in, booking) have
their own cases; the wizard, invite acceptance and reset links are checked for 422 in
their own test modules.
"""

from __future__ import annotations

import re
from html import escape

import pytest

from app.forms_common import REFUSED
from app.services import teams
from tests.functional.test_fuzz_forms import TEXT_TYPES, FormParser, _form_pages

TYPED = "Typed & kept <7Q>"
ZONE_TYPED = "Mars/Typed-kept"

# action (team id as {team}) -> the bad post, and what must come back in the page
CASES = {
    "/account": (
        {
            "profile-display_name": "",
            "profile-pronouns": "they/them 7Q",
            "profile-time_zone": "Europe/Berlin",
            "profile-submit": "Save settings",
        },
        "they/them 7Q",
    ),
    # Passwords are never written back into a page; the refusal still answers 422.
    "/account/password": (
        {
            "password-current_password": "wrong one",
            "password-new_password": "short",
            "password-confirm": "other",
        },
        None,
    ),
    "/account/delete": ({"password": "not my password", "understood": ""}, None),
    "/account/tokens": ({"name": TYPED, "scope": "everything", "days": "30"}, TYPED),
    "/admin/invites": ({"email": "not-an-email", "display_name": TYPED}, TYPED),
    "/admin/members": (
        {"email": "bad", "display_name": TYPED, "time_zone": "UTC", "password": "x"},
        TYPED,
    ),
    "/admin/teams": ({"name": "", "description": TYPED}, TYPED),
    "/admin/teams/{team}": ({"name": "", "description": TYPED}, TYPED),
    "/admin/teams/{team}/members": (
        {"add-member_id": "987654", "add-role_in_team": TYPED},
        TYPED,
    ),
    "/calendar/imports": ({"source": TYPED}, TYPED),
    "/calendar/live/caldav": ({"server_url": "", "username": "", "label": TYPED}, TYPED),
    "/calendar/live/subscriptions": ({"url": "", "label": TYPED}, TYPED),
    "/calendar/team-feed": ({"team_id": "{team}", "zone": ZONE_TYPED}, ZONE_TYPED),
    "/manual": ({"story_body": "x" * 10_001, "work_best_body": TYPED}, TYPED),
    "/manual/pattern": ({"time_zone": ZONE_TYPED, "save": "Save my week"}, ZONE_TYPED),
    "/manual/pattern/one-off": ({"day": "", "hours": TYPED}, TYPED),
    "/manual/pattern/time-off": ({"first": "", "last": "2026-12-24"}, "2026-12-24"),
    "/meetings/new": (
        {"start": "2030-01-07T09:00:00Z", "duration": "30", "title": "", "agenda": TYPED},
        TYPED,
    ),
}


@pytest.fixture
def workspace(admin_client, admin, member, make_member):
    team = teams.create_team(admin.id, name="Refusers")
    teams.add_member(admin.id, team.id, admin.id)
    make_member("Outside Olga")  # someone to pick in "add to team"
    return admin_client, team


def _fill(value: str, team) -> str:
    return value.replace("{team}", str(team.id))


@pytest.mark.parametrize("action", sorted(CASES))
def test_a_refused_form_answers_422_and_keeps_what_was_typed(workspace, action):
    client, team = workspace
    data, kept = CASES[action]
    response = client.post(_fill(action, team), data={k: _fill(v, team) for k, v in data.items()})
    assert response.status_code == REFUSED, (action, response.status_code)
    page = response.get_data(as_text=True)
    assert "<form" in page
    if kept is not None:
        assert escape(kept, quote=True) in page or escape(kept, quote=False) in page, action


def test_a_refused_sign_in_answers_422_and_keeps_the_email(client, member):
    response = client.post("/login", data={"email": "typed-7q@example.test", "password": "no"})
    assert response.status_code == REFUSED
    assert 'value="typed-7q@example.test"' in response.get_data(as_text=True)


def test_every_form_with_typed_text_has_a_case(app, workspace, admin):
    client, team = workspace
    found = set()
    for url in _form_pages(app, admin, team):
        response = client.get(url)
        if response.mimetype != "text/html":  # downloads (the data export), JSON documents
            continue
        parser = FormParser()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            typed = [n for n, k, _ in form["fields"] if k in TEXT_TYPES and n != "csrf_token"]
            if form["method"] == "POST" and typed:
                found.add(re.sub(rf"/{team.id}(?=/|$)", "/{team}", form["action"] or url))
    assert len(found) >= 10, found
    assert found <= set(CASES), found - set(CASES)
