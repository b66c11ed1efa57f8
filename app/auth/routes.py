"""Routes for setup, sign-in, sign-out and account settings."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from app import clock
from app.auth.forms import LoginForm, PasswordForm, ProfileForm, ResetPasswordForm, SetupForm
from app.domain.errors import DomainError
from app.extensions import limiter
from app.forms_common import form_status, show_domain_error
from app.services import accounts, password_resets

bp = Blueprint("auth", __name__)

BAD_LOGIN = "That email and password don’t match an active account."


def safe_next(target: str | None) -> str:
    """Only same-site paths may be a post-login destination; anything else → home."""
    home = url_for("home.index")
    if not target or target.startswith("//") or "\\" in target:
        return home
    joined = urlsplit(urljoin(request.host_url, target))
    host = urlsplit(request.host_url)
    if joined.scheme != host.scheme or joined.netloc != host.netloc:
        return home
    path = "/" + joined.path.lstrip("/")  # "/.//evil" normalises to "//evil": never that
    return path + (f"?{joined.query}" if joined.query else "")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    if not accounts.needs_setup():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            member = accounts.setup_first_admin(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
                time_zone=form.time_zone.data,
                min_length=current_app.config["PASSWORD_MIN_LENGTH"],
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            session.clear()
            login_user(member)
            flash("Your workspace is ready. Welcome to Teamshape!", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/setup.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit, methods=["POST"], deduct_when=lambda response: response.status_code != 302
)
def login():
    if accounts.needs_setup():
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        member = accounts.authenticate(form.email.data, form.password.data)
        if member is None:
            form.form_errors.append(BAD_LOGIN)
        else:
            destination = safe_next(request.args.get("next"))
            session.clear()  # a fresh session on sign-in defeats session fixation
            days = current_app.config["REMEMBER_COOKIE_DAYS"]
            login_user(member, remember=form.remember.data, duration=timedelta(days=days))
            return redirect(destination)
    return render_template("auth/login.html", form=form), form_status(form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    profile = ProfileForm(prefix="profile", obj=current_user)
    password = PasswordForm(prefix="password")
    if profile.submit.data and profile.validate_on_submit():
        try:
            accounts.update_profile(
                current_user.id,
                display_name=profile.display_name.data,
                pronouns=profile.pronouns.data or "",
                time_zone=profile.time_zone.data,
            )
        except DomainError as error:
            show_domain_error(profile, error)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("auth.settings"))
    return render_template("auth/settings.html", profile=profile, password=password), form_status(
        profile
    )


@bp.post("/account/password")
@login_required
def change_password():
    profile = ProfileForm(prefix="profile", obj=current_user, formdata=None)
    password = PasswordForm(prefix="password")
    if password.validate_on_submit():
        try:
            member = accounts.change_password(
                current_user.id,
                current=password.current_password.data,
                new=password.new_password.data,
                min_length=current_app.config["PASSWORD_MIN_LENGTH"],
            )
        except DomainError as error:
            show_domain_error(password, error)
        else:
            login_user(member)  # keep this session alive under the new epoch
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("auth.settings"))
    return render_template("auth/settings.html", profile=profile, password=password), form_status(
        password
    )


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("30 per 5 minutes", methods=["POST"])
def reset_password(token: str):
    now = clock.now()
    try:
        password_resets.usable_reset(token, now)
    except password_resets.ResetUnusable as error:
        return render_template(
            "errors/link_unusable.html", what="Reset link", reason=error.reason
        ), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            password_resets.use_reset(
                token,
                new_password=form.password.data,
                now=now,
                min_length=current_app.config["PASSWORD_MIN_LENGTH"],
            )
        except password_resets.ResetUnusable as error:
            return render_template(
                "errors/link_unusable.html", what="Reset link", reason=error.reason
            ), 410
        except DomainError as error:
            show_domain_error(form, error)
        else:
            logout_user()
            session.clear()
            flash("Your password is set. Please sign in with it.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), form_status(form)
