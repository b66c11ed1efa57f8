"""`check_step` for a tab with JavaScript switched off.

axe cannot run where scripts are off (its promises never settle), so the page exactly
as the JavaScript-less tab got it is served again, for its own URL, to a twin tab (same
cookies) whose app scripts are blocked, and checked there with `check_step`: the same
HTML and CSS, both widths, axe, screenshots.
"""

from __future__ import annotations

from tests.e2e.journey_checks import check_step


def check_step_without_js(tab, screenshot, step: str) -> None:
    """`check_step` for a page of a JavaScript-less tab. axe cannot run where scripts
    are off (its promises never settle), so the page exactly as served is shown in a
    twin tab whose own scripts are blocked, and checked there: same HTML, same CSS."""
    html, url = tab.content(), tab.url
    twin = tab.context.browser.new_context(
        base_url="/".join(url.split("/", 3)[:3]),
        storage_state=tab.context.storage_state(),
    )
    try:
        twin.route("**/static/js/**", lambda route: route.abort())
        twin.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        twin_tab = twin.new_page()
        twin_tab.goto(url)
        check_step(twin_tab, screenshot, step)
    finally:
        twin.close()
