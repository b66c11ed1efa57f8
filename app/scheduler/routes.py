"""Scheduler pages: find a time, book, reschedule, cancel, my meetings, and the JSON API.

Thin: forms in, `app.services.scheduling` / `app.services.meetings` do the work. The
"Find a time" form is a GET form, so a result page is a URL that can be shared and
works without JavaScript. Booking links carry the search's query string, so a booking
that lost a race sends the organiser back to fresh suggestions for the same search.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

from flask import (
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
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.meeting_details import default_title, location_link
from app.domain.scheduling import MeetingType, Suggestion
from app.extensions import limiter
from app.forms_common import form_status, show_domain_error
from app.paging import page_number
from app.scheduler import bp
from app.scheduler.forms import (
    TYPE_LABELS,
    BookForm,
    ConfirmForm,
    FindForm,
    MoveForm,
    RescheduleSearchForm,
    choices,
    parse_instant,
    parse_minutes,
)
from app.scheduler.presenters import best_first, explainer, ordered, result_json, week_view
from app.services import live_calendars, meetings, scheduling
from app.services.meetings import MeetingDetails, SlotTaken

DEFAULT_WINDOW_DAYS = 14


def _window_defaults() -> dict:
    today = clock.today_in(current_user.time_zone)
    return {"window_start": today, "window_end": today + timedelta(days=DEFAULT_WINDOW_DAYS - 1)}


def _find_form(*, pickers: bool = True) -> FindForm:
    """The form, with every active member and team as choices when the page renders the
    pickers; otherwise (JSON) with only those asked for, which is enough to validate
    them with the same checks and messages without reading the whole workspace."""
    form = FindForm(formdata=request.args or None, data=_window_defaults())
    people_ids = None if pickers else _chosen(form.required_people, form.optional_people)
    team_ids = None if pickers else _chosen(form.required_teams, form.optional_teams)
    people = choices(scheduling.member_choices(exclude_id=current_user.id, only=people_ids))
    teams = choices(scheduling.team_choices(only=team_ids))
    form.required_people.choices = form.optional_people.choices = people
    form.required_teams.choices = form.optional_teams.choices = teams
    return form


def _chosen(*fields) -> set[int]:
    """The ids submitted in these multiple-choice fields (already coerced to int)."""
    return {value for field in fields for value in field.data or ()}


def _query(form: FindForm | RescheduleSearchForm, **people) -> scheduling.FindQuery:
    window = scheduling.local_window(
        form.window_start.data, form.window_end.data, current_user.time_zone
    )
    return scheduling.FindQuery(
        organiser_id=current_user.id,
        window=window,
        minimum_notice=form.notice_delta,
        **people,
    )


def _find_query(form: FindForm) -> scheduling.FindQuery:
    return _query(
        form,
        required_people=tuple(form.required_people.data or ()),
        optional_people=tuple(form.optional_people.data or ()),
        required_teams=tuple(form.required_teams.data or ()),
        optional_teams=tuple(form.optional_teams.data or ()),
        duration=timedelta(minutes=form.duration.data),
        meeting_type=MeetingType(form.meeting_type.data),
    )


def _search(form: FindForm) -> scheduling.Found | None:
    """Run the search when the form was sent and is well formed; errors go on the form."""
    if not request.args or not form.validate():
        return None
    try:
        return scheduling.find_slots(_find_query(form), clock.now())
    except DomainError as error:
        show_domain_error(form, error)
        return None


@bp.get("/find")
@login_required
def find():
    form = _find_form()
    found = _search(form)
    explain = explainer(current_user.id, found)
    suggestions = best_first(found.result.suggestions, explain) if found else ()
    return render_template(
        "scheduler/find.html",
        form=form,
        found=found,
        suggestions=suggestions,
        weeks=week_view(suggestions, current_user.time_zone),
        book_url=_book_url,
        type_labels=TYPE_LABELS,
        calendar_notes=_calendar_notes(found),
        explain=explain,
        order=_order(),
        order_url=_order_url,
        ordered=ordered,
    ), form_status(form, sent=bool(request.args))


def _order_url(order: str) -> str:
    """This search again, shown in `order`."""
    args = request.args.to_dict(flat=False) | {"order": [order]}
    return url_for("scheduler.find") + "?" + urlencode(args, doseq=True)


def _order() -> str:
    """ "best" (the engine's ranking, the default) or "date" (soonest first)."""
    return "date" if request.args.get("order") == "date" else "best"


def _calendar_notes(found: scheduling.Found | None) -> list[str]:
    """The "Priya's calendar was last read 3 hours ago" notes for required people."""
    if found is None:
        return []
    period = timedelta(minutes=current_app.config["CALENDAR_REFRESH_MINUTES"])
    return live_calendars.stale_notes(list(found.invitees.required), clock.now(), period)


def _book_url(suggestion: Suggestion, meeting_type: str) -> str:
    """The booking form for one suggestion: its people (as the engine counted them)."""
    minutes = int((suggestion.end - suggestion.start).total_seconds() // 60)
    lines = suggestion.attendees
    return url_for(
        "scheduler.book",
        start=suggestion.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        duration=minutes,
        meeting_type=meeting_type,
        required=[int(a.attendee_id) for a in lines if a.required],
        optional=[int(a.attendee_id) for a in lines if not a.required],
        search=request.query_string.decode(),
    )


@bp.get("/api/suggestions")
@limiter.limit("120 per minute")
def api_suggestions():
    """The same search as "Find a time", as JSON (session-authenticated)."""
    if not current_user.is_authenticated:
        return jsonify(error="Sign in first."), 401
    form = _find_form(pickers=False)
    if not form.validate():
        return jsonify(errors=form.errors), 400
    try:
        found = scheduling.find_slots(_find_query(form), clock.now())
    except DomainError as error:
        return jsonify(errors={error.field or "form": [error.reason]}), 400
    invitees = found.invitees
    return jsonify(result_json(found.result, invitees.required, invitees.optional))


def _book_form() -> BookForm:
    form = BookForm() if request.method == "POST" else BookForm(formdata=request.args)
    people = choices(scheduling.member_choices())
    form.required.choices = form.optional.choices = people
    return form


def _find_url(search: str) -> str:
    """Back to "Find a time" with the same search (only a query string, never a URL)."""
    query = urlencode(parse_qsl(search or ""))
    return url_for("scheduler.find") + (f"?{query}" if query else "")


@bp.route("/meetings/new", methods=["GET", "POST"])
@login_required
def book():
    form = _book_form()
    start = parse_instant(form.start.data)
    minutes = parse_minutes(form.duration.data)
    if start is None or minutes is None:
        flash("Pick a time from the suggestions first.", "info")
        return redirect(_find_url(form.search.data))
    if form.validate_on_submit():
        try:
            meeting = meetings.book(
                current_user.id,
                MeetingDetails(
                    form.title.data,
                    MeetingType(form.meeting_type.data),
                    form.agenda.data or "",
                    form.location.data or "",
                ),
                start=start,
                duration=timedelta(minutes=minutes),
                required_ids=tuple(form.required.data or ()),
                optional_ids=tuple(form.optional.data or ()),
                now=clock.now(),
            )
        except SlotTaken as error:
            flash(error.reason, "error")
            return redirect(_find_url(form.search.data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(f"“{meeting.title}” is booked.", "success")
            return redirect(url_for("scheduler.meeting", meeting_id=meeting.id))
    names = {choice.value: choice.label for choice in form.required.choices}
    if request.method == "GET" and not form.title.data:
        form.title.data = _default_title(form, names)
    end = start + timedelta(minutes=minutes)
    return render_template(
        "scheduler/book.html",
        form=form,
        start=start,
        end=end,
        names=names,
        back_url=_find_url(form.search.data),
    ), form_status(form)


def _default_title(form: BookForm, names: dict[int, str]) -> str:
    """The team's name when the search was one whole team, else the other people's
    names ("Priya, Sam and Jonas")."""
    asked = parse_qsl(form.search.data or "")
    teams = sorted(set(_ids(v for k, v in asked if k in {"required_teams", "optional_teams"})))
    people = [v for k, v in asked if k in {"required_people", "optional_people"}]
    team_name = ""
    if len(teams) == 1 and not people:
        team_name = dict(scheduling.team_choices(only=teams)).get(teams[0], "")
    ids = [*(form.required.data or ()), *(form.optional.data or ())]
    others = [names[i] for i in ids if i != current_user.id and i in names]
    return default_title(others, team_name)


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 10]


@bp.get("/meetings")
@login_required
def my_meetings():
    page = meetings.upcoming(
        current_user.id,
        clock.now(),
        page_number(),
        current_app.config["PAGE_SIZE"],
    )
    return render_template("scheduler/my_meetings.html", page=page, type_labels=TYPE_LABELS)


@bp.get("/meetings/<id:meeting_id>")
@login_required
def meeting(meeting_id: int):
    found = meetings.get_meeting(current_user.id, meeting_id)
    return render_template(
        "scheduler/meeting.html",
        meeting=found,
        confirm=ConfirmForm(),
        type_labels=TYPE_LABELS,
        location_link=location_link,
    )


@bp.post("/meetings/<id:meeting_id>/cancel")
@login_required
def cancel(meeting_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            meetings.cancel(current_user.id, meeting_id, now=clock.now())
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            flash(error.reason, "error")
        else:
            flash("The meeting is cancelled.", "success")
    return redirect(url_for("scheduler.meeting", meeting_id=meeting_id))


@bp.route("/meetings/<id:meeting_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(meeting_id: int):
    found_meeting = meetings.get_meeting(current_user.id, meeting_id)
    if found_meeting.organiser_id != current_user.id:
        raise NotAllowed("", "Only the organiser can move this meeting.")
    move = MoveForm()
    if move.validate_on_submit():
        try:
            meetings.reschedule(
                current_user.id, meeting_id, start=parse_instant(move.start.data), now=clock.now()
            )
        except DomainError as error:
            flash(error.reason, "error")
            return redirect(url_for("scheduler.reschedule", meeting_id=meeting_id))
        flash("The meeting has moved.", "success")
        return redirect(url_for("scheduler.meeting", meeting_id=meeting_id))
    return _reschedule_page(found_meeting, move)


def _reschedule_page(found_meeting, move: MoveForm):
    form = RescheduleSearchForm(formdata=request.args or None, data=_window_defaults())
    found = None
    if form.validate():
        invitees = meetings.invitees_of(found_meeting)
        query = _query(
            form,
            required_people=invitees.required,
            optional_people=invitees.optional,
            duration=found_meeting.end - found_meeting.start,
            meeting_type=MeetingType(found_meeting.meeting_type),
            exclude_meeting_id=found_meeting.id,
        )
        try:
            found = scheduling.find_slots(query, clock.now())
        except DomainError as error:
            show_domain_error(form, error)
    return render_template(
        "scheduler/reschedule.html",
        meeting=found_meeting,
        form=form,
        move=move,
        found=found,
        weeks=week_view(found.result.suggestions, current_user.time_zone) if found else [],
        explain=explainer(current_user.id, found),
    ), max(form_status(form, sent=bool(request.args)), form_status(move))


@bp.app_context_processor
def upcoming_meetings():
    """`my_upcoming_meetings()` for the home page: the next few, in three queries."""

    def my_upcoming_meetings(limit: int = 5):
        if not current_user.is_authenticated:
            return []
        return meetings.upcoming(current_user.id, clock.now(), 1, limit).items

    return {"my_upcoming_meetings": my_upcoming_meetings}
