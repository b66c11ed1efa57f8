"""A member's profile page as a viewer may see it: manual, teams, status and pattern.

What the page reads from the database (the member, the teams, the manual's visible
sections) is kept per (viewer, member) for one data version (`KeptByVersion`): any
writing commit (a manual save, a team change, an edited pattern or name) raises the
version, so the next request reads again. Keyed by viewer, since what one may see
depends on who they are (teams, "only me"); kept as plain values, never rows of a
session. Status and review nudge depend on the time and are worked out per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.domain.errors import NotFound
from app.domain.manual import needs_review
from app.domain.visibility import Relation, relation_of
from app.domain.workstyle import WeeklyPattern
from app.extensions import db
from app.models import Member, Membership, Team
from app.services import data_version
from app.services.directory.statuses import MemberStatusView, member_status
from app.services.manuals import ManualView, manual_view
from app.services.patterns import stamped_patterns


@dataclass(frozen=True)
class ProfileMember:
    """The member columns a profile shows (a plain copy: safe to keep across requests)."""

    id: int
    display_name: str
    pronouns: str
    headline: str
    time_zone: str
    active: bool
    pattern_stamp: int

    @classmethod
    def of(cls, member: Member) -> ProfileMember:
        return cls(
            member.id,
            member.display_name,
            member.pronouns,
            member.headline,
            member.time_zone,
            member.active,
            member.pattern_stamp,
        )


@dataclass(frozen=True)
class Profile:
    member: ProfileMember
    teams: tuple[str, ...]
    manual: ManualView
    status: MemberStatusView
    review_stale: bool
    pattern: WeeklyPattern

    @property
    def is_self(self) -> bool:
        return self.manual.relation is Relation.SELF


def profile(viewer_id: int, member_id: int, now: datetime, nudge_days: int) -> Profile:
    """A member's profile as `viewer_id` may see it; inactive members are not found."""
    member, teams, manual = _SHOWN.get(
        db.session, (viewer_id, member_id), lambda: _read(viewer_id, member_id)
    )
    pattern = stamped_patterns({member_id: member.pattern_stamp})[member_id]
    status = member_status(pattern, now, is_owner=viewer_id == member_id)
    stale = manual.exists and needs_review(manual.last_reviewed_at, now, nudge_days)
    return Profile(member, teams, manual, status, stale, pattern)


# (viewer id, member id) → what the profile read, for one data version.
_SHOWN: data_version.KeptByVersion[tuple[ProfileMember, tuple[str, ...], ManualView]]
_SHOWN = data_version.KeptByVersion(4096)


def _read(viewer_id: int, member_id: int) -> tuple[ProfileMember, tuple[str, ...], ManualView]:
    """The member, their teams and their manual as the viewer may see it (2 queries)."""
    member, relation, teams = _member_relation_teams(viewer_id, member_id)
    return ProfileMember.of(member), teams, manual_view(viewer_id, member_id, relation)


def _member_relation_teams(
    viewer_id: int, member_id: int
) -> tuple[Member, Relation, tuple[str, ...]]:
    """The (active) member, how the viewer relates to them and their team names, by name.

    One query: the member row joined to every membership of the viewer and the member.
    """
    rows = db.session.execute(
        select(Member, Membership.member_id, Membership.team_id, Team.name)
        .select_from(Member)
        .outerjoin(Membership, Membership.member_id.in_({viewer_id, member_id}))
        .outerjoin(Team, Team.id == Membership.team_id)
        .where(Member.id == member_id)
        .order_by(func.lower(Team.name))
    ).all()
    if not rows or not rows[0][0].active:
        raise NotFound("member", "No such member.")
    teams: dict[int, set[int]] = {viewer_id: set(), member_id: set()}
    names = []
    for _member, owner, team_id, name in rows:
        if owner is not None:
            teams[owner].add(team_id)
        if owner == member_id:
            names.append(name)
    relation = relation_of(viewer_id, member_id, teams[viewer_id], teams[member_id])
    return rows[0][0], relation, tuple(names)
