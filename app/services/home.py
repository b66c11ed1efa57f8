"""Home, the dashboard: my teams now and today, my next meetings, my manual's health.

A constant number of statements whatever the size of the teams or the number of
attendees: my teams' rosters in one query (patterns from the stamped cache), who works
this minute from the directory's working-now index, the next meetings in the meetings
service's three, every attendee's "how to help me" in one query (the visibility rule
written into it, then asked again in Python), the manual and its recent revisions in
two. Everything is as the viewer may see it: a section marked "only me" never leaves
the database for anyone but its author.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup
from sqlalchemy import select

from app.domain import home as rules
from app.domain import manual as manual_rules
from app.domain.errors import InvalidPattern
from app.domain.intervals import Interval
from app.domain.markdown import render_markdown
from app.domain.visibility import can_see, relation_by_teammates
from app.domain.workstyle import expand
from app.extensions import db
from app.models import Manual, ManualRevision, ManualSection, Member, Membership, Team
from app.services.directory.sql import section_visible_to
from app.services.directory.statuses import MemberStatusView, member_status
from app.services.directory.working_now import working_ids
from app.services.meetings import upcoming
from app.services.onboarding import STEP_TITLES, STEPS, wizard_progress
from app.services.patterns import stamped_patterns

HELP_ME = "help_me"
REVISIONS_READ = 50  # enough history to date every section of a living manual


@dataclass(frozen=True)
class Teammate:
    member_id: int
    display_name: str
    time_zone: str
    status: MemberStatusView


@dataclass(frozen=True)
class TeamToday:
    """One of my teams today: who is in it and the hours we all work (my zone)."""

    team_id: int
    name: str
    member_count: int
    shared: tuple[Interval, ...]
    most: int = 0  # with no shared hour: the most of us working at once, and when
    most_when: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class HelpNote:
    member_id: int
    display_name: str
    html: Markup | None  # None: nothing written that the viewer may see


@dataclass(frozen=True)
class MeetingSoon:
    meeting_id: int
    title: str
    start: datetime
    end: datetime
    notes: tuple[HelpNote, ...]


@dataclass(frozen=True)
class ContinueStep:
    """A new hire's next wizard step: "Continue: step 3 of 4"."""

    step: str
    title: str
    number: int
    total: int


@dataclass(frozen=True)
class Dashboard:
    working_now: tuple[Teammate, ...]
    teammates: int
    teams: tuple[TeamToday, ...]
    meetings: tuple[MeetingSoon, ...]
    health: rules.ManualHealth
    next_step: ContinueStep | None


def dashboard(
    viewer_id: int, zone: str, today: date, now: datetime, nudge_days: int, meetings: int = 4
) -> Dashboard:
    """Everything Home shows for `viewer_id`, whose zone is `zone` and local date `today`."""
    roster = _roster(viewer_id)
    teammate_ids = frozenset(row.id for row in roster if row.id != viewer_id)
    patterns = stamped_patterns({row.id: row.pattern_stamp for row in roster})
    working, mates = _working_now(viewer_id, roster, patterns, now)
    return Dashboard(
        working_now=working,
        teammates=mates,
        teams=_teams_today(roster, patterns, rules.local_day(zone, today)),
        meetings=_meetings(viewer_id, teammate_ids, now, meetings),
        health=_health(viewer_id, now, nudge_days),
        next_step=continue_step(viewer_id),
    )


def _roster(viewer_id: int):
    """Every (team, active member) pair of the viewer's teams, the viewer included."""
    mine = select(Membership.team_id).where(Membership.member_id == viewer_id)
    return db.session.execute(
        select(
            Team.id.label("team_id"),
            Team.name.label("team_name"),
            Member.id,
            Member.display_name,
            Member.time_zone,
            Member.pattern_stamp,
        )
        .join(Membership, Membership.team_id == Team.id)
        .join(Member, Member.id == Membership.member_id)
        .where(Team.id.in_(mine), Member.active.is_(True))
        .order_by(Team.name, Team.id, Member.display_name, Member.id)
    ).all()


def _working_now(viewer_id, roster, patterns, now) -> tuple[tuple[Teammate, ...], int]:
    """Teammates working this minute (the working-now index) and how many teammates."""
    working = set(working_ids(now))
    seen: dict[int, Teammate] = {}
    everyone = set()
    for row in roster:
        if row.id == viewer_id:
            continue
        everyone.add(row.id)
        if row.id in working and row.id not in seen:
            status = member_status(patterns[row.id], now, is_owner=False)
            seen[row.id] = Teammate(row.id, row.display_name, row.time_zone, status)
    ordered = sorted(seen.values(), key=lambda t: (t.display_name.lower(), t.member_id))
    return tuple(ordered), len(everyone)


