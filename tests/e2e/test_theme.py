"""The theme in real Chromium: light and dark mode, the profile's layout, name links.

The demo workspace (the same seed as test_accessibility.py) is served once for the
module. The system colour scheme is Playwright's `color_scheme` option, so dark mode is
what a person with a dark system setting gets (the theme follows prefers-color-scheme,
with no switch of its own).

- Every main page passes `check_step` (no sideways scroll at 390 and 1,280 px, axe at
  zero serious or critical findings, colour contrast included) in light mode and in
  dark mode, and the page really is light or dark.
- The profile is two columns at 1,280 px (facts in an aside beside the manual) and one
  column at 390 px; its README screenshot (docs/screenshots/profile.png) is taken here.
- Team members' names link to their profiles on the team page and the meeting page;
  a deactivated person's name is plain text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Member
from app.services import accounts
from tests.e2e.journey_checks import check_step
from tests.e2e.test_accessibility import ADMIN_EMAIL, HIRE_EMAIL, _sign_in, workspace

pytestmark = pytest.mark.e2e

__all__ = ["workspace"]  # the demo workspace fixture, served once for this module

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCHEMES = ("light", "dark")
# (who, path template) for the main pages, as test_accessibility names them.
MAIN_PAGES = {
    "home": "/",
    "directory": "/people",
    "profile": "/people/{jonas}",
    "manual editor": "/manual",
    "pattern editor": "/manual/pattern",
    "team page": "/teams/{team}",
    "find a time (results)": "/find?{find_query}",
    "meeting page": "/meetings/{meeting}",
    "my meetings": "/meetings",
    "calendar feeds": "/calendar",
    "admin members": "/admin/members",
    "admin invites": "/admin/invites",
    "meet your team": "hire:/onboarding/team",
    "sign in": "anon:/login",
}
# The page's background colour as relative luminance (0 black .. 1 white).
BACKGROUND_LUMINANCE = """() => {
  const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor
    .match(/[\\d.]+/g).slice(0, 3).map(v => Number(v) / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""
BOX = "el => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }"


@pytest.fixture(scope="module")
def schemed(browser, workspace):
    """`schemed(scheme, email)`: a signed-in (or anonymous) context in that colour
    scheme, made once per pair for the module."""
    made = {}

    def get(scheme: str, email: str | None):
        if (scheme, email) not in made:
            context = browser.new_context(
                base_url=workspace.server.url,
                timezone_id="Europe/London",
                color_scheme=scheme,
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(15_000)
            if email:
                _sign_in(context.new_page(), email)
            made[(scheme, email)] = context
        return made[(scheme, email)]

    yield get
    for context in made.values():
        context.close()


def _open(schemed, workspace, scheme: str, name: str):
    who, _, template = MAIN_PAGES[name].rpartition(":")
    email = {"anon": None, "hire": HIRE_EMAIL, "": ADMIN_EMAIL}[who]
    tab = schemed(scheme, email).new_page()
    response = tab.goto(template.format(**workspace.values))
    assert response is not None and response.status == 200, (name, response.status)
    return tab


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_pass_axe_and_fit_in_light_and_dark_mode(
    schemed, workspace, screenshot, scheme, name
):
    tab = _open(schemed, workspace, scheme, name)
    luminance = tab.evaluate(BACKGROUND_LUMINANCE)
    if scheme == "dark":
        assert luminance < 0.05, f"{name}: the page is not dark in dark mode ({luminance:.2f})"
    else:
        assert luminance > 0.9, f"{name}: the page is not light in light mode ({luminance:.2f})"
    check_step(tab, screenshot, f"{name}-{scheme}")
    tab.close()


def test_design_tokens_switch_with_the_system_scheme(schemed, workspace):
    """Our own colours have dark variants: the same token differs between the modes."""
    read = "() => getComputedStyle(document.documentElement).getPropertyValue('{}').trim()"
    values = {}
    for scheme in SCHEMES:
        tab = _open(schemed, workspace, scheme, "sign in")
        values[scheme] = {
            token: tab.evaluate(read.format(token))
            for token in ("--ts-bg", "--ts-muted", "--ts-accent-text", "--ts-success-bg")
        }
        tab.close()
    for token, light in values["light"].items():
        assert light, f"{token} is not defined"
        assert values["dark"][token] != light, f"{token} has no dark variant"


def test_headings_stay_modest_and_buttons_fit_their_label(schemed, workspace):
    """The type scale: a page heading under 2.1x the body text; a submit button is as
    wide as its label needs, not the whole form."""
    tab = _open(schemed, workspace, "light", "sign in")
    body = tab.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    h1 = tab.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert h1 <= 2.1 * body, (h1, body)
    button = tab.get_by_role("button", name="Sign in")
    form_width = button.evaluate("el => el.form.getBoundingClientRect().width")
    assert button.bounding_box()["width"] < form_width / 2
    tab.close()


def test_profile_is_two_columns_on_a_laptop_and_one_on_a_phone(schemed, workspace, screenshot):
    tab = _open(schemed, workspace, "light", "profile")
    facts = tab.get_by_role("complementary", name="About Jonas Becker")
    manual = tab.locator(".profile-main")
    expect(facts).to_contain_text("Europe/Berlin")
    expect(facts).to_contain_text("Platform")
    expect(facts).to_contain_text("Working hours")
    expect(facts.locator(".profile-now .badge")).to_be_visible()

    # 1,280 px: the aside beside the manual, their tops level.
    aside_box, main_box = facts.evaluate(BOX), manual.evaluate(BOX)
    assert aside_box[2] <= main_box[0], (aside_box, main_box)
    assert abs(aside_box[1] - main_box[1]) < 2, (aside_box, main_box)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / "profile.png"), animations="disabled")

    # 390 px: one column, the facts above the manual at the same width.
    tab.set_viewport_size({"width": 390, "height": 900})
    aside_box, main_box = facts.evaluate(BOX), manual.evaluate(BOX)
    assert aside_box[3] <= main_box[1], (aside_box, main_box)
    assert abs((aside_box[2] - aside_box[0]) - (main_box[2] - main_box[0])) < 2
    tab.set_viewport_size({"width": 1280, "height": 900})
    check_step(tab, screenshot, "profile")
    tab.close()


def _profile_links(tab, scope) -> dict[str, str]:
    """Name -> profile path of every name link in `scope`."""
    links = tab.locator(f"{scope} a.person-link")
    return {
        links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())
    }


