"""Production settings for live calendars: a calendar key is required, loopback fetching
is off by default and warned about when turned on; secrets are encrypted with the key."""

from __future__ import annotations

import logging

import pytest

from app import create_app
from app.services import calendar_secrets
from config import ProductionConfig, TestingConfig


class Production(ProductionConfig):
    SECRET_KEY = "a-long-random-production-secret"
    CALENDAR_SECRET_KEY = "another-long-random-production-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    TASK_QUEUE_URL = "memory://"


def test_production_refuses_to_start_without_a_calendar_key():
    class NoKey(Production):
        CALENDAR_SECRET_KEY = ""

    with pytest.raises(RuntimeError, match="set CALENDAR_SECRET_KEY"):
        create_app(NoKey)


def test_loopback_is_off_in_production_and_on_for_tests(caplog):
    caplog.set_level(logging.WARNING)
    app = create_app(Production)
    assert app.config["CALENDAR_ALLOW_LOOPBACK"] is False
    assert "CALENDAR_ALLOW_LOOPBACK is on" not in caplog.text
    assert TestingConfig.CALENDAR_ALLOW_LOOPBACK is True


def test_production_warns_when_loopback_is_turned_on(caplog):
    class Loopback(Production):
        CALENDAR_ALLOW_LOOPBACK = True

    caplog.set_level(logging.WARNING)
    create_app(Loopback)
    assert "CALENDAR_ALLOW_LOOPBACK is on" in caplog.text


def test_secrets_round_trip_and_need_the_same_key():
    first = create_app(Production)
    with first.app_context():
        sealed = calendar_secrets.seal({"url": "https://example.com/private-abc.ics"})
        assert "private-abc" not in sealed
        assert calendar_secrets.unseal(sealed) == {"url": "https://example.com/private-abc.ics"}

    class OtherKey(Production):
        CALENDAR_SECRET_KEY = calendar_secrets.new_key()

    with (
        create_app(OtherKey).app_context(),
        pytest.raises(calendar_secrets.SecretUnreadable, match="connect it again"),
    ):
        calendar_secrets.unseal(sealed)
