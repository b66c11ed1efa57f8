"""Invite routes: admins create, resend and revoke invites; new hires accept them."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user

from app import clock, shown_once
from app.access import admin_required
from app.admin.forms import ConfirmForm
from app.domain.errors import DomainError
from app.extensions import limiter
from app.forms_common import REFUSED, form_status, show_domain_error
from app.mail import mail_configured, send_mail
from app.onboarding import bp
from app.onboarding.forms import AcceptInviteForm, InviteForm
from app.paging import page_number
from app.services import invites, sign_ins, teams

INVITE_LINK = "onboarding.invite_link"  # one-time session slot: the link is shown once


def _invite_form(formdata=None) -> InviteForm:
    form = InviteForm(formdata=formdata) if formdata is not None else InviteForm()
    form.teams.choices = [(t.id, t.name) for t in teams.list_teams()]
    return form


def _deliver(issued: invites.IssuedInvite) -> str:
    """Email the link when SMTP is configured; return the link to show the admin."""
    link = url_for("onboarding.accept", token=issued.token, _external=True)
    body = (
        f"Hello{(' ' + issued.invite.display_name) if issued.invite.display_name else ''},"
        f"\n\n{current_user.display_name} invited you to Teamshape.\n"
        f"Open this link to join (it works once, for "
        f"{current_app.config['INVITE_VALID_DAYS']} days):\n\n{link}\n"
    )
    if send_mail(issued.invite.email, "Your invitation to Teamshape", body):
        invites.mark_sent(issued.invite.id, clock.now())
        flash(f"Invite emailed to {issued.invite.email}.", "success")
    return link


def _show_link_once(issued: invites.IssuedInvite):
    """Post/redirect/get: the invites page shows the new link once; a reload makes none."""
    shown_once.keep(INVITE_LINK, _deliver(issued))
    return redirect(url_for("onboarding.invite_list"))


def _render_invites(form: InviteForm, link: str | None = None, status: int = 200):
    page = render_template(
        "onboarding/invites.html",
        form=form,
        page=invites.list_invites(page_number(), current_app.config["PAGE_SIZE"]),
        link=link,
        now=clock.now(),
        state_of=invites.state_of,
        confirm=ConfirmForm(),
        mail_on=mail_configured(),
    )
    return page, status


@bp.route("/admin/invites", methods=["GET", "POST"])
@admin_required
def invite_list():
    form = _invite_form()
    if not form.is_submitted():
        return _render_invites(form, link=shown_once.take(INVITE_LINK))
    if not form.validate_on_submit():
        return _render_invites(form, status=form_status(form))
    try:
        issued = invites.create_invite(
            current_user.id,
            email=form.email.data,
            display_name=form.display_name.data or "",
            team_ids=form.teams.data or [],
            start_date=form.start_date.data,
            now=clock.now(),
            valid_days=current_app.config["INVITE_VALID_DAYS"],
        )
    except DomainError as error:
        show_domain_error(form, error)
        return _render_invites(form, status=REFUSED)
    return _show_link_once(issued)


@bp.post("/admin/invites/<id:invite_id>/resend")
@admin_required
def resend(invite_id: int):
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("onboarding.invite_list"))
    try:
        issued = invites.resend_invite(
            current_user.id,
            invite_id,
            now=clock.now(),
            valid_days=current_app.config["INVITE_VALID_DAYS"],
        )
    except DomainError as error:
        flash(error.reason, "error")
        return redirect(url_for("onboarding.invite_list"))
    flash("A new link was made; the old one no longer works.", "success")
    return _show_link_once(issued)


@bp.post("/admin/invites/<id:invite_id>/revoke")
@admin_required
def revoke(invite_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            invite = invites.revoke_invite(current_user.id, invite_id, now=clock.now())
        except DomainError as error:
            flash(error.reason, "error")
        else:
            flash(f"The invite for {invite.email} was withdrawn.", "success")
    return redirect(url_for("onboarding.invite_list"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("30 per 5 minutes", methods=["POST"])
def accept(token: str):
    try:
        invite = invites.usable_invite(token, clock.now())
    except invites.InviteUnusable as error:
        return render_template(
            "errors/link_unusable.html", what="Invite link", reason=error.reason
        ), 410
    form = AcceptInviteForm(
        data={"display_name": invite.display_name} if not request.form else None
    )
    if form.validate_on_submit():
        try:
            member = invites.accept_invite(
                token,
                display_name=form.display_name.data,
                password=form.password.data,
                time_zone=form.time_zone.data,
                now=clock.now(),
                min_length=current_app.config["PASSWORD_MIN_LENGTH"],
            )
        except invites.InviteUnusable as error:
            return render_template(
                "errors/link_unusable.html", what="Invite link", reason=error.reason
            ), 410
        except DomainError as error:
            show_domain_error(form, error)
        else:
            session.clear()
            login_user(sign_ins.start(member))
            flash(f"Welcome to Teamshape, {member.display_name}!", "success")
            return redirect(url_for(current_app.config.get("WELCOME_ENDPOINT", "home.index")))
    return render_template("onboarding/accept.html", form=form, invite=invite), form_status(form)
