"""Forms for deleting an account and making API tokens (shape only; services decide)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from app.models.api_token import SCOPE_READ, SCOPE_WRITE
from app.services.api_tokens import LIFETIMES_DAYS, MAX_NAME


class DeleteAccountForm(FlaskForm):
    """Re-enter the password and tick the box: deletion cannot be undone."""

    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password to confirm.")]
    )
    understood = BooleanField(
        "I understand my account and everything in it will be deleted for good",
        validators=[DataRequired("Tick the box to confirm.")],
    )
    submit = SubmitField("Delete my account")


class NewTokenForm(FlaskForm):
    """A name, a scope and a lifetime."""

    name = StringField(
        "Token name",
        description="What will use it, e.g. “my status bar script”.",
        validators=[DataRequired("Give the token a name."), Length(max=MAX_NAME)],
    )
    scope = RadioField(
        "What it may do",
        choices=[
            SelectChoice(SCOPE_READ, "Read only: the directory, manuals, my meetings"),
            SelectChoice(
                SCOPE_WRITE, "Read and write: also edit my manual and pattern, book meetings"
            ),
        ],
        default=SCOPE_READ,
        validators=[InputRequired("Choose what the token may do.")],
    )
    days = SelectField(
        "Expires after",
        choices=[SelectChoice(d, f"{d} days") for d in LIFETIMES_DAYS],
        coerce=int,
        default=90,
    )
    submit = SubmitField("Create token")


class ConfirmForm(FlaskForm):
    """A button that carries the CSRF token (revoke, admin delete)."""

    submit = SubmitField("Confirm")
