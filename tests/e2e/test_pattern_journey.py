"""Weekly pattern journeys in a real browser: the plain form without JavaScript,
painting the week grid with a mouse, then the week chart and the team heatmap.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.services import accounts, teams
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(live_app):
    with live_app.app_context():
        admin = accounts.create_member(
            email="ada@example.test",
            display_name="Ada Admin",
            password=PASSWORD,
            time_zone="Europe/London",
            admin=True,
            min_length=10,
        )
        wren = accounts.create_member(
            email="wren@example.test",
            display_name="Wren Weekly",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        )
        team = teams.create_team(admin.id, name="Gardeners")
        teams.add_member(admin.id, team.id, wren.id, "Planner")
        teams.add_member(admin.id, team.id, admin.id, "Lead")
        return {"wren": wren.id, "team": team.id}


def sign_in(tab, email: str) -> None:
    tab.goto("/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()


def test_edit_the_week_without_javascript(nojs_page, people):
    tab = nojs_page
    sign_in(tab, "wren@example.test")
    tab.get_by_role("link", name="My week").click()
    expect(tab.get_by_role("heading", name="My week", exact=True)).to_be_visible()
    tab.get_by_label("Row 1: Kind").select_option("working")
    tab.get_by_label("Row 1: Day").select_option("weekdays")
    tab.get_by_label("Row 1: Start").fill("09:00")
    tab.get_by_label("Row 1: End", exact=True).fill("17:00")
    tab.get_by_label("Row 2: Kind").select_option("routine")
    tab.get_by_label("Row 2: Day").select_option("0")
    tab.get_by_label("Row 2: Start").fill("12:00")
    tab.get_by_label("Row 2: End", exact=True).fill("12:30")
    tab.get_by_label("Row 2: Name").fill("Choir practice")
    tab.get_by_label("Row 2: Private").check()
    tab.get_by_role("button", name="Save my week").click()
    expect(tab.get_by_text("Your week is saved.")).to_be_visible()
    expect(tab.locator(".week-chart figcaption")).to_contain_text("Mon–Fri 09:00–17:00")

    # A mistake is shown at its field and what was typed stays.
    tab.get_by_label("Row 4: Kind").select_option("working")
    tab.get_by_label("Row 4: Start").fill("10:10")
    tab.get_by_label("Row 4: End", exact=True).fill("11:00")
    tab.get_by_label("Row 4: Day").select_option("5")
    tab.get_by_role("button", name="Save my week").click()
    expect(tab.locator("#blocks-3-start-error")).to_contain_text("15-minute grid")
    expect(tab.get_by_label("Row 4: Start")).to_have_value("10:10")

    # The profile shows the chart; the team page the heatmap. Others never see the name.
    tab.goto(f"/people/{people['wren']}")
    expect(tab.locator("figure.week-chart")).to_be_visible()
    expect(tab.locator("figure.week-chart")).to_contain_text("Choir practice")
    sign_out_and_in(tab, "ada@example.test")
    tab.goto(f"/people/{people['wren']}")
    chart = tab.locator("figure.week-chart")
    expect(chart).to_contain_text("Mon–Fri 09:00–17:00 Europe/Berlin = 08:00–16:00 your time")
    expect(chart).not_to_contain_text("Choir practice")


def sign_out_and_in(tab, email: str) -> None:
    tab.get_by_role("button", name="Sign out").click()
    sign_in(tab, email)


def drag(tab, start, end) -> None:
    start.scroll_into_view_if_needed()
    box = start.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.down()
    target = end.bounding_box()
    tab.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=8)
    tab.mouse.up()


def cell(tab, day: int, slot: int):
    return tab.locator(f'.grid-cell[data-day="{day}"][data-slot="{slot}"]')


def test_paint_the_week_grid_then_see_chart_and_heatmap(page, people):
    sign_in(page, "wren@example.test")
    page.goto("/manual/pattern")
    expect(page.locator(".week-grid")).to_be_visible()
    page.get_by_role("radio", name="Working hours").check()
    # Tuesday to Thursday, 10:00 (slot 20) to 12:30 (slot 24 is 12:00-12:30).
    drag(page, cell(page, 1, 20), cell(page, 3, 24))
    expect(cell(page, 2, 22)).to_have_class(re.compile("is-working"))
    expect(page.get_by_label("Row 1: Kind")).to_have_value("working")
    expect(page.get_by_label("Row 1: Start")).to_have_value("10:00")
    expect(page.get_by_label("Row 1: End", exact=True)).to_have_value("12:30")
    page.get_by_role("radio", name="Peak energy").check()
    drag(page, cell(page, 1, 20), cell(page, 1, 21))
    # Painting over a painted cell erases: drop Thursday again.
    page.get_by_role("radio", name="Working hours").check()
    drag(page, cell(page, 3, 20), cell(page, 3, 24))
    expect(cell(page, 3, 22)).not_to_have_class(re.compile("is-working"))
    page.get_by_role("button", name="Save my week").click()
    expect(page.get_by_text("Your week is saved.")).to_be_visible()
    caption = page.locator(".week-chart figcaption")
    expect(caption).to_contain_text("Tue–Wed 10:00–12:30")
    page.get_by_text("The week as a table").click()
    expect(page.locator(".chart-table")).to_contain_text("peak 10:00–11:00")

    page.goto(f"/teams/{people['team']}")
    expect(page.get_by_role("heading", name="Gardeners")).to_be_visible()
    expect(page.locator("figure.heatmap svg")).to_be_visible()
    expect(page.locator(".core-hours")).to_contain_text("Tue–Wed 10:00–12:30 your time")
    page.get_by_text("The heatmap as a table").click()
    row = page.locator(".heatmap-table tr", has=page.locator("th", has_text="10:00"))
    expect(row.locator("td").nth(1)).to_have_text("1 working, 1 peak, 0 focus")
