"""The application class: APIFlask, minus a per-request check that never changes.

Flask asks, for the view and for every before/after-request hook of every request,
whether the function is a coroutine (`ensure_sync` → `inspect.iscoroutinefunction`),
six times for `/healthz`. The answer for a given function never changes, so it is kept
here. Only a bounded number of functions are kept: the registered views and hooks are
a few hundred, while `after_this_request` makes a new function per request, and those
are answered as Flask does without being kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apiflask import APIFlask

KEPT_MAX = 2048


class TeamshapeFlask(APIFlask):
    """APIFlask with `ensure_sync` answered once per function."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_functions: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._sync_functions[func]
        except KeyError:
            sync = super().ensure_sync(func)
            if len(self._sync_functions) < KEPT_MAX:
                self._sync_functions[func] = sync
            return sync
        except TypeError:  # an unhashable callable
            return super().ensure_sync(func)
