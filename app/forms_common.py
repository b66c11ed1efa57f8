"""Form pieces shared by several blueprints, and mapping domain errors onto fields."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.domain.errors import DomainError
from app.limits import DATE_RANGE_TEXT, coerce_id, date_in_range

MAX_PICKS = 50  # people or teams in one multiple choice: the scheduler's 2-50 people


class WorkspaceEmail:
    """Email syntax check that accepts intranet domains (corp.internal, team.test).

    A self-hosted workspace often lives on a private domain, which WTForms' Email()
    refuses as "not globally deliverable".
    """

    def __call__(self, form: FlaskForm, field) -> None:
        try:
            validate_email(
                field.data or "",
                check_deliverability=False,
                globally_deliverable=False,
                test_environment=True,
            )
        except EmailNotValidError as error:
            raise ValidationError(f"Enter a valid email address ({error}).") from error


def sane_date(form: FlaskForm, field) -> None:
    """Dates from 1900 to 2199 only: years 1 and 9999 overflow when a zone is applied."""
    if field.data is not None and not date_in_range(field.data):
        raise ValidationError(DATE_RANGE_TEXT)


def time_zone_field(label: str = "Time zone") -> StringField:
    """A text field backed by a <datalist> of IANA zones: searchable, works without JS."""
    return StringField(
        label,
        validators=[DataRequired(message="Choose your time zone."), Length(max=64)],
        render_kw={"list": "time-zones", "autocomplete": "off", "data-detect-zone": "1"},
    )


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Attach a domain error to its field, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.reason]
    else:
        form.form_errors.append(error.reason)


class IdChoicesField(SelectMultipleField):
    """Several row ids picked from the choices: at most `max_picks` of them, each a
    bounded id (see `limits.parse_id`). More picks, or an id out of range, refuse the
    field before anything is looked up or rendered, so neither the work (choices are
    matched against picks when the page is drawn) nor the answer (the message names
    the refused values) grows with the request."""

    def __init__(self, label=None, validators=None, *, max_picks: int = MAX_PICKS, **kwargs):
        super().__init__(label, validators, coerce=coerce_id, **kwargs)
        self.max_picks = max_picks

    def process_formdata(self, valuelist) -> None:
        if len(valuelist) > self.max_picks:
            self.data = []
            raise ValueError(f"Choose at most {self.max_picks}.")
        super().process_formdata(valuelist)
