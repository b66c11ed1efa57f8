"""Markdown renders as people expect, and nothing executable survives sanitising."""

from __future__ import annotations

import pytest

from app.domain.markdown import render_markdown, sanitise_html
from tests.html_safety import unsafe_markup


def test_common_markdown_renders():
    html = render_markdown("# Title\n\n*em* **strong** `code`\n\n- one\n- two\n\n~~gone~~")
    for fragment in (
        "<h1>Title</h1>",
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<li>one</li>",
        "<s>gone</s>",
    ):
        assert fragment in html


def test_tables_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html and "<td>1</td>" in html


def test_links_get_noopener_nofollow():
    html = render_markdown("[site](https://example.test/x)")
    assert 'href="https://example.test/x"' in html
    assert 'rel="noopener nofollow"' in html


ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "![img](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.test"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_are_neutralised(attack):
    html = render_markdown(attack)
    assert unsafe_markup(html) == []


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)" onclick="x()">x</a>',
        "<script>alert(1)</script><p>ok</p>",
        '<img src="x" onerror="alert(1)">',
        '<div style="color:red">x</div>',
    ],
)
def test_sanitiser_strips_raw_html_too(html):
    assert unsafe_markup(sanitise_html(html)) == []


def test_empty_text_is_empty():
    assert render_markdown("") == ""


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVa&#x53;cript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<p style="color:red">x</p>',
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_the_checker_used_by_xss_tests_does_catch_attacks(html):
    assert unsafe_markup(html) != []


def test_the_checker_allows_escaped_text_and_the_apps_own_script():
    page = '<script src="/static/js/app.js" defer></script><p>&lt;script&gt;</p>'
    assert unsafe_markup(page) == []
