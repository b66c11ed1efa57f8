"""One rule for hours, in "My week" and in the onboarding wizard.

"My week" used to accept working hours 17:00→09:00 silently (as an overnight block)
while the wizard refused them. Now both forms state and apply the domain's one rule:
hours end after they start, and may run past midnight only when the person ticks
"Ends next day".
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app.services import accounts, invites, teams
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

RULE_MESSAGE = "ends before it starts; tick “Ends next day” if it runs past midnight"
HIRE = "hugo@example.test"


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _make_people(live_app) -> None:
    """Nora (a member) and Hugo, a new hire who has just accepted his invite."""
    now = datetime.now(UTC)
    with live_app.app_context():
        admin = accounts.create_member(
            email="nora@example.test",
            display_name="Nora Night",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
            admin=True,
        )
        team = teams.create_team(admin.id, name="Night shift", description="")
        teams.add_member(admin.id, team.id, admin.id, "")
        issued = invites.create_invite(
            admin.id,
            email=HIRE,
            display_name="Hugo Hire",
            team_ids=[team.id],
            start_date=None,
            now=now,
            valid_days=14,
        )
        invites.accept_invite(
            issued.token,
            display_name="Hugo Hire",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            now=now,
            min_length=10,
        )


def _fill_row(page, number: int, start: str, end: str) -> None:
    page.get_by_label(f"Row {number}: Kind").select_option("working")
    page.get_by_label(f"Row {number}: Day").select_option("0")
    page.get_by_label(f"Row {number}: Start").fill(start)
    page.get_by_label(f"Row {number}: End", exact=True).fill(end)


def test_my_week_refuses_a_silent_overnight_block(page, live_app, screenshot):
    _make_people(live_app)
    _sign_in(page, "nora@example.test")
    page.goto("/manual/pattern")
    _fill_row(page, 1, "17:00", "09:00")
    page.get_by_role("button", name="Save my week").click()
    expect(page.get_by_text("Your week is saved.")).to_have_count(0)
    expect(page.get_by_text(RULE_MESSAGE)).to_be_visible()
    expect(page.locator("#hours-rule")).to_contain_text("tick “Ends next day”")
    expect(page.get_by_label("Row 1: End", exact=True)).to_have_value("09:00")  # kept
    expect(page.get_by_label("Row 1: End", exact=True)).to_have_attribute("aria-invalid", "true")
    screenshot(page, "my week refuses 17:00 to 09:00")

    page.get_by_label("Row 1: Ends next day").check()
    page.get_by_role("button", name="Save my week").click()
    expect(page.get_by_text("Your week is saved.")).to_be_visible()
    row = page.locator("tr[data-block-row]").first
    expect(row.get_by_label("Row 1: Start")).to_have_value("17:00")
    expect(row.get_by_label("Row 1: Ends next day")).to_be_checked()
    screenshot(page, "my week saved an overnight block said so")

    # Ticked for hours that end the same day: refused too, with its own message.
    _fill_row(page, 2, "09:00", "12:00")
    page.get_by_label("Row 2: Kind").select_option("focus")
    page.get_by_label("Row 2: Ends next day").check()
    page.get_by_role("button", name="Save my week").click()
    expect(page.get_by_text("“Ends next day” is ticked, but it ends the same day")).to_be_visible()


def test_the_wizard_applies_the_same_rule(page, live_app, screenshot):
    _make_people(live_app)
    _sign_in(page, HIRE)
    page.goto("/onboarding/wizard/hours")
    page.get_by_label("Start", exact=True).fill("17:00")
    page.get_by_label("End", exact=True).fill("09:00")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Ends before it starts; tick “Ends next day”")).to_be_visible()
    screenshot(page, "wizard refuses 17:00 to 09:00")
    page.get_by_label("Ends next day").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Energy and focus")).to_be_visible()
    page.goto("/manual/pattern")
    expect(page.get_by_label("Row 1: Start")).to_have_value("17:00")
    expect(page.get_by_label("Row 1: Ends next day")).to_be_checked()
    screenshot(page, "the wizard's overnight hours in my week")
