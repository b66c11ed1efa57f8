"""The directory's filter lists: teams, and the zones and regions members are in.

The same for every viewer, so kept per data version: read again only after a write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Integer, func, literal, select, union_all

from app.extensions import db
from app.models import Member, Team
from app.services import data_version


@dataclass(frozen=True)
class FilterOptions:
    teams: tuple[tuple[int, str], ...]
    zones: tuple[str, ...]
    regions: tuple[str, ...]


def region_of(zone: str) -> str:
    """'Europe/Berlin' → 'Europe'; a zone without a region (UTC) has none."""
    return zone.split("/", 1)[0] if "/" in zone else ""


def filter_options() -> FilterOptions:
    """Teams, and the zones and regions members are in, for the filter form.

    The same for every viewer, so kept per data version: read again only after a write.
    """
    return _OPTIONS.get(db.session, "options", _read_filter_options)


_OPTIONS: data_version.KeptByVersion[FilterOptions] = data_version.KeptByVersion(1)


def _read_filter_options() -> FilterOptions:
    teams, zones = [], []
    for team_id, name, _part, _key in db.session.execute(_options_query()):
        if team_id is None:
            zones.append(name)
        else:
            teams.append((team_id, name))
    regions = tuple(sorted({region_of(zone) for zone in zones} - {""}))  # only members'
    return FilterOptions(tuple(teams), tuple(zones), regions)


@lru_cache(maxsize=1)
def _options_query():
    """Teams by name, then the distinct zones of active members: one statement, built once."""
    teams = select(Team.id, Team.name, literal(0).label("part"), func.lower(Team.name).label("k"))
    zones = (
        select(literal(None, Integer), Member.time_zone, literal(1), Member.time_zone)
        .where(Member.active.is_(True))
        .distinct()
    )
    return union_all(teams, zones).order_by("part", "k")
