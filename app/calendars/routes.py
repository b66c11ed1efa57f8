"""Calendar pages and files: feed settings, secret feed URLs, invites, downloads, imports.

Public by design, and only these two: `personal_feed` and `team_feed`, reached by a
secret token in the URL (a wrong or revoked one is a plain 404). Everything else needs
a signed-in member. A new feed URL is shown once: the POST that made it keeps it in a
one-time session slot (`app.shown_once`) and redirects to the settings page, which
takes it out as it shows it (never stored in the database), with
`Cache-Control: no-store`; a reload shows the page without it and makes no new one.

Every .ics answer is `text/calendar; charset=utf-8` with an ETag (hash of the body)
and Last-Modified (the content's last change), and answers a conditional GET with
304 Not Modified (Werkzeug's `make_conditional`: If-None-Match wins over
If-Modified-Since, as RFC 9110 says).

Uploads: the app-wide body limit (MAX_CONTENT_LENGTH) would turn a calendar a little
over ICS_IMPORT_MAX_BYTES into a bare 413 page, so the import route accepts bodies up
to `upload_body_limit()` and the domain refuses the file with its own message
("larger than the 2 MB limit"). The limit is raised in a URL value preprocessor, the
one hook Flask runs before the CSRF check reads the form. Still larger bodies get 413,
answered on this page with the same kind of message.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from app import clock, shown_once
from app.calendars import bp
from app.calendars.forms import ButtonForm, ImportForm, TeamFeedForm
from app.domain.calendar.subscribe_links import AddLink, add_links, webcal
from app.domain.errors import DomainError
from app.forms_common import REFUSED, show_domain_error
from app.services import calendar_import, feeds, invites_ics, live_calendars
from app.services.feeds import CalendarFile

ICS_MIMETYPE = "text/calendar; charset=utf-8"
NEW_FEED_URL = "calendar.new_feed_url"  # the one-time session slot for a new address
UPLOAD_SLACK = 64 * 1024  # room for the form's other fields and multipart framing


def upload_body_limit() -> int:
    """Request bodies the import route accepts: room for files well above the limit."""
    config = current_app.config
    return max(config["MAX_CONTENT_LENGTH"] or 0, 4 * config["ICS_IMPORT_MAX_BYTES"])


@bp.url_value_preprocessor
def _allow_oversized_calendars(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "calendars.import_calendar":
        request.max_content_length = upload_body_limit() + UPLOAD_SLACK


# --- the settings page ------------------------------------------------------------------


def _team_form(*, blank: bool = False) -> TeamFeedForm:
    """The team feed form: from the request, or `blank` (own zone preselected)."""
    form = TeamFeedForm(formdata=None) if blank else TeamFeedForm()
    form.team_id.choices = feeds.subscribable_teams(current_user.id)
    if blank or not form.is_submitted():
        form.zone.data = current_user.time_zone
    return form


@dataclass(frozen=True)
class NewFeed:
    """A new feed address, shown once: as text, as webcal://, and as "Add to" links."""

    url: str
    name: str
    webcal: str
    add_links: tuple[AddLink, ...]

    @classmethod
    def of(cls, kept: dict) -> NewFeed:
        url, name = str(kept.get("url", "")), str(kept.get("name", "Teamshape"))
        return cls(url, name, webcal(url), add_links(url, name))


def _page(
    *,
    new_feed: NewFeed | None = None,
    team_form: TeamFeedForm | None = None,
    import_form: ImportForm | None = None,
    status: int = 200,
):
    """The settings page; forms not passed in are blank (the request may be unreadable)."""
    live = feeds.active_feeds(current_user.id)
    teams = dict(feeds.subscribable_teams(current_user.id))
    page = render_template(
        "calendars/settings.html",
        personal=next((f for f in live if f.kind == "personal"), None),
        team_feeds=[(f, teams.get(f.team_id, "")) for f in live if f.kind == "team"],
        new_url=new_feed.url if new_feed else None,
        new_feed=new_feed,
        team_form=team_form or _team_form(blank=True),
        import_form=import_form or ImportForm(formdata=None),
        button=ButtonForm(formdata=None),
        imports=calendar_import.list_imports(current_user.id),
        connections=live_calendars.connections_of(current_user.id),
        max_mb=current_app.config["ICS_IMPORT_MAX_BYTES"] / (1024 * 1024),
        weeks=current_app.config["ICS_IMPORT_WEEKS"],
    )
    response = Response(page, status=status)
    if new_feed:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/calendar")
@login_required
def settings():
    kept = shown_once.take(NEW_FEED_URL)
    if isinstance(kept, str):  # kept by an older version: the address alone
        kept = {"url": kept, "name": "Teamshape"}
    return _page(new_feed=NewFeed.of(kept) if kept else None)


