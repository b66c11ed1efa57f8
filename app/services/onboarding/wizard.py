"""The first-manual wizard: the steps, where a hire is, and saving one step.

The wizard saves each step through the same writes as the manual and pattern editors
(`manuals.write_manual`, `pattern_editing.write_pattern`, the in-session halves of
their save use cases), so its rules are theirs. Each step is ONE unit of work owned
here: lock the hire's onboarding row, read the current draft or pattern, write it and
mark the step done; a refusal or failure rolls all of it back, so progress never says
"done" for unsaved work and a save in another tab is read, not overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from app.domain import manual as rules
from app.domain.errors import DomainError, NotFound
from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern, validate_pattern
from app.extensions import db
from app.models import Membership, OnboardingState, Team
from app.services import manuals, pattern_editing
from app.services.patterns import load_pattern
from app.services.transaction import unit_of_work

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
    ends_next_day: bool = False  # the person said the hours run past midnight


def parse_steps(stored: str) -> tuple[str, ...]:
    """The known steps in a stored comma-separated list."""
    return tuple(s for s in (stored or "").split(",") if s in STEPS)


def onboarding_state(member_id: int, *, lock: bool = False) -> OnboardingState:
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
        parse_steps(state.done_steps), parse_steps(state.skipped_steps), state.wizard_finished_at
    )


def _advance(state: OnboardingState, step: str, *, done: bool, now: datetime) -> None:
    """Mark `step` done (or skipped, unless already done); finish when none is left."""
    if step not in STEPS:
        raise NotFound("step", "There is no such step.")
    finished, skipped = list(parse_steps(state.done_steps)), list(parse_steps(state.skipped_steps))
    if done:
        finished = [*finished, step] if step not in finished else finished
        skipped = [s for s in skipped if s != step]
    elif step not in finished and step not in skipped:
        skipped.append(step)
    state.done_steps = ",".join(s for s in STEPS if s in finished)
    state.skipped_steps = ",".join(s for s in STEPS if s in skipped)
    progress = WizardProgress(
        parse_steps(state.done_steps), parse_steps(state.skipped_steps), None
    )
    state.current_step = progress.current or "done"
    if progress.current is None and state.wizard_finished_at is None:
        state.wizard_finished_at = now


def skip_step(member_id: int, step: str, now: datetime) -> WizardProgress:
    """Skip a step (it can be done later); progress moves on."""
    with unit_of_work():
        _advance(onboarding_state(member_id), step, done=False, now=now)
    return wizard_progress(member_id)  # type: ignore[return-value]


def hours_pattern(pattern: WeeklyPattern, hours: WorkingHours) -> WeeklyPattern:
    """The member's pattern with its working hours and energy peaks replaced by `hours`."""
    if not hours.weekdays:
        raise DomainError("weekdays", "Pick at least one working day.")
    peak = (hours.peak_start, hours.peak_end)
    if (peak[0] is None) != (peak[1] is None):
        field = "peak_end" if peak[1] is None else "peak_start"
        raise DomainError(field, "Give both ends of your peak, or neither.")
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
    overnight = _overnight(updated, len(kept), len(working), hours.ends_next_day)
    _raise_first_problem(updated, len(kept), len(working), overnight)
    return updated


def _overnight(pattern: WeeklyPattern, kept: int, working: int, ticked: bool) -> frozenset[int]:
    """Blocks stated to end the next day (the domain's one rule for hours, as in "My
    week"): kept blocks as stored; the working hours when the hire ticked "Ends next
    day"; a peak when it runs past midnight and the hire ticked it."""

    def stated(index: int, block: WeeklyBlock) -> bool:
        if index < kept:
            return block.overnight
        return ticked and (index < kept + working or block.overnight)

    return frozenset(i for i, block in enumerate(pattern.blocks) if stated(i, block))


def _raise_first_problem(
    pattern: WeeklyPattern, kept: int, working: int, overnight: frozenset[int]
) -> None:
    """The domain's first complaint about the new blocks, on the wizard's field."""
    for problem in validate_pattern(pattern, overnight=overnight):
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
        state = onboarding_state(member_id, lock=True)
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
        state = onboarding_state(member_id, lock=True)
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
        ends_next_day=first.overnight,
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
