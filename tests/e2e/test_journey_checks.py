"""The journey checks themselves: each must fail on a page that breaks its rule."""

from __future__ import annotations

import pytest

from tests.e2e.journey_checks import check_step, serious_violations

pytestmark = pytest.mark.e2e


def test_a_page_with_a_violation_is_reported(page, screenshot):
    page.goto("/login")
    page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<img src=x.png>'); }")
    assert any("image-alt" in found for found in serious_violations(page))
    with pytest.raises(AssertionError, match="image-alt"):
        check_step(page, screenshot, "broken image")


def test_a_page_wider_than_a_phone_is_reported(page, screenshot):
    page.goto("/login")
    # Through the CSSOM: the app's Content-Security-Policy ignores inline style attributes.
    page.evaluate("() => { const box = document.createElement('div');"
                  " box.style.width = '700px';"
                  " box.style.height = '1px'; document.body.append(box); }")  # fmt: skip
    with pytest.raises(AssertionError, match="at 390 px"):
        check_step(page, screenshot, "too wide")


def test_the_sign_in_page_passes(page, screenshot):
    page.goto("/login")
    check_step(page, screenshot, "sign in")
    assert page.viewport_size["width"] == 1280
