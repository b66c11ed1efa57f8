"""Scheduler forms: find a time (a GET form), book, reschedule, cancel. Shape only.

Whether a slot still fits, who exists and who may change a meeting are the services'
business; these forms check only that the values are well formed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from app.domain.errors import DomainError
from app.domain.meeting_details import check_location
from app.domain.scheduling import MeetingType
from app.forms_common import IdChoicesField, long_text_attrs, sane_date
from app.limits import instant_in_range
from app.services.scheduling import MAX_WINDOW_DAYS

MEETING_TYPE_NAMES = [
    (MeetingType.DEEP_WORK.value, "Deep work"),
    (MeetingType.CREATIVE.value, "Creative"),
    (MeetingType.DECISION.value, "Decision"),
    (MeetingType.STATUS.value, "Status"),
    (MeetingType.ADMIN.value, "Admin"),
    (MeetingType.ONE_ON_ONE.value, "1:1"),
    (MeetingType.SOCIAL.value, "Social"),
]
TYPE_LABELS = dict(MEETING_TYPE_NAMES)


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


MEETING_TYPES = choices(MEETING_TYPE_NAMES)
NOTICE_CHOICES = choices([(0, "None"), (60, "1 hour"), (240, "4 hours"), (1440, "1 day")])


def five_minute_steps(form, field) -> None:
    if field.data is not None and field.data % 5:
        raise ValidationError("Use 5-minute steps (for example 25, 30 or 45).")


def utc_instant(form, field) -> None:
    if parse_instant(field.data) is None:
        raise ValidationError("That start time is not valid; pick a suggestion again.")


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 instant with its offset, in UTC; None if malformed, naive or outside
    the sane date range (`limits`)."""
    try:
        value = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None or not instant_in_range(value):
        return None  # years 1 and 9999 overflow once a zone or a length is applied
    return value.astimezone(UTC)


def parse_minutes(text: str | None) -> int | None:
    """A meeting length in whole minutes, 15 to 240 (ASCII digits only); else None."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 3:
        return None
    minutes = int(text)
    return minutes if 15 <= minutes <= 240 else None


class FindForm(FlaskForm):
    """ "Find a time": sent by GET so the results page is a shareable URL."""

    class Meta:
        csrf = False

    required_people = IdChoicesField("Required people", description="You are always required.")
    optional_people = IdChoicesField(
        "Optional people",
        description="Optional even when their team is required; they never block a time.",
    )
    required_teams = IdChoicesField("Required teams")
    optional_teams = IdChoicesField("Optional teams")
    duration = IntegerField(
        "Duration (minutes)",
        default=30,
        validators=[
            DataRequired(message="How long is the meeting?"),
            NumberRange(15, 240, message="A meeting lasts 15 to 240 minutes."),
            five_minute_steps,
        ],
        render_kw={"min": 15, "max": 240, "step": 5},
    )
    window_start = DateField(
        "From", validators=[DataRequired(message="Choose a first day."), sane_date]
    )
    window_end = DateField(
        "To", validators=[DataRequired(message="Choose a last day."), sane_date]
    )
    meeting_type = SelectField("Kind of meeting", choices=MEETING_TYPES, default="status")
    notice = SelectField("Minimum notice", coerce=int, choices=NOTICE_CHOICES, default=240)
    submit = SubmitField("Find a time")

    def validate_window_end(self, field) -> None:
        start, end = self.window_start.data, field.data
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError("The last day comes before the first day.")
        if (end - start).days + 1 > MAX_WINDOW_DAYS:
            raise ValidationError(f"Search at most {MAX_WINDOW_DAYS} days at once.")

    @property
    def notice_delta(self) -> timedelta:
        return timedelta(minutes=self.notice.data or 0)


class RescheduleSearchForm(FlaskForm):
    """The window and notice when looking for a new time for an existing meeting."""

    class Meta:
        csrf = False

    window_start = FindForm.window_start
    window_end = FindForm.window_end
    notice = FindForm.notice
    submit = SubmitField("Find new times")
    validate_window_end = FindForm.validate_window_end

    @property
    def notice_delta(self) -> timedelta:
        return timedelta(minutes=self.notice.data or 0)


class BookForm(FlaskForm):
    """Book one suggested slot; people, start and length come from the suggestion."""

    title = StringField(
        "Title", validators=[DataRequired(message="Give it a title."), Length(max=140)]
    )
    meeting_type = SelectField("Kind of meeting", choices=MEETING_TYPES)
    agenda = TextAreaField(
        "Agenda (optional)",
        validators=[Length(max=5000, message="Please keep the agenda under 5,000 characters.")],
        render_kw=long_text_attrs(5000, 5),
    )
    location = StringField(
        "Location or video link (optional)",
        description="A room, an address, or a link such as https://meet.example.com/abc. "
        "It goes into the invite and onto the meeting page.",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    start = HiddenField(validators=[DataRequired(), utc_instant])
    duration = HiddenField(validators=[DataRequired()])
    required = IdChoicesField("Required")
    optional = IdChoicesField("Optional")
    search = HiddenField()
    submit = SubmitField("Book this meeting")

    def validate_duration(self, field) -> None:
        if parse_minutes(field.data) is None:
            raise ValidationError("The meeting length is not valid; pick a suggestion again.")

    def validate_location(self, field) -> None:
        """The domain's rule (at most MAX_LOCATION characters, one line, http(s) links)."""
        try:
            check_location(field.data or "")
        except DomainError as error:
            raise ValidationError(error.reason) from error


class MoveForm(FlaskForm):
    """Move a meeting to one suggested start."""

    start = HiddenField(validators=[DataRequired(), utc_instant])
    submit = SubmitField("Move here")


class ConfirmForm(FlaskForm):
    """A button that carries the CSRF token (cancel)."""

    submit = SubmitField("Confirm")
