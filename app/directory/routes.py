"""The people directory and member profiles: thin views over `services.directory`."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_login import current_user, login_required

from app import clock
from app.directory import bp
from app.directory.forms import DirectoryForm
from app.domain.errors import NotFound
from app.presentation.charts.week_chart import week_chart
from app.services import charts, directory


def _query(form: DirectoryForm) -> directory.DirectoryQuery:
    """The query from the form's valid fields; a refused field counts as "any"."""

    def ok(field):
        return field.data if not field.errors else None

    team = ok(form.team)
    return directory.DirectoryQuery(
        text=(ok(form.q) or "").strip(),
        team_id=int(team) if team else None,
        zone=ok(form.zone) or "",
        region=ok(form.region) or "",
        channel=ok(form.channel) or "",
        working_now=bool(form.working_now.data),
        sort=ok(form.sort) or "name",
        page=ok(form.page) or 1,
    )


def _search() -> dict:
    """The form, the query and its page of results, for the page and its fragment."""
    form = DirectoryForm(request.args)
    form.set_options(directory.filter_options())
    form.validate()
    query = _query(form)
    page = directory.search_directory(
        current_user.id, query, clock.now(), current_app.config["PAGE_SIZE"]
    )
    args = {k: v for k, v in request.args.items() if k not in ("page", "partial") and v}
    return {"form": form, "page": page, "query": query, "args": args}


@bp.get("")
@login_required
def index():
    return render_template("directory/index.html", **_search())


@bp.get("/results")
@login_required
def results():
    """Just the results of a search (count, cards, pager): what filter-as-you-type
    fetches to update the list without loading the whole page."""
    return render_template("directory/_results.html", **_search())


@bp.get("/<id:member_id>")
@login_required
def profile(member_id: int):
    now = clock.now()
    try:
        shown = directory.profile(
            current_user.id, member_id, now, current_app.config["REVIEW_NUDGE_DAYS"]
        )
    except NotFound:
        abort(404)
    chart = week_chart(
        charts.member_week_of(
            shown.pattern, shown.member, current_user.time_zone, now, viewer_id=current_user.id
        )
    )
    return render_template("directory/profile.html", profile=shown, week_chart=chart)
