"""Who may see which part of a manual: the one rule every surface asks.

A viewer stands in one of three relations to a manual's owner: the owner themself,
a teammate (they share at least one team), or anyone else in the workspace. Being an
admin changes nothing here — an admin sees exactly what any other member in the same
relation would see, which is what keeps "only me" meaning only me.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from typing import Protocol, TypeVar

WORKSPACE = "workspace"
TEAMS = "teams"
PRIVATE = "private"


class Relation(StrEnum):
    """How a viewer relates to the owner of what they look at."""

    SELF = "self"
    TEAMMATE = "teammate"
    WORKSPACE = "workspace"


def relation_of(
    viewer_id: int, owner_id: int, viewer_teams: Collection[int], owner_teams: Collection[int]
) -> Relation:
    """Self, teammate (any shared team) or workspace; roles play no part."""
    if viewer_id == owner_id:
        return Relation.SELF
    if set(viewer_teams) & set(owner_teams):
        return Relation.TEAMMATE
    return Relation.WORKSPACE


def relation_by_teammates(viewer_id: int, owner_id: int, teammates: Collection[int]) -> Relation:
    """`relation_of` for a caller that knows who shares a team with the viewer."""
    if viewer_id == owner_id:
        return Relation.SELF
    return Relation.TEAMMATE if owner_id in teammates else Relation.WORKSPACE


_ALLOWED = {
    WORKSPACE: frozenset(Relation),
    TEAMS: frozenset({Relation.SELF, Relation.TEAMMATE}),
    PRIVATE: frozenset({Relation.SELF}),
}


def can_see(visibility: str, relation: Relation) -> bool:
    """True when a viewer in `relation` may see something marked `visibility`.

    An unknown visibility is treated as private: when in doubt, show nothing.
    """
    return relation in _ALLOWED.get(visibility, _ALLOWED[PRIVATE])


def preferences_visible(communication_visibility: str | None, relation: Relation) -> bool:
    """Structured communication preferences follow the communication section: shown to
    whoever may see it, and to nobody when there is no such section."""
    return communication_visibility is not None and can_see(communication_visibility, relation)


def visible_visibilities(relation: Relation) -> tuple[str, ...]:
    """The visibilities a viewer in `relation` may see (for queries)."""
    return tuple(v for v in (WORKSPACE, TEAMS, PRIVATE) if can_see(v, relation))


class HasVisibility(Protocol):
    @property
    def visibility(self) -> str: ...


S = TypeVar("S", bound=HasVisibility)


def visible_sections(sections: Mapping[str, S] | Iterable[S], relation: Relation):
    """Keep only what `relation` may see; a mapping stays a mapping, else a list."""
    if isinstance(sections, Mapping):
        return {key: s for key, s in sections.items() if can_see(s.visibility, relation)}
    return [s for s in sections if can_see(s.visibility, relation)]
