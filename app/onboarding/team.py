"""Meet your team, intro 1:1s, and onboarding progress, on the onboarding blueprint.

Reading a card changes nothing: its link goes straight to the teammate's profile (and
the old `/onboarding/team/<id>` address only redirects there), so link prefetching and
crawlers record nothing. A new hire records a read with the card's "I've read this"
button, a POST (`mark_read`). Intros
are proposed by a GET (nothing is written), reviewed in a plain form (drop = untick,
swap = pick another of that teammate's times) and booked by one POST, all or none.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.access import admin_required
from app.admin.forms import ConfirmForm
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.forms_common import REFUSED
from app.onboarding import bp
from app.onboarding.wizard_forms import chosen_intros
from app.paging import page_number
from app.services import onboarding
from app.services.paging import Page


@bp.get("/onboarding/team")
@login_required
def meet_team():
    cards = onboarding.team_cards(current_user.id, clock.now())
    is_hire = onboarding.wizard_progress(current_user.id) is not None
    return render_template(
        "onboarding/team.html", cards=cards, is_hire=is_hire, confirm=ConfirmForm()
    )


@bp.get("/onboarding/team/<id:member_id>")
@login_required
def open_card(member_id: int):
    """The teammate's profile; records nothing (a GET never writes)."""
    if member_id not in onboarding.teammate_ids(current_user.id):
        abort(404)
    return redirect(url_for("directory.profile", member_id=member_id))


@bp.post("/onboarding/team/<id:member_id>/read")
@login_required
def mark_read(member_id: int):
    """A new hire marks a teammate's card read, then comes back to the cards."""
    try:
        onboarding.mark_card_read(current_user.id, member_id, clock.now())
    except NotFound:
        abort(404)
    except NotAllowed:
        abort(403)
    return redirect(url_for("onboarding.meet_team", _anchor=f"card-{member_id}"))


def _per_day() -> int:
    return current_app.config["INTROS_PER_DAY"]


@bp.get("/onboarding/intros")
@login_required
def intros():
    if onboarding.wizard_progress(current_user.id) is None:
        abort(404)
    return render_template(
        "onboarding/intros.html", booked=onboarding.booked_intros(current_user.id)
    )


def _review(errors=(), chosen=None, status: int = 200):
    try:
        proposal = onboarding.propose_intros(current_user.id, clock.now(), _per_day())
    except NotFound:
        abort(404)
    page = render_template(
        "onboarding/review.html",
        proposal=proposal,
        errors=errors,
        picks=_picks(proposal, chosen or []),
        included={str(t) for t, _ in chosen} if chosen is not None else None,
        confirm=ConfirmForm(),
        per_day=_per_day(),
    )
    return page, status


def _picks(proposal, chosen) -> dict[str, str]:
    """The time shown selected per intro: the hire's earlier pick if still offered."""
    wanted = {str(t): start for t, start in chosen}
    picks = {}
    for intro in proposal.plan.intros:
        want = wanted.get(intro.teammate_id)
        offered = want is not None and any(o.start == want for o in intro.options)
        picks[intro.teammate_id] = (want if offered else intro.slot.start).isoformat()
    return picks


@bp.get("/onboarding/intros/plan")
@login_required
def plan_intros():
    return _review()


@bp.post("/onboarding/intros/book")
@login_required
def book_intros():
    try:
        chosen = chosen_intros(request.form)
    except ValueError:
        abort(400)
    try:
        booked = onboarding.book_intros(current_user.id, chosen, clock.now(), _per_day())
    except onboarding.IntroTaken as taken:
        message = f"Nothing was booked. {taken.reason} Here are fresh suggestions."
        return _review([message], chosen, 409)
    except NotFound:
        abort(404)
    except DomainError as error:
        return _review([f"Nothing was booked. {error.reason}"], chosen, REFUSED)
    count = f"{len(booked)} intro 1:1{'s' if len(booked) != 1 else ''}"
    flash(f"Booked {count}. Download the invites as one calendar file.", "success")
    return redirect(url_for("onboarding.intros"))


@bp.get("/onboarding/intros.ics")
@login_required
def intros_ics():
    try:
        body = onboarding.intros_calendar(current_user.id, clock.now())
    except NotFound:
        abort(404)
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="intro-1-1s.ics"'},
    )


@bp.get("/admin/onboarding")
@admin_required
def progress():
    page = page_number()
    per_page = current_app.config["PAGE_SIZE"]
    hires, total = onboarding.recent_hires(clock.today_in(current_user.time_zone), page, per_page)
    return render_template(
        "onboarding/progress.html",
        page=Page(hires, page, per_page, total),
        days=onboarding.RECENT_HIRE_DAYS,
    )


@bp.app_context_processor
def onboarding_home():
    """`onboarding_checklist()` and `new_on_my_team()` for the home page, computed lazily."""

    def onboarding_checklist():
        if not current_user.is_authenticated:
            return None
        return onboarding.checklist(current_user.id)

    def new_on_my_team():
        if not current_user.is_authenticated:
            return []
        return onboarding.new_on_your_team(current_user.id, clock.today_in(current_user.time_zone))

    return {"onboarding_checklist": onboarding_checklist, "new_on_my_team": new_on_my_team}
