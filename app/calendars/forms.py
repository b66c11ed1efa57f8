"""Forms of the calendar page: feed buttons, a team feed's zone, and the import upload.

Shape only: whether the member is in the team, whether the zone exists and whether
the file is a calendar are decided by the services.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from app.forms_common import time_zone_field
from app.services.calendar_import import DEFAULT_SOURCE, MAX_SOURCE


class ButtonForm(FlaskForm):
    """A bare button (turn on, regenerate, revoke, delete): CSRF only."""


class TeamFeedForm(FlaskForm):
    """Subscribe to one of my teams' core hours, shown in a zone I choose."""

    team_id = SelectField("Team", coerce=int, validate_choice=False)
    zone = time_zone_field("Show the hours in this time zone")
    submit = SubmitField("Turn on team feed")


class ImportForm(FlaskForm):
    """Upload an .ics exported from another calendar; its events become busy time."""

    file = FileField(
        "Calendar file (.ics)",
        validators=[FileRequired(message="Choose a calendar file to upload.")],
        render_kw={"accept": ".ics,.ical,.ifb,text/calendar"},
    )
    source = StringField(
        "Name for this calendar",
        default=DEFAULT_SOURCE,
        validators=[Optional(), Length(max=MAX_SOURCE)],
        description="Uploading again under the same name replaces that calendar's busy time.",
    )
    submit = SubmitField("Import busy time")
