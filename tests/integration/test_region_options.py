"""The directory's region choices: only regions of active members, in the same one
statement (and the same per-data-version keeping) as the team and zone choices."""

from __future__ import annotations

from app.extensions import db
from app.services import directory
from tests.manual_helpers import bulk_members, count_queries


def _options_statements(counter) -> int:
    return sum("UNION ALL" in s.upper() for s in counter.statements)


def test_regions_are_those_of_members_only(app):
    bulk_members(3, zones=("UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires"))
    db.session.commit()
    options = directory.filter_options()
    assert options.regions == ("America", "Europe")
    assert "Antarctica" not in options.regions and "Etc" not in options.regions


def test_region_choices_cost_no_extra_query_whatever_the_member_count(app):
    bulk_members(2, zones=("Asia/Tokyo", "Europe/Rome"))
    db.session.commit()
    with count_queries() as few:
        assert directory.filter_options().regions == ("Asia", "Europe")
    bulk_members(40, zones=("Africa/Accra", "Pacific/Auckland", "UTC"), start=2)
    db.session.commit()
    with count_queries() as many:
        regions = directory.filter_options().regions
    assert regions == ("Africa", "Asia", "Europe", "Pacific")
    assert len(many.statements) == len(few.statements)
    assert _options_statements(few) == _options_statements(many) == 1
    with count_queries() as again:  # nothing written since: kept by data version
        assert directory.filter_options().regions == regions
    assert _options_statements(again) == 0
