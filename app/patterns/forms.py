"""Forms for the weekly-pattern editor: one row per block, plus dated exceptions.

Shape only: a row's kind, day and HH:MM times are parsed here; whether the pattern
makes sense (grid, overlaps, zone, zero-length blocks) is the domain's call, and its
problems come back onto these fields by path (see `routes.show_pattern_problems`).
"""

from __future__ import annotations

from datetime import time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.forms_common import BoundedFieldList, sane_date, time_zone_field
from app.patterns.copying import ALL_DAYS, WEEKDAYS

KIND_OPTIONS = [
    ("", "— (empty row)"),
    ("working", "Working hours"),
    ("energy", "Energy level"),
    ("focus", "Focus block"),
    ("routine", "Routine"),
    ("no_meetings", "No meetings"),
]
DAY_OPTIONS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
    ("weekdays", "Monday to Friday"),
    ("all", "Every day"),
]
DAY_NAMES = dict(DAY_OPTIONS[:7])
ENERGY_OPTIONS = [("", "—"), ("peak", "Peak"), ("steady", "Steady"), ("low", "Low")]
EMPTY_ROWS = 3
# Rows the editor takes in one save: a rich week written one block a row (working
# hours, three energy levels, two focus blocks, four routines and a no-meetings time
# on each of seven days) is 77 rows, so 200 is generous; more is refused with a message.
MAX_PATTERN_ROWS = 200


def _choices(options: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in options]


TIME_ATTRS = {"placeholder": "HH:MM", "inputmode": "numeric", "autocomplete": "off"}


def parse_clock(text: str | None) -> time | None:
    """'9:30' or '09:30' -> time(9, 30); '24:00' -> midnight; '' -> None; else ValueError."""
    text = (text or "").strip()
    if not text:
        return None
    if text == "24:00":
        return time(0)
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(text)
    return time(int(hours), int(minutes))


def clock_field(label: str) -> StringField:
    return StringField(label, validators=[Length(max=5)], render_kw=TIME_ATTRS)


class BlockRowForm(Form):
    """One block. Left with an empty kind, the row is ignored (it is for adding)."""

    kind = SelectField("Kind", choices=_choices(KIND_OPTIONS), default="")
    weekday = SelectField("Day", choices=_choices(DAY_OPTIONS), default="0")
    start = clock_field("Start")
    end = clock_field("End")
    next_day = BooleanField("Ends next day")
    energy = SelectField("Energy", choices=_choices(ENERGY_OPTIONS), default="")
    hard = BooleanField("Protected / hard")
    label = StringField("Name", validators=[Length(max=80)])
    private = BooleanField("Private")
    delete = BooleanField("Delete")

    @property
    def in_use(self) -> bool:
        return bool(self.kind.data) and not self.delete.data

    def validate_start(self, field) -> None:
        self._check_clock(field)

    def validate_end(self, field) -> None:
        self._check_clock(field)

    def _check_clock(self, field) -> None:
        if not self.in_use:
            return
        try:
            value = parse_clock(field.data)
        except ValueError as error:
            raise ValidationError("Use a time like 09:00 or 17:30.") from error
        if value is None:
            raise ValidationError(f"Enter a {field.label.text.lower()} time (HH:MM).")


class PatternForm(FlaskForm):
    time_zone = time_zone_field("Your time zone")
    blocks = BoundedFieldList(
        FormField(BlockRowForm), min_entries=EMPTY_ROWS, max_entries=MAX_PATTERN_ROWS
    )
    max_meetings_per_day = IntegerField(
        "Most meetings per day",
        validators=[Optional(), NumberRange(min=0, max=24)],
        description="Leave empty for no limit.",
    )
    buffer_minutes = IntegerField(
        "Buffer between meetings (minutes)",
        default=0,
        validators=[Optional(), NumberRange(min=0, max=240)],
    )
    add_row = SubmitField("Add a row")
    copy_from = SelectField("Copy the rows of", choices=_choices(DAY_OPTIONS[:7]), default="0")
    copy_weekdays = SubmitField("Same hours Monday–Friday")
    copy_all = SubmitField("Copy to all days")
    save = SubmitField("Save my week")

    def copy_request(self) -> tuple[int, tuple[int, ...]] | None:
        """(source day, target days) when a copy button was pressed, else None."""
        if not (self.copy_weekdays.data or self.copy_all.data):
            return None
        source = self.copy_from.data if self.copy_from.data in DAY_NAMES else "0"
        return int(source), WEEKDAYS if self.copy_weekdays.data else ALL_DAYS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.blocks.refusal:
            self.form_errors.append(self.blocks.refusal)
            return False
        return valid


