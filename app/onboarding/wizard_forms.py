"""Forms of the first-manual wizard, and reading the reviewed intro batch.

Shape only: times are parsed as HH:MM and texts are length-checked here; whether the
hours make sense (order, the 15-minute grid) and who may see a section are the
services' and domain's calls. Every step has a "Skip this step" button that needs no
valid input. Section fields mirror the manual editor's (same prompts and limits).
"""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain import manual as rules
from app.domain.workstyle.pattern import WEEKDAY_NAMES
from app.forms_common import MAX_PICKS, long_text_attrs
from app.limits import instant_in_range, parse_id
from app.manuals.forms import NOT_SAID, ChoiceField, select_choices
from app.patterns.forms import clock_field, parse_clock
from app.services.onboarding import STEP_SECTIONS, WorkingHours


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (a fieldset in the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StepForm(FlaskForm):
    save = SubmitField("Save and continue")
    skip = SubmitField("Skip this step")

    @property
    def skipping(self) -> bool:
        return bool(self.skip.data)


class HoursForm(StepForm):
    weekdays = CheckboxesField(
        "Working days",
        choices=select_choices((str(i), name) for i, name in enumerate(WEEKDAY_NAMES)),
        default=["0", "1", "2", "3", "4"],
    )
    start = clock_field("Start")
    end = clock_field("End")
    next_day = BooleanField("Ends next day")
    peak_start = clock_field("Peak starts (optional)")
    peak_end = clock_field("Peak ends (optional)")

    def validate_start(self, field) -> None:
        _clock(field, required=True)

    def validate_end(self, field) -> None:
        _clock(field, required=True)

    def validate_peak_start(self, field) -> None:
        _clock(field, required=False)

    def validate_peak_end(self, field) -> None:
        _clock(field, required=False)

    def hours(self) -> WorkingHours:
        """The typed hours (call after validation)."""
        return WorkingHours(
            tuple(sorted(int(d) for d in self.weekdays.data or [])),
            parse_clock(self.start.data),  # type: ignore[arg-type]
            parse_clock(self.end.data),  # type: ignore[arg-type]
            parse_clock(self.peak_start.data),
            parse_clock(self.peak_end.data),
            ends_next_day=bool(self.next_day.data),
        )

    def fill_from(self, hours: WorkingHours | None) -> None:
        if hours is None:
            self.start.data, self.end.data = "09:00", "17:00"
            return
        self.weekdays.data = [str(d) for d in hours.weekdays]
        self.start.data, self.end.data = f"{hours.start:%H:%M}", f"{hours.end:%H:%M}"
        self.next_day.data = hours.ends_next_day
        if hours.peak_start and hours.peak_end:
            self.peak_start.data = f"{hours.peak_start:%H:%M}"
            self.peak_end.data = f"{hours.peak_end:%H:%M}"


def _clock(field, *, required: bool) -> None:
    try:
        value = parse_clock(field.data)
    except ValueError as error:
        raise ValidationError("Use a time like 09:00 or 17:30.") from error
    if value is None and required:
        raise ValidationError(f"Enter a {field.label.text.lower()} time (HH:MM).")


class SectionStepForm(StepForm):
    """A text step; subclasses name their sections in `step`."""

    step = ""

    def section_fields(self):
        """(spec, body field, visibility field) for this step's sections."""
        return [
            (rules.SECTIONS_BY_KEY[k], self[f"{k}_body"], self[f"{k}_visibility"])
            for k in STEP_SECTIONS[self.step]
        ]

    def sections_data(self) -> dict[str, tuple[str, str]]:
        return {s.key: (body.data or "", vis.data) for s, body, vis in self.section_fields()}

    def fill_from(self, draft) -> None:
        for spec, body, vis in self.section_fields():
            body.data, vis.data = draft.sections.get(spec.key, ("", "teams"))


def _add_section(form_class: type[SectionStepForm], key: str) -> None:
    spec = rules.SECTIONS_BY_KEY[key]
    too_long = f"Please keep this under {spec.max_chars:,} characters."
    body = TextAreaField(
        spec.title,
        validators=[Length(max=spec.max_chars, message=too_long)],
        description=spec.prompt,
        render_kw=long_text_attrs(spec.max_chars, 8 if key == rules.STORY else 4),
    )
    visibility = ChoiceField(
        f"Who may see “{spec.title}”",
        choices=select_choices(rules.VISIBILITIES),
        default="teams",
    )
    setattr(form_class, f"{key}_body", body)
    setattr(form_class, f"{key}_visibility", visibility)


class EnergyForm(SectionStepForm):
    step = "energy"


class StoryForm(SectionStepForm):
    step = "story"


def _choices(options):
    return select_choices([NOT_SAID, *options])


class CommunicationForm(SectionStepForm):
    step = "communication"
    channel_1 = ChoiceField("1st choice", choices=_choices(rules.CHANNELS))
    channel_2 = ChoiceField("2nd choice", choices=_choices(rules.CHANNELS))
    channel_3 = ChoiceField("3rd choice", choices=_choices(rules.CHANNELS))
    response_time = ChoiceField("Expected response time", choices=_choices(rules.RESPONSE_TIMES))

    def preferences(self, saved: rules.Preferences) -> rules.Preferences:
        """The saved preferences with this step's channels and response time."""
        picks = [self.channel_1.data, self.channel_2.data, self.channel_3.data]
        return rules.Preferences(
            channels=rules.ordered_channels(picks),
            response_time=self.response_time.data,
            feedback_mode=saved.feedback_mode,
            feedback_setting=saved.feedback_setting,
            meeting_preference=saved.meeting_preference,
        )

    def fill_from(self, draft) -> None:
        super().fill_from(draft)
        picks = [*draft.preferences.channels, "", "", ""]
        self.channel_1.data, self.channel_2.data, self.channel_3.data = picks[:3]
        self.response_time.data = draft.preferences.response_time


for _form, _step in (
    (EnergyForm, "energy"),
    (CommunicationForm, "communication"),
    (StoryForm, "story"),
):
    for _key in STEP_SECTIONS[_step]:
        _add_section(_form, _key)

STEP_FORMS = {
    "hours": HoursForm,
    "energy": EnergyForm,
    "communication": CommunicationForm,
    "story": StoryForm,
}


def chosen_intros(form: MultiDict) -> list[tuple[int, datetime]]:
    """The kept intros of a reviewed batch: (teammate id, chosen UTC start).

    Raises ValueError for a tampered form (an id or time that does not parse).
    """
    chosen = []
    kept = form.getlist("include")
    if len(kept) > MAX_PICKS:
        raise ValueError("more intros than a batch can hold")
    for raw in kept:
        teammate_id = parse_id(raw)
        if teammate_id is None:
            raise ValueError("not an id")
        start = datetime.fromisoformat(form.get(f"slot-{teammate_id}", ""))
        if start.tzinfo is None or not instant_in_range(start):
            raise ValueError("a start without its zone, or out of range")
        chosen.append((teammate_id, start))
    return chosen
