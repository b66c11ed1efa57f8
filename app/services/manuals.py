"""Manual use cases: show a manual as one viewer may see it, save it, review it, diff it.

Visibility is decided by `app.domain.visibility` and applied in the query too, so a
section its viewer may not see never leaves the database for that page. Every save is
one transaction that also records a revision (`write_manual` is the save without the
commit, for a use case that owns a larger transaction); only the author reads revisions (the
functions take the author's own id, and no route passes anyone else's). Every write also
rebuilds the author's search documents in the same transaction, so search never sees
text the manual no longer has.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import and_, select

from app.domain import manual as rules
from app.domain.errors import DomainError, NotFound
from app.domain.markdown import render_markdown
from app.domain.visibility import (
    Relation,
    can_see,
    preferences_visible,
    relation_of,
    visible_visibilities,
)
from app.extensions import db
from app.models import Manual, ManualRevision, ManualSection, Membership
from app.services.revisions import record_revision
from app.services.search_index import rebuild_search_documents
from app.services.transaction import unit_of_work

SAVED_ELSEWHERE = "Your manual was saved elsewhere at the same moment; please try again."


@dataclass(frozen=True)
class ShownSection:
    """A section as a viewer sees it: safe HTML of the Markdown body."""

    key: str
    title: str
    body: str
    html: Markup
    visibility: str

    @property
    def visibility_label(self) -> str:
        return rules.VISIBILITY_LABELS.get(self.visibility, "")


@dataclass(frozen=True)
class ManualView:
    """The parts of one member's manual that one viewer may see."""

    owner_id: int
    relation: Relation
    exists: bool
    sections: tuple[ShownSection, ...] = ()
    preferences: tuple[tuple[str, str], ...] = ()
    last_reviewed_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ManualDraft:
    """The author's own manual, as the edit form starts from."""

    sections: Mapping[str, tuple[str, str]]
    preferences: rules.Preferences
    last_reviewed_at: datetime | None = None
    exists: bool = False


@dataclass(frozen=True)
class RevisionDiff:
    number: int
    created_at: datetime
    previous_number: int | None
    sections: tuple[rules.SectionDiff, ...]

    @property
    def changed(self) -> tuple[rules.SectionDiff, ...]:
        return tuple(s for s in self.sections if s.change is not rules.SectionChange.UNCHANGED)


@dataclass(frozen=True)
class ReviewState:
    has_manual: bool
    due: bool
    last_reviewed_at: datetime | None = None


def _teams_of(*member_ids: int) -> dict[int, set[int]]:
    rows = db.session.execute(
        select(Membership.member_id, Membership.team_id).where(
            Membership.member_id.in_(member_ids)
        )
    )
    teams: dict[int, set[int]] = {member_id: set() for member_id in member_ids}
    for member_id, team_id in rows:
        teams[member_id].add(team_id)
    return teams


def relation_between(viewer_id: int, owner_id: int) -> Relation:
    """How the viewer relates to the owner, in one query."""
    teams = _teams_of(viewer_id, owner_id)
    return relation_of(viewer_id, owner_id, teams[viewer_id], teams[owner_id])


def _manual_row(member_id: int) -> Manual | None:
    return db.session.scalar(select(Manual).where(Manual.member_id == member_id))


def shown_preferences(manual: Manual | None) -> tuple[tuple[str, str], ...]:
    """The structured communication preferences as (title, readable value), said ones only."""
    if manual is None:
        return ()
    fields = ("preferred_channels", *rules.PREFERENCE_CHOICES)
    pairs = ((f, getattr(manual, f)) for f in fields)
    return tuple(
        (rules.PREFERENCE_TITLES[f], rules.describe_preference(f, v)) for f, v in pairs if v
    )


def _shown(row: ManualSection) -> ShownSection:
    spec = rules.SECTIONS_BY_KEY[row.key]
    html = Markup(render_markdown(row.body))  # noqa: S704  # nosec B704 - nh3-sanitised
    return ShownSection(row.key, spec.title, row.body, html, row.visibility)


def _manual_and_sections(
    owner_id: int, relation: Relation
) -> tuple[Manual | None, list[ManualSection]]:
    """The owner's manual and the sections of it the relation may see, in one query."""
    rows = db.session.execute(
        select(Manual, ManualSection)
        .outerjoin(
            ManualSection,
            and_(
                ManualSection.member_id == Manual.member_id,
                ManualSection.visibility.in_(visible_visibilities(relation)),
            ),
        )
        .where(Manual.member_id == owner_id)
    ).all()
    if not rows:
        return None, []
    return rows[0][0], [section for _manual, section in rows if section is not None]


def manual_view(viewer_id: int, owner_id: int, relation: Relation | None = None) -> ManualView:
    """The owner's manual with exactly the sections `viewer_id` may see."""
    relation = relation or relation_between(viewer_id, owner_id)
    manual, rows = _manual_and_sections(owner_id, relation)
    if manual is None:
        return ManualView(owner_id, relation, exists=False)
    by_key = {r.key: r for r in rows if r.key in rules.SECTIONS_BY_KEY}
    visible = [by_key[k] for k in rules.SECTION_KEYS if k in by_key]
    sections = tuple(_shown(r) for r in visible if r.body and can_see(r.visibility, relation))
    comms = by_key.get(rules.COMMUNICATION)
    comms_visible = preferences_visible(comms.visibility if comms else None, relation)
    return ManualView(
        owner_id,
        relation,
        exists=True,
        sections=sections,
        preferences=shown_preferences(manual) if comms_visible else (),
        last_reviewed_at=manual.last_reviewed_at,
        updated_at=manual.updated_at,
    )


