"""The weekly-pattern editor: one's OWN week only, so no route takes a member id.

Plain forms do everything (static/js/week-grid.js only fills the same fields by
painting). A refused save re-renders what was typed, with each domain problem shown
at its field: `blocks[2].end` lands on the end time of the row that made block 2.
"""

from __future__ import annotations

import re

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.domain.errors import DomainError, InvalidPattern, NotFound
from app.domain.workstyle import MeetingPreferences, WeeklyPattern
from app.extensions import limiter
from app.forms_common import REFUSED
from app.patterns import bp
from app.patterns.copying import WEEKDAYS, copy_day
from app.patterns.forms import (
    DAY_NAMES,
    EMPTY_ROWS,
    MAX_PATTERN_ROWS,
    DeleteForm,
    OneOffHoursForm,
    PatternForm,
    TimeOffForm,
    pattern_form_data,
    rows_to_blocks,
    stated_overnight,
)
from app.presentation.charts.week_chart import week_chart
from app.services import charts, pattern_editing
from app.services.pattern_preview import preview_week
from app.services.patterns import load_pattern, parse_one_off_blocks

MAX_FORM_MESSAGES = 20
BLOCK_PATH = re.compile(r"^blocks\[(\d+)\](?:\.(\w+))?$")
TOP_LEVEL_FIELDS = {
    "zone": "time_zone",
    "preferences.buffer_minutes": "buffer_minutes",
    "preferences.max_per_day": "max_meetings_per_day",
}


def _stored_form() -> PatternForm:
    form = PatternForm(formdata=None, data=pattern_form_data(load_pattern(current_user.id)))
    for _ in range(EMPTY_ROWS):
        form.blocks.append_entry()
    return form


def _render(
    pattern_form=None, time_off_form=None, one_off_form=None, status: int = 200, notice=""
):
    time_off, one_offs = pattern_editing.dated_entries(current_user.id)
    page = render_template(
        "patterns/edit.html",
        form=pattern_form or _stored_form(),
        refused=status == REFUSED and pattern_form is not None,
        notice=notice,
        time_off_form=time_off_form or TimeOffForm(formdata=None),
        one_off_form=one_off_form or OneOffHoursForm(formdata=None),
        delete_form=DeleteForm(),
        time_off=time_off,
        one_offs=one_offs,
        week_chart=week_chart(
            charts.member_week_for(
                current_user.id, current_user.time_zone, clock.now(), viewer_id=current_user.id
            )
        ),
    )
    return page, status


@bp.route("", methods=["GET", "POST"])
@login_required
def edit():
    form = PatternForm()
    if not form.is_submitted():
        return _render()
    if form.add_row.data:
        if form.blocks.refusal or len(form.blocks) >= MAX_PATTERN_ROWS:
            form.form_errors.append(f"The editor holds at most {MAX_PATTERN_ROWS} rows.")
            return _render(form, status=REFUSED)
        form.blocks.append_entry()
        return _render(form)
    if form.copy_request() is not None:
        return _copy_rows(form, *form.copy_request())
    if not form.validate():
        return _render(form, status=REFUSED)
    pattern, origins = _typed_pattern(form)
    try:
        overnight = stated_overnight(form, origins)
        pattern_editing.save_pattern(current_user.id, pattern, clock.now(), overnight=overnight)
    except InvalidPattern as error:
        show_pattern_problems(form, error.problems, origins)
        return _render(form, status=REFUSED)
    except DomainError as error:
        show_pattern_problems(form, [_Problem(error.field, error.reason)], origins)
        return _render(form, status=REFUSED)
    flash("Your week is saved.", "success")
    return redirect(url_for("patterns.edit"))


def _typed_pattern(form: PatternForm) -> tuple[WeeklyPattern, list[int]]:
    """The pattern the (validated) form describes, with the stored dated exceptions."""
    blocks, origins = rows_to_blocks(form)
    stored = load_pattern(current_user.id)
    pattern = WeeklyPattern(
        zone=(form.time_zone.data or "").strip(),
        blocks=blocks,
        time_off=stored.time_off,
        one_off_hours=stored.one_off_hours,
        preferences=MeetingPreferences(
            form.max_meetings_per_day.data, form.buffer_minutes.data or 0
        ),
    )
    return pattern, origins


def _copy_rows(form: PatternForm, source: int, targets: tuple[int, ...]):
    """Without JavaScript: the form again, the rows copied, nothing saved. The typed
    rows live in this POST only, so the page is rendered, not redirected to (a reload
    repeats the same copy); "Save my week" then saves them."""
    rows = copy_day([entry.form.data for entry in form.blocks], source, targets)
    if len(rows) + EMPTY_ROWS > MAX_PATTERN_ROWS:
        form.form_errors.append(f"The editor holds at most {MAX_PATTERN_ROWS} rows.")
        return _render(form, status=REFUSED)
    copied = PatternForm(
        formdata=None,
        data={
            "time_zone": form.time_zone.data,
            "blocks": rows,
            "max_meetings_per_day": form.max_meetings_per_day.data,
            "buffer_minutes": form.buffer_minutes.data,
            "copy_from": str(source),
        },
    )
    for _ in range(EMPTY_ROWS):
        copied.blocks.append_entry()
    where = "Monday to Friday" if targets == WEEKDAYS else "every day"
    notice = (
        f"{DAY_NAMES[str(source)]}’s rows are copied to {where}. "
        "Nothing is saved yet: press “Save my week” to keep them."
    )
    return _render(copied, notice=notice)


