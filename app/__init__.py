"""Teamshape: working-style manuals and a scheduler that respects them.

`create_app()` reads like a table of contents: configuration, extensions, URL
converters, blueprints, error pages, security headers, cache policy, template helpers.
Console commands are not registered here: they live on the `teamshape` command group
(`app.cli`), which builds the app with this factory, so the factory must not import them
back.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.flask_class import TeamshapeFlask
from app.request_class import TeamshapeRequest
from app.session_cookie import SessionCookieInterface
from config import Config, config_from_env

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None) -> Flask:
    """Build a configured application (production refuses an unsafe config)."""
    config = config or config_from_env()
    config.validate()
    # APIFlask is Flask plus the OpenAPI document of the /api/v1 blueprint (app.api);
    # every other page is a plain blueprint and is left out of it.
    app = TeamshapeFlask(
        __name__,
        title="Teamshape API",
        version="v1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,
        json_errors=False,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config)
    app.request_class = TeamshapeRequest
    app.session_interface = SessionCookieInterface()
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"], x_proto=1)
    register_extensions(app)
    register_converters(app)
    register_task_queue(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_cache_policy(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import auth_session, csrf_guard
    from app.db_pool import ping_when_idle
    from app.extensions import csrf, db, limiter, login_manager, migrate
    from app.models.types import render_item
    from app.services.data_version import track_writes

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_when_idle(engine)
    track_writes(db.session.session_factory.class_)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    csrf.init_app(app)
    csrf_guard.register(app, csrf)
    limiter.init_app(app)
    login_manager.init_app(app)
    auth_session.configure(login_manager)


def register_converters(app: Flask) -> None:
    from app.routing import register

    register(app)


def register_task_queue(app: Flask) -> None:
    from app.tasks import configure

    configure(app)


# Feature blueprints, in navigation order. Each package defines its blueprint `bp` in its
# `__init__.py` (with NAV = [(endpoint, label)] for the main menu and ADMIN_NAV for the
# admin sub-menu, if it has entries); the route modules listed import `bp` and attach
# their views to it. The package never imports its route modules, so nothing is circular.
BLUEPRINTS = (
    ("app.health", ("routes",)),
    ("app.home", ("routes",)),
    ("app.auth", ("routes",)),
    ("app.admin", ("routes",)),
    ("app.directory", ("routes",)),
    ("app.manuals", ("routes",)),
    ("app.patterns", ("routes",)),
    ("app.team_pages", ("routes",)),
    ("app.onboarding", ("routes", "team", "wizard")),
    ("app.scheduler", ("routes",)),
    ("app.calendars", ("routes",)),
    ("app.live_calendars", ("routes",)),
    ("app.account_data", ("routes",)),
    ("app.api", ("me", "meetings", "members")),
    ("app.api_docs", ("routes",)),
)


def register_blueprints(app: Flask) -> None:
    app.config["NAV_ITEMS"] = [("home.index", "Home")]
    app.config["ADMIN_NAV_ITEMS"] = []
    for package_name, route_modules in BLUEPRINTS:
        for module in route_modules:
            importlib.import_module(f"{package_name}.{module}")
        package = importlib.import_module(package_name)
        app.register_blueprint(package.bp)
        app.config["NAV_ITEMS"].extend(getattr(package, "NAV", []))
        app.config["ADMIN_NAV_ITEMS"].extend(getattr(package, "ADMIN_NAV", []))


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from app.security import register

    register(app)


def register_cache_policy(app: Flask) -> None:
    from app.cache_policy import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.templating import register

    register(app)
