"""Long text areas never cut text silently: no `maxlength`, a counter hook, and the
server's clear refusal with everything kept, in the manual editor and the wizard."""

from __future__ import annotations

import re

from tests.functional.test_onboarding_wizard import hire_client  # noqa: F401 - fixture

LONG = "Calm, careful words about how I work. " * 540  # over 20,000 characters
LIMIT = "Please keep this under 10,000 characters."


def _textareas(page: str) -> list[str]:
    return re.findall(r"<textarea[^>]*>", page)


def test_the_manual_editor_has_counters_and_no_maxlength(member_client):
    areas = _textareas(member_client.get("/manual").text)
    assert len(areas) == 7
    assert all("maxlength" not in a for a in areas)
    limits = sorted(re.search(r'data-max-chars="(\d+)"', a)[1] for a in areas)
    assert limits == ["10000"] + ["4000"] * 6  # the story, then the six sections


def test_the_wizard_story_step_keeps_a_long_paste_and_says_why(hire_client):  # noqa: F811
    page = hire_client.get("/onboarding/wizard/story").text
    assert all("maxlength" not in a and "data-max-chars" in a for a in _textareas(page))
    response = hire_client.post(
        "/onboarding/wizard/story", data={"story_body": LONG, "story_visibility": "teams"}
    )
    assert response.status_code == 422
    assert LIMIT in response.text and LONG.strip() in response.text


def test_the_agenda_and_team_description_have_no_maxlength_either(admin_client, make_team):
    team = make_team("Platform")
    page = admin_client.get(f"/admin/teams/{team.id}").text
    assert all("maxlength" not in a for a in _textareas(page))
    refused = admin_client.post(
        f"/admin/teams/{team.id}", data={"name": "Platform", "description": "x" * 300}
    )
    assert "Please keep this under 280 characters." in refused.text
    assert "x" * 300 in refused.text
