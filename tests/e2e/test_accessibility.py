"""Every main page, checked by axe-core and by a keyboard, in real Chromium.

A demo workspace (the seed behind `teamshape demo`: twelve people, teams, manuals,
weekly patterns, meetings) is served once for the module. For each page:

- axe-core (vendored in `tests/e2e/vendor/axe-core`, see its README) runs on the loaded
  page: no violation of impact "serious" or "critical" is allowed; the others are
  printed. axe is injected as a script tag, which the app's Content-Security-Policy
  rightly forbids, so only the axe run uses a context with `bypass_csp=True`;
- the keyboard: starting from the top of the page, Tab alone must reach every visible,
  enabled control (links, buttons, fields, summaries, anything with tabindex >= 0; a
  radio group counts once, as browsers tab into a group only once). This runs with the
  CSP in force and JavaScript on, as a visitor has it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app import demo
from app.extensions import db
from app.models import Meeting, MeetingAttendee, Member, Team
from app.services import invites, scheduling
from tests.conftest import USING_POSTGRES, _clear_rows, make_app
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
ADMIN_EMAIL = "amara@demo.teamshape.test"
HIRE_EMAIL = "zoe@demo.teamshape.test"

# name -> path template, filled from the seeded workspace's ids. "anon" pages are
# visited signed out, "hire" pages as Zoe, the demo's new hire part-way through
# onboarding; all others as Amara, the demo admin (who is also a member).
PAGES = {
    "login": "anon:/login",
    "invite (onboarding)": "anon:/invite/{invite_token}",
    "home": "/",
    "directory": "/people",
    "directory search": "/people?q=Jonas",
    "profile": "/people/{jonas}",
    "manual editor": "/manual",
    "manual revisions": "/manual/revisions",
    "pattern editor": "/manual/pattern",
    "teams": "/teams",
    "team page": "/teams/{team}",
    "find a time (results)": "/find?{find_query}",
    "book a meeting": "{book_path}",
    "meeting page": "/meetings/{meeting}",
    "my meetings": "/meetings",
    "account settings": "/account",
    "api tokens": "/account/tokens",
    "delete my account": "/account/delete",
    "api docs": "/api/v1/docs",
    "calendar feeds": "/calendar",
    "live calendars": "/calendar/live",
    "admin members": "/admin/members",
    "admin teams": "/admin/teams",
    "admin team detail": "/admin/teams/{team}",
    "admin invites": "/admin/invites",
    "admin onboarding": "/admin/onboarding",
    "onboarding overview": "hire:/onboarding",
    "wizard: working hours": "hire:/onboarding/wizard/hours",
    "wizard: energy and focus": "hire:/onboarding/wizard/energy",
    "wizard: communication": "hire:/onboarding/wizard/communication",
    "wizard: story": "hire:/onboarding/wizard/story",
    "meet your team": "hire:/onboarding/team",
    "intro 1:1s": "hire:/onboarding/intros",
    "intro plan": "hire:/onboarding/intros/plan",
}


@dataclass
class Workspace:
    server: LiveServer
    values: dict[str, str]

    def path(self, name: str) -> tuple[str | None, str]:
        """Who visits the page (None: nobody signed in) and its path."""
        who, _, template = PAGES[name].rpartition(":")
        email = {"anon": None, "hire": HIRE_EMAIL, "": ADMIN_EMAIL}[who]
        return email, template.format(**self.values)


def _find_query(jonas: int, zone: str) -> str:
    today = datetime.now(ZoneInfo(zone)).date()
    return urlencode(
        {
            "required_people": jonas,
            "duration": 30,
            "window_start": (today + timedelta(days=1)).isoformat(),
            "window_end": (today + timedelta(days=7)).isoformat(),
            "meeting_type": "status",
            "notice": 240,
        }
    )


def _book_path(admin_id: int, jonas: int, zone: str, now: datetime) -> str:
    today = now.astimezone(ZoneInfo(zone)).date()
    query = scheduling.FindQuery(
        organiser_id=admin_id,
        required_people=(jonas,),
        window=scheduling.local_window(today + timedelta(days=1), today + timedelta(days=7), zone),
    )
    first = scheduling.find_slots(query, now).result.suggestions[0]
    start = first.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = {"start": start, "duration": 30, "meeting_type": "status"}
    return "/meetings/new?" + urlencode({**fields, "required": [admin_id, jonas]}, doseq=True)


def _seed_values(now: datetime) -> dict[str, str]:
    demo.seed(now)
    ids = {p.email.split("@")[0]: p for p in demo.PEOPLE}
    member_id = {
        short: db.session.scalar(select(Member.id).where(Member.email == p.email))
        for short, p in ids.items()
    }
    admin_id, jonas = member_id["amara"], member_id["jonas"]
    zone = ids["amara"].zone
    team = db.session.scalars(select(Team).order_by(Team.id)).first()
    meeting = db.session.scalar(
        select(Meeting.id)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(MeetingAttendee.member_id == admin_id)
        .order_by(Meeting.id)
    )
    assert meeting is not None, "the demo seed booked no meeting for its admin"
    issued = invites.create_invite(
        admin_id,
        email="new.hire@demo.teamshape.test",
        display_name="Nell Newhire",
        team_ids=[team.id],
        start_date=None,
        now=now,
        valid_days=14,
    )
    return {
        "jonas": str(jonas),
        "team": str(team.id),
        "meeting": str(meeting),
        "invite_token": issued.token,
        "find_query": _find_query(jonas, zone),
        "book_path": _book_path(admin_id, jonas, zone, now),
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from tests.conftest import CSRFConfig

    database = tmp_path_factory.mktemp("a11y") / "a11y.sqlite"

    class A11yConfig(CSRFConfig):
        SQLALCHEMY_DATABASE_URI = (
            os.environ["TEST_DATABASE_URL"] if USING_POSTGRES else f"sqlite:///{database}"
        )

    app = make_app(A11yConfig)
    with app.app_context():
        values = _seed_values(datetime.now(UTC))
        db.session.remove()
    server = LiveServer(app)
    server.start()
    yield Workspace(server, values)
    server.stop()
    with app.app_context():
        db.session.remove()
        if USING_POSTGRES:
            _clear_rows()
        db.engine.dispose()


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _context(browser, workspace, *, email: str | None, bypass_csp: bool):
    context = browser.new_context(
        base_url=workspace.server.url, timezone_id="Europe/London", bypass_csp=bypass_csp
    )
    context.set_default_timeout(15_000)
    if email:
        _sign_in(context.new_page(), email)
    return context


@pytest.fixture(scope="module")
def contexts(browser, workspace):
    """(axe, keyboard) x (signed in, anonymous) browser contexts, made once."""
    made = {
        (kind, email): _context(browser, workspace, email=email, bypass_csp=kind == "axe")
        for kind in ("axe", "keyboard")
        for email in (ADMIN_EMAIL, HIRE_EMAIL, None)
    }
    yield made
    for context in made.values():
        context.close()


def _open(contexts, workspace, kind: str, name: str):
    email, path = workspace.path(name)
    page = contexts[(kind, email)].new_page()
    response = page.goto(path)
    assert response is not None and response.status == 200, (name, path, response.status)
    if name in MUST_SHOW:
        assert page.locator(MUST_SHOW[name]).count(), f"{name}: {MUST_SHOW[name]} missing"
    return page


# Content each page must show, so a check never passes on an empty or wrong page.
MUST_SHOW = {
    "find a time (results)": 'a[href*="/meetings/new"]',
    "invite (onboarding)": 'input[name="password"]',
    "team page": "table",
    "pattern editor": "form",
    "wizard: working hours": "form",
    "meet your team": "article",
    "intro plan": "form",
}


def _describe(violation: dict) -> str:
    targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
    return f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}"


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(contexts, workspace, name):
    page = _open(contexts, workspace, "axe", name)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    page.close()
    violations = results["violations"]
    for violation in violations:
        print(f"[axe] {name}: {_describe(violation)}")
    if not violations:
        print(f"[axe] {name}: no violations")
    blocking = [_describe(v) for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name}: {blocking}"


def test_the_axe_harness_reports_a_known_violation(contexts):
    """A control: an unlabeled field and an image without alt text must be reported."""
    page = contexts[("axe", None)].new_page()
    page.set_content('<main><img src="x.png"><input type="text"></main>')
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    page.close()
    found = {v["id"] for v in results["violations"]}
    assert {"image-alt", "label"} <= found
    assert len(results["passes"]) > 0


MARK_CONTROLS = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, '
    + 'iframe, [tabindex], [contenteditable="true"], [role="button"], [role="link"], '
    + '[role="checkbox"], [role="switch"], [role="tab"], [role="menuitem"], [role="slider"]';
  const keys = new Set();
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('[inert], fieldset[disabled]')) continue;
    if (el.tagName === 'INPUT' && el.type === 'hidden') continue;
    if (el.hasAttribute('tabindex') && el.tabIndex < 0) continue;
    if (!el.checkVisibility({visibilityProperty: true}) || !el.getClientRects().length) continue;
    const radioGroup = el.tagName === 'INPUT' && el.type === 'radio' && el.name;
    const key = radioGroup ? `radio:${el.form ? el.form.id || '' : ''}:${el.name}` : `c${n++}`;
    el.dataset.kbdKey = key;
    keys.add(key);
  }
  return [...keys];
}"""
DESCRIBE_MISSING = """(keys) => keys.map(key => {
  const el = document.querySelector(`[data-kbd-key="${key}"]`);
  return `${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 120)}`;
})"""


