"""The checks every step of a browser journey passes, in one call.

`check_step(tab, screenshot, "step name")` looks at the page as it is now at a phone's
width (390 px) and a laptop's (1,280 px): the document must not scroll sideways at
either, axe-core must find nothing serious or critical, and a screenshot of each width
is kept for reviewers (tests/e2e/artifacts/). The tab's own viewport is restored after.

axe is evaluated through the DevTools protocol, which the app's Content-Security-Policy
does not govern, so journeys keep the CSP in force while they are checked.
"""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
BLOCKING = {"serious", "critical"}
WIDTHS = (390, 1280)
DOCUMENT_WIDTH = """() => Math.max(
  document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0)"""
RUN_AXE = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"


def check_step(tab, screenshot, step: str) -> None:
    """Assert the page fits both widths and passes axe; screenshot it at each width."""
    original = tab.viewport_size
    try:
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            document_width = tab.evaluate(DOCUMENT_WIDTH)
            assert document_width <= width, f"{step}: {document_width} px wide at {width} px"
            screenshot(tab, f"{step}-{width}px")
        assert not serious_violations(tab), f"{step}: {serious_violations(tab)}"
    finally:
        if original:
            tab.set_viewport_size(original)


def serious_violations(tab) -> list[str]:
    """axe's serious and critical findings on the current page, described briefly."""
    if not tab.evaluate("() => typeof window.axe === 'object'"):
        tab.evaluate(f"() => {{ {AXE_SOURCE}\n }}")
    found = tab.evaluate(RUN_AXE)
    return [
        f"{v['impact']}: {v['id']} at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
        for v in found
        if v["impact"] in BLOCKING
    ]
