"""The core parts of a member's export: profile, manual, revisions, pattern, meetings,
calendar imports, onboarding, feeds and API tokens.

Rows are read directly (one query per part, whatever their number) and written as plain
JSON values. Secrets never appear: feed and API tokens are stored only as hashes and
only their names and dates are exported; imported calendars were never kept beyond
their busy spans, so only their metadata is.
"""

from __future__ import annotations

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.domain.errors import NotFound
from app.extensions import db
from app.models import (
    ApiToken,
    CalendarImport,
    CardRead,
    FeedToken,
    Manual,
    ManualRevision,
    ManualSection,
    Meeting,
    MeetingAttendee,
    Member,
    Membership,
    OnboardingState,
    OneOffHoursEntry,
    PatternBlock,
    Team,
    TimeOffEntry,
)
from app.services.export.registry import RawJSON, iso, register_part
from app.services.export.shapes import (
    DAY,
    INT,
    MANUAL,
    MEETINGS,
    NSTR,
    NTIME,
    ONBOARDING,
    PATTERN,
    PROFILE,
    REVISIONS,
    STR,
    TIME,
    array,
    obj,
)
from app.services.revisions import PREFERENCE_FIELDS


def _member(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    return member


def profile(member_id: int) -> dict:
    member = _member(member_id)
    teams = db.session.execute(
        select(Team.name, Membership.role_in_team, Membership.joined_at)
        .join(Membership, Membership.team_id == Team.id)
        .where(Membership.member_id == member_id)
        .order_by(Team.name)
    ).all()
    return {
        "id": member.id,
        "email": member.email,
        "display_name": member.display_name,
        "pronouns": member.pronouns,
        "headline": member.headline,
        "time_zone": member.time_zone,
        "role": member.role,
        "start_date": member.start_date.isoformat() if member.start_date else None,
        "active": member.active,
        "created_at": iso(member.created_at),
        "teams": [
            {"name": name, "role_in_team": role, "joined_at": iso(joined)}
            for name, role, joined in teams
        ],
    }


def manual(member_id: int) -> dict:
    header = db.session.scalar(select(Manual).where(Manual.member_id == member_id))
    sections = db.session.scalars(
        select(ManualSection)
        .where(ManualSection.member_id == member_id)
        .order_by(ManualSection.key)
    )
    preferences = {f: getattr(header, f) for f in PREFERENCE_FIELDS} if header else None
    return {
        "sections": [{"key": s.key, "visibility": s.visibility, "body": s.body} for s in sections],
        "preferences": preferences,
        "last_reviewed_at": iso(header.last_reviewed_at) if header else None,
        "updated_at": iso(header.updated_at) if header else None,
    }


def revisions(member_id: int) -> list[dict]:
    rows = db.session.execute(
        select(ManualRevision.number, ManualRevision.created_at, ManualRevision.snapshot)
        .where(ManualRevision.member_id == member_id)
        .order_by(ManualRevision.number)
    )
    return [
        {"number": number, "created_at": iso(created), "snapshot": _as_written(snapshot)}
        for number, created, snapshot in rows
    ]


def _as_written(snapshot: str) -> object:
    """The stored snapshot verbatim, when that is exactly what re-encoding would write.

    Snapshots are written by `json.dumps` (ASCII, `", "` and `": "`), which is what
    `readable_json` writes too except that it leaves non-ASCII text readable: text with
    a `\\u` escape is decoded, so that it is encoded readably; any other is kept as is.
    """
    if "\\u" in snapshot:
        return json.loads(snapshot)
    return RawJSON(snapshot)


def weekly_pattern(member_id: int) -> dict:
    blocks = db.session.scalars(
        select(PatternBlock)
        .where(PatternBlock.member_id == member_id)
        .order_by(PatternBlock.weekday, PatternBlock.start_minute, PatternBlock.id)
    )
    return {
        "time_zone": _member(member_id).time_zone,
        "blocks": [
            {
                "kind": b.kind,
                "weekday": b.weekday,
                "start": _clock(b.start_minute),
                "end": _clock(b.end_minute),
                "energy": b.energy,
                "hard": b.hard,
                "label": b.label,
                "private": b.private,
            }
            for b in blocks
        ],
    }


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def one_off_hours(member_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(OneOffHoursEntry)
        .where(OneOffHoursEntry.member_id == member_id)
        .order_by(OneOffHoursEntry.day)
    )
    return [{"day": r.day.isoformat(), "blocks": r.blocks} for r in rows]


def time_off(member_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(TimeOffEntry)
        .where(TimeOffEntry.member_id == member_id)
        .order_by(TimeOffEntry.first_day)
    )
    return [
        {"first_day": r.first_day.isoformat(), "last_day": r.last_day.isoformat()} for r in rows
    ]


def meetings(member_id: int) -> list[dict]:
    attending = select(MeetingAttendee.meeting_id).where(MeetingAttendee.member_id == member_id)
    rows = db.session.scalars(
        select(Meeting)
        .where(or_(Meeting.organiser_id == member_id, Meeting.id.in_(attending)))
        .options(
            selectinload(Meeting.attendees).selectinload(MeetingAttendee.member),
            selectinload(Meeting.organiser),
        )
        .order_by(Meeting.start, Meeting.id)
    )
    return [_meeting(m, member_id) for m in rows]


def _meeting(meeting: Meeting, member_id: int) -> dict:
    return {
        "uid": meeting.uid,
        "title": meeting.title,
        "meeting_type": meeting.meeting_type,
        "agenda": meeting.agenda,
        "location": meeting.location,
        "start": iso(meeting.start),
        "end": iso(meeting.end),
        "status": meeting.status,
        "i_organise": meeting.organiser_id == member_id,
        "organiser": meeting.organiser.display_name if meeting.organiser else None,
        "attendees": [
            {"name": a.member.display_name, "required": a.required}
            for a in sorted(meeting.attendees, key=lambda a: (a.member.display_name, a.id))
        ],
    }


def calendar_imports(member_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(CalendarImport)
        .where(CalendarImport.member_id == member_id)
        .order_by(CalendarImport.source)
    )
    return [
        {
            "source": r.source,
            "event_count": r.event_count,
            "first_start": iso(r.first_start),
            "last_end": iso(r.last_end),
            "imported_at": iso(r.imported_at),
        }
        for r in rows
    ]


def onboarding(member_id: int) -> dict | None:
    state = db.session.get(OnboardingState, member_id)
    if state is None:
        return None
    cards = db.session.execute(
        select(Member.display_name, CardRead.read_at)
        .join(CardRead, CardRead.teammate_id == Member.id)
        .where(CardRead.member_id == member_id)
        .order_by(CardRead.read_at)
    ).all()
    return {
        "current_step": state.current_step,
        "done_steps": [s for s in state.done_steps.split(",") if s],
        "skipped_steps": [s for s in state.skipped_steps.split(",") if s],
        "wizard_finished_at": iso(state.wizard_finished_at),
        "intros_booked": state.intros_booked,
        "intros_booked_at": iso(state.intros_booked_at),
        "cards_read": [{"teammate": name, "read_at": iso(at)} for name, at in cards],
    }


def feeds(member_id: int) -> list[dict]:
    rows = db.session.execute(
        select(FeedToken, Team.name)
        .outerjoin(Team, Team.id == FeedToken.team_id)
        .where(FeedToken.member_id == member_id)
        .order_by(FeedToken.created_at, FeedToken.id)
    ).all()
    return [
        {
            "kind": feed.kind,
            "team": team,
            "zone": feed.zone,
            "created_at": iso(feed.created_at),
            "revoked_at": iso(feed.revoked_at),
        }
        for feed, team in rows
    ]


def api_tokens(member_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.member_id == member_id).order_by(ApiToken.id)
    )
    return [
        {
            "name": t.name,
            "scope": t.scope,
            "created_at": iso(t.created_at),
            "expires_at": iso(t.expires_at),
            "last_used_at": iso(t.last_used_at),
            "revoked_at": iso(t.revoked_at),
        }
        for t in rows
    ]


