"""Forms of the live calendars page: a subscription address, a CalDAV account.

Shape only: whether the address may be fetched, whether the login works and which
calendars exist are decided by the services. The password field never renders its
value back, and no field echoes a secret address into the page after saving.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.services.live_calendars import MAX_LABEL

MAX_URL = 2000


class SubscriptionForm(FlaskForm):
    """An iCalendar address (https:// or webcal://) to subscribe to."""

    url = StringField(
        "Calendar address (iCal / .ics)",
        validators=[DataRequired(message="Paste the calendar's address."), Length(max=MAX_URL)],
        description="The “secret address in iCal format” your calendar app gives you.",
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"},
    )
    label = StringField(
        "Name for this calendar",
        validators=[Optional(), Length(max=MAX_LABEL)],
        render_kw={"placeholder": "Subscribed calendar"},
    )
    submit = SubmitField("Subscribe")


class CaldavForm(FlaskForm):
    """A CalDAV account: server address, user name, app password."""

    server_url = StringField(
        "CalDAV server address",
        validators=[DataRequired(message="Enter the server's address."), Length(max=MAX_URL)],
        description="For example https://cloud.example.com/remote.php/dav for Nextcloud.",
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"},
    )
    username = StringField(
        "User name",
        validators=[DataRequired(message="Enter your user name."), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    password = PasswordField(
        "App password",
        validators=[DataRequired(message="Enter an app password."), Length(max=500)],
        description="Make an app password in your account's security settings; "
        "it is stored encrypted and never shown again.",
        render_kw={"autocomplete": "new-password"},
    )
    label = StringField("Name for this account", validators=[Optional(), Length(max=MAX_LABEL)])
    submit = SubmitField("Connect account")
