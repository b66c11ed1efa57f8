"""The manual edit form: one body and visibility per section, plus structured choices.

Fields are generated from `app.domain.manual.SECTIONS`, so adding a section there adds
it here. Shape only: lengths and choices; the service checks the rules again.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from app.domain import manual as rules
from app.forms_common import long_text_attrs

NOT_SAID = ("", "— not said —")


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceField(SelectField):
    """A select whose refusal says what to do, not just "Not a valid choice"."""

    def pre_validate(self, form) -> None:
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError("Choose one of the options offered.")


def _choices(options) -> list[SelectChoice]:
    return select_choices([NOT_SAID, *options])


class ManualForm(FlaskForm):
    """Edit your manual. Every section has a body (Markdown) and who may see it."""

    channel_1 = ChoiceField("1st choice", choices=_choices(rules.CHANNELS))
    channel_2 = ChoiceField("2nd choice", choices=_choices(rules.CHANNELS))
    channel_3 = ChoiceField("3rd choice", choices=_choices(rules.CHANNELS))
    response_time = ChoiceField("Expected response time", choices=_choices(rules.RESPONSE_TIMES))
    feedback_mode = ChoiceField(
        "Feedback: written or spoken", choices=_choices(rules.FEEDBACK_MODES)
    )
    feedback_setting = ChoiceField(
        "Feedback: in private or in public", choices=_choices(rules.FEEDBACK_SETTINGS)
    )
    meeting_preference = ChoiceField("Meetings", choices=_choices(rules.MEETING_PREFERENCES))
    submit = SubmitField("Save my manual")

    def section_fields(self):
        """(spec, body field, visibility field) for every section, in manual order."""
        return [(s, self[f"{s.key}_body"], self[f"{s.key}_visibility"]) for s in rules.SECTIONS]

    def sections_data(self) -> dict[str, tuple[str, str]]:
        return {s.key: (body.data or "", vis.data) for s, body, vis in self.section_fields()}

    def preferences(self) -> rules.Preferences:
        return rules.Preferences(
            channels=rules.ordered_channels(
                [self.channel_1.data, self.channel_2.data, self.channel_3.data]
            ),
            response_time=self.response_time.data,
            feedback_mode=self.feedback_mode.data,
            feedback_setting=self.feedback_setting.data,
            meeting_preference=self.meeting_preference.data,
        )

    def fill_from(self, draft) -> None:
        """Start from the author's saved manual (GET only)."""
        for spec, body, vis in self.section_fields():
            body.data, vis.data = draft.sections.get(spec.key, ("", "teams"))
        picks = list(draft.preferences.channels) + ["", "", ""]
        self.channel_1.data, self.channel_2.data, self.channel_3.data = picks[:3]
        for name in rules.PREFERENCE_CHOICES:
            self[name].data = getattr(draft.preferences, name)


def _add_section_fields() -> None:
    for spec in rules.SECTIONS:
        too_long = f"Please keep this under {spec.max_chars:,} characters."
        setattr(
            ManualForm,
            f"{spec.key}_body",
            TextAreaField(
                spec.title,
                validators=[Length(max=spec.max_chars, message=too_long)],
                description=spec.prompt,
                render_kw=long_text_attrs(spec.max_chars, 8 if spec.key == rules.STORY else 4),
            ),
        )
        setattr(
            ManualForm,
            f"{spec.key}_visibility",
            ChoiceField(
                f"Who may see “{spec.title}”",
                choices=select_choices(rules.VISIBILITIES),
                default="teams",
            ),
        )


_add_section_fields()


class PreviewForm(FlaskForm):
    """One section's text sent for a preview (JavaScript): shape only, never stored."""

    section = ChoiceField("Section", choices=select_choices((k, k) for k in rules.SECTION_KEYS))
    text = TextAreaField("Text")

    def validate_text(self, field) -> None:
        spec = rules.SECTIONS_BY_KEY.get(self.section.data)
        if spec is not None and len(field.data or "") > spec.max_chars:
            raise ValidationError(f"No preview: the text is over {spec.max_chars:,} characters.")


class ReviewedForm(FlaskForm):
    """The "still accurate" button, with CSRF protection."""

    submit = SubmitField("Still accurate")
