"""The editors' live previews (POST /manual/preview, /manual/pattern/preview) and the
week editor's copy buttons without JavaScript, through the test client.

A preview renders only what its author just sent, with the server's own sanitised
Markdown or chart; it stores nothing, is never cached, needs the page's CSRF token, and
refuses a request another site made. The copy buttons re-render the form with the rows
copied and save nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Manual, PatternBlock
from app.services.patterns import load_pattern
from tests.conftest import PASSWORD
from tests.functional.test_pattern_editor import row, week_form

FIXED_NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TYPED = "Typed & kept <7Q>"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: FIXED_NOW)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- The manual's preview -------------------------------------------------------------


def test_the_manual_preview_renders_markdown_sanitised_and_stores_nothing(member_client):
    text = "I build **calm** tools.\n\n<script>alert(1)</script>[x](javascript:alert(2))"
    response = member_client.post("/manual/preview", data={"section": "story", "text": text})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_json()["html"]
    assert "<strong>calm</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert _count(Manual) == 0


def test_the_manual_preview_refuses_text_over_the_section_limit(member_client):
    response = member_client.post(
        "/manual/preview", data={"section": "work_best", "text": "x" * 4_001}
    )
    assert response.status_code == 422
    assert response.get_json() == {"error": "No preview: the text is over 4,000 characters."}
    fits = member_client.post("/manual/preview", data={"section": "story", "text": "x" * 10_000})
    assert fits.status_code == 200


def test_the_manual_preview_refuses_an_unknown_section(member_client):
    response = member_client.post("/manual/preview", data={"section": "secrets", "text": "hi"})
    assert response.status_code == 422
    assert "Choose one of the options offered." in response.get_json()["error"]


def test_previews_refuse_requests_made_by_another_site(member_client):
    for url, data in (
        ("/manual/preview", {"section": "story", "text": "private words"}),
        ("/manual/pattern/preview", week_form()),
    ):
        response = member_client.post(url, data=data, headers={"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403
        assert b"private words" not in response.data


def test_previews_need_a_signed_in_author(client, member):
    for url in ("/manual/preview", "/manual/pattern/preview"):
        response = client.post(url, data={"section": "story", "text": "hi"})
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def _csrf_client(csrf_app, email: str):
    from app.services import accounts

    accounts.create_member(
        email=email, display_name="Cy", password=PASSWORD, time_zone="UTC", min_length=10
    )
    client = csrf_app.test_client()
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    return client


def test_previews_need_the_page_s_csrf_token(csrf_app):
    client = _csrf_client(csrf_app, "cy@example.test")
    page = client.get("/manual").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    sent = {"section": "story", "text": "**hi**"}
    assert client.post("/manual/preview", data=sent).status_code == 400
    forged = client.post("/manual/preview", data=sent, headers={"X-CSRFToken": "forged"})
    assert forged.status_code == 400
    good = client.post("/manual/preview", data=sent, headers={"X-CSRFToken": token})
    assert good.status_code == 200 and "<strong>hi</strong>" in good.get_json()["html"]
    week = client.post("/manual/pattern/preview", data=week_form(zone="UTC"))
    assert week.status_code == 400


def test_the_edit_page_points_the_editor_at_its_preview_and_a_per_member_draft(
    member_client, member
):
    page = member_client.get("/manual").text
    assert 'data-preview-url="/manual/preview"' in page
    assert f'data-draft-key="teamshape:draft:{member.id}:manual"' in page
    assert 'Who may see<span class="visually-hidden"> “My story”</span>' in page


# --- The week's preview -----------------------------------------------------------------


def test_the_week_preview_draws_the_typed_week_and_saves_nothing(member_client, member):
    data = week_form(
        row(0, "working", "weekdays", "09:00", "17:00"),
        row(1, "routine", "0", "15:00", "16:00", label="School run", private="y"),
    )
    response = member_client.post("/manual/pattern/preview", data=data)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_json()["html"]
    assert "Mon–Fri 09:00–17:00" in html
    assert "School run" in html  # the author's own private routine, to the author
    assert _count(PatternBlock) == 0
    assert load_pattern(member.id).blocks == ()


def test_the_week_preview_applies_the_one_rule_for_hours(member_client):
    data = week_form(row(0, "working", "0", "17:00", "09:00"))
    response = member_client.post("/manual/pattern/preview", data=data)
    assert response.status_code == 422
    assert "Ends next day" in response.get_json()["error"]
    overnight = week_form(row(0, "working", "0", "22:00", "06:00", next_day="y"))
    assert member_client.post("/manual/pattern/preview", data=overnight).status_code == 200


def test_the_week_preview_waits_for_well_formed_rows(member_client):
    data = week_form(row(0, "working", "0", "9am", "17:00"))
    response = member_client.post("/manual/pattern/preview", data=data)
    assert response.status_code == 422
    assert response.get_json()["error"] == "The preview waits until every row is filled in."


# --- Copying a day without JavaScript -----------------------------------------------


def _copy(client, button: str, *rows, source: str = "0", zone: str = "Europe/Berlin"):
    data = week_form(*rows, zone=zone)
    del data["save"]
    data.update({"copy_from": source, button: "pressed"})
    return client.post("/manual/pattern", data=data)


def test_same_hours_monday_to_friday_fills_the_rows_and_saves_nothing(member_client, member):
    response = _copy(
        member_client,
        "copy_weekdays",
        row(0, "working", "0", "09:00", "17:00"),
        row(1, "working", "5", "10:00", "12:00"),
    )
    assert response.status_code == 200
    page = response.text
    assert "Monday’s rows are copied to Monday to Friday." in page
    for index, day in enumerate(["0", "1", "2", "3", "4"]):
        assert f'name="blocks-{index}-weekday"' in page
        assert f'<option selected value="{day}">' in page.split(f'id="blocks-{index}-weekday"')[1]
    assert 'id="blocks-5-start" inputmode="numeric" maxlength="5" name="blocks-5-start"' in page
    assert _count(PatternBlock) == 0


def test_copy_to_all_days_keeps_typed_text_even_when_not_yet_valid(member_client):
    response = _copy(
        member_client,
        "copy_all",
        row(0, "routine", "2", "9", "10:00", label=TYPED),
        source="2",
        zone="Mars/Typed-kept",
    )
    assert response.status_code == 200
    page = response.text
    assert page.count("Typed &amp; kept &lt;7Q&gt;") == 7
    assert 'value="Mars/Typed-kept"' in page
    assert "Wednesday’s rows are copied to every day." in page
    assert _count(PatternBlock) == 0


def test_copying_past_the_editor_s_row_limit_is_refused_with_rows_kept(member_client):
    rows = [row(i, "focus", "0", f"{i % 24:02d}:00", f"{i % 24:02d}:30") for i in range(29)]
    response = _copy(member_client, "copy_all", *rows, zone="Mars/Typed-kept")
    assert response.status_code == 422
    assert "The editor holds at most 200 rows." in response.text
    assert 'value="Mars/Typed-kept"' in response.text
