"""/api/v1: find meeting times, and book, list, reschedule and cancel my meetings.

The same services as "Find a time" and the meeting pages (`scheduling.find_slots`,
`meetings.book`, `reschedule`, `cancel`, `upcoming`, `get_meeting`), with the token's
owner as organiser. Booking, moving and cancelling need a read+write token.
"""

from __future__ import annotations

from datetime import timedelta

from app import clock
from app.api.auth import holder, token_auth
from app.api.blueprint import READ_ERRORS, WRITE_ERRORS, bp
from app.api.schemas import (
    BookIn,
    FindIn,
    FindOut,
    MeetingOut,
    MeetingsPage,
    PageQuery,
    RescheduleIn,
)
from app.domain.errors import DomainError
from app.domain.scheduling import MeetingType
from app.scheduler.presenters import result_json
from app.services import accounts, meetings, scheduling
from app.services.meetings import MeetingDetails

MEETING_ID = "<id:meeting_id>"


def _meeting_out(meeting) -> dict:
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "title": meeting.title,
        "meeting_type": meeting.meeting_type,
        "agenda": meeting.agenda,
        "location": meeting.location,
        "start": meeting.start,
        "end": meeting.end,
        "status": meeting.status,
        "sequence": meeting.sequence,
        "organiser_id": meeting.organiser_id,
        "attendees": [
            {"id": a.member_id, "name": a.member.display_name, "required": a.required}
            for a in sorted(meeting.attendees, key=lambda a: (a.member.display_name, a.id))
        ],
    }


def _window(data: dict, zone: str):
    today = clock.today_in(zone)
    first = data["window_start"] or today
    last = data["window_end"] or first + timedelta(days=13)
    if last < first:
        raise DomainError("window_end", "The window must end on or after its first day.")
    if (last - first).days + 1 > scheduling.MAX_WINDOW_DAYS:
        raise DomainError("window_end", f"Search at most {scheduling.MAX_WINDOW_DAYS} days.")
    return scheduling.local_window(first, last, zone)


def _five_minutes(minutes: int) -> timedelta:
    if minutes % 5:
        raise DomainError("duration_minutes", "Use 5-minute steps (for example 25, 30 or 45).")
    return timedelta(minutes=minutes)


@bp.post("/scheduling/find")
@bp.auth_required(token_auth)
@bp.input(FindIn, arg_name="search")
@bp.output(FindOut)
@bp.doc(
    summary="Find meeting times",
    description="What “Find a time” does: ranked, diverse suggestions for me and the people "
    "or teams given, each with a line per attendee, or why nothing fits and the smallest "
    "relaxation. Nothing is booked; a read token may search.",
    responses=READ_ERRORS,
)
def find_times(search: dict):
    organiser = accounts.get_member(holder().member_id)
    query = scheduling.FindQuery(
        organiser_id=organiser.id,
        required_people=tuple(search["required_people"]),
        optional_people=tuple(search["optional_people"]),
        required_teams=tuple(search["required_teams"]),
        optional_teams=tuple(search["optional_teams"]),
        duration=_five_minutes(search["duration_minutes"]),
        window=_window(search, organiser.time_zone),
        meeting_type=MeetingType(search["meeting_type"]),
        minimum_notice=timedelta(minutes=search["notice_minutes"]),
    )
    found = scheduling.find_slots(query, clock.now())
    return result_json(found.result, found.invitees.required, found.invitees.optional)


@bp.get("/me/meetings")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(MeetingsPage)
@bp.doc(
    summary="List my meetings",
    description="Booked meetings that have not ended yet.",
    responses=READ_ERRORS,
)
def my_meetings(query: dict):
    page = meetings.upcoming(holder().member_id, clock.now(), query["page"], query["per_page"])
    return {
        "items": [_meeting_out(m) for m in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total or 0,
        "pages": max(1, page.pages),
    }


@bp.post("/me/meetings")
@bp.auth_required(token_auth, roles=["write"])
@bp.input(BookIn, arg_name="booking")
@bp.output(MeetingOut, status_code=201)
@bp.doc(
    summary="Book a meeting",
    description="Books it if the slot still fits every required attendee (checked again "
    "inside the booking); 409 if someone's day filled up meanwhile.",
    responses=WRITE_ERRORS,
)
def book_meeting(booking: dict):
    meeting = meetings.book(
        holder().member_id,
        MeetingDetails(
            booking["title"],
            MeetingType(booking["meeting_type"]),
            booking["agenda"],
            booking["location"],
        ),
        start=booking["start"],
        duration=_five_minutes(booking["duration_minutes"]),
        required_ids=tuple(booking["required_people"]),
        optional_ids=tuple(booking["optional_people"]),
        now=clock.now(),
    )
    return _meeting_out(meetings.get_meeting(holder().member_id, meeting.id))


@bp.get(f"/me/meetings/{MEETING_ID}")
@bp.auth_required(token_auth)
@bp.output(MeetingOut)
@bp.doc(summary="Read one of my meetings", responses=READ_ERRORS)
def my_meeting(meeting_id: int):
    return _meeting_out(meetings.get_meeting(holder().member_id, meeting_id))


@bp.post(f"/me/meetings/{MEETING_ID}/reschedule")
@bp.auth_required(token_auth, roles=["write"])
@bp.input(RescheduleIn, arg_name="move")
@bp.output(MeetingOut)
@bp.doc(
    summary="Move a meeting I organise",
    description="Same people and length; SEQUENCE + 1 so invitations update.",
    responses=WRITE_ERRORS,
)
def reschedule_meeting(meeting_id: int, move: dict):
    member_id = holder().member_id
    meetings.reschedule(member_id, meeting_id, start=move["start"], now=clock.now())
    return _meeting_out(meetings.get_meeting(member_id, meeting_id))


@bp.post(f"/me/meetings/{MEETING_ID}/cancel")
@bp.auth_required(token_auth, roles=["write"])
@bp.output(MeetingOut)
@bp.doc(
    summary="Cancel a meeting I organise",
    description="Attendees' invitations carry the cancellation (METHOD:CANCEL, SEQUENCE + 1).",
    responses=WRITE_ERRORS,
)
def cancel_meeting(meeting_id: int):
    member_id = holder().member_id
    meetings.cancel(member_id, meeting_id, now=clock.now())
    return _meeting_out(meetings.get_meeting(member_id, meeting_id))
