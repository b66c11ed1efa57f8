"""A new hire's first weeks: the first-manual wizard, "meet your team", intro 1:1s, progress.

The wizard saves each step as it goes through the same writes as the manual and
pattern editors (`manuals.write_manual`, `pattern_editing.write_pattern`, the in-session
halves of their save use cases), so its rules are theirs. Each step is ONE unit of work
owned here: lock the hire's onboarding row, read the current draft or pattern, write it
and mark the step done; a refusal or failure rolls all of it back, so progress never
says "done" for unsaved work and a save in another tab is read, not overwritten.

Intro 1:1s are planned by the pure planner (`app.domain.intros`) from the same engine
request the scheduler builds, and booked as ONE transaction with the meetings service's
batch booking (`meetings.write_meetings`): every person's booking lock is held, each
intro is re-checked on fresh rows (seeing the intros already added in this transaction)
and inserted, and the hire's intro count is updated; if one no longer fits, nothing is
booked and `IntroTaken` says whose.

Privacy: cards show only what a teammate may see (section visibility, public routine
labels); progress is counts and dates, never any text a person wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, selectinload

from app.domain import intros as planner
from app.domain import manual as rules
from app.domain.calendar import build_invites
from app.domain.errors import DomainError, InvalidPattern, NotFound
from app.domain.intervals import Interval
from app.domain.scheduling import MeetingType
from app.domain.timeline import Energy
from app.domain.visibility import Relation, can_see
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern, validate_pattern
from app.extensions import db
from app.models import (
    CardRead,
    Manual,
    ManualSection,
    Meeting,
    MeetingAttendee,
    Member,
    Membership,
    OnboardingState,
    Team,
)
from app.models.meeting import MEETING_BOOKED
from app.services import manuals, meetings, pattern_editing, scheduling
from app.services.directory import MemberStatusView, member_status
from app.services.invites_ics import meeting_invite
from app.services.patterns import load_pattern, load_patterns
from app.services.transaction import Conflict, unit_of_work

STEPS = ("hours", "energy", "communication", "story")
STEP_TITLES = {
    "hours": "Working hours",
    "energy": "Energy and focus",
    "communication": "Communication",
    "story": "Your story",
}
STEP_SECTIONS = {
    "energy": ("work_best", "energy"),
    "communication": ("communication", "help_me"),
    "story": ("story",),
}
HIGHLIGHT_SECTIONS = ("work_best", "help_me")
HIGHLIGHT_CHARS = 160
INTRO_PREFIX = "intro-"
RECENT_HIRE_DAYS = 90
NEW_ON_TEAM_DAYS = 30


class IntroTaken(DomainError):
    """One intro of a batch no longer fits; nothing in the batch was booked."""

    def __init__(self, teammate_id: int, name: str, reason: str) -> None:
        super().__init__("", reason)
        self.teammate_id = teammate_id
        self.name = name


# --- the wizard -------------------------------------------------------------------------


@dataclass(frozen=True)
class WizardProgress:
    """Which steps are done or skipped; `current` is the first unfinished one (None: all)."""

    done: tuple[str, ...]
    skipped: tuple[str, ...]
    finished_at: datetime | None

    @property
    def current(self) -> str | None:
        return next((s for s in STEPS if s not in self.done and s not in self.skipped), None)


@dataclass(frozen=True)
class WorkingHours:
    """What the hours step asks: which weekdays, from when to when, and an optional peak."""

    weekdays: tuple[int, ...]
    start: time
    end: time
    peak_start: time | None = None
    peak_end: time | None = None


def _split(stored: str) -> tuple[str, ...]:
    return tuple(s for s in (stored or "").split(",") if s in STEPS)


def _state(member_id: int, *, lock: bool = False) -> OnboardingState:
    """The member's onboarding row; `lock` holds it (FOR UPDATE) until the commit, so two
    tabs saving wizard steps at once take turns and each reads what the other wrote."""
    state = db.session.get(OnboardingState, member_id, with_for_update=lock or None)
    if state is None:
        raise NotFound("member", "There is no onboarding for this account.")
    return state


def wizard_progress(member_id: int) -> WizardProgress | None:
    """The member's wizard progress, or None when they are not being onboarded."""
    state = db.session.get(OnboardingState, member_id)
    if state is None:
        return None
    return WizardProgress(
        _split(state.done_steps), _split(state.skipped_steps), state.wizard_finished_at
    )


