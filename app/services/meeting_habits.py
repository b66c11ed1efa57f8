"""The meeting preferences ("in my afternoon", "short, with an agenda") a viewer may see.

"Find a time" cites what people wrote in their manual's structured preferences. Those
preferences follow the communication section's visibility, exactly as on the profile
(`preferences_visible`): a preference whose section is "only me", or "my teams" for
someone outside their teams, is left out here, so no reason can mention it.
Two queries whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, select

from app.domain.manual import COMMUNICATION
from app.domain.visibility import preferences_visible, relation_of
from app.extensions import db
from app.models import Manual, ManualSection, Membership


def _teams(ids: list[int]) -> dict[int, set[int]]:
    teams: dict[int, set[int]] = {member_id: set() for member_id in ids}
    rows = db.session.execute(
        select(Membership.member_id, Membership.team_id).where(Membership.member_id.in_(ids))
    )
    for member_id, team_id in rows:
        teams[member_id].add(team_id)
    return teams


def visible_habits(viewer_id: int, member_ids: Iterable[int]) -> dict[str, str]:
    """Attendee id (as the engine spells it) → meeting preference, for those the viewer
    may see and who said one."""
    ids = sorted(set(member_ids) | {viewer_id})
    rows = db.session.execute(
        select(Manual.member_id, Manual.meeting_preference, ManualSection.visibility)
        .outerjoin(
            ManualSection,
            and_(
                ManualSection.member_id == Manual.member_id,
                ManualSection.key == COMMUNICATION,
            ),
        )
        .where(Manual.member_id.in_(ids), Manual.meeting_preference != "")
    ).all()
    if not rows:
        return {}
    teams = _teams(ids)
    habits = {}
    for member_id, preference, visibility in rows:
        relation = relation_of(viewer_id, member_id, teams[viewer_id], teams[member_id])
        if preferences_visible(visibility, relation):
            habits[str(member_id)] = preference
    return habits
