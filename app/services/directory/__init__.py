"""The people directory and profile pages: who is here, found by what the viewer may see.

`search` pages through members (sorted and cut in SQL by `sql`, where the visibility
rule is written into the query), `statuses` says what each is doing now, `filters`
lists the filter choices, `profile` builds one member's page. Callers use the names
re-exported here.
"""

from app.services.directory.filters import FilterOptions, filter_options, region_of
from app.services.directory.profile import Profile, profile
from app.services.directory.search import (
    SORTS,
    DirectoryEntry,
    DirectoryPage,
    DirectoryQuery,
    search_directory,
)
from app.services.directory.statuses import MemberStatusView, member_status

__all__ = [
    "SORTS",
    "DirectoryEntry",
    "DirectoryPage",
    "DirectoryQuery",
    "FilterOptions",
    "MemberStatusView",
    "Profile",
    "filter_options",
    "member_status",
    "profile",
    "region_of",
    "search_directory",
]