def _advance(state: OnboardingState, step: str, *, done: bool, now: datetime) -> None:
    """Mark `step` done (or skipped, unless already done); finish when none is left."""
    if step not in STEPS:
        raise NotFound("step", "There is no such step.")
    finished, skipped = list(_split(state.done_steps)), list(_split(state.skipped_steps))
    if done:
        finished = [*finished, step] if step not in finished else finished
        skipped = [s for s in skipped if s != step]
    elif step not in finished and step not in skipped:
        skipped.append(step)
    state.done_steps = ",".join(s for s in STEPS if s in finished)
    state.skipped_steps = ",".join(s for s in STEPS if s in skipped)
    progress = WizardProgress(_split(state.done_steps), _split(state.skipped_steps), None)
    state.current_step = progress.current or "done"
    if progress.current is None and state.wizard_finished_at is None:
        state.wizard_finished_at = now


def skip_step(member_id: int, step: str, now: datetime) -> WizardProgress:
    """Skip a step (it can be done later); progress moves on."""
    with unit_of_work():
        _advance(_state(member_id), step, done=False, now=now)
    return wizard_progress(member_id)  # type: ignore[return-value]


def hours_pattern(pattern: WeeklyPattern, hours: WorkingHours) -> WeeklyPattern:
    """The member's pattern with its working hours and energy peaks replaced by `hours`."""
    if not hours.weekdays:
        raise DomainError("weekdays", "Pick at least one working day.")
    _check_order("end", hours.start, hours.end, "Working hours end before they start.")
    peak = (hours.peak_start, hours.peak_end)
    if (peak[0] is None) != (peak[1] is None):
        field = "peak_end" if peak[1] is None else "peak_start"
        raise DomainError(field, "Give both ends of your peak, or neither.")
    if peak[0] is not None and peak[1] is not None:
        _check_order("peak_end", peak[0], peak[1], "Your peak ends before it starts.")
    kept = tuple(
        b for b in pattern.blocks if b.kind is not BlockKind.WORKING and b.energy != Energy.PEAK
    )
    working = tuple(
        WeeklyBlock(BlockKind.WORKING, day, hours.start, hours.end) for day in hours.weekdays
    )
    peaks = ()
    if peak[0] is not None and peak[1] is not None:
        peaks = tuple(
            WeeklyBlock(BlockKind.ENERGY, day, peak[0], peak[1], energy=Energy.PEAK)
            for day in hours.weekdays
        )
    updated = replace(pattern, blocks=kept + working + peaks)
    _raise_first_problem(updated, len(kept), len(working))
    return updated


def _check_order(field: str, start: time, end: time, message: str) -> None:
    if end <= start and end != time(0):
        raise DomainError(field, message)


def _raise_first_problem(pattern: WeeklyPattern, kept: int, working: int) -> None:
    """The domain's first complaint about the new blocks, on the wizard's field."""
    for problem in validate_pattern(pattern):
        index = _block_index(problem.field)
        if index is None or index < kept:
            if problem.field == "zone":
                raise DomainError("", problem.message)
            continue
        peak = index >= kept + working
        end = problem.field.endswith(".end")
        field = ("peak_" if peak else "") + ("end" if end else "start")
        raise DomainError(field, _plain(problem.message))


def _block_index(field: str) -> int | None:
    if not field.startswith("blocks["):
        return None
    return int(field[len("blocks[") : field.index("]")])


def _plain(message: str) -> str:
    if "grid" in message:
        return "Use quarter hours: :00, :15, :30 or :45."
    if "overlaps" in message:
        return "This overlaps energy or working time you already have; adjust it here."
    return message[:1].upper() + message[1:] + "."


