"""Admin routes: member accounts and teams. Thin: forms in, services do the work.

Every POST redirects (post/redirect/get); a refused form renders again with its errors.
A new password-reset link is shown once, on a GET page, through `app.shown_once`.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app import clock, shown_once
from app.access import admin_required
from app.admin import bp
from app.admin.forms import AddMemberForm, ConfirmForm, NewMemberForm, TeamForm
from app.auth import reset_mail
from app.domain.errors import DomainError
from app.forms_common import REFUSED, form_status, show_domain_error
from app.mail import mail_configured
from app.paging import page_number
from app.services import accounts, password_resets, teams

RESET_LINK = "admin.reset_link"  # one-time session slot, per member


@bp.route("/members", methods=["GET", "POST"])
@admin_required
def members():
    form = NewMemberForm()
    if form.validate_on_submit():
        try:
            member = accounts.create_member(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
                time_zone=form.time_zone.data,
                pronouns=form.pronouns.data or "",
                start_date=form.start_date.data,
                admin=form.admin.data,
                min_length=current_app.config["PASSWORD_MIN_LENGTH"],
                created_by_id=current_user.id,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(f"Account created for {member.display_name}.", "success")
            return redirect(url_for("admin.members"))
    sort = request.args.get("sort", "name")
    sort = sort if sort in accounts.MEMBER_SORTS else "name"
    page = accounts.list_members(page_number(), current_app.config["PAGE_SIZE"], sort)
    html = render_template(
        "admin/members.html", form=form, page=page, sort=sort, confirm=ConfirmForm()
    )
    return html, form_status(form)


@bp.post("/members/<id:member_id>/active")
@admin_required
def set_active(member_id: int):
    active = request.form.get("active") == "1"
    if ConfirmForm().validate_on_submit():
        try:
            member = accounts.set_active(current_user.id, member_id, active, clock.now())
        except DomainError as error:
            flash(error.reason, "error")
        else:
            state = "reactivated" if active else "deactivated and signed out everywhere"
            flash(f"{member.display_name} was {state}.", "success")
    return redirect(url_for("admin.members"))


@bp.post("/members/<id:member_id>/role")
@admin_required
def set_role(member_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            member = accounts.set_role(
                current_user.id, member_id, request.form.get("admin") == "1"
            )
        except DomainError as error:
            flash(error.reason, "error")
        else:
            flash(f"{member.display_name} is now {member.role}.", "success")
    return redirect(url_for("admin.members"))


@bp.route("/teams", methods=["GET", "POST"])
@admin_required
def team_list():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = teams.create_team(
                current_user.id, name=form.name.data, description=form.description.data or ""
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(f"Team “{team.name}” created.", "success")
            return redirect(url_for("admin.team_detail", team_id=team.id))
    page = teams.team_page(page_number(), current_app.config["PAGE_SIZE"])
    return render_template("admin/teams.html", form=form, page=page), form_status(form)


@bp.route("/teams/<id:team_id>", methods=["GET", "POST"])
@admin_required
def team_detail(team_id: int):
    team = teams.get_team(team_id)
    form = TeamForm(obj=team)
    if form.validate_on_submit():
        try:
            teams.update_team(
                current_user.id,
                team_id,
                name=form.name.data,
                description=form.description.data or "",
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash("Team saved.", "success")
            return redirect(url_for("admin.team_detail", team_id=team_id))
    return _render_team(team, form, _add_member_form(team), form_status(form))


def _add_member_form(team, formdata=None) -> AddMemberForm:
    form = AddMemberForm(formdata=formdata, prefix="add")
    inside = {m.member_id for m in team.memberships}
    choices = accounts.list_members(1, 10_000).items
    form.member_id.choices = [
        (m.id, f"{m.display_name} ({m.email})") for m in choices if m.id not in inside
    ]
    return form


def _render_team(team, form, add_form, status: int = 200):
    page = render_template(
        "admin/team_detail.html", team=team, form=form, add_form=add_form, confirm=ConfirmForm()
    )
    return page, status


@bp.post("/teams/<id:team_id>/members")
@admin_required
def add_team_member(team_id: int):
    team = teams.get_team(team_id)
    add_form = _add_member_form(team, formdata=request.form)
    if add_form.validate_on_submit():
        try:
            teams.add_member(
                current_user.id,
                team_id,
                add_form.member_id.data,
                add_form.role_in_team.data or "",
                clock.now(),
            )
        except DomainError as error:
            show_domain_error(add_form, error)
        else:
            flash("Member added.", "success")
            return redirect(url_for("admin.team_detail", team_id=team_id))
    return _render_team(team, TeamForm(obj=team, formdata=None), add_form, REFUSED)


@bp.post("/teams/<id:team_id>/members/<id:member_id>/remove")
@admin_required
def remove_team_member(team_id: int, member_id: int):
    if ConfirmForm().validate_on_submit():
        teams.remove_member(current_user.id, team_id, member_id, clock.now())
        flash("Member removed from the team.", "success")
    return redirect(url_for("admin.team_detail", team_id=team_id))


@bp.post("/teams/<id:team_id>/delete")
@admin_required
def delete_team(team_id: int):
    if ConfirmForm().validate_on_submit():
        teams.delete_team(current_user.id, team_id)
        flash("Team deleted. Its members keep their accounts and manuals.", "success")
    return redirect(url_for("admin.team_list"))


@bp.post("/members/<id:member_id>/reset-link")
@admin_required
def reset_link(member_id: int):
    """A reset link that reaches the member: mailed to them, or tied to their recovery code."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("admin.members"))
    by_mail = mail_configured()
    now = clock.now()
    try:
        issued = password_resets.create_reset(
            current_user.id,
            member_id,
            now=now,
            valid_hours=current_app.config["RESET_VALID_HOURS"],
            by_mail=by_mail,
        )
    except password_resets.NoRecoveryCode:
        member = accounts.get_member(member_id)
        return render_template("admin/reset_refused.html", member=member), 409
    if not by_mail:
        link = url_for("auth.reset_password", token=issued.token, _external=True)
        expires = issued.expires_at.isoformat()
        shown_once.keep(f"{RESET_LINK}.{member_id}", {"link": link, "expires_at": expires})
        return redirect(url_for("admin.show_reset_link", member_id=member_id))
    if reset_mail.mail_link(issued, current_user.display_name):
        flash(
            f"A reset link was mailed to {issued.member.email}. It is not shown to you.",
            "success",
        )
    else:
        password_resets.withdraw(issued.reset_id, now)
        flash("The reset mail could not be sent, so no link was made. Try again later.", "error")
    return redirect(url_for("admin.members"))


@bp.get("/members/<id:member_id>/reset-link/shown")
@admin_required
def show_reset_link(member_id: int):
    shown = shown_once.take(f"{RESET_LINK}.{member_id}")
    if shown is None:
        flash("A reset link is shown only once. Make a new one if it was lost.", "info")
        return redirect(url_for("admin.members"))
    return render_template(
        "admin/reset_link.html",
        member=accounts.get_member(member_id),
        link=shown["link"],
        expires_at=datetime.fromisoformat(shown["expires_at"]),
    )
