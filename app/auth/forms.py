"""Forms for sign-in, setup and account settings: shape only, rules live in services."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.domain.accounts import HEADLINE_TOO_LONG
from app.forms_common import WorkspaceEmail, time_zone_field


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Sign in")


class SetupForm(FlaskForm):
    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), WorkspaceEmail(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    time_zone = time_zone_field()
    password = PasswordField(
        "Password", validators=[DataRequired()], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", "Passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Create workspace")


class ProfileForm(FlaskForm):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=80)])
    pronouns = StringField(
        "Pronouns (optional)",
        validators=[Length(max=40)],
        description="For example: she/her, he/him, they/them.",
    )
    headline = StringField(
        "Headline (optional)",
        validators=[Length(max=80, message=HEADLINE_TOO_LONG)],
        description="Your role or a one-line summary, shown on your card in People. "
        "For example: Backend engineer, payments.",
    )
    time_zone = time_zone_field()
    submit = SubmitField("Save settings")


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password", validators=[DataRequired()], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password")


class ResetPasswordForm(FlaskForm):
    recovery_code = StringField(
        "Your recovery code",
        validators=[Optional(), Length(max=64)],
        description="The code you made under Settings, shown to you once.",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("password", "Passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set new password")
