"""Owning my data in a real browser: make an API token and use it, download my export,
then delete my account."""

from __future__ import annotations

import io
import json
import urllib.request
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_token_export_and_deletion_journey(page, live_app, live_server):
    with live_app.app_context():
        accounts.create_member(
            email="ada@example.test", display_name="Ada Admin", password=PASSWORD,
            time_zone="Europe/Berlin", admin=True, min_length=10,
        )  # fmt: skip
        accounts.create_member(
            email="jo@example.test", display_name="Jo Journey", password=PASSWORD,
            time_zone="Europe/Berlin", min_length=10,
        )  # fmt: skip
    _sign_in(page, "jo@example.test")
    page.goto("/account")
    page.get_by_role("link", name="Manage API tokens").click()
    page.get_by_label("Token name").fill("status bar")
    page.get_by_label("Read only: the directory, manuals, my meetings").check()
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Your new API token “status bar”")).to_be_visible()
    secret = page.get_by_label("Token").input_value()
    request = urllib.request.Request(  # noqa: S310 - the loopback test server
        f"{live_server.url}/api/v1/me/manual", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        assert response.status == 200 and "sections" in json.loads(response.read())
    page.reload()  # shown once: the page is gone
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.get_by_role("cell", name="status bar", exact=True)).to_be_visible()

    page.goto("/account")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data (.zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert json.loads(archive.read("data.json"))["profile"]["display_name"] == "Jo Journey"

    page.goto("/account")
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and everything in it are deleted.")).to_be_visible()
    with live_app.app_context():
        assert accounts.authenticate("jo@example.test", PASSWORD) is None
