"""A page of a sorted list: its rows, where it is, and how many pages there are.

The shape the `pager` macro (`templates/_pager.html`) reads, the same attributes as
Flask-SQLAlchemy's `Pagination`, for lists a service cuts itself with LIMIT/OFFSET.
Every list orders by its sort key and then by id, so a row never moves between pages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
