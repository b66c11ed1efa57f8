"""Intro 1:1s: propose a batch with every teammate, book the reviewed batch, export it.

Intros are planned by the pure planner (`app.domain.intros`) from the same engine
request the scheduler builds, and booked as ONE transaction with the meetings service's
batch booking (`meetings.write_meetings`): every person's booking lock is held, each
intro is re-checked on fresh rows (seeing the intros already added in this transaction)
and inserted, and the hire's intro count is updated; if one no longer fits, nothing is
booked and `IntroTaken` says whose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain import intros as planner
from app.domain.calendar import build_invites
from app.domain.errors import DomainError, NotFound
from app.domain.intervals import Interval
from app.domain.scheduling import MeetingType
from app.extensions import db
from app.models import Meeting, MeetingAttendee, Member, OnboardingState
from app.models.meeting import MEETING_BOOKED
from app.services import meetings, scheduling
from app.services.meeting_invites import meeting_invite
from app.services.onboarding.cards import teammate_ids
from app.services.onboarding.wizard import onboarding_state
from app.services.transaction import unit_of_work

INTRO_PREFIX = "intro-"


class IntroTaken(DomainError):
    """One intro of a batch no longer fits; nothing in the batch was booked."""

    def __init__(self, teammate_id: int, name: str, reason: str) -> None:
        super().__init__("", reason)
        self.teammate_id = teammate_id
        self.name = name


@dataclass(frozen=True)
class IntroProposal:
    """The planner's batch for the hire, with names and zones to show it."""

    plan: planner.IntroPlan
    window: Interval
    zones: Mapping[str, str]
    needs_hours: bool


def _hire(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None or db.session.get(OnboardingState, member_id) is None:
        raise NotFound("member", "There is no onboarding for this account.")
    return member


def intro_window(member: Member, now: datetime) -> Interval:
    """The first two weeks after the start date, in the hire's zone."""
    start = member.start_date or now.astimezone(ZoneInfo(member.time_zone)).date()
    return planner.intro_window(start, member.time_zone)


def _request(hire_id: int, teammates: Sequence[int], window: Interval, now: datetime):
    return scheduling.build_request(
        organiser_id=hire_id,
        invitees=scheduling.Invitees((hire_id, *teammates), ()),
        duration=planner.INTRO_LENGTH,
        window=window,
        meeting_type=MeetingType.ONE_ON_ONE,
        minimum_notice=planner.INTRO_NOTICE,
        now=now,
    )


def _booked_teammates(member_id: int) -> set[int]:
    rows = db.session.scalars(
        select(MeetingAttendee.member_id)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(
            Meeting.organiser_id == member_id,
            Meeting.uid.like(f"{INTRO_PREFIX}%"),
            Meeting.status == MEETING_BOOKED,
            MeetingAttendee.member_id != member_id,
        )
    )
    return set(rows)


def propose_intros(member_id: int, now: datetime, per_day: int) -> IntroProposal:
    """A batch of intros with every teammate who has none booked yet (see the planner)."""
    hire = _hire(member_id)
    window = intro_window(hire, now)
    booked = _booked_teammates(member_id)
    teammates = [t for t in teammate_ids(member_id) if t not in booked]
    request = _request(member_id, teammates, window, now)
    by_id = {a.id: a for a in request.attendees}
    hire_attendee = by_id[str(member_id)]
    plan = planner.plan_intros(
        hire_attendee,
        [by_id[str(t)] for t in teammates],
        window=window,
        now=now,
        per_day=per_day,
    )
    return IntroProposal(
        plan,
        window,
        {a.id: a.zone for a in request.attendees},
        needs_hours=not hire_attendee.timeline.working,
    )


def book_intros(
    member_id: int, chosen: Sequence[tuple[int, datetime]], now: datetime, per_day: int
) -> list[Meeting]:
    """Book the reviewed intros, all or none, each re-checked under the booking locks."""
    hire = _hire(member_id)
    names = _chosen_names(member_id, chosen)
    window = intro_window(hire, now)
    hire_attendee = _request(member_id, (), window, now).attendees[0]
    slots = [(names[t], Interval(s, s + planner.INTRO_LENGTH)) for t, s in chosen]
    problems = planner.batch_problems(slots, hire_attendee, per_day)
    if problems:
        raise DomainError("", " ".join(problems))
    teammate_of = {
        _intro_request(hire, t, names[t], start): t for t, start in sorted(chosen, key=_by_start)
    }
    meetings.ensure_lock_rows((member_id, *teammate_of.values()))
    with unit_of_work():
        try:
            booked = meetings.write_meetings(list(teammate_of), now)
        except meetings.SlotTaken as error:
            teammate_id = teammate_of[error.request] if error.request else 0
            name = names.get(teammate_id, "")
            reason = f"The intro with {name} no longer fits: {error.reason}"
            raise IntroTaken(teammate_id, name, reason) from error
        state = onboarding_state(member_id)
        state.intros_booked = len(_booked_teammates(member_id))
        state.intros_booked_at = now
    return booked


def _by_start(item: tuple[int, datetime]) -> datetime:
    return item[1]


def _chosen_names(member_id: int, chosen: Sequence[tuple[int, datetime]]) -> dict[int, str]:
    if not chosen:
        raise DomainError("", "Keep at least one intro to book.")
    ids = [t for t, _ in chosen]
    if len(set(ids)) != len(ids):
        raise DomainError("", "Choose one time per teammate.")
    allowed = set(teammate_ids(member_id))
    if not set(ids) <= allowed:
        raise DomainError("", "Intros are with people on your teams.")
    rows = db.session.execute(select(Member.id, Member.display_name).where(Member.id.in_(ids)))
    return dict(rows.all())


TITLE_LIMIT = 140  # Meeting.title's column length


def intro_title(hire_name: str, teammate_name: str) -> str:
    """The title `Intro: A & B`, shortened with an ellipsis when long names overflow."""
    title = f"Intro: {hire_name} & {teammate_name}"
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def _intro_request(
    hire: Member, teammate_id: int, name: str, start: datetime
) -> meetings.BookingRequest:
    details = meetings.MeetingDetails(
        title=intro_title(hire.display_name, name),
        meeting_type=MeetingType.ONE_ON_ONE,
        agenda=(
            f"A first 1:1: {hire.display_name} is new on the team. "
            "Skim each other's manuals beforehand."
        ),
    )
    return meetings.BookingRequest(
        organiser_id=hire.id,
        details=details,
        start=start,
        duration=planner.INTRO_LENGTH,
        invitees=scheduling.Invitees((hire.id, teammate_id), ()),
        uid_prefix=INTRO_PREFIX,
    )


def booked_intros(member_id: int) -> list[Meeting]:
    """The hire's booked intros, soonest first, with attendees loaded."""
    query = (
        select(Meeting)
        .where(
            Meeting.organiser_id == member_id,
            Meeting.uid.like(f"{INTRO_PREFIX}%"),
            Meeting.status == MEETING_BOOKED,
        )
        .options(
            selectinload(Meeting.attendees).selectinload(MeetingAttendee.member),
            selectinload(Meeting.organiser),
        )
        .order_by(Meeting.start, Meeting.id)
    )
    return list(db.session.scalars(query))


def intros_calendar(member_id: int, now: datetime) -> bytes:
    """Every booked intro as one .ics (`build_invites`, each meeting converted by the
    calendars' `meeting_invite`); NotFound when there are none."""
    booked = booked_intros(member_id)
    if not booked:
        raise NotFound("meeting", "No intros are booked yet.")
    return build_invites([meeting_invite(m) for m in booked], now)
