"""How Flask-Login finds the member behind a session or remember-me cookie."""

from __future__ import annotations

from flask_login import LoginManager

from app.services.sign_ins import load_session_member


def configure(login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_member)