def _url_for_token(kind: str, token: str) -> str:
    endpoint = "calendars.personal_feed" if kind == "personal" else "calendars.team_feed"
    return url_for(endpoint, token=token, _external=True)


def _show_once(kind: str, token: str, team_name: str = ""):
    """Post/redirect/get: the settings page shows the new address, once."""
    name = f"Teamshape: {team_name}" if team_name else f"Teamshape: {current_user.display_name}"
    shown_once.keep(NEW_FEED_URL, {"url": _url_for_token(kind, token), "name": name})
    return redirect(url_for(".settings"))


@bp.post("/calendar/feed")
@login_required
def turn_on_personal():
    if not ButtonForm().validate_on_submit():
        return redirect(url_for(".settings"))
    token = feeds.turn_on_personal(current_user.id, clock.now())
    return _show_once("personal", token)


@bp.post("/calendar/team-feed")
@login_required
def turn_on_team():
    form = _team_form()
    if form.validate_on_submit():
        try:
            token = feeds.turn_on_team(
                current_user.id, form.team_id.data, form.zone.data, clock.now()
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return _show_once("team", token, dict(form.team_id.choices).get(form.team_id.data, ""))
    return _page(team_form=form, status=REFUSED)


@bp.post("/calendar/feeds/<id:feed_id>/regenerate")
@login_required
def regenerate(feed_id: int):
    if not ButtonForm().validate_on_submit():
        return redirect(url_for(".settings"))
    feed = next((f for f in feeds.active_feeds(current_user.id) if f.id == feed_id), None)
    token = feeds.regenerate(current_user.id, feed_id, clock.now())
    if feed is None or feed.kind != "team":
        return _show_once(feed.kind if feed else "", token)
    team_name = dict(feeds.subscribable_teams(current_user.id)).get(feed.team_id, "")
    return _show_once("team", token, team_name)


@bp.post("/calendar/feeds/<id:feed_id>/revoke")
@login_required
def revoke(feed_id: int):
    if ButtonForm().validate_on_submit():
        feeds.revoke(current_user.id, feed_id, clock.now())
        flash("That feed address no longer works.", "success")
    return redirect(url_for(".settings"))


@bp.get("/calendar/meeting-friendly-hours.ics")
@login_required
def download():
    return _ics(feeds.download_personal(current_user.id, clock.now()), attachment=True)


# --- importing busy time ----------------------------------------------------------------


@bp.post("/calendar/imports")
@login_required
def import_calendar():
    form = ImportForm()
    if form.validate_on_submit():
        config = current_app.config
        max_bytes = config["ICS_IMPORT_MAX_BYTES"]
        try:
            summary = calendar_import.import_calendar(
                current_user.id,
                form.file.data.stream.read(max_bytes + 1),
                source=form.source.data,
                now=clock.now(),
                weeks=config["ICS_IMPORT_WEEKS"],
                max_bytes=max_bytes,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(
                f"Imported “{summary.source}”: {summary.event_count} events, "
                f"{summary.busy_count} busy spans in the next {config['ICS_IMPORT_WEEKS']} weeks.",
                "success",
            )
            return redirect(url_for(".settings"))
    return _page(import_form=form, status=REFUSED)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge):
    if request.endpoint != "calendars.import_calendar" or not current_user.is_authenticated:
        from app.errors import render_error

        return render_error(413)
    form = ImportForm(formdata=None)
    limit = current_app.config["ICS_IMPORT_MAX_BYTES"] / (1024 * 1024)
    form.file.errors = [f"The file is larger than the {limit:g} MB limit."]
    return _page(import_form=form, status=413)


@bp.post("/calendar/imports/<id:import_id>/delete")
@login_required
def delete_import(import_id: int):
    if ButtonForm().validate_on_submit():
        calendar_import.delete_import(current_user.id, import_id)
        flash("Import deleted; its busy time no longer counts.", "success")
    return redirect(url_for(".settings"))


# --- files: feeds by token, invitations ------------------------------------------------


@bp.get("/feeds/<token>.ics")
def personal_feed(token: str):
    return _ics(feeds.personal_feed(token, clock.now()))


@bp.get("/feeds/team/<token>.ics")
def team_feed(token: str):
    return _ics(feeds.team_feed(token, clock.now()))


@bp.get("/meetings/<id:meeting_id>/invite.ics")
@login_required
def meeting_invite(meeting_id: int):
    page = url_for("scheduler.meeting", meeting_id=meeting_id, _external=True)
    return _ics(invites_ics.invite_file(current_user.id, meeting_id, page), attachment=True)


def _ics(file: CalendarFile, *, attachment: bool = False) -> Response:
    """The file with caching headers; 304 when the client's copy is current."""
    response = Response(file.body, content_type=ICS_MIMETYPE)
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{file.filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(file.etag)
    response.last_modified = file.last_modified
    return response.make_conditional(request)