def save_hours(member_id: int, hours: WorkingHours, now: datetime) -> None:
    """Save working hours (and peak) into the weekly pattern; the step is done."""
    with unit_of_work():
        state = _state(member_id, lock=True)
        pattern = hours_pattern(load_pattern(member_id), hours)
        pattern_editing.write_pattern(member_id, pattern, now)
        _advance(state, "hours", done=True, now=now)


def save_sections(
    member_id: int,
    step: str,
    sections: Mapping[str, tuple[str, str]],
    now: datetime,
    preferences: rules.Preferences | None = None,
) -> None:
    """Save one text step's sections (and, for communication, the channels); step done."""
    allowed = STEP_SECTIONS.get(step, ())
    if set(sections) - set(allowed):
        raise DomainError("", "Those sections do not belong to this step.")
    with manuals.unit_of_work_for_manual():
        state = _state(member_id, lock=True)
        draft = manuals.load_draft(member_id)
        manuals.write_manual(
            member_id,
            sections={**draft.sections, **sections},
            preferences=preferences if preferences is not None else draft.preferences,
            now=now,
        )
        _advance(state, step, done=True, now=now)


def hours_draft(member_id: int) -> WorkingHours | None:
    """The saved working hours as the hours step shows them (None if there are none)."""
    pattern = load_pattern(member_id)
    working = pattern.blocks_of(BlockKind.WORKING)
    if not working:
        return None
    peaks = [b for b in pattern.blocks_of(BlockKind.ENERGY) if b.energy == Energy.PEAK]
    first = working[0]
    return WorkingHours(
        tuple(sorted({b.weekday for b in working})),
        first.start,
        first.end,
        peaks[0].start if peaks else None,
        peaks[0].end if peaks else None,
    )


def my_teams(member_id: int) -> list[tuple[str, int]]:
    """The member's teams and how many others are in each: who "my teams" reaches."""
    mine = aliased(Membership)
    rows = db.session.execute(
        select(Team.name, func.count(Membership.id))
        .join(mine, mine.team_id == Team.id)
        .outerjoin(
            Membership, and_(Membership.team_id == Team.id, Membership.member_id != member_id)
        )
        .where(mine.member_id == member_id)
        .group_by(Team.id, Team.name)
        .order_by(Team.name)
    )
    return [(name, count) for name, count in rows]


# --- meet your team ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeamCard:
    """One teammate as the new hire may see them; nothing hidden from a teammate."""

    member_id: int
    display_name: str
    pronouns: str
    roles: tuple[str, ...]
    time_zone: str
    status: MemberStatusView
    overlap_hours: float | None
    channel: str
    highlights: tuple[tuple[str, str], ...]
    read_at: datetime | None

    @property
    def read(self) -> bool:
        return self.read_at is not None


def _teammate_rows(member_id: int):
    mine = aliased(Membership)
    return db.session.execute(
        select(
            Member.id,
            Member.display_name,
            Member.pronouns,
            Member.time_zone,
            Team.name,
            Membership.role_in_team,
        )
        .join(Membership, Membership.member_id == Member.id)
        .join(mine, mine.team_id == Membership.team_id)
        .join(Team, Team.id == Membership.team_id)
        .where(mine.member_id == member_id, Member.id != member_id, Member.active.is_(True))
        .order_by(func.lower(Member.display_name), Member.id, Team.name)
    ).all()


def teammate_ids(member_id: int) -> list[int]:
    """Active members sharing a team with `member_id`, by name."""
    seen: dict[int, None] = {}
    for row in _teammate_rows(member_id):
        seen.setdefault(row.id, None)
    return list(seen)


def _first_line(body: str) -> str:
    line = next((ln.strip(" #*-") for ln in body.splitlines() if ln.strip()), "")
    return line if len(line) <= HIGHLIGHT_CHARS else line[: HIGHLIGHT_CHARS - 1] + "…"