def test_team_page_names_link_to_profiles(schemed, workspace):
    tab = _open(schemed, workspace, "light", "team page")
    rows = tab.locator("table.team-members tbody th[scope=row]")
    assert rows.count() >= 2
    for i in range(rows.count()):
        href = rows.nth(i).locator("a.person-link").get_attribute("href")
        assert href and href.startswith("/people/"), rows.nth(i).inner_html()
    tab.get_by_role("link", name="Jonas Becker").click()
    expect(tab.get_by_role("heading", level=1, name="Jonas Becker")).to_be_visible()
    tab.close()


def test_meeting_page_names_link_to_profiles(schemed, workspace):
    tab = _open(schemed, workspace, "light", "meeting page")
    people = _profile_links(tab, ".people-list")
    organiser = _profile_links(tab, ".meeting-facts")
    attendees = tab.locator(".people-list > li")
    assert people and len(people) == attendees.count(), people
    assert len(organiser) == 1, organiser
    assert all(href.startswith("/people/") for href in {**people, **organiser}.values())
    name, href = next(iter(people.items()))
    tab.get_by_role("link", name=name, exact=True).first.click()
    tab.wait_for_url(f"**{href}")
    expect(tab.get_by_role("heading", level=1)).to_contain_text(name)
    tab.close()


def test_a_deactivated_persons_name_is_plain_text(schemed, workspace):
    app = workspace.server.app
    with app.app_context():
        admin = db.session.scalar(select(Member.id).where(Member.email == ADMIN_EMAIL))
        liam = db.session.scalar(select(Member).where(Member.email.startswith("liam@")))
        liam_id, liam_name = liam.id, liam.display_name
        accounts.set_active(admin, liam_id, False)
        db.session.remove()
    try:
        tab = _open(schemed, workspace, "light", "admin members")
        row = tab.locator("tr", has_text=liam_name).first
        expect(row).to_be_visible()
        expect(row.locator("a.person-link")).to_have_count(0)
        # An active member on the same page is a link.
        expect(tab.locator("a.person-link", has_text="Jonas Becker")).to_have_count(1)
        tab.close()
    finally:
        with app.app_context():
            accounts.set_active(admin, liam_id, True)
            db.session.remove()
