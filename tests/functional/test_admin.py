"""Admin pages: members and teams; members are kept out."""

from __future__ import annotations

import pytest

from app.models import Team
from app.services import accounts, teams
from tests.conftest import PASSWORD

ADMIN_PAGES = ["/admin/members", "/admin/teams"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_member_gets_403_on_admin_pages(member_client, path):
    assert member_client.get(path).status_code == 403


def test_member_cannot_post_admin_actions(member_client, admin, make_team):
    team = make_team("Core")
    assert member_client.post("/admin/teams", data={"name": "Mine"}).status_code == 403
    assert member_client.post(f"/admin/teams/{team.id}/delete").status_code == 403
    assert (
        member_client.post(f"/admin/members/{admin.id}/active", data={"active": "0"}).status_code
        == 403
    )


def test_admin_creates_a_member_who_can_sign_in(admin_client):
    response = admin_client.post(
        "/admin/members",
        data={
            "display_name": "Lin Wu",
            "email": "lin@example.test",
            "time_zone": "Asia/Shanghai",
            "password": PASSWORD,
            "pronouns": "",
        },
    )
    assert response.status_code == 302
    assert accounts.authenticate("lin@example.test", PASSWORD) is not None


def test_duplicate_email_refused_keeping_input(admin_client, member):
    response = admin_client.post(
        "/admin/members",
        data={
            "display_name": "Second Mo",
            "email": member.email.upper(),
            "time_zone": "UTC",
            "password": PASSWORD,
        },
    )
    assert b"already has an account" in response.data
    assert b'value="Second Mo"' in response.data


def test_team_create_rename_delete(admin_client, app):
    created = admin_client.post("/admin/teams", data={"name": "Platform", "description": "x"})
    assert created.status_code == 302
    team = app.extensions["sqlalchemy"].session.query(Team).one()
    renamed = admin_client.post(
        f"/admin/teams/{team.id}", data={"name": "Infrastructure", "description": "servers"}
    )
    assert renamed.status_code == 302
    assert teams.get_team(team.id).name == "Infrastructure"
    assert b"Infrastructure" in admin_client.get("/admin/teams").data
    assert admin_client.post(f"/admin/teams/{team.id}/delete").status_code == 302
    assert admin_client.get(f"/admin/teams/{team.id}").status_code == 404


def test_duplicate_team_name_refused(admin_client, make_team):
    make_team("Design")
    response = admin_client.post("/admin/teams", data={"name": "design"})
    assert b"already exists" in response.data


def test_a_team_name_with_control_characters_is_refused_and_kept(admin_client):
    response = admin_client.post("/admin/teams", data={"name": "Design\tOps"})
    assert b"cannot hold tabs" in response.data
    assert b"Design\tOps" in response.data  # what was typed is still there
    assert teams.list_teams() == []


def test_membership_add_and_remove_and_several_teams(admin_client, member, make_team):
    first, second = make_team("One"), make_team("Two")
    for team in (first, second):
        response = admin_client.post(
            f"/admin/teams/{team.id}/members",
            data={"add-member_id": member.id, "add-role_in_team": "Dev"},
        )
        assert response.status_code == 302
    assert teams.team_ids_of(member.id) == {first.id, second.id}
    page = admin_client.get(f"/admin/teams/{first.id}").data
    assert b"Mo Member" in page and b"Dev" in page
    admin_client.post(f"/admin/teams/{first.id}/members/{member.id}/remove")
    assert teams.team_ids_of(member.id) == {second.id}


def test_admin_deactivates_and_reactivates(admin_client, member):
    admin_client.post(f"/admin/members/{member.id}/active", data={"active": "0"})
    assert accounts.get_member(member.id).active is False
    admin_client.post(f"/admin/members/{member.id}/active", data={"active": "1"})
    assert accounts.get_member(member.id).active is True


def test_last_admin_cannot_step_down(admin_client, admin):
    admin_client.post(f"/admin/members/{admin.id}/role", data={"admin": "0"})
    assert accounts.get_member(admin.id).is_admin
