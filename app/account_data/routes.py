"""Export my data, delete my account (or an admin deletes a deactivated one), API tokens.

Thin: forms in, `app.services.export`, `account_deletion` and `api_tokens` do the work.
The export URL carries no member id: it is always the signed-in member's own. A new
token's secret goes through one session slot to a GET page that shows it once
(post/redirect/get), so reloading never shows it again.
"""

from __future__ import annotations

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from app import clock, shown_once
from app.access import admin_required
from app.account_data import bp
from app.account_data.forms import ConfirmForm, DeleteAccountForm, NewTokenForm
from app.domain.errors import DomainError
from app.forms_common import form_status, show_domain_error
from app.services import account_deletion, api_tokens
from app.services.export import build_export

NEW_TOKEN_SLOT = "new_api_token"  # noqa: S105 - a session key, not a secret


@bp.get("/account/export")
@login_required
def export():
    file = build_export(current_user.id, clock.now())
    return Response(
        file.body,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            account_deletion.delete_own_account(current_user.id, form.password.data, clock.now())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            session.clear()  # first: logout_user() then marks the remember cookie for deletion
            logout_user()
            flash("Your account and everything in it are deleted. Take care!", "success")
            return redirect(url_for("auth.login"))
    return render_template("account_data/delete.html", form=form), form_status(form)


@bp.post("/admin/members/<id:member_id>/delete")
@admin_required
def admin_delete(member_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            account_deletion.delete_deactivated_member(current_user.id, member_id, clock.now())
        except DomainError as error:
            flash(error.reason, "error")
        else:
            flash("The account and everything in it are deleted.", "success")
    return redirect(url_for("admin.members"))


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = NewTokenForm()
    if form.validate_on_submit():
        try:
            token, secret = api_tokens.create_token(
                current_user.id,
                name=form.name.data,
                scope=form.scope.data,
                days=form.days.data,
                now=clock.now(),
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            shown_once.keep(NEW_TOKEN_SLOT, {"id": token.id, "name": token.name, "secret": secret})
            return redirect(url_for("account_data.new_token"))
    live = api_tokens.live_tokens(current_user.id, clock.now())
    page = render_template(
        "account_data/tokens.html", form=form, tokens=live, confirm=ConfirmForm()
    )
    return page, form_status(form)


@bp.get("/account/tokens/new")
@login_required
def new_token():
    shown = shown_once.take(NEW_TOKEN_SLOT)
    if not shown:
        return redirect(url_for("account_data.tokens"))
    response = Response(render_template("account_data/token_shown.html", token=shown))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/tokens/<id:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        api_tokens.revoke_token(current_user.id, token_id, clock.now())
        flash("The token is revoked; it no longer works.", "success")
    return redirect(url_for("account_data.tokens"))