class TimeOffForm(FlaskForm):
    first = DateField("First day off", validators=[DataRequired("Pick the first day."), sane_date])
    last = DateField(
        "Last day off",
        validators=[Optional(), sane_date],
        description="Leave empty for a single day.",
    )
    submit = SubmitField("Add time off")


class OneOffHoursForm(FlaskForm):
    day = DateField("Date", validators=[DataRequired("Pick the date."), sane_date])
    hours = StringField(
        "Hours that day",
        validators=[Length(max=200)],
        description="E.g. 10:00-14:00, 15:00-17:00. Leave empty for not working that day.",
    )
    submit = SubmitField("Add one-off hours")


class DeleteForm(FlaskForm):
    """Just the CSRF token, for delete buttons."""


# Only focus blocks and routines can be soft; other kinds keep the domain's default.
FIRMNESS_KINDS = (BlockKind.FOCUS, BlockKind.ROUTINE)


def _weekdays(choice: str) -> list[int]:
    if choice == "weekdays":
        return list(range(5))
    if choice == "all":
        return list(range(7))
    return [int(choice)]


def rows_to_blocks(form: PatternForm) -> tuple[tuple[WeeklyBlock, ...], list[int]]:
    """The blocks the rows describe and, for each, the row index it came from.

    One row may stand for several blocks ("Monday to Friday"), so the index list maps
    the domain's `blocks[i]` back to `form.blocks[origins[i]]`. Call after validation.
    """
    blocks: list[WeeklyBlock] = []
    origins: list[int] = []
    for index, entry in enumerate(form.blocks):
        row: BlockRowForm = entry.form
        if not row.in_use:
            continue
        kind = BlockKind(row.kind.data)
        for weekday in _weekdays(row.weekday.data):
            blocks.append(
                WeeklyBlock(
                    kind=kind,
                    weekday=weekday,
                    start=parse_clock(row.start.data) or time(0),
                    end=parse_clock(row.end.data) or time(0),
                    energy=Energy(row.energy.data)
                    if kind is BlockKind.ENERGY and row.energy.data
                    else None,
                    hard=bool(row.hard.data) if kind in FIRMNESS_KINDS else True,
                    label=(row.label.data or "").strip() if kind is BlockKind.ROUTINE else "",
                    private=bool(row.private.data) and kind is BlockKind.ROUTINE,
                )
            )
            origins.append(index)
    return tuple(blocks), origins


def stated_overnight(form: PatternForm, origins: list[int]) -> frozenset[int]:
    """Indexes of the blocks whose row says "Ends next day" (see `rows_to_blocks`)."""
    return frozenset(i for i, row in enumerate(origins) if form.blocks[row].form.next_day.data)


def block_row_data(block: WeeklyBlock) -> dict:
    """A stored block as the data of one editor row."""
    return {
        "kind": block.kind.value,
        "weekday": str(block.weekday),
        "start": f"{block.start:%H:%M}",
        "end": f"{block.end:%H:%M}",
        "next_day": block.overnight,
        "energy": block.energy.value if block.energy else "",
        "hard": block.hard and block.kind in FIRMNESS_KINDS,
        "label": block.label,
        "private": block.private,
        "delete": False,
    }


def pattern_form_data(pattern: WeeklyPattern) -> dict:
    """The editor's initial data for a stored pattern (empty rows are added by the view)."""
    return {
        "time_zone": pattern.zone,
        "blocks": [block_row_data(b) for b in _editor_order(pattern.blocks)],
        "max_meetings_per_day": pattern.preferences.max_per_day,
        "buffer_minutes": pattern.preferences.buffer_minutes,
    }


def _editor_order(blocks: tuple[WeeklyBlock, ...]) -> list[WeeklyBlock]:
    order = [kind for kind, _label in KIND_OPTIONS if kind]
    return sorted(blocks, key=lambda b: (order.index(b.kind.value), b.weekday, b.start))