def _visible_sections(ids: list[int]) -> dict[int, dict[str, ManualSection]]:
    """Sections a teammate may see (query and rule agree), for the card highlights."""
    visible = ("workspace", "teams")
    rows = db.session.scalars(
        select(ManualSection).where(
            ManualSection.member_id.in_(ids),
            ManualSection.key.in_((*HIGHLIGHT_SECTIONS, rules.COMMUNICATION)),
            ManualSection.visibility.in_(visible),
        )
    )
    found: dict[int, dict[str, ManualSection]] = defaultdict(dict)
    for row in rows:
        if can_see(row.visibility, Relation.TEAMMATE):
            found[row.member_id][row.key] = row
    return found


def _channel(manual: Manual | None, sections: Mapping[str, ManualSection]) -> str:
    if manual is None or rules.COMMUNICATION not in sections:
        return ""
    labels = rules.channel_labels(rules.split_channels(manual.preferred_channels))
    return labels[0] if labels else ""


def _overlap(mine: WeeklyPattern, theirs: WeeklyPattern, week_of: date) -> float | None:
    try:
        return round(planner.weekly_overlap_hours(mine, theirs, week_of) * 2) / 2
    except InvalidPattern:
        return None


def team_cards(member_id: int, now: datetime) -> list[TeamCard]:
    """A card per teammate, in a constant number of queries whatever the team size."""
    rows = _teammate_rows(member_id)
    roles: dict[int, list[str]] = defaultdict(list)
    people = {}
    for row in rows:
        people.setdefault(row.id, row)
        roles[row.id].append(f"{row.role_in_team} in {row.name}" if row.role_in_team else row.name)
    ids = list(people)
    patterns = load_patterns([member_id, *ids])
    manual_rows = db.session.scalars(select(Manual).where(Manual.member_id.in_(ids or [0])))
    manuals_by = {m.member_id: m for m in manual_rows}
    sections = _visible_sections(ids or [0])
    reads = dict(
        db.session.execute(
            select(CardRead.teammate_id, CardRead.read_at).where(CardRead.member_id == member_id)
        ).all()
    )
    mine = patterns[member_id]
    week_of = now.astimezone(ZoneInfo(mine.zone)).date()
    return [
        TeamCard(
            member_id=i,
            display_name=people[i].display_name,
            pronouns=people[i].pronouns,
            roles=tuple(roles[i]),
            time_zone=people[i].time_zone,
            status=member_status(patterns[i], now, is_owner=False),
            overlap_hours=_overlap(mine, patterns[i], week_of),
            channel=_channel(manuals_by.get(i), sections.get(i, {})),
            highlights=tuple(
                (rules.SECTIONS_BY_KEY[k].title, _first_line(sections[i][k].body))
                for k in HIGHLIGHT_SECTIONS
                if k in sections.get(i, {}) and sections[i][k].body.strip()
            ),
            read_at=reads.get(i),
        )
        for i in ids
    ]


def mark_card_read(member_id: int, teammate_id: int, now: datetime) -> None:
    """Record that the member opened a teammate's card (once; later opens change nothing)."""
    if teammate_id not in teammate_ids(member_id):
        raise NotFound("member", "That person is not on your teams.")
    try:
        with unit_of_work("", "read already"):
            exists = db.session.scalar(
                select(CardRead.id).where(
                    CardRead.member_id == member_id, CardRead.teammate_id == teammate_id
                )
            )
            if exists is None:
                db.session.add(CardRead(member_id=member_id, teammate_id=teammate_id, read_at=now))
    except Conflict:
        pass  # another tab recorded the same read a moment ago: the first one stands


# --- intro 1:1s -------------------------------------------------------------------------


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
        state = _state(member_id)
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


