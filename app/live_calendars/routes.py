"""Live calendars: connect subscription addresses and CalDAV accounts, see their status,
refresh them now, choose CalDAV calendars (busy, write-back), remove them.

Views stay thin: parse the form, call `app.services.live_calendars`, queue the work
(`app.tasks`) once the service has committed, redirect. Every POST answers with a
redirect (so a reload never repeats it) except a refused form, which is shown again
with its message and without the password or the address's secret part.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock, tasks
from app.calendars.forms import ButtonForm
from app.domain.errors import DomainError, NotFound
from app.forms_common import REFUSED, show_domain_error
from app.limits import parse_id
from app.live_calendars import bp
from app.live_calendars.forms import CaldavForm, SubscriptionForm
from app.services import live_calendars
from app.services.calendar_refresh import RefreshSettings


def _policy():
    return RefreshSettings.from_config(current_app.config).policy


MAX_CALENDARS = 200  # ticks one account can send; servers list a handful


def _page(subscription=None, caldav=None, status=200):
    page = render_template(
        "calendars/live.html",
        connections=live_calendars.connections_of(current_user.id),
        subscription_form=subscription or SubscriptionForm(formdata=None),
        caldav_form=caldav or CaldavForm(formdata=None),
        button=ButtonForm(formdata=None),
        refresh_minutes=current_app.config["CALENDAR_REFRESH_MINUTES"],
    )
    return page, status


@bp.get("/calendar/live")
@login_required
def index():
    return _page()


@bp.post("/calendar/live/subscriptions")
@login_required
def add_subscription():
    form = SubscriptionForm()
    if form.validate_on_submit():
        try:
            connection_id = live_calendars.add_subscription(
                current_user.id, form.url.data, form.label.data, clock.now(), _policy()
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            tasks.enqueue_refresh(connection_id)
            flash("Subscribed. Its busy time is being read now.", "success")
            return redirect(url_for(".index"))
    return _page(subscription=form, status=REFUSED)


@bp.post("/calendar/live/caldav")
@login_required
def add_caldav():
    form = CaldavForm()
    if form.validate_on_submit():
        try:
            connection_id = live_calendars.add_caldav(
                current_user.id,
                url=form.server_url.data,
                username=form.username.data,
                password=form.password.data,
                label=form.label.data,
                now=clock.now(),
                policy=_policy(),
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash("Connected. Now tick the calendars that count as busy.", "success")
            return redirect(url_for(".choose", connection_id=connection_id))
    return _page(caldav=form, status=REFUSED)


def _own(connection_id: int):
    found = [c for c in live_calendars.connections_of(current_user.id) if c.id == connection_id]
    if not found:
        abort(404)
    return found[0]


@bp.get("/calendar/live/<id:connection_id>")
@login_required
def choose(connection_id: int):
    connection = _own(connection_id)
    if connection.kind != "caldav":
        return redirect(url_for(".index"))
    return render_template(
        "calendars/live_choose.html", connection=connection, button=ButtonForm(formdata=None)
    )


def _ids(values: list[str]) -> set[int] | None:
    """Ticked calendar ids, each a row id in range; None when any is not (a 400)."""
    if len(values) > MAX_CALENDARS:
        return None
    ids = {parse_id(value) for value in values if value}
    return None if None in ids else ids


@bp.post("/calendar/live/<id:connection_id>/calendars")
@login_required
def save_choice(connection_id: int):
    if not ButtonForm().validate_on_submit():
        return redirect(url_for(".choose", connection_id=connection_id))
    busy = _ids(request.form.getlist("busy"))
    write = _ids([request.form.get("write_back", "")])
    if busy is None or write is None or len(write) > 1:
        abort(400)
    try:
        live_calendars.choose_calendars(
            current_user.id,
            connection_id,
            busy_ids=busy,
            write_back_id=next(iter(write), None),
            now=clock.now(),
        )
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error.reason, "error")
        return redirect(url_for(".choose", connection_id=connection_id))
    tasks.enqueue_refresh(connection_id)
    flash("Saved. The ticked calendars are being read now.", "success")
    return redirect(url_for(".index"))


@bp.post("/calendar/live/<id:connection_id>/refresh")
@login_required
def refresh(connection_id: int):
    if ButtonForm().validate_on_submit():
        try:
            live_calendars.request_refresh(current_user.id, connection_id, clock.now())
        except NotFound:
            abort(404)
        tasks.enqueue_refresh(connection_id)
        flash("Refreshing now; reload this page in a moment to see the result.", "success")
    return redirect(url_for(".index"))


@bp.post("/calendar/live/<id:connection_id>/delete")
@login_required
def delete(connection_id: int):
    if ButtonForm().validate_on_submit():
        try:
            live_calendars.remove(current_user.id, connection_id)
        except NotFound:
            abort(404)
        flash("Calendar removed; its busy time no longer counts.", "success")
    return redirect(url_for(".index"))
