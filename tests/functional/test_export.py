"""Export my data: the zip opens, data.json matches its checked-in schema, manual.md
holds every section with its visibility, and only the member themselves can get it."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
import pytest

from app.domain.manual import SECTIONS, VISIBILITY_LABELS
from app.services.export.schema_file import SCHEMA_PATH, schema_text
from tests.account_data_helpers import MARKER, rich_member, sections_with


@pytest.fixture
def rich(app, admin, make_member, make_team, now):
    other = make_member("Olu Other", zone="Europe/Berlin")
    from tests.account_data_helpers import give_hours

    give_hours(other.id)
    team = make_team("Zeta", other)
    return rich_member(admin, other, team, now)


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_checked_in_schema_is_the_registry_s(app):
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "run `python -m app.services.export.schema_file` after changing an export part"
    )


def test_export_zip_opens_and_data_json_is_schema_valid(client, auth, rich):
    auth.login(rich.email)
    archive = _zip(client.get("/account/export"))
    assert sorted(archive.namelist()) == ["README.txt", "data.json", "manual.md"]
    data = json.loads(archive.read("data.json"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["format"] == "teamshape-export" and data["version"] == 1
    assert data["profile"]["email"] == rich.email
    assert data["profile"]["headline"] == f"{MARKER}headline"
    assert {s["key"] for s in data["manual"]["sections"]} == {s.key for s in SECTIONS}
    assert data["manual_revisions"] and all("snapshot" in r for r in data["manual_revisions"])
    labels = {b["label"] for b in data["weekly_pattern"]["blocks"]}
    assert f"{MARKER}routine" in labels
    assert data["time_off"] == [{"first_day": "2026-12-24", "last_day": "2026-12-31"}]
    assert data["one_off_hours"][0]["day"] == "2026-12-04"
    titles = {m["title"]: m for m in data["meetings"]}
    assert titles[f"{MARKER} meeting"]["i_organise"] is True
    assert titles[f"{MARKER} meeting"]["location"] == f"https://video.example/{MARKER}-room"
    assert titles["Weekly sync"]["i_organise"] is False
    assert {a["name"] for a in titles["Weekly sync"]["attendees"]} == {"Olu Other", rich.name}
    assert data["calendar_imports"][0]["source"] == f"{MARKER}calendar"
    assert data["calendar_imports"][0]["event_count"] == 1
    assert data["onboarding"]["cards_read"][0]["teammate"] == "Olu Other"
    assert {f["kind"] for f in data["feeds"]} == {"personal", "team"}
    assert data["api_tokens"][0]["name"] == f"{MARKER}token"


def test_export_holds_no_secret_and_no_imported_event(client, auth, rich):
    auth.login(rich.email)
    archive = _zip(client.get("/account/export"))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert rich.api_token not in everything
    assert rich.feed_token not in everything
    assert "secret dentist" not in everything  # imported titles were never stored
    assert "hash" not in json.loads(archive.read("data.json"))["api_tokens"][0]


def test_manual_md_has_every_section_with_its_visibility(client, auth, rich):
    auth.login(rich.email)
    markdown = _zip(client.get("/account/export")).read("manual.md").decode()
    for spec in SECTIONS:
        body, visibility = sections_with(MARKER)[spec.key]
        heading = f"## {spec.title}"
        assert heading in markdown
        after = markdown.split(heading, 1)[1]
        assert after.index(f"*Visible to: {VISIBILITY_LABELS[visibility]}*") < after.index(body)


def test_export_of_a_member_without_a_manual_still_validates(member_client, member):
    archive = _zip(member_client.get("/account/export"))
    data = json.loads(archive.read("data.json"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert "_Not written yet._" in archive.read("manual.md").decode()


def test_someone_else_s_export_cannot_be_fetched(client, auth, admin, rich):
    """There is only "my" export: no URL names a member, so an admin or another member
    downloading gets their own data, never the rich member's."""
    for who in (admin.email, "mo@example.test"):
        auth.logout()
        if who == "mo@example.test":
            from app.services import accounts

            accounts.create_member(
                email=who,
                display_name="Mo",
                password="correct horse battery",
                time_zone="UTC",
                min_length=10,
            )
        auth.login(who)
        archive = _zip(client.get("/account/export"))
        assert MARKER not in archive.read("data.json").decode().lower()
        for probe in (
            f"/account/export?member_id={rich.id}",
            f"/account/export?id={rich.id}",
        ):
            data = _zip(client.get(probe)).read("data.json").decode().lower()
            assert MARKER not in data
        assert client.get(f"/account/export/{rich.id}").status_code == 404
        assert client.get(f"/admin/members/{rich.id}/export").status_code in (404, 405)


def test_export_needs_sign_in(client):
    response = client.get("/account/export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_live_calendars_are_exported_as_metadata_without_their_secret(
    app, client, auth, rich, now
):
    from app.services import live_calendars
    from app.services.calendar_refresh import RefreshSettings

    policy = RefreshSettings.from_config(app.config).policy
    secret_url = "http://127.0.0.1:9/private-QX7SECRETPATH/basic.ics"  # loopback: test config
    live_calendars.add_subscription(rich.id, secret_url, f"{MARKER} work", now, policy)
    auth.login(rich.email)
    archive = _zip(client.get("/account/export"))
    data = json.loads(archive.read("data.json"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    [connection] = data["calendar_connections"]
    assert connection["kind"] == "ics" and connection["label"] == f"{MARKER} work"
    assert connection["address_shown_as"].startswith("http://127.0.0.1:9/")
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "QX7SECRETPATH" not in everything
