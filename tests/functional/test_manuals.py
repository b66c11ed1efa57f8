"""Writing, saving, reviewing and diffing one's own manual, through the test client."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.manual import SECTION_KEYS, SECTIONS, Preferences
from app.extensions import db
from app.models import Manual, ManualRevision, ManualSection
from app.services import accounts, manuals
from tests.conftest import PASSWORD
from tests.manual_helpers import write_manual


def form_data(**overrides) -> dict[str, str]:
    data = {f"{k}_body": "" for k in SECTION_KEYS}
    data |= {f"{k}_visibility": "teams" for k in SECTION_KEYS}
    data |= {
        "channel_1": "",
        "channel_2": "",
        "channel_3": "",
        "response_time": "",
        "feedback_mode": "",
        "feedback_setting": "",
        "meeting_preference": "",
    }
    return data | overrides


def sections_of(member_id):
    rows = db.session.scalars(db.select(ManualSection).where(ManualSection.member_id == member_id))
    return {r.key: (r.body, r.visibility) for r in rows}


def test_signing_in_is_required(client, member):
    for url in ("/manual", "/manual/revisions", "/manual/revisions/1"):
        assert "/login" in client.get(url).headers["Location"]
    assert "/login" in client.post("/manual/reviewed").headers["Location"]


def test_edit_page_shows_every_section_with_prompt_example_and_visibility(member_client):
    page = member_client.get("/manual").get_data(as_text=True)
    for spec in SECTIONS:
        assert spec.title in page
        assert spec.prompt.split(".")[0].replace("'", "&#39;") in page
        assert f'name="{spec.key}_visibility"' in page
    for label in (
        "Everyone in the workspace",
        "My teams",
        "Only me",
        "1st choice",
        "2nd choice",
        "3rd choice",
        "Expected response time",
        "Meetings",
    ):
        assert label in page


def test_saving_writes_sections_preferences_and_a_revision(member_client, member):
    response = member_client.post(
        "/manual",
        data=form_data(
            story_body="I like **bold** plans.",
            story_visibility="workspace",
            energy_body="Long walks",
            energy_visibility="private",
            channel_1="email",
            channel_2="chat",
            response_time="same_day",
            feedback_mode="written",
            feedback_setting="private",
            meeting_preference="few",
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/people/{member.id}")
    saved = sections_of(member.id)
    assert saved["story"] == ("I like **bold** plans.", "workspace")
    assert saved["energy"] == ("Long walks", "private")
    assert set(saved) == set(SECTION_KEYS)
    manual = db.session.scalar(db.select(Manual).where(Manual.member_id == member.id))
    assert manual.preferred_channels == "email,chat"
    assert (
        manual.response_time,
        manual.feedback_mode,
        manual.feedback_setting,
        manual.meeting_preference,
    ) == ("same_day", "written", "private", "few")
    assert manual.last_reviewed_at is not None
    revisions = manuals.list_revisions(member.id)
    assert [r.number for r in revisions] == [1]
    assert json.loads(revisions[0].snapshot)["sections"]["energy"]["body"] == "Long walks"


def test_edit_page_starts_from_the_saved_manual(member_client, member, now):
    write_manual(
        member.id, now, Preferences(("video", "chat")), feedback=("Be kind & direct", "private")
    )
    page = member_client.get("/manual").get_data(as_text=True)
    assert "Be kind &amp; direct</textarea>" in page
    assert '<option selected value="private">Only me</option>' in page
    assert '<option selected value="video">Video call</option>' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"channel_1": "chat", "channel_2": "chat"}, "channel_2", "already an earlier choice"),
        ({"channel_2": "email"}, "channel_2", "Fill in your choice 1"),
        ({"channel_1": "pigeon"}, "channel_1", "Choose one of the options offered"),
        (
            {"energy_visibility": "everyone"},
            "energy_visibility",
            "Choose one of the options offered",
        ),
        ({"response_time": "never"}, "response_time", "Choose one of the options offered"),
        ({"help_me_body": "x" * 4001}, "help_me_body", "under 4,000 characters"),
        ({"story_body": "y" * 10_001}, "story_body", "under 10,000 characters"),
    ],
)
def test_invalid_input_is_explained_at_the_field_and_everything_typed_is_kept(
    member_client, member, overrides, field, message
):
    typed = form_data(
        story_body="My typed story",
        story_visibility="workspace",
        work_best_body="Quiet mornings <3",
        work_best_visibility="private",
        response_time="next_day",
        meeting_preference="walking",
    )
    typed |= overrides
    response = member_client.post("/manual", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page
    error_at = page.index(f'id="{field}-error"')
    assert message in page[error_at : error_at + 300]
    assert (
        f'aria-invalid="true" id="{field}"' in page
        or f'id="{field}" aria-invalid' in page
        or 'aria-invalid="true"' in page
    )
    if field != "story_body":
        assert "My typed story</textarea>" in page
    assert "Quiet mornings &lt;3</textarea>" in page
    assert '<option selected value="walking">' in page
    if field != "response_time":
        assert '<option selected value="next_day">' in page
    assert db.session.scalar(db.select(Manual).where(Manual.member_id == member.id)) is None
    assert manuals.list_revisions(member.id) == []


def test_a_failed_save_changes_nothing(member, now, monkeypatch):
    write_manual(member.id, now, story=("First", "workspace"))

    def broken(member_id, when):
        raise RuntimeError("disk full")

    monkeypatch.setattr(manuals, "record_revision", broken)
    with pytest.raises(RuntimeError):
        write_manual(member.id, now, story=("Second", "private"))
    db.session.expire_all()
    assert sections_of(member.id)["story"] == ("First", "workspace")
    assert len(manuals.list_revisions(member.id)) == 1


def test_every_save_is_a_revision_and_what_changed_shows_the_difference(member_client, member):
    member_client.post("/manual", data=form_data(energy_body="Mornings\nPairing"))
    member_client.post(
        "/manual",
        data=form_data(
            energy_body="Mornings\nLong walks", energy_visibility="workspace", channel_1="call"
        ),
    )
    listing = member_client.get("/manual/revisions").get_data(as_text=True)
    assert "Revision 2" in listing and "Revision 1" in listing
    diff = member_client.get("/manual/revisions/2").get_data(as_text=True)
    assert "compared with revision 1" in diff
    assert 'class="diff-removed"' in diff and "Pairing" in diff
    assert 'class="diff-added"' in diff and "Long walks" in diff
    assert "Visibility: teams → workspace" in diff
    assert "Preferred channels: Phone call" in diff
    first = member_client.get("/manual/revisions/1").get_data(as_text=True)
    assert "compared with an empty manual" in first


def test_saving_the_same_manual_again_adds_no_revision(member_client, member):
    member_client.post("/manual", data=form_data(story_body="Same"))
    member_client.post("/manual", data=form_data(story_body="Same"))
    assert len(manuals.list_revisions(member.id)) == 1


def test_revisions_are_the_authors_only(client, auth, member, make_member, now):
    other = make_member("Olga Other")
    write_manual(other.id, now, story=("Olga's secret draft", "private"))
    auth.login(member.email)
    assert client.get("/manual/revisions/1").status_code == 404
    assert "secret draft" not in client.get("/manual/revisions").get_data(as_text=True)
    assert client.get("/manual/revisions/99").status_code == 404


def test_there_is_no_route_to_edit_someone_elses_manual(app, admin_client, admin, member, now):
    write_manual(member.id, now, story=("Mo's own words", "workspace"))
    manual_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/manual")]
    assert manual_rules
    assert all("member" not in "".join(r.arguments) for r in manual_rules)
    assert admin_client.get(f"/manual/{member.id}").status_code == 404
    admin_client.post("/manual", data=form_data(story_body="Admin's words"))
    assert sections_of(member.id)["story"] == ("Mo's own words", "workspace")
    assert sections_of(admin.id)["story"] == ("Admin's words", "teams")


def test_still_accurate_sets_last_reviewed(member_client, member, monkeypatch):
    stamp = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    write_manual(member.id, stamp - timedelta(days=300), story=("Hello", "workspace"))
    monkeypatch.setattr("app.clock.now", lambda: stamp)
    response = member_client.post("/manual/reviewed", data={"next": "home"})
    assert response.headers["Location"].endswith("/")
    manual = db.session.scalar(db.select(Manual).where(Manual.member_id == member.id))
    assert manual.last_reviewed_at == stamp
    assert len(manuals.list_revisions(member.id)) == 1


def test_still_accurate_without_a_manual_says_write_it_first(member_client, member):
    page = member_client.post("/manual/reviewed", follow_redirects=True).get_data(as_text=True)
    assert "Write your manual first" in page


def test_still_accurate_needs_a_csrf_token(csrf_app):
    person = accounts.create_member(
        email="cy@example.test",
        display_name="Cy Csrf",
        password=PASSWORD,
        time_zone="UTC",
        min_length=10,
    )
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token})
    write_manual(person.id, datetime.now(UTC) - timedelta(days=300), story=("Hi", "teams"))
    assert client.post("/manual/reviewed").status_code == 400
    manual = db.session.scalar(db.select(Manual).where(Manual.member_id == person.id))
    assert datetime.now(UTC) - manual.last_reviewed_at > timedelta(days=299)


NUDGE = "Is your manual still you?"


def test_review_nudge_appears_for_the_author_after_the_configured_days(
    app, client, auth, member, make_member
):
    app.config["REVIEW_NUDGE_DAYS"] = 30
    written = datetime.now(UTC) - timedelta(days=31)
    write_manual(member.id, written, story=("Hello", "workspace"))
    auth.login(member.email)
    assert NUDGE in client.get("/").get_data(as_text=True)
    assert NUDGE in client.get("/manual").get_data(as_text=True)
    assert NUDGE in client.get(f"/people/{member.id}").get_data(as_text=True)
    auth.logout()
    other = make_member("Vic Viewer")
    auth.login(other.email)
    profile = client.get(f"/people/{member.id}").get_data(as_text=True)
    assert NUDGE not in profile
    assert f"Last reviewed {written:%d %B %Y}" in profile


def test_no_nudge_while_the_manual_is_fresh(app, client, auth, member, make_member):
    write_manual(member.id, datetime.now(UTC) - timedelta(days=179), story=("Hi", "workspace"))
    auth.login(member.email)
    assert NUDGE not in client.get("/").get_data(as_text=True)
    assert NUDGE not in client.get("/manual").get_data(as_text=True)
    auth.logout()
    auth.login(make_member("Vic Viewer").email)
    assert "Last reviewed" not in client.get(f"/people/{member.id}").get_data(as_text=True)


def test_home_invites_a_member_without_a_manual_to_write_one(member_client):
    page = member_client.get("/").get_data(as_text=True)
    assert "write your manual" in page and 'href="/manual"' in page
    assert NUDGE not in page


def test_revision_rows_are_created_with_the_save_time(member, now):
    write_manual(member.id, now, story=("A", "workspace"))
    revision = db.session.scalar(db.select(ManualRevision))
    assert revision.created_at == now


def test_a_manual_started_but_never_reviewed_is_not_nudged_until_it_ages(app, member):
    from datetime import UTC, datetime, timedelta

    from app.extensions import db
    from app.models import Manual
    from app.services import manuals as manual_service

    started = datetime(2026, 11, 1, tzinfo=UTC)
    db.session.add(Manual(member_id=member.id, created_at=started, last_reviewed_at=None))
    db.session.commit()
    fresh = manual_service.review_state(member.id, started + timedelta(days=3), 180)
    old = manual_service.review_state(member.id, started + timedelta(days=181), 180)
    assert (fresh.due, old.due) == (False, True)
