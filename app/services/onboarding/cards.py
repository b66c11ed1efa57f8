"""Meet your team: a card per teammate, and which cards the new hire has marked read.

Cards show only what a teammate may see (section visibility checked in the query and
by the domain rule, public routine labels only via the member status), built in a
constant number of queries whatever the team size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.domain import intros as planner
from app.domain import manual as rules
from app.domain.errors import InvalidPattern, NotAllowed, NotFound
from app.domain.markdown import plain_excerpt
from app.domain.visibility import Relation, can_see
from app.domain.workstyle import WeeklyPattern
from app.extensions import db
from app.models import (
    CardRead,
    Manual,
    ManualSection,
    Member,
    Membership,
    OnboardingState,
    Team,
)
from app.services.directory import MemberStatusView, member_status
from app.services.patterns import load_patterns
from app.services.transaction import Conflict, unit_of_work

HIGHLIGHT_SECTIONS = ("work_best", "help_me")
HIGHLIGHT_CHARS = 160


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
    """The section's first paragraph as plain text: no raw Markdown on a card."""
    return plain_excerpt(body, HIGHLIGHT_CHARS)


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
    """Record that a new hire has read a teammate's card (once; again changes nothing).

    Only new hires (members being onboarded) keep this reading list; for anyone else
    it is `NotAllowed`, and a person outside the member's teams is `NotFound`.
    """
    if db.session.get(OnboardingState, member_id) is None:
        raise NotAllowed("", "Only new hires keep a list of the cards they have read.")
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
