"""Routes for the author's own manual. There is no route to edit anyone else's: every
view here works on `current_user.id` only, admins included."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from app import clock
from app.domain.errors import DomainError, NotFound
from app.domain.markdown import render_markdown
from app.extensions import limiter
from app.forms_common import REFUSED, form_status, show_domain_error
from app.manuals import bp
from app.manuals.forms import ManualForm, PreviewForm, ReviewedForm
from app.services import manuals

SAME_SITE = {"same-origin", "none"}  # Sec-Fetch-Site values a preview may come from
AFTER_REVIEW = {"home": "home.index", "manual": "manuals.edit"}


def _review_state():
    return manuals.review_state(
        current_user.id, clock.now(), current_app.config["REVIEW_NUDGE_DAYS"]
    )


@bp.route("", methods=["GET", "POST"])
@login_required
def edit():
    form = ManualForm()
    if request.method == "GET":
        form.fill_from(manuals.load_draft(current_user.id))
    elif form.validate_on_submit():
        try:
            manuals.save_manual(
                current_user.id,
                sections=form.sections_data(),
                preferences=form.preferences(),
                now=clock.now(),
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash("Your manual is saved. This is how it looks on your profile.", "success")
            return redirect(url_for("directory.profile", member_id=current_user.id))
    return render_template(
        "manuals/edit.html", form=form, review=_review_state(), reviewed_form=ReviewedForm()
    ), form_status(form)


@bp.post("/preview")
@login_required
@limiter.limit("240 per minute")
def preview():
    """One section's text rendered exactly as the profile will show it (sanitised), as
    JSON for the editor's live preview. Nothing is stored or logged: it renders only
    what its author just sent, needs the page's CSRF token, and refuses other sites."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in SAME_SITE:
        abort(403)
    form = PreviewForm()
    if not form.validate_on_submit():
        errors = [message for messages in form.errors.values() for message in messages]
        response = jsonify(error=" ".join(errors) or "This preview could not be made.")
        response.status_code = REFUSED
    else:
        response = jsonify(html=render_markdown(form.text.data or ""))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/reviewed")
@login_required
def reviewed():
    destination = AFTER_REVIEW.get(request.form.get("next", ""), "manuals.edit")
    if ReviewedForm().validate_on_submit():
        try:
            manuals.mark_reviewed(current_user.id, clock.now())
        except DomainError as error:
            flash(error.reason, "error")
        else:
            flash("Thanks — your manual is marked as reviewed today.", "success")
    return redirect(url_for(destination))


@bp.get("/revisions")
@login_required
def revisions():
    return render_template(
        "manuals/revisions.html", revisions=manuals.list_revisions(current_user.id)
    )


@bp.get("/revisions/<id:number>")
@login_required
def revision(number: int):
    try:
        diff = manuals.revision_diff(current_user.id, number)
    except NotFound:
        abort(404)
    return render_template("manuals/revision.html", diff=diff)


@bp.app_context_processor
def manual_helpers():
    """`manual_review()` for templates (home): computed only when a template calls it."""
    return {"manual_review": _review_state}
