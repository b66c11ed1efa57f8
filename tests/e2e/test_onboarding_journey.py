"""A new hire's first day in a real browser: open the invite link, finish the wizard,
meet the team, book the intro 1:1s and download them all as one .ics."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import Meeting
from app.services import accounts, invites, teams
from app.services.patterns import row_from_block
from tests.conftest import PASSWORD
from tests.e2e.journey_checks import check_step

pytestmark = pytest.mark.e2e


def _teammate(name: str, email: str, zone: str):
    member = accounts.create_member(
        email=email, display_name=name, password=PASSWORD, time_zone=zone, min_length=10
    )
    for day in range(5):
        db.session.add(
            row_from_block(member.id, WeeklyBlock(BlockKind.WORKING, day, time(8), time(18)))
        )
    db.session.commit()
    return member


def _invite_link(live_app, live_server) -> str:
    with live_app.app_context():
        admin = accounts.create_member(
            email="ada@example.test",
            display_name="Ada Admin",
            password=PASSWORD,
            time_zone="Europe/London",
            admin=True,
            min_length=10,
        )
        jonas = _teammate("Jonas Becker", "jonas@example.test", "Europe/Berlin")
        ana = _teammate("Ana Lima", "ana@example.test", "Europe/Lisbon")
        team = teams.create_team(admin.id, name="Platform")
        teams.add_member(admin.id, team.id, jonas.id, "Tech lead")
        teams.add_member(admin.id, team.id, ana.id, "Engineer")
        now = datetime.now(UTC)
        issued = invites.create_invite(
            admin.id,
            email="nia@example.test",
            display_name="Nia New",
            team_ids=[team.id],
            start_date=now.date() + timedelta(days=7),
            now=now,
            valid_days=14,
        )
    return f"{live_server.url}/invite/{issued.token}"


def test_invite_to_wizard_to_team_to_booked_intros(page, live_app, live_server, screenshot):
    """Every step is checked at both widths and by axe (journey_checks), with screenshots."""

    def check(step: str) -> None:
        check_step(page, screenshot, step)

    page.goto(_invite_link(live_app, live_server))
    check("invite")
    _join(page)
    _write_the_first_manual(page, check)
    _meet_the_team(page, check)
    _book_and_download_intros(page, live_app, check)

    # Home ticks the checklist.
    page.goto("/")
    expect(page.get_by_role("heading", name="Your first weeks")).to_be_visible()
    expect(page.get_by_text("2 booked on")).to_be_visible()
    check("home")


def _join(page) -> None:
    expect(page.get_by_role("heading", name="Welcome aboard")).to_be_visible()
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Berlin")  # detected
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Join the workspace").click()


def _write_the_first_manual(page, check=lambda step: None) -> None:
    # Step 1: working hours (a refusal keeps what was typed).
    expect(page.get_by_role("heading", name="Working hours")).to_be_visible()
    page.get_by_label("Start", exact=True).fill("17:00")
    page.get_by_label("End", exact=True).fill("09:00")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Ends before it starts; tick “Ends next day”")).to_be_visible()
    expect(page.get_by_label("Start", exact=True)).to_have_value("17:00")
    check("working hours refused")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("17:00")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: energy and focus; the step says who will see it.
    expect(page.get_by_role("heading", name="Energy and focus")).to_be_visible()
    expect(page.get_by_text("Platform (2 people)")).to_be_visible()
    check("energy and focus")
    page.get_by_label("How I work best", exact=True).fill("Mornings, headphones on.")
    page.get_by_role("button", name="Save and continue").click()
    # Step 3 skipped, step 4 written.
    expect(page.get_by_role("heading", name="Communication", exact=True)).to_be_visible()
    page.get_by_role("button", name="Skip this step").click()
    expect(page.get_by_role("heading", name="Your story")).to_be_visible()
    page.get_by_label("My story", exact=True).fill("I joined from logistics software.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Your first manual is written.")).to_be_visible()
    check("manual written")


def _meet_the_team(page, check=lambda step: None) -> None:
    """Reading Jonas's manual marks nothing; "I've read this" does."""
    page.get_by_role("link", name="Meet your team").first.click()
    expect(page.get_by_role("heading", name="Jonas Becker")).to_be_visible()
    expect(page.get_by_text("Tech lead in Platform")).to_be_visible()
    check("meet your team")
    page.get_by_role("link", name="Read Jonas Becker’s manual").click()
    expect(page.get_by_role("heading", name="Jonas Becker", level=1)).to_be_visible()
    page.go_back()
    page.reload()
    jonas_card = page.locator("article.team-card").filter(has_text="Jonas Becker")
    expect(jonas_card.get_by_text("Read", exact=True)).to_have_count(0)
    jonas_card.get_by_role("button", name="I’ve read this").click()
    jonas_card = page.locator("article.team-card").filter(has_text="Jonas Becker")
    expect(jonas_card.get_by_text("Read", exact=True)).to_be_visible()
    expect(jonas_card.get_by_role("button", name="I’ve read this")).to_have_count(0)