def _teams_today(roster, patterns, day: Interval) -> tuple[TeamToday, ...]:
    teams: dict[int, tuple[str, list[int]]] = {}
    for row in roster:
        teams.setdefault(row.team_id, (row.team_name, []))[1].append(row.id)
    return tuple(
        _team_today(team_id, name, ids, patterns, day) for team_id, (name, ids) in teams.items()
    )


def _team_today(team_id: int, name: str, ids: list[int], patterns, day: Interval) -> TeamToday:
    if len(ids) < 2:
        return TeamToday(team_id, name, len(ids), ())
    try:
        working = [expand(patterns[i], day).working for i in ids]
    except InvalidPattern:  # a broken stored pattern shares nothing rather than failing Home
        return TeamToday(team_id, name, len(ids), ())
    shared = rules.shared_hours(working, day)
    if shared:
        return TeamToday(team_id, name, len(ids), shared)
    most, when = rules.most_at_once(working, day)
    return TeamToday(
        team_id, name, len(ids), (), most if most > 1 else 0, when if most > 1 else ()
    )


def _meetings(viewer_id, teammates, now, limit) -> tuple[MeetingSoon, ...]:
    page = upcoming(viewer_id, now, 1, limit).items
    people = {
        a.member_id: a.member.display_name
        for meeting in page
        for a in meeting.attendees
        if a.member_id != viewer_id and a.member is not None and a.member.active
    }
    notes = _help_notes(viewer_id, teammates, people)
    return tuple(
        MeetingSoon(
            meeting.id,
            meeting.title,
            meeting.start,
            meeting.end,
            tuple(notes[a.member_id] for a in meeting.attendees if a.member_id in notes),
        )
        for meeting in page
    )


def _help_notes(viewer_id, teammates, people: dict[int, str]) -> dict[int, HelpNote]:
    """Each attendee's "how to help me", exactly as the viewer may see it (one query)."""
    if not people:
        return {}
    rows = db.session.execute(
        select(ManualSection.member_id, ManualSection.visibility, ManualSection.body).where(
            ManualSection.key == HELP_ME,
            ManualSection.member_id.in_(list(people)),
            section_visible_to(viewer_id),
        )
    ).all()
    shown = {
        member_id: body
        for member_id, visibility, body in rows
        if body.strip()
        and can_see(visibility, relation_by_teammates(viewer_id, member_id, teammates))
    }
    return {
        member_id: HelpNote(
            member_id, name, _html(shown[member_id]) if member_id in shown else None
        )
        for member_id, name in sorted(people.items(), key=lambda p: p[1].lower())
    }


def _html(body: str) -> Markup:
    return Markup(render_markdown(body))  # noqa: S704  # nosec B704 - nh3-sanitised


def _health(viewer_id: int, now: datetime, days: int) -> rules.ManualHealth:
    """The viewer's own manual: review date, stale and unwritten sections."""
    manual = db.session.scalar(select(Manual).where(Manual.member_id == viewer_id))
    if manual is None:
        return rules.ManualHealth(exists=False)
    revisions = db.session.execute(
        select(ManualRevision.created_at, ManualRevision.snapshot)
        .where(ManualRevision.member_id == viewer_id)
        .order_by(ManualRevision.number.desc())
        .limit(REVISIONS_READ)
    ).all()
    snapshots = [(created, _bodies(snapshot)) for created, snapshot in revisions]
    bodies = snapshots[0][1] if snapshots else {}
    # As the review nudge decides: a manual never reviewed is as fresh as its start.
    due = manual_rules.needs_review(manual.last_reviewed_at or manual.created_at, now, days)
    return rules.manual_health(
        [(spec.key, spec.title) for spec in manual_rules.SECTIONS],
        bodies,
        rules.section_ages(snapshots),
        manual.last_reviewed_at,
        due,
        now,
        days,
        confirmed_at=_confirmed(manual),
    )


def _confirmed(manual: Manual) -> datetime | None:
    """When the author last said "still accurate" without saving (a save dates the
    review too, but says nothing of the sections it left alone)."""
    reviewed, saved = manual.last_reviewed_at, manual.updated_at
    return reviewed if reviewed and saved and reviewed > saved else None


def _bodies(snapshot: str) -> dict[str, str]:
    sections = json.loads(snapshot).get("sections", {})
    return {key: value.get("body", "") for key, value in sections.items()}


def continue_step(member_id: int) -> ContinueStep | None:
    """The new hire's first unfinished wizard step, or None (not onboarding, or done)."""
    progress = wizard_progress(member_id)
    if progress is None or progress.current is None:
        return None
    step = progress.current
    return ContinueStep(step, STEP_TITLES[step], STEPS.index(step) + 1, len(STEPS))
