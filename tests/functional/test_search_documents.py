"""Search follows the manual as it is now: every save rewrites the author's search
documents, so new words are found at once, removed words are gone, and a section made
"only me" stops matching for others while its author still finds it."""

from __future__ import annotations

import re

import pytest

from app.domain.manual import SECTION_KEYS, Preferences
from app.domain.search import search_documents
from app.extensions import db
from app.models import ManualSection, SearchDocument
from app.services import manuals
from tests.conftest import AuthActions
from tests.manual_helpers import write_manual


def names_on(page: str) -> list[str]:
    return re.findall(r'class="person-name"><a href="/people/\d+">([^<]+)</a>', page)


def found(client, words: str) -> list[str]:
    response = client.get("/people", query_string={"q": words})
    assert response.status_code == 200
    return names_on(response.get_data(as_text=True))


def manual_form(**sections: tuple[str, str]) -> dict[str, str]:
    """The manual editor's form with `sections` filled in (key=(body, visibility))."""
    data = {}
    for key in SECTION_KEYS:
        body, visibility = sections.get(key, ("", "teams"))
        data |= {f"{key}_body": body, f"{key}_visibility": visibility}
    preferences = ("response_time", "feedback_mode", "feedback_setting", "meeting_preference")
    return data | dict.fromkeys(("channel_1", "channel_2", "channel_3", *preferences), "")


def signed_in(app, person):
    client = app.test_client()
    client.person = person
    AuthActions(client).login(person.email)
    return client


@pytest.fixture
def author_client(app, make_member):
    """Olga, signed in; she writes her manual through the editor."""
    return signed_in(app, make_member("Olga Ortiz"))


def save(author_client, **sections: tuple[str, str]) -> None:
    response = author_client.post("/manual", data=manual_form(**sections))
    assert response.status_code == 302


def test_an_edited_manual_is_found_by_its_new_words_and_no_longer_by_removed_ones(
    author_client, member_client
):
    save(author_client, story=("Kayaking on quiet mornings", "workspace"))
    assert found(member_client, "kayaking") == ["Olga Ortiz"]
    save(author_client, story=("Gardening on quiet mornings", "workspace"))
    assert found(member_client, "kayaking") == []
    assert found(member_client, "GARDENING quiet") == ["Olga Ortiz"]


def test_a_section_made_only_me_stops_matching_for_others_but_not_for_its_author(
    author_client, member_client
):
    save(author_client, energy=("Kayaking at dawn", "workspace"))
    assert found(member_client, "dawn") == ["Olga Ortiz"]
    save(author_client, energy=("Kayaking at dawn", "private"))
    assert found(member_client, "dawn") == []
    assert found(author_client, "dawn") == ["Olga Ortiz"]


def test_a_teams_section_matches_for_teammates_only(
    app, author_client, member_client, make_member, make_team
):
    tam = make_member("Tam Teammate")
    make_team("Rivers", author_client.person, tam)
    save(author_client, energy=("Kayaking at dawn", "teams"))
    assert found(signed_in(app, tam), "kayaking") == ["Olga Ortiz"]
    assert found(member_client, "kayaking") == []


def test_search_is_case_insensitive_beyond_ascii(author_client, member_client):
    save(author_client, story=("Übermorgen: ΟΔΟΣ İstanbul", "workspace"))
    for words in ("übermorgen", "ÜBERMORGEN", "οδος", "ΟΔΟΣ", "İSTANBUL"):
        assert found(member_client, words) == ["Olga Ortiz"], words


def test_saving_rewrites_the_documents_from_the_sections(member, now):
    write_manual(
        member.id,
        now,
        Preferences(),
        story=("Quiet quiet QUIET mornings", "workspace"),
        energy=("Mornings, then walks", "workspace"),
        feedback=("Only me", "private"),
    )
    write_manual(member.id, now, Preferences(), story=("Walks", "teams"))
    rows = db.session.execute(
        db.select(SearchDocument.member_id, SearchDocument.visibility, SearchDocument.terms)
    ).all()
    sections = db.session.execute(
        db.select(ManualSection.member_id, ManualSection.visibility, ManualSection.body)
    )
    expected = search_documents(sections)
    assert {(m, v): t for m, v, t in rows} == expected == {(member.id, "teams"): "walks"}


def test_a_save_inside_a_larger_unit_of_work_is_searchable(member, member_client, now):
    # The onboarding wizard saves through `write_manual` in its own transaction.
    with manuals.unit_of_work_for_manual():
        full = {key: ("", "teams") for key in SECTION_KEYS} | {"story": ("Canoes", "workspace")}
        manuals.write_manual(member.id, sections=full, preferences=Preferences(), now=now)
    assert found(member_client, "canoes") == ["Mo Member"]