def _intro_request(
    hire: Member, teammate_id: int, name: str, start: datetime
) -> meetings.BookingRequest:
    details = meetings.MeetingDetails(
        title=f"Intro: {hire.display_name} & {name}",
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


# --- progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Counts and dates of one hire's onboarding — never anything they or others wrote."""

    member_id: int
    display_name: str
    start_date: date | None
    steps_done: int
    steps_skipped: int
    wizard_finished_at: datetime | None
    cards_read: int
    teammates: int
    last_card_read_at: datetime | None
    intros_booked: int
    intros_booked_at: datetime | None

    steps_total = len(STEPS)

    @property
    def manual_written(self) -> bool:
        return self.wizard_finished_at is not None

    @property
    def team_met(self) -> bool:
        return self.teammates > 0 and self.cards_read >= self.teammates

    @property
    def intros_done(self) -> bool:
        return self.intros_booked_at is not None and self.intros_booked > 0


def _card_counts(ids: list[int]) -> dict[int, tuple[int, datetime | None]]:
    rows = db.session.execute(
        select(CardRead.member_id, func.count(CardRead.id), func.max(CardRead.read_at))
        .join(Member, Member.id == CardRead.teammate_id)
        .where(CardRead.member_id.in_(ids), Member.active.is_(True))
        .group_by(CardRead.member_id)
    )
    return {member_id: (count, last) for member_id, count, last in rows}


def _teammate_counts(ids: list[int]) -> dict[int, int]:
    mine, theirs = aliased(Membership), aliased(Membership)
    rows = db.session.execute(
        select(mine.member_id, func.count(func.distinct(theirs.member_id)))
        .join(theirs, theirs.team_id == mine.team_id)
        .join(Member, Member.id == theirs.member_id)
        .where(
            mine.member_id.in_(ids),
            theirs.member_id != mine.member_id,
            Member.active.is_(True),
        )
        .group_by(mine.member_id)
    )
    return dict(rows.all())


def _progress_rows(rows) -> list[Progress]:
    ids = [member.id for member, _ in rows] or [0]
    cards, mates = _card_counts(ids), _teammate_counts(ids)
    return [
        Progress(
            member_id=member.id,
            display_name=member.display_name,
            start_date=member.start_date,
            steps_done=len(_split(state.done_steps)),
            steps_skipped=len(_split(state.skipped_steps)),
            wizard_finished_at=state.wizard_finished_at,
            cards_read=min(cards.get(member.id, (0, None))[0], mates.get(member.id, 0)),
            teammates=mates.get(member.id, 0),
            last_card_read_at=cards.get(member.id, (0, None))[1],
            intros_booked=state.intros_booked,
            intros_booked_at=state.intros_booked_at,
        )
        for member, state in rows
    ]


def checklist(member_id: int) -> Progress | None:
    """The hire's own checklist (None when they are not being onboarded)."""
    row = db.session.execute(
        select(Member, OnboardingState)
        .join(OnboardingState, OnboardingState.member_id == Member.id)
        .where(Member.id == member_id)
    ).first()
    return _progress_rows([row])[0] if row else None


def recent_hires(today: date, page: int, per_page: int, days: int = RECENT_HIRE_DAYS):
    """Hires who started (or start) within `days` of `today`, newest start first, one page
    of `Progress` plus the total; four queries whatever the page size."""
    since = today - timedelta(days=days)
    base = (
        select(Member, OnboardingState)
        .join(OnboardingState, OnboardingState.member_id == Member.id)
        .where(Member.start_date >= since)
    )
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = db.session.execute(
        base.order_by(Member.start_date.desc(), Member.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    return _progress_rows(rows), total


@dataclass(frozen=True)
class NewTeammate:
    member_id: int
    display_name: str
    start_date: date | None


def new_on_your_team(
    member_id: int, today: date, days: int = NEW_ON_TEAM_DAYS
) -> list[NewTeammate]:
    """Teammates being onboarded who started within `days` (or start soon); one query."""
    mine = aliased(Membership)
    rows = db.session.execute(
        select(Member.id, Member.display_name, Member.start_date)
        .join(OnboardingState, OnboardingState.member_id == Member.id)
        .join(Membership, Membership.member_id == Member.id)
        .join(mine, mine.team_id == Membership.team_id)
        .where(
            mine.member_id == member_id,
            Member.id != member_id,
            Member.active.is_(True),
            Member.start_date >= today - timedelta(days=days),
        )
        .distinct()
        .order_by(Member.start_date.desc(), Member.id)
    )
    return [NewTeammate(i, name, start) for i, name, start in rows]