def load_draft(member_id: int) -> ManualDraft:
    """The author's whole manual, hidden sections included, for their edit form."""
    manual = _manual_row(member_id)
    rows = db.session.scalars(select(ManualSection).where(ManualSection.member_id == member_id))
    sections = {r.key: (r.body, r.visibility) for r in rows}
    if manual is None:
        return ManualDraft(sections, rules.Preferences())
    prefs = rules.Preferences(
        rules.split_channels(manual.preferred_channels),
        manual.response_time,
        manual.feedback_mode,
        manual.feedback_setting,
        manual.meeting_preference,
    )
    return ManualDraft(sections, prefs, manual.last_reviewed_at, exists=True)


def _checked_sections(sections: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    unknown = set(sections) - set(rules.SECTION_KEYS)
    if unknown:
        raise DomainError("", f"Unknown sections: {', '.join(sorted(unknown))}.")
    default = ("", "teams")
    return {k: rules.check_section(k, *sections.get(k, default)) for k in rules.SECTION_KEYS}


def _apply_preferences(manual: Manual, prefs: rules.Preferences) -> None:
    manual.preferred_channels = rules.join_channels(prefs.channels)
    manual.response_time = prefs.response_time
    manual.feedback_mode = prefs.feedback_mode
    manual.feedback_setting = prefs.feedback_setting
    manual.meeting_preference = prefs.meeting_preference


def save_manual(
    member_id: int,
    *,
    sections: Mapping[str, tuple[str, str]],
    preferences: rules.Preferences,
    now: datetime,
) -> ManualRevision | None:
    """Write the whole manual and its revision in one transaction.

    Saving counts as reviewing: the author has just read and written it.
    Returns the new revision, or None when nothing changed.
    """
    with unit_of_work_for_manual():
        return write_manual(member_id, sections=sections, preferences=preferences, now=now)


def write_manual(
    member_id: int,
    *,
    sections: Mapping[str, tuple[str, str]],
    preferences: rules.Preferences,
    now: datetime,
) -> ManualRevision | None:
    """`save_manual`'s work without the commit: call it inside the caller's unit of work."""
    checked = _checked_sections(sections)
    prefs = rules.check_preferences(preferences)
    manual = _manual_row(member_id) or Manual(member_id=member_id, created_at=now)
    db.session.add(manual)
    _apply_preferences(manual, prefs)
    manual.updated_at = now
    manual.last_reviewed_at = now
    existing = {
        r.key: r
        for r in db.session.scalars(
            select(ManualSection).where(ManualSection.member_id == member_id)
        )
    }
    for key, (body, visibility) in checked.items():
        row = existing.get(key) or ManualSection(member_id=member_id, key=key)
        row.body, row.visibility = body, visibility
        db.session.add(row)
    rebuild_search_documents([member_id])
    return record_revision(member_id, now)


def unit_of_work_for_manual():
    """One transaction; a concurrent first save of the same manual reads as a conflict."""
    return unit_of_work("", SAVED_ELSEWHERE)


def mark_reviewed(member_id: int, now: datetime) -> None:
    """Mark the manual "still accurate": the author confirms it without changing it."""
    with unit_of_work_for_manual():
        manual = _manual_row(member_id)
        if manual is None:
            raise DomainError("", "Write your manual first; then you can mark it reviewed.")
        manual.last_reviewed_at = now


def review_state(member_id: int, now: datetime, days: int) -> ReviewState:
    """Whether the author has a manual and whether a review nudge is due."""
    reviewed = db.session.execute(
        select(Manual.last_reviewed_at, Manual.created_at).where(Manual.member_id == member_id)
    ).first()
    if reviewed is None:
        return ReviewState(has_manual=False, due=False)
    last_reviewed, created = reviewed
    # A manual never marked reviewed is as fresh as the day it was started: a new hire
    # half-way through the wizard is not asked whether it is "still" them.
    due = rules.needs_review(last_reviewed or created, now, days)
    return ReviewState(True, due, last_reviewed)


def list_revisions(member_id: int) -> list[ManualRevision]:
    """The author's revisions, newest first."""
    return list(
        db.session.scalars(
            select(ManualRevision)
            .where(ManualRevision.member_id == member_id)
            .order_by(ManualRevision.number.desc())
        )
    )


def revision_diff(member_id: int, number: int) -> RevisionDiff:
    """What changed in the author's revision `number` compared with the one before."""
    rows = list(
        db.session.scalars(
            select(ManualRevision)
            .where(ManualRevision.member_id == member_id, ManualRevision.number <= number)
            .order_by(ManualRevision.number.desc())
            .limit(2)
        )
    )
    if not rows or rows[0].number != number:
        raise NotFound("number", "There is no such revision of your manual.")
    current = rows[0]
    previous = rows[1] if len(rows) > 1 else None
    old = json.loads(previous.snapshot) if previous else None
    diffs = rules.diff_snapshots(old, json.loads(current.snapshot))
    return RevisionDiff(number, current.created_at, previous.number if previous else None, diffs)
