"""Who may see what: the visibility rule as a table, and its helpers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.domain.visibility import (
    Relation,
    can_see,
    preferences_visible,
    relation_by_teammates,
    relation_of,
    visible_sections,
    visible_visibilities,
)

TABLE = [
    ("workspace", Relation.SELF, True),
    ("workspace", Relation.TEAMMATE, True),
    ("workspace", Relation.WORKSPACE, True),
    ("teams", Relation.SELF, True),
    ("teams", Relation.TEAMMATE, True),
    ("teams", Relation.WORKSPACE, False),
    ("private", Relation.SELF, True),
    ("private", Relation.TEAMMATE, False),
    ("private", Relation.WORKSPACE, False),
]


@pytest.mark.parametrize(("visibility", "relation", "expected"), TABLE)
def test_can_see_table(visibility, relation, expected):
    assert can_see(visibility, relation) is expected


@pytest.mark.parametrize("relation", list(Relation))
def test_unknown_visibility_counts_as_private(relation):
    assert can_see("everyone!", relation) is (relation is Relation.SELF)


@pytest.mark.parametrize(
    ("viewer", "owner", "viewer_teams", "owner_teams", "expected"),
    [
        (1, 1, set(), set(), Relation.SELF),
        (1, 1, {5}, {5}, Relation.SELF),
        (1, 2, {5, 6}, {6}, Relation.TEAMMATE),
        (1, 2, {5}, {6}, Relation.WORKSPACE),
        (1, 2, set(), set(), Relation.WORKSPACE),
        (1, 2, set(), {6}, Relation.WORKSPACE),
    ],
)
def test_relation_of(viewer, owner, viewer_teams, owner_teams, expected):
    assert relation_of(viewer, owner, viewer_teams, owner_teams) is expected


@pytest.mark.parametrize(
    ("viewer", "owner", "teammates", "expected"),
    [
        (1, 1, set(), Relation.SELF),
        (1, 1, {1, 2}, Relation.SELF),
        (1, 2, {2, 3}, Relation.TEAMMATE),
        (1, 2, {3}, Relation.WORKSPACE),
    ],
)
def test_relation_by_teammates(viewer, owner, teammates, expected):
    assert relation_by_teammates(viewer, owner, teammates) is expected


@pytest.mark.parametrize(("visibility", "relation", "expected"), TABLE)
def test_preferences_follow_the_communication_section(visibility, relation, expected):
    assert preferences_visible(visibility, relation) is expected
    assert preferences_visible(None, relation) is False  # no section: nothing to show


def test_visible_visibilities_match_can_see():
    for relation in Relation:
        expected = tuple(v for v, r, ok in TABLE if r is relation and ok)
        assert visible_visibilities(relation) == expected


@dataclass(frozen=True)
class Section:
    key: str
    visibility: str


SECTIONS = [Section("a", "workspace"), Section("b", "teams"), Section("c", "private")]


@pytest.mark.parametrize(
    ("relation", "keys"),
    [(Relation.SELF, "abc"), (Relation.TEAMMATE, "ab"), (Relation.WORKSPACE, "a")],
)
def test_visible_sections_filters_lists_and_mappings(relation, keys):
    assert [s.key for s in visible_sections(SECTIONS, relation)] == list(keys)
    mapping = {s.key: s for s in SECTIONS}
    assert list(visible_sections(mapping, relation)) == list(keys)
