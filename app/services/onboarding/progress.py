"""Onboarding progress: the hire's own checklist, the admin's list, "new on your team".

Progress is counts and dates, never any text a person wrote, so an admin can follow
onboarding without seeing a manual (private sections included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import CardRead, Member, Membership, OnboardingState
from app.services.onboarding.wizard import STEPS, parse_steps

RECENT_HIRE_DAYS = 90
NEW_ON_TEAM_DAYS = 30


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
            steps_done=len(parse_steps(state.done_steps)),
            steps_skipped=len(parse_steps(state.skipped_steps)),
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
