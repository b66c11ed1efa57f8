"""The first-manual wizard and the onboarding overview, on the onboarding blueprint.

After accepting an invite the new hire lands on `welcome`, which opens the first
unfinished step: so leaving and coming back resumes where they stopped. Each step is
a plain form saved on submit (or skipped with its own button); a refused step renders
again with everything typed kept and the problem at its field.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import clock
from app.domain import manual as rules
from app.domain.errors import DomainError
from app.forms_common import form_status, show_domain_error
from app.onboarding import bp
from app.onboarding.wizard_forms import STEP_FORMS, CommunicationForm, HoursForm
from app.services import manuals, onboarding
from app.services.onboarding import STEP_TITLES, STEPS


def _progress() -> onboarding.WizardProgress:
    progress = onboarding.wizard_progress(current_user.id)
    if progress is None:
        abort(404)
    return progress


def _next_page(progress: onboarding.WizardProgress):
    if progress.current is None:
        flash("Your first manual is written. Next: meet your team.", "success")
        return redirect(url_for("onboarding.overview"))
    return redirect(url_for("onboarding.wizard", step=progress.current))


@bp.get("/onboarding")
@login_required
def overview():
    return render_template(
        "onboarding/overview.html",
        progress=onboarding.wizard_progress(current_user.id),
        checklist=onboarding.checklist(current_user.id),
        steps=STEPS,
        titles=STEP_TITLES,
    )


@bp.get("/onboarding/welcome")
@login_required
def welcome():
    progress = _progress()
    if progress.current is None:
        return redirect(url_for("onboarding.overview"))
    return redirect(url_for("onboarding.wizard", step=progress.current))


def _fill(form, step: str) -> None:
    if step == "hours":
        form.fill_from(onboarding.hours_draft(current_user.id))
    else:
        form.fill_from(manuals.load_draft(current_user.id))


def _save(form, step: str) -> None:
    now = clock.now()
    if isinstance(form, HoursForm):
        onboarding.save_hours(current_user.id, form.hours(), now)
    elif isinstance(form, CommunicationForm):
        saved = manuals.load_draft(current_user.id).preferences
        preferences = form.preferences(saved)
        onboarding.save_sections(current_user.id, step, form.sections_data(), now, preferences)
    else:
        onboarding.save_sections(current_user.id, step, form.sections_data(), now)


@bp.route("/onboarding/wizard/<step>", methods=["GET", "POST"])
@login_required
def wizard(step: str):
    progress = _progress()
    if step not in STEP_FORMS:
        abort(404)
    form = STEP_FORMS[step]()
    if not form.is_submitted():
        _fill(form, step)
    elif form.skipping:
        return _next_page(onboarding.skip_step(current_user.id, step, clock.now()))
    elif form.validate():
        try:
            _save(form, step)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _next_page(onboarding.wizard_progress(current_user.id))
    page = render_template(
        "onboarding/wizard.html",
        form=form,
        step=step,
        steps=STEPS,
        titles=STEP_TITLES,
        progress=progress,
        teams=onboarding.my_teams(current_user.id),
        visibilities=rules.VISIBILITIES,
    )
    return page, form_status(form)
