"""The directory's search and filter form (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app.domain.manual import CHANNELS
from app.services.directory import SORTS, FilterOptions


class ListChoiceField(SelectField):
    """A select whose refusal tells what to do."""

    def pre_validate(self, form) -> None:
        if self.data not in {value for value, _ in self.choices}:
            raise ValidationError("Choose one of the options offered.")


class DirectoryForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        validators=[Length(max=200)],
        description="A name, a team, or words from a manual.",
    )
    team = ListChoiceField("Team")
    region = ListChoiceField("Region")
    zone = ListChoiceField("Time zone")
    channel = ListChoiceField("Preferred channel", choices=[("", "Any"), *CHANNELS])
    working_now = BooleanField("Working now")
    sort = ListChoiceField("Sort by", choices=list(SORTS), default="name")
    page = IntegerField(
        "Page", validators=[Optional(), NumberRange(min=1, max=100_000)], default=1
    )

    def set_options(self, options: FilterOptions) -> None:
        self.team.choices = [("", "Any team"), *((str(i), n) for i, n in options.teams)]
        self.region.choices = [("", "Any region"), *((r, r) for r in options.regions)]
        self.zone.choices = [("", "Any time zone"), *((z, z) for z in options.zones)]
