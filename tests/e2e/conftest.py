"""Browser journeys: a live Teamshape server in a thread, driven by headless Chromium.

Chromium is Debian's (`/usr/bin/chromium`), driven by Playwright through
`executable_path`. If it is missing the tests fail rather than skip: CI installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from app.extensions import db
from tests.conftest import USING_POSTGRES, CSRFConfig, _clear_rows, make_app

ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots for reviewers (git-ignored)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer:
    """The app served over HTTP on a free loopback port, in a background thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_app(tmp_path) -> Iterator[Flask]:
    class LiveConfig(CSRFConfig):
        SQLALCHEMY_DATABASE_URI = (
            os.environ["TEST_DATABASE_URL"]
            if USING_POSTGRES
            else f"sqlite:///{tmp_path / 'live.sqlite'}"
        )

    app = make_app(LiveConfig)
    yield app
    with app.app_context():
        db.session.remove()
        if USING_POSTGRES:
            _clear_rows()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app) -> Iterator[LiveServer]:
    server = LiveServer(live_app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def nojs_page(browser, live_server):
    """A tab with JavaScript switched off: every page must still work."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "step")` saves a full-page PNG per step of the test, numbered,
    under tests/e2e/artifacts/<test name>/ (emptied when the test starts)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    shutil.rmtree(folder, ignore_errors=True)
    taken = 0

    def take(tab, step: str) -> Path:
        nonlocal taken
        taken += 1
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", step).strip("-")[:60]
        path = folder / f"{taken:02d}-{name}.png"
        tab.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return take
