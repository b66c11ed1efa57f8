"""Admin forms: create accounts, manage teams. Shape only."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.forms_common import WorkspaceEmail, long_text_attrs, sane_date, time_zone_field


class NewMemberForm(FlaskForm):
    display_name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    email = EmailField("Email", validators=[DataRequired(), WorkspaceEmail(), Length(max=254)])
    pronouns = StringField("Pronouns (optional)", validators=[Length(max=40)])
    time_zone = time_zone_field()
    start_date = DateField("Start date (optional)", validators=[Optional(), sane_date])
    password = PasswordField(
        "Initial password",
        validators=[DataRequired()],
        description="Share it privately. Until they choose their own (they are asked to at "
        "every sign-in), you know it: so does anyone you tell.",
        render_kw={"autocomplete": "new-password"},
    )
    admin = BooleanField("Workspace admin")
    submit = SubmitField("Create account")


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=80)])
    description = TextAreaField(
        "What the team does (optional)",
        validators=[Length(max=280, message="Please keep this under 280 characters.")],
        render_kw=long_text_attrs(280, 3),
    )
    submit = SubmitField("Save team")


class AddMemberForm(FlaskForm):
    member_id = SelectField("Member", coerce=int, validators=[DataRequired()])
    role_in_team = StringField(
        "Role in the team (optional)",
        validators=[Length(max=80)],
        description="For example: designer, team lead.",
    )
    submit = SubmitField("Add to team")


class ConfirmForm(FlaskForm):
    """An empty form: a button that carries the CSRF token."""

    submit = SubmitField("Confirm")
