"""/api/v1/members: the directory and manuals, exactly as the token's owner sees them.

The two hot reads return their JSON directly instead of through marshmallow, which
took half their time at 50 cards a page; `@bp.output` still documents the shape, and
the schemathesis tests check every reply against it. Their encoded bodies are kept per
data version and token owner (`api.replies`).
"""

from __future__ import annotations

from flask import current_app

from app import clock
from app.api.auth import holder, token_auth
from app.api.blueprint import READ_ERRORS, bp
from app.api.replies import MANUALS, MEMBER_PAGES, kept_json
from app.api.schemas import MemberManual, MembersPage, MembersQuery
from app.services import directory


def _card(entry: directory.DirectoryEntry) -> dict:
    return {
        "id": entry.member_id,
        "display_name": entry.display_name,
        "pronouns": entry.pronouns,
        "headline": entry.headline,
        "time_zone": entry.time_zone,
        "teams": list(entry.teams),
        "channels": list(entry.channels),
        "status": {
            "local_time": entry.status.local_time.isoformat(),
            "activity": str(entry.status.activity),
            "label": entry.status.label,
        },
        "last_reviewed_at": _iso(entry.last_reviewed_at),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@bp.get("/members")
@bp.auth_required(token_auth)
@bp.input(MembersQuery, location="query", arg_name="query")
@bp.output(MembersPage)
@bp.doc(
    summary="List and search members",
    description="Active members, a page at a time, with the directory's rules: search "
    "finds words only in sections the token's owner may see.",
    responses=READ_ERRORS,
)
def list_members(query: dict):
    per_page = min(query["per_page"], current_app.config["API_PAGE_SIZE_MAX"])
    wanted = directory.DirectoryQuery(
        text=query["q"].strip(), team_id=query["team"], page=query["page"]
    )
    viewer_id, now = holder().member_id, clock.now()
    # Statuses are worked out to the minute; an unknown one's local time is too, so the
    # body kept for this minute is what any request in it would build.
    minute = now.replace(second=0, microsecond=0)

    def build() -> dict:
        page = directory.search_directory(viewer_id, wanted, minute, per_page)
        return {
            "items": [_card(entry) for entry in page.entries],
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
        }

    return kept_json(MEMBER_PAGES, (viewer_id, wanted, per_page, minute), build)


@bp.get("/members/<id:member_id>/manual")
@bp.auth_required(token_auth)
@bp.output(MemberManual)
@bp.doc(
    summary="Read a member's manual",
    description="Only the sections the token's owner may see; hidden ones are simply absent.",
    responses=READ_ERRORS,
)
def member_manual(member_id: int):
    # The profile page's own service: the member, the viewer's relation and the visible
    # sections in two queries (inactive members are not found), the same rules exactly.
    # Nothing in the reply moves with the clock, so it is kept until the next write.
    viewer_id = holder().member_id

    def build() -> dict:
        shown = directory.profile(
            viewer_id, member_id, clock.now(), current_app.config["REVIEW_NUDGE_DAYS"]
        )
        view = shown.manual
        return {
            "member_id": member_id,
            "exists": view.exists,
            "sections": [{"key": s.key, "title": s.title, "body": s.body} for s in view.sections],
            "preferences": [{"title": t, "value": v} for t, v in view.preferences],
            "last_reviewed_at": _iso(view.last_reviewed_at),
        }

    return kept_json(MANUALS, (viewer_id, member_id), build)
