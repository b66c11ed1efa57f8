"""Form pieces shared by several blueprints, and mapping domain errors onto fields."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import FieldList, SelectMultipleField, StringField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, ValidationError

from app.domain.errors import DomainError
from app.limits import DATE_RANGE_TEXT, coerce_id, date_in_range

# The status of every HTML page that shows a form sent and refused, re-rendered with
# what was typed and each problem at its field (README, "Refused forms answer 422").
REFUSED = 422
MAX_PICKS = 50  # people or teams in one multiple choice: the scheduler's 2-50 people
ROW_NUMBER_DIGITS = 6  # a FieldList row number ("blocks-12-kind") has at most this many


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


def form_status(*forms: FlaskForm, sent: bool | None = None) -> int:
    """422 when any of `forms` was sent and refused (it carries errors), else 200.

    `sent` defaults to "submitted by POST"; GET forms (a search) pass whether the
    query was given.
    """
    for form in forms:
        was_sent = form.is_submitted() if sent is None else sent
        if was_sent and form.errors:
            return REFUSED
    return 200


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


def long_text_attrs(max_chars: int, rows: int) -> dict:
    """Attributes of a long text area: its size and its limit for the live counter.

    No `maxlength`: a browser cuts a longer paste silently, so the person would lose
    text without a word. The server's length check ("Please keep this under …") is what
    they meet instead, with everything they typed kept; `data-max-chars` drives the
    character counter in static/js/app.js. (`maxlength: False` stops WTForms adding it.)
    """
    return {"rows": rows, "maxlength": False, "data-max-chars": max_chars}


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


class BoundedFieldList(FieldList):
    """A FieldList that refuses, with a message, a form with more rows than
    `max_entries` or a row number it cannot read.

    WTForms alone keeps the first `max_entries` rows without a word (a save would drop
    the rest) and turns every digit string into an int, so a row named "²" or with
    5,000 digits raised. Check `refusal` after processing: None, or why the rows were
    refused.
    """

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.rows_sent, self.unreadable = 0, False
        super().process(formdata, data, extra_filters)

    def _extract_indices(self, prefix, formdata):
        lead = prefix + self._separator
        seen = set()
        for key in formdata:
            if not key.startswith(lead):
                continue
            raw = key[len(lead) :].split(self._field_separator, 1)[0]
            if raw.isascii() and raw.isdigit() and len(raw) <= ROW_NUMBER_DIGITS:
                seen.add(int(raw))
            else:
                self.unreadable = True
        self.rows_sent = len(seen)
        yield from seen

    @property
    def refusal(self) -> str | None:
        if self.unreadable:
            return "A row of the form could not be read. Reload the page and try again."
        if self.max_entries and self.rows_sent > self.max_entries:
            return (
                f"This form holds at most {self.max_entries:,} rows; it sent "
                f"{self.rows_sent:,}. Nothing was saved: remove some rows and save again."
            )
        return None
