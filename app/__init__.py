"""Teamshape: working-style manuals and a scheduler that respects them.

`create_app()` reads like a table of contents: configuration, extensions, blueprints,
error pages, security headers, commands.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

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
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"], x_proto=1)
    register_extensions(app)
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

    db.init_app(app)
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


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.auth.routes import bp as auth_bp
    from app.directory.routes import bp as directory_bp
    from app.health.routes import bp as health_bp
    from app.home.routes import bp as home_bp
    from app.manuals.routes import bp as manuals_bp

    for blueprint in (health_bp, home_bp, auth_bp, admin_bp, directory_bp, manuals_bp):
        app.register_blueprint(blueprint)
    # (endpoint, label) pairs for the main navigation, in order; features add theirs.
    app.config["NAV_ITEMS"] = [("home.index", "Home"), ("directory.index", "People"),
                               ("manuals.edit", "My manual")]


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
