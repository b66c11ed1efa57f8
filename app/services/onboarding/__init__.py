"""A new hire's first weeks: the first-manual wizard, "meet your team", intro 1:1s, progress.

One module per part, each saying how it works:

- `wizard`: the steps, where the hire is, saving a step (one unit of work per step);
- `cards`: a card per teammate and which ones the hire has opened;
- `intros`: proposing and booking the intro 1:1s as one batch;
- `progress`: the hire's checklist, the admin's list and "new on your team".

Privacy holds throughout: cards show only what a teammate may see (section visibility,
public routine labels); progress is counts and dates, never any text a person wrote.
The names the views and the demo use are re-exported here.
"""

from app.services.onboarding.cards import TeamCard, mark_card_read, team_cards, teammate_ids
from app.services.onboarding.intros import (
    INTRO_PREFIX,
    IntroProposal,
    IntroTaken,
    book_intros,
    booked_intros,
    intro_window,
    intros_calendar,
    propose_intros,
)
from app.services.onboarding.progress import (
    NEW_ON_TEAM_DAYS,
    RECENT_HIRE_DAYS,
    NewTeammate,
    Progress,
    checklist,
    new_on_your_team,
    recent_hires,
)
from app.services.onboarding.wizard import (
    STEP_SECTIONS,
    STEP_TITLES,
    STEPS,
    WizardProgress,
    WorkingHours,
    hours_draft,
    hours_pattern,
    my_teams,
    save_hours,
    save_sections,
    skip_step,
    wizard_progress,
)

__all__ = [
    "INTRO_PREFIX",
    "NEW_ON_TEAM_DAYS",
    "RECENT_HIRE_DAYS",
    "STEPS",
    "STEP_SECTIONS",
    "STEP_TITLES",
    "IntroProposal",
    "IntroTaken",
    "NewTeammate",
    "Progress",
    "TeamCard",
    "WizardProgress",
    "WorkingHours",
    "book_intros",
    "booked_intros",
    "checklist",
    "hours_draft",
    "hours_pattern",
    "intro_window",
    "intros_calendar",
    "mark_card_read",
    "my_teams",
    "new_on_your_team",
    "propose_intros",
    "recent_hires",
    "save_hours",
    "save_sections",
    "skip_step",
    "team_cards",
    "teammate_ids",
    "wizard_progress",
]
