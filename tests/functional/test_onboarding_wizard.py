"""The first-manual wizard: resume where you left, skip, defaults, refusals that keep input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.domain.workstyle import BlockKind
from app.extensions import db
from app.models import ManualRevision, ManualSection, OnboardingState
from app.services import invites, manuals, onboarding
from app.services.onboarding import wizard as onboarding_wizard
from app.services.patterns import load_pattern
from tests.conftest import PASSWORD


def start_soon() -> date:
    """A start date a week from the real today (views read the real clock)."""
    return datetime.now(UTC).date() + timedelta(days=7)


def hire(admin, *teams, name="Nia New", email="nia@example.test", zone="Europe/Lisbon"):
    """A new hire through a real invite: account, team memberships, onboarding state."""
    now = datetime.now(UTC)
    issued = invites.create_invite(
        admin.id,
        email=email,
        display_name=name,
        team_ids=[t.id for t in teams],
        start_date=start_soon(),
        now=now,
        valid_days=14,
    )
    return invites.accept_invite(
        issued.token,
        display_name=name,
        password=PASSWORD,
        time_zone=zone,
        now=now,
        min_length=10,
    )


COMMS = {
    "channel_1": "",
    "channel_2": "",
    "channel_3": "",
    "response_time": "",
    "communication_body": "",
    "communication_visibility": "teams",
    "help_me_body": "",
    "help_me_visibility": "teams",
    "save": "1",
}
HOURS = {"weekdays": ["0", "1", "2", "3", "4"], "start": "09:00", "end": "17:00", "save": "1"}


@pytest.fixture
def hire_client(app, client, auth, admin, make_team):
    team = make_team("Platform", admin)
    person = hire(admin, team)
    auth.login(person.email)
    client.person = person
    return client


def _state(member_id):
    db.session.expire_all()
    return db.session.get(OnboardingState, member_id)


def test_accepting_an_invite_opens_the_first_step(app, client, admin):
    issued = invites.create_invite(
        admin.id,
        email="new@example.test",
        display_name="Nia",
        team_ids=[],
        start_date=start_soon(),
        now=datetime.now(UTC),
        valid_days=14,
    )
    data = {"display_name": "Nia", "time_zone": "UTC", "password": PASSWORD, "confirm": PASSWORD}
    response = client.post(f"/invite/{issued.token}", data=data)
    assert response.headers["Location"] == "/onboarding/welcome"
    assert client.get("/onboarding/welcome").headers["Location"] == "/onboarding/wizard/hours"
    page = client.get("/onboarding/wizard/hours").data.decode()
    assert "Working days" in page and "Skip this step" in page and 'value="09:00"' in page


def test_hours_are_saved_and_the_next_step_opens(hire_client):
    person = hire_client.person
    response = hire_client.post(
        "/onboarding/wizard/hours", data={**HOURS, "peak_start": "09:00", "peak_end": "11:00"}
    )
    assert response.headers["Location"] == "/onboarding/wizard/energy"
    pattern = load_pattern(person.id)
    working = pattern.blocks_of(BlockKind.WORKING)
    assert sorted(b.weekday for b in working) == [0, 1, 2, 3, 4]
    assert {(b.start.hour, b.end.hour) for b in working} == {(9, 17)}
    assert len(pattern.blocks_of(BlockKind.ENERGY)) == 5
    assert _state(person.id).done_steps == "hours"
    again = hire_client.get("/onboarding/wizard/hours").data.decode()
    assert 'value="11:00"' in again  # the step shows what was saved


def test_leaving_and_coming_back_resumes_at_the_first_unfinished_step(hire_client, auth):
    hire_client.post("/onboarding/wizard/hours", data=HOURS)
    auth.logout()
    auth.login(hire_client.person.email)
    assert hire_client.get("/onboarding/welcome").headers["Location"] == (
        "/onboarding/wizard/energy"
    )


def test_any_step_can_be_skipped_and_done_later(hire_client):
    person = hire_client.person
    skip = hire_client.post("/onboarding/wizard/hours", data={"skip": "1", "start": "nonsense"})
    assert skip.headers["Location"] == "/onboarding/wizard/energy"
    assert _state(person.id).skipped_steps == "hours"
    assert hire_client.get("/onboarding/welcome").headers["Location"].endswith("/energy")
    hire_client.post("/onboarding/wizard/hours", data=HOURS)
    state = _state(person.id)
    assert state.done_steps == "hours" and state.skipped_steps == ""
    assert load_pattern(person.id).blocks_of(BlockKind.WORKING)


def test_personal_sections_default_to_my_teams_and_the_step_says_who_sees(hire_client):
    page = hire_client.get("/onboarding/wizard/energy").data.decode()
    assert "Platform (1 person)" in page and "Only me" in page
    assert '<option selected value="teams">' in page
    hire_client.post(
        "/onboarding/wizard/energy",
        data={
            "work_best_body": "Mornings, headphones on.",
            "work_best_visibility": "teams",
            "energy_body": "Pairing lifts me.",
            "energy_visibility": "workspace",
            "save": "1",
        },
    )
    rows = {
        r.key: (r.body, r.visibility)
        for r in db.session.scalars(
            db.select(ManualSection).where(ManualSection.member_id == hire_client.person.id)
        )
    }
    assert rows["work_best"] == ("Mornings, headphones on.", "teams")
    assert rows["energy"] == ("Pairing lifts me.", "workspace")
    assert rows["story"] == ("", "teams")  # not yet written, already "my teams"


@pytest.mark.parametrize(
    ("data", "message", "kept"),
    [
        ({**HOURS, "start": "17:00", "end": "09:00"}, "Ends before it starts", 'value="17:00"'),
        ({**HOURS, "start": "09:10"}, "quarter hours", 'value="09:10"'),
        ({**HOURS, "end": "5pm"}, "Use a time like", 'value="5pm"'),
        ({**HOURS, "weekdays": []}, "at least one working day", 'value="17:00"'),
        ({**HOURS, "peak_start": "10:00"}, "both ends of your peak", 'value="10:00"'),
        ({**HOURS, "peak_start": "12:00", "peak_end": "10:00"}, "Ends before it starts", "12:00"),
    ],
)
def test_bad_hours_are_refused_keeping_what_was_typed(hire_client, data, message, kept):
    response = hire_client.post("/onboarding/wizard/hours", data=data)
    page = response.data.decode()
    assert response.status_code == 422
    assert message in page and kept in page
    assert "Everything you typed is kept" in page
    assert load_pattern(hire_client.person.id).blocks == ()
    assert _state(hire_client.person.id).done_steps == ""


def test_too_long_energy_text_is_refused_and_kept(hire_client):
    long_text = "Deep work in the morning. " * 200
    data = {
        "work_best_body": long_text,
        "work_best_visibility": "teams",
        "energy_body": "",
        "energy_visibility": "teams",
        "save": "1",
    }
    response = hire_client.post("/onboarding/wizard/energy", data=data)
    page = response.data.decode()
    assert response.status_code == 422
    assert "Please keep this under 4,000 characters" in page
    assert long_text.strip()[:200] in page
    assert not manuals.load_draft(hire_client.person.id).exists


def test_communication_step_refuses_a_repeated_channel_and_keeps_the_text(hire_client):
    data = {
        **COMMS,
        "channel_1": "chat",
        "channel_2": "chat",
        "communication_body": "Chat first, please.",
        "help_me_body": "Send the agenda ahead.",
        "help_me_visibility": "private",
    }
    response = hire_client.post("/onboarding/wizard/communication", data=data)
    page = response.data.decode()
    assert response.status_code == 422
    assert "Chat is already an earlier choice" in page
    assert "Chat first, please." in page and "Send the agenda ahead." in page
    assert '<option selected value="private">' in page
    data["channel_2"] = "email"
    assert hire_client.post("/onboarding/wizard/communication", data=data).status_code == 302
    draft = manuals.load_draft(hire_client.person.id)
    assert draft.preferences.channels == ("chat", "email")
    assert draft.sections["help_me"] == ("Send the agenda ahead.", "private")


def test_too_long_story_is_refused_and_kept(hire_client):
    story = "x" * 10_001
    response = hire_client.post(
        "/onboarding/wizard/story",
        data={"story_body": story, "story_visibility": "teams", "save": "1"},
    )
    assert response.status_code == 422
    assert "under 10,000 characters" in response.data.decode()
    assert story in response.data.decode()


def test_finishing_every_step_writes_the_manual_and_ticks_the_checklist(hire_client):
    hire_client.post("/onboarding/wizard/hours", data=HOURS)
    hire_client.post("/onboarding/wizard/energy", data={"skip": "1"})
    hire_client.post(
        "/onboarding/wizard/communication",
        data={**COMMS, "channel_1": "email", "communication_body": "Email is best."},
    )
    last = hire_client.post(
        "/onboarding/wizard/story",
        data={"story_body": "I came from logistics.", "story_visibility": "teams", "save": "1"},
    )
    assert last.headers["Location"] == "/onboarding"
    state = _state(hire_client.person.id)
    assert state.wizard_finished_at is not None and state.current_step == "done"
    page = hire_client.get("/onboarding").data.decode()
    assert "3 of 4 steps saved, 1 skipped" in page and "finished" in page
    home = hire_client.get("/").data.decode()
    assert "Your first weeks" in home and "Manual written" in home
    assert hire_client.get("/onboarding/welcome").headers["Location"] == "/onboarding"


def test_members_who_are_not_onboarded_have_no_wizard(member_client):
    assert member_client.get("/onboarding/wizard/hours").status_code == 404
    assert member_client.get("/onboarding/welcome").status_code == 404
    assert "Your first weeks" not in member_client.get("/").data.decode()


def test_an_unknown_step_is_not_found(hire_client):
    assert hire_client.get("/onboarding/wizard/nope").status_code == 404


def _fail_marking_the_step(*args, **kwargs):
    raise RuntimeError("marking the step failed")


def _saved_rows(member_id):
    db.session.expire_all()
    sections = db.session.scalars(
        db.select(ManualSection).where(ManualSection.member_id == member_id)
    ).all()
    revisions = db.session.scalars(
        db.select(ManualRevision).where(ManualRevision.member_id == member_id)
    ).all()
    return load_pattern(member_id).blocks, sections, revisions, _state(member_id).done_steps


@pytest.mark.parametrize("step", ["hours", "energy", "communication"])
def test_a_failure_after_the_write_leaves_nothing_saved(hire_client, monkeypatch, step):
    """The write and the step's mark are one transaction owned by the wizard."""
    person = hire_client.person
    before = _saved_rows(person.id)
    monkeypatch.setattr(onboarding_wizard, "_advance", _fail_marking_the_step)
    now = datetime.now(UTC)
    with pytest.raises(RuntimeError, match="marking the step failed"):
        if step == "hours":
            hours = onboarding.WorkingHours((0, 1, 2), time(9), time(17), time(9), time(11))
            onboarding.save_hours(person.id, hours, now)
        else:
            written = {onboarding.STEP_SECTIONS[step][0]: ("Written, then undone.", "teams")}
            onboarding.save_sections(person.id, step, written, now)
    assert _saved_rows(person.id) == before == ((), [], [], "")
