"""The directory's region filter lists only regions somebody is in.

It used to list every zone prefix in the IANA database (Antarctica, Arctic, Etc, US…),
so most choices found nobody. Now it lists the regions of members' own zones.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

PEOPLE = (
    ("rhea@example.test", "Rhea Berlin", "Europe/Berlin"),
    ("carl@example.test", "Carl Chicago", "America/Chicago"),
    ("bo@example.test", "Bo Buenos", "America/Argentina/Buenos_Aires"),
    ("uma@example.test", "Uma Utc", "UTC"),
)


def test_the_region_filter_offers_only_regions_of_members(page, live_app, screenshot):
    with live_app.app_context():
        for email, name, zone in PEOPLE:
            accounts.create_member(
                email=email, display_name=name, password=PASSWORD, time_zone=zone, min_length=10
            )
    page.goto("/login")
    page.get_by_label("Email").fill("rhea@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/people")
    region = page.get_by_label("Region", exact=True)
    options = region.locator("option").all_inner_texts()
    screenshot(page, "directory with the region filter")
    assert options == ["Any region", "America", "Europe"]

    region.select_option("America")
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_role("heading", name="Carl Chicago")).to_be_visible()
    expect(page.get_by_role("heading", name="Bo Buenos")).to_be_visible()
    expect(page.get_by_role("heading", name="Rhea Berlin")).to_have_count(0)
    screenshot(page, "filtered to America")
