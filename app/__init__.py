"""Teamshape: working-style manuals and a scheduler that respects them.

`create_app()` reads like a table of contents: configuration, extensions, blueprints,
error pages, security headers, commands.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.request_class import TeamshapeRequest
from config import Config, config_from_env

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None) -> Flask:
    """Build a configured application (production refuses an unsafe config)."""
    config = config or config_from_env()
    config.validate()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config)
    app.request_class = TeamshapeRequest
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"], x_proto=1)
    register_extensions(app)
    register_task_queue(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import auth_session
    from app.extensions import csrf, db, limiter, login_manager, migrate
    from app.models.types import render_item
    from app.services.data_version import track_writes

    db.init_app(app)
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
    limiter.init_app(app)
    login_manager.init_app(app)
    auth_session.configure(login_manager)


def register_task_queue(app: Flask) -> None:
    from app.tasks import configure

    configure(app)


# Feature blueprints, in navigation order. A routes module may declare
# NAV = [(endpoint, label)] for the main menu and ADMIN_NAV for the admin sub-menu.
BLUEPRINT_MODULES = (
    "app.health.routes",
    "app.home.routes",
    "app.auth.routes",
    "app.admin.routes",
    "app.directory.routes",
    "app.manuals.routes",
    "app.patterns.routes",
    "app.team_pages.routes",
    "app.onboarding.routes",
    "app.scheduler.routes",
    "app.calendars.routes",
    "app.calendars.live_routes",
)


def register_blueprints(app: Flask) -> None:
    app.config["NAV_ITEMS"] = [("home.index", "Home")]
    app.config["ADMIN_NAV_ITEMS"] = []
    for name in BLUEPRINT_MODULES:
        module = importlib.import_module(name)
        app.register_blueprint(module.bp)
        app.config["NAV_ITEMS"].extend(getattr(module, "NAV", []))
        app.config["ADMIN_NAV_ITEMS"].extend(getattr(module, "ADMIN_NAV", []))


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from app.security import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)
