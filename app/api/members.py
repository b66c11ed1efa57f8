"""/api/v1/members: the directory and manuals, exactly as the token's owner sees them."""

from __future__ import annotations

from flask import current_app

from app import clock
from app.api.auth import holder, token_auth
from app.api.blueprint import READ_ERRORS, bp
from app.api.schemas import MemberManual, MembersPage, MembersQuery
from app.domain.errors import NotFound
from app.services import accounts, directory, manuals


def _card(entry: directory.DirectoryEntry) -> dict:
    return {
        "id": entry.member_id,
        "display_name": entry.display_name,
        "pronouns": entry.pronouns,
        "time_zone": entry.time_zone,
        "teams": list(entry.teams),
        "channels": list(entry.channels),
        "status": {
            "local_time": entry.status.local_time,
            "activity": str(entry.status.activity),
            "label": entry.status.label,
        },
        "last_reviewed_at": entry.last_reviewed_at,
    }


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
    page = directory.search_directory(holder().member_id, wanted, clock.now(), per_page)
    return {
        "items": [_card(entry) for entry in page.entries],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }


@bp.get("/members/<int(max=2147483647):member_id>/manual")
@bp.auth_required(token_auth)
@bp.output(MemberManual)
@bp.doc(
    summary="Read a member's manual",
    description="Only the sections the token's owner may see; hidden ones are simply absent.",
    responses=READ_ERRORS,
)
def member_manual(member_id: int):
    member = accounts.get_member(member_id)
    if not member.active:
        raise NotFound("member", "No such member.")
    view = manuals.manual_view(holder().member_id, member_id)
    return {
        "member_id": member_id,
        "exists": view.exists,
        "sections": [{"key": s.key, "title": s.title, "body": s.body} for s in view.sections],
        "preferences": [{"title": t, "value": v} for t, v in view.preferences],
        "last_reviewed_at": view.last_reviewed_at,
    }