@bp.post("/preview")
@login_required
@limiter.limit("240 per minute")
def preview():
    """The chart of the week as typed (JSON with an HTML fragment) for the editor's
    live preview; nothing is saved. Same checks as saving, CSRF included."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
        abort(403)
    form = PatternForm()
    if not form.validate():
        return _preview_answer(error="The preview waits until every row is filled in.")
    pattern, origins = _typed_pattern(form)
    try:
        week = preview_week(
            current_user.id, pattern, clock.now(), overnight=stated_overnight(form, origins)
        )
    except InvalidPattern as error:
        return _preview_answer(error=error.problems[0].message)
    except DomainError as error:
        return _preview_answer(error=error.reason)
    html = render_template("patterns/_week_chart_body.html", week_chart=week_chart(week))
    return _preview_answer(html=html)


def _preview_answer(*, html: str = "", error: str = ""):
    response = jsonify(html=html) if html else jsonify(error=error)
    response.status_code = 200 if html else REFUSED
    response.headers["Cache-Control"] = "no-store"
    return response


class _Problem:
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message


def show_pattern_problems(form: PatternForm, problems, origins: list[int]) -> None:
    """Put each problem on its field: the row's own field, a top field, or the form.

    A field shows a message once, and a row its first overlap only (a "Monday to
    Friday" row stands for five blocks): what the page says grows with its rows, never
    with the pairs between them, and the form's own list stops at MAX_FORM_MESSAGES.
    """
    shown: set[tuple[int, str]] = set()
    for problem in problems:
        field = _field_for(form, problem.field, origins)
        if field is None:
            _add_form_message(form, problem.message)
            continue
        # A whole-block problem (an overlap) is one per row, whatever its words.
        key = (id(field), "" if "." not in problem.field else problem.message)
        if key not in shown:
            shown.add(key)
            field.errors = [*field.errors, problem.message]


def _add_form_message(form: PatternForm, message: str) -> None:
    if message in form.form_errors:
        return
    if len(form.form_errors) < MAX_FORM_MESSAGES:
        form.form_errors.append(message)
    elif len(form.form_errors) == MAX_FORM_MESSAGES:
        form.form_errors.append("… and more problems of the same kind.")


def _field_for(form: PatternForm, path: str, origins: list[int]):
    if path in TOP_LEVEL_FIELDS:
        return getattr(form, TOP_LEVEL_FIELDS[path])
    match = BLOCK_PATH.match(path)
    if match is None or int(match.group(1)) >= len(origins):
        return None
    row = form.blocks[origins[int(match.group(1))]].form
    # A whole-block problem (an overlap) is about where it starts.
    return getattr(row, match.group(2) or "start", None) or row.start


@bp.post("/time-off")
@login_required
def add_time_off():
    form = TimeOffForm()
    if form.validate():
        last = form.last.data or form.first.data
        try:
            pattern_editing.add_time_off(current_user.id, form.first.data, last, clock.now())
        except InvalidPattern as error:
            for problem in error.problems:
                target = form.last if problem.field.startswith("time_off") else None
                _attach(form, target, problem.message)
        else:
            flash("Time off added.", "success")
            return redirect(url_for("patterns.edit") + "#time-off")
    return _render(time_off_form=form, status=REFUSED)


@bp.post("/one-off")
@login_required
def add_one_off_hours():
    form = OneOffHoursForm()
    if form.validate():
        try:
            blocks = parse_one_off_blocks(form.hours.data or "")
        except ValueError:
            form.hours.errors = ["Write hours like 10:00-14:00, 15:00-17:00."]
        else:
            try:
                pattern_editing.add_one_off_hours(
                    current_user.id, form.day.data, blocks, clock.now()
                )
            except InvalidPattern as error:
                for problem in error.problems:
                    target = form.hours if ".blocks" in problem.field else form.day
                    _attach(form, target, problem.message)
            else:
                flash("One-off hours added.", "success")
                return redirect(url_for("patterns.edit") + "#one-off")
    return _render(one_off_form=form, status=REFUSED)


def _attach(form, field, message: str) -> None:
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]


@bp.post("/time-off/<id:entry_id>/delete")
@login_required
def delete_time_off(entry_id: int):
    return _delete(pattern_editing.delete_time_off, entry_id, "Time off removed.", "#time-off")


@bp.post("/one-off/<id:entry_id>/delete")
@login_required
def delete_one_off_hours(entry_id: int):
    return _delete(
        pattern_editing.delete_one_off_hours, entry_id, "One-off hours removed.", "#one-off"
    )


def _delete(use_case, entry_id: int, message: str, anchor: str):
    if not DeleteForm().validate():
        flash("The form expired. Please try again.", "error")
    else:
        try:
            use_case(current_user.id, entry_id, clock.now())
        except NotFound:
            raise  # someone else's or already gone: 404, like any unknown id
        except DomainError as error:
            flash(error.reason, "error")
        else:
            flash(message, "success")
    return redirect(url_for("patterns.edit") + anchor)
