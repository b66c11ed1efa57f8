"""My week in a real browser: paint Monday, "Same hours Monday–Friday", peak energy
marked in words on the grid, a routine painted by name, "Copy to all days", the preview
chart following each change, then save and reload. Without JavaScript the copy buttons
post the form and the copied rows save the same way.

Every step is checked at 390 and 1,280 px with axe (tests/e2e/journey_checks.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD
from tests.e2e.journey_checks import check_step

pytestmark = pytest.mark.e2e

EMAIL = "wes@example.test"


@pytest.fixture
def person(live_app):
    with live_app.app_context():
        return accounts.create_member(
            email=EMAIL,
            display_name="Wes Weekly",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        ).id


def _sign_in(tab) -> None:
    tab.goto("/login")
    tab.get_by_label("Email").fill(EMAIL)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()


def cell(tab, day: int, slot: int):
    return tab.locator(f'.grid-cell[data-day="{day}"][data-slot="{slot}"]')


def drag(tab, start, end) -> None:
    start.scroll_into_view_if_needed()
    box = start.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.down()
    target = end.bounding_box()
    tab.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=6)
    tab.mouse.up()


def rows_of(tab, kind: str) -> list[tuple[str, str, str, str]]:
    """(day, start, end, name) of every row of `kind`, read from the form."""
    return tab.evaluate(
        """(kind) => [...document.querySelectorAll('tr[data-block-row]')]
          .filter((r) => r.querySelector('[name$="-kind"]').value === kind)
          .map((r) => ['weekday', 'start', 'end', 'label']
            .map((n) => r.querySelector(`[name$="-${n}"]`).value))""",
        kind,
    )


def test_my_week_copy_paint_preview_save_and_reload(page, person, screenshot):
    _sign_in(page)
    page.get_by_role("link", name="My week").click()
    caption = page.locator(".week-chart figcaption")
    expect(caption).to_contain_text("No working hours this week.")
    check_step(page, screenshot, "empty week")

    # Monday 09:00-17:00 painted, then the same hours Monday to Friday.
    page.get_by_role("radio", name="Working hours").check()
    drag(page, cell(page, 0, 18), cell(page, 0, 33))
    assert rows_of(page, "working") == [["0", "09:00", "17:00", ""]]
    expect(caption).to_contain_text("Mon 09:00–17:00")  # the preview follows the paint
    page.get_by_role("button", name="Same hours Monday–Friday").click()
    assert [r[0] for r in rows_of(page, "working")] == ["0", "1", "2", "3", "4"]
    expect(cell(page, 4, 20)).to_have_class(re.compile("is-working"))
    notice = page.get_by_role("status").filter(has_text="copied to Monday to Friday")
    expect(notice).to_be_visible()
    expect(caption).to_contain_text("Mon–Fri 09:00–17:00")
    check_step(page, screenshot, "same hours Monday to Friday")

    # Peak energy is marked with a word and a pattern, not colour alone.
    page.get_by_role("radio", name="Peak energy").check()
    drag(page, cell(page, 0, 18), cell(page, 0, 21))
    expect(cell(page, 0, 18).locator(".run-label")).to_have_text("Peak")
    expect(cell(page, 0, 20)).to_have_class(re.compile("is-peak"))

    # A routine is painted like hours, under the name typed in the palette.
    page.get_by_role("radio", name="Routine").check()
    page.get_by_label("Routine name").fill("School run")
    drag(page, cell(page, 0, 30), cell(page, 0, 31))
    assert rows_of(page, "routine") == [["0", "15:00", "16:00", "School run"]]
    expect(cell(page, 0, 30).locator(".run-label")).to_have_text("School run")
    expect(page.locator(".chart-table")).to_contain_text("School run")
    check_step(page, screenshot, "peak and a routine painted")

    # Monday, copied to every day: the weekend too.
    page.get_by_label("Copy the rows of").select_option("0")
    page.get_by_role("button", name="Copy to all days").click()
    assert len(rows_of(page, "routine")) == 7
    expect(cell(page, 6, 30)).to_have_class(re.compile("is-routine"))
    expect(caption).to_contain_text("Mon–Sun 09:00–17:00")
    expect(page.locator("[data-week-preview-note]")).to_contain_text("not saved yet")
    check_step(page, screenshot, "copied to all days")

    page.get_by_role("button", name="Save my week").click()
    expect(page.get_by_text("Your week is saved.")).to_be_visible()
    page.reload()
    expect(caption).to_contain_text("Mon–Sun 09:00–17:00")
    expect(cell(page, 6, 30)).to_have_class(re.compile("is-routine"))
    expect(cell(page, 3, 18).locator(".run-label")).to_have_text("Peak")
    assert len(rows_of(page, "routine")) == 7
    check_step(page, screenshot, "saved and reloaded")


def test_a_half_typed_row_keeps_the_last_preview(page, person, screenshot):
    _sign_in(page)
    page.goto("/manual/pattern")
    page.get_by_label("Row 1: Kind").select_option("working")
    page.get_by_label("Row 1: Start").fill("09:00")
    page.get_by_label("Row 1: End", exact=True).fill("08:00")
    page.get_by_label("Row 1: End", exact=True).press("Tab")
    note = page.locator("[data-week-preview-note]")
    expect(note).to_contain_text("The chart shows the last week that could be drawn.")
    expect(page.locator(".week-chart figcaption")).to_contain_text("No working hours")
    check_step(page, screenshot, "preview waits for a valid week")


def test_without_javascript_copy_to_all_days_fills_the_rows_then_saves(
    nojs_page, person, screenshot
):
    tab = nojs_page
    _sign_in(tab)
    tab.goto("/manual/pattern")
    tab.get_by_label("Row 1: Kind").select_option("working")
    tab.get_by_label("Row 1: Day").select_option("2")
    tab.get_by_label("Row 1: Start").fill("10:00")
    tab.get_by_label("Row 1: End", exact=True).fill("16:00")
    tab.get_by_label("Copy the rows of").select_option("2")
    tab.get_by_role("button", name="Copy to all days").click()
    expect(tab.get_by_text("Wednesday’s rows are copied to every day.")).to_be_visible()
    for row in range(1, 8):
        expect(tab.get_by_label(f"Row {row}: Day")).to_have_value(str(row - 1))
        expect(tab.get_by_label(f"Row {row}: Start")).to_have_value("10:00")
    screenshot(tab, "rows copied, not saved")
    tab.get_by_role("button", name="Same hours Monday–Friday").click()
    expect(tab.get_by_text("Wednesday’s rows are copied to Monday to Friday.")).to_be_visible()
    tab.get_by_role("button", name="Save my week").click()
    expect(tab.get_by_text("Your week is saved.")).to_be_visible()
    expect(tab.locator(".week-chart figcaption")).to_contain_text("Mon–Sun 10:00–16:00")
    screenshot(tab, "saved without javascript")
