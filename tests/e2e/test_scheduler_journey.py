"""The organiser's journey in a real browser: find a time for a team with one optional
member, read why each time was chosen, book it, and see it on every attendee's list."""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import expect

from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.services import accounts, teams
from app.services.patterns import row_from_block
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def _person(name: str, email: str, zone: str, start: time, end: time, admin=False):
    member = accounts.create_member(
        email=email,
        display_name=name,
        password=PASSWORD,
        time_zone=zone,
        admin=admin,
        min_length=10,
    )
    for day in range(7):
        block = WeeklyBlock(BlockKind.WORKING, day, start, end)
        db.session.add(row_from_block(member.id, block))
    db.session.commit()
    return member


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_find_a_time_for_a_team_book_it_and_everyone_sees_it(page, live_app):
    with live_app.app_context():
        mo = _person("Mo Organiser", "mo@example.test", "Europe/Berlin", time(8), time(18), True)
        ana = _person("Ana Lima", "ana@example.test", "Europe/Lisbon", time(8), time(18))
        kai = _person("Kai Tane", "kai@example.test", "Pacific/Auckland", time(9), time(17))
        team = teams.create_team(mo.id, name="Design")
        for person in (mo, ana, kai):
            teams.add_member(mo.id, team.id, person.id)

    _sign_in(page, "mo@example.test")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Find a time").click()
    expect(page.get_by_role("heading", name="Find a time")).to_be_visible()
    # The people picker (JavaScript on): the team as required, Kai as optional.
    search = page.get_by_role("combobox", name="Add people or teams")
    search.fill("des")
    page.get_by_role("option", name="Design").click()
    search.fill("kai")
    page.get_by_role("option", name="Kai Tane").click()
    chips = page.locator("ul.chips")
    chips.get_by_role("button", name="Kai Tane: required, make optional").click()
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Kind of meeting").select_option(label="Decision")
    page.get_by_role("button", name="Find a time").click()

    # The search is in the URL, so the results can be shared.
    assert "required_teams=" in page.url and "duration=45" in page.url
    expect(page.get_by_role("heading", name="suggested time")).to_be_visible()
    expect(page.get_by_role("table", name="Suggestions by day")).to_be_visible()
    first = page.locator("article.suggestion").first
    first.get_by_text("Each person’s local time").click()  # the table is folded by default
    expect(first.get_by_role("rowheader", name="Ana Lima")).to_be_visible()
    # Kai is optional and asleep in Auckland: the reason says so, and he doesn't block.
    kai_row = first.get_by_role("row").filter(has_text="Kai Tane")
    expect(kai_row).to_contain_text("optional")
    expect(first.locator("li.reason-optional")).to_contain_text(
        "Kai Tane (optional) may not make it: outside working hours"
    )
    expect(first.get_by_role("row").filter(has_text="Ana Lima")).to_contain_text("Europe/Lisbon")

    first.get_by_role("button", name="Book #1").click()
    expect(page.get_by_role("heading", name="Book a meeting")).to_be_visible()
    expect(page.get_by_role("group", name="People")).to_contain_text("Kai Tane")
    expect(page.get_by_label("Kind of meeting")).to_have_value("decision")
    page.get_by_label("Title").fill("Pick the onboarding flow")
    page.get_by_label("Agenda (optional)").fill("Two options; decide one.")
    page.get_by_role("button", name="Book this meeting").click()

    expect(page.get_by_role("heading", name="Pick the onboarding flow")).to_be_visible()
    expect(page.get_by_text("is booked")).to_be_visible()
    expect(page.get_by_role("button", name="Reschedule")).to_be_visible()

    for email in ("ana@example.test", "kai@example.test"):
        _sign_out(page)
        _sign_in(page, email)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
        expect(page.get_by_role("heading", name="Your upcoming meetings")).to_be_visible()
        page.get_by_role("link", name="Pick the onboarding flow").click()
        expect(page.get_by_role("heading", name="Pick the onboarding flow")).to_be_visible()
        expect(page.get_by_role("button", name="Reschedule")).to_have_count(0)


def test_without_javascript_find_book_and_cancel_still_work(nojs_page, live_app):
    page = nojs_page
    with live_app.app_context():
        _person("Mo Organiser", "mo@example.test", "Europe/Berlin", time(8), time(18), True)
        _person("Ana Lima", "ana@example.test", "Europe/Berlin", time(8), time(18))

    _sign_in(page, "mo@example.test")
    page.goto("/find")
    page.get_by_label("Required people").select_option(label="Ana Lima")
    page.get_by_role("button", name="Find a time").click()
    page.locator("article.suggestion").first.get_by_role("button", name="Book #1").click()
    page.get_by_label("Title").fill("Quick sync")
    page.get_by_role("button", name="Book this meeting").click()
    expect(page.get_by_role("heading", name="Quick sync")).to_be_visible()
    page.get_by_role("button", name="Cancel meeting").click()
    expect(page.get_by_text("This meeting was cancelled.")).to_be_visible()
