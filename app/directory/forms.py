"""The directory's search and filter form (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SearchField
from wtforms.validators import Length, NumberRange, Optional

from app.domain.manual import CHANNELS
from app.limits import PAGE_MAX
from app.manuals.forms import ChoiceField, select_choices
from app.services.directory import SORTS, FilterOptions


class DirectoryForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        validators=[Length(max=200)],
        description="A name, a role, a team, or words from a manual.",
    )
    team = ChoiceField("Team", default="")
    region = ChoiceField("Region", default="")
    zone = ChoiceField("Time zone", default="")
    channel = ChoiceField(
        "Preferred channel", choices=select_choices([("", "Any"), *CHANNELS]), default=""
    )
    working_now = BooleanField("Working now")
    sort = ChoiceField("Sort by", choices=select_choices(SORTS), default="name")
    page = IntegerField(
        "Page", validators=[Optional(), NumberRange(min=1, max=PAGE_MAX)], default=1
    )

    def set_options(self, options: FilterOptions) -> None:
        self.team.choices, self.region.choices, self.zone.choices = _choices_of(options)


# The choice lists made from the last few `FilterOptions` (kept per data version, so
# the same object until the next write), by identity: building hundreds of choices on
# every page cost as much as the page's query. Each entry holds its options, so an id
# cannot be reused while the entry lives. The lists are only read.
_CHOICES: dict[int, tuple[FilterOptions, tuple[list, list, list]]] = {}
_CHOICES_SIZE = 4


def _choices_of(options: FilterOptions) -> tuple[list, list, list]:
    entry = _CHOICES.get(id(options))
    if entry is not None and entry[0] is options:
        return entry[1]
    lists = (
        select_choices([("", "Any team"), *((str(i), n) for i, n in options.teams)]),
        select_choices([("", "Any region"), *((r, r) for r in options.regions)]),
        select_choices([("", "Any time zone"), *((z, z) for z in options.zones)]),
    )
    if len(_CHOICES) >= _CHOICES_SIZE:
        _CHOICES.clear()
    _CHOICES[id(options)] = (options, lists)
    return lists