def _register() -> None:
    register_part("profile", "Your account and the teams you are in.", PROFILE, profile)
    register_part("manual", "Your manual as it is now, every section.", MANUAL, manual)
    register_part("manual_revisions", "Every saved revision.", REVISIONS, revisions)
    register_part("weekly_pattern", "Your weekly pattern's blocks.", PATTERN, weekly_pattern)
    register_part(
        "one_off_hours",
        "Dates with other working hours ('' = not working; else 'HH:MM-HH:MM,...').",
        array(obj(day=DAY, blocks=STR)),
        one_off_hours,
    )
    register_part(
        "time_off",
        "Time off, first and last day.",
        array(obj(first_day=DAY, last_day=DAY)),
        time_off,
    )
    register_part("meetings", "Meetings you organise or attend.", MEETINGS, meetings)
    register_part(
        "calendar_imports",
        "Imported calendar files: metadata only (events were never stored).",
        array(
            obj(source=STR, event_count=INT, first_start=NTIME, last_end=NTIME, imported_at=TIME)
        ),
        calendar_imports,
    )
    register_part("onboarding", "Your onboarding progress, if any.", ONBOARDING, onboarding)
    register_part(
        "feeds",
        "Calendar feeds you made (the secret URLs are kept only as hashes).",
        array(obj(kind=STR, team=NSTR, zone=STR, created_at=TIME, revoked_at=NTIME)),
        feeds,
    )
    register_part(
        "api_tokens",
        "Your API tokens (the tokens themselves are kept only as hashes).",
        array(
            obj(
                name=STR,
                scope={"enum": ["read", "read+write"]},
                created_at=TIME,
                expires_at=TIME,
                last_used_at=NTIME,
                revoked_at=NTIME,
            )
        ),
        api_tokens,
    )


_register()
