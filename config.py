"""Configuration classes; the only place that reads environment variables.

Every setting has a safe development default and can be overridden by an environment
variable of the same name. `ProductionConfig.validate()` refuses an unsafe secret key.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"  # noqa: S105 - refused in production
INSTANCE_DIR = Path(__file__).resolve().parent / "instance"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = _env("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'teamshape.sqlite'}")
    # No pool_pre_ping (a round trip per checkout): app.db_pool pings a connection at
    # checkout only after it sat idle for a second, and replaces it if the ping fails.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per 5 minutes")
    LOGIN_ADDRESS_RATE_LIMIT = _env("LOGIN_ADDRESS_RATE_LIMIT", "50 per 5 minutes")
    LOGIN_ACCOUNT_RATE_LIMIT = _env("LOGIN_ACCOUNT_RATE_LIMIT", "30 per 15 minutes")
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 4 * 1024 * 1024)
    ICS_IMPORT_MAX_BYTES = _env_int("ICS_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
    ICS_IMPORT_WEEKS = _env_int("ICS_IMPORT_WEEKS", 8)
    REVIEW_NUDGE_DAYS = _env_int("REVIEW_NUDGE_DAYS", 180)
    PASSWORD_MIN_LENGTH = _env_int("PASSWORD_MIN_LENGTH", 10)
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - an algorithm name
    REMEMBER_COOKIE_DAYS = _env_int("REMEMBER_COOKIE_DAYS", 30)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    WTF_CSRF_TIME_LIMIT = None
    PAGE_SIZE = _env_int("PAGE_SIZE", 24)
    INVITE_VALID_DAYS = _env_int("INVITE_VALID_DAYS", 14)
    RESET_VALID_HOURS = _env_int("RESET_VALID_HOURS", 24)
    INTROS_PER_DAY = _env_int("INTROS_PER_DAY", 3)
    WELCOME_ENDPOINT = "onboarding.welcome"
    SMTP_HOST = _env("SMTP_HOST", "")
    SMTP_PORT = _env_int("SMTP_PORT", 25)
    SMTP_USERNAME = _env("SMTP_USERNAME", "")
    SMTP_PASSWORD = _env("SMTP_PASSWORD", "")
    SMTP_STARTTLS = _env_bool("SMTP_STARTTLS", False)
    MAIL_FROM = _env("MAIL_FROM", "Teamshape <teamshape@localhost>")
    PROXY_HOPS = _env_int("PROXY_HOPS", 0)
    API_RATE_LIMIT = _env("API_RATE_LIMIT", "300 per minute")
    API_PAGE_SIZE_MAX = _env_int("API_PAGE_SIZE_MAX", 100)
    OPENAPI_VERSION = "3.1.0"
    AUTO_404_RESPONSE = False  # app.api documents its own problem responses
    AUTO_VALIDATION_ERROR_RESPONSE = False
    AUTO_AUTH_ERROR_RESPONSE = False
    AUTO_SERVERS = False
    VALIDATION_ERROR_STATUS_CODE = 422
    HSTS = False
    # Live calendars (subscriptions and CalDAV) and the task queue that refreshes them.
    CALENDAR_SECRET_KEY = _env("CALENDAR_SECRET_KEY", "")
    CALENDAR_ALLOW_LOOPBACK = _env_bool("CALENDAR_ALLOW_LOOPBACK", True)
    CALENDAR_REFRESH_MINUTES = _env_int("CALENDAR_REFRESH_MINUTES", 15)
    CALENDAR_RETRY_MAX_MINUTES = _env_int("CALENDAR_RETRY_MAX_MINUTES", 360)
    CALENDAR_FETCH_TIMEOUT = _env_int("CALENDAR_FETCH_TIMEOUT", 10)
    TASK_QUEUE_URL = _env("TASK_QUEUE_URL", f"sqlite:///{INSTANCE_DIR / 'tasks.sqlite'}")
    TASKS_IMMEDIATE = _env_bool("TASKS_IMMEDIATE", False)

    @classmethod
    def validate(cls) -> None:
        """Raise RuntimeError when the settings are unsafe for this environment."""


class DevelopmentConfig(Config):
    """Local development and the demo: SQLite in the instance folder."""

    DEBUG = False


class TestingConfig(Config):
    """Tests: in-memory SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast for tests only
    TASKS_IMMEDIATE = _env_bool("TASKS_IMMEDIATE", True)


class ProductionConfig(Config):
    """Production: secure cookies, HSTS, and a real secret key is mandatory."""

    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS = True
    CALENDAR_ALLOW_LOOPBACK = _env_bool("CALENDAR_ALLOW_LOOPBACK", False)

    @classmethod
    def validate(cls) -> None:
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEFAULT_SECRET_KEY:
            raise RuntimeError(
                "Refusing to start: set SECRET_KEY to a long random value for production."
            )
        if not cls.CALENDAR_SECRET_KEY:
            raise RuntimeError(
                "Refusing to start: set CALENDAR_SECRET_KEY (make one with `teamshape "
                "calendar-key`); it encrypts calendar passwords and secret addresses."
            )
        if cls.CALENDAR_ALLOW_LOOPBACK:
            logging.getLogger("teamshape").warning(
                "CALENDAR_ALLOW_LOOPBACK is on: members can make this server fetch "
                "calendars from addresses on this machine. Turn it off in production."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by TEAMSHAPE_ENV (default: development)."""
    return CONFIGS[_env("TEAMSHAPE_ENV", "development")]
