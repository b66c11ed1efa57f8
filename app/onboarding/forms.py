"""Forms for inviting and accepting an invite. Shape only; rules live in services."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.forms_common import IdChoicesField, WorkspaceEmail, sane_date, time_zone_field


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), WorkspaceEmail(), Length(max=254)])
    display_name = StringField("Name (optional)", validators=[Length(max=80)])
    teams = IdChoicesField(
        "Teams",
        validators=[Optional()],
        description="Hold Ctrl (or ⌘) to choose several.",
    )
    start_date = DateField("Start date", validators=[Optional(), sane_date])
    submit = SubmitField("Create invite")


class AcceptInviteForm(FlaskForm):
    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "name"},
    )
    time_zone = time_zone_field("Your time zone")
    password = PasswordField(
        "Choose a password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", "Passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Join the workspace")
