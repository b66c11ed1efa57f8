"""Routes for setup, sign-in, sign-out and account settings."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from flask import (
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
from app.auth import bp, login_limits, reset_mail
from app.auth.forms import LoginForm, PasswordForm, ProfileForm, ResetPasswordForm, SetupForm
from app.domain.errors import DomainError
from app.extensions import limiter
from app.forms_common import form_status, show_domain_error
from app.services import account_events, accounts, password_resets, recovery_codes, sign_ins

BAD_LOGIN = "That email and password don’t match an active account."
ADMIN_CHOSE_IT = (
    "An admin chose your password when making your account, so they know it. Choose your "
    "own below: until you do, “only me” is only as private as that password."
)


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
            login_user(sign_ins.start(member))
            flash("Your workspace is ready. Welcome to Teamshape!", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/setup.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    login_limits.pair_limit,
    key_func=login_limits.address_and_account_key,
    methods=["POST"],
    deduct_when=login_limits.failed,
)
@limiter.limit(
    login_limits.address_limit,
    key_func=login_limits.address_key,
    methods=["POST"],
    deduct_when=login_limits.failed,
)
@limiter.limit(
    login_limits.account_limit,
    key_func=login_limits.account_key,
    methods=["POST"],
    deduct_when=login_limits.failed,
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
            login_user(
                sign_ins.start(member), remember=form.remember.data, duration=timedelta(days=days)
            )
            for line in account_events.announce(member.id, clock.now()):
                flash(f"{line.text} If that was not you, tell your admins at once.", "error")
            if account_events.password_known_to_admin(member.id):
                flash(ADMIN_CHOSE_IT, "info")
                return redirect(url_for("auth.settings") + "#password-heading")
            return redirect(destination)
    return render_template("auth/login.html", form=form), form_status(form)


def _forget_this_browser() -> None:
    """Empty the session, then let Flask-Login mark the remember cookie for deletion."""
    session.clear()  # first: logout_user() leaves the "_remember" marker behind
    logout_user()


@bp.post("/logout")
@login_required
def logout():
    sign_ins.sign_out(current_user.get_id())
    _forget_this_browser()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    sign_ins.sign_out_everywhere(current_user.id)
    _forget_this_browser()
    flash("You are signed out on every device and browser.", "info")
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
                headline=profile.headline.data or "",
            )
        except DomainError as error:
            show_domain_error(profile, error)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("auth.settings"))
    return _render_settings(profile, password, form_status(profile))


def _render_settings(profile, password, status: int = 200):
    page = render_template(
        "auth/settings.html",
        profile=profile,
        password=password,
        has_recovery_code=recovery_codes.has_code(current_user),
        activity=account_events.for_member(current_user.id),
    )
    return page, status


@bp.post("/account/recovery-code")
@login_required
def make_recovery_code():
    code = recovery_codes.make_code(current_user.id)
    return render_template("auth/recovery_code.html", code=code)


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
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            days = current_app.config["REMEMBER_COOKIE_DAYS"]
            login_user(  # a new sign-in for this browser, under the new epoch
                sign_ins.start(member),
                remember=remembered in request.cookies,
                duration=timedelta(days=days),
            )
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("auth.settings"))
    return _render_settings(profile, password, form_status(password))


def _unusable_reset(error: password_resets.ResetUnusable):
    page = render_template("errors/link_unusable.html", what="Reset link", reason=error.reason)
    return page, 410


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("30 per 5 minutes", methods=["POST"])
def reset_password(token: str):
    now = clock.now()
    try:
        reset = password_resets.usable_reset(token, now)
    except password_resets.ResetUnusable as error:
        return _unusable_reset(error)
    if current_user.is_authenticated:  # an admin opening the link she was shown
        return render_template("auth/reset_signed_in.html"), 409
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            member = password_resets.use_reset(
                token,
                new_password=form.password.data,
                now=now,
                min_length=current_app.config["PASSWORD_MIN_LENGTH"],
                recovery_code=form.recovery_code.data or "",
            )
        except password_resets.ResetUnusable as error:
            return _unusable_reset(error)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            reset_mail.mail_reset_used(member.email, member.display_name)
            _forget_this_browser()
            flash("Your password is set. Please sign in with it.", "success")
            return redirect(url_for("auth.login"))
    page = render_template("auth/reset.html", form=form, needs_code=reset.needs_recovery_code)
    return page, form_status(form)