def _tab_through(page) -> tuple[set[str], set[str]]:
    """Mark the page's controls, press Tab until all were focused (or give up)."""
    controls = set(page.evaluate(MARK_CONTROLS))
    reached: set[str] = set()
    for _ in range(2 * len(controls) + 20):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement && document.activeElement.dataset.kbdKey")
        if key:
            reached.add(key)
        if reached >= controls:
            break
    return controls, reached


def test_the_keyboard_harness_reports_an_unreachable_control(contexts):
    """A control: a div acting as a button without tabindex must be reported."""
    page = contexts[("keyboard", None)].new_page()
    page.set_content('<a href="#a">a</a><div role="button">fake</div><button>real</button>')
    controls, reached = _tab_through(page)
    page.close()
    assert len(controls) == 3 and len(reached) == 2


@pytest.mark.parametrize("name", list(PAGES))
def test_tab_reaches_every_control(contexts, workspace, name):
    page = _open(contexts, workspace, "keyboard", name)
    controls, reached = _tab_through(page)
    missing = sorted(controls - reached)
    described = page.evaluate(DESCRIBE_MISSING, missing) if missing else []
    page.close()
    print(f"[keyboard] {name}: {len(reached & controls)} of {len(controls)} controls reached")
    assert not missing, f"{name}: Tab never reached {described}"
