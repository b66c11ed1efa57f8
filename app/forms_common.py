"""Form pieces shared by several blueprints, and mapping domain errors onto fields."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.domain.errors import DomainError


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