def _book_and_download_intros(page, live_app, check=lambda step: None) -> None:
    """One action proposes the batch; book it; download every invite at once."""
    page.goto("/onboarding/intros")
    page.get_by_role("button", name="Propose my intro 1:1s").click()
    expect(page.get_by_role("heading", name="Review your intros")).to_be_visible()
    expect(page.get_by_label("Time for the intro with Jonas Becker")).to_be_visible()
    check("review intros")
    page.get_by_role("button", name="Book these intros").click()
    expect(page.get_by_text("Booked 2 intro 1:1s.")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download all invites (.ics)").click()
    download = info.value
    assert download.suggested_filename == "intro-1-1s.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Intro: Nia New & Ana Lima",
        "Intro: Nia New & Jonas Becker",
    ]
    with live_app.app_context():
        booked = db.session.scalars(db.select(Meeting).order_by(Meeting.start)).all()
        assert sorted(str(e["UID"]) for e in events) == sorted(m.uid for m in booked)
        assert {e.decoded("DTSTART") for e in events} == {m.start for m in booked}
    for event in events:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)


def test_the_whole_onboarding_works_without_javascript(nojs_page, live_app, live_server):
    page = nojs_page
    page.goto(_invite_link(live_app, live_server))
    page.get_by_label("Your time zone").fill("Europe/Lisbon")  # nothing detects it
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Join the workspace").click()
    page.get_by_label("Wednesday").uncheck()
    page.get_by_label("Peak starts (optional)").fill("09:00")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Give both ends of your peak, or neither.")).to_be_visible()
    expect(page.get_by_label("Wednesday")).not_to_be_checked()  # kept as typed
    page.get_by_label("Peak ends (optional)").fill("11:00")
    page.get_by_role("button", name="Save and continue").click()
    for _ in range(3):
        page.get_by_role("button", name="Skip this step").click()
    expect(page.get_by_text("Your first manual is written.")).to_be_visible()
    expect(page.get_by_text("1 of 4 steps saved, 3 skipped")).to_be_visible()
    page.goto("/onboarding/team")  # a read is marked by a plain form, no script needed
    card = page.locator("article.team-card").filter(has_text="Ana Lima")
    card.get_by_role("button", name="I’ve read this").click()
    card = page.locator("article.team-card").filter(has_text="Ana Lima")
    expect(card.get_by_text("Read", exact=True)).to_be_visible()
    page.goto("/onboarding/intros")
    page.get_by_role("button", name="Propose my intro 1:1s").click()
    page.get_by_label("Keep the intro with Ana Lima").uncheck()  # drop one
    page.get_by_role("button", name="Book these intros").click()
    expect(page.get_by_text("Booked 1 intro 1:1.")).to_be_visible()
