"""Demo step 2: a realistic, varied manual for every demo person, matching their persona.

The manuals are data (`data/manuals.toml`), written through `services.manuals.save_manual`,
so each gets a revision like real use. Visibilities are mixed on purpose (some "only me",
some "my teams") so the demo shows privacy at work; two manuals are saved long ago so
the review nudge and "last reviewed" appear, and one is edited again later so "what
changed" has something to show.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.demo.run import DemoRun, read_data
from app.domain.manual import Preferences
from app.services.manuals import save_manual


def seed(run: DemoRun) -> None:
    """Write every demo person's manual (and its later edit, if any)."""
    for who, manual in read_data("manuals.toml").items():
        if not run.has(who):
            continue
        sections = {key: (s["body"], s["visibility"]) for key, s in manual["sections"].items()}
        preferences = _preferences(manual["preferences"])
        days_ago = timedelta(days=manual["written_days_ago"])
        save_manual(
            run.member_ids[who], sections=sections, preferences=preferences, now=run.now - days_ago
        )
        edit = manual.get("later_edit")
        if edit is not None:
            sections[edit["section"]] = (edit["body"], edit["visibility"])
            save_manual(
                run.member_ids[who],
                sections=sections,
                preferences=preferences,
                now=run.now - timedelta(days=edit["days_ago"]),
            )


def _preferences(raw: dict[str, Any]) -> Preferences:
    return Preferences(
        channels=tuple(raw["channels"]),
        response_time=raw["response_time"],
        feedback_mode=raw["feedback_mode"],
        feedback_setting=raw["feedback_setting"],
        meeting_preference=raw["meeting_preference"],
    )
