"""The member headline: edited in settings (validated, refused with text kept), shown
on cards and profiles, and carried by the API's member card."""

from __future__ import annotations

import pytest

from app.domain.accounts import HEADLINE_ONE_LINE, HEADLINE_TOO_LONG, check_headline
from app.domain.errors import DomainError
from app.extensions import db
from app.models import Member
from app.services import accounts
from tests.api_helpers import bearer, make_token


def settings_post(client, headline: str):
    return client.post(
        "/account",
        data={
            "profile-display_name": "Mo Member",
            "profile-pronouns": "",
            "profile-headline": headline,
            "profile-time_zone": "Europe/Berlin",
            "profile-submit": "Save settings",
        },
    )


def test_settings_offer_the_headline_with_a_label_and_hint(member_client):
    html = member_client.get("/account").get_data(as_text=True)
    assert '<label for="profile-headline"' in html
    assert "Backend engineer, payments" in html  # the example in the hint


def test_a_headline_is_saved_trimmed_and_shown_in_the_directory(member_client, member):
    response = settings_post(member_client, "  Backend engineer,   payments ")
    assert response.status_code == 302
    assert db.session.get(Member, member.id).headline == "Backend engineer,   payments"
    page = member_client.get("/people").get_data(as_text=True)
    assert "Backend engineer,   payments" in page
    profile = member_client.get(f"/people/{member.id}").get_data(as_text=True)
    assert 'class="profile-headline">Backend engineer,   payments<' in profile


def test_a_too_long_headline_is_refused_with_a_clear_message_and_kept(member_client, member):
    typed = "Engineer " * 10  # 90 characters
    response = settings_post(member_client, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert HEADLINE_TOO_LONG in html
    assert typed.strip() in html
    assert db.session.get(Member, member.id).headline == ""


def test_an_empty_headline_clears_it(member_client, member):
    settings_post(member_client, "Designer")
    assert settings_post(member_client, "").status_code == 302
    assert db.session.get(Member, member.id).headline == ""


@pytest.mark.parametrize("text", ["two\nlines", "tab\there", "bell\x07"])
def test_the_rule_wants_one_printable_line(text):
    with pytest.raises(DomainError) as refused:
        check_headline(text)
    assert (refused.value.field, refused.value.reason) == ("headline", HEADLINE_ONE_LINE)


def test_the_rule_counts_characters_and_trims():
    assert check_headline("  Data analyst, growth ") == "Data analyst, growth"
    assert check_headline("é" * 80) == "é" * 80
    with pytest.raises(DomainError):
        check_headline("x" * 81)


def test_the_api_member_card_carries_the_headline(client, member, make_member):
    other = make_member("Hana Sato")
    accounts.update_profile(
        other.id, display_name="Hana Sato", pronouns="", time_zone="UTC", headline="Designer"
    )
    body = client.get("/api/v1/members", headers=bearer(make_token(member.id))).get_json()
    cards = {card["display_name"]: card for card in body["items"]}
    assert cards["Hana Sato"]["headline"] == "Designer"
    assert cards["Mo Member"]["headline"] == ""
